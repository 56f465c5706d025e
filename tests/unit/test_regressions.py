"""Tests a review found missing: each bug here, planted one at a time, once passed the
whole suite. Each test names the bug it is for."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from openpyxl import Workbook

from lode.core.errors import LodeError
from lode.core.findings import Finding, Report
from lode.crosswalk.io import COLUMNS, read_sheet
from lode.diff.classify import _value_change
from lode.diff.engine import diff_editions
from lode.diff.redline import redline
from lode.model.edition import build_edition
from lode.read import schemas
from lode.render.markup import escape
from lode.render.report import render_github
from lode.site.downloads import nodes_csv
from lode.validate.crosswalks import EditionIndex, assess
from lode.model.crosswalk import SideStamp
from lode.model.edition import Ref
from lode.validate.run import validate

# Written out here, not read from markup._SIGNIFICANT: a character dropped from that set
# (or a no-op planted for it) must fail this test.
SIGNIFICANT = "&<>\"'\\`*_[](){}#+-.!|~^=:"


@pytest.mark.parametrize("char", list(SIGNIFICANT))
def test_escape_encodes_every_character_it_lists(char: str) -> None:
    assert escape(f"a{char}b") == f"a&#{ord(char)};b"


def test_escape_leaves_plain_text_and_chinese_alone() -> None:
    assert escape("Tailings 尾矿 2025") == "Tailings 尾矿 2025"


def _metric(**value):
    return {"id": "m", "kind": "metric", "title": {"en": "M"}, "fidelity": "inferred", "requirement": "required",
            "value": {"type": "number", "unit": "t", **value}}


def _edition(nodes):
    return build_edition({"standard": "demo", "edition": "1", "title": {"en": "D"}, "status": "published",
                          "language": "en", "sources": [], "nodes": nodes}, "standards/demo/1.yaml")


def test_a_narrower_maximum_is_breaking_for_disclosers() -> None:
    assert _value_change({"type": "number", "maximum": 100}, {"type": "number", "maximum": 90})[0] \
        == "breaking-for-disclosers"
    assert _value_change({"type": "number", "maximum": 90}, {"type": "number", "maximum": 100})[0] == "technical"


def test_a_removed_metric_is_breaking_for_disclosers() -> None:
    d = diff_editions(_edition([_metric()]), _edition([]))
    assert [nd.impact for nd in d.nodes if nd.old == "m"] == ["breaking-for-disclosers"]


def test_the_path_filter_does_not_match_a_longer_folder_name(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "tests" / "cases" / "validate" / "positive" / "minimal", root)
    std = root / "standards"
    shutil.copytree(std / "demo", std / "demo2")
    (std / "demo2" / "standard.yaml").write_text(
        (std / "demo2" / "standard.yaml").read_text().replace("id: demo", "id: demo2"), encoding="utf-8")
    for f in (std / "demo2").glob("20*.yaml"):
        f.write_text(f.read_text().replace("standard: demo", "standard: demo2") + "bogus: 1\n", encoding="utf-8")
    everything = validate(root)
    assert any(f.path.startswith("standards/demo2/") for f in everything.findings)
    only_demo = validate(root, [std / "demo"])
    assert not any(f.path.startswith("standards/demo2/") for f in only_demo.findings)


def test_a_node_moved_to_a_new_parent_rebases_its_crosswalk_rows() -> None:
    ref = Ref("demo", "1", "step")
    index = EditionIndex.of([("step", "2.1", "new-parent", "abc", ())])
    drift = assess(ref, SideStamp("abc", "2.1", "old-parent"), index)
    assert [(d.code, d.new_id) for d in drift] == [("crosswalk-rebased", "step")]
    assert "moved from old-parent to new-parent" in drift[0].message


def test_the_nodes_csv_depth_column_counts_levels() -> None:
    child = {"id": "c", "kind": "clause", "title": {"en": "C"}, "fidelity": "inferred"}
    mid = {"id": "b", "kind": "section", "title": {"en": "B"}, "fidelity": "inferred", "children": [child]}
    top = {"id": "a", "kind": "chapter", "title": {"en": "A"}, "fidelity": "inferred", "children": [mid]}
    rows = list(csv.DictReader(io.StringIO(nodes_csv(_edition([top])).decode("utf-8-sig"))))
    assert [(r["id"], r["parent"], r["depth"]) for r in rows] == [("a", "", "0"), ("b", "a", "1"), ("c", "b", "2")]


def test_the_compiled_validator_refuses_a_remote_ref(monkeypatch: pytest.MonkeyPatch) -> None:
    remote = {"$id": "https://lode.invalid/schemas/edition.schema.json", "$schema":
              "https://json-schema.org/draft/2020-12/schema", "$ref": "https://example.com/evil.schema.json"}
    monkeypatch.setattr(schemas, "_schemas", lambda: {"edition.schema.json": remote})
    schemas.fast_validator.cache_clear()
    try:
        with pytest.raises(LodeError) as e:
            schemas.fast_validator("edition")
        assert e.value.finding.code == "schema-ref"
    finally:
        schemas.fast_validator.cache_clear()


def test_github_annotations_escape_comma_and_colon_in_properties() -> None:
    f = Finding.make("duplicate-id", "id used twice: a, b", "standards/a,b:c.yaml", 3, 4)
    out = render_github(Report.of([f], files=1))
    assert "file=standards/a%2Cb%3Ac.yaml," in out
    assert out.rstrip().endswith("::id used twice: a, b (hint: every node of an edition needs its own id)")


def test_a_leading_apostrophe_in_a_spreadsheet_cell(tmp_path: Path) -> None:
    # The export adds an apostrophe before a formula character; import removes exactly
    # that one. A cell that merely starts with an apostrophe keeps it.
    wb = Workbook()
    wb.active.title = "mappings"
    wb.active.append(list(COLUMNS))
    base = ["a.b", "demo@2024#scope", None, "ref@1#r-scope", None, "equal", None, None, "semantic"]
    wb.active.append(base + ["'=not a formula"])
    wb.active.append(["a.c"] + base[1:] + ["'tis plain text"])
    wb.save(tmp_path / "s.xlsx")
    rows = read_sheet(tmp_path / "s.xlsx", "s.xlsx")
    assert [r.values["rationale_en"] for r in rows] == ["=not a formula", "'tis plain text"]


def test_the_chinese_redline_keeps_a_three_character_word() -> None:
    assert redline("向供应商公开", "向所有供应商和公众公开") == (
        ("=", "向"), ("+", "所有"), ("=", "供应商"), ("+", "和公众"), ("=", "公开"))
    # a lone character between two edits is still folded in, as a short English word is
    assert redline("a b c", "x b y") == (("-", "a b c"), ("+", "x b y"))
    assert ("=", "的") not in redline("甲的乙", "丙的丁")
