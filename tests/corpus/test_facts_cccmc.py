"""Pin the structural facts the sources verify for the Chinese guidelines.

Covers CCCMC's GSRM (2014, 2017) and Due Diligence Guidelines (2015, 2022), the two China
Mining Association ESG standards (2025) and MOFCOM's overseas social responsibility work
guidelines (2025). The facts come from shared/reference/sources.md; each test fails when an
edit breaks one of them (counts, numbering, order, id stability across editions, dates) or
one of the honesty rules (every node has a fidelity and sources, nothing claims official
text, placeholders stay marked as placeholders).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from corpus_helpers import all_nodes, assert_provenance, edition, standard, walk

# standard id -> edition names, oldest first
CHINESE = {
    "cccmc-gsrm": ["2014", "2017"],
    "cccmc-ddg": ["2015", "2022", "2026-draft"],  # the draft is the fictional consultation example
    "cma-esg-disclosure": ["2025"],
    "cma-esg-rating": ["2025"],
    "mofcom-overseas-sr": ["2025"],
}
EDITIONS = [(s, e) for s, eds in CHINESE.items() for e in eds]
FIDELITIES = {"verified", "secondary", "inferred", "illustrative"}

GSRM_2014_ARTICLES = [
    ("organizational-governance", "第一条", "组织治理"),
    ("fair-operating-practices", "第二条", "公平运营实践"),
    ("value-chain-management", "第三条", "价值链管理"),
    ("human-rights", "第四条", "人权"),
    ("labour-practices", "第五条", "劳工实践"),
    ("occupational-health-and-safety", "第六条", "职业健康与安全(OHS)"),
    ("environment", "第七条", "环境"),
    ("community-engagement", "第八条", "社区参与"),
]


# --- helpers ------------------------------------------------------------------------


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in all_nodes(data)}


def parent_of(data: dict[str, Any], node_id: str) -> dict[str, Any] | None:
    for n, p in walk(data["nodes"]):
        if n["id"] == node_id:
            return p
    raise KeyError(node_id)


def of_kind(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [n for n in all_nodes(data) if n["kind"] == kind]


def has_key_anywhere(value: Any, key: str) -> bool:
    if isinstance(value, dict):
        return key in value or any(has_key_anywhere(v, key) for v in value.values())
    if isinstance(value, list):
        return any(has_key_anywhere(v, key) for v in value)
    return False


# --- every file: identity and honesty ---------------------------------------------------


@pytest.mark.parametrize("std", sorted(CHINESE))
def test_standard_lists_its_editions(std: str) -> None:
    data = standard(std)
    assert data["id"] == std
    assert data["kind"] == "guideline"
    assert data["editions"] == CHINESE[std]


@pytest.mark.parametrize(("std", "ed"), EDITIONS)
def test_edition_identity_and_language(std: str, ed: str) -> None:
    data = edition(std, ed)
    assert data["standard"] == std
    assert data["edition"] == ed
    assert data["language"] == "zh"
    assert data["translations"] == {"en": "working"}
    assert data.get("notes", {}).get("en"), "every edition says what is unknown about it"


@pytest.mark.parametrize(("std", "ed"), EDITIONS)
def test_every_node_has_fidelity_and_declared_sources(std: str, ed: str) -> None:
    assert_provenance(edition(std, ed), FIDELITIES)


@pytest.mark.parametrize(("std", "ed"), EDITIONS)
def test_no_node_claims_official_text(std: str, ed: str) -> None:
    data = edition(std, ed)
    assert not has_key_anywhere(data["nodes"], "text")
    assert all(n["fidelity"] != "official" for n in all_nodes(data))


# --- GSRM 2014 ------------------------------------------------------------------------


def test_gsrm_2014_top_level_toc() -> None:
    data = edition("cccmc-gsrm", "2014")
    top = [(n["id"], n.get("number"), n["kind"], n["title"].get("zh")) for n in data["nodes"]]
    assert top == [
        ("foreword", None, "foreword", "前言"),
        ("scope-and-principles", "第一章", "chapter", "《指引》适用范围和指导原则"),
        ("social-responsibility-issues", "第二章", "chapter", "对外矿业投资社会责任议题"),
        ("implementation", "第三章", "chapter", "指引的实施"),
        ("annex-referenced-standards", "附件一", "annex", "《指引》制定标准参考"),
        ("annex-drafting-process", "附件二", "annex", "《指引》编制过程"),
        ("annex-acknowledgements", "附件三", "annex", "鸣谢单位"),
    ]
    assert all(n["fidelity"] == "verified" for n in data["nodes"])


def test_gsrm_2014_chapter_1_has_scope_and_guiding_principles() -> None:
    ch1 = by_id(edition("cccmc-gsrm", "2014"))["scope-and-principles"]
    kids = [(c["id"], c["title"]["zh"]) for c in ch1["children"]]
    assert kids == [("scope", "适用范围"), ("guiding-principles", "指导原则")]
    # the list of principles is unknown: no principle nodes may be invented
    assert of_kind(edition("cccmc-gsrm", "2014"), "principle") == []
    assert "children" not in ch1["children"][1]


def test_gsrm_2014_chapter_2_has_exactly_eight_articles_in_order() -> None:
    ch2 = by_id(edition("cccmc-gsrm", "2014"))["social-responsibility-issues"]
    arts = ch2["children"]
    assert len(arts) == 8
    assert all(a["kind"] == "article" for a in arts)
    assert [(a["id"], a["number"], a["title"]["zh"]) for a in arts] == GSRM_2014_ARTICLES
    assert all(a["fidelity"] == "verified" for a in arts)


def test_gsrm_2014_clause_2_4_6_under_human_rights() -> None:
    data = edition("cccmc-gsrm", "2014")
    clauses = [n for n in all_nodes(data) if n.get("number") == "2.4.6"]
    assert len(clauses) == 1
    clause = clauses[0]
    assert clause["id"] == "supply-chain-due-diligence"
    assert clause["kind"] == "clause"
    assert clause["fidelity"] == "verified"
    assert "conflict" in clause["summary"]["en"]
    assert parent_of(data, clause["id"])["id"] == "human-rights"


def test_gsrm_2014_dates_and_status() -> None:
    data = edition("cccmc-gsrm", "2014")
    assert data["dates"]["published"] == "2014-10-24"
    assert data["status"] == "superseded"
    assert data["expected"] == {"chapter": 3, "article": 8, "annex": 3}


# --- GSRM 2017 (revision) ------------------------------------------------------------------


def test_gsrm_2017_supersedes_2014_without_an_invented_date() -> None:
    data = edition("cccmc-gsrm", "2017")
    assert data["supersedes"] == "2014"
    assert data["status"] == "published"
    assert "dates" not in data  # the official publication date is unknown
    assert "2015 2nd Rev" in data["notes"]["en"]


def test_gsrm_2017_issues_keep_2014_ids_in_order() -> None:
    old = [i for i, _, _ in GSRM_2014_ARTICLES]
    ch2 = by_id(edition("cccmc-gsrm", "2017"))["social-responsibility-issues"]
    assert [c["id"] for c in ch2["children"]] == old
    assert all(c["kind"] == "article" and "number" not in c for c in ch2["children"])


def test_gsrm_2017_retitles() -> None:
    nodes = by_id(edition("cccmc-gsrm", "2017"))
    assert nodes["value-chain-management"]["title"]["en"] == "Supply chain management"
    assert nodes["labour-practices"]["title"]["en"] == "Labour issues"
    assert nodes["community-engagement"]["title"]["en"] == "Community development"
    assert nodes["occupational-health-and-safety"]["title"]["en"] == "Occupational health and safety"


def test_gsrm_2017_principles_are_one_group_and_counts_are_declared() -> None:
    data = edition("cccmc-gsrm", "2017")
    assert data["expected"] == {"chapter": 4, "principle": 7}
    assert of_kind(data, "principle") == []  # seven principles, names unknown
    assert [c["id"] for c in by_id(data)["scope-and-principles"]["children"]] == ["scope", "guiding-principles"]
    assert len(of_kind(data, "chapter")) == 3  # the fourth chapter is unnamed and not authored


def test_gsrm_2017_asia_society_topics_are_inferred() -> None:
    nodes = by_id(edition("cccmc-gsrm", "2017"))
    topics = {
        "environmental-social-assessment", "free-prior-informed-consent", "involuntary-resettlement",
        "compliance-integrity-management", "sr-information-disclosure",
    }
    assert topics <= set(nodes)
    for t in topics:
        assert nodes[t]["fidelity"] == "inferred"
        assert nodes[t]["sources"] == ["asia-society-gsrm"]
    assert nodes["foreword"]["fidelity"] == "verified"
    assert all(n["fidelity"] != "verified" for i, n in nodes.items() if i != "foreword")


# --- DDG ------------------------------------------------------------------------------


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return of_kind(data, "step")


def test_ddg_2015_has_five_steps() -> None:
    data = edition("cccmc-ddg", "2015")
    s = steps(data)
    assert [n["id"] for n in s] == [f"step-{i}" for i in range(1, 6)]
    assert [n["number"] for n in s] == [f"Step {i}" for i in range(1, 6)]
    assert data["expected"]["step"] == 5


def test_ddg_2022_has_six_steps_with_remediation_last() -> None:
    data = edition("cccmc-ddg", "2022")
    s = steps(data)
    assert [n["id"] for n in s] == [f"step-{i}" for i in range(1, 7)]
    assert data["expected"]["step"] == 6
    six = s[-1]
    assert six["fidelity"] == "secondary"
    assert six["sources"] == ["dicarlo"]
    assert "remediation" in six["title"]["en"].lower()


def test_ddg_step_ids_shared_across_editions() -> None:
    old = {n["id"] for n in steps(edition("cccmc-ddg", "2015"))}
    new = {n["id"] for n in steps(edition("cccmc-ddg", "2022"))}
    assert {f"step-{i}" for i in range(1, 6)} <= old & new
    assert new - old == {"step-6"}
    assert old - new == set()


@pytest.mark.parametrize("ed", ["2015", "2022"])
def test_ddg_two_risk_types(ed: str) -> None:
    rt = of_kind(edition("cccmc-ddg", ed), "risk-type")
    assert [(n["id"], n["number"]) for n in rt] == [("risk-type-1", "Type 1"), ("risk-type-2", "Type 2")]


def test_ddg_2022_supersedes_2015() -> None:
    old, new = edition("cccmc-ddg", "2015"), edition("cccmc-ddg", "2022")
    assert new["supersedes"] == "2015"
    assert new["status"] == "published"
    assert old["status"] == "superseded"
    assert "supersedes" not in old


def test_ddg_dates_and_conflict_recorded() -> None:
    old, new = edition("cccmc-ddg", "2015"), edition("cccmc-ddg", "2022")
    assert old["dates"]["published"] == "2015-12-05"  # CCCMC's date, by inference
    assert "2 December" in old["notes"]["en"] and "5 December" in old["notes"]["en"]
    assert new["dates"]["published"] == "2022-05-19"


def test_ddg_titles() -> None:
    assert edition("cccmc-ddg", "2015")["title"]["zh"] == "中国负责任矿产供应链尽责管理指南"
    assert edition("cccmc-ddg", "2022")["title"]["zh"] == "中国矿产供应链尽责管理指南（第二版）"


def test_ddg_2022_ten_characteristics_chapter_is_empty() -> None:
    data = edition("cccmc-ddg", "2022")
    chapter = by_id(data)["due-diligence-characteristics"]
    assert chapter["kind"] == "chapter"
    assert chapter["fidelity"] == "secondary"
    assert not chapter.get("children")  # the ten characteristics are unknown
    assert of_kind(data, "characteristic") == []
    assert data["expected"]["characteristic"] == 10


def test_ddg_2022_appendix_4_gold() -> None:
    data = edition("cccmc-ddg", "2022")
    appendices = of_kind(data, "appendix")
    assert [(a["id"], a["number"], a["fidelity"]) for a in appendices] == [("appendix-4-gold", "附录四", "verified")]


def test_ddg_2022_scope_is_verified() -> None:
    nodes = by_id(edition("cccmc-ddg", "2022"))
    scope = nodes["scope"]
    assert scope["fidelity"] == "verified"
    for child in scope["children"]:
        assert child["fidelity"] == "verified"
    minerals = nodes["definition-minerals"]["summary"]["en"]
    for m in ("cobalt", "lithium", "nickel", "copper", "barite"):
        assert m in minerals


def test_ddg_2015_refs_gsrm_clause_2_4_6() -> None:
    gsrm = by_id(edition("cccmc-gsrm", "2014"))
    refs = [r for n in all_nodes(edition("cccmc-ddg", "2015")) for r in n.get("refs", [])]
    targets = [r.split("#", 1)[1] for r in refs if r.startswith("cccmc-gsrm@2014#")]
    assert any(gsrm[t]["number"] == "2.4.6" for t in targets if t in gsrm)


@pytest.mark.parametrize(("std", "ed"), EDITIONS)
def test_refs_resolve(std: str, ed: str) -> None:
    for n in all_nodes(edition(std, ed)):
        for ref in n.get("refs", []):
            target, _, node_id = ref.partition("#")
            tstd, _, ted = target.partition("@")
            assert node_id in by_id(edition(tstd, ted)), ref


# --- CMA ------------------------------------------------------------------------------


def test_cma_disclosure_expects_115_metrics_all_illustrative() -> None:
    data = edition("cma-esg-disclosure", "2025")
    assert data["expected"] == {"metric": 115}
    metrics = of_kind(data, "metric")
    assert 20 <= len(metrics) <= 30
    assert all(m["fidelity"] == "illustrative" for m in metrics)
    assert all(m["summary"]["en"].startswith("Illustrative placeholder") for m in metrics)
    # nothing above the metrics may pretend to be more than it is
    topics = of_kind(data, "topic")
    assert topics and all(t["fidelity"] == "illustrative" for t in topics)
    assert all(p["fidelity"] == "inferred" for p in of_kind(data, "pillar"))


def test_cma_disclosure_metric_value_specs() -> None:
    metrics = of_kind(edition("cma-esg-disclosure", "2025"), "metric")
    reqs = Counter(m["requirement"] for m in metrics)
    assert reqs["required"] >= 2 and reqs["recommended"] >= 2 and reqs["conditional"] >= 2
    for m in metrics:
        assert m["value"]["type"] in {"number", "integer", "boolean", "text", "enum", "date", "table"}
        if m["requirement"] == "conditional":
            assert m["condition"]["en"]
        if m["value"]["type"] == "enum":
            assert m["value"]["values"]
        if m["value"]["type"] == "table":
            assert m["value"]["columns"]
    types = {m["value"]["type"] for m in metrics}
    assert {"enum", "table"} <= types


def test_cma_disclosure_framework_nodes() -> None:
    data = edition("cma-esg-disclosure", "2025")
    top = [(n["id"], n["fidelity"]) for n in data["nodes"]]
    assert top == [
        ("disclosure-principles", "secondary"),
        ("reporting-structure", "secondary"),
        ("indicator-system", "secondary"),
    ]
    assert data["dates"]["published"] == "2025-12-01"


def test_cma_rating_grade_ladder() -> None:
    data = edition("cma-esg-rating", "2025")
    grades = of_kind(data, "grade")
    assert [g["number"] for g in grades] == ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"]
    fid = {g["number"]: g["fidelity"] for g in grades}
    assert fid.pop("AAA") == "secondary"
    assert fid.pop("C") == "secondary"
    assert set(fid.values()) == {"inferred"}
    assert "China University of Geosciences (Beijing)" in data["notes"]["en"]


# --- MOFCOM ---------------------------------------------------------------------------


def test_mofcom_document_number_and_four_areas() -> None:
    data = edition("mofcom-overseas-sr", "2025")
    assert data["document-number"] == "商合函〔2025〕673号"
    areas = of_kind(data, "area")
    assert len(areas) == 4
    assert all(a["fidelity"] == "secondary" for a in areas)
    env = by_id(data)["environmental-protection-green-transition"]
    assert len(env["children"]) == 3
    assert all(c["fidelity"] == "secondary" for c in env["children"])
