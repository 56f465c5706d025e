"""``lode review``: findings the change adds, drift, the comment's size limit, escaping,
and the disclosure seam (never a made-up result)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import REPO
from drafters_helpers import corpus_repo, git, replace_once
from lode.core.i18n import use_lang
from lode.review import comment
from lode.review.review import review

sys.path.insert(0, str(REPO / "tooling" / "bench"))
import synth  # noqa: E402


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = corpus_repo(tmp_path / "repo")
    git(root, "checkout", "-qb", "change")
    return root


def test_an_edited_clause_makes_its_crosswalk_rows_suspect_and_new_errors_are_listed(repo: Path) -> None:
    ed = repo / "standards/cccmc-ddg/2022.yaml"
    text = ed.read_text()
    step = text.index("  - id: step-1\n")
    summary = text.index("      en: ", text.index("    summary:", step))
    ed.write_text(text[:summary] + "      en: A rewritten summary of step one.\n" +
                  text[text.index("\n", summary) + 1:])
    replace_once(repo / "standards/ungp/2011.yaml", "status: published", "status: bogus")
    git(repo, "commit", "-qam", "edit")
    r = review(repo, "main", "change")
    assert ("standards/cccmc-ddg/2022.yaml", "changed") in r.changed
    assert [f.code for f in r.drift] == ["crosswalk-suspect"] and "step-1" in r.drift[0].message
    assert any(f.code == "schema-enum" and "bogus" in f.message for f in r.new_findings)
    assert r.errors >= 1
    md = comment.render_markdown(r)
    assert "Crosswalk rows to review again" in md and "crosswalk&#45;suspect" in md
    assert "bogus is not one of: draft, published, superseded, withdrawn" in md.replace("&#58;", ":").replace(
        "&#44;", ",")
    # inherited findings are not repeated: a review of main against itself has none
    assert review(repo, "main", "main").new_findings == []


def test_markup_in_a_changed_title_is_escaped(repo: Path) -> None:
    replace_once(repo / "standards/cccmc-ddg/2022.yaml", "en: Chinese Due Diligence Guidelines for Mineral Supply "
                 "Chain (Second Edition)", "en: '<script>alert(1)</script> [x](javascript:alert(1))'")
    md = comment.render_markdown(review(repo, "main"))
    assert "<script>" not in md and "](javascript:" not in md


def test_a_huge_change_fits_one_comment_and_says_what_was_folded(tmp_path: Path) -> None:
    root = tmp_path / "big"
    synth.generate(root, standards=1, editions=1, nodes_per_edition=1500, seed=3)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "big")
    (ed,) = [p for p in (root / "standards").rglob("*.yaml") if p.name != "standard.yaml"]
    ed.write_text(ed.read_text().replace(" the ", " a "))  # touches most summaries
    r = review(root, "main")
    assert r.editions and r.editions[0].diff and len(r.editions[0].diff.nodes) > 300
    full = comment.render_json(r)
    md = comment.render_markdown(r)
    assert len(full) > comment.LIMIT  # the unfolded review would not fit
    assert len(md) <= comment.LIMIT
    assert "Folded to fit one comment:" in md and "it is in the JSON form" in md
    # In Chinese too: GitHub counts characters (code points, as len() does), and a Chinese
    # character is one, however many bytes it takes (three in UTF-8, under the API's 262,144).
    with use_lang("zh"):
        zh = comment.render_markdown(r)
        short = comment.render_markdown(r, limit=400)  # even the summary does not fit: cut at a line
    assert len(zh) <= comment.LIMIT and len(zh.encode("utf-8")) <= 262_144
    assert "> **因篇幅所限已折叠**：synth&#45;s001@" in zh and "已折叠：这份修订对照共 " in zh
    assert "Folded" not in zh and "characters" not in zh
    assert len(short) <= 400 and short.endswith("\n审阅结果的其余部分超出一条评论的长度，已截去；完整内容见 JSON 格式。\n")


def test_an_example_disclosure_that_a_change_breaks_is_listed(repo: Path) -> None:
    # The real checker: the shipped passing example, then the CMA edition's scope-1 unit
    # changed from tCO2e to m3 on the branch, so its ktCO2e value no longer converts.
    import shutil

    shutil.copytree(REPO / "examples", repo / "examples")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "examples")
    git(repo, "branch", "-f", "main")
    ed = repo / "standards/cma-esg-disclosure/2025.yaml"
    text = ed.read_text(encoding="utf-8")
    start = text.index("id: ghg-scope-1")
    at = text.index("unit: tCO2e", start)
    ed.write_text(text[:at] + "unit: m3" + text[at + len("unit: tCO2e"):], encoding="utf-8")
    r = review(repo, "main")
    assert {"disclosure": "passing.yaml", "base": "pass", "head": "fail"} in r.disclosures
    assert all(d["disclosure"] != "failing.yaml" for d in r.disclosures)  # it failed at base already
    assert "passing&#46;yaml: passes at base, fails at head" in comment.render_markdown(r)


def test_disclosure_flips_compare_base_and_head(repo: Path, monkeypatch) -> None:
    import lode.disclose as disclose

    verdicts = {"base": {"a.yaml": True, "b.yaml": True, "c.yaml": False}, "head": {"a.yaml": True,
                "b.yaml": False, "c.yaml": False}}

    def check_examples(root: Path, examples: Path) -> dict[str, bool]:
        return verdicts["head" if root.resolve() == repo.resolve() else "base"]

    monkeypatch.setattr(disclose, "check_examples", check_examples)
    r = review(repo, "main")
    assert r.disclosures == [{"disclosure": "b.yaml", "base": "pass", "head": "fail"}]
    assert "b&#46;yaml: passes at base, fails at head" in comment.render_markdown(r)
    # A Lode without a disclosure checker says so, never a made-up result.
    monkeypatch.delattr(disclose, "check_examples")
    r = review(repo, "main")
    assert r.disclosures is None and comment.NOT_AVAILABLE in comment.render_markdown(r)