"""lode check end to end: the examples, the XLSX round trip, both schema engines
agreeing, batch mode, upgrade impact, and pinned behaviour (waiting for lode.release.pins)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, tree_digest

from lode.disclose.batch import check_many
from lode.disclose.document import read_disclosure
from lode.disclose.run import check_file, target
from lode.read.loader import load_file

EX = REPO / "examples" / "disclosures"


@pytest.mark.parametrize("name", ["passing.yaml", "passing.json"])
def test_the_passing_example_passes(name: str, run_lode) -> None:
    code, out, _ = run_lode("check", str(EX / name), "--root", str(REPO))
    assert code == 0 and out.startswith("PASS  ")
    assert "converted ghg-scope-1: 120 ktCO2e = 120000 tCO2e" in out or name.endswith(".json")


@pytest.mark.parametrize("name", ["failing.yaml", "failing.json"])
def test_the_failing_example_fails_once_per_problem(name: str, run_lode) -> None:
    code, out, _ = run_lode("check", str(EX / name), "--root", str(REPO), "--format", "json")
    doc = json.loads(out)
    v = doc["verdicts"][0]
    assert code == 1 and v["status"] == "FAIL" and v["checked-against"]["pinned"] is False
    codes = [f["code"] for f in v["findings"]]
    # one finding per problem: the '1,2' cell is one fact-type, not a type plus a bounds error
    assert codes.count("fact-type") == 2 and codes.count("unknown-metric") == 1
    assert "missing-required" not in codes  # ghg-scope2's did-you-mean already says it


def test_both_engines_agree_on_every_example() -> None:
    from lode.disclose.schema import compiled

    t = target(REPO, "cma-esg-disclosure@2025")
    c = compiled(t.spec, t.digest)
    for f in sorted(EX.glob("*")) + sorted((REPO / "tests" / "cases" / "check").glob("*/disclosure.yaml")):
        try:
            data = read_disclosure(f).data
        except Exception:  # noqa: BLE001 - rejected input never reaches a schema
            continue
        assert c.fast.is_valid(data) == (not list(c.slow.iter_errors(data))), f


def _fill(template: Path, facts: dict, omissions: dict, out: Path, *, text_number: str | None = None) -> None:
    from openpyxl import load_workbook

    from lode.disclose.template import COL, HEADER_ROWS, TABLE_HEADER

    wb = load_workbook(template)
    ws = wb["Disclosure"]
    ws.cell(HEADER_ROWS["entity-name"], 2, "Example Mining Co.")
    ws.cell(HEADER_ROWS["period-start"], 2, dt.date(2025, 1, 1))  # typed date cells
    ws.cell(HEADER_ROWS["period-end"], 2, dt.date(2025, 12, 31))
    rows = {ws.cell(r, 1).value: r for r in range(TABLE_HEADER + 1, ws.max_row + 1)}
    for mid, f in facts.items():
        if isinstance(f["value"], list):
            sheet = wb[mid]
            header = [c.value.split(" (")[0] for c in sheet[1]]
            for i, row in enumerate(f["value"]):
                for j, h in enumerate(header, 1):
                    v = row[h]
                    sheet.cell(3 + i, j, dt.date.fromisoformat(v) if h.endswith("review") else v)
        else:
            ws.cell(rows[mid], COL["value"], f["value"] if mid != text_number else "1,2")
        for k in ("unit", "evidence"):
            if k in f:
                ws.cell(rows[mid], COL[k], f[k])
    for mid, o in omissions.items():
        ws.cell(rows[mid], COL["omission reason"], o["reason"])
        ws.cell(rows[mid], COL["explanation"], o["explanation"])
    wb.save(out)


def test_template_round_trip_gives_the_yaml_verdict(tmp_path: Path, run_lode) -> None:
    code, out, _ = run_lode("template", "cma-esg-disclosure@2025", "-o", str(tmp_path / "t.xlsx"),
                            "--root", str(REPO))
    assert code == 0
    data = load_file(EX / "passing.yaml", "x").data
    _fill(tmp_path / "t.xlsx", data["facts"], data["omissions"], tmp_path / "filled.xlsx")
    xv, yv = check_file(tmp_path / "filled.xlsx", REPO), check_file(EX / "passing.yaml", REPO)
    assert xv.status == yv.status == "PASS"
    assert xv.completeness == yv.completeness and xv.conversions == yv.conversions


def test_a_number_typed_as_text_is_reported_at_its_cell(tmp_path: Path, run_lode) -> None:
    run_lode("template", "cma-esg-disclosure@2025", "-o", str(tmp_path / "t.xlsx"), "--root", str(REPO))
    data = load_file(EX / "passing.yaml", "x").data
    _fill(tmp_path / "t.xlsx", data["facts"], data["omissions"], tmp_path / "bad.xlsx",
          text_number="water-withdrawal-total")
    code, out, _ = run_lode("check", str(tmp_path / "bad.xlsx"), "--root", str(REPO))
    assert code == 1
    assert f"{tmp_path / 'bad.xlsx'}:Disclosure!I" in out and "'1,2' is not a number" in out
    assert "(hint: type the number itself in Disclosure!I" in out and "as a number cell" in out  # workbook terms


def test_batch_summary_and_exit(tmp_path: Path, run_lode) -> None:
    for i in range(6):
        shutil.copy(EX / ("passing.yaml" if i % 2 else "failing.yaml"), tmp_path / f"d{i}.yaml")
    (tmp_path / "broken.yaml").write_text("lode-disclosure: 1\nfacts: &a {}\n")
    before = tree_digest(REPO / "standards")
    code, out, _ = run_lode("check", str(tmp_path), "--root", str(REPO), "--jobs", "2")
    assert tree_digest(REPO / "standards") == before
    assert code == 3  # rejected input outranks failing content
    assert "checked 7 files: 3 PASS, 3 FAIL, 1 REJECTED" in out
    verdicts = check_many(sorted(tmp_path.glob("*.yaml")), REPO, jobs=2)
    assert [v.passed for v in verdicts] == [False, False, True, False, True, False, True]


def test_upgrade_impact(tmp_path: Path, run_lode) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "standards", repo / "standards", ignore=shutil.ignore_patterns("comments", "releases.yaml"))  # this repository's own history: the test makes its own
    std = repo / "standards" / "cma-esg-disclosure"
    text = (std / "2025.yaml").read_text(encoding="utf-8")
    new = text.replace('edition: "2025"', 'edition: "2026"').replace(
        "values: [national, provincial, not-listed]", "values: [national, not-listed]").replace(
        "                  unit: tce\n", "                  unit: GJ\n")
    (std / "2026.yaml").write_text(new, encoding="utf-8")
    (std / "standard.yaml").write_text((std / "standard.yaml").read_text().replace('- "2025"', '- "2025"\n  - "2026"'))
    code, out, err = run_lode("check", str(EX / "passing.yaml"), "--root", str(repo),
                              "--against", "cma-esg-disclosure@2026")
    assert "upgrade impact" in out, err
    assert "change green-mine-listing: 'provincial' is no longer allowed" in out
    assert "convert energy-consumption-total: the unit changes from tce to GJ (cma-esg-disclosure@2026#" in out
    code, out, _ = run_lode("check", str(EX / "passing.yaml"), "--root", str(repo), "--format", "json",
                            "--against", "cma-esg-disclosure@2026")
    changes = json.loads(out)["verdicts"][0]["upgrade-impact"]["changes"]
    assert any(c.startswith("change green-mine-listing") for c in changes) and code == 0


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def released(tmp_path: Path, run_lode, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real git repository with the CMA edition released through `lode release`
    (tag cma-esg-disclosure/2025/r1, issue 11), illustrative content allowed."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "standards", repo / "standards", ignore=shutil.ignore_patterns("comments", "releases.yaml"))  # this repository's own history: the test makes its own
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "corpus")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "t")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "t@t")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "t")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "t@t")
    code, out, err = run_lode("release", "cma-esg-disclosure@2025", "--allow-illustrative")
    assert code == 0, out + err
    return repo


def _pinned(tmp_path: Path, digest: str | None = None) -> Path:
    f = tmp_path / "d.yaml"
    pin = "pin: cma-esg-disclosure@2025/r1" + (f"\ndigest: {digest}" if digest else "")
    f.write_text((EX / "passing.yaml").read_text().replace("pin: cma-esg-disclosure@2025", pin))
    return f


def test_pinned_verdict_shows_tag_commit_digest(released: Path, tmp_path: Path, run_lode) -> None:
    code, out, _ = run_lode("check", str(_pinned(tmp_path)), "--root", str(released), "--format", "json")
    v = json.loads(out)["verdicts"][0]
    at = v["checked-against"]
    assert code == 0 and v["status"] == "PASS" and at["pinned"] is True
    # the tagged commit (lode release then commits the release log on top of it)
    tagged = _git(released, "rev-parse", "cma-esg-disclosure/2025/r1^{commit}")
    assert at["tag"] == "cma-esg-disclosure/2025/r1" and at["commit"] == tagged
    assert at["edition-digest"] == target(released, "cma-esg-disclosure@2025").digest
    assert at["illustrative-allowed"] is True
    _, text, _ = run_lode("check", str(_pinned(tmp_path)), "--root", str(released))
    assert text.startswith("PASS  ") and "UNPINNED" not in text and "--allow-illustrative" in text


def test_a_moved_tag_exits_4(released: Path, tmp_path: Path, run_lode) -> None:
    digest = target(released, "cma-esg-disclosure@2025").digest  # the edition as released
    ed = released / "standards" / "cma-esg-disclosure" / "2025.yaml"
    ed.write_text(ed.read_text().replace("Total energy consumption", "Energy consumption"))
    _git(released, "commit", "-qam", "moved")
    _git(released, "tag", "-f", "-a", "cma-esg-disclosure/2025/r1", "-m", "re-tagged")
    for f in (_pinned(tmp_path), _pinned(tmp_path, digest)):
        code, out, _ = run_lode("check", str(f), "--root", str(released))
        assert code == 4 and out.startswith("PIN FAILED"), out

MUTATIONS = [
    ("facts", "ghg-scope-1", {"value": -1, "unit": "tCO2e"}),
    ("facts", "ghg-scope-1", {"value": 1, "unit": "tCO2e", "colour": "red"}),
    ("facts", "board-esg-oversight", {"value": "true"}),
    ("facts", "green-mine-listing", {"value": ["provincial"]}),
    ("facts", "tailings-facilities", {"value": [{"facility-name": "x"}]}),
    ("facts", "tailings-facilities", {"value": "North dam"}),
    ("omissions", "renewable-energy-share", {"reason": "too-hard", "explanation": "x"}),
    ("omissions", "ghg-scope-9", {"reason": "confidentiality", "explanation": "x"}),
    ("facts", "esg-policy-published", {"value": None}),
    ("entity", "name", ""),
]


@pytest.mark.parametrize("section,key,value", MUTATIONS)
def test_a_file_the_compiled_schema_refuses_never_passes(tmp_path: Path, section: str, key: str, value: object) -> None:
    from lode.disclose.schema import compiled

    data = load_file(EX / "passing.yaml", "x").data
    data[section][key] = value
    f = tmp_path / "d.json"
    f.write_text(json.dumps(data))
    t = target(REPO, "cma-esg-disclosure@2025")
    c = compiled(t.spec, t.digest)
    assert not c.fast.is_valid(data) and list(c.slow.iter_errors(data))  # both engines refuse it
    v = check_file(f, REPO)
    assert not v.passed and v.status == "FAIL"
    assert all(x.line for x in v.findings), "every finding is located"


def test_checking_leaves_the_disclosures_data_as_it_was_read() -> None:
    """The checks read the document's own mappings (no copies on the common path), so none
    may write to them: a file checked twice, or indexed after its check, must be the file
    read. Every case of tests/cases/check, each checked twice with the same verdicts."""
    import copy

    from lode.disclose.run import check_all

    checked = 0
    for f in sorted((REPO / "tests" / "cases" / "check").glob("*/disclosure.yaml")):
        try:
            d = read_disclosure(f)
        except Exception:  # noqa: BLE001 - rejected input never reaches a check
            continue
        before = copy.deepcopy(d.data)
        try:
            first = check_all(d, REPO)
        except Exception:  # noqa: BLE001 - a pin failure stops before the checks
            continue
        assert d.data == before, f
        assert check_all(d, REPO) == first, f
        checked += 1
    assert checked >= 15  # most cases reach the checks


def test_no_disclosure_however_broken_is_changed_by_its_check(tmp_path: Path) -> None:
    """The same as above over any file: the passing example with facts and omissions
    replaced, added and renamed at random (wrong shapes, hostile units, unknown,
    misspelt and doubled ids, reversed periods), as JSON and YAML. Its data after the
    check is its data before, and a second check gives the same verdicts."""
    import copy

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from lode.disclose.run import check_all

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    base = load_file(EX / "passing.yaml", "x").data
    ids = sorted(base["facts"])
    values = st.one_of(st.integers(-10, 10**7), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5),
                       st.booleans(), st.none(), st.lists(st.integers(), max_size=2))
    units = st.sampled_from(["t", "kt", "万吨", "m3", "nan * %", "1e400", "", "tCO2e", "persons", "GJ"])
    fact = st.one_of(values, st.fixed_dictionaries({}, optional={"value": values, "unit": units}))
    omission = st.one_of(st.text(max_size=3), st.fixed_dictionaries(
        {"reason": st.sampled_from(["confidentiality", "not-applicable", "nope"]), "explanation": st.text(max_size=5)}))
    key = st.one_of(st.sampled_from(ids), st.sampled_from(ids).map(lambda k: k.upper().replace("-", "_")),
                    st.sampled_from(["ghg-scope-9", "x#y"]))
    change = st.tuples(st.sampled_from(["facts", "omissions"]), key, st.one_of(fact, omission))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(change, max_size=5), st.booleans(), st.booleans())
    def check(changes: list, reversed_period: bool, as_yaml: bool) -> None:
        data = copy.deepcopy(base)
        for section, k, v in changes:
            data.setdefault(section, {})[k] = v
        if reversed_period:
            data["period"] = {"start": "2026-12-31", "end": "2025-01-01"}
        f = tmp_path / ("d.yaml" if as_yaml else "d.json")
        if as_yaml:  # the full loader's path (every position recorded), not JSON's
            with open(f, "w", encoding="utf-8") as out:
                yaml.dump(data, out)
        else:
            f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        try:
            d = read_disclosure(f)
        except Exception:  # noqa: BLE001 - rejected input never reaches a check
            return
        before = copy.deepcopy(d.data)
        first = check_all(d, REPO)
        assert d.data == before
        assert check_all(d, REPO) == first

    check()


def test_a_fact_with_no_value_or_no_mapping_is_the_envelopes_finding_alone(tmp_path: Path) -> None:
    """A failing file's facts are explained at their values only: a fact with no value, or
    one that is not a mapping, is said once, by the envelope's check (and as not disclosed),
    beside another fact's wrong value, whose own finding is still there."""
    data = load_file(EX / "passing.yaml", "x").data
    data["facts"]["ghg-scope-1"] = {"unit": "tCO2e"}
    data["facts"]["ghg-scope-2"] = 5
    data["facts"]["green-mine-listing"]["value"] = "regional"
    f = tmp_path / "d.json"
    f.write_text(json.dumps(data))
    said = sorted((x.code, x.pointer) for x in check_file(f, REPO).findings)
    assert said == [("fact-enum", "/facts/green-mine-listing/value"),
                    ("missing-required", "/facts/ghg-scope-1"), ("missing-required", "/facts/ghg-scope-2"),
                    ("schema-required", "/facts/ghg-scope-1"), ("schema-type", "/facts/ghg-scope-2")]
