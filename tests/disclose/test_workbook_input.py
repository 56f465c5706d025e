"""Issue 21, attack class `workbook`: limits checked before expansion, each sheet and the
file read once (the digest names the bytes judged), the same text checks as every format,
findings at the metric's own row with hints in workbook terms, finite numbers."""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lode.disclose.batch import check_one
from lode.disclose.document import file_digest
from lode.disclose.run import check_file
from lode.disclose.template import COL, HEADER_ROWS, TABLE_HEADER, write_template
from lode.read.loader import load_file

EX = REPO / "examples" / "disclosures"
FACTS = load_file(EX / "passing.yaml", "x").data


@functools.cache
def _template() -> bytes:
    from lode.disclose.run import target

    t = target(REPO, "cma-esg-disclosure@2025")
    return write_template(t.spec, "cma-esg-disclosure@2025", t.digest)


@pytest.fixture
def template() -> bytes:
    return _template()


def _filled(template: bytes, out: Path, *, skip: tuple[str, ...] = (), cells: dict | None = None) -> dict[str, int]:
    """The template filled in with the passing example (tables left out: their rows are
    omitted instead), minus ``skip``; ``cells`` sets extra cells. Returns metric -> row."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template))
    ws = wb["Disclosure"]
    ws.cell(HEADER_ROWS["entity-name"], 2, "Example Mining Co.")
    ws.cell(HEADER_ROWS["period-start"], 2, "2025-01-01")
    ws.cell(HEADER_ROWS["period-end"], 2, "2025-12-31")
    rows = {ws.cell(r, 1).value: r for r in range(TABLE_HEADER + 1, ws.max_row + 1)}
    for mid, f in FACTS["facts"].items():
        if mid in skip:
            continue
        if isinstance(f["value"], list):
            ws.cell(rows[mid], COL["value"], None)
            ws.cell(rows[mid], COL["omission reason"], "information-unavailable")
            ws.cell(rows[mid], COL["explanation"], "The register is kept on paper until 2026.")
            continue
        ws.cell(rows[mid], COL["value"], f["value"])
        if "unit" in f:
            ws.cell(rows[mid], COL["unit"], f["unit"])
    for mid, o in FACTS["omissions"].items():
        ws.cell(rows[mid], COL["omission reason"], o["reason"])
        ws.cell(rows[mid], COL["explanation"], o["explanation"])
    for (sheet, ref), value in (cells or {}).items():
        wb[sheet][ref] = value
    wb.save(out)
    return rows


def _verdict(path: Path) -> dict:
    from lode.render.verdict import render_json

    def refuse(token: str) -> None:
        raise AssertionError(f"non-JSON token {token}")
    return json.loads(render_json([check_file(path, REPO)]), parse_constant=refuse)["verdicts"][0]


def test_the_filled_template_passes(template: bytes, tmp_path: Path) -> None:
    _filled(template, tmp_path / "f.xlsx")
    v = _verdict(tmp_path / "f.xlsx")
    assert v["status"] in ("PASS", "PASS WITH WARNINGS"), v["findings"]


def test_missing_required_points_at_the_metrics_own_row_with_a_workbook_hint(template: bytes, tmp_path: Path) -> None:
    rows = _filled(template, tmp_path / "f.xlsx", skip=("ghg-scope-2",))
    v = _verdict(tmp_path / "f.xlsx")
    [f] = [x for x in v["findings"] if x["code"] == "missing-required"]
    assert (f["line"], f["col"]) == (rows["ghg-scope-2"], COL["value"])  # not the header cell Disclosure!I8
    r = rows["ghg-scope-2"]
    assert f["hint"] == f"type the value in Disclosure!I{r} (unit tCO2e), or choose an omission reason in Disclosure!J{r}"
    assert "facts:" not in f["hint"] and "`" not in f["hint"]


def test_unit_hints_speak_of_cells(template: bytes, tmp_path: Path) -> None:
    rows = _filled(template, tmp_path / "f.xlsx", cells={("Disclosure", "G10"): "furlongs"})
    assert rows["ghg-scope-2"] == 10
    v = _verdict(tmp_path / "f.xlsx")
    [f] = [x for x in v["findings"] if x["code"] == "fact-unit"]
    assert f["hint"].startswith("type one of these in the unit cell Disclosure!G10: tCO2e, t CO2e")


def test_a_bidi_override_warns_in_a_workbook_as_in_json(template: bytes, tmp_path: Path) -> None:
    _filled(template, tmp_path / "f.xlsx", cells={("Disclosure", "B3"): "Example \u202eMining"})
    v = _verdict(tmp_path / "f.xlsx")
    [f] = [x for x in v["findings"] if x["code"] == "unicode-bidi"]
    assert (f["line"], f["col"]) == (HEADER_ROWS["entity-name"], 2) and v["status"] == "PASS WITH WARNINGS"
    data = json.loads((EX / "passing.json").read_text(encoding="utf-8"))
    data["entity"]["name"] = "Example \u202eMining"
    (tmp_path / "d.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "unicode-bidi" in [x["code"] for x in _verdict(tmp_path / "d.json")["findings"]]


def test_a_cell_holding_1e400_is_refused(template: bytes, tmp_path: Path) -> None:
    rows = _filled(template, tmp_path / "f.xlsx", cells={("Disclosure", "I10"): 424242.5})
    raw = (tmp_path / "f.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b"<v>424242.5</v>" in body
                body = body.replace(b"<v>424242.5</v>", b"<v>1e400</v>")
            dst.writestr(info, body)
    (tmp_path / "f.xlsx").write_bytes(out.getvalue())
    v = _verdict(tmp_path / "f.xlsx")
    assert v["status"] == "REJECTED" and rows["ghg-scope-2"] == 10
    [f] = v["findings"]
    assert f["code"] == "sheet-value" and (f["line"], f["col"]) == (10, COL["value"])


def test_the_digest_names_the_bytes_that_were_judged(template: bytes, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is swapped while it is being parsed: the verdict's digest is still the
    digest of the bytes it judged (a second read would name the other file)."""
    from lode.read import sheets

    f = tmp_path / "f.xlsx"
    _filled(template, f)
    judged = f.read_bytes()
    other = tmp_path / "other.xlsx"
    _filled(template, other, skip=("ghg-scope-1",))
    real_run, swapped = sheets._Scan.run, []

    def run(self, archive, name):  # noqa: ANN001 - a spy around the real scan
        if not swapped:
            f.write_bytes(other.read_bytes())
            swapped.append(name)
        return real_run(self, archive, name)

    monkeypatch.setattr(sheets._Scan, "run", run)
    v = check_file(f, REPO)
    assert swapped and v.passed and v.file_digest == file_digest(judged) != file_digest(f.read_bytes())


def test_each_sheet_and_the_file_are_read_once(template: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 rows pointing at one table sheet read that sheet once, and the file once."""
    from openpyxl import load_workbook

    from lode.disclose import workbook
    from lode.read import sheets

    _filled(template, tmp_path / "f.xlsx")
    wb = load_workbook(tmp_path / "f.xlsx")
    ws = wb["Disclosure"]
    for c, value in enumerate(["North dam", "CN", "active", 1200000, "2025-06-30"], 1):
        wb["tailings-facilities"].cell(3, c, value)
    for i in range(3000):
        ws.cell(ws.max_row + 1, 1, f"extra-{i}")
        ws.cell(ws.max_row, COL["value"], "see sheet tailings-facilities")
    wb.save(tmp_path / "many.xlsx")
    reads: list[str] = []
    files: list[str] = []
    real_read, real_input = sheets.Workbook._read, workbook.read_input

    def spy_read(self, name):  # noqa: ANN001
        reads.append(name)
        return real_read(self, name)

    def spy_input(*args, **kwargs):  # noqa: ANN002, ANN003
        files.append(str(args[0]))
        return real_input(*args, **kwargs)

    monkeypatch.setattr(sheets.Workbook, "_read", spy_read)
    monkeypatch.setattr(workbook, "read_input", spy_input)
    v = check_file(tmp_path / "many.xlsx", REPO)
    assert len(reads) == len(set(reads)) and {"Disclosure", "tailings-facilities"} <= set(reads)
    assert len(files) == 1 and v.status == "FAIL" and v.sheets.count("tailings-facilities") == 1


def _xlsx(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return out.getvalue()


def _minimal(sheet: bytes, strings: bytes | None = None, sheets: int = 1) -> bytes:
    ct = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          b'<Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          b'spreadsheetml.sheet.main+xml"/>'
          b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
          b'officedocument.spreadsheetml.worksheet+xml"/>'
          + (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
             b'officedocument.spreadsheetml.sharedStrings+xml"/>' if strings is not None else b"") + b"</Types>")
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = (b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          + b"".join(b'<sheet name="%s" sheetId="%d" r:id="rId1"/>' % (b"Disclosure" if i == 0 else b"S%d" % i, i + 1)
                     for i in range(sheets)) + b"</sheets></workbook>")
    wbrels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
              b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              b'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              + (b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 b'sharedStrings" Target="sharedStrings.xml"/>' if strings is not None else b"")
              + b"</Relationships>")
    parts = {"[Content_Types].xml": ct, "_rels/.rels": rels, "xl/workbook.xml": wb,
             "xl/_rels/workbook.xml.rels": wbrels, "xl/worksheets/sheet1.xml": sheet}
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    return _xlsx(parts)


SHEET = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')


def shared_strings_bomb(n: int = 2_500_000) -> bytes:
    """Millions of empty shared strings: a ~100 KB file that used to run past 120 s."""
    body = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="%d" uniqueCount="%d">' % (n, n) + b"<si><t/></si>" * n + b"</sst>")
    return _minimal(SHEET, body)


def cells_bomb(n: int = 1_500_000) -> bytes:
    row = b'<c t="b"><v>1</v></c>' * 1000
    rows = b"".join(b'<row r="%d">' % (i + 1) + row + b"</row>" for i in range(n // 1000))
    return _minimal(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><sheetData>' + rows + b"</sheetData></worksheet>")


@pytest.mark.parametrize("make,what", [(shared_strings_bomb, "shared strings"), (cells_bomb, "cells"),
                                       (lambda: _minimal(SHEET, b"<sst/>", sheets=500), "sheets")])
def test_workbook_limits_are_checked_before_expansion(tmp_path: Path, make, what: str) -> None:
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(make())
    assert f.stat().st_size < 5 * 1024 * 1024
    # a subprocess with a timeout only guards against a hang; no timing is asserted
    r = subprocess.run([sys.executable, "-m", "lode.cli", "check", str(f), "--root", str(REPO), "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    v = json.loads(r.stdout)["verdicts"][0]
    assert r.returncode == 3 and v["status"] == "REJECTED"
    assert v["findings"][0]["code"] == "sheet-size" and what in v["findings"][0]["message"]
    assert "lode template" in v["findings"][0]["hint"] and "crosswalk" not in v["findings"][0]["hint"]


# --- properties ------------------------------------------------------------------------------

_CELL = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40),
    st.sampled_from(["=1+1", "see sheet nowhere", "see sheet tailings-facilities", "TRUE", "1,2", "\u202e",
                     "e\u0301", "kt CO2e", "nan * %", "10**10**10", "万吨CO2e"]))
_TARGET = st.tuples(st.integers(TABLE_HEADER - 1, TABLE_HEADER + 31), st.integers(1, 14))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.dictionaries(_TARGET, _CELL, max_size=6))
def test_property_any_cell_values_give_a_verdict_never_an_exception(tmp_path: Path, cells: dict) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        _filled(_template(), tmp_path / "p.xlsx",
                cells={("Disclosure", f"{get_column_letter(c)}{r}"): v for (r, c), v in cells.items()})
    except (ValueError, TypeError, IllegalCharacterError):  # openpyxl itself refuses some values
        return
    v = _verdict(tmp_path / "p.xlsx")
    assert v["status"] in ("PASS", "PASS WITH WARNINGS", "FAIL", "REJECTED")
    for f in v["findings"]:
        assert f["line"] >= 0 and f["col"] >= 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_property_a_mangled_workbook_is_refused_or_judged(tmp_path: Path, data) -> None:
    """Bytes of the main sheet's XML overwritten at random: a REJECTED verdict, NOT CHECKED
    (the cell naming the pin lost: pin-missing, exit 2, as a batch reports it) or a
    verdict, never an exception (exit 70)."""
    with zipfile.ZipFile(io.BytesIO(_template())) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    name = data.draw(st.sampled_from(sorted(parts)))
    body = bytearray(parts[name])
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, max(0, len(body) - 1)))
        body[at:at + 1] = data.draw(st.sampled_from([b"<", b">", b"\"", b"&", b"9", b"x", b"\xff", b"", b"<c>"]))
    parts[name] = bytes(body)
    (tmp_path / "m.xlsx").write_bytes(_xlsx(parts))
    for v in check_one(tmp_path / "m.xlsx", REPO):
        assert v.status in ("PASS", "PASS WITH WARNINGS", "FAIL", "REJECTED", "NOT CHECKED"), v.findings
        assert v.status != "NOT CHECKED" or {f.code for f in v.findings} == {"pin-missing"}


def test_a_workbook_whose_pin_cell_is_empty_is_told_which_cell(template: bytes, tmp_path: Path) -> None:
    # The code's own hint names the YAML key `pin:`; a workbook's reader is shown the cell.
    _filled(template, tmp_path / "f.xlsx", cells={("Disclosure", f"B{HEADER_ROWS['pin']}"): None})
    [v] = check_one(tmp_path / "f.xlsx", REPO)
    assert v.status == "NOT CHECKED"
    [f] = v.findings
    assert f.code == "pin-missing" and f"Disclosure!B{HEADER_ROWS['pin']}" in f.hint and "`pin:`" not in f.hint
    # a YAML file keeps the code's hint
    yaml = tmp_path / "d.yaml"
    yaml.write_text("lode-disclosure: 1\nfacts: {}\n", encoding="utf-8")
    [y] = check_one(yaml, REPO)
    assert [g.code for g in y.findings] == ["pin-missing"] and "`pin:" in y.findings[0].hint
