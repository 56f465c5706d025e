"""The company's Excel template for an edition: one row per metric (id, tier path,
titles in Chinese and English, requirement, unit, type, allowed values as a drop-down),
a value column and an omission column; one extra sheet per table metric.

Locale-proof by construction: the reader (``workbook.py``) takes numbers, dates and
booleans only from typed cells, never by parsing text, so a French "1,2" or a Chinese
date format can never be misread -- a number typed as text is reported at its cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any, Iterable, Sequence

from ..core.cells import safe_cell
from .spec import Metric, Spec

MAIN = "Disclosure"
HEADER_ROWS = {"pin": 2, "entity-name": 3, "entity-id": 4, "period-start": 5, "period-end": 6}
TABLE_HEADER = 8  # the row of column names on the main sheet; metrics start below it
COLUMNS = ["id", "tier", "title (zh)", "title (en)", "requirement", "type", "unit", "allowed values",
           "value", "omission reason", "explanation", "evidence", "note"]
COL = {name: i + 1 for i, name in enumerate(COLUMNS)}
REASONS = ["not-applicable", "legally-prohibited", "confidentiality", "information-unavailable"]
# What a person reads, in Chinese (the words of core/glossary.py); shown as "中文 / English",
# whatever the locale of the machine that makes it (the site publishes the same bytes to
# everyone). What the reader takes back (ids, values, drop-down choices, the `see sheet`
# marker) stays as it is, so a filled-in template reads the same everywhere.
LABELS = {
    "id": "编号", "tier": "所属层级", "title (zh)": "标题（中文）", "title (en)": "标题（英文）",
    "requirement": "披露要求", "type": "类型", "unit": "单位", "allowed values": "可选值", "value": "数值",
    "omission reason": "不披露原因", "explanation": "说明", "evidence": "证据", "note": "备注",
    "pin": "固定版本", "entity name": "企业名称", "entity id": "统一社会信用代码",
    "period start": "报告期起", "period end": "报告期止",
    "required": "必须披露", "recommended": "建议披露", "conditional": "条件披露", "comply-or-explain": "不遵守就解释",
    "number": "数值", "integer": "整数", "boolean": "是/否", "enum": "选项", "date": "日期", "text": "文本",
    "table": "表格",
}


def bilingual(english: str) -> str:
    """``中文 / English`` for a label of ``LABELS`` (the English alone if it has none)."""
    zh = LABELS.get(english)
    return f"{zh} / {english}" if zh else english


def table_sheet(m: Metric) -> str:
    """The sheet holding a table metric's rows (Excel allows 31 characters)."""
    return m.id[:31]


_RELEASE = re.compile(r"/r[0-9]+\Z")


def header_text(spec: Spec, pin: str, digest: str) -> str:
    """The template's header line (cell C1): what it was made from -- the release ``pin``
    names (``STD@ED/rN``), or the work tree, said UNPINNED -- its digest, and the caveat of
    an edition with illustrative metrics. The one place a template's header is written:
    the work-tree template, ``lode template`` and a release's template alike."""
    if _RELEASE.search(pin):
        state, zh = f"pinned to release {pin}", f"已固定到发布版本 {pin}"
    else:
        state = f"UNPINNED: made from the work tree of {spec.ref}, not from a release"
        zh = "未固定版本：据工作区内容生成，并非发布版本"
    caveat = ""
    if spec.illustrative:
        caveat = (f" CAVEAT: {spec.illustrative} of the {len(spec.metrics)} metrics are illustrative placeholders, "
                  f"not the standard's official text. 注意：{len(spec.metrics)} 项指标中有 {spec.illustrative} 项为"
                  "示意性占位内容，并非标准正式文本。")
    return (f"Lode disclosure template for {spec.ref}, {state}; edition digest {digest}.{caveat} "
            f"{zh}。填写说明：数值请直接输入数字，日期请输入日期单元格。")


Concept = tuple[str, Metric, list[str | None]]  # (key in column A, the metric it is, each pin's id)


def concepts(specs: Sequence[Spec], links: Iterable[Any] = ()) -> list[Concept]:
    """One row per concept of several pinned editions: metrics joined by metric-level
    ``equal`` rows (``carry.links``) share a row, keyed by the first pin's metric that has
    it (``std#metric`` where another pinned edition has the same id), with each pin's id
    beside it; a company fills the value once and every pin reads it."""
    group: dict[str, str] = {}

    def root(x: str) -> str:
        while group.get(x, x) != x:
            x = group[x]
        return x

    for link in links:
        a, b = root(link.source), root(link.target)
        if a != b:
            group[b] = a
    members: dict[str, list[str]] = {}
    for s in specs:
        for m in s.metrics:
            full = f"{s.ref}#{m.id}"
            members.setdefault(root(full), []).append(full)
    out: list[Concept] = []
    seen: set[str] = set()
    for s in specs:
        for m in s.metrics:
            full = f"{s.ref}#{m.id}"
            if full in seen:
                continue
            together = members[root(full)]
            seen.update(together)
            ids = [next((f.split("#", 1)[1] for f in together if f.split("#")[0] == o.ref), None) for o in specs]
            shared = sum(m.id in o.by_id for o in specs) > 1
            out.append((f"{s.ref.split('@')[0]}#{m.id}" if shared else m.id, m, ids))
    return out


def write_template(spec: Spec, pin: str, digest: str) -> bytes:
    """The template workbook of one edition as bytes (the caller writes it atomically)."""
    return write_templates([spec], [pin], [digest])


def write_templates(specs: Sequence[Spec], pins: Sequence[str], digests: Sequence[str],
                    links: Iterable[Any] = ()) -> bytes:
    """The template workbook of one or several pinned editions: with several, one row per
    concept (:func:`concepts`) and each framework's id in a column of its own after ``note``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = MAIN
    bold = Font(bold=True)
    ws["A1"], ws["B1"] = "lode-disclosure", 1
    ws["C1"] = safe_cell(" ".join(header_text(sp, p, d) for sp, p, d in zip(specs, pins, digests)))
    for key, row in HEADER_ROWS.items():
        ws.cell(row, 1, bilingual(key.replace("-", " "))).font = bold
    ws.cell(HEADER_ROWS["pin"], 2, ", ".join(pins))  # the reader splits several at the commas
    for key in ("period-start", "period-end"):
        ws.cell(HEADER_ROWS[key], 2).number_format = "yyyy-mm-dd"
    for name, col in COL.items():
        ws.cell(TABLE_HEADER, col, bilingual(name)).font = bold
    several = len(specs) > 1
    if several:
        for j, p in enumerate(pins):
            ws.cell(TABLE_HEADER, len(COLUMNS) + 1 + j, f"id: {specs[j].ref}").font = bold
    reason_dv = DataValidation(type="list", formula1='"' + ",".join(REASONS) + '"', allow_blank=True)
    bool_dv = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
    ws.add_data_validation(reason_dv)
    ws.add_data_validation(bool_dv)
    rows = concepts(specs, links) if several else [(m.id, m, [m.id]) for m in specs[0].metrics]
    # The cells of the two shared drop-downs, given to each at once: ``DataValidation.add``
    # compares a cell with every cell added before (quadratic in the metrics), and the
    # set of distinct cells written is the same (openpyxl sorts them when it saves).
    reasons: list[str] = []
    booleans: list[str] = []
    for i, (key, m, ids) in enumerate(rows):
        row = TABLE_HEADER + 1 + i
        allowed = list(m.value.get("values", ()))
        cells: dict[str, Any] = {
            "id": key, "tier": m.tier_path(), "title (zh)": m.title.get("zh"), "title (en)": m.title.get("en"),
            "requirement": bilingual(m.requirement) + (f" (if {m.applies_if.describe()})" if m.applies_if else ""),
            "type": bilingual(m.type), "unit": m.unit, "allowed values": ", ".join(allowed) or None}
        for name, v in cells.items():
            ws.cell(row, COL[name], safe_cell(v) if v is not None else None)
        if several:
            for j, other in enumerate(ids):
                ws.cell(row, len(COLUMNS) + 1 + j, other)
        value = ws.cell(row, COL["value"])
        if m.type == "enum":
            dv = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(value)
        elif m.type == "boolean":
            booleans.append(value.coordinate)
        elif m.type == "date":
            value.number_format = "yyyy-mm-dd"
        elif m.type == "table":
            value.value = f"see sheet {table_sheet(m)}"
            _table(wb, m, bold)
        reasons.append(ws.cell(row, COL["omission reason"]).coordinate)
    reason_dv.sqref = MultiCellRange(" ".join(reasons))
    bool_dv.sqref = MultiCellRange(" ".join(booleans))
    for col, width in zip("ABCDEFGHIJKLM", (30, 40, 24, 36, 22, 9, 12, 24, 16, 22, 30, 20, 20)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(TABLE_HEADER + 1, COL["value"])
    wb.properties.created = dt.datetime(2000, 1, 1)
    return _stable_zip(_save(wb))


def _save(wb: Any) -> bytes:
    """``wb.save`` into memory, each worksheet's XML too: openpyxl (3.1.5, pinned) writes
    every worksheet to a temporary file, reads it back and deletes it, and a template has
    a sheet per table metric (at 10,000 nodes, 636 files made and deleted: a fifth of the
    templates' time). The archive holds the same entries; :func:`_stable_zip` then gives
    each the same date and attributes, so the bytes are those of ``wb.save``."""
    import zipfile as zf

    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class InMemory(ExcelWriter):  # type: ignore[misc]
        def write_worksheet(self, ws: Any) -> None:  # ExcelWriter's, with the sheet written to memory
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts, ws._drawing.images = ws._charts, ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    buf = io.BytesIO()
    with zf.ZipFile(buf, "w", zf.ZIP_DEFLATED, allowZip64=True) as archive:
        InMemory(wb, archive).write_data()
    return buf.getvalue()


def _stable_zip(data: bytes) -> bytes:
    """The same workbook gives the same bytes: openpyxl stamps each zip entry with the
    time of writing, which would make every site build republish the template."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets `modified` to the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0)), body,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _table(wb: Any, m: Metric, bold: Any) -> None:
    ws = wb.create_sheet(table_sheet(m))
    for j, c in enumerate(m.columns, 1):
        title = c.get("title", {})
        label = c["id"] + (f" ({c['unit']})" if c.get("unit") else "")
        ws.cell(1, j, label).font = bold
        ws.cell(2, j, safe_cell(" / ".join(t for t in (title.get("zh"), title.get("en")) if t) or c["type"]))
        if c["type"] == "date":
            for r in range(3, 103):
                ws.cell(r, j).number_format = "yyyy-mm-dd"
