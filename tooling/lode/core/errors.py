"""One exception for every refusal: :class:`LodeError` carries the findings that say
what was refused and where, and the exit code follows from their codes' classes.

The library raises it and never prints or exits; the CLI catches it in one place
(``cli/app.py``) and maps it to the exit-code contract, so a new kind of refusal is a
new code in ``codes.py``, never a new ``except`` clause.
"""

from __future__ import annotations

from typing import Iterable

from .codes import CODES, EXIT_BY_CLASS, EXIT_OK, EXIT_USAGE
from .findings import Finding

# The one exit policy of every command. When findings of several classes are raised
# together (or a batch gives several verdicts), the most specific wins: an internal bug
# over a failed write, an integrity failure over the rejected input it found, which says
# more than a usage error, which says more than a content finding.
_PRECEDENCE = ("internal", "write", "pin", "input", "config", "content")
_RANK = {EXIT_BY_CLASS[k]: i for i, k in enumerate(_PRECEDENCE)}


def refusal(classes: Iterable[str]) -> str | None:
    """The class that refused a file (``internal`` … ``config``), or None if only content spoke."""
    present = set(classes)
    return next((k for k in _PRECEDENCE[:-1] if k in present), None)


def worst_exit(codes: Iterable[int]) -> int:
    """The exit code of several results (files of a batch): the most specific by the
    precedence above; 0 when every one is 0."""
    return min((c for c in codes if c != EXIT_OK), key=lambda c: _RANK.get(c, -1), default=EXIT_OK)


class LodeError(Exception):
    """A refusal: the findings say where and why; :attr:`exit_code` is the contract's."""

    def __init__(self, findings: Finding | Iterable[Finding]):
        self.findings: tuple[Finding, ...] = (findings,) if isinstance(findings, Finding) else tuple(findings)
        if not self.findings:
            raise ValueError("a LodeError needs at least one finding")
        first = self.findings[0]
        where = f"{first.path}:{first.line}:{first.col}: " if first.line else (f"{first.path}: " if first.path else "")
        super().__init__(f"{where}[{first.code}] {first.message}")

    @classmethod
    def of(cls, code: str, message: str, path: str = "", line: int = 0, col: int = 0, *,
           hint: str | None = None) -> LodeError:
        """The usual case: one coded finding (its hint defaults to the code's)."""
        return cls(Finding.make(code, message, path, line, col, hint=hint))

    @property
    def finding(self) -> Finding:
        return self.findings[0]

    @property
    def exit_code(self) -> int:
        classes = {CODES[f.code].klass for f in self.findings}
        klass = refusal(classes) or ("content" if "content" in classes else None)
        return EXIT_BY_CLASS[klass] if klass else EXIT_USAGE


class LoadError(LodeError):
    """Input rejected before validation (exit 3): a reader refused the bytes. Validation
    catches it to report the file's finding and go on with the other files."""


class WriteError(LodeError):
    """A write failed (exit 5); the destination is unchanged and no temporary file remains."""
