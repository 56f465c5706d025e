"""Upgrade impact: what a disclosure must change to pass a newer edition.

From the diff engine's breaking-for-disclosers changes between the pinned edition and
the new one, joined with this disclosure's facts: a new required metric it lacks, a
metric it gives that was removed, a changed unit, a narrowed range its value leaves, a
dropped enum value it uses. Each line names the clause as ``std@edition#id``.
"""

from __future__ import annotations

from pathlib import Path

from ..diff.engine import diff_editions
from .document import read_disclosure
from .run import _pin_of, target


def upgrade_impact(path: Path, root: Path, against: str, pin: str | None = None) -> list[str]:
    d = read_disclosure(Path(path), str(path))
    old = target(root, _pin_of(d, pin))
    new = target(root, against)
    facts = d.facts()
    result = diff_editions(old.resolved.edition, new.resolved.edition, old_label=str(old.resolved.pin.ref),
                           new_label=str(new.resolved.pin.ref))
    lines = [f"upgrade impact: {path} from {old.spec.ref} to {new.spec.ref}"]
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
                if isinstance(value, (int, float)) and not isinstance(value, bool) and (
                        (a.get("minimum") is not None and value < a["minimum"])
                        or (a.get("maximum") is not None and value > a["maximum"])):
                    lines.append(f"  check {mid}: {value} is outside the new range {a.get('minimum')}..{a.get('maximum')}"
                                 f" ({link})")
                if a.get("values") and isinstance(value, str) and value not in a["values"]:
                    lines.append(f"  change {mid}: {value!r} is no longer allowed ({', '.join(a['values'])}) ({link})")
                if b.get("type") != a.get("type"):
                    lines.append(f"  change {mid}: its type changes from {b.get('type')} to {a.get('type')} ({link})")
            elif c.kind == "condition" and mid not in facts:
                lines.append(f"  check {mid}: its condition changed ({link})")
    if len(lines) == 1:
        lines.append("  nothing: no breaking change for disclosers touches this disclosure")
    return lines
