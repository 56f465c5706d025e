"""Crosswalk exports (CSV, XLSX, JSON, SSSOM TSV) and reading a drafter's spreadsheet back.

Exports are bytes; the CLI writes them atomically. CSV and XLSX share one column list, one
row per mapping, with the node titles for context (titles are ignored on import).

Spreadsheet cells are hostile both ways:

- on export, a text cell starting with ``= + - @`` (or a tab or carriage return) is
  prefixed with an apostrophe, so no spreadsheet program runs it as a formula (CSV
  injection); import removes exactly that apostrophe again;
- on import, the workbook is read by ``read/sheets.py`` (size, zip and row limits);
  here formula cells are refused and the header row must be exactly the exported
  columns. Every problem is a finding at ``file:row:column``.

SSSOM (https://mapping-commons.github.io/sssom/): the relation becomes a SKOS predicate
read from subject (``from``) to object (``to``): ``equal`` -> ``skos:exactMatch``;
``subset-of`` -> ``skos:broadMatch`` (the object is broader than the subject);
``superset-of`` -> ``skos:narrowMatch``; ``intersects-with`` -> ``skos:relatedMatch``;
``no-relationship`` between two nodes -> ``skos:relatedMatch`` with
``predicate_modifier: Not``. A row that names a whole edition on one side ("no
counterpart there") has no SSSOM form and is left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.cells import restore as restore_cell
from ..core.cells import safe_cell
from ..core.errors import LoadError
from ..core.findings import Finding
from ..model.crosswalk import Crosswalk
from ..model.vocab import ALIGNMENTS, CONFIDENCES, RATIONALE_TYPES, RELATIONS
from ..model.edition import Edition, Ref
from ..read.sheets import read_workbook
from ..core.i18n import msg

# column -> (path into a mapping row, required on import); titles are context only.
COLUMNS: dict[str, tuple[tuple[str, ...] | None, bool]] = {
    "id": (("id",), True),
    "from": (("from",), True),
    "from_title": (None, False),
    "to": (("to",), True),
    "to_title": (None, False),
    "relation": (("relation",), True),
    "alignment": (("alignment",), False),
    "confidence": (("confidence",), False),
    "rationale_type": (("rationale", "type"), True),
    "rationale_en": (("rationale", "text", "en"), True),
    "rationale_zh": (("rationale", "text", "zh"), False),
    "author": (("author",), False),
    "reviewer": (("reviewer",), False),
    "reviewed": (("reviewed",), False),
}
CHOICES = {"relation": RELATIONS, "alignment": ALIGNMENTS, "confidence": CONFIDENCES,
           "rationale_type": RATIONALE_TYPES}
SHEET = "mappings"

def neutralise(value: str) -> str:
    """Make a cell inert in spreadsheet programs (OWASP CSV injection advice)."""
    return safe_cell(value)


def restore(value: str) -> str:
    """Undo :func:`neutralise` (only the apostrophe it adds)."""
    return restore_cell(value)


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _titles(editions: dict[str, Edition]) -> dict[str, str]:
    out = {}
    for ed in editions.values():
        for n in ed.walk():
            out[str(Ref(ed.standard, ed.edition, n.id))] = n.title.get("en", "zh") or ""
    return out


def table(raw: dict[str, Any], editions: dict[str, Edition]) -> list[list[str]]:
    """Header plus one row per mapping, as plain strings (not yet neutralised)."""
    titles = _titles(editions)
    out = [list(COLUMNS)]
    for m in raw["mappings"]:
        cells = []
        for name, (path, _req) in COLUMNS.items():
            v = titles.get(m[name[:-6]], "") if path is None else _get(m, path)
            cells.append("" if v is None else str(v))
        out.append(cells)
    return out


def to_csv(raw: dict[str, Any], editions: dict[str, Edition]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in table(raw, editions):
        w.writerow([neutralise(c) for c in r])
    return buf.getvalue().encode("utf-8")


def to_json(raw: dict[str, Any], editions: dict[str, Edition]) -> bytes:
    titles = _titles(editions)
    rows = [{**m, "from_title": titles.get(m["from"]), "to_title": titles.get(m["to"])} for m in raw["mappings"]]
    return (json.dumps({**raw, "mappings": rows}, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


def to_xlsx(raw: dict[str, Any], editions: dict[str, Edition]) -> bytes:
    """A drafter's workbook: one row per mapping, drop-down lists for the closed vocabularies."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    rows = table(raw, editions)
    for r in rows:
        ws.append([neutralise(c) if c else None for c in r])
    ws.freeze_panes = "B2"
    names = list(COLUMNS)
    for i, name in enumerate(names):
        letter = ws.cell(1, i + 1).column_letter
        ws.column_dimensions[letter].width = 60 if name.startswith("rationale_") and name != "rationale_type" else 28
        if name in CHOICES:
            dv = DataValidation(type="list", formula1='"' + ",".join(CHOICES[name]) + '"',
                                allow_blank=not COLUMNS[name][1])
            dv.add(f"{letter}2:{letter}{max(len(rows), 2) + 500}")
            ws.add_data_validation(dv)
    about = wb.create_sheet("about")
    for k in ("from", "to", "fidelity"):
        about.append([k, neutralise(str(raw[k]))])
    about.append(["note", "Edit the 'mappings' sheet, then: lode crosswalk import THIS.xlsx --into FILE --dry-run. "
                  "Titles are for context and are not imported; stamps stay in the YAML file."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- SSSOM -------------------------------------------------------------------------

PREDICATES = {"equal": "skos:exactMatch", "subset-of": "skos:broadMatch", "superset-of": "skos:narrowMatch",
              "intersects-with": "skos:relatedMatch", "no-relationship": "skos:relatedMatch"}
CONFIDENCE_SCORE = {"high": "0.9", "medium": "0.6", "low": "0.3"}
SSSOM_COLUMNS = ("subject_id", "subject_label", "predicate_id", "predicate_modifier", "object_id", "object_label",
                 "mapping_justification", "confidence", "author_label", "reviewer_label", "mapping_date", "comment")
DEFAULT_BASE = "https://lode.invalid/standards/"
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def prefix(ref: Ref) -> str:
    """The CURIE prefix of an edition: an NCName (letters, digits, underscores)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", f"{ref.standard}_{ref.edition}")


def to_sssom(cw: Crosswalk, editions: dict[str, Edition], base: str = DEFAULT_BASE,
             license_: str = DEFAULT_LICENSE) -> bytes:
    titles = _titles(editions)
    curie_map = {prefix(e): f"{base}{e.standard}/{e.edition}/#" for e in (cw.source, cw.target)}
    curie_map.update({"semapv": "https://w3id.org/semapv/vocab/", "skos": "http://www.w3.org/2004/02/skos/core#"})
    meta = [f"mapping_set_id: {base}{cw.source.standard}/crosswalks/{cw.source.edition}--{cw.target}",
            f"mapping_set_title: {_tsv(cw.title.get('en', 'zh') or '')}", f"license: {license_}", "curie_map:"]
    meta += [f"  {k}: {v}" for k, v in curie_map.items()]
    lines = ["#" + m for m in meta]
    lines.append("\t".join(SSSOM_COLUMNS))
    for r in cw.mappings:
        if not all(s.node for s in r.sides):
            continue  # a whole edition is not an entity SSSOM can name
        subj, obj = (f"{prefix(s)}:{s.node}" for s in r.sides)
        cells = (subj, titles.get(str(r.sides[0]), ""), PREDICATES[r.relation],
                 "Not" if r.relation == "no-relationship" else "", obj, titles.get(str(r.sides[1]), ""),
                 "semapv:ManualMappingCuration", CONFIDENCE_SCORE.get(r.confidence or "", ""), r.author or "",
                 r.reviewer or "", r.reviewed or "", r.rationale.get("en") or "")
        lines.append("\t".join(_tsv(c) for c in cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _tsv(v: str) -> str:
    return safe_cell(v, tsv=True)


# --- reading a spreadsheet back -----------------------------------------------------

MAX_CELL = 10_000


@dataclass(frozen=True)
class SheetRow:
    line: int
    values: dict[str, str]  # column -> non-empty value (titles dropped)

    def to_mapping(self) -> dict[str, Any]:
        """The row as crosswalk YAML data, keys in the order of the schema."""
        out: dict[str, Any] = {}
        for name, (path, _req) in COLUMNS.items():
            if path is None or name not in self.values:
                continue
            d = out
            for key in path[:-1]:
                d = d.setdefault(key, {})
            d[path[-1]] = self.values[name]
        return out


def read_sheet(path: Path, display: str) -> list[SheetRow]:
    """The rows of a drafter's workbook, or :class:`LoadError`."""
    return _parse(read_workbook(path, display, SHEET), display)


def _parse(rows: list[list[tuple[Any, str]]], display: str) -> list[SheetRow]:
    from openpyxl.utils import get_column_letter

    findings: list[Finding] = []
    if not rows:
        raise LoadError([Finding.make("sheet-columns", msg("the sheet is empty"), display, 1, 1)])
    header = [str(v).strip() if v is not None else "" for v, _t in rows[0]]
    while header and not header[-1]:
        header.pop()
    for j, name in enumerate(header, 1):
        if name not in COLUMNS:
            findings.append(Finding.make("sheet-columns", msg("unknown column {name!r} in {value}1", name=name, value=get_column_letter(j)),
                                         display, 1, j))
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        findings.append(Finding.make("sheet-columns", msg("missing column(s): {items}", items=', '.join(missing)), display, 1, 1))
    if len(set(header)) != len(header):
        findings.append(Finding.make("sheet-columns", msg("a column appears twice"), display, 1, 1))
    if findings:
        raise LoadError(findings)
    out: list[SheetRow] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows[1:], 2):
        values: dict[str, str] = {}
        refused: set[str] = set()  # cells already reported: not "empty" as well
        for j, (value, dtype) in enumerate(row[:len(header)], 1):
            name, cell = header[j - 1], f"{get_column_letter(j)}{i}"
            if dtype == "f" or (isinstance(value, str) and value.startswith("=")):
                findings.append(Finding.make("sheet-formula", msg("{cell} holds a formula", cell=cell), display, i, j))
                refused.add(name)
                continue
            text = _text(value)
            if text is None:
                findings.append(Finding.make("sheet-value", msg("{cell}: {name} value {value!r} is not text", cell=cell, name=type(value).__name__, value=value), display, i, j))
                refused.add(name)
                continue
            text = restore(text.strip())
            if len(text) > MAX_CELL:
                findings.append(Finding.make("sheet-value", msg("{cell} is over {MAX_CELL:,} characters", cell=cell, MAX_CELL=MAX_CELL), display, i, j))
            elif text and COLUMNS[name][0] is not None:
                values[name] = text
        if not values and not refused:
            continue  # a blank line
        findings += _check_row(values, refused, i, header, display)
        if "id" in values:
            if values["id"] in seen:
                findings.append(Finding.make("sheet-value", msg("row id {id!r} is also on row {value}", id=values['id'], value=seen[values['id']]), display, i, header.index("id") + 1))
            seen.setdefault(values["id"], i)
        out.append(SheetRow(i, values))
    if findings:
        raise LoadError(findings)
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")  # a date typed into `reviewed`
    return None


def _check_row(values: dict[str, str], refused: set[str], line: int, header: list[str], display: str
               ) -> list[Finding]:
    out = []
    for name, (_path, required) in COLUMNS.items():
        col = header.index(name) + 1
        v = values.get(name)
        if v is None:
            if required and name not in refused:
                out.append(Finding.make("sheet-value", msg("{name} is empty", name=name), display, line, col))
        elif name in CHOICES and v not in CHOICES[name]:
            out.append(Finding.make("sheet-value", msg("{name} {v!r} is not one of {items}", name=name, v=v, items=', '.join(CHOICES[name])),
                                    display, line, col))
        elif name in ("from", "to"):
            try:
                Ref.parse(v)
            except ValueError as e:
                out.append(Finding.make("sheet-value", msg("{name}: {e}", name=name, e=e), display, line, col))
    return out


# --- what an import would change -----------------------------------------------------

@dataclass(frozen=True)
class RowChange:
    kind: str  # added | changed | removed
    id: str
    fields: tuple[tuple[str, Any, Any], ...] = ()  # (column, before, after)
    new: dict[str, Any] | None = None  # the full row, for added/changed

    def __str__(self) -> str:
        head = f"{self.kind} {self.id}"
        return head + "".join(f"\n    {f}: {_show(a)} -> {_show(b)}" for f, a, b in self.fields)


def _show(v: Any) -> str:
    return "(empty)" if v is None else json.dumps(v, ensure_ascii=False, allow_nan=False)


def plan_import(raw: dict[str, Any], rows: list[SheetRow]) -> list[RowChange]:
    """Row by row and field by field, what the sheet changes in the crosswalk data.
    Rows are matched by id; a row of the file that the sheet lacks is removed."""
    current = {m["id"]: m for m in raw["mappings"]}
    sheet_ids = {r.values["id"] for r in rows}
    out = []
    for r in rows:
        new = r.to_mapping()
        old = current.get(r.values["id"])
        if old is None:
            out.append(RowChange("added", r.values["id"], tuple((c, None, v) for c, v in r.values.items()), new))
            continue
        diffs = tuple((name, _get(old, path), r.values.get(name)) for name, (path, _req) in COLUMNS.items()
                      if path is not None and _get(old, path) != r.values.get(name))
        if diffs:
            out.append(RowChange("changed", r.values["id"], diffs, new))
    out += [RowChange("removed", m["id"]) for m in raw["mappings"] if m["id"] not in sheet_ids]
    return out

