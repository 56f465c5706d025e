"""The checks that keep a crosswalk's rows honest: within one file (location, sides
against the header, duplicates, contradictions, unstamped rows) on the model, and against
the corpus (every side resolves and has not drifted since review) on small cached facts.

Drift of one side (:func:`assess`) compares the stamp a row recorded at review with
the edition as it is now; ``lode crosswalk restamp`` and the drift view use it too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, NamedTuple

from ..core.findings import Finding
from ..model.crosswalk import SIDES, Crosswalk, Row, SideStamp, location
from ..model.edition import Edition, Ref, stamp
from ..read.loader import pointer
from ..read.schemas import did_you_mean
from .facts import Locate, NodeFacts, Pos, StandardFacts, resolve
from .registry import check, code
from ..core.i18n import msg


def _row_f(code: str, row: Row, sub: tuple, locate: Locate, message: str, hint: str | None = None) -> Finding:
    return Finding.make(code, message, row.where.file, *locate(row.where, sub, False), hint=hint,
                        pointer=pointer(row.where.path + sub))


# --- within one file ------------------------------------------------------------------

@check("crosswalk",
       code("crosswalk-header-mismatch", "error", "row side is not in the edition the header names",
            "every `from` must be in the header's `from` edition and every `to` in its `to` edition"),
       code("crosswalk-duplicate-id", "error", "row id used twice in one crosswalk",
            "every row needs its own id; spreadsheet round trips match rows by it"),
       code("crosswalk-duplicate-row", "error", "the same pair is mapped twice with the same relation",
            "delete one of the two rows (or merge their rationales)"),
       code("crosswalk-contradiction", "error", "rows contradict each other",
            "a pair has one relation; a node with `no-relationship` to a whole edition has no other mapping there"),
       code("crosswalk-unstamped", "info", "row has no review stamps yet",
            "review the row, then run `lode crosswalk restamp <file> --row <id>`"))
def check_crosswalk(cw: Crosswalk, locate: Locate) -> Iterator[Finding]:
    """What one file can say about itself: location, sides against the header, duplicate
    and contradictory rows, rows not yet stamped."""
    yield from _check_location(cw, locate)
    ids: dict[str, Row] = {}
    pairs: dict[tuple[Ref, Ref], Row] = {}
    for row in cw.mappings:
        if row.id in ids:
            yield _row_f("crosswalk-duplicate-id", row, ("id",), locate,
                         msg("row id {id!r} is used twice (first at {value})", id=row.id, value=_line(ids[row.id], locate)))
        ids.setdefault(row.id, row)
        for side, header in zip(SIDES, (cw.source, cw.target)):
            ref = row.side(side)
            if (ref.standard, ref.edition) != (header.standard, header.edition):
                yield _row_f("crosswalk-header-mismatch", row, (side,), locate,
                             msg("row {id!r}: {side} {ref} is not in {header}, the edition the header names", id=row.id, side=side, ref=ref, header=header))
        first = pairs.get(row.sides)
        if first is None:
            pairs[row.sides] = row
        elif first.relation == row.relation:
            yield _row_f("crosswalk-duplicate-row", row, ("from",), locate,
                         msg("row {id!r} maps {value} to {value2} again (row {id2!r} at {value3})", id=row.id, value=row.sides[0], value2=row.sides[1], id2=first.id, value3=_line(first, locate)))
        else:
            yield _row_f("crosswalk-contradiction", row, ("relation",), locate,
                         msg("row {id!r} says {relation} but row {id2!r} (at {value}) says {relation2} for the same pair", id=row.id, relation=row.relation, id2=first.id, value=_line(first, locate), relation2=first.relation))
        if row.stamps is None and any(r.node for r in row.sides):
            yield _row_f("crosswalk-unstamped", row, ("id",), locate, msg("row {id!r} has no review stamps", id=row.id))
    yield from _check_no_relationship(cw, locate)


def _line(row: Row, locate: Locate) -> str:
    line, col = locate(row.where, (), False)
    return f"{line}:{col}"


def _check_location(cw: Crosswalk, locate: Locate) -> Iterator[Finding]:
    expected = location(cw.source, cw.target)
    if cw.where.file != expected and cw.where.file.startswith("standards/"):
        yield Finding.make("identity-mismatch", msg("a crosswalk from {source} to {target} belongs at {expected}", source=cw.source, target=cw.target, expected=expected),
                           cw.where.file, *locate(cw.where, ("from",), False), pointer="/from",
                           hint=msg("rename the file, or fix `from:`/`to:` in its header"))


def _check_no_relationship(cw: Crosswalk, locate: Locate) -> Iterator[Finding]:
    # `X no-relationship <whole edition>` says X has no counterpart there; any positive
    # row for X contradicts it.
    positive: dict[Ref, Row] = {}
    for row in cw.mappings:
        if row.positive:
            for ref in row.sides:
                positive.setdefault(ref, row)
    for row in cw.mappings:
        if row.positive:
            continue
        nodes = [r for r in row.sides if r.node]
        if len(nodes) == 1 and nodes[0] in positive:
            other = positive[nodes[0]]
            yield _row_f("crosswalk-contradiction", row, ("relation",), locate,
                         msg("row {id!r} says {value} has no counterpart, but row {id2!r} (at {value2}) maps it with {relation}", id=row.id, value=nodes[0], id2=other.id, value2=_line(other, locate), relation=other.relation))


# --- against the corpus ---------------------------------------------------------------

class NodeState(NamedTuple):
    number: str | None
    parent: str | None
    stamp: str


@dataclass(frozen=True)
class EditionIndex:
    """What drift needs of one edition: each node's state, and lineage (old id -> the
    ids of the nodes that declare ``replaces: [old id]``)."""

    nodes: Mapping[str, NodeState]
    successors: Mapping[str, tuple[str, ...]]
    values: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)  # metric id -> (type, unit)

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str | None, str | None, str, tuple[str, ...]]]) -> EditionIndex:
        nodes: dict[str, NodeState] = {}
        succ: dict[str, list[str]] = defaultdict(list)
        for node_id, number, parent, content, replaces in rows:
            nodes[node_id] = NodeState(number, parent, content)
            for old in replaces:
                succ[old].append(node_id)
        return cls(nodes, {k: tuple(v) for k, v in succ.items()})

    @classmethod
    def from_facts(cls, nodes: Iterable[NodeFacts]) -> EditionIndex:
        nodes = tuple(nodes)
        index = cls.of((n.id, n.number, n.parent, n.stamp, n.replaces) for n in nodes)
        return cls(index.nodes, index.successors, {n.id: tuple(n.value) for n in nodes if n.value})

    @classmethod
    def from_edition(cls, ed: Edition) -> EditionIndex:
        return cls.of((n.id, n.number, parent, stamp(n), n.replaces) for n, parent in ed.walk_with_parents())


class Drift(NamedTuple):
    """What became of one side: a finding code (None when all is well), a message, and
    the id the side now lives at (None when gone or unchanged)."""

    code: str | None
    message: str
    new_id: str | None = None
    current: NodeState | None = None


def assess(ref: Ref, recorded: SideStamp | None, index: EditionIndex) -> list[Drift]:
    """Compare one side's recorded stamp with the edition as it is now."""
    if ref.node is None:
        return []
    now = index.nodes.get(ref.node)
    if now is not None:
        return _compare(ref, ref.node, recorded, now) if recorded else []
    successors = index.successors.get(ref.node, ())
    if successors:
        names = ", ".join(repr(s) for s in successors)
        out = [Drift("crosswalk-rebased", f"{ref} was replaced by {names} (lineage)",
                     successors[0] if len(successors) == 1 else None)]
        if recorded and len(successors) == 1:
            new = index.nodes[successors[0]]
            out[0] = out[0]._replace(current=new)
            if new.stamp != recorded.content:
                out.append(Drift("crosswalk-suspect", f"{ref} now lives at {successors[0]!r}, whose content "
                                 "differs from what was reviewed", successors[0], new))
        return out
    if recorded is None:
        return [Drift("crosswalk-unresolved", f"{ref}: {ref.standard}@{ref.edition} has no node {ref.node!r}")]
    return [Drift("crosswalk-broken", f"{ref} no longer exists and no node declares `replaces: [{ref.node}]` "
                  "(withdrawn)")]


def _compare(ref: Ref, node_id: str, recorded: SideStamp, now: NodeState) -> list[Drift]:
    out = []
    if now.stamp != recorded.content:
        out.append(Drift("crosswalk-suspect", f"{ref} changed since the row was reviewed "
                         f"(stamp {recorded.content}, now {now.stamp})", None, now))
    moves = []
    if now.number != recorded.number:
        moves.append(f"renumbered {recorded.number or '(none)'} -> {now.number or '(none)'}")
    if now.parent != recorded.parent:
        moves.append(f"moved from {recorded.parent or '(top)'} to {now.parent or '(top)'}")
    if moves:
        out.append(Drift("crosswalk-rebased", f"{ref} was {' and '.join(moves)}", node_id, now))
    return out


# --- facts: what the corpus checks need, cached with the file --------------------------

class RowFacts(NamedTuple):
    id: str
    sides: tuple[str, str]
    stamps: tuple[tuple | None, tuple | None]  # per side: (content, number, parent) or None
    path: tuple
    side_pos: tuple[Pos, Pos]
    relation: str = ""


class CrosswalkFacts(NamedTuple):
    file: str
    rows: tuple[RowFacts, ...]

    def plain(self) -> tuple:
        return (self.file, tuple(tuple(r) for r in self.rows))

    @classmethod
    def from_plain(cls, t: tuple) -> CrosswalkFacts:
        return cls(t[0], tuple(RowFacts(*r) for r in t[1]))


def crosswalk_facts(cw: Crosswalk, locate: Locate) -> CrosswalkFacts:
    def st(row: Row, side: str) -> tuple | None:
        s = row.stamps.get(side) if row.stamps else None
        return (s.content, s.number, s.parent) if s else None

    return CrosswalkFacts(cw.where.file, tuple(
        RowFacts(r.id, (str(r.sides[0]), str(r.sides[1])), (st(r, "from"), st(r, "to")), r.where.path,
                 (locate(r.where, ("from",), False), locate(r.where, ("to",), False)), r.relation)
        for r in cw.mappings))


@check("crosswalk-links",
       code("crosswalk-unresolved", "error", "crosswalk reference names no standard, edition or node",
            "references are written standard@edition#node-id and must name a node of an existing edition"),
       code("crosswalk-suspect", "warning", "a mapped node changed since the row was reviewed",
            "review the mapping against the node's new content, then run `lode crosswalk restamp <file> --row <id>`"),
       code("crosswalk-rebased", "info", "a mapped node was renumbered, moved or replaced",
            "the mapping follows the node by id or lineage; run `lode crosswalk restamp` to record where it is now"),
       code("crosswalk-broken", "error", "a mapped node no longer exists and nothing replaces it",
            "the provision was withdrawn: delete the row or map it to the provision that took its place"))
def check_links(facts: CrosswalkFacts, editions: Mapping[tuple[str, str], EditionIndex],
                standards: Mapping[str, StandardFacts], incomplete: set[str]) -> Iterator[Finding]:
    """Every side resolves, and has not drifted from its recorded stamp. A node that no
    edition of its standard has is a typo (unresolved, with a did-you-mean), not a
    withdrawal, unless nothing is close to it and the row's stamp shows it was reviewed."""
    edition_ids = {k: set(v.nodes) for k, v in editions.items()}
    ever: dict[str, set[str]] = defaultdict(set)
    for (std, _ed), ids in edition_ids.items():
        ever[std] |= ids
    for row in facts.rows:
        for i, side in enumerate(SIDES):
            ref = Ref.parse(row.sides[i])
            here = (facts.file, *row.side_pos[i])
            problem = resolve(Ref(ref.standard, ref.edition), standards, edition_ids, incomplete)
            if problem:
                yield Finding.make("crosswalk-unresolved", msg("row {id!r}: {ref}: {problem}", id=row.id, ref=ref, problem=problem), *here,
                                   pointer=pointer(row.path + (side,)))
                continue
            if ref.standard in incomplete:
                continue
            index = editions[(ref.standard, ref.edition)]
            recorded = SideStamp(*row.stamps[i]) if row.stamps[i] else None
            if ref.node is not None and ref.node not in ever[ref.standard] and ref.node not in index.successors:
                # No edition has the id. With a close match it is a typo, even in a reviewed row
                # (the edited side keeps the old stamp); without one, a stamp is the evidence
                # that the node existed when the row was reviewed: withdrawn since (below).
                close = did_you_mean(ref.node, index.nodes)
                if close or recorded is None:
                    yield Finding.make("crosswalk-unresolved", msg("row {id!r}: {ref}: no edition of {standard} has a node {node!r}{close}", id=row.id, ref=ref, standard=ref.standard, node=ref.node, close=close), *here,
                                       pointer=pointer(row.path + (side,)))
                    continue
            for d in assess(ref, recorded, index):
                if d.code:
                    yield Finding.make(d.code, msg("row {id!r}: {message}", id=row.id, message=d.message), *here,
                                       pointer=pointer(row.path + (side,)))


# --- metric-level equal rows join like with like ----------------------------------------

_NUMERIC = {"number", "integer"}


def _unit_problem(a: tuple[str, str | None], b: tuple[str, str | None]) -> str | None:
    """Why a value of spec ``a`` cannot stand for one of spec ``b`` (None when it can)."""
    from ..core.units import UnitError, factor, parse

    (ta, ua), (tb, ub) = a, b
    if ta != tb and not {ta, tb} <= _NUMERIC:
        return f"a {ta} cannot answer a {tb}"
    if ua is None and ub is None:
        return None
    if ua is None or ub is None:
        return "one side has a unit and the other none"
    for u in (ua, ub):
        try:
            parse(u)
        except UnitError:
            return f"Lode does not know the unit {u!r}, so cannot convert between them"
    try:
        factor(ua, ub)
    except UnitError:
        return "they are not of one dimension"
    return None


@check("crosswalk-links",
       code("crosswalk-unit", "error", "an equal mapping joins metrics of incompatible units or types",
            "map the metrics with `intersects-with` (or correct a unit): a fact is carried through an `equal` "
            "row into the other metric's unit, so both must measure the same dimension"))
def check_units(facts: CrosswalkFacts, editions: Mapping[tuple[str, str], EditionIndex],
                standards: Mapping[str, StandardFacts], incomplete: set[str]) -> Iterator[Finding]:
    """A metric-level ``equal`` row carries a company's fact from one metric to the other
    (``lode check`` with several pins), so the two must take values of one type and of
    units convertible into each other."""
    for row in facts.rows:
        if row.relation != "equal":
            continue
        refs = [Ref.parse(s) for s in row.sides]
        specs = []
        for ref in refs:
            index = editions.get((ref.standard, ref.edition))
            specs.append(index.values.get(ref.node) if index is not None and ref.node else None)
        if None in specs:
            continue  # not metric to metric (or unresolved: check_links says so)
        a, b = specs
        problem = _unit_problem(a, b)  # type: ignore[arg-type]
        if problem:
            yield Finding.make("crosswalk-unit", msg("row {id!r}: {value} is {value2} in {value3}, {value4} is {value5} in {value6}: {problem}", id=row.id, value=refs[0], value2=a[0], value3=a[1] or 'no unit', value4=refs[1], value5=b[0], value6=b[1] or 'no unit', problem=problem),  # type: ignore[index]
                               facts.file, *row.side_pos[1], pointer=pointer(row.path + ("to",)))
