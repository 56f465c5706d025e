"""Reading a filled-in template back: through ``lode.read.sheets.read_workbook`` (the
hostile-workbook protections: size, zip entries, unpacked size, rows), into the same
data a YAML disclosure gives, with every value located at its cell.

Positions are (row, column) pairs, as a YAML file's are (line, column); a cell on the
n-th sheet carries ``n * SHEET_STRIDE`` in its column so one finding type serves both
(``render/verdict.location`` spells it ``Sheet!F7``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..core.errors import LoadError
from ..core.findings import Finding
from ..read.loader import Document
from ..read.sheets import read_workbook
from .document import Disclosure, file_digest
from .template import COL, HEADER_ROWS, MAIN, TABLE_HEADER
from ..core.i18n import msg

SHEET_STRIDE = 1 << 14  # Excel has at most 16,384 columns


def _plain(value: Any, kind: str) -> Any:
    """A cell's value as disclosure data; dates become YYYY-MM-DD, text stays text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        # A drop-down's TRUE/FALSE may arrive as text; that is a choice, not locale parsing.
        return {"TRUE": True, "FALSE": False}.get(text.upper(), text) if text else None
    return value


def read_template(path: Path, display: str) -> Disclosure:
    rows = read_workbook(path, display, MAIN)
    content = Path(path).read_bytes()
    sheets = [MAIN]
    positions: dict[tuple, tuple[int, int]] = {}
    keys: dict[tuple, tuple[int, int]] = {}

    def cell(r: int, c: int, sheet_index: int = 0, table: list | None = None) -> Any:
        grid = rows if table is None else table
        if r > len(grid) or c > len(grid[r - 1]):
            return None
        value, kind = grid[r - 1][c - 1]
        if kind == "f":
            raise LoadError(Finding.make("sheet-formula", msg("{value}!{value2}{r} holds a formula", value=sheets[sheet_index], value2=_letters(c), r=r),
                                         display, r, c + sheet_index * SHEET_STRIDE))
        return _plain(value, kind)

    data: dict[str, Any] = {"lode-disclosure": cell(1, 2)}
    positions[("lode-disclosure",)] = (1, 2)
    pin = cell(HEADER_ROWS["pin"], 2)
    if pin is not None:
        data["pin"] = pin
        positions[("pin",)] = (HEADER_ROWS["pin"], 2)
    entity = {k: cell(HEADER_ROWS[f"entity-{k}"], 2) for k in ("name", "id")}
    data["entity"] = {k: v for k, v in entity.items() if v is not None}
    positions[("entity",)] = (HEADER_ROWS["entity-name"], 2)
    data["period"] = {k: v for k, v in (("start", cell(HEADER_ROWS["period-start"], 2)),
                                        ("end", cell(HEADER_ROWS["period-end"], 2))) if v is not None}
    positions[("period",)] = (HEADER_ROWS["period-start"], 2)
    positions[("period", "start")] = (HEADER_ROWS["period-start"], 2)
    positions[("period", "end")] = (HEADER_ROWS["period-end"], 2)
    facts: dict[str, Any] = {}
    omissions: dict[str, Any] = {}
    duplicates: list[tuple[str, str, tuple[int, int]]] = []
    keys[("facts",)] = positions[("facts",)] = (TABLE_HEADER, COL["value"])
    for r in range(TABLE_HEADER + 1, len(rows) + 1):
        mid = cell(r, COL["id"])
        if not isinstance(mid, str) or not mid:
            continue
        value = cell(r, COL["value"])
        reason = cell(r, COL["omission reason"])
        if isinstance(value, str) and value.startswith("see sheet "):
            value = _table(path, display, value[len("see sheet "):], sheets, positions, mid)
        if value is not None:
            fact: dict[str, Any] = {"value": value}
            for name in ("unit", "evidence", "note"):
                v = cell(r, COL[name])
                if v is not None:
                    fact[name] = v if name != "unit" or isinstance(v, str) else str(v)
                    positions[("facts", mid, name)] = (r, COL[name])
            if mid in facts:  # reported as a duplicate, never silently merged
                duplicates.append(("facts", mid, (r, COL["id"])))
                continue
            key = mid
            facts[key] = fact
            keys[("facts", key)] = (r, COL["id"])
            positions[("facts", key)] = (r, COL["id"])
            positions.setdefault(("facts", key, "value"), (r, COL["value"]))
        if reason is not None:
            om = {"reason": reason}
            explanation = cell(r, COL["explanation"])
            if explanation is not None:
                om["explanation"] = explanation
            if mid in omissions:
                duplicates.append(("omissions", mid, (r, COL["id"])))
                continue
            key = mid
            omissions[key] = om
            keys[("omissions", key)] = positions[("omissions", key)] = (r, COL["omission reason"])
            positions[("omissions", key, "explanation")] = (r, COL["explanation"])
    data["facts"] = facts
    if omissions:
        data["omissions"] = omissions
    return Disclosure(Document(display, data, positions, keys, {}), file_digest(content), sheets=tuple(sheets),
                      duplicates=duplicates)


def _table(path: Path, display: str, sheet: str, sheets: list[str], positions: dict, mid: str) -> list | None:
    grid = read_workbook(path, display, sheet)
    index = len(sheets)
    sheets.append(sheet)
    if not grid:
        return None
    header = [str(v).split(" (")[0] if v is not None else None for v, _ in grid[0]]
    out = []
    for r in range(3, len(grid) + 1):
        cells = grid[r - 1]
        if all(v is None for v, _ in cells):
            continue
        row: dict[str, Any] = {}
        for c, (v, kind) in enumerate(cells, 1):
            if c > len(header) or header[c - 1] is None or v is None:
                continue
            if kind == "f":
                raise LoadError(Finding.make("sheet-formula", msg("{sheet}!{value}{r} holds a formula", sheet=sheet, value=_letters(c), r=r),
                                             display, r, c + index * SHEET_STRIDE))
            row[header[c - 1]] = _plain(v, kind)
            positions[("facts", mid, "value", len(out), header[c - 1])] = (r, c + index * SHEET_STRIDE)
        positions[("facts", mid, "value", len(out))] = (r, 1 + index * SHEET_STRIDE)
        out.append(row)
    return out or None


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
