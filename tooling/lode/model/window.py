"""An edition's reporting window: the one rule for which reporting periods may be
reported against it, used by ``lode check`` (a disclosure's period) and ``lode verify
--period`` alike, under one code, ``period-window``.

A period is judged by its dates against the edition's ``dates``: it must not end before
the edition applies (``effective``, else ``published``), nor after its
``last-reportable`` date, nor start after it was ``withdrawn``; and it must not start
after it ends. No date declared, no limit on that side.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Mapping

from ..core.i18n import Msg, msg


def parse_period(text: str) -> tuple[str | None, str]:
    """(start or None, end) of a period written ``YYYY``, ``YYYY-MM-DD`` (an end date) or
    ``START/END``, as ISO dates; ValueError if it is none of these."""
    parts = text.strip().split("/")
    if len(parts) > 2:
        raise ValueError(text)
    if len(parts) == 1 and re.fullmatch(r"\d{4}", parts[0]):
        return f"{parts[0]}-01-01", f"{parts[0]}-12-31"
    dates = [dt.date.fromisoformat(p).isoformat() for p in parts]
    return (dates[0], dates[1]) if len(dates) == 2 else (None, dates[0])


def problems(ref: str, dates: Mapping[str, str], start: str | None, end: str) -> list[Msg]:
    """Why the period from ``start`` (None: unknown) to ``end`` cannot be reported against
    the edition ``ref`` with these ``dates``; empty when it can. Dates are ISO strings, so
    they compare as text."""
    if start and start > end:
        return [msg("the period starts ({start}) after it ends ({end})", start=start, end=end)]
    begins = dates.get("effective") or dates.get("published")
    last = dates.get("last-reportable")
    withdrawn = dates.get("withdrawn")
    early, late = bool(begins and end < begins), bool(last and end > last)
    gone = bool(withdrawn and start and start >= withdrawn)
    if not (early or late or gone):
        return []  # most periods: no message built (lode check judges every file's period)
    shown = msg("{start} to {end}", start=start, end=end) if start else msg("ending {end}", end=end)
    out = []
    if early:
        out.append(msg("the period {shown} ends before {ref} applies (from {begins})", shown=shown, ref=ref,
                       begins=begins))
    if late:
        out.append(msg("the period {shown} ends after the last period {ref} may be used for ({last})", shown=shown,
                       ref=ref, last=last))
    if gone:
        out.append(msg("the period {shown} starts after {ref} was withdrawn ({withdrawn})", shown=shown, ref=ref,
                       withdrawn=withdrawn))
    return out
