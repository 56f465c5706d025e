"""``lode fmt``: idempotent and data-preserving (Hypothesis, over the shipped corpus with
random layout changes and over generated editions), comments and modeline kept, and the
CLI contract of --check."""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from conftest import REPO, tree_digest
from drafters_helpers import corpus_repo
from lode.edit.fmt import format_bytes
from lode.edit.roundtrip import dump_tree, load_tree
from lode.read.loader import load_bytes

sys.path.insert(0, str(REPO / "tooling" / "bench"))
import synth  # noqa: E402

CORPUS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "standards").rglob("*.yaml"))


def _data(b: bytes, rel: str):
    return load_bytes(b, rel).data


def _scramble(source: bytes, seed: int) -> bytes:
    """The same data in another layout: keys of random mappings shuffled, some strings
    single-quoted, the modeline dropped."""
    rng = random.Random(seed)
    tree = load_tree(source, "scramble.yaml")
    stack = [tree]
    while stack:
        n = stack.pop()
        if isinstance(n, CommentedMap):
            keys = list(n)
            if rng.random() < 0.3:
                rng.shuffle(keys)
                for k in keys:
                    n.move_to_end(k)
            for k in keys:
                v = n[k]
                if isinstance(v, str) and rng.random() < 0.2 and "\n" not in v:
                    n[k] = SingleQuotedScalarString(v)
                stack.append(n[k])
        elif isinstance(n, list):
            stack.extend(n)
    text = dump_tree(tree).decode()
    if text.startswith("# yaml-language-server:") and rng.random() < 0.5:
        text = text.split("\n", 1)[1]
    return text.encode()


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(rel=st.sampled_from(CORPUS), seed=st.integers(0, 2**32))
def test_fmt_is_idempotent_and_keeps_the_data_of_the_corpus(rel: str, seed: int) -> None:
    source = (REPO / rel).read_bytes()
    messy = _scramble(source, seed)
    assert _data(messy, rel) == _data(source, rel)
    once = format_bytes(messy, rel)
    assert _data(once, rel) == _data(source, rel)
    assert format_bytes(once, rel) == once
    assert once.decode().startswith("# yaml-language-server: $schema=")
    # the layout is canonical: whatever the key order and quotes, the same keys in the same order
    assert list(load_tree(once, rel)) == list(load_tree(format_bytes(source, rel), rel))


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), nodes=st.integers(1, 40))
def test_fmt_is_idempotent_and_keeps_the_data_of_generated_editions(seed: int, nodes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        synth.generate(Path(tmp), standards=1, editions=2, nodes_per_edition=nodes, seed=seed)
        for p in sorted(Path(tmp, "standards").rglob("*.yaml")):
            rel = p.relative_to(tmp).as_posix()
            source = p.read_bytes()
            once = format_bytes(source, rel)
            assert _data(once, rel) == _data(source, rel)
            assert format_bytes(once, rel) == once


def test_fmt_keeps_comments_and_an_existing_modeline() -> None:
    rel = "standards/demo/2024.yaml"
    src = (REPO / "tests/cases/validate/negative/unknown-key/standards/demo/2024.yaml").read_text()
    src = src.replace("        colour: red\n", "").replace("  - id: scope\n", "  # the scope comes first\n  - id: scope\n")
    custom = "# yaml-language-server: $schema=https://example.org/edition.schema.json\n"
    out = format_bytes((custom + src).encode(), rel).decode()
    assert out.startswith(custom) and out.count("yaml-language-server") == 1
    assert "# Demo guideline, 2024 edition.\n" in out and "  # the scope comes first\n" in out


def test_fmt_check_prints_the_diff_exits_1_and_writes_nothing(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    ed = root / "standards/cccmc-ddg/2022.yaml"
    ed.write_text(ed.read_text().replace('edition: "2022"\ntitle:', "title:", 1).replace(
        "status: published", 'status: published\nedition: "2022"', 1))
    monkeypatch.chdir(root)
    before = tree_digest(root / "standards")
    code, out, err = run_lode("fmt", "--check", "standards/cccmc-ddg/2022.yaml")
    assert code == 1 and "+edition: \"2022\"" in out and "1 of 1 file would be reformatted" in err
    assert tree_digest(root / "standards") == before
    code, out, _ = run_lode("fmt", "standards/cccmc-ddg/2022.yaml")
    assert code == 0 and "formatted standards/cccmc-ddg/2022.yaml" in out
    lines = ed.read_text().split("\n")
    at = lines.index("standard: cccmc-ddg")  # after the modeline and the header comments
    assert lines[at:at + 2] == ["standard: cccmc-ddg", 'edition: "2022"']
    code, _, err = run_lode("fmt", "--check", "standards/cccmc-ddg/2022.yaml")
    assert code == 0 and "already formatted" in err


def test_fmt_refuses_a_file_that_does_not_load(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    bad = root / "standards/cccmc-ddg/2022.yaml"
    bad.write_text(bad.read_text() + "nodes: [\n")
    monkeypatch.chdir(root)
    before = tree_digest(root / "standards")
    code, _, err = run_lode("fmt", str(bad))
    assert code == 3 and "standards/cccmc-ddg/2022.yaml:" in err and "Traceback" not in err
    assert tree_digest(root / "standards") == before


@pytest.mark.parametrize("rel", CORPUS)
def test_the_shipped_corpus_differs_from_canonical_only_in_key_order(rel: str) -> None:
    # The lead runs `lode fmt` over the corpus on main; until then the crosswalks differ
    # in key order (alignment/confidence before rationale) and single-quoted stamps.
    source = (REPO / rel).read_bytes()
    out = format_bytes(source, rel)

    def lines(b: bytes) -> list[str]:
        return sorted(b.decode().replace("'", '"').splitlines())

    assert lines(out) == lines(source)
