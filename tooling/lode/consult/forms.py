"""Comment forms as spreadsheets: the GB/T comment-disposition table (征求意见汇总处理表)
and the CEN/ISO commenting template, each with Chinese or English headers.

Layouts (a column marked * is optional on import; export writes every column):

- ``gbt``: 序号 / 标准章条编号 / 意见内容 / 修改建议 / 提出单位 / 处理意见 / 备注, plus
  意见类型* (the GB/T form has no type column; Lode adds it so a round trip keeps the type);
  English: No. / Clause / Comment / Proposed change / Organisation / Disposition / Remarks / Type*.
- ``iso``: MB/NC / Line number / Clause/Subclause / Paragraph/Figure/Table / Type of comment /
  Comments / Proposed change / Observations of the secretariat (8 columns); Chinese: 成员体 /
  行号 / 章条号 / 段/图/表 / 意见类型 / 意见 / 修改建议 / 秘书处意见.

A workbook is hostile input: ``read/sheets.py`` caps its size, zip and rows; here a formula
cell is refused, the header row must be exactly one layout's columns (found in the first
rows, below any title row), a cell is capped in length, and a clause typed as a decimal
number is refused (Excel shows 5.10 as 5.1: which was meant cannot be known). Every problem
is a finding at ``sheet!cell``; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.cells import safe_cell
from ..core.errors import LoadError
from ..core.findings import Finding
from ..crosswalk.io import restore
from ..model.consult import DECISION_NAMES, TYPE_NAMES
from ..read.text import text_problem
from ..read.sheets import read_workbook
from ..core.i18n import msg

# field -> header per layout and language; None: the layout has no such column.
FIELDS = ("id", "line", "clause", "paragraph", "type", "comment", "proposed", "organisation", "disposition",
          "note")
HEADERS: dict[str, dict[str, dict[str, str]]] = {
    "gbt": {
        "zh": {"id": "序号", "clause": "标准章条编号", "comment": "意见内容", "proposed": "修改建议",
               "organisation": "提出单位", "disposition": "处理意见", "note": "备注", "type": "意见类型"},
        "en": {"id": "No.", "clause": "Clause", "comment": "Comment", "proposed": "Proposed change",
               "organisation": "Organisation", "disposition": "Disposition", "note": "Remarks", "type": "Type"},
    },
    "iso": {
        "en": {"organisation": "MB/NC", "line": "Line number", "clause": "Clause/Subclause",
               "paragraph": "Paragraph/Figure/Table", "type": "Type of comment", "comment": "Comments",
               "proposed": "Proposed change", "disposition": "Observations of the secretariat"},
        "zh": {"organisation": "成员体", "line": "行号", "clause": "章条号", "paragraph": "段/图/表",
               "type": "意见类型", "comment": "意见", "proposed": "修改建议", "disposition": "秘书处意见"},
    },
}
ORDER = {"gbt": ("id", "clause", "comment", "proposed", "organisation", "disposition", "note", "type"),
         "iso": ("organisation", "line", "clause", "paragraph", "type", "comment", "proposed", "disposition")}
OPTIONAL = {"gbt": {"type", "id", "proposed", "disposition", "note"},
            "iso": {"line", "paragraph", "proposed", "disposition"}}
TITLE = {"gbt": {"zh": "征求意见汇总处理表", "en": "Comments and their disposition"},
         "iso": {"zh": "意见及秘书处意见表", "en": "Template for comments and secretariat observations"}}
MAX_CELL = 10_000
# The registry's hints for sheet-value and sheet-columns speak of the crosswalk sheet.
VALUE_HINT = "correct the cell shown and import again; nothing was written"
COLUMNS_HINT = ("keep the form's header row as it is: the GB/T table (序号 / 标准章条编号 / 意见内容 / 修改建议 / 提出单位 / "
                "处理意见 / 备注) or the CEN/ISO template (MB/NC … Observations of the secretariat)")
HEADER_ROWS = 10  # the header is looked for in the first rows (forms carry a title above it)


def norm(text: str) -> str:
    """A clause or header cell compared loosely: NFKC (full-width digits and brackets),
    spaces dropped, case folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _norm(header: str) -> str:
    # Templates mark footnotes on headers: "MB/NC¹", "Type of comment²" (NFKC makes them digits).
    return re.sub(r"(?<=[a-z/])\d$", "", norm(header))


@dataclass(frozen=True)
class FormRow:
    """One comment row: the sheet row, its values by field, and each field's cell."""

    line: int
    values: dict[str, str]
    cells: dict[str, str]
    cols: dict[str, int]


@dataclass(frozen=True)
class Form:
    layout: str
    lang: str
    rows: tuple[FormRow, ...]
    sheet: str


def read_form(path: Path, display: str, sheet: str | None = None) -> Form:
    """The comment rows of a GB/T or CEN/ISO form, or :class:`LoadError` with every problem."""
    return parse(read_workbook(path, display, sheet), display, sheet or "")


def _layout(header: list[str]) -> tuple[str, str] | None:
    got = {_norm(h) for h in header if h}
    for layout, by_lang in HEADERS.items():
        for lang, names in by_lang.items():
            required = {_norm(v) for k, v in names.items() if k not in OPTIONAL[layout]}
            if required <= got:
                return layout, lang
    return None


def parse(rows: list[list[tuple[Any, str]]], display: str, sheet: str = "") -> Form:
    from openpyxl.utils import get_column_letter

    at = f"{sheet}!" if sheet else ""
    found = None
    for h, row in enumerate(rows[:HEADER_ROWS]):
        header = [str(v).strip() if isinstance(v, str) else "" for v, _t in row]
        found = _layout(header)
        if found:
            break
    if not found:
        expected = "; ".join(" / ".join(HEADERS[lay][lang][f] for f in ORDER[lay] if f not in OPTIONAL[lay])
                             for lay in HEADERS for lang in ("zh", "en"))
        raise LoadError(Finding.make("sheet-columns", msg("no header row of a GB/T or CEN/ISO comment form in the first {HEADER_ROWS} rows (required columns, one layout: {expected})", HEADER_ROWS=HEADER_ROWS, expected=expected),
                                     display, 1, 1, hint=COLUMNS_HINT))
    layout, lang = found
    by_norm = {_norm(v): k for k, v in HEADERS[layout][lang].items()}
    findings: list[Finding] = []
    cols: dict[str, int] = {}
    for j, name in enumerate(header, 1):
        if not name:
            continue
        f = by_norm.get(_norm(name))
        if f is None or f in cols:
            why = "appears twice" if f else f"is not a column of the {layout} form ({lang})"
            findings.append(Finding.make("sheet-columns", msg("{at}{value}{value2}: {name!r} {why}", at=at, value=get_column_letter(j), value2=h + 1, name=name, why=why),
                                         display, h + 1, j, hint=COLUMNS_HINT))
        else:
            cols[f] = j
    if findings:
        raise LoadError(findings)
    out: list[FormRow] = []
    for i, row in enumerate(rows[h + 1:], h + 2):
        values: dict[str, str] = {}
        cells: dict[str, str] = {}
        refused = False
        for f, j in cols.items():
            cell = f"{at}{get_column_letter(j)}{i}"
            cells[f] = cell
            value, dtype = row[j - 1] if j - 1 < len(row) else (None, "n")
            if dtype == "f" or (isinstance(value, str) and value.startswith("=")):
                findings.append(Finding.make("sheet-formula", msg("{cell} holds a formula", cell=cell), display, i, j))
                refused = True
                continue
            text, problem = _text(value, f)
            if problem:
                findings.append(Finding.make("sheet-value", msg("{cell}: {problem}", cell=cell, problem=problem), display, i, j, hint=VALUE_HINT))
                refused = True
            elif len(text) > MAX_CELL:
                findings.append(Finding.make("sheet-value", msg("{cell} is over {MAX_CELL:,} characters", cell=cell, MAX_CELL=MAX_CELL), display, i, j,
                                             hint=VALUE_HINT))
                refused = True
            elif text:
                values[f] = text
        if values or refused:
            out.append(FormRow(i, values, cells, cols))
    if findings:
        raise LoadError(findings)
    return Form(layout, lang, tuple(out), sheet)


def _text(value: Any, field_: str) -> tuple[str, str | None]:
    if value is None:
        return "", None
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            return "", f"{problem}; delete it (the comments file could not hold it)"
        # NFC: what `lode validate` asks of every text; the same characters to a reader
        return unicodedata.normalize("NFC", restore(value.strip())), None
    if isinstance(value, bool):
        return "", f"{value!r} is not text"
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float) and field_ not in ("clause", "paragraph") and value.is_integer():
        return str(int(value)), None
    if isinstance(value, float):
        return "", (f"{value!r} is a number, and a spreadsheet shows 5.10 as 5.1: format the column as text and "
                    "type the clause again" if field_ in ("clause", "paragraph") else f"{value!r} is not text")
    if isinstance(value, (dt.datetime, dt.date)):
        return "", f"a date ({value:%Y-%m-%d}) where text was expected; format the column as text"
    return "", f"{type(value).__name__} value is not text"


# --- reading a type and a disposition from cells -------------------------------------

_TYPE_WORDS = {w.casefold(): t for t, names in TYPE_NAMES.items() for w in (t, *names.values())}
_DECISION_WORDS = sorted(((w, d) for d, names in DECISION_NAMES.items() for w in (d, *names.values())),
                         key=lambda p: -len(p[0]))


def comment_type(text: str) -> str | None:
    return _TYPE_WORDS.get(norm(text).rstrip("."))


def disposition(text: str) -> tuple[str, str] | None:
    """(decision, reason) from 采纳 / 部分采纳：… / 不采纳：… / Accepted / Partly accepted: …; None
    when the text does not begin with a decision."""
    t = text.strip()  # not NFKC: the reason is kept exactly as typed (full-width punctuation included)
    for word, decision in _DECISION_WORDS:
        if t.casefold().startswith(word.casefold()):
            return decision, t[len(word):].lstrip(" :：,，.。;；-—").strip()
    return None


def decision_text(decision: str, reason: str | None, lang: str) -> str:
    name = DECISION_NAMES[decision][lang]
    return f"{name}{'：' if lang == 'zh' else ': '}{reason}" if reason else name


# --- writing a form ----------------------------------------------------------------

def to_xlsx(layout: str, lang: str, title: str, rows: list[dict[str, str]]) -> bytes:
    """A workbook in ``layout`` with ``lang`` headers: a title row, the header, the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "comments"
    fields = ORDER[layout]
    ws.append([safe_cell(f"{title} — {TITLE[layout][lang]}")])
    ws.append([HEADERS[layout][lang][f] for f in fields])
    for r in rows:
        ws.append([safe_cell(r.get(f)) or None for f in fields])
    ws["A1"].font = Font(bold=True)
    for c in ws[2]:
        c.font = Font(bold=True)
    widths = {"comment": 50, "proposed": 40, "disposition": 40, "note": 30, "organisation": 24}
    for j, f in enumerate(fields, 1):
        ws.column_dimensions[ws.cell(2, j).column_letter].width = widths.get(f, 14)
        for row in ws.iter_rows(min_row=3, min_col=j, max_col=j):
            row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
