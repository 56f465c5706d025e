"""What a crosswalk shows: coverage, gaps, a matrix, and drift against later editions.

Each view is a library function returning data; ``render/crosswalk.py`` turns that data
into text, Markdown or JSON. Views read one crosswalk and the editions
it pins; they never chain mappings through a third standard (a chain is not evidence).

Coverage and gaps count the nodes of the kinds a crosswalk names in ``coverage-kinds``
(default: every node). A node is *mapped* when at least one row other than
``no-relationship`` names it; it is counted once, under its closest relation
(equal, then subset-of, superset-of, intersects-with). A gap is a node with no row
(``unmapped``: the corpus says nothing) or only ``no-relationship`` rows (a gap someone
asserted, with a rationale). Nodes whose every mapping is only ``partial`` (or
``none``) alignment are listed as *partly covered*, with the rationales that say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.errors import LodeError
from ..diff.engine import diff_editions
from ..model.corpus import Corpus
from ..model.crosswalk import INVERSE, SIDES, Crosswalk, Row, location, read_crosswalk
from ..model.edition import Edition, Node, Ref, Text, authoring_progress
from ..core.i18n import msg

CLOSENESS = ("equal", "subset-of", "superset-of", "intersects-with")
SYMBOL = {"equal": "=", "subset-of": "<", "superset-of": ">", "intersects-with": "~", "no-relationship": "x"}


def find(root: Path, a: Ref, b: Ref) -> tuple[Path, bool]:
    """The crosswalk file between two editions, and whether it maps b -> a (so reads inverted)."""
    for src, dst, inverted in ((a, b, False), (b, a, True)):
        p = root / location(src, dst)
        if p.is_file():
            return p, inverted
    raise LodeError.of("no-crosswalk", msg("no crosswalk between {a} and {b} (looked for {value} and {value2})", a=a, b=b, value=location(a, b), value2=location(b, a)))


def invert(cw: Crosswalk) -> Crosswalk:
    """The same crosswalk read from its target: sides swapped, relations inverted."""
    rows = tuple(replace(r, sides=(r.sides[1], r.sides[0]), relation=INVERSE[r.relation],
                         stamps={("to" if k == "from" else "from"): v for k, v in r.stamps.items()}
                         if r.stamps else None) for r in cw.mappings)
    kinds = ({("to" if k == "from" else "from"): v for k, v in cw.coverage_kinds.items()}
             if cw.coverage_kinds else None)
    return replace(cw, source=cw.target, target=cw.source, mappings=rows, coverage_kinds=kinds)


def in_scope(cw: Crosswalk, side: str, ed: Edition) -> list[Node]:
    kinds = (cw.coverage_kinds or {}).get(side)
    return [n for n in ed.walk() if kinds is None or n.kind in kinds]


def _rows_by_node(cw: Crosswalk, side: str) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in cw.mappings:
        node = r.side(side).node
        if node:
            out.setdefault(node, []).append(r)
    return out


# --- coverage and gaps -------------------------------------------------------------

@dataclass(frozen=True)
class SideCoverage:
    edition: str
    kinds: tuple[str, ...] | None
    total: int
    mapped: int
    by_relation: dict[str, int]  # closest relation -> nodes; plus no-relationship, unmapped

    @property
    def percent(self) -> int:
        return 100 * self.mapped // self.total if self.total else 100


@dataclass(frozen=True)
class Gap:
    ref: str
    number: str | None
    title: Text  # the node's title in each language it has: each reader picks theirs
    status: str  # unmapped | no-relationship | partial
    rows: tuple[Row, ...] = ()  # the rows behind the status, with their rationales


@dataclass(frozen=True)
class Overview:
    crosswalk: Crosswalk
    file: str
    coverage: dict[str, SideCoverage]
    gaps: dict[str, list[Gap]]
    partial: dict[str, list[Gap]]
    drift: list[DriftRow] = field(default_factory=list)


def _title(n: Node) -> str:
    return n.title.get("en", "zh") or n.id


def overview(cw: Crosswalk, editions: dict[str, Edition], file: str) -> Overview:
    """Coverage, gaps and partly covered nodes of both sides."""
    coverage, gaps, partial = {}, {}, {}
    for side in SIDES:
        ed = editions[side]
        by_node = _rows_by_node(cw, side)
        counts = dict.fromkeys((*CLOSENESS, "no-relationship", "unmapped"), 0)
        side_gaps, side_partial = [], []
        nodes = in_scope(cw, side, ed)
        for n in nodes:
            rows = by_node.get(n.id, [])
            positive = [r for r in rows if r.positive]
            ref = str(Ref(ed.standard, ed.edition, n.id))
            if positive:
                counts[min((r.relation for r in positive), key=CLOSENESS.index)] += 1
                if all(r.alignment in ("partial", "none") for r in positive):
                    side_partial.append(Gap(ref, n.number, n.title, "partial", tuple(positive)))
            elif rows:
                counts["no-relationship"] += 1
                side_gaps.append(Gap(ref, n.number, n.title, "no-relationship", tuple(rows)))
            else:
                counts["unmapped"] += 1
                side_gaps.append(Gap(ref, n.number, n.title, "unmapped"))
        coverage[side] = SideCoverage(str(ed.ref), (cw.coverage_kinds or {}).get(side), len(nodes),
                                      sum(counts[r] for r in CLOSENESS), counts)
        gaps[side], partial[side] = side_gaps, side_partial
    return Overview(cw, file, coverage, gaps, partial)


# --- what the corpus does not hold yet -----------------------------------------------

@dataclass(frozen=True)
class Holdings:
    """How much of one side's edition the corpus holds, to tell "no counterpart" (a row
    says so) from "not in the corpus yet" (the counterpart may exist but is unauthored
    or only a placeholder)."""

    edition: str
    short: tuple[tuple[str, int, int], ...]  # (kind, authored, expected) where authored < expected
    illustrative: int  # in-scope nodes that are placeholders
    in_scope: int

    @property
    def partial(self) -> bool:
        return bool(self.short or self.illustrative)


def holdings(cw: Crosswalk, side: str, ed: Edition) -> Holdings:
    short = tuple((str(r["kind"]), int(r["authored"]), int(r["expected"]))  # type: ignore[call-overload]
                  for r in authoring_progress(ed) if r["authored"] < r["expected"])  # type: ignore[operator]
    nodes = in_scope(cw, side, ed)
    return Holdings(str(ed.ref), short, sum(n.fidelity == "illustrative" for n in nodes), len(nodes))


def mapped_rows(cw: Crosswalk, editions: dict[str, Edition]) -> list[Row]:
    """The rows with a node on both sides, in the from side's document order (then the
    to side's), so a page can list them clause by clause."""
    order = {side: {n.id: k for k, n in enumerate(editions[side].walk())} for side in SIDES}
    rows = [r for r in cw.mappings if r.sides[0].node and r.sides[1].node]
    return sorted(rows, key=lambda r: tuple(order[s].get(r.side(s).node, len(order[s])) for s in SIDES))


# --- matrix ------------------------------------------------------------------------

@dataclass(frozen=True)
class Matrix:
    rows: list[tuple[str, str]]  # (node id, label) of the from side
    cols: list[tuple[str, str]]
    cells: dict[tuple[str, str], str]  # (from id, to id) -> relation


def matrix(cw: Crosswalk, editions: dict[str, Edition]) -> Matrix:
    """Rows are the from side's in-scope nodes, columns the to side's."""
    def axis(side: str) -> list[tuple[str, str]]:
        return [(n.id, f"{n.number} {_title(n)}" if n.number else _title(n))
                for n in in_scope(cw, side, editions[side])]

    cells = {(r.sides[0].node, r.sides[1].node): r.relation for r in cw.mappings
             if r.sides[0].node and r.sides[1].node}
    return Matrix(axis("from"), axis("to"), cells)  # type: ignore[arg-type]


# --- drift against later editions ----------------------------------------------------

@dataclass(frozen=True)
class DriftRow:
    row: str
    side: str
    ref: str
    later: str  # the later edition compared with
    status: str  # unchanged | changed | renumbered | moved | replaced | withdrawn
    detail: str = ""


def drift(cw: Crosswalk, corpus: Corpus) -> list[DriftRow]:
    """For each side pinned to an edition that a later edition follows, what the latest
    edition does to each mapped node (through the diff engine's concordance)."""
    out: list[DriftRow] = []
    for side in SIDES:
        pinned = cw.edition(side)
        names = corpus.standards[pinned.standard].editions
        # Drift is measured against the latest edition that is not a draft: a draft may still change.
        new = corpus.edition(Ref(pinned.standard, "latest"))
        if names.index(pinned.edition) >= names.index(new.edition):
            continue
        old = corpus.edition(pinned)
        d = diff_editions(old, new)
        where = {r.old: r for r in d.concordance if r.old}
        changed = {nd.old: nd for nd in d.nodes if nd.old and nd.new}
        for row in cw.mappings:
            node = row.side(side).node
            if node is None or node not in where:
                continue
            c = where[node]
            later = str(new.ref)
            if c.status == "withdrawn":
                out.append(DriftRow(row.id, side, str(row.side(side)), later, "withdrawn"))
                continue
            if c.status in ("renamed", "split", "merged"):
                out.append(DriftRow(row.id, side, str(row.side(side)), later, "replaced",
                                    f"{c.status}: now {', '.join(c.new)}"))
                continue
            nd = changed.get(node)
            kinds = [k for k in (nd.kinds if nd else ()) if k not in ("renumbered", "moved", "metadata", "fidelity")]
            status = "changed" if kinds else c.status if c.status in ("renumbered", "moved") else "unchanged"
            detail = ", ".join(kinds)
            if c.status == "renumbered":
                detail = ", ".join(filter(None, [detail, f"{c.old_number} -> {c.new_number}"]))
            out.append(DriftRow(row.id, side, str(row.side(side)), later, status, detail))
    return out


def show(root: Path, a: Ref, b: Ref, *, with_drift: bool = False) -> tuple[Overview, Matrix]:
    """Everything ``lode crosswalk show`` prints, read as a -> b."""
    path, inverted = find(root, a, b)
    _, cw = read_crosswalk(path, path.relative_to(root).as_posix(), root)
    if inverted:
        cw = invert(cw)
    corpus = Corpus.load(root, linked=False)
    editions = {side: corpus.edition(cw.edition(side)) for side in SIDES}
    ov = overview(cw, editions, path.relative_to(root).as_posix())
    if with_drift:
        ov = replace(ov, drift=drift(cw, corpus))
    return ov, matrix(cw, editions)
