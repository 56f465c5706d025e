"""Issue 21, attack classes `unit` and `number`: a unit is read by Lode's closed grammar
(never pint's expression evaluator), every number is finite after parsing and after
conversion, and a value a check cannot judge is refused, never passed."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lode.core.units import EXAMPLES, UnitError, accepted, convert, factor, parse

EX = REPO / "examples" / "disclosures"
PASSING = (EX / "passing.yaml").read_text(encoding="utf-8")


def _strict(text: str) -> dict:
    """JSON as the standard defines it: NaN and Infinity are not JSON."""
    def refuse(token: str) -> None:
        raise AssertionError(f"non-JSON token {token} in the report")
    return json.loads(text, parse_constant=refuse)


def _disclosure(tmp_path: Path, metric: str, fact: str, name: str = "d.yaml") -> Path:
    """The passing example with one fact replaced (YAML flow mapping text)."""
    text = PASSING
    if metric == "renewable-energy-share":  # the example omits it; a value and an omission would clash
        text = text.replace("\nomissions:\n  renewable-energy-share:\n    reason: information-unavailable\n"
                            "    explanation: Metering of purchased green electricity starts in 2026.\n", "\n")
        assert "omissions" not in text
    lines = [ln for ln in text.splitlines() if not ln.startswith(f"  {metric}:")]
    lines.insert(lines.index("facts:") + 1, f"  {metric}: {fact}")
    f = tmp_path / name
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


# --- the spellings reports use -------------------------------------------------------------

@pytest.mark.parametrize("given_unit,expected,factor_", [
    ("kt CO2e", "tCO2e", 1e3), ("t CO2e", "tCO2e", 1), ("tCO₂e", "tCO2e", 1), ("万吨CO2e", "tCO2e", 1e4),
    ("万t", "t", 1e4), ("Mt CO2e", "tCO2e", 1e6), ("tonnes CO2e", "tCO2e", 1), ("ｋｔ　ＣＯ２ｅ", "tCO2e", 1e3),
    ("kt", "t", 1e3), ("万吨二氧化碳当量", "tCO2e", 1e4), ("亿元", "CNY", 1e8), ("万立方米", "m3", 1e4),
    ("m³", "m3", 1), ("km2", "ha", 100), ("万吨标准煤", "tce", 1e4), ("tCO2e/kt ore", "tCO2e/t ore", 1e-3),
    ("每百万工时", "per million hours worked", 1), ("％", "%", 1)])
def test_the_spellings_chinese_and_english_reports_use_convert(given_unit: str, expected: str, factor_: float) -> None:
    assert factor(given_unit, expected) == pytest.approx(factor_)


def test_kt_is_a_kilotonne_not_a_knot() -> None:
    assert convert(120, "kt", "t").value == 120_000
    with pytest.raises(UnitError):
        factor("kt", "m")  # a knot would be a speed; a kilotonne is no length either


# Each of these was read by pint's expression evaluator: passed, exited 70 or hung.
HOSTILE_UNITS = ["nan * %", "0 * %", "nan * tCO2e", "1/0", "(tCO2e", "__import__('os')", "tCO2e * 10**1000",
                 "10**10**10", "inf * tCO2e", "tCO2e^9", "1000 tCO2e", "tCO2e)", "t" * 70, "", "kt*" * 8 + "kt"]


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_a_hostile_unit_is_refused_by_the_grammar(unit: str) -> None:
    with pytest.raises(UnitError):
        parse(unit)


@pytest.mark.parametrize("metric,value,unit", [
    ("renewable-energy-share", 130, "nan * %"), ("renewable-energy-share", 130, "0 * %"),
    ("ghg-scope-2", -5, "nan * tCO2e"), ("ghg-scope-2", 5, "1/0"), ("ghg-scope-2", 5, "(tCO2e"),
    ("ghg-scope-2", 5, "__import__('os')"), ("ghg-scope-2", 5, "tCO2e * 10**1000")])
def test_a_hostile_unit_is_a_fact_unit_finding_listing_the_accepted_spellings(
        tmp_path: Path, run_lode, metric: str, value: float, unit: str) -> None:
    f = _disclosure(tmp_path, metric, json.dumps({"value": value, "unit": unit}, ensure_ascii=False))
    code, out, _ = run_lode("check", str(f), "--root", str(REPO), "--format", "json")
    v = _strict(out)["verdicts"][0]
    assert code == 1 and v["status"] == "FAIL", out
    [finding] = [x for x in v["findings"] if x["code"] == "fact-unit"]
    assert finding["line"] > 0 and finding["pointer"] == f"/facts/{metric}/unit"
    expected = "%" if metric == "renewable-energy-share" else "tCO2e"
    assert finding["hint"].startswith("write the unit as one of: " + ", ".join(accepted(expected)[:2]))


def test_a_unit_that_used_to_hang_is_refused_at_once(tmp_path: Path) -> None:
    """10**10**10 made pint compute a number with ten billion digits; a subprocess with a
    timeout only guards the suite against that hang."""
    f = _disclosure(tmp_path, "ghg-scope-2", '{value: 5, unit: "10**10**10"}')
    r = subprocess.run([sys.executable, "-m", "lode.cli", "check", str(f), "--root", str(REPO), "--format", "json"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "fact-unit" in r.stdout


# --- numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix,fact", [
    (".yaml", "{value: 1e400, unit: tCO2e}"), (".yaml", "{value: -1e400, unit: tCO2e}"),
    (".json", None)])
def test_an_overflowing_number_is_refused_not_infinity(tmp_path: Path, run_lode, suffix: str, fact: str | None) -> None:
    if suffix == ".json":
        data = json.loads((EX / "passing.json").read_text(encoding="utf-8"))
        f = tmp_path / "d.json"
        f.write_text(json.dumps(data, ensure_ascii=False).replace('"ghg-scope-2": {"value": 85000',
                                                                 '"ghg-scope-2": {"value": 1e400'), encoding="utf-8")
        assert "1e400" in f.read_text(encoding="utf-8")
    else:
        f = _disclosure(tmp_path, "ghg-scope-2", fact)
    code, out, _ = run_lode("check", str(f), "--root", str(REPO), "--format", "json")
    v = _strict(out)["verdicts"][0]
    assert code == 3 and v["status"] == "REJECTED"
    [finding] = v["findings"]
    assert finding["code"] == "yaml-number" and finding["line"] > 0


def test_a_conversion_that_overflows_is_refused(tmp_path: Path, run_lode) -> None:
    f = _disclosure(tmp_path, "ghg-scope-2", "{value: 1.0e300, unit: 亿吨CO2e}")
    f.write_text(f.read_text(encoding="utf-8").replace("1.0e300", "1.7e308"), encoding="utf-8")
    code, out, _ = run_lode("check", str(f), "--root", str(REPO), "--format", "json")
    v = _strict(out)["verdicts"][0]
    assert code == 1 and [x["code"] for x in v["findings"] if x["severity"] == "error"] == ["fact-unit"]
    assert "out of range" in next(x["message"] for x in v["findings"] if x["code"] == "fact-unit")


# --- properties ---------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("tkMGgJWhmcLl%*/^()·0123456789. -_eEinaCO2₂万亿吨元人例起")
                            + ["nan", "inf", "**", "CO2e", "per ", "ore", "__", "'"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=20).map("".join) | st.text(max_size=80))
def test_property_any_text_is_a_unit_of_finite_nonzero_scale_or_a_unit_error(text: str) -> None:
    try:
        u = parse(text)
    except UnitError:
        return
    assert math.isfinite(u.scale) and u.scale > 0
    assert all(-18 <= p <= 18 for _, p in u.powers)
    for n in ("nan", "inf", "(", ")", "0", "__"):
        assert n not in text.replace("CO2", "").replace("₂", "").replace("m2", "").replace("m3", ""), text


_MASS = {"t": 1, "kt": 1e3, "Mt": 1e6, "kg": 1e-3, "吨": 1, "tonnes": 1}
_MULT = {"": 1, "万": 1e4, "亿": 1e8, "千": 1e3}
_OF = {"": "t", " CO2e": "tCO2e", "CO2e": "tCO2e", "CO₂e": "tCO2e", "二氧化碳当量": "tCO2e"}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(_MULT)), st.sampled_from(sorted(_MASS)), st.sampled_from(sorted(_OF)),
       st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_property_a_composed_spelling_converts_by_its_parts(multiple: str, mass: str, of: str, value: float) -> None:
    spelling = f"{multiple}{mass}{of}"
    c = convert(value, spelling, _OF[of])
    assert c.value == pytest.approx(value * _MULT[multiple] * _MASS[mass], rel=1e-9, abs=1e-9)


_PAIRS = sorted({(g, e) for e in ("tCO2e", "t", "tce", "m3", "MWh", "%") for g in accepted(e)})


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_PAIRS), st.floats(allow_nan=False, allow_infinity=False)
       | st.floats(min_value=-1e9, max_value=1e9) | st.integers(-(10**20), 10**20))
def test_property_a_converted_value_is_the_product_to_nine_places(pair: tuple[str, str], value: float) -> None:
    """The report's number is the product rounded to nine places, a whole number written
    as one (120 ktCO2e is 120000 tCO2e), whether or not the conversion skips rounding; a
    value in the edition's own spelling is kept as written."""
    given_unit, expected = pair
    if given_unit == expected:
        assert convert(value, given_unit, expected).value is value
        return
    try:
        f = factor(given_unit, expected)
    except UnitError:
        return  # not of one dimension: refused, never converted
    try:
        exact = value * f
    except OverflowError:
        exact = math.inf
    if not math.isfinite(exact):
        with pytest.raises(UnitError):
            convert(value, given_unit, expected)
        return
    want = round(exact, 9)
    if want.is_integer() and abs(want) < 2**53:
        want = int(want)
    got = convert(value, given_unit, expected).value
    assert got == want and type(got) is type(want)


_VALUES = st.one_of(st.floats(allow_nan=False), st.integers(min_value=-(2**53), max_value=2**53),
                    st.sampled_from([1e308, -1e308, 1.7976931348623157e308, 5e-324]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_VALUES, unit=st.sampled_from(["%", "‰", "nan * %", "0 * %", "％"] + list(EXAMPLES[:12])))
def test_property_a_share_outside_0_to_100_never_passes(tmp_path: Path, run_lode, value: float, unit: str) -> None:
    """renewable-energy-share is 0..100 %: whatever the value and unit, a verdict that
    passes has a finite value within the range once converted, and the JSON is strict."""
    text = json.dumps({"value": value, "unit": unit}, ensure_ascii=False) if math.isfinite(value) \
        else '{"value": 1e400, "unit": "%"}'
    f = _disclosure(tmp_path, "renewable-energy-share", text)
    code, out, _ = run_lode("check", str(f), "--root", str(REPO), "--format", "json")
    assert code in (0, 1, 3)
    v = _strict(out)["verdicts"][0]
    if v["passed"]:
        try:
            pct = convert(value, unit, "%").value
        except UnitError:
            pytest.fail(f"a unit Lode cannot read passed: {unit!r}")
        assert math.isfinite(pct) and 0 <= pct <= 100, (value, unit)
