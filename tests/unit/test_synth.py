"""The synthetic benchmark corpus (tooling/bench/synth.py) is a valid Lode repository,
and its drafter's-loop edit changes one clause of one file and nothing else."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from lode.core.codes import Severity
from lode.read.loader import STANDARD_LIMITS, load_file
from lode.validate.run import validate

BENCH = Path(__file__).resolve().parents[2] / "tooling" / "bench"
sys.path.insert(0, str(BENCH))
import synth  # noqa: E402


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _nodes(data: dict) -> list[dict]:
    out, stack = [], list(reversed(data["nodes"]))
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.get("children", [])))
    return out


@pytest.fixture
def corpus(tmp_path: Path) -> synth.Corpus:
    return synth.generate(tmp_path / "repo", standards=2, editions=2, nodes_per_edition=50, seed=7)


def test_small_corpus_validates_without_errors(corpus: synth.Corpus) -> None:
    assert len(corpus.files) == 2 * (2 + 1)
    report = validate(corpus.root, cache=None)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert errors == []
    assert report.findings == ()  # no warnings either: the corpus is meant to be clean
    assert report.files == 6


def test_corpus_has_the_promised_shape(corpus: synth.Corpus) -> None:
    std = corpus.root / "standards" / "synth-s001"
    first, last = (load_file(std / f"{e}.yaml", "x").data for e in synth.edition_names(2))
    assert load_file(std / "standard.yaml", "x").data["editions"] == synth.edition_names(2)
    assert first["status"] == "superseded" and last["status"] == "published"
    assert last["supersedes"] == first["edition"] and "supersedes" not in first
    nodes = _nodes(last)
    assert len(nodes) == 50
    assert [n["id"] for n in _nodes(first)] == [n["id"] for n in nodes]  # ids stable across editions
    assert any(c.get("children") for n in last["nodes"] for c in n.get("children", []))  # 3 levels deep
    metrics = [n for n in nodes if n["kind"] == "metric"]
    assert metrics and all("type" in m["value"] and m["requirement"] for m in metrics)
    assert any(n.get("refs") for n in nodes)
    for n in nodes:
        assert set(n["title"]) >= {"zh", "en"} and set(n["summary"]) >= {"zh", "en"}
        assert 200 <= len(n["summary"]["en"]) <= 400
        assert 80 <= len(n["summary"]["zh"]) <= 150
        assert n["fidelity"] and n["sources"]


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = synth.generate(tmp_path / "a", 2, 2, 30, seed=3)
    b = synth.generate(tmp_path / "b", 2, 2, 30, seed=3)
    assert _digests(a.root) == _digests(b.root)


def test_files_stay_under_the_loader_cap(tmp_path: Path) -> None:
    s, e, n = synth.plan(10_000)
    assert s * e * n == 10_000
    c = synth.generate(tmp_path, 1, 1, n)
    assert c.largest < STANDARD_LIMITS.max_bytes
    with pytest.raises(ValueError, match="cap"):
        synth.generate(tmp_path / "big", 1, 1, 2_500)


def test_edit_clause_changes_one_summary_in_one_file(corpus: synth.Corpus) -> None:
    root = corpus.root
    before = _digests(root)
    changed_path = synth.edit_clause(root, seed=1)
    after = _digests(root)
    changed = [k for k in before if before[k] != after[k]]
    rel = changed_path.relative_to(root).as_posix()
    assert changed == [rel] and set(after) == set(before)

    # Exactly one clause's English summary differs; everything else in the file is equal.
    new = load_file(changed_path, "x").data
    original = synth.generate(root.parent / "orig", 2, 2, 50, seed=7).root  # the same corpus, unedited
    old = load_file(original / rel, "x").data
    flat = lambda d: [{k: v for k, v in n.items() if k != "children"} for n in _nodes(d)]  # noqa: E731
    assert len(flat(old)) == len(flat(new))
    diffs = [(a, b) for a, b in zip(flat(old), flat(new)) if a != b]
    assert len(diffs) == 1
    a, b = diffs[0]
    assert a["kind"] == "clause"
    assert a["summary"]["en"] != b["summary"]["en"]
    assert {**a, "summary": None} == {**b, "summary": None}
    assert {**a["summary"], "en": None} == {**b["summary"], "en": None}
    assert {k: v for k, v in old.items() if k != "nodes"} == {k: v for k, v in new.items() if k != "nodes"}

    report = validate(root, cache=None)
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []


def test_successive_edits_keep_the_corpus_valid(corpus: synth.Corpus) -> None:
    for seed in range(5):
        synth.edit_clause(corpus.root, seed=seed)
    assert validate(corpus.root, cache=None).counts()["error"] == 0
