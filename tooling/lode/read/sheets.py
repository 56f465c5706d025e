"""Reading workbooks (.xlsx) that people edited: hostile input like any other file.

The file is capped in size before it is unzipped, the zip's entry count and unpacked
size are capped before any XML is parsed (zip bombs; Python's zipfile also refuses to
read a member beyond its declared size), and only cell values and types come back:
what the cells mean is the caller's business (a crosswalk import, a disclosure).
Every refusal is a :class:`LoadError` (exit 3) with a coded finding.

A workbook's own claims are never trusted. Before openpyxl sees any part, every XML
part is scanned once by expat, iteratively, with bounded work: no DOCTYPE or entity
declaration (XXE, billion laughs), no nesting beyond ``max_depth`` (7M-deep XML in one
cell used to cost 10 s and 2 GB). The sheet itself is then scanned for the cells it
really holds -- their count, the last row and column, every shared-string index
(``-1`` would read the last string) -- and openpyxl is asked for exactly that range.
The sheet's declared ``<dimension>`` is ignored both ways: a 7.6 KB file claiming
``A1:XFD20001`` used to be padded to 300M cells (6.7 GB), and a stale ``A1:N5`` on a
12-row sheet silently dropped rows 6-12, which an import then deleted.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from xml.parsers import expat
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ..core.errors import LoadError
from ..core.findings import Finding
from .files import read_input


@dataclass(frozen=True)
class SheetLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_unpacked: int = 50 * 1024 * 1024
    max_entries: int = 200
    max_rows: int = 20_000
    max_cols: int = 1_000
    max_cells: int = 1_000_000  # cells present (in all sheets), and rows x columns of the grid they span
    max_strings: int = 1_000_000  # shared strings: no sheet can show more strings than it has cells
    max_sheets: int = 100
    max_depth: int = 32  # a sheet's XML nests 7 deep (worksheet/sheetData/row/c/is/r/t)
    size_hint: str | None = None  # the hint of a `sheet-size` refusal, in the reader's terms (None: the code's)


SHEET_LIMITS = SheetLimits()

Cell = tuple[Any, str]  # (value, openpyxl data type: "s", "n", "d", "b", "f", ...)


def read_workbook(path: Path, display: str, sheet: str | None, limits: SheetLimits = SHEET_LIMITS
                  ) -> list[list[Cell]]:
    """The rows of one sheet of the workbook at ``path`` (None: its first sheet), as (value, type) cells."""
    with open_workbook(read_input(path, display, limits.max_bytes), display, limits) as wb:
        return wb.sheet(sheet)


def open_workbook(data: bytes, display: str, limits: SheetLimits = SHEET_LIMITS) -> Workbook:
    """The workbook whose bytes are ``data`` (read once by the caller, who may digest the
    same bytes): checked against every limit before anything is expanded."""
    return Workbook(data, display, limits)


class Workbook:
    """A workbook read from one byte string. Every XML part is scanned once, with bounded
    work, before openpyxl sees any of it: the counts of shared strings, cells and sheets in
    the whole archive are checked there, so 2.5M shared strings in a 115 KB file are
    refused before a single string is built. Each sheet's cells are then read at most once."""

    def __init__(self, data: bytes, display: str, limits: SheetLimits = SHEET_LIMITS):
        self.data, self.display, self.limits = data, display, limits
        self._grids: dict[str, list[list[Cell]]] = {}
        if len(data) > limits.max_bytes:
            raise self.refuse("sheet-size", f"file is over {limits.max_bytes:,} bytes")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                infos = z.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise self.refuse("sheet-invalid", f"not an .xlsx file (a zip archive): {e}") from None
        unpacked = sum(i.file_size for i in infos)
        if len(infos) > limits.max_entries or unpacked > limits.max_unpacked:
            raise self.refuse("sheet-size", f"{len(infos)} entries, {unpacked:,} bytes unpacked; the limits are "
                              f"{limits.max_entries} entries and {limits.max_unpacked:,} bytes")
        self._wb = self._guard(self._open)

    def refuse(self, code: str, message: str, line: int = 0, col: int = 0) -> LoadError:
        hint = self.limits.size_hint if code == "sheet-size" else None
        return LoadError(Finding.make(code, message, self.display, line, col, hint=hint))

    def _guard(self, fn: Any, *args: Any) -> Any:
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            return fn(*args)
        except LoadError:
            raise
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, OSError,
                ParseError, EOFError, expat.ExpatError) as e:
            raise self.refuse("sheet-invalid", f"unreadable workbook: {type(e).__name__}: {e}") from None

    def _open(self) -> Any:
        from openpyxl import load_workbook  # imported here: openpyxl costs 0.1 s of start-up

        totals = dict.fromkeys(_COUNTED, 0)
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            for info in z.infolist():
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _Scan(self.limits, self.refuse, info.filename, totals=totals).run(z, info.filename)
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it drops (extensions, styles): not ours to report
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(self.data), read_only=True, data_only=False, keep_links=False)

    @property
    def sheetnames(self) -> list[str]:
        return list(self._wb.sheetnames)

    def sheet(self, name: str | None) -> list[list[Cell]]:
        """The rows of sheet ``name`` (None: the first), read once and kept."""
        name = self.sheetnames[0] if name is None and self.sheetnames else name
        if name not in self.sheetnames:
            raise self.refuse("sheet-invalid", f"the workbook has no sheet named {name!r}")
        if name not in self._grids:
            self._grids[name] = self._guard(self._read, name)
        return self._grids[name]

    def _read(self, name: str) -> list[list[Cell]]:
        ws = self._wb[name]
        scan = _Scan(self.limits, self.refuse, name, strings=len(ws._shared_strings))  # noqa: SLF001
        scan.run(self._wb._archive, ws._worksheet_path)  # noqa: SLF001 - openpyxl is pinned exactly
        if scan.max_row == 0 or scan.max_col == 0:
            return []
        # The range the cells span, never the <dimension> the sheet declares.
        return [[(c.value, c.data_type) for c in row]
                for row in ws.iter_rows(min_row=1, max_row=scan.max_row, min_col=1, max_col=scan.max_col)]

    def close(self) -> None:
        self._wb.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# Elements counted in every part of the archive, whatever the part is called: shared
# strings, cells, sheets (SheetLimits field of each).
_COUNTED = {"si": "max_strings", "c": "max_cells", "sheet": "max_sheets"}
_WHAT = {"si": "shared strings", "c": "cells", "sheet": "sheets"}


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})\Z")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class _Scan:
    """One bounded pass of expat over an XML part of the workbook (see the module
    docstring). For the sheet part (``strings`` given) it also finds the cells present."""

    CHUNK = 64 * 1024

    def __init__(self, limits: SheetLimits, refuse: Any, where: str, strings: int | None = None,
                 totals: dict[str, int] | None = None):
        self.limits, self.refuse, self.where, self.strings = limits, refuse, where, strings
        self.totals = totals
        self.depth = self.cells = self.max_row = self.max_col = 0
        self.row = self.col = 0
        self.cell_ref = ""
        self.shared = False  # inside a t="s" cell
        self.text: list[str] | None = None  # the <v> text of a shared-string cell

    def run(self, archive: zipfile.ZipFile, name: str) -> None:
        p = expat.ParserCreate()
        p.StartDoctypeDeclHandler = self._doctype
        p.EntityDeclHandler = self._doctype
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        if self.strings is not None:
            p.CharacterDataHandler = self._chars
        with archive.open(name) as f:
            while chunk := f.read(self.CHUNK):
                p.Parse(chunk, False)
        p.Parse(b"", True)

    def _doctype(self, *args: Any) -> None:
        raise self.refuse("sheet-invalid", f"{self.where}: DOCTYPE and entity declarations are not allowed")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise self.refuse("sheet-invalid", f"{self.where}: XML nested deeper than {self.limits.max_depth} levels")
        local = name.rpartition(":")[2]
        if self.totals is not None and local in self.totals:
            n = self.totals[local] = self.totals[local] + 1
            limit = getattr(self.limits, _COUNTED[local])
            if n > limit:
                raise self.refuse("sheet-size", f"more than {limit:,} {_WHAT[local]} in the workbook")
        if self.strings is None:
            return
        if local == "row":
            r = attrs.get("r")
            self.row = self._number(r) if r is not None else self.row + 1
            self.col = 0
            self._extent(self.row, 0)
        elif local == "c":
            self.cells += 1
            if self.cells > self.limits.max_cells:
                raise self.refuse("sheet-size", f"more than {self.limits.max_cells:,} cells")
            ref = attrs.get("r")
            if ref is None:
                self.col += 1
            else:
                m = _REF.match(ref)
                if not m:
                    raise self.refuse("sheet-invalid", f"{self.where}: bad cell reference {ref[:20]!r}")
                self.col, self.row = _column(m.group(1)), int(m.group(2))
            self.cell_ref = ref or f"row {self.row} column {self.col}"
            self._extent(self.row, self.col)
            self.shared = attrs.get("t") == "s"
        elif local == "v" and self.shared:
            self.text = []

    def _number(self, r: str) -> int:
        if not r.isdigit() or len(r) > 7:
            raise self.refuse("sheet-invalid", f"{self.where}: bad row number {r[:20]!r}")
        return int(r)

    def _extent(self, row: int, col: int) -> None:
        lim = self.limits
        self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
        if self.max_row > lim.max_rows + 1:
            raise self.refuse("sheet-size", f"more than {lim.max_rows:,} rows (a cell or row at row {self.max_row})",
                              min(self.max_row, 10**7), 1)
        if self.max_col > lim.max_cols:
            raise self.refuse("sheet-size", f"more than {lim.max_cols:,} columns (a cell in column {self.max_col})")
        if self.max_row * self.max_col > lim.max_cells:
            raise self.refuse("sheet-size", f"the cells span {self.max_row:,} rows x {self.max_col:,} columns; "
                              f"the limit is {lim.max_cells:,} cells")

    def _chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)
            if len(self.text) > 64 or len(data) > 64:  # an index is a few digits: refuse, don't collect
                raise self.refuse("sheet-invalid", f"cell {self.cell_ref}: shared-string index is not a number")

    def _end(self, name: str) -> None:
        self.depth -= 1
        if self.text is None:
            return
        local = name.rpartition(":")[2]
        if local == "v":
            raw = "".join(self.text).strip()
            self.text = None
            count = self.strings or 0  # text is only collected for shared-string cells, when strings is known
            if not (raw.isdigit() and len(raw) < 10 and int(raw) < count):
                raise self.refuse("sheet-invalid", f"cell {self.cell_ref}: shared-string index {raw[:20]!r} "
                                  f"is not one of the workbook's {count} strings", self.row, max(self.col, 1))
