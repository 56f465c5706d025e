"""What the checks work on: ``Locate`` (an object's position in its file), and the
*facts* the cross-file checks need -- ids, kinds, lineage, references, numbers, parents,
content stamps and a few positions from each file, small enough to cache.

Extracting these facts per file (and caching them with the file's own findings) means
an unchanged file costs a hash and a small unmarshal on the next run, instead of a
parse or a full model rebuild.
"""

from __future__ import annotations

from typing import Callable, Mapping, NamedTuple

from ..model.edition import Edition, Ref, Standard, Where, stamp
from ..read.schemas import did_you_mean

Pos = tuple[int, int]
# locate(where, sub-path, is_key) -> (line, col) of ``sub`` inside the object authored at ``where``
Locate = Callable[[Where, tuple, bool], Pos]


class NodeFacts(NamedTuple):
    id: str
    kind: str
    replaces: tuple[str, ...]
    refs: tuple[str, ...]
    path: tuple
    id_pos: Pos
    kind_pos: Pos
    replaces_pos: tuple[Pos, ...]
    refs_pos: tuple[Pos, ...]
    # what crosswalks compare with their recorded stamps (see crosswalk.py)
    number: str | None
    parent: str | None
    stamp: str
    value: tuple[str, str | None] | None = None  # a metric's (type, unit): what crosswalk-unit compares


class EditionFacts(NamedTuple):
    file: str
    standard: str
    edition: str
    status: str
    supersedes: str | None
    at: dict[str, Pos]  # positions of the top-level keys standard, edition, status, supersedes
    nodes: tuple[NodeFacts, ...]
    sources: tuple[str, ...] = ()  # the ids the edition declares (applicability entries cite them)

    def plain(self) -> tuple:
        return (*self[:6], tuple(tuple(n) for n in self.nodes), self.sources)

    @classmethod
    def from_plain(cls, t: tuple) -> EditionFacts:
        return cls(*t[:6], tuple(NodeFacts(*n) for n in t[6]), tuple(t[7]))


class ApplicabilityFacts(NamedTuple):
    """One `applicability` entry of a standard.yaml: what it names, and where."""
    index: int
    edition: str
    nodes: tuple[str, ...]
    sources: tuple[str, ...]
    pos: Pos  # of the entry's `edition`
    nodes_pos: tuple[Pos, ...]
    sources_pos: tuple[Pos, ...]


class StandardFacts(NamedTuple):
    file: str
    id: str
    editions: tuple[str, ...]
    id_pos: Pos
    editions_pos: tuple[Pos, ...]
    applicability: tuple[ApplicabilityFacts, ...] = ()

    def plain(self) -> tuple:
        return (*self[:5], tuple(tuple(a) for a in self.applicability))

    @classmethod
    def from_plain(cls, t: tuple) -> StandardFacts:
        return cls(*t[:5], tuple(ApplicabilityFacts(*a) for a in t[5]))


def edition_facts(ed: Edition, locate: Locate) -> EditionFacts:
    top = Where(ed.where.file)
    at = {k: locate(top, (k,), False) for k in ("standard", "edition", "status", "supersedes")}
    nodes = tuple(
        NodeFacts(n.id, n.kind, n.replaces, n.refs, n.where.path,
                  locate(n.where, ("id",), False), locate(n.where, ("kind",), False),
                  tuple(locate(n.where, ("replaces", j), False) for j in range(len(n.replaces))),
                  tuple(locate(n.where, ("refs", i), False) for i in range(len(n.refs))),
                  n.number, parent, stamp(n), (n.value.type, n.value.unit) if n.value else None)
        for n, parent in ed.walk_with_parents())
    return EditionFacts(ed.where.file, ed.standard, ed.edition, ed.status, ed.supersedes, at, nodes,
                        tuple(s.id for s in ed.sources))


def standard_facts(std: Standard, locate: Locate) -> StandardFacts:
    applicability = tuple(
        ApplicabilityFacts(i, e["edition"], tuple(e.get("nodes", ())), tuple(e["sources"]),
                           locate(std.where, ("applicability", i, "edition"), False),
                           tuple(locate(std.where, ("applicability", i, "nodes", j), False)
                                 for j in range(len(e.get("nodes", ())))),
                           tuple(locate(std.where, ("applicability", i, "sources", j), False)
                                 for j in range(len(e["sources"]))))
        for i, e in enumerate(std.applicability))
    return StandardFacts(std.where.file, std.id, std.editions, locate(std.where, ("id",), False),
                         tuple(locate(std.where, ("editions", i), False) for i in range(len(std.editions))),
                         applicability)


def resolve(ref: Ref, standards: Mapping[str, StandardFacts], index: dict[tuple[str, str], set[str]],
             incomplete: set[str]) -> str | None:
    """Why ``ref`` does not resolve, or None if it does (or cannot be judged)."""
    if ref.standard in incomplete:
        return None  # that standard has errors of its own; don't cascade
    std = standards.get(ref.standard)
    if std is None:
        return f"no standard {ref.standard!r}{did_you_mean(ref.standard, standards)}"
    if (ref.standard, ref.edition) not in index:
        return (f"{ref.standard} has no edition {ref.edition!r}{did_you_mean(ref.edition, std.editions)} "
                f"(editions: {', '.join(std.editions)})")
    if ref.node is not None and ref.node not in index[(ref.standard, ref.edition)]:
        return (f"{ref.standard}@{ref.edition} has no node {ref.node!r}"
                f"{did_you_mean(ref.node, index[(ref.standard, ref.edition)])}")
    return None
