"""Pin the structural facts the sources verify for the four reference standards.

GRI 14, the OECD minerals guidance, ISO 26000 and the UN Guiding Principles are the
international standards the Chinese guidelines are compared with. Their YAML is a
structural model only (see shared/reference/sources.md); these tests fail when an
edit breaks a fact the sources establish: counts, numbering, order, nesting, and the
honesty rules (every node has a fidelity and sources, nothing claims official text).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from corpus_helpers import STANDARDS, all_nodes, assert_provenance, edition, standard, walk
from lode.model.edition import fingerprint

# standard id -> edition names, oldest first
REFERENCE = {
    "gri-14": ["2024"],
    "oecd-ddg": ["3"],
    "iso-26000": ["2010"],
    "ungp": ["2011"],
}
EDITIONS = [(s, e) for s, eds in REFERENCE.items() for e in eds]

FIDELITIES = {"verified", "secondary", "inferred"}
BACKGROUND = "lode-background"  # source id marking our own background knowledge


# --- helpers ------------------------------------------------------------------------


def of_kind(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [n for n in all_nodes(data) if n["kind"] == kind]


def by_id(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    matches = [n for n in all_nodes(data) if n["id"] == node_id]
    assert len(matches) == 1, f"expected exactly one node {node_id!r}, found {len(matches)}"
    return matches[0]


def parent_of(data: dict[str, Any], node_id: str) -> dict[str, Any] | None:
    for node, parent in walk(data["nodes"]):
        if node["id"] == node_id:
            return parent
    raise AssertionError(f"no node {node_id!r}")


def numbers(nodes: list[dict[str, Any]]) -> list[str | None]:
    return [n.get("number") for n in nodes]


# --- rules every reference edition keeps ----------------------------------------------


@pytest.mark.parametrize("std", list(REFERENCE))
def test_standard_is_reference_with_listed_editions(std: str) -> None:
    data = standard(std)
    assert data["id"] == std
    assert data["kind"] == "reference"
    assert data["editions"] == REFERENCE[std]
    assert "en" in data["title"]
    for ed in REFERENCE[std]:
        assert (STANDARDS / std / f"{ed}.yaml").is_file()


@pytest.mark.parametrize(("std", "ed"), EDITIONS)
def test_edition_identity_and_language(std: str, ed: str) -> None:
    data = edition(std, ed)
    assert data["standard"] == std
    assert data["edition"] == ed
    assert data["language"] == "en"
    assert data["status"] == "published"
    # Chinese titles, where present, are our working renderings, never official.
    has_zh = "zh" in data["title"] or any("zh" in n["title"] for n in all_nodes(data))
    if has_zh:
        assert data.get("translations", {}).get("zh") == "working"
    assert data.get("translations", {}).get("zh") in (None, "working")


def localized_strings(data: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every localized mapping (one with an `en` string) in a document, with its path."""
    if isinstance(data, dict):
        if isinstance(data.get("en"), str):
            yield path, data
        for key, value in data.items():
            yield from localized_strings(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from localized_strings(value, f"{path}[{i}]")


@pytest.mark.parametrize(("std", "ed"), EDITIONS)
def test_every_chinese_string_is_marked_as_our_translation_of_the_current_english(std: str, ed: str) -> None:
    # No source gives an official Chinese text for these four standards, so every zh string,
    # including the edition's and the work's own (which the validator's stale check does not
    # reach), is Lode's translation and records the fingerprint of the English it renders.
    for doc in (edition(std, ed), standard(std)):
        for where, text in localized_strings(doc):
            if "zh" in text and text["zh"] != text.get("en"):  # "GRI 14" reads the same in both: no translation
                assert text.get("translated-from", {}).get("zh") == fingerprint(text["en"]), f"{std}{where}"


@pytest.mark.parametrize(("std", "ed"), EDITIONS)
def test_every_node_has_honest_provenance(std: str, ed: str) -> None:
    for node in assert_provenance(edition(std, ed), FIDELITIES):  # never official or illustrative
        where = f"{std}@{ed}#{node['id']}"
        if node["fidelity"] == "inferred":
            # an inference always names the background-knowledge marker among its sources
            assert BACKGROUND in node["sources"], where
        else:
            # anything read in a source cites that source, not only the marker
            assert set(node["sources"]) - {BACKGROUND}, where


@pytest.mark.parametrize(("std", "ed"), EDITIONS)
def test_expected_counts_match_authored(std: str, ed: str) -> None:
    data = edition(std, ed)
    assert data.get("expected"), "reference editions declare the counts the sources give"
    for kind, count in data["expected"].items():
        assert len(of_kind(data, kind)) == count, kind


# --- GRI 14: Mining Sector 2024 ---------------------------------------------------------


def test_gri14_dates() -> None:
    data = edition("gri-14", "2024")
    assert data["dates"] == {"published": "2024-02-05", "effective": "2026-01-01"}


def test_gri14_document_structure() -> None:
    data = edition("gri-14", "2024")
    assert [n["id"] for n in data["nodes"]] == [
        "introduction", "sector-overview", "likely-material-topics", "glossary", "bibliography",
    ]
    assert numbers(data["nodes"])[1:3] == ["Section 1", "Section 2"]


def test_gri14_has_25_topics_numbered_in_order() -> None:
    data = edition("gri-14", "2024")
    topics = of_kind(data, "topic")
    assert numbers(topics) == [f"14.{i}" for i in range(1, 26)]
    # all topics are the children of Section 2, and nothing else is
    section2 = by_id(data, "likely-material-topics")
    assert [c["id"] for c in section2["children"]] == [t["id"] for t in topics]


def test_gri14_topics_sources_agree_on() -> None:
    data = edition("gri-14", "2024")
    topics = {t["number"]: t for t in of_kind(data, "topic")}
    assert topics["14.1"]["id"] == "ghg-emissions"
    assert topics["14.3"]["title"]["en"] == "Air emissions"
    assert topics["14.4"]["title"]["en"] == "Biodiversity"
    assert topics["14.5"]["title"]["en"] == "Waste"
    assert topics["14.6"]["id"] == "tailings"
    assert topics["14.7"]["title"]["en"] == "Water and effluents"
    assert topics["14.8"]["title"]["en"] == "Closure and rehabilitation"
    assert topics["14.11"]["id"] == "rights-of-indigenous-peoples"
    assert topics["14.13"]["id"] == "artisanal-and-small-scale-mining"
    assert topics["14.25"]["id"] == "conflict-affected-and-high-risk-areas"


def test_gri14_topic_fidelity() -> None:
    """Topic titles come from third-party code ([V-3p]); background completions are inferred."""
    data = edition("gri-14", "2024")
    fid = {t["number"]: t["fidelity"] for t in of_kind(data, "topic")}
    inferred = {"14.2", "14.18", "14.19", "14.20"}
    assert {n for n, f in fid.items() if f == "inferred"} == inferred
    assert {f for n, f in fid.items() if n not in inferred} == {"secondary"}
    assert by_id(data, "child-labor")["number"] == "14.18"
    for number in inferred:
        node = next(t for t in of_kind(data, "topic") if t["number"] == number)
        assert node.get("note"), f"{number}: an inferred title must say why"


# --- OECD minerals due diligence guidance, third edition --------------------------------


def test_oecd_edition_is_the_third_without_dates() -> None:
    data = edition("oecd-ddg", "3")
    assert "dates" not in data  # the year 2016 is inferred, so it is not recorded as a date
    assert "supersedes" not in data  # earlier editions are not modelled
    notes = data["notes"]["en"]
    for fact in ("2016", "2011", "2013", "not modelled"):
        assert fact in notes


def test_oecd_five_steps_in_order() -> None:
    data = edition("oecd-ddg", "3")
    steps = of_kind(data, "step")
    assert [s["id"] for s in steps] == [f"step-{i}" for i in range(1, 6)]
    assert numbers(steps) == [f"Step {i}" for i in range(1, 6)]
    assert {s["id"] for s in steps if s["fidelity"] == "verified"} == {"step-1", "step-2", "step-3", "step-5"}
    assert by_id(data, "step-4")["fidelity"] == "inferred"  # title wording is a paraphrase
    assert all(parent_of(data, s["id"])["id"] == "annex-1" for s in steps)


def test_oecd_annexes_and_supplements() -> None:
    data = edition("oecd-ddg", "3")
    annexes = of_kind(data, "annex")
    assert numbers(annexes) == ["Annex I", "Annex II", "Annex III"]
    assert {a["fidelity"] for a in annexes} == {"inferred"}
    assert by_id(data, "supplement-gold")["fidelity"] == "verified"
    assert by_id(data, "supplement-3t")["fidelity"] == "inferred"


def test_oecd_annex2_six_risk_headings_without_paragraph_numbers() -> None:
    data = edition("oecd-ddg", "3")
    annex2 = by_id(data, "annex-2")
    risks = annex2["children"]
    assert len(risks) == 6
    assert all(r["kind"] == "risk-type" for r in risks)
    assert all(r["fidelity"] == "inferred" for r in risks)
    # Annex II paragraph numbers are unverified: none may be encoded.
    assert all("number" not in r for r in risks)
    assert risks[1]["id"] == "non-state-armed-groups"


# --- ISO 26000:2010 ---------------------------------------------------------------------


def test_iso26000_edition_date() -> None:
    data = edition("iso-26000", "2010")
    assert data["dates"]["published"] == "2010-11-01"


def test_iso26000_clause_skeleton() -> None:
    data = edition("iso-26000", "2010")
    assert numbers(data["nodes"]) == [str(i) for i in range(1, 8)]
    # The standard is paywalled and was not read: nothing in it can be "verified".
    assert {n["fidelity"] for n in data["nodes"]} == {"secondary"}


def test_iso26000_seven_principles() -> None:
    data = edition("iso-26000", "2010")
    principles = of_kind(data, "principle")
    assert numbers(principles) == [f"4.{i}" for i in range(2, 9)]
    assert [p["title"]["en"] for p in principles] == [
        "Accountability",
        "Transparency",
        "Ethical behaviour",
        "Respect for stakeholder interests",
        "Respect for the rule of law",
        "Respect for international norms of behaviour",
        "Respect for human rights",
    ]
    assert {p["fidelity"] for p in principles} == {"secondary"}
    assert all(parent_of(data, p["id"])["number"] == "4" for p in principles)


def test_iso26000_seven_core_subjects_and_36_issues() -> None:
    data = edition("iso-26000", "2010")
    subjects = of_kind(data, "core-subject")
    assert numbers(subjects) == [f"6.{i}" for i in range(2, 9)]
    assert all(parent_of(data, s["id"])["number"] == "6" for s in subjects)
    per_subject = {s["number"]: [c for c in s.get("children", []) if c["kind"] == "issue"] for s in subjects}
    assert {k: len(v) for k, v in per_subject.items()} == {
        "6.2": 0, "6.3": 8, "6.4": 5, "6.5": 4, "6.6": 5, "6.7": 7, "6.8": 7,
    }
    assert len(of_kind(data, "issue")) == 36
    # issues are numbered from .3 within their core subject, in order
    for subject, issues in per_subject.items():
        assert numbers(issues) == [f"{subject}.{i}" for i in range(3, 3 + len(issues))]


def test_iso26000_issue_fidelity() -> None:
    data = edition("iso-26000", "2010")
    for subject in of_kind(data, "core-subject"):
        issues = subject.get("children", [])
        expected = "secondary" if subject["number"] in {"6.3", "6.4", "6.5"} else "inferred"
        assert {i["fidelity"] for i in issues} <= {expected}, subject["number"]
    assert by_id(data, "due-diligence")["number"] == "6.3.3"
    assert by_id(data, "health-and-safety-at-work")["number"] == "6.4.6"
    assert by_id(data, "anti-corruption")["title"]["en"] == "Anti-corruption"


# --- UN Guiding Principles 2011 ---------------------------------------------------------


def test_ungp_endorsement() -> None:
    data = edition("ungp", "2011")
    assert data["dates"]["published"] == "2011-06-16"
    assert data["document-number"] == "A/HRC/17/31"


def test_ungp_31_principles_in_three_pillars() -> None:
    data = edition("ungp", "2011")
    pillars = data["nodes"]
    assert [p["kind"] for p in pillars] == ["pillar"] * 3
    assert numbers(pillars) == ["I", "II", "III"]
    assert {p["fidelity"] for p in pillars} == {"verified"}
    principles = of_kind(data, "principle")
    assert numbers(principles) == [str(i) for i in range(1, 32)]
    per_pillar = [[n["number"] for n, _ in walk(p["children"]) if n["kind"] == "principle"] for p in pillars]
    assert [len(x) for x in per_pillar] == [10, 14, 7]
    assert per_pillar == [
        [str(i) for i in range(1, 11)],
        [str(i) for i in range(11, 25)],
        [str(i) for i in range(25, 32)],
    ]


def test_ungp_foundational_operational_split() -> None:
    data = edition("ungp", "2011")
    split = []
    for pillar in data["nodes"]:
        groups = pillar["children"]
        assert [g["title"]["en"] for g in groups] == ["Foundational principles", "Operational principles"]
        assert {g["fidelity"] for g in groups} == {"verified"}
        split.append([len(g["children"]) for g in groups])
    assert split == [[2, 8], [5, 9], [1, 6]]
    # the principle-by-principle split is background knowledge, so principles stay inferred
    assert {p["fidelity"] for p in of_kind(data, "principle")} == {"inferred"}
