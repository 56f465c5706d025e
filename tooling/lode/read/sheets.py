"""Reading workbooks (.xlsx) that people edited: hostile input like any other file.

The file is capped in size before it is unzipped, the zip's entry count and unpacked
size are capped before any XML is parsed (zip bombs; Python's zipfile also refuses to
read a member beyond its declared size), and only cell values and types come back:
what the cells mean is the caller's business (a crosswalk import, a disclosure).
Every refusal is a :class:`LoadError` (exit 3) with a coded finding.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ..core.errors import LoadError
from ..core.findings import Finding


@dataclass(frozen=True)
class SheetLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_unpacked: int = 50 * 1024 * 1024
    max_entries: int = 200
    max_rows: int = 20_000


SHEET_LIMITS = SheetLimits()

Cell = tuple[Any, str]  # (value, openpyxl data type: "s", "n", "d", "b", "f", ...)


def read_workbook(path: Path, display: str, sheet: str | None, limits: SheetLimits = SHEET_LIMITS
                  ) -> list[list[Cell]]:
    """The rows of one sheet of the workbook at ``path`` (None: its first sheet), as (value, type) cells."""
    def refuse(code: str, message: str, line: int = 0, col: int = 0) -> LoadError:
        return LoadError(Finding.make(code, message, display, line, col))

    try:
        with open(path, "rb") as f:
            data = f.read(limits.max_bytes + 1)
    except OSError as e:
        raise refuse("input-unreadable", f"cannot read file: {e.strerror or e}") from None
    if len(data) > limits.max_bytes:
        raise refuse("sheet-size", f"file is over {limits.max_bytes:,} bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise refuse("sheet-invalid", f"not an .xlsx file (a zip archive): {e}") from None
    unpacked = sum(i.file_size for i in infos)
    if len(infos) > limits.max_entries or unpacked > limits.max_unpacked:
        raise refuse("sheet-size", f"{len(infos)} entries, {unpacked:,} bytes unpacked; the limits are "
                     f"{limits.max_entries} entries and {limits.max_unpacked:,} bytes")
    return _cells(data, sheet, limits, refuse)


def _cells(data: bytes, sheet: str | None, limits: SheetLimits, refuse: Any) -> list[list[Cell]]:
    from openpyxl import load_workbook  # imported here: openpyxl costs 0.1 s of start-up
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it drops (extensions, styles): not ours to report
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
            sheet = wb.sheetnames[0] if sheet is None and wb.sheetnames else sheet
            if sheet not in wb.sheetnames:
                raise refuse("sheet-invalid", f"the workbook has no sheet named {sheet!r}")
            out = []
            for n, row in enumerate(wb[sheet].iter_rows(), 1):
                if n > limits.max_rows + 1:
                    raise refuse("sheet-size", f"more than {limits.max_rows:,} rows", n, 1)
                out.append([(c.value, c.data_type) for c in row])
            wb.close()
            return out
    except LoadError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, OSError,
            ParseError, EOFError) as e:
        raise refuse("sheet-invalid", f"unreadable workbook: {type(e).__name__}: {e}") from None
