"""The consultation loop of issue 15 on a real temporary git repository, through the CLI:

consultation stage → import a filled GB/T form → renumber a clause → the review stage is
refused while comments are undisposed → dispose all (the exported table, filled in and
imported back) → review stage → every comment still on its clause → a review-stage comment
makes `lode release` refuse until it is disposed → released → both tables exported with the
current numbers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest
from openpyxl import Workbook, load_workbook

from lode.consult.stages import undisposed
from lode.model.consult import build_comments
from lode.model.edition import Ref
from lode.read.loader import load_file

CASE = Path(__file__).resolve().parents[1] / "cases" / "consult" / "loop" / "repo"
REF = Ref("demo", "2026-draft")
COMMENTS = "standards/demo/comments/2026-draft.yaml"
EDITION = "standards/demo/2026-draft.yaml"


def commit(repo: git.Repo, message: str) -> str:
    repo.git.add(A=True)
    actor = git.Actor("Lode Test", "test@lode.invalid")
    return repo.index.commit(message, author=actor, committer=actor).hexsha


@pytest.fixture
def draft(tmp_path: Path) -> tuple[Path, git.Repo]:
    root = tmp_path / "repo"
    shutil.copytree(CASE, root)
    repo = git.Repo.init(root)
    commit(repo, "demo 2026 draft")
    return root, repo


def gbt_form(path: Path, rows: list[tuple], header: tuple | None = None) -> Path:
    """A filled GB/T comment form as a commenter sends it: a title row, then the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["《示例指南》征求意见表"])
    ws.append(list(header or ("序号", "标准章条编号", "意见内容", "修改建议", "提出单位", "处理意见", "备注",
                              "意见类型")))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


FORM_ROWS = [
    (1, "2.1", "政策应同时向公众公开。", "增加“向公众公开”。", "甲矿业集团（虚构）", None, None, "技术"),
    (2, "总体", "建议增加术语和定义一章。", None, "乙研究院（虚构）", None, None, "总体"),
    (3, "2.2", "“第三方”一词前后不一致。", "统一用语。", "甲矿业集团（虚构）", None, None, "编辑"),
]


def comments(root: Path):
    return build_comments(load_file(root / COMMENTS, COMMENTS).data, COMMENTS).comments


def test_the_consultation_loop(draft, run_lode, tmp_path: Path) -> None:
    root, repo = draft
    r = "--root", str(root)
    code, out, err = run_lode("stage", "demo@2026-draft", "consultation", "--date", "2026-03-01", *r)
    assert (code, err) == (0, ""), err
    consultation_text = repo.head.commit.hexsha
    assert consultation_text[:12] in out
    commit(repo, "issue the consultation draft")

    form = gbt_form(tmp_path / "form.xlsx", FORM_ROWS)
    code, out, err = run_lode("comments", "import", str(form), "--into", str(root / COMMENTS), *r)
    assert code == 0, err
    assert "gbt form (zh), 3 row(s), consultation draft" in out
    got = comments(root)
    assert [(c.id, c.node, c.type, c.stage) for c in got] == [
        ("c-001", "policy", "technical", "consultation"), ("c-002", None, "general", "consultation"),
        ("c-003", "audit", "editorial", "consultation")]
    commit(repo, "comments received")

    # The drafting group renumbers 2.1 -> 2.3 (the comment stays on its clause: the node id).
    path = root / EDITION
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('number: "2.1"', 'number: "2.3"'), encoding="utf-8")
    commit(repo, "renumber the policy clause")
    assert run_lode("validate", "--no-cache", *r)[0] == 0

    code, out, err = run_lode("stage", "demo@2026-draft", "review", *r)
    assert code == 1 and "undisposed-comment" in err and "c-001" in err and "c-003" in err
    assert "stage: review" not in path.read_text(encoding="utf-8")

    # Dispose all: export the table, fill 处理意见 as the drafting group does, import it back.
    table = tmp_path / "table.xlsx"
    assert run_lode("comments", "export", "demo@2026-draft", "-o", str(table), *r)[0] == 0
    wb = load_workbook(table)
    ws = wb.active
    header = [c.value for c in ws[2]]
    col = header.index("处理意见") + 1
    answers = {"c-001": "采纳", "c-002": "不采纳：术语在引用文件中已有定义。", "c-003": "部分采纳：仅统一正文用语。"}
    for row in ws.iter_rows(min_row=3):
        row[col - 1].value = answers[row[0].value]
    wb.save(table)
    code, out, err = run_lode("comments", "import", str(table), "--into", str(root / COMMENTS), *r)
    assert code == 0, err
    assert [c.disposition.decision for c in comments(root)] == ["accepted", "not-accepted", "partly-accepted"]
    commit(repo, "dispose of the consultation comments")

    code, out, err = run_lode("stage", "demo@2026-draft", "review", "--date", "2026-05-01", *r)
    assert code == 0, err
    review_text = repo.head.commit.hexsha
    commit(repo, "issue the draft for review")
    assert run_lode("validate", "--no-cache", *r) [0] == 0

    # Every comment still on its clause, and judged in the text it was made on.
    from lode.model.consult import follow
    from lode.model.versions import edition_at, on_disk

    then = edition_at(repo, root, REF, consultation_text)
    now = on_disk(root, REF)
    for c in comments(root):
        if c.node:
            assert c.node in {n.id for n in then.walk()}
            assert follow(c.node, now).now == (c.node,)
    assert [e["commit"] for e in now.stages] == [consultation_text, review_text]

    # A comment on the review draft: the release gate refuses until it is disposed.
    form2 = gbt_form(tmp_path / "form2.xlsx", [(1, "2.3", "请明确公开频次。", None, "丙协会（虚构）", None, None, "技术")])
    assert run_lode("comments", "import", str(form2), "--into", str(root / COMMENTS), *r)[0] == 0
    late = comments(root)[-1]
    assert (late.id, late.node, late.stage) == ("c-004", "policy", "review")
    refused = undisposed(root, REF)
    assert [f.code for f in refused] == ["undisposed-comment"] and "c-004" in refused[0].message
    assert refused[0].line > 0
    # Approved: the edition is published (its stage history kept) and released -- not while c-004 is open.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: draft\nstage: review\n", "status: published\n"), encoding="utf-8")
    commit(repo, "publish")
    release = ("release", "demo@2026-draft", "--allow-illustrative", *r)
    code, out, err = run_lode(*release)
    assert code == 1 and "undisposed-comment" in err and "c-004" in err and COMMENTS in err, err
    assert not repo.tags
    text = (root / COMMENTS).read_text(encoding="utf-8")
    (root / COMMENTS).write_text(text.rstrip("\n") + "\n    disposition:\n      decision: accepted\n",
                                 encoding="utf-8")
    commit(repo, "dispose of the review comment")
    assert run_lode("validate", "--no-cache", *r)[0] == 0
    assert undisposed(root, REF) == []
    code, out, err = run_lode(*release)
    assert code == 0, err
    assert [t.name for t in repo.tags] == ["demo/2026-draft/r1"]

    # Both tables, both languages, with the clause's number now and the one it was made on.
    for layout, lang, clause_col, want in (("gbt", "zh", "标准章条编号", "征求意见稿中为 2.1"),
                                           ("iso", "en", "Clause/Subclause", "")):
        out_file = tmp_path / f"{layout}-{lang}.xlsx"
        code, out, err = run_lode("comments", "export", "demo@2026-draft", "--layout", layout, "--lang", lang,
                                  "-o", str(out_file), *r)
        assert code == 0, err
        ws = load_workbook(out_file).active
        header = [c.value for c in ws[2]]
        rows = [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=3)]
        assert len(rows) == 4
        assert rows[0][clause_col] == "2.3"
        if layout == "gbt":
            assert rows[0]["备注"] == want and rows[1]["处理意见"].startswith("不采纳：")
            assert rows[1][clause_col] == "总体"
        else:
            assert [r_["Type of comment"] for r_ in rows] == ["te", "ge", "ed", "te"]
            assert rows[2]["Observations of the secretariat"].startswith("Partly accepted")


def test_an_unresolved_clause_is_reported_and_nothing_written(draft, run_lode, tmp_path: Path) -> None:
    root, repo = draft
    r = "--root", str(root)
    assert run_lode("stage", "demo@2026-draft", "consultation", *r)[0] == 0
    commit(repo, "consultation")
    form = gbt_form(tmp_path / "form.xlsx", [FORM_ROWS[0], (2, "2.9", "无此条。", None, "丁公司（虚构）", None, None,
                                                             "技术"),
                                             (3, "2.1、2.2", "两条合并。", None, "丁公司（虚构）", None, None, "技术")])
    code, out, err = run_lode("comments", "import", str(form), "--into", str(root / COMMENTS), *r)
    assert code == 3
    assert "form.xlsx:4:2: error[sheet-clause] Sheet1!B4" not in err  # sheet named only with --sheet
    assert ":4:2: error[sheet-clause]" in err and ":5:2: error[sheet-clause]" in err
    assert not (root / COMMENTS).exists()


def test_an_exported_table_reads_back_unchanged_and_a_new_reason_keeps_the_record(run_lode, tmp_path: Path) -> None:
    """The shipped example: each export imported again changes nothing (ISO rows carry no id, so
    they are recognised by organisation, clause and text); a reason edited in the table replaces
    the reason and keeps the commit and date the disposition recorded."""
    from lode.consult import exchange, forms
    from lode.read.loader import load_bytes

    from conftest import REPO

    into = REPO / "standards/cccmc-ddg/comments/2026-draft.yaml"
    for layout, lang in (("gbt", "zh"), ("gbt", "en"), ("iso", "en"), ("iso", "zh")):
        table = tmp_path / f"{layout}-{lang}.xlsx"
        assert run_lode("comments", "export", "cccmc-ddg@2026-draft", "--layout", layout, "--lang", lang,
                        "-o", str(table), "--root", str(REPO))[0] == 0
        code, out, err = run_lode("comments", "import", str(table), "--into", str(into), "--dry-run",
                                  "--root", str(REPO))
        assert code == 0 and "no changes to" in out, out + err
    wb = load_workbook(tmp_path / "gbt-zh.xlsx")
    ws = wb.active
    for row in ws.iter_rows(min_row=3):
        if row[0].value == "c-001":
            row[5].value = "部分采纳：改为按风险分级确定评估频次。"
    wb.save(tmp_path / "edited.xlsx")
    form = forms.read_form(tmp_path / "edited.xlsx", "edited.xlsx")
    _path, display, result = exchange.import_form(REPO, Ref("cccmc-ddg", "2026-draft"), form, "edited.xlsx", "review")
    assert result.disposed == ["c-001"] and result.added == []
    got = {c["id"]: c for c in load_bytes(result.content, display).data["comments"]}
    d = got["c-001"]["disposition"]
    assert d["reason"] == {"zh": "改为按风险分级确定评估频次。"}
    before = {c.id: c for c in build_comments(load_file(into, "c.yaml").data, "c.yaml").comments}["c-001"]
    assert (d["commit"], d["date"]) == (before.disposition.commit, before.disposition.date) and d["commit"]
