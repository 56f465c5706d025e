"""The semantic checks of a disclosure against an edition: what a schema cannot say.

Each check is one function registered in the ``disclosure`` scope of the check registry
(``validate/registry.py``, which documents its arguments) with the codes it emits;
:func:`judge` runs the scope, in registration order, without naming a check. Each check
yields coded findings located in the file; none stops at the first problem, and none
repeats another's: a fact the schema already rejected is not judged again, an unknown id
is one finding (with a did-you-mean), a missing fact is one finding, and a screening
question left open is one warning for all the metrics it decides.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Iterator

from ..core.codes import CODES
from ..core.findings import Finding
from ..core.units import Converted, UnitError, accepted, convert
from ..model import window
from ..read.document import pointer
from ..validate.registry import check, code, functions
from .codes import FACT_BOUNDS, FACT_TYPE, FACT_UNIT
from .disclosure import Disclosure
from .spec import Metric, Spec
from .template import COL
from ..core.i18n import msg


def normal_id(key: str) -> str:
    return key.strip().lower().replace("_", "-").replace(" ", "-")


@dataclass
class Judged:
    """What the checks learned beyond their findings: the conversions made, the
    facts and omissions that count, and which conditional metrics apply."""

    findings: list[Finding] = field(default_factory=list)
    conversions: dict[str, Converted] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    omissions: dict[str, dict[str, Any]] = field(default_factory=dict)
    applies: dict[str, bool | None] = field(default_factory=dict)  # conditional metric -> applies?
    suggested: set[str] = field(default_factory=set)  # ids a did-you-mean already pointed at


def _ids(d: Disclosure, spec: Spec, section: str, entries: dict[str, Any], out: Judged,
         found: list[Finding]) -> dict[str, Any]:
    """Known entries of ``facts``/``omissions``; unknown and duplicate ids reported."""
    by_id = spec.by_id
    if entries.keys() <= by_id.keys():  # the common case, tested in C: every id known (and distinct)
        known = entries  # read, never written: no copy
        entries = {}
    else:
        known = {}
    first_key: dict[str, str] = {}
    for key, entry in entries.items():
        if key in by_id and key not in first_key:  # the common case: a known id, first seen
            first_key[key] = key
            known[key] = entry
            continue
        # Positions and pointers only when a finding needs one: a passing file never computes them.
        where = partial(d.doc.where, (section, key), key=True)
        ptr = pointer((section, key))
        metric = key if key in by_id else normal_id(key)
        if metric in spec.by_id and metric in first_key:
            found.append(Finding.make(
                "duplicate-fact", msg("{metric} is given twice under {section}: as {value!r} and as {key!r}", metric=metric, section=section, value=first_key[metric], key=key),
                d.path, *where(), pointer=ptr))
            continue
        if metric in spec.by_id:
            first_key[metric] = key
            if metric != key:  # a near-spelling the ids normalise to: read, but say so
                found.append(Finding.make(
                    "unknown-metric", msg("{key!r} is not a metric id; did you mean {metric!r}?", key=key, metric=metric), d.path, *where(),
                    pointer=ptr))
            known[metric] = entry
            continue
        close = difflib.get_close_matches(normal_id(key), list(spec.by_id), n=1, cutoff=0.6)
        hint = msg("did you mean {name!r}?", name=close[0]) if close else None
        out.suggested.update(close)  # its own missing-required would repeat this finding
        found.append(Finding.make("unknown-metric", msg("{ref} has no metric {key!r}", ref=spec.ref, key=key), d.path, *where(),
                                         pointer=ptr, hint=hint))
    for sec, metric, where in d.duplicates:
        if sec == section:
            found.append(Finding.make("duplicate-fact", msg("{metric} is given twice under {section}", metric=metric, section=section), d.path,
                                             *where, pointer=pointer((section, metric))))
    return known


@check("disclosure",
       code("unknown-metric", "error", "the disclosure names a metric the edition does not have",
            "check the id against the edition's metrics (the template lists them); did-you-mean shows the closest"),
       code("duplicate-fact", "error", "the same metric is given twice",
            "keep one entry per metric; ids are lower-case with hyphens"),
       code("omission-with-value", "error", "a metric has both a value and an omission",
            "remove the omission if the value is disclosed, or the value if it is omitted"))
def known_ids(d: Disclosure, spec: Spec, out: Judged, schema_failed: set[str]) -> list[Finding]:
    """The facts and omissions the other checks judge (``out.facts``, ``out.omissions``):
    unknown and duplicate ids reported, a metric both given and omitted reported once."""
    found: list[Finding] = []
    facts = _ids(d, spec, "facts", d.facts(), out, found)
    omissions = _ids(d, spec, "omissions", d.omissions(), out, found)
    both = facts.keys() & omissions.keys()
    for mid in sorted(both):
        found.append(Finding.make(
            "omission-with-value", msg("{mid} has a value and is also listed as omitted", mid=mid), d.path,
            *d.doc.where(("omissions", mid), key=True), pointer=pointer(("omissions", mid))))
    out.facts, out.omissions = facts, {k: v for k, v in omissions.items() if isinstance(v, dict) and k not in both}
    return found


@check("disclosure", code("unit-assumed", "warning", "a value has no unit; the metric's unit is assumed",
                          "write `unit:` beside the value so a reader never has to assume it"),
       FACT_UNIT, FACT_TYPE, FACT_BOUNDS)
def units(d: Disclosure, spec: Spec, out: Judged, schema_failed: set[str]) -> list[Finding]:
    """Each fact's unit against its metric's: assumed, refused, or converted (``out.conversions``)
    and the converted value judged against the bounds the schema could only check in the
    edition's unit."""
    found: list[Finding] = []
    by_id = spec.by_id
    own = spec.units
    # Most facts are in the edition's own unit, or take none and give none: the schema
    # checked their type and bounds and nothing converts. Decided here, before any call.
    for mid, fact, given in [(mid, fact, given) for mid, fact in out.facts.items()
                             if (given := fact.get("unit")) != own[mid] and mid not in schema_failed]:
        _numbers(d, by_id[mid], fact, given, out, found)
    return found


def _numbers(d: Disclosure, m: Metric, fact: dict[str, Any], given: Any, out: Judged,
             found: list[Finding]) -> None:
    """A fact whose unit is not the edition's (``given``: the unit it names, or None)."""
    path = ("facts", m.id)
    value = fact["value"]
    unit = m.unit
    if unit is None:
        if given is not None:
            at = d.doc.where(path + ("unit",))
            found.append(Finding.make("fact-unit", msg("{id} takes no unit; {given!r} was given", id=m.id, given=given), d.path,
                                             *at, pointer=pointer(path + ("unit",)),
                                             hint=f"clear the unit cell {d.cell(at)}" if d.workbook
                                             else "remove `unit:`"))
        return
    if m.type not in ("number", "integer") or isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    if given is None:
        at = d.doc.where(path + ("value",))
        found.append(Finding.make("unit-assumed", msg("{id} has no unit; {unit} is assumed", id=m.id, unit=m.unit), d.path,
                                         *at, pointer=pointer(path + ("value",)),
                                         hint=f"type {m.unit} in the unit cell {d.cell((at[0], COL['unit']))}"
                                         if d.workbook else f"write `unit: {m.unit}` beside the value"))
        return
    if not isinstance(given, str):
        return  # the envelope's schema reports it
    try:
        c = convert(value, given, unit)
    except UnitError as e:
        at = d.doc.where(path + ("unit",))
        spellings = ", ".join(accepted(unit))
        found.append(Finding.make("fact-unit", msg("{id}: {e}", id=m.id, e=e.args[0]), d.path, *at, pointer=pointer(path + ("unit",)),
                                         hint=msg("type one of these in the unit cell {cell}: {spellings}",
                                                  cell=d.cell(at), spellings=spellings)
                                         if d.workbook else msg("write the unit as one of: {spellings}", spellings=spellings)))
        return
    out.conversions[m.id] = c  # a unit other than the edition's (units() sent only those)
    if m.type == "integer" and c.value != int(c.value):
        found.append(Finding.make("fact-type", msg("{id}: {value} {given} is {value2} {unit}, not a whole number", id=m.id, value=value, given=given, value2=c.value, unit=m.unit), d.path, *d.doc.where(path + ("value",)),
                                         pointer=pointer(path + ("value",))))
    lo, hi = m.minimum, m.maximum
    if (lo is not None and c.value < lo) or (hi is not None and c.value > hi):
        side, bound = (msg("below the minimum"), lo) if lo is not None and c.value < lo else (msg("above the maximum"), hi)
        found.append(Finding.make(
            "fact-bounds", msg("{id}: {value} {given} = {value2} {unit} is {side} {bound} {unit}", id=m.id, value=value, given=given, value2=c.value, unit=m.unit, side=side, bound=bound), d.path,
            *d.doc.where(path + ("value",)), pointer=pointer(path + ("value",))))


@check("disclosure", code("condition-undecided", "warning", "the disclosure leaves a screening question unanswered, "
                          "so conditional metrics cannot be judged", "answer the screening metric named in the message"))
def screening(d: Disclosure, spec: Spec, out: Judged, schema_failed: set[str]) -> Iterator[Finding]:
    """Decide each conditional metric from its screening answer (``out.applies``); one
    warning per open question."""
    for screen, dependents in spec.screened.items():
        fact = out.facts.get(screen)
        answer = fact["value"] if fact is not None else None
        for m in dependents:
            out.applies[m.id] = None if fact is None else answer == m.applies_if.equals
        if fact is not None:
            continue
        unanswered = [m.id for m in dependents if m.id not in out.facts and m.id not in out.omissions]
        if unanswered:
            s = spec.by_id.get(screen)
            question = (dict(s.title) or s.id) if s else screen
            at = d.slots.get(screen) or d.doc.where(("facts",), key=True)
            yield Finding.make(
                "condition-undecided", msg("{screen} ({question}) is not answered, so it is undecided whether {items} must be disclosed", screen=screen, question=question, items=', '.join(unanswered)), d.path, *at, pointer="/facts",
                hint=msg("choose TRUE or FALSE in {cell}", cell=d.cell(at)) if d.workbook
                else msg("add `{screen}: {{value: true}}` or `{{value: false}}` under `facts:`", screen=screen))


@check("disclosure",
       code("missing-required", "error", "a required (or comply-or-explain) metric has neither a value nor an omission",
            "give the value under `facts:`, or under `omissions:` a reason (not-applicable, legally-prohibited, "
            "confidentiality, information-unavailable) and an explanation"),
       code("conditional-missing", "error", "a conditional metric applies but has neither a value nor "
            "an omission", "the screening answer makes this metric apply: disclose it or explain its omission"))
def answered(d: Disclosure, spec: Spec, out: Judged, schema_failed: set[str]) -> Iterator[Finding]:
    """Every required, comply-or-explain or applying conditional metric has a value or an omission."""
    # Most files answer every metric that could be missing: one set difference says so.
    applying = [mid for mid, applies in out.applies.items() if applies]
    open_ids = spec.must_answer.union(applying).difference(out.facts, out.omissions, out.suggested)
    if not open_ids:
        return

    def where(mid: str) -> tuple[int, int]:
        # A workbook has a row for every metric: the finding points there, not at the header.
        if mid in d.slots:
            return d.slots[mid]
        return d.doc.where(("facts",), key=True) if "facts" in d.data else (1, 1)

    def hint(m: Metric, yaml: str) -> str:
        if not d.workbook:
            return yaml
        at = where(m.id)
        return (f"type the value in {d.cell(at)}" + (f" (unit {m.unit})" if m.unit else "")
                + f", or choose an omission reason in {d.cell((at[0], COL['omission reason']))}")

    for m in spec.metrics:
        if m.id not in open_ids:
            continue
        if m.requirement in ("required", "comply-or-explain"):
            # Comply or explain: the omission with its reason is the explanation, so only
            # a metric with neither is refused, exactly as for a required one.
            title = dict(m.title) or m.id
            message = msg("required metric {id} ({value}) is not disclosed", id=m.id, value=title) \
                if m.requirement == "required" else \
                msg("comply-or-explain metric {id} ({value}) is not disclosed nor explained", id=m.id, value=title)
            yield Finding.make("missing-required", message, d.path, *where(m.id), pointer=f"/facts/{m.id}",
                               hint=hint(m, msg("add `{id}: {{value: …{unit}}}` under `facts:`, or an omission with "
                                                "a reason", id=m.id, unit=", unit: " + m.unit if m.unit else "")))
        elif m.requirement == "conditional" and out.applies.get(m.id):
            yield Finding.make("conditional-missing", msg("{id} ({value}) applies because {value2}, and is not disclosed", id=m.id, value=dict(m.title) or m.id, value2=m.applies_if.describe()), d.path, *where(m.id),
                               pointer=f"/facts/{m.id}", hint=hint(m, CODES["conditional-missing"].hint))


@check("disclosure", CODES["period-window"])
def period(d: Disclosure, spec: Spec, out: Judged, schema_failed: set[str]) -> Iterator[Finding]:
    """The reporting period within the edition's window (``model/window.py``, the one rule)."""
    period = d.data.get("period")
    start, end = (period.get("start"), period.get("end")) if isinstance(period, dict) else (None, None)
    if not (isinstance(start, str) and isinstance(end, str)):
        return
    for problem in window.problems(spec.ref, spec.dates, start, end):
        yield Finding.make("period-window", problem, d.path, *d.doc.where(("period",)), pointer="/period")


def judge(d: Disclosure, spec: Spec, schema_failed: set[str]) -> Judged:
    """Every semantic finding: each check of the registry's ``disclosure`` scope, in order;
    ``schema_failed`` names the facts the schema already rejected."""
    out = Judged()
    extend = out.findings.extend
    for fn in functions("disclosure"):
        extend(fn(d, spec, out, schema_failed))
    return out
