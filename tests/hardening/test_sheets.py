"""Defect 4: spreadsheets trusted their own ``<dimension>``. Real workbooks exported by
``lode crosswalk export --format xlsx``, then crafted as zip files: a false dimension
either way, a sparse cell far out, a negative shared-string index, deep XML, a DOCTYPE."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hardening_helpers import XW, make_repo

from lode.core.errors import LoadError
from lode.read.sheets import SHEET_LIMITS, read_workbook

SHEET_XML = "xl/worksheets/sheet1.xml"


def _export(run_lode, tmp_path: Path, rows: int = 0) -> tuple[Path, Path]:
    """A repository whose crosswalk has 4 + ``rows`` rows, and its exported workbook."""
    root = make_repo(tmp_path)
    if rows:
        p = root / XW
        text = p.read_text()
        first = text[text.index("  - id: scope.r-scope"):text.index("  - id: policy.r-policy")]
        extra = "".join(first.replace("scope.r-scope", f"scope.copy-{i}") for i in range(rows))
        p.write_text(text + extra)
    out = tmp_path / "x.xlsx"
    code, _o, err = run_lode("crosswalk", "export", str(root / XW), "--format", "xlsx", "-o", str(out))
    assert code == 0, err
    return root, out


def _rewrite(src: Path, dst: Path, part: str, edit) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                data = edit(data.decode()).encode()
            zout.writestr(info.filename, data)
    return dst


def _dimension(ref: str):
    def edit(xml: str) -> str:
        new, n = re.subn(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>', xml)
        assert n == 1, "the export has no <dimension> to falsify"
        return new
    return edit


def test_stale_dimension_reads_every_row_and_deletes_nothing(run_lode, tmp_path: Path) -> None:
    root, book = _export(run_lode, tmp_path, rows=8)  # 12 mapping rows
    stale = _rewrite(book, tmp_path / "stale.xlsx", SHEET_XML, _dimension("A1:N5"))
    rows = read_workbook(stale, "stale.xlsx", "mappings")
    assert len(rows) == 13  # header + 12
    code, out, err = run_lode("crosswalk", "import", str(stale), "--into", str(root / XW), "--dry-run")
    assert code == 0 and "removed" not in out and "no changes" in out, out + err


def test_huge_declared_dimension_costs_nothing(run_lode, tmp_path: Path) -> None:
    _root, book = _export(run_lode, tmp_path)
    claim = _rewrite(book, tmp_path / "claim.xlsx", SHEET_XML, _dimension("A1:XFD20001"))
    assert claim.stat().st_size < 10_000
    rows = read_workbook(claim, "claim.xlsx", "mappings")
    assert len(rows) == 5 and {len(r) for r in rows} == {14}  # the cells present, not 16384 x 20001


def test_cells_that_really_span_a_huge_range_are_refused(run_lode, tmp_path: Path) -> None:
    _root, book = _export(run_lode, tmp_path)
    far = '<row r="20001"><c r="XFD20001" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    sparse = _rewrite(book, tmp_path / "sparse.xlsx", SHEET_XML,
                      lambda xml: _dimension("A1:XFD20001")(xml).replace("</sheetData>", far))
    with pytest.raises(LoadError) as e:
        read_workbook(sparse, "sparse.xlsx", "mappings")
    assert e.value.finding.code == "sheet-size"


def test_negative_shared_string_index_is_refused(run_lode, tmp_path: Path) -> None:
    _root, book = _export(run_lode, tmp_path)
    # the export writes inline strings; make one cell a shared string with index -1
    bad = _rewrite(book, tmp_path / "neg.xlsx", SHEET_XML,
                   lambda xml: re.sub(r'<c r="A2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                                      '<c r="A2" t="s"><v>-1</v></c>', xml, count=1))
    with zipfile.ZipFile(bad) as z:
        assert '<c r="A2" t="s"><v>-1</v></c>' in z.read(SHEET_XML).decode()
    with pytest.raises(LoadError) as e:
        read_workbook(bad, "neg.xlsx", "mappings")
    assert e.value.finding.code == "sheet-invalid" and "-1" in e.value.finding.message


def test_deep_xml_in_a_cell_is_refused_without_building_it(run_lode, tmp_path: Path) -> None:
    _root, book = _export(run_lode, tmp_path)
    depth = 1_000_000
    deep = _rewrite(book, tmp_path / "deep.xlsx", SHEET_XML,
                    lambda xml: xml.replace("<t>scope.r-scope</t>", "<t>" + "<a>" * depth + "</a>" * depth + "</t>", 1))
    with pytest.raises(LoadError) as e:
        read_workbook(deep, "deep.xlsx", "mappings")
    assert e.value.finding.code == "sheet-invalid" and f"deeper than {SHEET_LIMITS.max_depth}" in e.value.finding.message


def test_doctype_in_shared_strings_is_refused(run_lode, tmp_path: Path) -> None:
    _root, book = _export(run_lode, tmp_path)
    bomb = _rewrite(book, tmp_path / "dtd.xlsx", "[Content_Types].xml",
                    lambda xml: xml.replace("<Types", '<!DOCTYPE t [<!ENTITY a "aaaa">]><Types', 1))
    with pytest.raises(LoadError) as e:
        read_workbook(bomb, "dtd.xlsx", "mappings")
    assert e.value.finding.code == "sheet-invalid" and "DOCTYPE" in e.value.finding.message


def test_empty_rows_under_a_huge_claim_stay_narrow(run_lode, tmp_path: Path) -> None:
    # The 6.7 GB case: 20,001 empty <row/>s under A1:XFD20001 were padded to 16,384 columns.
    _root, book = _export(run_lode, tmp_path)
    empty = "".join(f'<row r="{r}"/>' for r in range(6, 20002))
    rows_book = _rewrite(book, tmp_path / "rows.xlsx", SHEET_XML,
                         lambda xml: _dimension("A1:XFD20001")(xml).replace("</sheetData>", empty + "</sheetData>"))
    rows = read_workbook(rows_book, "rows.xlsx", "mappings")
    assert len(rows) == 20001 and max(len(r) for r in rows) == 14
