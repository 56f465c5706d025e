"""Rendering `lode obligations`: a text table, or JSON (``lode-obligations: 1``)."""

from __future__ import annotations

import json
from typing import Sequence

from ..model.obligations import Company, Obligation

OBLIGATIONS_VERSION = 1


def _company(company: Company, year: int) -> str:
    where = " and ".join(company.listed) or "no exchange"
    extra = []
    if company.indexes:
        extra.append("in " + ", ".join(company.indexes))
    if company.boards:
        extra.append("on the " + ", ".join(company.boards) + " board" + ("s" if len(company.boards) > 1 else ""))
    return f"a company listed at {where}" + (f" ({'; '.join(extra)})" if extra else "") + f", financial year {year}"


def text(found: Sequence[Obligation], company: Company, year: int) -> str:
    lines = [f"Frameworks for {_company(company, year)}:"]
    if not found:
        lines.append("  none: no applicability entry of the corpus covers this company")
    for o in found:
        d = o.to_dict()
        part = f" (part: {', '.join(d['nodes'])})" if d["nodes"] else ""
        due = f", report due {d['report-due']}" if d["report-due"] else ""
        since = f"from FY{d['from-fiscal-year']}" if d["from-fiscal-year"] else f"from {d['from-date']}" \
            if d["from-date"] else "in force"
        lines.append(f"  {d['requirement']:<17} {d['ref']}{part}  {d['title'].get('en') or d['title'].get('zh')}")
        lines.append(f"  {'':<17} {since}{due}; entry {d['entry']} ({d['venue']}), {d['fidelity']}, "
                     f"sources {', '.join(d['sources'])}")
    lines.append("Who must report is data in standards/<id>/standard.yaml (applicability); each entry's fidelity "
                 "says how sure it is.")
    return "\n".join(lines) + "\n"


def as_json(found: Sequence[Obligation], company: Company, year: int) -> str:
    doc = {"lode-obligations": OBLIGATIONS_VERSION, "company": company.to_dict(), "year": year,
           "obligations": [o.to_dict() for o in found]}
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
