"""Semantic checks: what a JSON Schema cannot say about a standard.

Every check is a generator of :class:`Finding` over the model (see ``model.py``); it
never prints, raises for content, or stops at the first problem. Positions come from
a ``locate`` callback that maps an object's :class:`Where` (plus a sub-path such as
``("id",)``) to a line and column, so checks know nothing about files or caches.

The checks, by code:

- ``duplicate-id``, ``duplicate-number``, ``unknown-source``, ``fidelity-text``,
  ``stale-translation``, ``incomplete``/``expected-count``: within one edition;
- ``reused-id``, ``id-kind-changed``, ``unknown-lineage``, ``supersedes``: across the
  editions of one standard, in the order ``standard.yaml`` lists them;
- ``unresolved-ref``: across the corpus.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, Iterator

from .findings import Finding
from .loader import pointer
from .model import Corpus, Edition, Node, Ref, StandardEntry, Text, Where, fingerprint

Locate = Callable[[Where, tuple, bool], tuple[int, int]]


def finding_at(locate: Locate, code: str, where: Where, sub: tuple, message: str, *, key: bool = False,
        hint: str | None = None) -> Finding:
    line, col = locate(where, sub, key)
    return Finding.make(code, message, where.file, line, col, hint=hint, pointer=pointer(where.path + sub))


# --- within one edition ---------------------------------------------------------------

def check_edition(ed: Edition, locate: Locate) -> Iterator[Finding]:
    ids: dict[str, Node] = {}
    numbers: dict[str, Node] = {}
    source_ids = {s.id for s in ed.sources}
    counts: Counter[str] = Counter()
    for n in ed.walk():
        counts[n.kind] += 1
        if n.id in ids:
            first = locate(ids[n.id].where, ("id",), False)
            yield finding_at(locate, "duplicate-id", n.where, ("id",),
                      f"node id {n.id!r} is used twice in {ed.ref} (first at {first[0]}:{first[1]})")
        else:
            ids[n.id] = n
        if n.number is not None:
            if n.number in numbers:
                first = locate(numbers[n.number].where, ("number",), False)
                yield finding_at(locate, "duplicate-number", n.where, ("number",),
                          f"number {n.number!r} is used twice in {ed.ref} (first at {first[0]}:{first[1]})")
            else:
                numbers[n.number] = n
        for i, s in enumerate(n.sources):
            if s not in source_ids:
                yield finding_at(locate, "unknown-source", n.where, ("sources", i),
                          f"source {s!r} is not declared in the edition's sources",
                          hint="declared: " + ", ".join(sorted(source_ids)))
        if n.text is not None and n.fidelity != "official":
            yield finding_at(locate, "fidelity-text", n.where, ("text",),
                      f"node {n.id!r} has `text` but fidelity {n.fidelity!r}")
        yield from _stale(ed, n, locate)
    for kind, expected in ed.expected.items():
        authored = counts.get(kind, 0)
        if authored < expected:
            pct = 100 * authored // expected if expected else 100
            yield finding_at(locate, "incomplete", ed.where, ("expected", kind),
                      f"{ed.ref}: {authored} of {expected} expected {kind} nodes authored ({pct}%)", key=True)
        elif authored > expected:
            yield finding_at(locate, "expected-count", ed.where, ("expected", kind),
                      f"{ed.ref}: {authored} {kind} nodes authored but only {expected} expected", key=True)


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
                yield finding_at(locate, "stale-translation", n.where, (fname, "translated-from", lang),
                          f"the {lang} {fname} of {n.id!r} was translated from an older {ed.language} text",
                          hint=f"review the translation, then set translated-from.{lang} to {current}")


def completeness(ed: Edition) -> list[dict[str, object]]:
    """Authored vs expected counts per kind, for reports and the site."""
    if not ed.expected:
        return []
    counts = Counter(n.kind for n in ed.walk())
    return [{"edition": str(ed.ref), "kind": k, "expected": v, "authored": counts.get(k, 0)}
            for k, v in ed.expected.items()]


# --- across the editions of one standard ---------------------------------------------

def check_standard(entry: StandardEntry, locate: Locate) -> Iterator[Finding]:
    """Id stability, lineage and supersedes across editions (list order = history)."""
    std = entry.standard
    order = [e for e in std.editions if e in entry.editions]
    last_seen: dict[str, int] = {}   # id -> index in `order` of the last edition that had it
    kinds: dict[str, tuple[str, str]] = {}  # id -> (kind, edition where first seen)
    for i, name in enumerate(order):
        ed = entry.editions[name]
        present = {n.id: n for n in ed.walk()}
        for nid, n in present.items():
            prev = last_seen.get(nid)
            if prev is not None and prev < i - 1:
                gap = order[prev + 1]
                yield finding_at(locate, "reused-id", n.where, ("id",),
                          f"id {nid!r} was withdrawn in {std.id}@{gap} and is used again in {ed.ref}")
            if nid in kinds and kinds[nid][0] != n.kind:
                yield finding_at(locate, "id-kind-changed", n.where, ("kind",),
                          f"id {nid!r} is of kind {kinds[nid][0]!r} in {std.id}@{kinds[nid][1]} but {n.kind!r} here")
            kinds.setdefault(nid, (n.kind, name))
            for j, old in enumerate(n.replaces):
                if last_seen.get(old) is None:
                    yield finding_at(locate, "unknown-lineage", n.where, ("replaces", j),
                              f"{n.id!r} replaces {old!r}, which no earlier edition of {std.id} has")
        for nid in present:
            last_seen[nid] = i
    yield from _check_supersedes(entry, locate)


def _check_supersedes(entry: StandardEntry, locate: Locate) -> Iterator[Finding]:
    std = entry.standard
    position = {e: i for i, e in enumerate(std.editions)}
    superseded_by: dict[str, str] = {}
    for name, ed in entry.editions.items():
        old = ed.supersedes
        if old is None:
            continue
        if old not in position:
            yield finding_at(locate, "supersedes", ed.where, ("supersedes",),
                      f"{ed.ref} supersedes {old!r}, which is not an edition of {std.id}")
            continue
        if position[old] >= position[name]:
            yield finding_at(locate, "supersedes", ed.where, ("supersedes",),
                      f"{ed.ref} supersedes {old!r}, which is not listed before it in standard.yaml")
        if old in superseded_by:
            yield finding_at(locate, "supersedes", ed.where, ("supersedes",),
                      f"{std.id}@{old} is superseded twice: by {superseded_by[old]!r} and by {name!r}")
        superseded_by.setdefault(old, name)
        prev = entry.editions.get(old)
        if prev is not None and ed.status == "published" and prev.status in ("published", "draft"):
            yield finding_at(locate, "supersedes", prev.where, ("status",),
                      f"{prev.ref} is superseded by the published {ed.ref} but has status {prev.status!r}",
                      hint="set `status: superseded`")
    for name, ed in entry.editions.items():
        if ed.status == "superseded" and name not in superseded_by:
            yield finding_at(locate, "supersedes", ed.where, ("status",),
                      f"{ed.ref} has status superseded but no edition supersedes it")


# --- across the corpus ----------------------------------------------------------------

def check_refs(corpus: Corpus, locate: Locate) -> Iterator[Finding]:
    index: dict[tuple[str, str], set[str]] = {}
    for ed in corpus.editions():
        index[(ed.standard, ed.edition)] = {n.id for n in ed.walk()}
    for ed in corpus.editions():
        for n in ed.walk():
            for i, text in enumerate(n.refs):
                problem = _resolve(Ref.parse(text), corpus, index)
                if problem:
                    yield finding_at(locate, "unresolved-ref", n.where, ("refs", i), f"{text}: {problem}")


def _resolve(ref: Ref, corpus: Corpus, index: dict[tuple[str, str], set[str]]) -> str | None:
    """Why ``ref`` does not resolve, or None if it does (or cannot be judged)."""
    if ref.standard in corpus.incomplete:
        return None  # that standard has errors of its own; don't cascade
    entry = corpus.standards.get(ref.standard)
    if entry is None:
        return f"no standard {ref.standard!r}"
    if (ref.standard, ref.edition) not in index:
        listed = ", ".join(entry.standard.editions)
        return f"{ref.standard} has no edition {ref.edition!r} (editions: {listed})"
    if ref.node is not None and ref.node not in index[(ref.standard, ref.edition)]:
        return f"{ref.standard}@{ref.edition} has no node {ref.node!r}"
    return None


def check_corpus(corpus: Corpus, locate: Locate) -> Iterable[Finding]:
    """Every semantic check over everything that loaded cleanly."""
    for entry in corpus.standards.values():
        for ed in entry.editions.values():
            yield from check_edition(ed, locate)
        if entry.standard.id not in corpus.incomplete:
            yield from check_standard(entry, locate)
    yield from check_refs(corpus, locate)
