"""Case folders of the consultation codes: ``tests/cases/consult/<case>/``.

A case is a tiny repository made real in a temporary folder:

- ``stage/`` (optional): the text issued at the stage, committed first; its commit id
  replaces ``{{stage}}`` in the files of ``standards/`` (commits have fixed dates and
  authors, so their ids and the expected output are stable);
- ``standards/``: committed next (HEAD);
- ``after/`` (optional): copied over after the commits (uncommitted changes);
- ``nogit`` (a marker): no git repository at all, as in an exported tarball;
- ``form.json`` (optional): rows of a comment form, written as ``form.xlsx`` with openpyxl;
- ``args``: the lode command line (default ``validate --no-cache``), run in the repository;
- ``expected.txt`` (stdout, then stderr) and ``exit``.

``pytest --update-golden`` rewrites the expectations; review them with ``git diff``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import git
import pytest
from openpyxl import Workbook

CASES = sorted(p for p in (Path(__file__).resolve().parents[1] / "cases" / "consult").iterdir()
               if p.is_dir() and p.name != "loop")
DATE = "2026-01-01T00:00:00"


def _commit(repo: git.Repo, message: str) -> str:
    repo.git.add(A=True)
    actor = git.Actor("Lode Test", "test@lode.invalid")
    return repo.index.commit(message, author=actor, committer=actor, author_date=DATE, commit_date=DATE).hexsha


def _copy(src: Path, dest: Path, subst: dict[str, str]) -> None:
    for p in sorted(src.rglob("*")):
        if p.is_file():
            target = dest / p.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = p.read_text(encoding="utf-8")
            for k, v in subst.items():
                text = text.replace(k, v)
            target.write_text(text, encoding="utf-8")


def make(case: Path, root: Path) -> None:
    root.mkdir()
    repo = None if (case / "nogit").exists() else git.Repo.init(root)
    subst: dict[str, str] = {}
    if (case / "stage").is_dir():
        _copy(case / "stage", root, {})
        if repo is not None:
            subst["{{stage}}"] = _commit(repo, "stage text")
        shutil.rmtree(root / "standards")
    subst.setdefault("{{stage}}", "1" * 40)
    _copy(case / "standards", root / "standards", subst)
    if repo is not None:
        _commit(repo, "head")
    if (case / "after").is_dir():
        _copy(case / "after", root, subst)
    if (case / "form.json").exists():
        wb = Workbook()
        ws = wb.active
        for row in json.loads((case / "form.json").read_text(encoding="utf-8")):
            ws.append(row)
        wb.save(root / "form.xlsx")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path, run_lode, monkeypatch, update_golden: bool) -> None:
    root = tmp_path / "repo"
    make(case, root)
    monkeypatch.chdir(root)
    args = (case / "args").read_text().split() if (case / "args").exists() else ["validate", "--no-cache"]
    code, out, err = run_lode(*args)
    assert "Traceback" not in err and "internal error" not in err
    actual = out + ("--- stderr\n" + err if err else "")
    expected, expected_exit = case / "expected.txt", case / "exit"
    if update_golden:
        expected.write_text(actual, encoding="utf-8")
        expected_exit.write_text(f"{code}\n")
    assert actual == expected.read_text(encoding="utf-8")
    assert code == int(expected_exit.read_text())
    assert code != 0 or "warning[" in out or "info[stage-text" in out, "a case must show its code"
