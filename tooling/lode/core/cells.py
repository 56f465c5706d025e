"""Cells of tabular output (CSV, spreadsheets) that no spreadsheet program will run.

One function for every tabular output, so the rule lives in one place.
"""

from __future__ import annotations

from typing import Any

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection);
# tab and carriage return are in OWASP's list too, because some importers strip them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A cell no spreadsheet will evaluate: a leading formula character is prefixed with
    an apostrophe (the convention Excel and LibreOffice display as text)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
