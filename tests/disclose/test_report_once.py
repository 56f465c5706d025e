"""Report once: one disclosure, several pins, facts answering the other pins' metrics
through metric-level `equal` crosswalk rows, one verdict per pin."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from reportonce_helpers import ROWS, make_repo

from conftest import REPO

PASSING = REPO / "examples" / "disclosures" / "passing.yaml"


def _cma_facts_with_pins(tmp: Path, pins: list[str] | None, drop: tuple[str, ...] = ()) -> Path:
    data = yaml.safe_load(PASSING.read_text(encoding="utf-8"))
    del data["pin"]
    if pins:
        data["pins"] = pins
    for k in drop:
        data["facts"].pop(k)
    out = tmp / "filing.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def test_cma_facts_answer_the_second_pin_through_mappings_and_say_which(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    f = _cma_facts_with_pins(tmp_path, None)
    code, out, _ = run_lode("check", str(f), "--root", str(root), "--pin", "cma-esg-disclosure@2025",
                            "--pin", "xchg@2024", "--format", "json")
    doc = json.loads(out)
    assert code == 0, out
    cma, xchg = doc["verdicts"]
    assert cma["checked-against"]["edition"] == "cma-esg-disclosure@2025" and cma["carried"] == []
    assert xchg["checked-against"]["edition"] == "xchg@2024" and xchg["status"] == "PASS"
    through = {c["metric"]: c for c in xchg["carried"]}
    assert set(through) == {"scope-1", "scope-2", "fatalities"}
    assert through["scope-1"]["from"] == "cma-esg-disclosure@2025#ghg-scope-1"
    assert through["scope-1"]["mapping"] == "ghg-scope-1.scope-1"
    assert through["scope-1"]["crosswalk"] == "standards/cma-esg-disclosure/crosswalks/2025--xchg@2024.yaml"
    # converted into the second framework's unit: 85000 tCO2e is 85 ktCO2e; 120 ktCO2e stays
    conv = {c["metric"]: c for c in xchg["conversions"]}
    assert conv["scope-2"]["converted"] == 85 and conv["scope-2"]["to"] == "ktCO2e"
    assert xchg["completeness"]["overall"]["required"] == {"total": 3, "disclosed": 3, "omitted": 0}
    code, text, _ = run_lode("check", str(f), "--root", str(root), "--pin", "cma-esg-disclosure@2025",
                             "--pin", "xchg@2024")
    assert "through standards/cma-esg-disclosure/crosswalks/2025--xchg@2024.yaml row ghg-scope-1.scope-1: " \
           "scope-1 answered by facts 'ghg-scope-1' (cma-esg-disclosure@2025#ghg-scope-1)" in text


def test_pins_in_the_file_and_a_missing_fact_fails_both_where_it_should(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    f = _cma_facts_with_pins(tmp_path, ["cma-esg-disclosure@2025", "xchg@2024"], drop=("ghg-scope-2",))
    code, out, _ = run_lode("check", str(f), "--root", str(root), "--format", "json")
    cma, xchg = json.loads(out)["verdicts"]
    assert code == 1
    assert [x["message"] for x in cma["findings"] if x["code"] == "missing-required"] == [
        "required metric ghg-scope-2 (Energy indirect (Scope 2) greenhouse gas emissions) is not disclosed"]
    assert [x["message"] for x in xchg["findings"] if x["code"] == "missing-required"] == [
        "required metric scope-2 (Scope 2 emissions) is not disclosed"]


def test_a_fact_keyed_by_the_second_framework_answers_the_first(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    data = yaml.safe_load(PASSING.read_text(encoding="utf-8"))
    del data["pin"]
    data["pins"] = ["cma-esg-disclosure@2025", "xchg@2024"]
    data["facts"]["xchg#scope-1"] = {"value": 120, "unit": "ktCO2e"}
    del data["facts"]["ghg-scope-1"]
    f = tmp_path / "f.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, _ = run_lode("check", str(f), "--root", str(root), "--format", "json")
    cma, xchg = json.loads(out)["verdicts"]
    assert code == 0, out
    assert [c["metric"] for c in cma["carried"]] == ["ghg-scope-1"]
    assert {c["metric"]: c["converted"] for c in cma["conversions"]}["ghg-scope-1"] == 120000


def test_only_equal_rows_carry_a_fact(tmp_path: Path, run_lode) -> None:
    rows = [(a, b, "subset-of" if b == "scope-2" else rel) for a, b, rel in ROWS]
    root = make_repo(tmp_path, rows)
    f = _cma_facts_with_pins(tmp_path, ["cma-esg-disclosure@2025", "xchg@2024"])
    code, out, _ = run_lode("check", str(f), "--root", str(root), "--format", "json")
    xchg = json.loads(out)["verdicts"][1]
    assert code == 1 and "scope-2" not in {c["metric"] for c in xchg["carried"]}
    assert "missing-required" in {x["code"] for x in xchg["findings"]}


def test_pins_disagreeing_with_the_command_line_are_refused(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    f = _cma_facts_with_pins(tmp_path, ["cma-esg-disclosure@2025", "xchg@2024"])
    code, out, err = run_lode("check", str(f), "--root", str(root), "--pin", "xchg@2024")
    assert code == 4 and "pin-conflict" in out + err


def test_the_batch_summary_is_per_pin(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    a = _cma_facts_with_pins(tmp_path, ["cma-esg-disclosure@2025", "xchg@2024"])
    b = tmp_path / "b.yaml"
    b.write_text(a.read_text(encoding="utf-8").replace("ghg-scope-2:", "ghg-scope-two:"), encoding="utf-8")
    code, out, _ = run_lode("check", str(a), str(b), "--root", str(root))
    assert code == 1
    assert "  cma-esg-disclosure@2025: 1 PASS, 1 FAIL" in out
    assert "  xchg@2024: 1 PASS, 1 FAIL; 5 answers through mappings" in out


def test_one_index_per_pin_says_what_came_through_which_row(tmp_path: Path, run_lode) -> None:
    from openpyxl import load_workbook

    root = make_repo(tmp_path)
    f = _cma_facts_with_pins(tmp_path, ["cma-esg-disclosure@2025", "xchg@2024"])
    code, out, _ = run_lode("index", str(f), "--root", str(root), "--lang", "zh", "--framework", "xchg")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# 交易所示例指引索引表"
    assert lines[2].startswith("- 核对依据 xchg@2024（未固定版本：工作区文本，并非发布版本），版次摘要值 sha256:")
    row = next(x for x in lines if x.startswith("| scope-2 "))
    assert "| scope-2 | 第二十一条 | 应对气候变化 | 范围二排放 | 必须披露 | 已披露 | 85000 | tCO2e |" in row
    assert "cma-esg-disclosure@2025#ghg-scope-2 (standards/cma-esg-disclosure/crosswalks/2025--xchg@2024.yaml " \
           "row ghg-scope-2.scope-2)" in row
    code, _, _ = run_lode("index", str(f), "--root", str(root), "--lang", "en", "-o", str(tmp_path / "i.xlsx"))
    wb = load_workbook(tmp_path / "i.xlsx")
    assert code == 0 and wb.sheetnames == ["cma-esg-disclosure 2025", "xchg 2024"]
    ws = wb["xchg 2024"]
    assert ws["A1"].value == "Content index: Exchange example guideline"
    assert ws["A2"].value.startswith("checked against xchg@2024 (UNPINNED") and "edition digest sha256:" in ws["A2"].value
    assert [c.value for c in ws[5]][:6] == ["metric", "number", "topic", "title", "requirement", "status"]
    assert [ws.cell(r, 1).value for r in range(6, 9)] == ["scope-1", "scope-2", "fatalities"]


def test_no_index_from_a_disclosure_that_fails_a_pin(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    f = _cma_facts_with_pins(tmp_path, ["cma-esg-disclosure@2025", "xchg@2024"], drop=("work-related-fatalities",))
    code, out, err = run_lode("index", str(f), "--root", str(root), "--framework", "xchg")
    assert code == 1 and out == "" and "required metric fatalities" in err


def test_comply_or_explain_reads_complied_or_explained(tmp_path: Path, run_lode) -> None:
    from lode.disclose.run import target
    from lode.disclose.sample import sample_disclosure

    spec = target(REPO, "cn-exchanges-sr@2024").spec
    data = sample_disclosure(spec, "cn-exchanges-sr@2024")
    coe = [m for m in spec.metrics if m.requirement == "comply-or-explain"]
    gone = coe[0].id
    del data["facts"][gone]
    data["omissions"] = {gone: {"reason": "information-unavailable", "explanation": "Metering starts in 2026."}}
    f = tmp_path / "f.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run_lode("index", str(f), "--root", str(REPO), "--lang", "en")
    assert code == 0
    assert f"| explained |  |  | information-unavailable: Metering starts in 2026. |" in next(
        x for x in out.splitlines() if x.startswith(f"| {gone} "))
    assert "| comply-or-explain | complied |" in next(x for x in out.splitlines() if x.startswith(f"| {coe[1].id} "))
    code, out, _ = run_lode("index", str(f), "--root", str(REPO), "--lang", "zh")
    assert "| 不遵守就解释 | 解释 |" in next(x for x in out.splitlines() if x.startswith(f"| {gone} "))


def test_a_template_for_two_pins_has_one_row_per_concept_and_reads_back(tmp_path: Path, run_lode) -> None:
    import datetime as dt

    from openpyxl import load_workbook

    from lode.disclose.template import COL, COLUMNS, HEADER_ROWS, TABLE_HEADER

    root = make_repo(tmp_path)
    out = tmp_path / "both.xlsx"
    code, said, _ = run_lode("template", "cma-esg-disclosure@2025", "xchg@2024", "--root", str(root), "-o", str(out))
    assert code == 0 and "3 metric pairs share a row" in said
    wb = load_workbook(out)
    ws = wb["Disclosure"]
    assert ws.cell(HEADER_ROWS["pin"], 2).value == "cma-esg-disclosure@2025, xchg@2024"
    extra = len(COLUMNS) + 1
    assert [ws.cell(TABLE_HEADER, extra + j).value for j in (0, 1)] == ["id: cma-esg-disclosure@2025",
                                                                       "id: xchg@2024"]
    rows = {ws.cell(r, 1).value: r for r in range(TABLE_HEADER + 1, ws.max_row + 1)}
    r = rows["ghg-scope-2"]
    assert (ws.cell(r, extra).value, ws.cell(r, extra + 1).value) == ("ghg-scope-2", "scope-2")
    assert "scope-2" not in rows and "xchg#scope-2" not in rows  # one row per concept
    data = yaml.safe_load(PASSING.read_text(encoding="utf-8"))
    ws.cell(HEADER_ROWS["entity-name"], 2, "Example Mining Co.")
    ws.cell(HEADER_ROWS["period-start"], 2, dt.date(2025, 1, 1))
    ws.cell(HEADER_ROWS["period-end"], 2, dt.date(2025, 12, 31))
    for mid, fact in data["facts"].items():
        if isinstance(fact["value"], list):
            continue
        ws.cell(rows[mid], COL["value"], fact["value"])
        if "unit" in fact:
            ws.cell(rows[mid], COL["unit"], fact["unit"])
    for mid in ("tailings-facilities", "overseas-projects", "renewable-energy-share"):
        ws.cell(rows[mid], COL["value"], None)
        ws.cell(rows[mid], COL["omission reason"], "information-unavailable")
        ws.cell(rows[mid], COL["explanation"], "Not yet collected.")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    code, said, _ = run_lode("check", str(filled), "--root", str(root), "--format", "json")
    cma, xchg = json.loads(said)["verdicts"]
    assert code == 0, said
    assert cma["checked-against"]["edition"] == "cma-esg-disclosure@2025" and cma["passed"]
    assert {c["metric"] for c in xchg["carried"]} == {"scope-1", "scope-2", "fatalities"}
    assert {c["metric"]: c["converted"] for c in xchg["conversions"]}["scope-2"] == 85


def test_cma_keyed_facts_answer_the_exchanges_guideline_in_the_shipped_corpus(run_lode) -> None:
    # The check: a disclosure keyed by CMA ids, checked with a second pin on the
    # exchanges' guideline, answers some of its metrics through mappings and says which.
    code, out, _ = run_lode("check", str(PASSING), "--root", str(REPO), "--pin", "cma-esg-disclosure@2025",
                            "--pin", "cn-exchanges-sr@2024", "--format", "json")
    cma, xchg = json.loads(out)["verdicts"]
    assert cma["passed"] and xchg["checked-against"]["edition"] == "cn-exchanges-sr@2024"
    through = {c["metric"]: (c["from"], c["mapping"]) for c in xchg["carried"]}
    assert through["art-26-scope-1"] == ("cma-esg-disclosure@2025#ghg-scope-1", "ghg-scope-1.art-26-scope-1")
    assert len(through) >= 3
    # the facts it did not get are the ones it says are missing, and no carried one among them
    missing = {x["pointer"].split("/")[-1] for x in xchg["findings"] if x["code"] == "missing-required"}
    assert missing and not missing & set(through)


def test_the_dual_listed_example_passes_three_frameworks_and_its_variant_fails(run_lode) -> None:
    ex = REPO / "examples" / "disclosures"
    code, out, _ = run_lode("check", str(ex / "dual-listed-miner-2025.yaml"), "--root", str(REPO), "--format", "json")
    verdicts = json.loads(out)["verdicts"]
    assert code == 0 and [v["checked-against"]["edition"] for v in verdicts] == [
        "cn-exchanges-sr@2024", "hkex-esg@2025", "cma-esg-disclosure@2025"]
    assert all(v["status"] == "PASS" for v in verdicts)
    cma = verdicts[2]
    assert any("illustrative placeholders" in c for c in cma["caveats"])
    code, out, _ = run_lode("check", str(ex / "dual-listed-miner-2025-failing.yaml"), "--root", str(REPO),
                            "--format", "json")
    verdicts = json.loads(out)["verdicts"]
    assert code == 1 and all(v["status"] == "FAIL" for v in verdicts)
    named = [sorted((f["code"], f["pointer"]) for f in v["findings"] if f["severity"] == "error") for v in verdicts]
    assert named == [[("fact-unit", "/facts/art-31-hazardous/unit"), ("missing-required", "/facts/art-26-scope-2")],
                     # a carried fact's finding points at the key the company wrote
                     [("fact-unit", "/facts/art-31-hazardous/unit"), ("missing-required", "/facts/a1-2-scope-2")],
                     [("missing-required", "/facts/ghg-scope-2")]]


def test_a_fact_given_under_the_editions_own_id_wins_over_a_carried_one(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    data = yaml.safe_load(PASSING.read_text(encoding="utf-8"))
    del data["pin"]
    data["pins"] = ["cma-esg-disclosure@2025", "xchg@2024"]
    data["facts"]["scope-1"] = {"value": 121, "unit": "ktCO2e"}  # only xchg has this id: no prefix needed
    f = tmp_path / "f.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, _ = run_lode("check", str(f), "--root", str(root), "--format", "json")
    xchg = json.loads(out)["verdicts"][1]
    assert code == 0 and {c["metric"] for c in xchg["carried"]} == {"scope-2", "fatalities"}
    assert not [c for c in xchg["conversions"] if c["metric"] == "scope-1"]  # 121 ktCO2e, its own unit


def test_an_id_two_pinned_editions_share_must_say_which(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    ed = root / "standards" / "xchg" / "2024.yaml"
    ed.write_text(ed.read_text(encoding="utf-8").replace("id: fatalities", "id: work-related-fatalities"),
                  encoding="utf-8")
    (root / "standards" / "cma-esg-disclosure" / "crosswalks" / "2025--xchg@2024.yaml").write_text(
        __import__("reportonce_helpers").crosswalk(ROWS[:2]), encoding="utf-8")
    f = _cma_facts_with_pins(tmp_path, ["cma-esg-disclosure@2025", "xchg@2024"])
    code, out, _ = run_lode("check", str(f), "--root", str(root), "--format", "json")
    cma, xchg = json.loads(out)["verdicts"]
    assert code == 1
    for v, std in ((cma, "cma-esg-disclosure"), (xchg, "xchg")):
        amb = [x for x in v["findings"] if x["code"] == "fact-ambiguous"]
        assert len(amb) == 1 and f"write it as {std}#work-related-fatalities" in amb[0]["hint"]
        assert amb[0]["line"] > 0
    f.write_text(f.read_text(encoding="utf-8").replace("  work-related-fatalities:", "  cma-esg-disclosure#work-related-fatalities:"),
                 encoding="utf-8")
    code, out, _ = run_lode("check", str(f), "--root", str(root), "--format", "json")
    cma, xchg = json.loads(out)["verdicts"]
    assert cma["passed"] and not xchg["passed"]  # no equal row for it here: xchg still lacks it
    assert [x["code"] for x in xchg["findings"] if x["severity"] == "error"] == ["missing-required"]


def test_a_fact_without_a_unit_is_carried_in_its_own_metrics_unit(tmp_path: Path, run_lode) -> None:
    root = make_repo(tmp_path)
    data = yaml.safe_load(PASSING.read_text(encoding="utf-8"))
    del data["pin"]
    data["pins"] = ["cma-esg-disclosure@2025", "xchg@2024"]
    data["facts"]["ghg-scope-2"] = {"value": 85000}  # CMA's unit, tCO2e, is assumed (and warned) there
    f = tmp_path / "f.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, _ = run_lode("check", str(f), "--root", str(root), "--format", "json")
    cma, xchg = json.loads(out)["verdicts"]
    assert [x["code"] for x in cma["findings"]] == ["unit-assumed"]
    conv = {c["metric"]: c for c in xchg["conversions"]}["scope-2"]
    assert (conv["value"], conv["unit"], conv["converted"], conv["to"]) == (85000, "tCO2e", 85, "ktCO2e")
    assert not xchg["findings"]


def test_a_concept_left_empty_in_a_two_pin_workbook_is_located_at_its_row_for_both(tmp_path: Path,
                                                                                  run_lode) -> None:
    import datetime as dt

    from openpyxl import load_workbook

    from lode.disclose.template import COL, HEADER_ROWS, TABLE_HEADER

    root = make_repo(tmp_path)
    out = tmp_path / "both.xlsx"
    run_lode("template", "cma-esg-disclosure@2025", "xchg@2024", "--root", str(root), "-o", str(out))
    wb = load_workbook(out)
    ws = wb["Disclosure"]
    ws.cell(HEADER_ROWS["entity-name"], 2, "Example Mining Co.")
    ws.cell(HEADER_ROWS["period-start"], 2, dt.date(2025, 1, 1))
    ws.cell(HEADER_ROWS["period-end"], 2, dt.date(2025, 12, 31))
    rows = {ws.cell(r, 1).value: r for r in range(TABLE_HEADER + 1, ws.max_row + 1)}
    ws.cell(rows["ghg-scope-1"], COL["value"], 120)
    ws.cell(rows["ghg-scope-1"], COL["unit"], "ktCO2e")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    code, said, _ = run_lode("check", str(filled), "--root", str(root))
    row = rows["ghg-scope-2"]
    assert code == 1
    assert f"filled.xlsx:Disclosure!I{row}: error[missing-required] required metric ghg-scope-2 " in said
    assert f"filled.xlsx:Disclosure!I{row}: error[missing-required] required metric scope-2 " in said
