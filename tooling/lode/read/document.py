"""A loaded file: its plain data and where every piece of it came from (the loader
makes it; ``jsonfast`` makes one whose positions are found only when asked for)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.findings import Finding

KeyPath = tuple[str | int, ...]
Pos = tuple[int, int]


@dataclass
class Document:
    """A loaded YAML file: plain data plus where every piece of it came from.

    ``positions`` maps a path (keys and list indexes from the root) to the 1-based
    line and column of that value; ``key_positions`` does the same for mapping keys.
    ``raw`` keeps the source text of plain scalars that YAML typed as non-strings,
    so a schema error can say "quote the value: "1.10"".
    """

    path: str
    data: dict[str, Any]
    positions: dict[KeyPath, Pos]
    key_positions: dict[KeyPath, Pos]
    raw: dict[KeyPath, str]
    findings: list[Finding] = field(default_factory=list)

    def where(self, path: KeyPath, *, key: bool = False) -> Pos:
        """Position of the value (or key) at ``path``, or of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def raw_at(self, path: KeyPath) -> str | None:
        """The source text of the plain non-string scalar at ``path``, if it is one."""
        return self.raw.get(tuple(path))


def pointer(path: KeyPath) -> str:
    """RFC 6901 JSON pointer for a path."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
