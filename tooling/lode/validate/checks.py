"""Semantic checks: what a JSON Schema cannot say about a standard.

Each check is one function registered with :func:`~lode.validate.registry.check`, which
also defines the codes it emits (see ``registry.py`` for the scopes). Checks within one
edition run on the model with a ``locate`` callback that maps an object's
:class:`Where` (plus a sub-path such as ``("id",)``) to a line and column; checks across
files run on the cached *facts* of ``facts.py``. Layout and identity checks
(``edition-list``, ``identity-mismatch``) live in ``run.py``, which knows the file layout.
"""

from __future__ import annotations

from typing import Iterator, Mapping

from ..core.findings import Finding
from ..model.edition import Edition, Node, Ref, Where, authoring_progress, fingerprint, localized_fields
from ..read.loader import pointer
from .facts import EditionFacts, Locate, Pos, StandardFacts, resolve
from .registry import check, code
from ..core.glossary import node_kind
from ..core.i18n import msg


def _f(code_: str, file: str, path: tuple, pos: Pos, message: str, hint: str | None = None) -> Finding:
    return Finding.make(code_, message, file, *pos, hint=hint, pointer=pointer(path))


def _at(locate: Locate, code_: str, where: Where, sub: tuple, message: str, *, key: bool = False,
        hint: str | None = None) -> Finding:
    """A finding at ``sub`` inside the object authored at ``where``."""
    return _f(code_, where.file, where.path + sub, locate(where, sub, key), message, hint)


def _first_dupes(ed: Edition, locate: Locate, field: str, code_: str, what: str) -> Iterator[Finding]:
    seen: dict[str, Node] = {}
    for n in ed.walk():
        value = getattr(n, field)
        if value is None:
            continue
        if value in seen:
            first = locate(seen[value].where, (field,), False)
            yield _at(locate, code_, n.where, (field,),
                      msg("{what} {value!r} is used twice in {ref} (first at {line}:{col})", what=what, value=value,
                          ref=ed.ref, line=first[0], col=first[1]))
        else:
            seen[value] = n


# --- within one edition ---------------------------------------------------------------

@check("edition", code("duplicate-id", "error", "node id used twice in one edition",
                       "every node of an edition needs its own id"))
def duplicate_ids(ed: Edition, locate: Locate) -> Iterator[Finding]:
    yield from _first_dupes(ed, locate, "id", "duplicate-id", msg("node id"))


@check("edition", code("duplicate-number", "error", "printed number used twice in one edition",
                       "numbers must be unique within an edition (write 'Annex 1', not '1')"))
def duplicate_numbers(ed: Edition, locate: Locate) -> Iterator[Finding]:
    yield from _first_dupes(ed, locate, "number", "duplicate-number", msg("number"))


@check("edition", code("unknown-source", "error", "node cites a source the edition does not declare",
                       "add the source to the edition's `sources:` list, or fix the id"))
def unknown_sources(ed: Edition, locate: Locate) -> Iterator[Finding]:
    source_ids = {s.id for s in ed.sources}
    for n in ed.walk():
        for i, s in enumerate(n.sources):
            if s not in source_ids:
                yield _at(locate, "unknown-source", n.where, ("sources", i),
                          msg("source {s!r} is not declared in the edition's sources", s=s),
                          hint="declared: " + ", ".join(sorted(source_ids)))


@check("edition", code("fidelity-text", "error", "`text` is reserved for the official text",
                       "use `summary:` for our own words, or set fidelity: official if this is the official text"))
def text_is_official(ed: Edition, locate: Locate) -> Iterator[Finding]:
    for n in ed.walk():
        if n.text is not None and n.fidelity != "official":
            yield _at(locate, "fidelity-text", n.where, ("text",),
                      msg("node {id!r} has `text` but fidelity {fidelity!r}", id=n.id, fidelity=n.fidelity))


@check("edition",
       code("stale-translation", "warning", "translation was made from an older source text",
            "update the translation, then its `translated-from` fingerprint (`lode translations stamp`)"),
       code("translation-unstamped", "warning", "a translation is marked but its source fingerprint is not recorded",
            "run `lode translations stamp FILE` to record the fingerprint of the source text"),
       code("translation-source-missing", "warning", "a translation names a source text that is not there",
            "add the source-language text, or correct the language named in `translated-from`"))
def stale_translations(ed: Edition, locate: Locate) -> Iterator[Finding]:
    """Every string marked as Lode's translation, in either direction: a zh made from the
    English goes stale when the English changes, an English made from the zh when the zh does."""
    for node, where, sub, t in localized_fields(ed):
        field = sub[-1]
        owner = repr(node.id) if node is not None else str(ed.ref)
        for lang in t.translated_from:
            at = sub + ("translated-from", lang)
            src_lang = t.source_lang(lang, ed.language)
            src = t.by_lang.get(src_lang) if src_lang and src_lang != lang else None
            if src is None or lang not in t.by_lang:
                missing = lang if lang not in t.by_lang else src_lang
                yield _at(locate, "translation-source-missing", where, at,
                          msg("the {lang} {field} of {owner} is marked as translated from {src_lang}, but there is no {missing} {field}", lang=lang, field=field, owner=owner, src_lang=src_lang, missing=missing))
                continue
            current, recorded = fingerprint(src), t.source_fingerprint(lang)
            form = current if src_lang == ed.language else f"{src_lang}:{current}"
            if recorded is None:
                yield _at(locate, "translation-unstamped", where, at,
                          msg("the {lang} {field} of {owner} is marked as translated from {src_lang} but has no fingerprint yet", lang=lang, field=field, owner=owner, src_lang=src_lang),
                          hint=msg("run `lode translations stamp {file}` to set translated-from.{lang} to {form}", file=where.file, lang=lang, form=form))
            elif recorded != current:
                yield _at(locate, "stale-translation", where, at,
                          msg("the {lang} {field} of {owner} was translated from an older {src_lang} text", lang=lang, field=field, owner=owner, src_lang=src_lang),
                          hint=msg("review the translation, then run `lode translations stamp {file}` to set translated-from.{lang} to {form}", file=where.file, lang=lang, form=form))


@check("edition",
       code("expected-count", "warning", "more nodes authored than the edition expects",
            "check `expected:` against the official text"),
       code("incomplete", "info", "fewer nodes authored than the edition expects",
            "the figure shows how far the corpus is from the official text; author the missing nodes"))
def expected_counts(ed: Edition, locate: Locate) -> Iterator[Finding]:
    for row in authoring_progress(ed):
        kind, expected, authored = row["kind"], int(row["expected"]), int(row["authored"])  # type: ignore[call-overload]
        if authored < expected:
            yield _at(locate, "incomplete", ed.where, ("expected", kind),
                      msg("{ref}: {authored} of {expected} expected {kind} nodes authored ({value}%)", ref=ed.ref, authored=authored, expected=expected, kind=node_kind(kind), value=100 * authored // expected), key=True)
        elif authored > expected:
            yield _at(locate, "expected-count", ed.where, ("expected", kind),
                      msg("{ref}: {authored} {kind} nodes authored but only {expected} expected", ref=ed.ref, authored=authored, kind=node_kind(kind), expected=expected), key=True)


# --- across the editions of one standard ---------------------------------------------

@check("standard",
       code("reused-id", "error", "a withdrawn node id is used again",
            "a withdrawn id is never reused; give the new provision a new id and record `replaces:`"),
       code("id-kind-changed", "warning", "the same id names nodes of different kinds across editions",
            "ids are stable identities: a different provision needs a new id"),
       code("unknown-lineage", "error", "`replaces:` names an id that no earlier edition has",
            "list ids of nodes in an earlier edition of this standard"))
def id_stability(std: StandardFacts, editions: dict[str, EditionFacts]) -> Iterator[Finding]:
    """Id stability and lineage across editions (list order = history)."""
    order = [e for e in std.editions if e in editions]
    last_seen: dict[str, int] = {}   # id -> index in `order` of the last edition that had it
    kinds: dict[str, tuple[str, str]] = {}  # id -> (kind, edition where first seen)
    for i, name in enumerate(order):
        ed = editions[name]
        for n in ed.nodes:
            prev = last_seen.get(n.id)
            # Withdrawn means left out of a later edition that is not a draft: a draft (a
            # consultation text, say) withdraws nothing until it is published.
            gone = [order[k] for k in range(prev + 1, i) if editions[order[k]].status != "draft"] \
                if prev is not None else []
            if gone:
                yield _f("reused-id", ed.file, n.path + ("id",), n.id_pos,
                         msg("id {id!r} was withdrawn in {id2}@{value} and is used again in {id2}@{name}", id=n.id, id2=std.id, value=gone[0], name=name))
            if n.id in kinds and kinds[n.id][0] != n.kind:
                yield _f("id-kind-changed", ed.file, n.path + ("kind",), n.kind_pos,
                         msg("id {id!r} is of kind {value!r} in {id2}@{value2} but {kind!r} here", id=n.id, value=kinds[n.id][0], id2=std.id, value2=kinds[n.id][1], kind=n.kind))
            kinds.setdefault(n.id, (n.kind, name))
            for j, old in enumerate(n.replaces):
                if last_seen.get(old) is None:
                    yield _f("unknown-lineage", ed.file, n.path + ("replaces", j), n.replaces_pos[j],
                             msg("{id!r} replaces {old!r}, which no earlier edition of {id2} has", id=n.id, old=old, id2=std.id))
        for n in ed.nodes:
            last_seen[n.id] = i


@check("standard", code("supersedes", "error", "inconsistent `supersedes` chain",
                        "an edition supersedes an earlier listed edition, at most one edition supersedes each, "
                        "and a superseded edition has status superseded"))
def supersedes_chain(std: StandardFacts, editions: dict[str, EditionFacts]) -> Iterator[Finding]:
    position = {e: i for i, e in enumerate(std.editions)}
    superseded_by: dict[str, str] = {}
    for name, ed in editions.items():
        old = ed.supersedes
        if old is None:
            continue
        here = ("supersedes",), ed.at["supersedes"]
        if old == name:
            yield _f("supersedes", ed.file, *here, f"{std.id}@{name} supersedes itself")
            continue
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
                     msg("{id}@{old} is superseded by the published {id}@{name} but has status {status!r}", id=std.id, old=old, name=name, status=prev.status), hint=msg("set `status: superseded`"))
    for name, ed in editions.items():
        if ed.status == "superseded" and name not in superseded_by:
            yield _f("supersedes", ed.file, ("status",), ed.at["status"],
                     msg("{id}@{name} has status superseded but no edition supersedes it", id=std.id, name=name))


@check("standard", code("applicability-target", "error",
                        "an applicability entry names an edition, node or source the standard does not have",
                        "name one of the standard's `editions`, ids of that edition's nodes under `nodes:`, and ids "
                        "of its `sources:`"))
def applicability_targets(std: StandardFacts, editions: dict[str, EditionFacts]) -> Iterator[Finding]:
    """Who must report is only as good as what it points at: an entry naming an edition,
    node or source that does not exist would list an obligation nobody can look up."""
    for a in std.applicability:
        path = ("applicability", a.index, "edition")
        if a.edition not in std.editions:
            yield _f("applicability-target", std.file, path, a.pos,
                     msg("applicability entry {value} names edition {edition!r}, which {id} does not list (editions: {items})", value=a.index + 1, edition=a.edition, id=std.id, items=', '.join(std.editions)))
            continue
        ed = editions.get(a.edition)
        if ed is None:  # that edition has errors of its own; its nodes cannot be judged
            continue
        ids = {n.id for n in ed.nodes}
        for what, key, named, at, known in (("node", "nodes", a.nodes, a.nodes_pos, ids),
                                            ("source", "sources", a.sources, a.sources_pos, set(ed.sources))):
            for j, x in enumerate(named):
                if x not in known:
                    yield _f("applicability-target", std.file, ("applicability", a.index, key, j), at[j],
                             msg("applicability entry {value} ({id}@{edition}) names {what} {x!r}, which that edition does not have", value=a.index + 1, id=std.id, edition=a.edition, what=what, x=x))


# --- across the corpus ----------------------------------------------------------------

@check("corpus", code("unresolved-ref", "error", "reference does not resolve",
                      "references are written standard@edition#node-id and must name an existing node"))
def references(editions: list[EditionFacts], standards: Mapping[str, StandardFacts],
               incomplete: set[str]) -> Iterator[Finding]:
    """Every ``refs`` entry names an existing standard, edition and node."""
    index = {(ed.standard, ed.edition): {n.id for n in ed.nodes} for ed in editions}
    for ed in editions:
        for n in ed.nodes:
            for i, text in enumerate(n.refs):
                problem = resolve(Ref.parse(text), standards, index, incomplete)
                if problem:
                    yield _f("unresolved-ref", ed.file, n.path + ("refs", i), n.refs_pos[i], msg("{text}: {problem}", text=text, problem=problem))
