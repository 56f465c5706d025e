"""Several frameworks, one disclosure: a file that names several pins answers each of
them, facts keyed by any pinned edition's metric ids.

For each pin the file is seen through a *view*: the facts and omissions keyed by that
edition's ids (``metric`` when only one pinned edition has the id, ``std#metric`` or
``std@edition#metric`` always), plus those keyed by another pinned edition's metric that a
metric-level ``equal`` row of a crosswalk joins to one of this edition's metrics. A carried
fact keeps its value and unit (the source metric's unit when the file gives none), so the
edition's own checks convert it to the edition's unit (``units.py``), judge its bounds and
locate any finding at the line the company wrote. A fact given directly under an
edition's own id always wins over one carried to it.

Crosswalks are read from the repository's work tree: a mapping is a judgement of the
source standard's drafters, not part of either pinned text, so every verdict names the
crosswalk file and row each carried fact came through.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..core.errors import LodeError
from ..core.findings import Finding
from ..model.crosswalk import location, read_crosswalk
from ..model.edition import Ref
from ..read.document import Document, KeyPath, Pos
from ..read.loader import pointer
from .checks import normal_id
from .disclosure import Disclosure
from ..release.bundle import is_bundle
from ..release.pins import Pin
from .spec import Spec
from .template import HEADER_ROWS
from ..core.i18n import msg

SECTIONS = ("facts", "omissions")


@dataclass(frozen=True)
class Link:
    """A metric-level ``equal`` row between two pinned editions."""

    source: str   # std@edition#metric
    target: str   # std@edition#metric
    row: str      # the row's id
    file: str     # the crosswalk file, relative to the repository root


@dataclass(frozen=True)
class Carried:
    """One entry of the file answering a metric of another pinned edition."""

    metric: str     # the metric of the verdict's edition it answers
    section: str    # facts or omissions
    key: str        # the key the file gives it under
    source: str     # std@edition#metric the key names
    link: Link

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "section": self.section, "key": self.key, "from": self.source,
                "mapping": self.link.row, "crosswalk": self.link.file}


def written_pins(d: Disclosure) -> list[str]:
    """The pins the file itself names (``pins:`` or ``pin:``)."""
    if isinstance(d.data.get("pins"), list):
        return [p for p in d.data["pins"] if isinstance(p, str)]
    return [d.data["pin"]] if isinstance(d.data.get("pin"), str) else []


def pins_of(d: Disclosure, override: Sequence[str] = ()) -> list[str]:
    """The pins the file is checked against: ``--pin`` (repeatable) or the file's ``pins:``
    or ``pin:``. When both are given, the command line may add editions (a file pinned to
    the CMA standard checked against the exchanges' guideline too) but must keep the file's."""
    written = written_pins(d)
    key = "pins" if "pins" in d.data else "pin"
    override = list(dict.fromkeys(override)) if override else []
    # A file pinned to an edition may be checked against a release of it; a bundle's pin is
    # known once it is read (run.check_views compares it with the file's).
    if override and written and not all(any(o == w or o.startswith(w + "/r") or is_bundle(o) for o in override)
                                        for w in written):
        line, col = d.doc.where((key,))
        raise LodeError.of("pin-conflict", msg("the file is pinned to {items}, the command line to {items2}", items=', '.join(written), items2=', '.join(override)), d.path, line, col)
    pins = override or (written if len(written) < 2 else list(dict.fromkeys(written)))
    if not pins:
        # A workbook's pin is a cell of its header: the hint names it (the code's names `pin:`).
        hint = msg("type the pin (STD@EDITION/rN) in {cell}, or pass --pin", cell=d.cell((HEADER_ROWS["pin"], 2))) \
            if d.workbook else None
        raise LodeError.of("pin-missing", msg("the disclosure names no pin and --pin is not given"), d.path, hint=hint)
    if not override:
        # A pin written in a file names a release, never a path: a file someone sent (the
        # checking service's uploads) must not make Lode open a file of its choosing.
        for p in pins:
            try:
                _parsed(p)
            except LodeError as e:
                line, col = d.doc.where((key,))
                raise LodeError([replace(f, path=d.path, line=line, col=col) for f in e.findings]) from None
    return pins


@lru_cache(maxsize=256)
def _parsed(pin: str) -> Pin:
    # A batch repeats a few written pins: each is parsed once (a refusal is never cached).
    return Pin.parse(pin)


def links(root: Path, specs: Sequence[Spec]) -> list[Link]:
    """Every metric-level ``equal`` row between two of the pinned editions, from the crosswalk
    files of either direction (an ``equal`` row reads both ways)."""
    metrics = {f"{s.ref}#{m.id}" for s in specs for m in s.metrics}
    out: list[Link] = []
    for a in specs:
        for b in specs:
            if a is b:
                continue
            rel = location(Ref.parse(a.ref), Ref.parse(b.ref))
            path = Path(root) / rel
            if not path.is_file():
                continue
            _doc, cw = read_crosswalk(path, rel, Path(root))
            for row in cw.mappings:
                src, dst = (str(r) for r in row.sides)
                if row.relation == "equal" and src in metrics and dst in metrics:
                    out.append(Link(src, dst, row.id, rel))
    return out


def _qualified(refs: Sequence[str], i: int) -> str:
    """The shortest name of pin ``i`` that no other pin shares: its standard, or the
    standard and edition when two editions of one standard are pinned."""
    std = refs[i].split("@")[0]
    return refs[i] if sum(r.split("@")[0] == std for r in refs) > 1 else std


def _owner(key: str, specs: Sequence[Spec]) -> tuple[int | None, str, list[int]]:
    """(index of the spec the key names or None, its metric id, the specs a bare id is ambiguous among)."""
    if "#" in key:
        std, mid = key.split("#", 1)
        mid = mid if any(mid in s.by_id for s in specs) else normal_id(mid)
        named = [i for i, s in enumerate(specs) if std in (s.ref, s.ref.split("@")[0]) and mid in s.by_id]
        if len(named) == 1:
            return named[0], mid, []
        # `std#metric` with two editions of std pinned names neither: ambiguous among them
        return None, key, named
    mid = key if any(key in s.by_id for s in specs) else normal_id(key)
    having = [i for i, s in enumerate(specs) if mid in s.by_id]
    if len(having) == 1:
        return having[0], mid, []
    return None, key, having


class ViewDocument(Document):
    """The file as one pin sees it: renamed keys locate at the key the company wrote."""

    def __init__(self, base: Document, data: dict[str, Any], renames: Mapping[KeyPath, KeyPath]) -> None:
        self.path, self.data, self.findings = base.path, data, list(base.findings)
        self._base, self._renames = base, dict(renames)

    def _original(self, path: KeyPath) -> KeyPath:
        p = tuple(path)
        old = self._renames.get(p[:2])
        return old + p[2:] if old is not None else p

    def where(self, path: KeyPath, *, key: bool = False) -> Pos:
        return self._base.where(self._original(path), key=key)

    def original_pointer(self, ptr: str | None) -> str | None:
        """A JSON pointer into the view, as a pointer into the file the company wrote."""
        if not ptr:
            return ptr
        parts = ptr.split("/")
        if len(parts) >= 3:
            old = self._renames.get((parts[1], parts[2].replace("~1", "/").replace("~0", "~")))
            if old is not None:
                return pointer(old) + ("/" + "/".join(parts[3:]) if len(parts) > 3 else "")
        return ptr

    def raw_at(self, path: KeyPath) -> str | None:
        return self._base.raw_at(self._original(path))

    @property  # type: ignore[override]
    def raw(self) -> dict[KeyPath, str]:
        back = {v: k for k, v in self._renames.items()}
        return {(back[p[:2]] + p[2:] if p[:2] in back else p): text for p, text in self._base.raw.items()}


@dataclass(frozen=True)
class View:
    disclosure: Disclosure
    carried: tuple[Carried, ...]
    findings: tuple[Finding, ...]   # ambiguous keys: said in the verdict of every pin they could mean


def _names_an_edition(d: Disclosure) -> bool:
    """Whether a key of the facts or omissions names an edition (``std@edition#metric``)."""
    for entries in map(d.data.get, SECTIONS):
        if isinstance(entries, dict) and "#" in "".join(entries):
            return True
    return False


def views(d: Disclosure, pins: Sequence[str], specs: Sequence[Spec], found: Sequence[Link]) -> list[View]:
    """One view of ``d`` per pin (``specs`` in the order of ``pins``)."""
    if len(specs) == 1 and "pins" not in d.data and not _names_an_edition(d):
        return [View(d, (), ())]  # the one-pin file as it always was (no key names another standard's metric)
    refs = [s.ref for s in specs]
    to: dict[tuple[str, int], list[tuple[str, Link]]] = {}  # source metric -> (target metric, link) per pin
    for link in found:
        for a, b in ((link.source, link.target), (link.target, link.source)):
            std_ed, mid = b.split("#", 1)
            to.setdefault((a, refs.index(std_ed)), []).append((mid, link))
    owned: dict[str, list[tuple[str, int | None, str, list[int]]]] = {}
    for section in SECTIONS:
        entries = d.data.get(section)
        owned[section] = [(k, *_owner(k, specs)) for k in entries] if isinstance(entries, dict) else []
    slot_owner = {key: _owner(key, specs) for key in d.slots}
    out = []
    for i, pin in enumerate(pins):
        data = {k: v for k, v in d.data.items() if k not in ("pins", "pin", "digest", *SECTIONS)}
        data["pin"] = pin
        if "digest" in d.data and len(pins) == 1:
            data["digest"] = d.data["digest"]
        renames: dict[KeyPath, KeyPath] = {}
        carried: list[Carried] = []
        notes: list[Finding] = []
        for section in SECTIONS:
            if section not in d.data:
                continue
            entries = d.data[section]
            if not isinstance(entries, dict):
                data[section] = entries  # the envelope's schema reports it
                continue
            mine: dict[str, Any] = {}
            through: dict[str, tuple[Any, Carried]] = {}
            for key, owner, mid, ambiguous in owned[section]:
                entry = entries[key]
                if owner == i:
                    mine[mid] = entry
                    if mid != key:
                        renames[(section, mid)] = (section, key)
                elif owner is None and i in ambiguous:
                    notes.append(Finding.make(
                        "fact-ambiguous", msg("{key!r} is a metric of {items}; the {section} entry is not read for {value}", key=key, items=', '.join(refs[j] for j in ambiguous), section=section, value=refs[i]), d.path, *d.doc.where((section, key),
                                                                                              key=True),
                        pointer=pointer((section, key)),
                        hint=msg("write it as {value}#{value2} (or another pinned edition's)", value=_qualified(refs, i), value2=key.split('#', 1)[-1])))
                elif owner is None and not ambiguous:
                    mine[key] = entry  # no pinned edition has it: each verdict says so
                elif owner is not None:
                    for tmid, link in to.get((f"{refs[owner]}#{mid}", i), ()):
                        if tmid not in through:
                            through[tmid] = (_carry(entry, specs[owner].by_id[mid].unit) if section == "facts"
                                             else entry,
                                             Carried(tmid, section, key, f"{refs[owner]}#{mid}", link))
            for tmid, (entry, c) in through.items():
                if tmid in mine:
                    continue  # given directly under this edition's own id
                mine[tmid] = entry
                renames[(section, tmid)] = (section, c.key)
                carried.append(c)
            data[section] = mine
        doc = ViewDocument(d.doc, data, renames)
        dups = [(s, m, w) for s, m, w in d.duplicates if _owner(m, specs)[0] in (i, None)]
        # A workbook's row of each metric, by this edition's ids: its own rows, the rows its
        # facts were carried from, and the rows that name its id in the edition's id column.
        slots = {(mid if owner == i else key): at for key, at in d.slots.items()
                 for owner, mid, _ in (slot_owner[key],) if owner in (i, None)}
        slots.update({c.metric: d.slots[c.key] for c in carried if c.key in d.slots and c.metric not in slots})
        out.append(View(Disclosure(doc, d.digest, d.sheets, dups, slots), tuple(carried), tuple(notes)))
    return out


def _carry(fact: Any, unit: str | None) -> Any:
    """A fact as it answers another metric: its unit stated, so the target converts it."""
    if isinstance(fact, dict) and "unit" not in fact and unit is not None and "value" in fact:
        return {**fact, "unit": unit}
    return fact

