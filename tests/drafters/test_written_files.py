"""Every file a Lode command writes is one the pre-commit hook accepts: it passes
``lode fmt --check`` and ``lode validate``. One walk through every writing command, in
real git repositories; after each command the files it wrote are checked."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO
from drafters_helpers import corpus_repo, git, replace_once
from openpyxl import Workbook

CASE = REPO / "tests/cases/consult/loop/repo"


def gbt_form(path: Path) -> Path:
    """A filled GB/T comment form whose clause numbers look like numbers (2.1, 2.2)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["《示例指南》征求意见表"])
    ws.append(["序号", "标准章条编号", "意见内容", "修改建议", "提出单位", "处理意见", "备注", "意见类型"])
    ws.append([1, "2.1", "政策应同时向公众公开。", "增加“向公众公开”。", "甲矿业集团（虚构）", None, None, "技术"])
    ws.append([2, "2.2", "“第三方”一词前后不一致。", "统一用语。", "甲矿业集团（虚构）", None, None, "编辑"])
    wb.save(path)
    return path


def _written(root: Path) -> list[str]:
    """The files under standards/ that differ from HEAD or are new."""
    out = git(root, "status", "--porcelain", "--untracked-files=all", "--", "standards")
    return sorted(line[3:] for line in out.splitlines())


def _retitle(path: Path, node: str) -> None:
    """Change the English title of ``node`` (the first ``en:`` line after its id)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.strip() == f"- id: {node}")
    en = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("en: "))
    lines[en] += " (edited)"
    path.write_text("\n".join(lines), encoding="utf-8")


def _accepted(run_lode, root: Path, what: str) -> list[str]:
    files = _written(root)
    assert files, f"{what} wrote nothing"
    code, _out, err = run_lode("fmt", "--check", *(str(root / f) for f in files))
    assert code == 0, f"after {what}, lode fmt --check refuses {files}:\n{err}"
    code, _out, err = run_lode("validate", "--no-cache", "--root", str(root))
    assert code == 0, f"after {what}, lode validate refuses:\n{err}"
    git(root, "add", "-A")
    git(root, "commit", "-qm", what)
    return files


def test_every_writing_command_writes_what_fmt_and_validate_accept(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    r = "--root", str(root)

    assert run_lode("new-edition", "cma-esg-disclosure@2025", "--as", "2026")[0] == 0
    assert "standards/cma-esg-disclosure/2026.yaml" in _accepted(run_lode, root, "new-edition")

    # `lode stage` writes a date and a commit: the date is a string that must be quoted
    assert run_lode("stage", "cma-esg-disclosure@2026", "consultation", *r)[0] == 0
    _accepted(run_lode, root, "stage")

    # a second draft started from the staged one: its own history starts empty
    assert run_lode("new-edition", "cma-esg-disclosure@2026", "--as", "2027")[0] == 0
    text = (root / "standards/cma-esg-disclosure/2027.yaml").read_text(encoding="utf-8")
    assert "stages:" not in text and "stage:" not in text
    _accepted(run_lode, root, "new-edition from a staged draft")

    ed = root / "standards/cma-esg-disclosure/2027.yaml"
    replace_once(ed, "The individual principles are not known to Lode.",
                 "The individual principles are not yet known to Lode.")
    git(root, "commit", "-qam", "edit")
    assert run_lode("translations", "stamp", str(ed), *r)[0] == 0
    _accepted(run_lode, root, "translations stamp")

    # restamp every row of a crosswalk after its source side changed
    cw = root / "standards/cma-esg-disclosure/crosswalks/2025--gri-14@2024.yaml"
    src = root / "standards/cma-esg-disclosure/2025.yaml"
    _retitle(src, "climate-ghg")
    git(root, "commit", "-qam", "retitle")
    code, _out, err = run_lode("crosswalk", "restamp", str(cw), *r)
    assert code == 0, err
    _accepted(run_lode, root, "crosswalk restamp")


def test_stage_and_comments_import_write_what_fmt_and_validate_accept(run_lode, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CASE, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "draft")
    r = "--root", str(root)
    assert run_lode("stage", "demo@2026-draft", "consultation", "--date", "2026-03-01", *r)[0] == 0
    _accepted(run_lode, root, "stage")
    # clause numbers such as 2.1 look like numbers: written quoted, as fmt quotes them
    form = gbt_form(tmp_path / "form.xlsx")
    code, _out, err = run_lode("comments", "import", str(form), "--into",
                               str(root / "standards/demo/comments/2026-draft.yaml"), *r)
    assert code == 0, err
    assert "standards/demo/comments/2026-draft.yaml" in _accepted(run_lode, root, "comments import")


def test_the_shipped_corpus_is_in_fmt_layout(run_lode) -> None:
    code, _out, err = run_lode("fmt", "--check", str(REPO / "standards"))
    assert code == 0, err
