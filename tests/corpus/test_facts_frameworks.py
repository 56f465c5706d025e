"""The frameworks a listed Chinese miner reports under (issue 22): the exchanges'
guideline, HKEX's ESG Guide/Code in two editions, the Ministry of Finance's basic and
climate standards, and GRI 14's quantitative disclosures.

These pin what the authored content claims -- node counts by fidelity (as reported to the
lead), that every metric carries a value spec, that applicability names real editions and
declared sources -- and the behaviour the content exists for: ``lode diff`` of the two HKEX
editions calls the Scope 1/2 change breaking for disclosers, and a disclosure generated
from an edition passes, and fails naming a comply-or-explain metric left unanswered.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from corpus_helpers import ROOT, STANDARDS, all_nodes, assert_provenance, edition, standard

from lode.diff.classify import compare
from lode.diff.engine import diff_editions
from lode.disclose.run import check_file
from lode.model.corpus import Corpus
from lode.validate.run import validate

# edition -> node counts by fidelity, and metric counts by fidelity (the figures reported)
COUNTS: dict[tuple[str, str], tuple[dict[str, int], dict[str, int]]] = {
    ("cn-exchanges-sr", "2024"): ({"secondary": 41, "inferred": 22}, {"secondary": 8, "inferred": 16}),
    ("hkex-esg", "2020"): ({"secondary": 70, "inferred": 1}, {"secondary": 53}),
    ("hkex-esg", "2025"): ({"secondary": 85, "inferred": 2}, {"secondary": 65, "inferred": 1}),
    ("mof-csds-basic", "2024"): ({"secondary": 6}, {}),
    ("mof-csds-climate", "2025"): ({"secondary": 26}, {"secondary": 20}),
    ("gri-14", "2024"): ({"verified": 17, "secondary": 21, "inferred": 22}, {"verified": 12, "inferred": 17}),
}
NEW = [k for k in COUNTS if k[0] != "gri-14"]
METRIC_BEARING = [k for k, (_, metrics) in COUNTS.items() if sum(metrics.values()) >= 15]


def _metrics(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in all_nodes(data) if n["kind"] == "metric"]


@pytest.mark.parametrize(("std", "ed"), list(COUNTS), ids=[f"{s}@{e}" for s, e in COUNTS])
def test_node_and_metric_counts_by_fidelity(std: str, ed: str) -> None:
    data = edition(std, ed)
    nodes, metrics = COUNTS[(std, ed)]
    assert dict(Counter(n["fidelity"] for n in all_nodes(data))) == nodes
    assert dict(Counter(n["fidelity"] for n in _metrics(data))) == metrics


@pytest.mark.parametrize(("std", "ed"), list(COUNTS), ids=[f"{s}@{e}" for s, e in COUNTS])
def test_every_node_is_sourced_and_every_metric_has_a_value_spec(std: str, ed: str) -> None:
    data = edition(std, ed)
    assert_provenance(data, {"verified", "secondary", "inferred"})  # nothing illustrative, nothing official
    for m in _metrics(data):
        assert m.get("value", {}).get("type"), m["id"]
        assert m.get("requirement"), m["id"]


def test_at_least_three_new_standards_carry_fifteen_metrics_or_more() -> None:
    assert len({std for std, _ in METRIC_BEARING}) >= 3
    assert {("cn-exchanges-sr", "2024"), ("hkex-esg", "2025"), ("mof-csds-climate", "2025")} <= set(METRIC_BEARING)


def test_the_new_editions_validate_without_findings() -> None:
    report = validate(ROOT)
    ours = [f for f in report.findings if any(f"standards/{s}/" in f.path for s, _ in COUNTS)]
    assert not ours, [f"{f.path}:{f.line} {f.code} {f.message}" for f in ours]


def test_chinese_is_authoritative_for_the_exchanges_and_the_ministry() -> None:
    for std, ed in NEW:
        data = edition(std, ed)
        lang = "en" if std == "hkex-esg" else "zh"
        assert data["language"] == lang, std
        other = "zh" if lang == "en" else "en"
        for n in all_nodes(data):
            assert other in n["title"].get("translated-from", {}), f"{std}@{ed}#{n['id']}"


# --- applicability -------------------------------------------------------------------


@pytest.mark.parametrize("std", ["cn-exchanges-sr", "hkex-esg", "mof-csds-basic", "mof-csds-climate", "cma-esg-disclosure"])
def test_applicability_names_editions_and_their_declared_sources(std: str) -> None:
    s = standard(std)
    entries = s["applicability"]
    assert len({e["id"] for e in entries}) == len(entries)
    for e in entries:
        assert e["edition"] in s["editions"], e["id"]
        declared = {src["id"] for src in edition(std, e["edition"])["sources"]}
        assert set(e["sources"]) <= declared, e["id"]
        ids = {n["id"] for n in all_nodes(edition(std, e["edition"]))}
        assert set(e.get("nodes", [])) <= ids, e["id"]


def test_who_must_report_under_the_exchanges_guideline() -> None:
    by_id = {e["id"]: e for e in standard("cn-exchanges-sr")["applicability"]}
    assert by_id["sse-index"]["who"] == {"index": ["sse-180", "star-50"]}
    assert by_id["szse-index"]["who"] == {"index": ["szse-100", "chinext"]}
    mandatory = [e for e in by_id.values() if e["requirement"] == "mandatory"]
    assert {e["venue"] for e in mandatory} == {"sse", "szse"}  # the BSE obliges no one
    assert all(e["from-fiscal-year"] == 2025 and e["first-report-due"] == "2026-04-30" for e in mandatory)
    assert by_id["bse-all"]["requirement"] == "voluntary"


# --- HKEX: what changed in 2025 -------------------------------------------------------

CORPUS = Corpus.load(ROOT)


def _hkex_diff(new: Any = None) -> dict[str, Any]:
    old = CORPUS.editions[("hkex-esg", "2020")]
    return {n.old or n.new: n for n in diff_editions(old, new or CORPUS.editions[("hkex-esg", "2025")]).nodes}


def test_hkex_scope_1_and_2_move_into_part_d_and_become_mandatory_breaking_for_disclosers() -> None:
    nodes = _hkex_diff()
    for scope in ("a1-2-scope-1", "a1-2-scope-2"):
        n = nodes[scope]
        assert n.impact == "breaking-for-disclosers", scope
        req = next(c for c in n.changes if c.kind == "requirement")
        assert (req.before, req.after, req.impact) == ("comply-or-explain", "required", "breaking-for-disclosers")
        assert "moved" in n.kinds
    assert nodes["part-d"].kinds == ("added",)
    assert nodes["a4"].kinds == ("removed",)


def test_the_scope_change_is_what_makes_it_breaking() -> None:
    # The planted bug: Scope 1 left at its 2020 requirement -> the diff no longer calls it breaking.
    new = CORPUS.editions[("hkex-esg", "2025")]

    def keep_old(n: Any) -> Any:
        if n.id == "a1-2-scope-1":
            return dataclasses.replace(n, requirement="comply-or-explain")
        return dataclasses.replace(n, children=tuple(keep_old(c) for c in n.children))

    planted = dataclasses.replace(new, nodes=tuple(keep_old(n) for n in new.nodes))
    assert _hkex_diff(planted)["a1-2-scope-1"].impact != "breaking-for-disclosers"


def test_comply_or_explain_ranks_between_recommended_and_required() -> None:
    node = next(n for n in CORPUS.editions[("hkex-esg", "2020")].walk() if n.id == "a1-3")

    def impact(before: str, after: str) -> str:
        changes = compare(dataclasses.replace(node, requirement=before), dataclasses.replace(node, requirement=after), "en", False)
        return next(c for c in changes if c.kind == "requirement").impact

    assert impact("comply-or-explain", "required") == "breaking-for-disclosers"
    assert impact("recommended", "comply-or-explain") == "breaking-for-disclosers"
    assert impact("comply-or-explain", "recommended") == "technical"


# --- a disclosure generated from an edition ----------------------------------------------


def _value(spec: dict[str, Any]) -> Any:
    t = spec["type"]
    if t in ("number", "integer"):
        v = spec.get("minimum", 0) + 1
        return min(v, spec["maximum"]) if "maximum" in spec else v
    if t == "boolean":
        return True
    if t == "table":
        return [{c["id"]: (1 if c["type"] in ("number", "integer") else True if c["type"] == "boolean"
                           else "2025-12-31" if c["type"] == "date" else "x") for c in spec["columns"]}]
    return "x"


def _disclosure(std: str, ed: str, tmp: Path, drop: str | None = None, explain: bool = False) -> Path:
    facts, omissions = {}, {}
    for m in _metrics(edition(std, ed)):
        if m["id"] == drop:
            if explain:
                omissions[m["id"]] = {"reason": "information-unavailable", "explanation": "Not measured in 2025."}
            continue
        fact: dict[str, Any] = {"value": _value(m["value"])}
        if m["value"].get("unit") and m["value"]["type"] in ("number", "integer"):
            fact["unit"] = m["value"]["unit"]
        facts[m["id"]] = fact
    # a financial year the edition applies to (GRI 14's `effective` is 2026-01-01)
    dates = edition(std, ed).get("dates", {})
    year = max(2025, int(dates.get("effective", "2025")[:4]))
    if dates.get("last-reportable", "9999") < f"{year}-12-31":  # HKEX's 2020 guide: FY2024 at the latest
        year = int(dates["last-reportable"][:4]) - 1
    doc = {"lode-disclosure": 1, "pin": f"{std}@{ed}", "entity": {"name": "Case Mining Co."},
           "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"}, "facts": facts}
    if omissions:
        doc["omissions"] = omissions
    path = tmp / f"{std}-{ed}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("std", "ed"), [k for k in COUNTS if k in METRIC_BEARING])
def test_a_generated_disclosure_passes(std: str, ed: str, tmp_path: Path) -> None:
    v = check_file(_disclosure(std, ed, tmp_path), ROOT)
    assert v.status == "PASS", [f.message for f in v.findings]


def test_an_unanswered_comply_or_explain_metric_fails_and_an_explained_one_passes(tmp_path: Path) -> None:
    failing = check_file(_disclosure("hkex-esg", "2025", tmp_path, drop="a1-3"), ROOT)
    assert failing.status == "FAIL"
    assert [f.code for f in failing.findings] == ["missing-required"]
    assert "comply-or-explain metric a1-3" in failing.findings[0].message
    explained = check_file(_disclosure("hkex-esg", "2025", tmp_path, drop="a1-3", explain=True), ROOT)
    assert explained.status == "PASS", [f.message for f in explained.findings]


# --- each language in its place ----------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _localized(x: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(x, dict):
        if isinstance(x.get("zh"), str) and isinstance(x.get("en"), str):
            yield path, x
        for k, v in x.items():
            yield from _localized(v, f"{path}/{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _localized(v, f"{path}/{i}")


@pytest.mark.parametrize("std", ["cn-exchanges-sr", "hkex-esg", "mof-csds-basic", "mof-csds-climate", "gri-14"])
def test_chinese_is_under_zh_and_english_under_en(std: str) -> None:
    # Found once: the HKEX scope and notes had been written with the languages swapped.
    files = sorted((STANDARDS / std).rglob("*.yaml"))
    assert files
    for f in files:
        for path, t in _localized(yaml.safe_load(f.read_text(encoding="utf-8"))):
            where = f"{f.relative_to(STANDARDS)}{path}"
            assert t["zh"] == t["en"] or _CJK.search(t["zh"]), f"{where}: no Chinese under zh"
            # English may quote a Chinese document number or term, never be mostly Chinese
            assert len(_CJK.findall(t["en"])) < 0.2 * len(t["en"]), f"{where}: Chinese under en"
