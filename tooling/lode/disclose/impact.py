"""Upgrade impact: what a disclosure must change to pass a newer edition.

From the diff engine's breaking-for-disclosers changes between the pinned edition and
the new one, joined with this disclosure's facts: a new required metric it lacks, a
metric it gives that was removed, a changed unit, a narrowed range its value leaves, a
dropped enum value it uses. Each line names the clause as ``std@edition#id``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..core.errors import LoadError
from ..diff.engine import diff_editions
from .disclosure import Disclosure
from .document import read_disclosure
from .run import _pin_of, check_disclosure, refused, target
from ..core.units import UnitError, convert
from .verdict import Verdict


def _in_new_unit(fact: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> tuple[Any, str | None]:
    """The fact's value in the new edition's unit, converted as the check converts it
    (a value given in ktCO2e is compared with a range in tCO2e as tCO2e); None when it
    cannot be converted (the line then says so)."""
    value = fact["value"]
    given = fact.get("unit") if isinstance(fact.get("unit"), str) else before.get("unit")
    new = after.get("unit")
    if not given or not new or given == new:
        return value, new
    try:
        return convert(value, given, new).value, new
    except UnitError:
        return None, new


def upgrade_impact(d: Disclosure, root: Path, against: str, pin: str | None = None) -> list[str]:
    """What disclosure ``d`` must change to pass the edition ``against`` names (a pin,
    ``STD@ED`` or ``STD@ED/rN``, resolved as the check resolves it); the first line names both pins."""
    old = target(root, _pin_of(d, pin))
    new = target(root, against)
    facts = d.facts()
    result = diff_editions(old.resolved.edition, new.resolved.edition, old_label=str(old.resolved.pin.ref),
                           new_label=str(new.resolved.pin.ref))
    lines = [f"upgrade impact: {d.path} from {_named(old)} to {_named(new)}"]
    for nd in result.nodes:
        if nd.impact != "breaking-for-disclosers":
            continue
        mid = nd.new or nd.old
        link = f"{new.spec.ref}#{nd.new}" if nd.new else f"{old.spec.ref}#{nd.old}"
        for c in nd.changes:
            if c.impact != "breaking-for-disclosers":
                continue
            if c.kind == "added" and mid not in facts:
                lines.append(f"  add {mid}: a new required metric ({link})")
            elif c.kind == "removed" and mid in facts:
                lines.append(f"  remove {mid}: the metric is withdrawn ({link})")
            elif c.kind == "requirement" and mid not in facts:
                lines.append(f"  add {mid}: now {c.after} ({link})")
            elif c.kind == "value-spec" and mid in facts:
                b, a = c.before or {}, c.after or {}
                value = facts[mid]["value"]
                if b.get("unit") != a.get("unit"):
                    lines.append(f"  convert {mid}: the unit changes from {b.get('unit')} to {a.get('unit')} ({link})")
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    lines += _range(mid, facts[mid], b, a, link)
                if a.get("values") and isinstance(value, str) and value not in a["values"]:
                    lines.append(f"  change {mid}: {value!r} is no longer allowed ({', '.join(a['values'])}) ({link})")
                if b.get("type") != a.get("type"):
                    lines.append(f"  change {mid}: its type changes from {b.get('type')} to {a.get('type')} ({link})")
            elif c.kind == "condition" and mid not in facts:
                lines.append(f"  check {mid}: its condition changed ({link})")
    if len(lines) == 1:
        lines.append("  nothing: no breaking change for disclosers touches this disclosure")
    return lines


def _named(t: Any) -> str:
    r = t.resolved
    return f"{r.pin.ref}/r{r.pin.release}" if r.pinned else str(r.pin.ref)


def _range(mid: str, fact: dict[str, Any], b: dict[str, Any], a: dict[str, Any], link: str) -> list[str]:
    value, unit = _in_new_unit(fact, b, a)
    lo, hi = a.get("minimum"), a.get("maximum")
    if value is None:
        return [f"  convert {mid}: {fact['value']} {fact.get('unit') or b.get('unit')} cannot be converted to "
                f"{unit} ({link})"]
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        shown = f"{fact['value']} {fact.get('unit') or b.get('unit') or ''}".strip()
        if unit and value != fact["value"]:
            shown += f" = {value} {unit}"
        return [f"  check {mid}: {shown} is outside the new range {lo}..{hi} ({link})"]
    return []


def check_against(path: Path, root: Path, against: str, pin: str | None = None) -> Verdict:
    """The verdict on one file with its upgrade impact against a newer pin: the file is
    read once, for both."""
    try:
        d = read_disclosure(Path(path), str(path))
    except LoadError as e:
        return refused(str(path), e)
    v = check_disclosure(d, root, pin)
    return replace(v, against=against, impact=tuple(upgrade_impact(d, root, against, pin)))
