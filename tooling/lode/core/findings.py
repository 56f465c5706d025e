"""Findings are values: what a check found, where, and what to do about it.

Checks yield :class:`Finding` objects and never print, log or exit; the caller
collects them in a :class:`Report` and decides what to show and how to exit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..core.codes import CODES, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, Severity
from ..core.i18n import all_langs
from ..core.perf import pickled_by_fields


@pickled_by_fields  # a failing file's findings cross processes with its verdict
@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``line``/``col`` are 1-based; 0 means 'whole file'.

    ``message`` is English; written with ``msg()`` (``core/i18n.py``) it also keeps its
    template and arguments, so renderers show it in the reader's language."""

    code: str
    message: str
    path: str
    line: int = 0
    col: int = 0
    hint: str | None = None
    pointer: str | None = None  # JSON pointer into the document, e.g. /nodes/3/title
    severity: Severity = field(default=Severity.ERROR)

    @classmethod
    def make(cls, code: str, message: str, path: str, line: int = 0, col: int = 0, *,
             hint: str | None = None, pointer: str | None = None,
             severity: Severity | None = None) -> Finding:
        """Build a finding whose severity and hint default to the code's registry entry."""
        spec = CODES[code]
        return cls(code, message, path, line, col, hint if hint is not None else spec.hint,
                   pointer, severity or spec.severity)

    @property
    def rejects_input(self) -> bool:
        return CODES[self.code].klass == "input"

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.col, self.pointer or "", self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "pointer": self.pointer,
            "hint": self.hint,
            # The same message and hint in every language Lode speaks (``message`` and
            # ``hint`` stay English: scripts match on them and on ``code``).
            "messages": all_langs(self.message),
            "hints": all_langs(self.hint),
        }


@dataclass(frozen=True)
class Report:
    """Every finding of one run, sorted, plus the figures the run measured."""

    findings: tuple[Finding, ...]
    files: int = 0
    stats: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, findings: Iterable[Finding], files: int = 0, stats: dict[str, Any] | None = None) -> Report:
        return cls(tuple(sorted(set(findings), key=Finding.sort_key)), files, stats or {})

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity.value for f in self.findings)
        return {s.value: c.get(s.value, 0) for s in Severity}

    @property
    def rejected(self) -> bool:
        return any(f.rejects_input for f in self.findings)

    def exit_code(self, strict: bool = False) -> int:
        """The CLI contract: 3 if any input was rejected, 1 for errors (or warnings
        under ``strict``), else 0."""
        if self.rejected:
            return EXIT_INPUT
        counts = self.counts()
        if counts["error"] or (strict and counts["warning"]):
            return EXIT_FINDINGS
        return EXIT_OK

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "files": self.files,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "stats": self.stats,
        }
