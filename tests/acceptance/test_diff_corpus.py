"""`lode diff` on the shipped corpus: the issue's acceptance examples."""

from __future__ import annotations

import json

from conftest import REPO


def _diff(run_lode, *args: str) -> dict:
    code, out, err = run_lode("diff", *args, "--root", str(REPO), "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out)


def _nodes(data: dict) -> dict[str, dict]:
    return {n["new"] or n["old"]: n for n in data["nodes"]}


def test_ddg_2015_to_2022_adds_step_6_and_the_characteristics_chapter(run_lode) -> None:
    data = _diff(run_lode, "cccmc-ddg@2015", "cccmc-ddg@2022")
    nodes = _nodes(data)
    for nid in ("step-6", "due-diligence-characteristics"):
        assert nodes[nid]["old"] is None and [c["kind"] for c in nodes[nid]["changes"]] == ["added"]
    assert nodes["step-6"]["new-number"] == "Step 6"
    # Steps 1-5 are matched by id, never re-added.
    assert all(nodes.get(f"step-{i}", {"old": f"step-{i}"})["old"] == f"step-{i}" for i in range(1, 6))
    assert any("incomplete" in c for c in data["caveats"])  # the ten characteristics are not authored


def test_ddg_changes_list_names_step_6_in_the_gbt_form(run_lode) -> None:
    code, out, _ = run_lode("diff", "cccmc-ddg@2015", "cccmc-ddg@2022", "--root", str(REPO), "--format", "changes")
    assert code == 0
    assert out.startswith("本文件代替《中国负责任矿产供应链尽责管理指南》2015年版。与2015年版相比，"
                          "除结构调整和编辑性改动外，主要技术变化如下：\n")
    # the list is in Chinese, so it names step 6 by its Chinese title (Lode's translation)
    assert "增加了“适当时提供或配合补救”（见第六步）" in out
    assert "并非官方前言" in out


def test_gsrm_2014_to_2017_retitles_issues_instead_of_deleting_and_adding(run_lode) -> None:
    data = _diff(run_lode, "cccmc-gsrm@2014", "cccmc-gsrm@2017")
    nodes = _nodes(data)
    for nid in ("value-chain-management", "labour-practices", "community-engagement"):
        n = nodes[nid]
        assert n["old"] == n["new"] == nid
        assert "retitled" in [c["kind"] for c in n["changes"]]
    vcm = next(c for c in nodes["value-chain-management"]["changes"] if c["kind"] == "retitled")
    assert vcm["redline"]["en"] == [["-", "Value"], ["+", "Supply"], ["=", " chain management"]]
    # No id is both removed and added: every 2014 issue is matched.
    removed = {n["old"] for n in data["nodes"] if n["new"] is None}
    added = {n["new"] for n in data["nodes"] if n["old"] is None}
    assert not removed & added
    issues_2014 = {"organizational-governance", "fair-operating-practices", "value-chain-management", "human-rights",
                   "labour-practices", "occupational-health-and-safety", "environment", "community-engagement"}
    assert not issues_2014 & removed


def test_every_shipped_consecutive_pair_diffs_cleanly_in_every_format(run_lode) -> None:
    for pair in (("cccmc-ddg@2015", "cccmc-ddg@2022"), ("cccmc-gsrm@2014", "cccmc-gsrm@2017")):
        for fmt in ("text", "markdown", "concordance", "changes"):
            code, out, err = run_lode("diff", *pair, "--root", str(REPO), "--format", fmt, "--lang", "en")
            assert code == 0 and out and err == "", (pair, fmt)


def test_usage_errors(run_lode) -> None:
    code, _, err = run_lode("diff", "cccmc-ddg@2015", "gri-14@2024", "--root", str(REPO))
    assert code == 2 and "error[diff-standards]" in err
    code, _, err = run_lode("diff", "cccmc-ddg@1999", "cccmc-ddg@2022", "--root", str(REPO))
    assert code == 2 and "error[unknown-edition]" in err
    code, _, err = run_lode("diff", "cccmc-ddg@2015", "--root", str(REPO))
    assert code == 2 and "give two editions" in err
    code, _, err = run_lode("diff", "cccmc-ddg@2015#step-1", "cccmc-ddg@2022", "--root", str(REPO))
    assert code == 2 and "not a node" in err
    data = _diff(run_lode, "cccmc-ddg@2015", "cccmc-ddg@latest")
    assert data["new"] == "cccmc-ddg@2022"
