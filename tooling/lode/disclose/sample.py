"""A sample disclosure for an edition: every metric answered with a value inside its
bounds, in its own unit, for a period inside the edition's window. What the corpus test
(and anyone checking an edition they wrote) feeds ``lode check`` to see that each edition's
metrics can be answered at all, and that leaving a required one out is caught."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from .spec import Spec


def _value(spec: Mapping[str, Any], period_end: str) -> Any:
    t = spec["type"]
    if t in ("number", "integer"):
        lo, hi = spec.get("minimum"), spec.get("maximum")
        v = lo if lo is not None else (min(0, hi) if hi is not None else 0)
        if lo is not None and hi is not None:
            v = (lo + hi) / 2
        return int(v) if t == "integer" or float(v).is_integer() else v
    if t == "boolean":
        return True
    if t == "enum":
        return spec["values"][0]
    if t == "date":
        return period_end
    if t == "table":
        return [{c["id"]: _value(c, period_end) for c in spec["columns"]}]
    return "Sample text."


def _period(spec: Spec) -> dict[str, str]:
    begins = spec.dates.get("effective") or spec.dates.get("published")
    last = spec.dates.get("last-reportable")
    end = begins or last or "2025-12-31"
    if begins and last and last > begins:
        end = last
    start = dt.date.fromisoformat(end).replace(month=1, day=1).isoformat()
    withdrawn = spec.dates.get("withdrawn")
    if withdrawn and start >= withdrawn:
        start = end
    return {"start": start, "end": end}


def sample_disclosure(spec: Spec, pin: str) -> dict[str, Any]:
    """The plain data of a disclosure answering every metric of ``spec``."""
    period = _period(spec)
    facts: dict[str, Any] = {}
    for m in spec.metrics:
        fact: dict[str, Any] = {"value": _value(m.value, period["end"])}
        if m.unit:
            fact["unit"] = m.unit
        facts[m.id] = fact
    return {"lode-disclosure": 1, "pin": pin, "entity": {"name": "Sample Mining Co."}, "period": period,
            "facts": facts}
