"""Comment forms, lineage and the stage fields, on real workbooks and real files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from lode.consult import forms
from lode.consult.exchange import export_rows, resolve_clause
from lode.core.errors import LoadError
from lode.model.consult import build_comments, follow
from lode.model.edition import build_edition
from lode.read import schemas
from lode.read.loader import load_bytes


def _edition(nodes: list[dict], **top) -> dict:
    return {"standard": "demo", "edition": "2026-draft", "title": {"zh": "示例", "en": "Demo"}, "status": "draft",
            "language": "zh", "sources": [{"id": "src", "title": "Demo"}], "nodes": nodes, **top}


def _node(id_: str, number: str | None = None, **kw) -> dict:
    return {"id": id_, "kind": "clause", "title": {"zh": id_, "en": id_}, "fidelity": "illustrative",
            **({"number": number} if number else {}), **kw}


DRAFT = build_edition(_edition([_node("scope", "1"), _node("audit-a", "2.1", replaces=["audit"]),
                                _node("audit-b", "2.2", replaces=["audit"]), _node("step-3", "Step 3")]), "d.yaml")


def test_a_comment_follows_a_split_and_knows_a_withdrawn_clause() -> None:
    assert follow("scope", DRAFT).now == ("scope",)
    split = follow("audit", DRAFT)
    assert split.now == ("audit-a", "audit-b") and split.numbers == ("2.1", "2.2")
    assert follow("training", DRAFT).withdrawn
    assert follow(None, DRAFT).now == () and not follow(None, DRAFT).withdrawn


@pytest.mark.parametrize("typed,node", [("2.1", "audit-a"), ("２.１", "audit-a"), (" step 3 ", "step-3"),
                                        ("audit-b", "audit-b"), ("总体", None), ("General", None), ("", None)])
def test_clause_cells_resolve_through_the_stage_numbers(typed: str, node: str | None) -> None:
    assert resolve_clause(typed, DRAFT) == (node, None)


@pytest.mark.parametrize("typed", ["2.3", "2.1、2.2", "2", "附录A"])
def test_a_clause_that_names_no_single_node_is_never_guessed(typed: str) -> None:
    node, problem = resolve_clause(typed, DRAFT, "consultation")
    assert node is None and problem and "consultation draft" in problem


def _sheet(rows: list[list]) -> Path:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf


def _parse(rows: list[list]) -> forms.Form:
    wb = load_workbook(_sheet(rows))
    cells = [[(c.value, c.data_type) for c in row] for row in wb.active.iter_rows()]
    return forms.parse(cells, "form.xlsx", "Sheet")


def test_the_iso_template_headers_with_footnote_marks_and_line_breaks() -> None:
    form = _parse([["ISO/TC 000 – comments"], [],
                   ["MB/NC¹", "Line number", "Clause/\nSubclause", "Paragraph/ Figure/ Table", "Type of comment²",
                    "Comments", "Proposed change", "Observations of the secretariat"],
                   ["DE", 12, "2.1", None, "te", "Too strict.", "Relax it.", None]])
    assert (form.layout, form.lang) == ("iso", "en")
    assert form.rows[0].values == {"organisation": "DE", "line": "12", "clause": "2.1", "type": "te",
                                   "comment": "Too strict.", "proposed": "Relax it."}
    assert forms.comment_type("te") == "technical" and forms.comment_type("编辑") == "editorial"


def test_an_unknown_or_doubled_column_is_refused_with_its_cell() -> None:
    with pytest.raises(LoadError) as e:
        _parse([["序号", "标准章条编号", "意见内容", "修改建议", "提出单位", "处理意见", "备注", "签名"]])
    assert [(f.code, f.line, f.col) for f in e.value.findings] == [("sheet-columns", 1, 8)]
    with pytest.raises(LoadError) as e:
        _parse([["whatever", "else"]])
    assert e.value.finding.code == "sheet-columns"


@pytest.mark.parametrize("text,want", [("采纳", ("accepted", "")), ("部分采纳：仅改正文", ("partly-accepted", "仅改正文")),
                                       ("不采纳,超出范围", ("not-accepted", "超出范围")),
                                       ("Partly accepted: see 2.1", ("partly-accepted", "see 2.1")),
                                       ("Noted", None)])
def test_dispositions_are_read_from_the_decision_word(text: str, want) -> None:
    assert forms.disposition(text) == want


def test_a_workbook_that_is_not_a_zip_or_is_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(LoadError) as e:
        forms.read_form(bad, "bad.xlsx")
    assert e.value.finding.code == "sheet-invalid"
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(LoadError) as e:
        forms.read_form(bomb, "bomb.xlsx")
    assert e.value.finding.code == "sheet-size"


def test_export_is_formula_safe_and_reads_back(tmp_path: Path) -> None:
    cf = build_comments({"standard": "demo", "edition": "2026-draft", "comments": [
        {"id": "c-001", "stage": "consultation", "organisation": {"zh": "=甲公司"}, "node": "audit",
         "clause": "2", "type": "technical", "comment": {"zh": "+1 意见"},
         "disposition": {"decision": "not-accepted", "reason": {"zh": "@理由"}}}]}, "c.yaml")
    for layout in ("gbt", "iso"):
        for lang in ("zh", "en"):
            rows = export_rows(cf, DRAFT, layout, lang)
            data = forms.to_xlsx(layout, lang, "示例", rows)
            path = tmp_path / f"{layout}-{lang}.xlsx"
            path.write_bytes(data)
            ws = load_workbook(path).active
            assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
            form = forms.read_form(path, path.name)
            assert (form.layout, form.lang) == (layout, lang)
            v = form.rows[0].values
            assert v["organisation"] == "=甲公司" and v["comment"] == "+1 意见"
            assert v["clause"] == ("2.1、2.2" if lang == "zh" else "2.1, 2.2")  # the split clause's numbers now
            assert forms.disposition(v["disposition"]) == ("not-accepted", "@理由")


def _check(data: dict, kind: str) -> list[str]:
    import json

    doc = load_bytes(json.dumps(data, ensure_ascii=False).encode(), "x.yaml")
    return [f.code for f in schemas.check(doc, kind)]


def test_the_schema_keeps_stage_to_drafts_and_reasons_to_refusals() -> None:
    staged = {"stage": "review", "stages": [{"stage": "consultation", "date": "2026-01-02"}]}
    assert _check(_edition([_node("scope")], **staged), "edition") == []
    assert _check(_edition([_node("scope")], **{**staged, "status": "published"}), "edition")
    assert _check(_edition([_node("scope")], stage="review"), "edition")  # a stage needs its history
    # a published edition keeps its history as the record of how it was made
    assert _check(_edition([_node("scope")], status="published", stages=staged["stages"]), "edition") == []
    comment = {"id": "c-1", "stage": "consultation", "organisation": {"zh": "甲"}, "type": "technical",
               "comment": {"zh": "意见"}, "disposition": {"decision": "not-accepted"}}
    assert _check({"standard": "demo", "edition": "d", "comments": [comment]}, "comments")
    comment["disposition"]["reason"] = {"zh": "理由"}
    assert _check({"standard": "demo", "edition": "d", "comments": [comment]}, "comments") == []
