"""What `lode comments import` writes, `lode validate` accepts: text from a form is
NFC-normalised, a control or bidi character is refused at its cell, and a form that
would make the comments file larger than the loader's limit is refused with a code —
never an internal error (exit 70) and never a written file that validate then refuses."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import REPO
from drafters_helpers import git

INTO = "standards/demo/comments/2026-draft.yaml"
HEADER = ["序号", "标准章条编号", "意见内容", "修改建议", "提出单位", "处理意见", "备注", "意见类型"]


@pytest.fixture
def staged(tmp_path: Path, run_lode) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "tests/cases/consult/loop/repo", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "draft")
    assert run_lode("stage", "demo@2026-draft", "consultation", "--root", str(root))[0] == 0
    git(root, "commit", "-qam", "stage")
    return root


def _form(path: Path, texts: list[str]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i, text in enumerate(texts, 1):
        ws.append([i, "总体", text, None, "甲矿业集团（虚构）", None, None, "总体"])
    wb.save(path)
    return path


def test_decomposed_text_is_imported_composed(staged: Path, run_lode, tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Café policy: é")
    form = _form(tmp_path / "nfd.xlsx", [nfd])
    assert run_lode("comments", "import", str(form), "--into", str(staged / INTO), "--root", str(staged))[0] == 0
    text = (staged / INTO).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", nfd) in text
    code, _out, err = run_lode("validate", "--no-cache", "--strict", "--root", str(staged))
    assert code == 0, err


@pytest.mark.parametrize("char", ["\u0085", "\u202e", "\u200b"])
def test_a_control_character_is_refused_at_its_cell(staged: Path, run_lode, tmp_path: Path, char: str) -> None:
    form = _form(tmp_path / "bad.xlsx", ["fine", f"line{char}next"])
    code, _out, err = run_lode("comments", "import", str(form), "--into", str(staged / INTO), "--root", str(staged))
    assert code == 3, err
    assert "sheet-value" in err and "C3" in err and f"U+{ord(char):04X}" in err
    assert not (staged / INTO).exists()


def test_an_oversized_form_is_refused_with_a_code(staged: Path, run_lode, tmp_path: Path) -> None:
    form = _form(tmp_path / "big.xlsx", [f"{i} " + "意" * 9000 for i in range(300)])
    code, _out, err = run_lode("comments", "import", str(form), "--into", str(staged / INTO), "--root", str(staged))
    assert code == 3, err
    assert "input-size" in err and "internal" not in err
    assert not (staged / INTO).exists()
