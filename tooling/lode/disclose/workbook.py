"""Reading a filled-in template back: through ``lode.read.sheets`` (the hostile-workbook
protections: size, zip entries, unpacked size, shared strings, cells, sheets, rows), into
the same data a YAML disclosure gives, with every value located at its cell.

The file is read once: the digest the verdict names and the cells it judges come from
the same bytes, and each sheet (the main one, each table's) is read once. Positions are
(row, column) pairs, as a YAML file's are (line, column); a cell on the n-th sheet
carries ``n * SHEET_STRIDE`` in its column (``core.cells``), which the renderers spell
``Sheet!F7``. Text cells get the checks every format's text gets (control characters,
invisible and bidi controls, NFC); a number must be finite.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from ..core.cells import SHEET_STRIDE, cell_name
from ..core.errors import LoadError
from ..core.findings import Finding
from ..read.document import KeyPath
from ..read.files import read_input
from ..read.loader import Document
from ..read.text import has_control, text_checks
from ..read.sheets import SheetLimits, Workbook, open_workbook
from .disclosure import Disclosure, file_digest
from .template import COL, COLUMNS, HEADER_ROWS, MAIN, TABLE_HEADER
from ..core.i18n import msg

# A template holds one row per metric and a table sheet per table metric: far below the
# general limits, which then cost less than a second to enforce on a hostile file.
LIMITS = SheetLimits(max_cells=50_000, max_strings=50_000, max_sheets=64,
                     size_hint="a filled-in disclosure template has one row per metric and a few table rows; "
                     "start again from the template `lode template` writes")


class _Reader:
    """One workbook being read into disclosure data: its sheets, their positions, findings."""

    def __init__(self, wb: Workbook, display: str):
        self.wb, self.display = wb, display
        self.sheets: list[str] = [MAIN]
        self.findings: list[Finding] = []
        self.positions: dict[KeyPath, tuple[int, int]] = {}

    def refuse(self, code: str, message: str, r: int, c: int, index: int) -> LoadError:
        return LoadError(Finding.make(code, msg("{value}: {message}", value=cell_name(self.sheets, r, c + index * SHEET_STRIDE), message=message),
                                      self.display, r, c + index * SHEET_STRIDE))

    def value(self, grid: list, r: int, c: int, index: int = 0, path: KeyPath = (), key: bool = False) -> Any:
        """A cell's value as disclosure data; dates become YYYY-MM-DD, text stays text."""
        if r > len(grid) or c > len(grid[r - 1]):
            return None
        value, kind = grid[r - 1][c - 1]
        if kind == "f":
            raise LoadError(Finding.make("sheet-formula", msg("{value} holds a formula", value=cell_name(self.sheets, r, c + index * SHEET_STRIDE)), self.display, r, c + index * SHEET_STRIDE))
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float):
            if not math.isfinite(value):  # a cell of 1e400 reads as infinity: never a value
                raise self.refuse("sheet-value", "the number is beyond the range of a float", r, c, index)
            return int(value) if value.is_integer() and abs(value) < 2**53 else value
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            raise self.refuse("sheet-value", "the integer is beyond 2^53", r, c, index)
        if isinstance(value, str):
            if has_control(value):
                raise self.refuse("enc-control", "the text holds a control character", r, c, index)
            self.findings += text_checks(value, self.display, (r, c + index * SHEET_STRIDE), path, is_key=key)
            text = value.strip()
            # A drop-down's TRUE/FALSE may arrive as text; that is a choice, not locale parsing.
            return {"TRUE": True, "FALSE": False}.get(text.upper(), text) if text else None
        return value

    def table(self, sheet: str, mid: str) -> list | None:
        """The rows of a table metric's sheet (read once, as every sheet)."""
        grid = self.wb.sheet(sheet)
        if sheet not in self.sheets:
            self.sheets.append(sheet)
        index = self.sheets.index(sheet)
        if not grid:
            return None
        header = [str(v).split(" (")[0] if v is not None else None for v, _ in grid[0]]
        out = []
        for r in range(3, len(grid) + 1):
            if all(v is None for v, _ in grid[r - 1]):
                continue
            row: dict[str, Any] = {}
            for c in range(1, len(grid[r - 1]) + 1):
                if c > len(header) or header[c - 1] is None:
                    continue
                path = ("facts", mid, "value", len(out), header[c - 1])
                v = self.value(grid, r, c, index, path)
                if v is None:
                    continue
                row[header[c - 1]] = v
                self.positions[path] = (r, c + index * SHEET_STRIDE)
            self.positions[("facts", mid, "value", len(out))] = (r, 1 + index * SHEET_STRIDE)
            out.append(row)
        return out or None


def read_template(path: Path, display: str) -> Disclosure:
    content = read_input(path, display, LIMITS.max_bytes)
    with open_workbook(content, display, LIMITS) as wb:
        return _disclosure(_Reader(wb, display), wb.sheet(MAIN), content)


def _disclosure(rd: _Reader, rows: list, content: bytes) -> Disclosure:
    positions, cell = rd.positions, rd.value
    keys: dict[KeyPath, tuple[int, int]] = {}
    data: dict[str, Any] = {"lode-disclosure": cell(rows, 1, 2)}
    positions[("lode-disclosure",)] = (1, 2)
    pin = cell(rows, HEADER_ROWS["pin"], 2, path=("pin",))
    if isinstance(pin, str) and "," in pin:  # a template of several pins (template.write_templates)
        data["pins"] = [p.strip() for p in pin.split(",") if p.strip()]
        positions[("pins",)] = (HEADER_ROWS["pin"], 2)
    elif pin is not None:
        data["pin"] = pin
        positions[("pin",)] = (HEADER_ROWS["pin"], 2)
    entity = {k: cell(rows, HEADER_ROWS[f"entity-{k}"], 2, path=("entity", k)) for k in ("name", "id")}
    data["entity"] = {k: v for k, v in entity.items() if v is not None}
    positions[("entity",)] = (HEADER_ROWS["entity-name"], 2)
    data["period"] = {k: v for k, v in (("start", cell(rows, HEADER_ROWS["period-start"], 2)),
                                        ("end", cell(rows, HEADER_ROWS["period-end"], 2))) if v is not None}
    positions[("period",)] = (HEADER_ROWS["period-start"], 2)
    positions[("period", "start")] = (HEADER_ROWS["period-start"], 2)
    positions[("period", "end")] = (HEADER_ROWS["period-end"], 2)
    facts: dict[str, Any] = {}
    omissions: dict[str, Any] = {}
    duplicates: list[tuple[str, str, tuple[int, int]]] = []
    slots: dict[str, tuple[int, int]] = {}
    keys[("facts",)] = positions[("facts",)] = (TABLE_HEADER, COL["value"])
    # the "id: std@edition" columns after `note` of a template of several pins
    id_columns = [(c, str(name)[4:]) for c in range(len(COLUMNS) + 1, len(rows[TABLE_HEADER - 1]) + 1)
                  for name in (cell(rows, TABLE_HEADER, c),) if isinstance(name, str) and name.startswith("id: ")] \
        if len(rows) >= TABLE_HEADER else []
    for r in range(TABLE_HEADER + 1, len(rows) + 1):
        mid = cell(rows, r, COL["id"], key=True)
        if not isinstance(mid, str) or not mid:
            continue
        slots.setdefault(mid, (r, COL["value"]))  # where a finding about this metric points
        for c, ref in id_columns:  # a template of several pins: each framework's id on the row
            other = cell(rows, r, c)
            if isinstance(other, str) and other:
                slots.setdefault(f"{ref}#{other}", (r, COL["value"]))
        value = cell(rows, r, COL["value"], path=("facts", mid, "value"))
        reason = cell(rows, r, COL["omission reason"], path=("omissions", mid, "reason"))
        if isinstance(value, str) and value.startswith("see sheet "):
            value = rd.table(value[len("see sheet "):], mid)
        if value is not None:
            fact: dict[str, Any] = {"value": value}
            for name in ("unit", "evidence", "note"):
                v = cell(rows, r, COL[name], path=("facts", mid, name))
                if v is not None:
                    fact[name] = v if name != "unit" or isinstance(v, str) else str(v)
                    positions[("facts", mid, name)] = (r, COL[name])
            if mid in facts:  # reported as a duplicate, never silently merged
                duplicates.append(("facts", mid, (r, COL["id"])))
                continue
            facts[mid] = fact
            keys[("facts", mid)] = (r, COL["id"])
            positions[("facts", mid)] = (r, COL["id"])
            positions.setdefault(("facts", mid, "value"), (r, COL["value"]))
        if reason is not None:
            om = {"reason": reason}
            explanation = cell(rows, r, COL["explanation"], path=("omissions", mid, "explanation"))
            if explanation is not None:
                om["explanation"] = explanation
            if mid in omissions:
                duplicates.append(("omissions", mid, (r, COL["id"])))
                continue
            omissions[mid] = om
            keys[("omissions", mid)] = positions[("omissions", mid)] = (r, COL["omission reason"])
            positions[("omissions", mid, "explanation")] = (r, COL["explanation"])
    data["facts"] = facts
    if omissions:
        data["omissions"] = omissions
    doc = Document(rd.display, data, positions, keys, {}, findings=rd.findings)
    return Disclosure(doc, file_digest(content), sheets=tuple(rd.sheets), duplicates=duplicates, slots=slots)
