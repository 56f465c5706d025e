"""Defect 5: CSV injection through a bare CR, a stranded apostrophe, and an SSSOM TSV
that neutralised nothing. Every tabular export is read back the way a spreadsheet
reads it (a bare CR ends a row, as Python's csv reader also takes it) and no cell may
start a formula or split a row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hardening_helpers import XW, make_repo
from openpyxl import load_workbook

from lode.core import cells
from lode.core.cells import safe_cell

PAYLOAD = "ok\r=cmd|' /C calc'!A0"
LEADING = "\r=HYPERLINK(\"http://x\")"
TAB = "a\tb"


@pytest.mark.parametrize("value", [PAYLOAD, LEADING, TAB, "=1+1", "'=x", "  =x", "\n@SUM(A1)", "plain", "-", "'q"])
def test_safe_cell_is_inert_and_restore_undoes_only_the_apostrophe(value: str) -> None:
    cell = safe_cell(value)
    assert "\r" not in cell
    assert not cell.lstrip(" \t\n").startswith(("=", "+", "-", "@"))
    assert cells.restore(cell) == value.replace("\r", "\n")
    tsv = safe_cell(value, tsv=True)
    assert not any(c in tsv for c in "\t\r\n")


def _poisoned_repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path)
    p = root / XW
    text = p.read_text()
    for plain, hostile in [("Both are the scope clause.", PAYLOAD), ("The demo policy clause is narrower.", LEADING)]:
        assert plain in text
        text = text.replace(plain, '"' + hostile.replace("\r", "\\r").replace('"', '\\"') + '"', 1)
    p.write_text(text)
    return root


def _spreadsheet_rows(data: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data, newline=""), delimiter=delimiter))


def _assert_inert(rows: list[list[str]], width: int) -> None:
    assert {len(r) for r in rows} == {width}, "a cell split its row"
    for r in rows:
        for c in r:
            assert not c.startswith(("=", "+", "@", "\r", "\t")), c


def test_csv_export(run_lode, tmp_path: Path) -> None:
    root = _poisoned_repo(tmp_path)
    code, out, err = run_lode("crosswalk", "export", str(root / XW), "--format", "csv")
    assert code == 0, err
    rows = _spreadsheet_rows(out)
    assert len(rows) == 5
    _assert_inert(rows, 14)


def test_sssom_export(run_lode, tmp_path: Path) -> None:
    root = _poisoned_repo(tmp_path)
    code, out, err = run_lode("crosswalk", "export", str(root / XW), "--format", "sssom")
    assert code == 0, err
    body = [line for line in out.split("\n") if line and not line.startswith("#")]
    rows = [line.split("\t") for line in body]
    assert "\r" not in out
    _assert_inert(rows, 12)
    assert any(c == "' =HYPERLINK(\"http://x\")" for r in rows for c in r)  # the leading CR's formula


def test_xlsx_export(run_lode, tmp_path: Path) -> None:
    root = _poisoned_repo(tmp_path)
    out = tmp_path / "x.xlsx"
    code, _o, err = run_lode("crosswalk", "export", str(root / XW), "--format", "xlsx", "-o", str(out))
    assert code == 0, err
    ws = load_workbook(out)["mappings"]
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f"
            if isinstance(c.value, str):
                assert not c.value.startswith(("=", "+", "@", "\r")) and "\r" not in c.value


def test_diff_concordance(run_lode, tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    ed = root / "standards" / "ref" / "1.yaml"
    text = ed.read_text()
    # the concordance carries node ids and numbers; a number is free text
    assert 'number: "3"' in text
    ed2 = root / "standards" / "ref" / "2.yaml"
    ed2.write_text(text.replace('edition: "1"', 'edition: "2"').replace('number: "3"', 'number: "\\r=cmd|x"'))
    std = root / "standards" / "ref" / "standard.yaml"
    std.write_text(std.read_text().replace('- "1"', '- "1"\n  - "2"'))
    code, out, err = run_lode("diff", "ref@1", "ref@2", "--format", "concordance", "--root", str(root))
    assert code in (0, 1), err
    rows = _spreadsheet_rows(out)
    _assert_inert(rows, len(rows[0]))


def test_site_downloads(tmp_path: Path) -> None:
    from lode.model.corpus import Corpus
    from lode.site.downloads import nodes_csv

    root = make_repo(tmp_path)
    ed = root / "standards" / "ref" / "1.yaml"
    text = ed.read_text()
    assert "The organisation commits to a policy." in text
    ed.write_text(text.replace("The organisation commits to a policy.", '"' + PAYLOAD.replace("\r", "\\r") + '"'))
    rows = _spreadsheet_rows(nodes_csv(Corpus.load(root).edition("ref@1")).decode("utf-8"))
    _assert_inert(rows, len(rows[0]))
