"""Classifying the difference of one matched pair of nodes: which fields changed, and
the impact of each change (editorial, technical, breaking-for-disclosers)."""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..model.edition import Edition, Node, Text
from .redline import Redlines, Segment, text_redlines
from .result import Change

_OBLIGATION_RANK = {None: 0, "may": 1, "should": 2, "shall": 3, "shall-not": 3}
# Comply-or-explain sits below required (an explanation answers it) and above recommended
# (silence does not); beside conditional, which it neither contains nor is contained by.
_REQUIREMENT_RANK = {None: 0, "recommended": 1, "conditional": 2, "comply-or-explain": 2, "required": 3}


# --- the node's own fields, as plain data ---------------------------------------------

def _text(t: Text | None) -> dict[str, str] | None:
    return dict(t.by_lang) if t else None


def own_fields(n: Node) -> dict[str, Any]:
    """A node's content without its children or position: what one pair compares."""
    v = n.value
    value = None
    if v:
        value = {k: val for k, val in (("type", v.type), ("unit", v.unit), ("minimum", v.minimum),
                                       ("maximum", v.maximum), ("values", list(v.values)),
                                       ("columns", [dict(c) for c in v.columns])) if val not in (None, [])}
    return {"kind": n.kind, "number": n.number, "title": _text(n.title), "summary": _text(n.summary),
            "text": _text(n.text), "obligation": n.obligation, "requirement": n.requirement,
            "condition": _text(n.condition), "value": value, "fidelity": n.fidelity,
            "sources": list(n.sources), "refs": list(n.refs), "note": _text(n.note),
            "translated-from": {k: dict(t.translated_from) for k, t in
                                (("title", n.title), ("summary", n.summary), ("text", n.text)) if t
                                and t.translated_from} or None}


# --- classification ----------------------------------------------------------------------

_WORDS = re.compile(r"[\W_]+")


def _words(t: str) -> str:
    return _WORDS.sub(" ", t).strip().casefold()


def _text_change(b: Mapping[str, str] | None, a: Mapping[str, str] | None,
                 authoritative: str) -> tuple[str, Mapping[str, tuple[Segment, ...]]] | None:
    """Impact and redlines of a localized text change, or None if only its set of
    languages changed (a translation added or dropped is metadata, not a rewrite).

    Compared per language both sides have; technical when the words of the authoritative
    language change (or of any shared language, when it is not on both sides); a change
    of punctuation, spacing or case only is editorial.
    """
    b, a = b or {}, a or {}
    if not b or not a:  # the whole field appears or disappears
        return "technical", text_redlines(b, a)
    changed = [lg for lg in b if lg in a and b[lg] != a[lg]]
    if not changed:
        return None
    judged = [authoritative] if authoritative in changed else changed if authoritative not in a or authoritative not in b else []
    impact = "technical" if any(_words(b[lg]) != _words(a[lg]) for lg in judged) else "editorial"
    return impact, Redlines({lg: (b[lg], a[lg]) for lg in changed})


def is_metric(n: Node) -> bool:
    return n.value is not None or n.requirement is not None


def _value_change(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> tuple[str, str]:
    """Impact and a description of a metric's value-spec change.

    Breaking for disclosers: anything that can make a value valid before invalid after
    (a new type or unit, a narrower range, an enum value or a table column removed).
    """
    from deepdiff import DeepDiff  # here, not at the top: it is most of `lode diff`'s start-up

    b, a = before or {}, after or {}
    detail = ", ".join(sorted(p.replace("root", "value", 1) for p in DeepDiff(b, a).affected_paths))
    breaking = (
        not b or not a or b.get("type") != a.get("type") or b.get("unit") != a.get("unit")
        or (a.get("minimum") is not None and (b.get("minimum") is None or a["minimum"] > b["minimum"]))
        or (a.get("maximum") is not None and (b.get("maximum") is None or a["maximum"] < b["maximum"]))
        or not set(b.get("values", [])) <= set(a.get("values", []))
        or b.get("columns", []) != a.get("columns", [])[: len(b.get("columns", []))]
        or any(c.get("type") != "text" for c in a.get("columns", [])[len(b.get("columns", [])):])
    )
    return ("breaking-for-disclosers" if breaking else "technical"), detail


def own_key(n: Node) -> tuple:
    """A node's own fields (not its children or position) as a tuple that compares by
    value in C: frozen dataclasses and mapping proxies compare by content. Most matched
    pairs are equal, and building their plain dicts (``own_fields``) would dominate."""
    return (n.kind, n.number, n.title, n.summary, n.text, n.obligation, n.requirement, n.condition, n.value,
            n.fidelity, n.sources, n.refs, n.note)


def compare(o: Node, n: Node, authoritative: str, moved: bool) -> list[Change]:
    changes: list[Change] = [Change("moved", "editorial")] if moved else []
    if own_key(o) == own_key(n):
        return changes
    fo, fn = own_fields(o), own_fields(n)
    # Which fields changed is a flat comparison; deepdiff is kept for the nested value
    # spec (``_value_change``), where its paths name what changed. Running it on every
    # changed pair cost 40% of a 100,000-node diff for no information.
    touched = {k for k in fo if fo[k] != fn[k]}
    if not touched:
        return changes
    metric = is_metric(o) or is_metric(n)
    if "number" in touched:
        # A number that one side does not record is unknown, not renumbered.
        both = fo["number"] is not None and fn["number"] is not None
        changes.append(Change("renumbered" if both else "metadata", "editorial", "number", fo["number"], fn["number"]))
    for f, kind in (("title", "retitled"), ("text", "text"), ("summary", "text"), ("condition", "condition")):
        if f not in touched:
            continue
        tc = _text_change(fo[f], fn[f], authoritative)
        if tc is None:
            changes.append(Change("metadata", "editorial", f"{f} languages", sorted(fo[f]), sorted(fn[f])))
            continue
        impact, lines = tc
        if f == "condition" and metric and impact == "technical":
            impact = "breaking-for-disclosers"  # who must disclose changed
        changes.append(Change(kind, impact, f, fo[f], fn[f], redline=lines))
    for f, rank in (("obligation", _OBLIGATION_RANK), ("requirement", _REQUIREMENT_RANK)):
        if f in touched:
            b, a = fo[f], fn[f]
            direction = ("strengthened" if rank[a] > rank[b] else "weakened" if rank[a] < rank[b] else "changed")
            impact = "technical"
            if f == "requirement" and metric and (a == "required" or (a == "comply-or-explain" and rank[b] < 2)):
                impact = "breaking-for-disclosers"  # a disclosure that passed may now fail
            changes.append(Change(f, impact, f, b, a, direction=direction))
    if "value" in touched:
        impact, detail = _value_change(fo["value"], fn["value"])
        changes.append(Change("value-spec", impact, "value", fo["value"], fn["value"], detail=detail))
    if "fidelity" in touched:
        changes.append(Change("fidelity", "editorial", "fidelity", fo["fidelity"], fn["fidelity"]))
    if "kind" in touched:
        changes.append(Change("metadata", "technical", "kind", fo["kind"], fn["kind"]))
    for f in ("sources", "refs", "note", "translated-from"):
        if f in touched:
            changes.append(Change("metadata", "editorial", f, fo[f], fn[f],
                                  redline=text_redlines(fo[f], fn[f]) if f == "note" else None))
    return changes


_EDITION_FIELDS = ("title", "short_title", "status", "language", "document_number", "dates", "supersedes",
                   "translations", "scope", "notes", "expected")


def _plain(v: Any) -> Any:
    if isinstance(v, Text):
        return dict(v.by_lang)
    if isinstance(v, Mapping):
        return dict(v)
    return v


def edition_changes(old: Edition, new: Edition) -> list[Change]:
    out = []
    for f in _EDITION_FIELDS:
        b, a = _plain(getattr(old, f)), _plain(getattr(new, f))
        if b != a:
            lines = text_redlines(b, a) if isinstance(getattr(old, f) or getattr(new, f), Text) else None
            out.append(Change("metadata", "editorial", f.replace("_", "-"), b, a, redline=lines))
    bs, as_ = [s.id for s in old.sources], [s.id for s in new.sources]
    if bs != as_:
        out.append(Change("metadata", "editorial", "sources", bs, as_))
    return out
