"""The value a diff returns: one :class:`Diff` of :class:`NodeDiff` and :class:`Change`
values, which the renderers, the site and the crosswalk drift view all read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..model.edition import Edition
from .redline import Segment

DIFF_FORMAT_VERSION = 1

# Change kinds in the order outputs list them.
KINDS = ("added", "removed", "moved", "renumbered", "retitled", "text", "obligation", "requirement",
         "value-spec", "condition", "fidelity", "metadata")
IMPACTS = ("editorial", "technical", "breaking-for-disclosers")




@dataclass(frozen=True, slots=True)
class Change:
    """One difference of one node (or of the edition itself when the node is None).

    ``before``/``after`` are plain JSON values; ``redline`` maps a language to the
    segments of a text change; ``direction`` says ``strengthened``/``weakened`` for an
    obligation or requirement.
    """

    kind: str
    impact: str
    field: str | None = None
    before: Any = None
    after: Any = None
    direction: str | None = None
    redline: Mapping[str, tuple[Segment, ...]] | None = None
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "impact": self.impact}
        for k in ("field", "direction", "detail"):
            if getattr(self, k) is not None:
                d[k] = getattr(self, k)
        if self.kind not in ("added", "removed"):
            d["before"], d["after"] = self.before, self.after
        if self.redline:
            d["redline"] = {lang: [list(s) for s in segs] for lang, segs in self.redline.items()}
        return d


@dataclass(frozen=True, slots=True)
class NodeDiff:
    """Every change of one node: ``old``/``new`` are its ids (None when added/removed)."""

    old: str | None
    new: str | None
    old_number: str | None
    new_number: str | None
    title: Mapping[str, str]
    kind: str
    changes: tuple[Change, ...]
    folded: bool = False  # added or removed with its parent: outputs show it under the parent
    similar: tuple[str, float] | None = None  # removed/added counterpart and its similarity

    @property
    def impact(self) -> str:
        return max((c.impact for c in self.changes), key=IMPACTS.index)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.kind for c in self.changes))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"old": self.old, "new": self.new, "old-number": self.old_number,
                             "new-number": self.new_number, "title": dict(self.title), "node-kind": self.kind,
                             "impact": self.impact, "changes": [c.to_dict() for c in self.changes]}
        if self.similar:
            d["possibly-same-as"] = {"id": self.similar[0], "similarity": round(self.similar[1], 3)}
        return d


@dataclass(frozen=True, slots=True)
class ConcordanceRow:
    """Where an old id went: ``status`` is same, renumbered, moved, renamed, merged,
    split, withdrawn (old only) or new (new only)."""

    old: str | None
    new: tuple[str, ...]
    status: str
    old_number: str | None = None
    new_number: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": list(self.new), "status": self.status,
                "old-number": self.old_number, "new-number": self.new_number}


@dataclass(frozen=True)
class Diff:
    old: str  # "std@edition" or "std@edition (rev)"
    new: str
    old_edition: Edition
    new_edition: Edition
    edition_changes: tuple[Change, ...]
    nodes: tuple[NodeDiff, ...]
    concordance: tuple[ConcordanceRow, ...]
    caveats: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.edition_changes and not self.nodes

    def counts(self) -> dict[str, int]:
        """Changes by kind (every kind, zero included, in the order of KINDS)."""
        n = dict.fromkeys(KINDS, 0)
        for nd in self.nodes:
            for k in nd.kinds:
                n[k] += 1
        n["metadata"] += bool(self.edition_changes)
        return n

    def impacts(self) -> dict[str, int]:
        n = dict.fromkeys(IMPACTS, 0)
        for nd in self.nodes:
            n[nd.impact] += 1
        return n

    def added(self) -> set[str]:
        return {nd.new for nd in self.nodes if nd.old is None and nd.new}

    def removed(self) -> set[str]:
        return {nd.old for nd in self.nodes if nd.new is None and nd.old}

    def to_dict(self) -> dict[str, Any]:
        """The documented, versioned JSON shape (site/reference/diff-json.*.md)."""
        return {
            "lode-diff": DIFF_FORMAT_VERSION,
            "old": self.old, "new": self.new,
            "summary": {"kinds": self.counts(), "impact": self.impacts()},
            "caveats": list(self.caveats),
            "edition": [c.to_dict() for c in self.edition_changes],
            "nodes": [nd.to_dict() for nd in self.nodes],
            "concordance": [r.to_dict() for r in self.concordance],
        }
