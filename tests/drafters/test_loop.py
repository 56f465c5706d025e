"""The drafters' whole loop on a real git repository, through the real CLI:
new-edition -> edit a clause and a metric -> fmt --check -> validate -> commit on a
branch -> review --base main, whose comment shows the redline and the impact class."""

from __future__ import annotations

import json
from pathlib import Path

from drafters_helpers import corpus_repo, git, replace_once

ED = "standards/cma-esg-disclosure/2026.yaml"


def test_the_whole_loop(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    git(root, "checkout", "-qb", "draft-2026")

    code, out, err = run_lode("new-edition", "cma-esg-disclosure@2025", "--as", "2026")
    assert code == 0, err
    assert f"created {ED}" in out
    text = (root / ED).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/editor/edition.schema.json\n")
    assert 'edition: "2026"' in text and "status: draft" in text and 'supersedes: "2025"' in text
    assert "dates:" not in text
    assert '  - "2026"' in (root / "standards/cma-esg-disclosure/standard.yaml").read_text()

    # a clause's summary and a metric's requirement
    # the summary in both languages (Chinese is the edition's authoritative language)
    replace_once(root / ED, "The individual principles are not known to Lode.",
                 "The individual principles are not yet known to Lode.")
    replace_once(root / ED, "Lode尚不掌握各项原则的具体内容。", "Lode目前尚不掌握各项原则的具体内容。")
    replace_once(root / ED, "per tonne of ore processed.\n                  translated-from:\n                    zh: en:3b98737fb454\n"
                 "                requirement: recommended",
                 "per tonne of ore processed.\n                  translated-from:\n                    zh: en:3b98737fb454\n"
                 "                requirement: required")

    code, out, err = run_lode("fmt", "--check", ED)
    assert code == 0, out + err
    code, out, _ = run_lode("validate", "--no-cache")
    assert code == 0, out

    git(root, "add", "-A")
    git(root, "commit", "-qm", "Draft 2026: tighter GHG intensity")
    code, out, err = run_lode("review", "--base", "main", "--format", "markdown")
    assert code == 0, err
    assert out.startswith("<!-- lode-review -->")
    assert "cma&#45;esg&#45;disclosure@2026 (added)" in out
    assert "Compared with cma&#45;esg&#45;disclosure@2025" in out
    assert "<ins>yet </ins>" in out                      # the clause's redline
    assert "impact: **breaking-for-disclosers**" in out  # the metric's impact class
    assert "1 technical, 1 breaking-for-disclosers" in out
    assert "| disclosures that would flip | 0 |" in out and "No example disclosure flips from pass to fail." in out

    code, js, _ = run_lode("review", "--base", "main", "--format", "json")
    doc = json.loads(js)
    (edition,) = [e for e in doc["editions"] if e["ref"] == "cma-esg-disclosure@2026"]
    nodes = {n["new"]: n for n in edition["diff"]["nodes"]}
    assert nodes["ghg-intensity"]["impact"] == "breaking-for-disclosers"
    assert nodes["disclosure-principles"]["impact"] == "technical"
    assert doc["disclosures"] == {"available": True, "flips": []}
