"""Issue 21's held-out promise, rehearsed: a folder of hostile disclosures (YAML, JSON and
workbooks, generated here) checked as one batch. Every file gets its own verdict, none
PASSES (each holds a value out of range or unreadable), nothing exits 70 (which would
abort the batch), and the report is strict JSON. The subprocess timeout only guards the
suite against a hang; time is measured by hand, never asserted."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO

from test_workbook_input import _filled, _template, cells_bomb, shared_strings_bomb

EX = REPO / "examples" / "disclosures"
PASSING = (EX / "passing.yaml").read_text(encoding="utf-8")

# (name, text of the ghg-scope-2 fact or of the whole renewable-energy-share fact)
YAML_FACTS = {
    "overflow": "ghg-scope-2: {value: 1e400, unit: tCO2e}",
    "overflow-negative": "ghg-scope-2: {value: -1e400, unit: tCO2e}",
    "overflow-exponent": "ghg-scope-2: {value: 1e99999999, unit: tCO2e}",
    "nan": "ghg-scope-2: {value: .nan, unit: tCO2e}",
    "inf": "ghg-scope-2: {value: .inf, unit: tCO2e}",
    "huge-int": "ghg-scope-2: {value: 1" + "0" * 400 + ", unit: tCO2e}",
    "conversion-overflow": "ghg-scope-2: {value: 1.7e308, unit: 亿吨CO2e}",
    "nan-unit-share": "renewable-energy-share: {value: 130, unit: 'nan * %'}",
    "zero-unit-share": "renewable-energy-share: {value: 130, unit: '0 * %'}",
    "nan-unit-negative": "ghg-scope-2: {value: -5, unit: 'nan * tCO2e'}",
    "div-zero-unit": "ghg-scope-2: {value: 5, unit: '1/0'}",
    "bracket-unit": "ghg-scope-2: {value: 5, unit: '(tCO2e'}",
    "python-unit": "ghg-scope-2: {value: 5, unit: \"__import__('os')\"}",
    "power-unit": "ghg-scope-2: {value: 5, unit: 'tCO2e * 10**1000'}",
    "hang-unit": "ghg-scope-2: {value: 5, unit: '10**10**10'}",
    "list-unit": "ghg-scope-2: {value: 5, unit: [tCO2e]}",
    "share-over": "renewable-energy-share: {value: 130, unit: '%'}",
    "share-permille": "renewable-energy-share: {value: 1300, unit: '‰'}",
    "negative-kt": "ghg-scope-2: {value: -0.001, unit: kt CO2e}",
    "text-number": "ghg-scope-2: {value: '1e400', unit: tCO2e}",
    "table-overflow": "tailings-facilities: {value: [{facility-name: A, country: CN, operating-status: active, "
                      "stored-volume: 1e400, last-safety-review: '2025-06-30'}]}",
}
JSON_VALUES = {"overflow": "1e400", "nan": "NaN", "infinity": "Infinity", "minus-infinity": "-Infinity",
               "exponent": "1e99999999", "negative": "-1e-300", "huge-int": "1" + "0" * 5000}


def _yaml(fact: str) -> str:
    """The passing example with ``fact`` in place of the metric's own entry."""
    key = fact.split(":", 1)[0]
    text = PASSING
    if key == "tailings-facilities":  # a block: the key, `value:` and the rows
        start = text.index("  tailings-facilities:\n")
        end = text.index("  green-mine-listing:")
        text = text[:start] + text[end:]
    elif key == "renewable-energy-share":  # the example omits it; a value and an omission would clash
        text = text.replace("\nomissions:\n  renewable-energy-share:\n    reason: information-unavailable\n"
                            "    explanation: Metering of purchased green electricity starts in 2026.\n", "\n")
        assert "omissions" not in text
    lines = [ln for ln in text.splitlines() if not ln.startswith(f"  {key}:")]
    lines.insert(lines.index("facts:") + 1, "  " + fact)
    return "\n".join(lines) + "\n"


def _xlsx_with(raw: bytes, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in body
                body = body.replace(old, new)
            dst.writestr(info, body)
    return out.getvalue()


def hostile_folder(folder: Path) -> list[Path]:
    """Every hostile disclosure, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, fact in YAML_FACTS.items():
        (folder / f"y-{name}.yaml").write_text(_yaml(fact), encoding="utf-8")
    passing_json = (EX / "passing.json").read_text(encoding="utf-8")
    for name, token in JSON_VALUES.items():
        data = json.loads(passing_json)
        data["facts"]["ghg-scope-2"] = {"value": 424242, "unit": "tCO2e"}
        text = json.dumps(data, ensure_ascii=False).replace("424242", token)
        (folder / f"j-{name}.json").write_text(text, encoding="utf-8")
    data = json.loads(passing_json)
    data["facts"]["renewable-energy-share"] = {"value": 130, "unit": "nan * %"}
    data.pop("omissions", None)
    (folder / "j-nan-unit-share.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plain = folder / "x-base.xlsx"
    _filled(_template(), plain, cells={("Disclosure", "I10"): 424242.5})
    raw = plain.read_bytes()
    plain.unlink()
    (folder / "x-overflow.xlsx").write_bytes(_xlsx_with(raw, b"<v>424242.5</v>", b"<v>1e400</v>"))
    (folder / "x-nan.xlsx").write_bytes(_xlsx_with(raw, b"<v>424242.5</v>", b"<v>NaN</v>"))
    (folder / "x-huge.xlsx").write_bytes(_xlsx_with(raw, b"<v>424242.5</v>", b"<v>1" + b"0" * 400 + b"</v>"))
    (folder / "x-formula.xlsx").write_bytes(_xlsx_with(raw, b"<v>424242.5</v>", b"<f>1/0</f><v>1</v>"))
    (folder / "x-shared-strings.xlsx").write_bytes(shared_strings_bomb())
    (folder / "x-cells.xlsx").write_bytes(cells_bomb())
    _filled(_template(), folder / "x-unit.xlsx", cells={("Disclosure", "G10"): "nan * tCO2e",
                                                       ("Disclosure", "I10"): -5})
    _filled(_template(), folder / "x-share.xlsx", cells={("Disclosure", "G14"): "0 * %", ("Disclosure", "I14"): 130,
                                                        ("Disclosure", "J14"): None, ("Disclosure", "K14"): None})
    _filled(_template(), folder / "x-missing-sheet.xlsx", cells={("Disclosure", "I10"): "see sheet nowhere"})
    return sorted(folder.iterdir())


def test_no_hostile_disclosure_passes_or_crashes_and_the_report_is_strict_json(tmp_path: Path) -> None:
    files = hostile_folder(tmp_path / "hostile")
    r = subprocess.run([sys.executable, "-m", "lode.cli", "check", str(tmp_path / "hostile"), "--root", str(REPO),
                        "--format", "json", "--jobs", "2"], capture_output=True, text=True, timeout=600)

    def refuse(token: str) -> None:
        raise AssertionError(f"non-JSON token {token}")

    doc = json.loads(r.stdout, parse_constant=refuse)
    assert r.returncode in (1, 3) and "Traceback" not in r.stderr, r.stderr[-2000:]
    verdicts = {Path(v["file"]).name: v for v in doc["verdicts"]}
    assert sorted(verdicts) == sorted(f.name for f in files)
    passed = {n: v["findings"] for n, v in verdicts.items() if v["passed"]}
    assert not passed, passed
    for name, v in verdicts.items():
        assert v["status"] in ("FAIL", "REJECTED"), name
        # every file is well-formed: a refusal names the number, the unit or the sheet, never
        # a syntax error leaked from the reader's internals (a 5000-digit integer did)
        codes = {f["code"] for f in v["findings"]}
        assert codes and "yaml-syntax" not in codes and "internal-error" not in codes, (name, codes)
