"""Who must report under which framework: the ``applicability`` entries of each
``standards/<id>/standard.yaml``, matched against a company's listing.

An entry names an edition, a venue (``sse``, ``szse``, ``bse``, ``hkex``, or ``any``), the
companies it covers there (``all``, the constituents of named indices, the companies on
named boards, or those also listed at another venue), a requirement (``mandatory``,
``comply-or-explain``, ``voluntary``), the first financial year, and when reports are due.
A company matching several entries for the same edition (and the same part of it) is held
to the strongest: an SSE 180 constituent is told "mandatory", not also "voluntary".

Financial years are taken as calendar years (the mainland rule; a Hong Kong issuer with
another year end should read the due date from its own year end).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..read.schemas import load_checked

VENUES = ("sse", "szse", "bse", "hkex")
STRENGTH = {"mandatory": 0, "comply-or-explain": 1, "voluntary": 2}


@dataclass(frozen=True)
class Company:
    """Where a company is listed and what it belongs to."""

    listed: tuple[str, ...] = ()     # venues, e.g. ("sse", "hkex")
    indexes: tuple[str, ...] = ()    # e.g. ("sse-180",)
    boards: tuple[str, ...] = ()     # e.g. ("star",)

    @property
    def dual_listed(self) -> bool:
        return len(set(self.listed)) > 1

    def to_dict(self) -> dict[str, Any]:
        return {"listed": list(self.listed), "indexes": list(self.indexes), "boards": list(self.boards),
                "dual-listed": self.dual_listed}


@dataclass(frozen=True)
class Entry:
    """One applicability entry of a standard, with the standard's titles beside it."""

    standard: str
    title: Mapping[str, str]
    data: Mapping[str, Any]

    @property
    def edition(self) -> str:
        return str(self.data["edition"])

    def covers(self, company: Company) -> bool:
        venue, who = self.data["venue"], self.data["who"]
        if venue != "any" and venue not in company.listed:
            return False
        if who.get("all"):
            return True
        if "index" in who:
            return bool(set(who["index"]) & set(company.indexes))
        if "board" in who:
            return bool(set(who["board"]) & set(company.boards))
        if who.get("dual-listed"):
            return company.dual_listed
        return False

    def due(self, year: int) -> str | None:
        """When the report on financial ``year`` is due under this entry."""
        if year == self.data.get("from-fiscal-year") and self.data.get("first-report-due"):
            return str(self.data["first-report-due"])
        months = self.data.get("due-months")
        if not months:
            return None
        # The last day of the month ``months`` after a calendar year's end (4 -> 30 April).
        n = 12 + months
        y, mo = year + (n - 1) // 12, (n - 1) % 12 + 1
        return (dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()

    def in_force(self, year: int) -> bool:
        lo, hi = self.data.get("from-fiscal-year"), self.data.get("until-fiscal-year")
        if (lo is not None and year < lo) or (hi is not None and year > hi):
            return False
        since = self.data.get("from-date")
        due = self.due(year) or f"{year + 1}-12-31"
        return since is None or str(since) <= due


@dataclass(frozen=True)
class Obligation:
    entry: Entry
    year: int
    also: tuple[str, ...] = field(default=())  # weaker entries the company also matches

    def to_dict(self) -> dict[str, Any]:
        d = self.entry.data
        return {"standard": self.entry.standard, "edition": self.entry.edition,
                "ref": f"{self.entry.standard}@{self.entry.edition}", "title": dict(self.entry.title),
                "entry": d["id"], "venue": d["venue"], "who": dict(d["who"]), "requirement": d["requirement"],
                "nodes": list(d.get("nodes", ())), "from-fiscal-year": d.get("from-fiscal-year"),
                "until-fiscal-year": d.get("until-fiscal-year"), "from-date": d.get("from-date"),
                "report-due": self.entry.due(self.year), "fidelity": d["fidelity"],
                "sources": list(d["sources"]), "note": dict(d["note"]) if d.get("note") else None,
                "also": list(self.also)}


def entries(root: Path, parsed: Mapping[str, Any] | None = None) -> list[Entry]:
    """Every applicability entry of the repository's standards, in the order the files list
    them. ``parsed``: standard files' data already read, by path (not parsed again)."""
    def read(f: Path) -> Mapping[str, Any]:
        display = f.relative_to(root).as_posix()
        return (parsed or {}).get(display) or load_checked(f, display, "standard", Path(root)).data

    return entries_of(read(f) for f in sorted((Path(root) / "standards").glob("*/standard.yaml")))


def entries_of(standards: Iterable[Mapping[str, Any]]) -> list[Entry]:
    """Every applicability entry of these standard files' data, in order."""
    out = []
    for data in standards:
        title = data.get("short-title") or data["title"]
        out += [Entry(data["id"], {k: v for k, v in title.items() if k in ("zh", "en")}, a)
                for a in data.get("applicability", ())]
    return out


def obligations(found: Iterable[Entry], company: Company, year: int) -> list[Obligation]:
    """What ``company`` reports under for financial ``year``: per edition (and part of it),
    the strongest entry that covers it, mandatory first."""
    best: dict[tuple[str, str, tuple[str, ...]], list[Entry]] = {}
    for e in found:
        if e.covers(company) and e.in_force(year):
            best.setdefault((e.standard, e.edition, tuple(e.data.get("nodes", ()))), []).append(e)
    out = []
    for matched in best.values():
        matched.sort(key=lambda e: STRENGTH[e.data["requirement"]])
        out.append(Obligation(matched[0], year, tuple(e.data["id"] for e in matched[1:])))
    out.sort(key=lambda o: (STRENGTH[o.entry.data["requirement"]], o.entry.standard, o.entry.edition))
    return out
