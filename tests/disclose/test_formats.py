"""The verdict's formats, the content index, units and hostile workbooks."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

EX = REPO / "examples" / "disclosures"


def test_junit_has_one_case_per_file_and_a_failure_for_the_failing_one(run_lode) -> None:
    code, out, _ = run_lode("check", str(EX / "passing.yaml"), str(EX / "failing.yaml"), "--root", str(REPO),
                            "--format", "junit")
    suite = ET.fromstring(out).find("testsuite")
    cases = suite.findall("testcase")
    assert code == 1 and suite.get("tests") == "2" and suite.get("failures") == "1"
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == [str(EX / "failing.yaml")]
    assert "error[fact-unit]" in failed[0].find("failure").text


def test_sarif_results_are_located_and_name_the_verdict(run_lode) -> None:
    _, out, _ = run_lode("check", str(EX / "failing.yaml"), "--root", str(REPO), "--format", "sarif")
    run = json.loads(out)["runs"][0]
    assert run["properties"]["verdicts"][0]["status"] == "FAIL"
    unit = next(r for r in run["results"] if r["ruleId"] == "fact-unit")
    assert unit["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 38}
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {r["ruleId"] for r in run["results"]}


def test_markdown_starts_with_the_verdict(run_lode) -> None:
    _, out, _ = run_lode("check", str(EX / "passing.yaml"), "--root", str(REPO), "--format", "markdown")
    assert out.startswith("**PASS** ") and "UNPINNED" in out.splitlines()[0]


def test_json_is_versioned_and_states_what_was_checked(run_lode) -> None:
    _, out, _ = run_lode("check", str(EX / "passing.yaml"), "--root", str(REPO), "--format", "json")
    doc = json.loads(out)
    v = doc["verdicts"][0]
    assert doc["lode-verdicts"] == 1 and v["lode-verdict"] == 1 and v["passed"] is True
    assert v["checked-against"]["edition-digest"].startswith("sha256:") and v["file-digest"].startswith("sha256:")
    assert {"metric": "ghg-scope-1", "value": 120, "unit": "ktCO2e", "converted": 120000, "to": "tCO2e"} \
        in v["conversions"]
    assert v["completeness"]["overall"]["required"] == {"total": 10, "disclosed": 10, "omitted": 0}


def test_output_is_written_atomically_and_nothing_else(tmp_path: Path, run_lode) -> None:
    code, out, _ = run_lode("check", str(EX / "passing.yaml"), "--root", str(REPO), "-o", str(tmp_path / "r.txt"))
    assert code == 0 and out == "" and (tmp_path / "r.txt").read_text().startswith("PASS ")
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_content_index_markdown_and_xlsx(tmp_path: Path, run_lode) -> None:
    from openpyxl import load_workbook

    code, out, _ = run_lode("index", str(EX / "passing.yaml"), "--root", str(REPO))
    assert code == 0 and "edition digest sha256:" in out and "disclosure digest sha256:" in out
    row = next(line for line in out.splitlines() if line.startswith("| ghg-scope-1 "))
    assert "gri-14@2024#ghg-emissions" in row and "ESG report 2025, p. 14" in row
    assert "| renewable-energy-share |" in out and "information-unavailable" in out
    code, _, _ = run_lode("index", str(EX / "passing.yaml"), "--root", str(REPO), "-o", str(tmp_path / "i.xlsx"))
    ws = load_workbook(tmp_path / "i.xlsx")["Content index"]
    # the caveat of an edition with illustrative metrics comes right after the title
    assert code == 0 and ws["A2"].value.startswith("CAVEAT: 30 of the 30 metrics") and "UNPINNED" in ws["A3"].value
    assert ws["A7"].value == "ghg-scope-1"


def test_content_index_refuses_a_failing_disclosure(run_lode) -> None:
    code, out, err = run_lode("index", str(EX / "failing.yaml"), "--root", str(REPO))
    assert code == 1 and out == "" and "error[fact-unit]" in err


@pytest.mark.parametrize("given,expected,value,want", [
    ("ktCO2e", "tCO2e", 1.5, 1500), ("万吨标准煤", "tce", 2, 20000), ("Mt", "t", 3, 3_000_000),
    ("km2", "ha", 1, 100), ("tCO2e/kt ore", "tCO2e/t ore", 500, 0.5), ("%", "%", 12.5, 12.5)])
def test_units_convert(given: str, expected: str, value: float, want: float) -> None:
    from lode.core.units import convert

    assert convert(value, given, expected).value == pytest.approx(want)


@pytest.mark.parametrize("given,expected", [("m3", "tCO2e"), ("persons", "cases"), ("CNY", "t"), ("furlongs?", "t")])
def test_units_refuse_other_dimensions(given: str, expected: str) -> None:
    from lode.core.units import UnitError, convert

    with pytest.raises(UnitError, match=expected.replace("/", ".")):
        convert(1, given, expected)


def _template(tmp_path: Path, run_lode) -> Path:
    run_lode("template", "cma-esg-disclosure@2025", "-o", str(tmp_path / "t.xlsx"), "--root", str(REPO))
    return tmp_path / "t.xlsx"


def test_a_formula_cell_is_rejected_at_its_cell(tmp_path: Path, run_lode) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(_template(tmp_path, run_lode))
    wb["Disclosure"]["I9"] = "=1+1"
    wb.save(tmp_path / "f.xlsx")
    code, out, _ = run_lode("check", str(tmp_path / "f.xlsx"), "--root", str(REPO))
    assert code == 3 and "REJECTED" in out and "error[sheet-formula] Disclosure!I9 holds a formula" in out


def test_a_zip_bomb_workbook_is_rejected(tmp_path: Path, run_lode) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.xml", b"0" * (60 * 1024 * 1024))
    code, out, _ = run_lode("check", str(bomb), "--root", str(REPO))
    assert code == 3 and "sheet-size" in out


def test_the_template_lists_every_metric_with_drop_downs(tmp_path: Path, run_lode) -> None:
    from openpyxl import load_workbook

    from lode.disclose.run import target

    wb = load_workbook(_template(tmp_path, run_lode))
    ws = wb["Disclosure"]
    ids = [ws.cell(r, 1).value for r in range(9, ws.max_row + 1)]
    assert ids == [m.id for m in target(REPO, "cma-esg-disclosure@2025").spec.metrics]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"national,provincial,not-listed"' in lists and any("information-unavailable" in f for f in lists)
    assert "tailings-facilities" in wb.sheetnames
