"""Reading a disclosure file: YAML or JSON through the safe loader (the same limits,
no aliases or tags, exit 3 on hostile input), or a filled-in template workbook
(``workbook.py``). Every reader returns a :class:`Disclosure`: the plain data, where
each piece came from, and the sha256 of the bytes the verdict is about.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.cells import cell_name
from ..core.errors import LoadError
from ..core.findings import Finding
from ..read.loader import DISCLOSURE_LIMITS, Document, load_bytes, read_file
from . import codes  # noqa: F401 - defines disclosure-version
from ..core.i18n import msg

FORMAT_VERSION = 1
SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


@dataclass
class Disclosure:
    """A loaded disclosure. ``doc.where(path)`` gives (line, col) -- for a workbook,
    (row, column) of the cell, which ``location`` spells ``sheet!A1``."""

    doc: Document
    digest: str  # "sha256:<hex>" of the file's bytes
    sheets: tuple[str, ...] = ()  # a workbook's sheets, in the order positions number them
    # (section, metric id, position) of entries a reader saw twice (a workbook's repeated rows;
    # YAML and JSON refuse duplicate keys before this point)
    duplicates: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)
    # metric id -> the cell where its value belongs (a workbook's row for every metric, filled
    # in or not), so a finding about a missing value points at the metric's own row
    slots: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def workbook(self) -> bool:
        """Read from a workbook: findings are cells, hints speak of cells, not YAML keys."""
        return bool(self.sheets)

    def cell(self, pos: tuple[int, int]) -> str:
        """A workbook position as ``Sheet!F7``."""
        return cell_name(self.sheets, *pos)

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data

    def facts(self) -> dict[str, dict[str, Any]]:
        """Facts whose envelope is sound (a mapping with a value); the schema reports the others."""
        facts = self.data.get("facts")
        if not isinstance(facts, dict):
            return {}
        return {k: v for k, v in facts.items() if isinstance(v, dict) and "value" in v}

    def omissions(self) -> dict[str, Any]:
        om = self.data.get("omissions")
        return om if isinstance(om, dict) else {}


def file_digest(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def _refuse(code: str, message: str, path: str, line: int = 0, col: int = 0) -> LoadError:
    return LoadError(Finding.make(code, message, path, line, col))


def read_disclosure(path: Path, display: str | None = None) -> Disclosure:
    """Read one disclosure file; :class:`LoadError` (exit 3) for any rejected input."""
    path = Path(path)
    display = display or str(path)
    if path.suffix.lower() == ".xlsx":
        from .workbook import read_template

        return read_template(path, display)
    try:
        content = read_file(path, DISCLOSURE_LIMITS)
    except OSError as e:
        raise _refuse("input-unreadable", msg("cannot read file: {value}", value=e.strerror or e), display) from None
    return from_bytes(content, display)


def from_bytes(content: bytes, display: str) -> Disclosure:
    doc = load_bytes(content, display, DISCLOSURE_LIMITS)
    check_version(doc)
    return Disclosure(doc, file_digest(content))


def check_version(doc: Document) -> None:
    version = doc.data.get("lode-disclosure")
    if version != FORMAT_VERSION or isinstance(version, bool):
        line, col = doc.where(("lode-disclosure",)) if "lode-disclosure" in doc.data else (1, 1)
        what = "has no `lode-disclosure:` key" if "lode-disclosure" not in doc.data else \
            f"says lode-disclosure: {version!r}; this Lode reads version {FORMAT_VERSION}"
        raise _refuse("disclosure-version", msg("the file {what}", what=what), doc.path, line, col)


