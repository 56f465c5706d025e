"""A loaded disclosure, whichever reader made it: its plain data, where each piece came
from, and the sha256 of the bytes the verdict is about. Below both readers (``document.py``
for YAML and JSON, ``workbook.py`` for a filled-in template), so neither imports the other
for it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..core.cells import cell_name
from ..read.loader import Document


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
    # The document's data, as an attribute: a check reads it a dozen times, and a
    # property's call cost 3% of checking a passing file.
    data: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.data = self.doc.data

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

    def facts(self) -> dict[str, dict[str, Any]]:
        """Facts whose envelope is sound (a mapping with a value); the schema reports the
        others. Read-only: when every envelope is sound it is the document's own mapping."""
        facts = self.data.get("facts")
        if not isinstance(facts, dict):
            return {}
        # Every envelope sound is the common case: tested, not copied (a copy built a fact
        # at a time cost twice the test; tooling/bench/RESULTS.md, goal 5).
        for v in facts.values():
            if not (isinstance(v, dict) and "value" in v):
                return {k: v for k, v in facts.items() if isinstance(v, dict) and "value" in v}
        return facts

    def omissions(self) -> dict[str, Any]:
        om = self.data.get("omissions")
        return om if isinstance(om, dict) else {}


def file_digest(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()
