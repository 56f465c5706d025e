"""Cells of tabular output (CSV, TSV, spreadsheets) that no spreadsheet program will run
and that cannot split a row.

One function for every tabular output, so the rule lives in one place. Used by every
writer of rows: the site's CSV downloads, the crosswalk exports (CSV, SSSOM TSV,
XLSX) and the diff concordance.
"""

from __future__ import annotations

from typing import Any

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection);
# tab, carriage return and line feed are in OWASP's list too, because importers strip
# them and then see what follows.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_FORMULA = ("=", "+", "-", "@")
_BLANK = " \t\r\n"


def _needs_quote(text: str) -> bool:
    # Also behind leading blanks and apostrophes: an importer that trims them would
    # otherwise meet the '=' first, and text that already starts with an apostrophe
    # would lose it on import (restore() takes off exactly one).
    return text.startswith(FORMULA_START) or text.lstrip(_BLANK + "'").startswith(_FORMULA)


def safe_cell(value: Any, *, tsv: bool = False) -> str:
    """A cell no spreadsheet will evaluate and no reader will split.

    - A bare carriage return becomes a line feed: Python's csv writer quotes a field for
      the line terminator it writes (``\\n``), not for a lone ``\\r``, which spreadsheet
      programs nonetheless take as the end of a row -- a new row whose first cell could
      be ``=cmd|...``.
    - In TSV (no quoting), tabs and line breaks become spaces.
    - A cell that starts like a formula (also after blanks) gets an apostrophe, the
      convention Excel and LibreOffice display as text; :func:`restore` removes it.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if tsv:
        text = text.replace("\t", " ").replace("\n", " ")
    return "'" + text if _needs_quote(text) else text


def restore(value: str) -> str:
    """Undo :func:`safe_cell`'s apostrophe (and nothing else)."""
    return value[1:] if value.startswith("'") and _needs_quote(value[1:]) else value


# A workbook finding keeps (line, col) = (row, column); a cell on a workbook's n-th sheet
# carries n * SHEET_STRIDE in its column, so one finding type serves YAML and workbooks.
SHEET_STRIDE = 1 << 14  # Excel has at most 16,384 columns


def column_letters(n: int) -> str:
    """Excel's name of column ``n`` (1 -> A, 27 -> AA)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def cell_name(sheets: tuple[str, ...] | list[str], row: int, col: int) -> str:
    """``Sheet!F7`` of a workbook position (``col`` carrying the sheet, see ``SHEET_STRIDE``)."""
    sheet, c = divmod(col, SHEET_STRIDE)
    return f"{sheets[min(sheet, len(sheets) - 1)]}!{column_letters(c)}{row}"
