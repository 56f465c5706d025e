"""The data model: standards (works), editions (expressions) and their nodes.

Objects here are frozen and built only from data that passed its JSON Schema, so
their constructors trust the shape and never validate. Each object remembers the
file it came from and its path inside that file, so later checks can point at the
exact line and column.

References use one syntax everywhere: ``<standard>@<edition>#<node-id>``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from ..core.perf import gc_paused
from .deferred import DeferredNodes, defer, plain_nodes, tree_built

KeyPath = tuple[str | int, ...]

_REF = re.compile(r"^(?P<std>[a-z0-9]+(?:-[a-z0-9]+)*)@(?P<ed>[a-z0-9]+(?:[-.][a-z0-9]+)*)"
                  r"(?:#(?P<node>[a-z0-9]+(?:[-.][a-z0-9]+)*))?\Z")  # \Z: $ lets a final newline through


@dataclass(frozen=True, slots=True)
class Ref:
    """``standard@edition#node`` (``node`` is None for a whole edition)."""

    standard: str
    edition: str
    node: str | None = None

    @classmethod
    def parse(cls, text: str) -> Ref:
        m = _REF.match(text)
        if not m:
            raise ValueError(f"not a reference: {text!r} (expected standard@edition#node-id)")
        return cls(m["std"], m["ed"], m["node"])

    def __str__(self) -> str:
        return f"{self.standard}@{self.edition}" + (f"#{self.node}" if self.node else "")


def fingerprint(text: str) -> str:
    """The 12-hex fingerprint a translation records of its source text (NFC, stripped)."""
    return hashlib.sha256(unicodedata.normalize("NFC", text.strip()).encode()).hexdigest()[:12]


def stamp(node: Node) -> str:
    """The content stamp of a node: a 12-hex fingerprint of its substance -- title,
    summary, text, obligation, requirement, condition and value spec, in every language.

    Deliberately left out: the printed number and the position (renumbering or moving a
    provision does not change what it says; crosswalks record those separately), the
    children (each has its own stamp), and fidelity, sources, notes and translation
    fingerprints (facts about the text, not the text). Every original language counts,
    because a mapping may have been reviewed against any of them; Lode's translations
    (the languages under ``translated-from``) do not: they are derived from a text that
    counts, so adding or polishing one changes no mapping's meaning, and a translation
    left behind by its source is ``stale-translation``'s business.
    """
    def loc(t: Text | None) -> dict[str, str] | None:
        return {k: v for k, v in t.by_lang.items() if k not in t.translated_from} if t is not None else None

    substance = {
        "title": loc(node.title), "summary": loc(node.summary), "text": loc(node.text),
        "obligation": node.obligation, "requirement": node.requirement, "condition": loc(node.condition),
        # The spec's fields as they are (plain values): the JSON ``dataclasses.asdict`` gave,
        # without its deep copy (a tenth of the time; the stamps are the same).
        "value": {f: getattr(node.value, f) for f in _VALUE_FIELDS} if node.value is not None else None,
    }
    return fingerprint(json.dumps(substance, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


_FP = re.compile(r"[0-9a-f]{12}")


def translation_mark(value: str, authoritative: str | None) -> tuple[str | None, str | None]:
    """Read one ``translated-from`` value: (source language, fingerprint or None).

    Three forms (``schemas/common.schema.json``, ``localized``): ``3f2a9c1b2d4e`` -- from the
    authoritative language; ``en:3f2a9c1b2d4e`` -- from the English text; ``en`` -- from the
    English text, fingerprint not stamped yet.
    """
    lang, sep, fp = value.rpartition(":")
    if sep:
        return lang, fp
    if _FP.fullmatch(value):
        return authoritative, value
    return value, None


_NO_TRANSLATIONS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Text:
    """A localized string: language -> text, plus translation fingerprints."""

    by_lang: Mapping[str, str]
    translated_from: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, raw: Mapping[str, Any] | None) -> Text | None:
        if raw is None:
            return None
        tf = raw.get("translated-from")
        if tf is None:  # most texts: one C-level copy (the model build is most of a diff's cost)
            return cls(MappingProxyType(dict(raw)), _NO_TRANSLATIONS)
        return cls(MappingProxyType({k: v for k, v in raw.items() if k != "translated-from"}),
                   MappingProxyType(dict(tf)))

    def get(self, lang: str, fallback: str | None = None) -> str | None:
        return self.by_lang.get(lang) or (self.by_lang.get(fallback) if fallback else None)

    def translated(self, lang: str) -> bool:
        """Whether the ``lang`` text is Lode's translation (listed under ``translated-from``)."""
        return lang in self.translated_from and lang in self.by_lang

    def source_lang(self, lang: str, authoritative: str | None) -> str | None:
        """The language the ``lang`` text was translated from (``authoritative`` for the plain
        fingerprint form), or None when it is not a translation."""
        if lang not in self.translated_from:
            return None
        return translation_mark(self.translated_from[lang], authoritative)[0]

    def source_fingerprint(self, lang: str) -> str | None:
        """The fingerprint recorded for the ``lang`` translation; None if unstamped or untranslated."""
        value = self.translated_from.get(lang)
        return translation_mark(value, None)[1] if value is not None else None


@dataclass(frozen=True, slots=True)
class Where:
    """Where an object was authored: display path of its file and its path inside it."""

    file: str
    path: KeyPath = ()


@dataclass(frozen=True, slots=True)
class ValueSpec:
    type: str
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[str, ...] = ()
    columns: tuple[Mapping[str, Any], ...] = ()


_VALUE_FIELDS = tuple(f.name for f in dataclasses.fields(ValueSpec))


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: str
    title: Text
    fidelity: str
    where: Where
    number: str | None = None
    summary: Text | None = None
    text: Text | None = None
    obligation: str | None = None
    requirement: str | None = None
    condition: Text | None = None
    value: ValueSpec | None = None
    sources: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    note: Text | None = None
    children: tuple[Node, ...] = ()

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, depth first, in document order (iterative)."""
        stack = [self]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(n.children))


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    kind: str | None = None
    note: str | Text | None = None  # a plain string is English


# Not slots: ``nodes`` is an instance attribute once built, read through DeferredNodes
# before (a class attribute that only a missing instance attribute reaches).
@dataclass(frozen=True)
class Edition:
    standard: str
    edition: str
    title: Text
    status: str
    language: str
    where: Where
    sources: tuple[Source, ...] = ()
    nodes: tuple[Node, ...] = DeferredNodes()  # type: ignore[assignment]  # default ()
    short_title: Text | None = None
    document_number: str | None = None
    dates: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    supersedes: str | None = None
    translations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    scope: Text | None = None
    notes: Text | None = None
    expected: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # A draft's public stage and its history (``model/consult.py`` reads them as StageEntry).
    stage: str | None = None
    stages: tuple[Mapping[str, Any], ...] = ()
    # The schema-valid data the edition was built from, as given (not copied): what its
    # canonical JSON and digest are computed from, and where a view that needs a field as
    # authored reads it (``disclose/spec.py``: ``applies-if``), so no consumer keeps a
    # second model of the edition beside this one.
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False, compare=False)

    @property
    def ref(self) -> Ref:
        return Ref(self.standard, self.edition)

    @property
    def effective(self) -> str | None:
        """First date the edition applies (ISO date), if declared."""
        return self.dates.get("effective")

    @property
    def last_reportable(self) -> str | None:
        """Last reporting-period end date the edition may be used for, if declared."""
        return self.dates.get("last-reportable")

    def walk(self) -> Iterator[Node]:
        for n in self.nodes:
            yield from n.walk()

    def walk_tree(self) -> Iterator[tuple[Node, str | None, int, int]]:
        """Every node with its parent's id (None at the top), its depth (0 at the top) and
        its index among its siblings, in document order (iterative)."""
        stack = [(n, None, 0, i) for i, n in reversed(list(enumerate(self.nodes)))]
        while stack:
            n, parent, depth, index = stack.pop()
            yield n, parent, depth, index
            stack.extend((c, n.id, depth + 1, j) for j, c in reversed(list(enumerate(n.children))))

    def walk_with_parents(self) -> Iterator[tuple[Node, str | None]]:
        """Every node with its parent's id (None at the top), in document order."""
        return ((n, parent) for n, parent, _, _ in self.walk_tree())


@dataclass(frozen=True, slots=True)
class Issuer:
    name: Text
    abbreviation: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Standard:
    id: str
    kind: str
    title: Text
    issuer: Issuer
    editions: tuple[str, ...]
    where: Where
    short_title: Text | None = None
    homepage: str | None = None
    description: Text | None = None
    # who must report under which edition (schema: standard.schema.json#/$defs/applicability),
    # kept as the schema-valid plain entries: `lode obligations` and one check read them
    applicability: tuple[Mapping[str, Any], ...] = ()


# --- builders: from schema-valid plain data ---------------------------------------------

def build_standard(data: Mapping[str, Any], file: str) -> Standard:
    iss = data["issuer"]
    return Standard(
        id=data["id"], kind=data["kind"], title=Text.of(data["title"]),  # type: ignore[arg-type]
        issuer=Issuer(Text.of(iss["name"]), iss.get("abbreviation"), iss.get("url")),  # type: ignore[arg-type]
        editions=tuple(data["editions"]), where=Where(file),
        short_title=Text.of(data.get("short-title")), homepage=data.get("homepage"),
        description=Text.of(data.get("description")),
        applicability=tuple(MappingProxyType(dict(e)) for e in data.get("applicability", ())),
    )


def build_edition(data: Mapping[str, Any], file: str, lends: Edition | None = None) -> Edition:
    """The edition of schema-valid ``data``; ``lends``: the last model of the same file, whose
    nodes built from the very dicts of ``data`` are reused (``model/deferred.py``)."""
    # The model is a tree of frozen, acyclic objects: with the collector running, building
    # 100,000 nodes beside the loaded data spent three quarters of its time rescanning
    # both (2.9 s against 0.7 s paused).
    # The nodes are built when first read (model/deferred.py), under the same pause.
    with gc_paused():
        ed = Edition(
            standard=data["standard"], edition=data["edition"], title=Text.of(data["title"]),  # type: ignore[arg-type]
            status=data["status"], language=data["language"], where=Where(file),
            sources=tuple(Source(**{k.replace("-", "_"): Text.of(v) if k == "note" and isinstance(v, dict) else v
                                    for k, v in s.items()}) for s in data["sources"]),
            short_title=Text.of(data.get("short-title")), document_number=data.get("document-number"),
            dates=MappingProxyType(dict(data.get("dates", {}))), supersedes=data.get("supersedes"),
            translations=MappingProxyType(dict(data.get("translations", {}))),
            scope=Text.of(data.get("scope")), notes=Text.of(data.get("notes")),
            expected=MappingProxyType(dict(data.get("expected", {}))),
            stage=data.get("stage"), stages=tuple(MappingProxyType(dict(e)) for e in data.get("stages", ())),
            data=data,
        )
    defer(ed, data["nodes"], file, _build_node, lends)
    return ed


def _build_node(d: Mapping[str, Any], file: str, path: KeyPath) -> Node:
    # Recursion depth is bounded by the loader's nesting limit (64 YAML levels = 32 nodes).
    # Positional arguments in Node's field order: the hot path of a model build.
    get, text = d.get, Text.of
    v = get("value")
    kids = get("children")
    return Node(
        d["id"], d["kind"], text(d["title"]), d["fidelity"], Where(file, path), get("number"),  # type: ignore[arg-type]
        text(get("summary")), text(get("text")), get("obligation"), get("requirement"), text(get("condition")),
        ValueSpec(v["type"], v.get("unit"), v.get("minimum"), v.get("maximum"),
                  tuple(v.get("values", ())), tuple(v.get("columns", ()))) if v else None,
        tuple(get("sources", ())), tuple(get("replaces", ())), tuple(get("refs", ())), text(get("note")),
        tuple([_build_node(c, file, path + ("children", i)) for i, c in enumerate(kids)]) if kids else (),
    )


def localized_fields(ed: Edition) -> Iterator[tuple[Node | None, Where, tuple[str, ...], Text]]:
    """Every localized string of an edition: (its node, or None for the edition's own title,
    scope and notes; where that object is authored; the field's sub-path; the text)."""
    for name in ("title", "short_title", "scope", "notes"):
        t = getattr(ed, name)
        if t is not None:
            yield None, ed.where, (name.replace("_", "-"),), t
    for n in ed.walk():
        for name in NODE_TEXTS:
            t = getattr(n, name)
            if t is not None:
                yield n, n.where, (name,), t


NODE_TEXTS = ("title", "summary", "text", "condition", "note")


def translation_share(ed: Edition) -> dict[str, dict[str, int]]:
    """Per language, how many localized strings the edition has and how many of them are
    Lode's translations: ``{"zh": {"total": 80, "translated": 62}, "en": {...}}``."""
    share: dict[str, dict[str, int]] = {}
    for _node, _where, _sub, t in localized_fields(ed):
        for lang in t.by_lang:
            row = share.setdefault(lang, {"total": 0, "translated": 0})
            row["total"] += 1
            row["translated"] += t.translated(lang)
    return dict(sorted(share.items()))


def authoring_progress(ed: Edition) -> list[dict[str, object]]:
    """Authored vs expected counts per kind, for reports and the site."""
    if not ed.expected:
        return []
    plain = None if tree_built(ed) else plain_nodes(ed)
    counts = Counter(n.kind for n in ed.walk()) if plain is None else _plain_kinds(plain)
    return [{"edition": str(ed.ref), "kind": k, "expected": v, "authored": counts.get(k, 0)}
            for k, v in ed.expected.items()]


def _plain_kinds(nodes: list[Mapping[str, Any]]) -> Counter[str]:
    # A diff's caveats read the counts of editions whose tree is not built (model/deferred.py).
    counts: Counter[str] = Counter()
    stack = list(nodes)
    while stack:
        n = stack.pop()
        counts[n["kind"]] += 1
        stack.extend(n.get("children", ()))
    return counts
