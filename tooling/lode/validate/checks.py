"""Semantic checks: what a JSON Schema cannot say about a standard.

Every check is a generator of :class:`Finding`; it never prints, raises for content,
or stops at the first problem. The checks within one edition run on the model (see
``model.py``) with a ``locate`` callback that maps an object's :class:`Where` (plus a
sub-path such as ``("id",)``) to a line and column. The checks across files run on
*facts* (:class:`EditionFacts`, :class:`StandardFacts`): the ids, kinds, lineage,
references and positions extracted from each file, small enough to cache.

The checks, by code:

- ``duplicate-id``, ``duplicate-number``, ``unknown-source``, ``fidelity-text``,
  ``stale-translation``: within one edition (:func:`check_edition`);
  ``incomplete``/``expected-count`` from its completeness rows (:func:`check_completeness`);
- ``reused-id``, ``id-kind-changed``, ``unknown-lineage``, ``supersedes``: across the
  editions of one standard, in the order ``standard.yaml`` lists them
  (:func:`check_standard`);
- ``unresolved-ref``: across the corpus (:func:`check_refs`). Layout and identity
  checks (``edition-list``, ``identity-mismatch``) live in ``validate.py``, which knows
  the file layout.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple

from ..core.findings import Finding
from ..model.edition import Edition, Node, Ref, Standard, Text, Where, fingerprint, stamp
from ..read.loader import pointer

Locate = Callable[[Where, tuple, bool], tuple[int, int]]


Pos = tuple[int, int]


def _f(code: str, file: str, path: tuple, pos: Pos, message: str, hint: str | None = None) -> Finding:
    return Finding.make(code, message, file, *pos, hint=hint, pointer=pointer(path))


def _at(locate: Locate, code: str, where: Where, sub: tuple, message: str, *, key: bool = False,
        hint: str | None = None) -> Finding:
    """A finding at ``sub`` inside the object authored at ``where``."""
    return _f(code, where.file, where.path + sub, locate(where, sub, key), message, hint)


# --- within one edition ---------------------------------------------------------------

def check_edition(ed: Edition, locate: Locate) -> Iterator[Finding]:
    ids: dict[str, Node] = {}
    numbers: dict[str, Node] = {}
    source_ids = {s.id for s in ed.sources}
    for n in ed.walk():
        if n.id in ids:
            first = locate(ids[n.id].where, ("id",), False)
            yield _at(locate, "duplicate-id", n.where, ("id",),
                      f"node id {n.id!r} is used twice in {ed.ref} (first at {first[0]}:{first[1]})")
        else:
            ids[n.id] = n
        if n.number is not None:
            if n.number in numbers:
                first = locate(numbers[n.number].where, ("number",), False)
                yield _at(locate, "duplicate-number", n.where, ("number",),
                          f"number {n.number!r} is used twice in {ed.ref} (first at {first[0]}:{first[1]})")
            else:
                numbers[n.number] = n
        for i, s in enumerate(n.sources):
            if s not in source_ids:
                yield _at(locate, "unknown-source", n.where, ("sources", i),
                          f"source {s!r} is not declared in the edition's sources",
                          hint="declared: " + ", ".join(sorted(source_ids)))
        if n.text is not None and n.fidelity != "official":
            yield _at(locate, "fidelity-text", n.where, ("text",),
                      f"node {n.id!r} has `text` but fidelity {n.fidelity!r}")
        yield from _stale(ed, n, locate)


def _stale(ed: Edition, n: Node, locate: Locate) -> Iterator[Finding]:
    for fname in ("title", "summary", "text", "condition", "note"):
        t: Text | None = getattr(n, fname)
        if t is None or not t.translated_from:
            continue
        src = t.by_lang.get(ed.language)
        if src is None:
            continue
        current = fingerprint(src)
        for lang, fp in t.translated_from.items():
            if fp != current:
                yield _at(locate, "stale-translation", n.where, (fname, "translated-from", lang),
                          f"the {lang} {fname} of {n.id!r} was translated from an older {ed.language} text",
                          hint=f"review the translation, then set translated-from.{lang} to {current}")


def completeness(ed: Edition) -> list[dict[str, object]]:
    """Authored vs expected counts per kind, for reports and the site."""
    if not ed.expected:
        return []
    counts = Counter(n.kind for n in ed.walk())
    return [{"edition": str(ed.ref), "kind": k, "expected": v, "authored": counts.get(k, 0)}
            for k, v in ed.expected.items()]


def check_completeness(ed: Edition, rows: list[dict[str, object]], locate: Locate) -> Iterator[Finding]:
    """``incomplete`` / ``expected-count`` from the rows :func:`completeness` computed."""
    for row in rows:
        kind, expected, authored = row["kind"], int(row["expected"]), int(row["authored"])  # type: ignore[call-overload]
        if authored < expected:
            yield _at(locate, "incomplete", ed.where, ("expected", kind),
                      f"{ed.ref}: {authored} of {expected} expected {kind} nodes authored "
                      f"({100 * authored // expected}%)", key=True)
        elif authored > expected:
            yield _at(locate, "expected-count", ed.where, ("expected", kind),
                      f"{ed.ref}: {authored} {kind} nodes authored but only {expected} expected", key=True)


# --- facts: what the cross-file checks need, small enough to cache -------------------
#
# The cross-file checks need only ids, kinds, lineage, references, numbers, parents,
# content stamps and a few positions from each edition -- not its text. Extracting these
# facts per file (and caching them with the file's own findings) means an unchanged file
# costs a hash and a small unmarshal on the next run, instead of a parse or a full model
# rebuild.

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


class EditionFacts(NamedTuple):
    file: str
    standard: str
    edition: str
    status: str
    supersedes: str | None
    at: dict[str, Pos]  # positions of the top-level keys standard, edition, status, supersedes
    nodes: tuple[NodeFacts, ...]

    def plain(self) -> tuple:
        return (*self[:6], tuple(tuple(n) for n in self.nodes))

    @classmethod
    def from_plain(cls, t: tuple) -> EditionFacts:
        return cls(*t[:6], tuple(NodeFacts(*n) for n in t[6]))


class StandardFacts(NamedTuple):
    file: str
    id: str
    editions: tuple[str, ...]
    id_pos: Pos
    editions_pos: tuple[Pos, ...]

    def plain(self) -> tuple:
        return tuple(self)


def edition_facts(ed: Edition, locate: Locate) -> EditionFacts:
    top = Where(ed.where.file)
    at = {k: locate(top, (k,), False) for k in ("standard", "edition", "status", "supersedes")}
    nodes = tuple(
        NodeFacts(n.id, n.kind, n.replaces, n.refs, n.where.path,
                  locate(n.where, ("id",), False), locate(n.where, ("kind",), False),
                  tuple(locate(n.where, ("replaces", j), False) for j in range(len(n.replaces))),
                  tuple(locate(n.where, ("refs", i), False) for i in range(len(n.refs))),
                  n.number, parent, stamp(n))
        for n, parent in ed.walk_with_parents())
    return EditionFacts(ed.where.file, ed.standard, ed.edition, ed.status, ed.supersedes, at, nodes)


def standard_facts(std: Standard, locate: Locate) -> StandardFacts:
    return StandardFacts(std.where.file, std.id, std.editions, locate(std.where, ("id",), False),
                         tuple(locate(std.where, ("editions", i), False) for i in range(len(std.editions))))


# --- across the editions of one standard ---------------------------------------------

def check_standard(std: StandardFacts, editions: dict[str, EditionFacts]) -> Iterator[Finding]:
    """Id stability, lineage and supersedes across editions (list order = history)."""
    order = [e for e in std.editions if e in editions]
    last_seen: dict[str, int] = {}   # id -> index in `order` of the last edition that had it
    kinds: dict[str, tuple[str, str]] = {}  # id -> (kind, edition where first seen)
    for i, name in enumerate(order):
        ed = editions[name]
        for n in ed.nodes:
            prev = last_seen.get(n.id)
            if prev is not None and prev < i - 1:
                yield _f("reused-id", ed.file, n.path + ("id",), n.id_pos,
                         f"id {n.id!r} was withdrawn in {std.id}@{order[prev + 1]} and is used again in "
                         f"{std.id}@{name}")
            if n.id in kinds and kinds[n.id][0] != n.kind:
                yield _f("id-kind-changed", ed.file, n.path + ("kind",), n.kind_pos,
                         f"id {n.id!r} is of kind {kinds[n.id][0]!r} in {std.id}@{kinds[n.id][1]} "
                         f"but {n.kind!r} here")
            kinds.setdefault(n.id, (n.kind, name))
            for j, old in enumerate(n.replaces):
                if last_seen.get(old) is None:
                    yield _f("unknown-lineage", ed.file, n.path + ("replaces", j), n.replaces_pos[j],
                             f"{n.id!r} replaces {old!r}, which no earlier edition of {std.id} has")
        for n in ed.nodes:
            last_seen[n.id] = i
    yield from _check_supersedes(std, editions)


def _check_supersedes(std: StandardFacts, editions: dict[str, EditionFacts]) -> Iterator[Finding]:
    position = {e: i for i, e in enumerate(std.editions)}
    superseded_by: dict[str, str] = {}
    for name, ed in editions.items():
        old = ed.supersedes
        if old is None:
            continue
        here = ("supersedes",), ed.at["supersedes"]
        if old not in position:
            yield _f("supersedes", ed.file, *here,
                     f"{std.id}@{name} supersedes {old!r}, which is not an edition of {std.id}")
            continue
        if position[old] >= position[name]:
            yield _f("supersedes", ed.file, *here,
                     f"{std.id}@{name} supersedes {old!r}, which is not listed before it in standard.yaml")
        if old in superseded_by:
            yield _f("supersedes", ed.file, *here,
                     f"{std.id}@{old} is superseded twice: by {superseded_by[old]!r} and by {name!r}")
        superseded_by.setdefault(old, name)
        prev = editions.get(old)
        if prev is not None and ed.status == "published" and prev.status in ("published", "draft"):
            yield _f("supersedes", prev.file, ("status",), prev.at["status"],
                     f"{std.id}@{old} is superseded by the published {std.id}@{name} but has status "
                     f"{prev.status!r}", hint="set `status: superseded`")
    for name, ed in editions.items():
        if ed.status == "superseded" and name not in superseded_by:
            yield _f("supersedes", ed.file, ("status",), ed.at["status"],
                     f"{std.id}@{name} has status superseded but no edition supersedes it")


# --- across the corpus ----------------------------------------------------------------

def check_refs(editions: Iterable[EditionFacts], standards: Mapping[str, StandardFacts],
               incomplete: set[str]) -> Iterator[Finding]:
    """Every ``refs`` entry names an existing standard, edition and node."""
    editions = list(editions)
    index = {(ed.standard, ed.edition): {n.id for n in ed.nodes} for ed in editions}
    for ed in editions:
        for n in ed.nodes:
            for i, text in enumerate(n.refs):
                problem = resolve(Ref.parse(text), standards, index, incomplete)
                if problem:
                    yield _f("unresolved-ref", ed.file, n.path + ("refs", i), n.refs_pos[i], f"{text}: {problem}")


def resolve(ref: Ref, standards: Mapping[str, StandardFacts], index: dict[tuple[str, str], set[str]],
             incomplete: set[str]) -> str | None:
    """Why ``ref`` does not resolve, or None if it does (or cannot be judged)."""
    if ref.standard in incomplete:
        return None  # that standard has errors of its own; don't cascade
    std = standards.get(ref.standard)
    if std is None:
        return f"no standard {ref.standard!r}"
    if (ref.standard, ref.edition) not in index:
        return f"{ref.standard} has no edition {ref.edition!r} (editions: {', '.join(std.editions)})"
    if ref.node is not None and ref.node not in index[(ref.standard, ref.edition)]:
        return f"{ref.standard}@{ref.edition} has no node {ref.node!r}"
    return None
