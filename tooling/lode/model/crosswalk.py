"""Crosswalks: the model of a mapping file (its checks are in ``validate/crosswalks.py``).

A crosswalk file lives at
``standards/<from-standard>/crosswalks/<from-edition>--<to-standard>@<to-edition>.yaml``
(the source standard's drafters own it) and maps nodes of one edition to nodes of
another. One row maps one ``from`` node to one ``to`` node with a NIST IR 8477
relation; many-to-many mappings are several rows, so every pair carries its own
relation, rationale and review stamps.

Each row records, per side, the node as it was when the row was reviewed: its content
stamp (:func:`lode.model.edition.stamp`), its printed number and its parent. Validation
compares those with the corpus as it is now:

- ``crosswalk-suspect`` (warning): the content changed -- the mapping needs a new look;
- ``crosswalk-rebased`` (info): renumbered, moved, or replaced through ``replaces:``
  lineage -- the mapping follows the provision, nothing to re-judge;
- ``crosswalk-broken`` (error): the node is gone and no lineage leads anywhere;
- ``crosswalk-unresolved`` (error): a reference that never resolved (no stamp says
  it once existed).

Checking never rewrites a stamp: ``lode crosswalk restamp`` does, after review
(``crosswalk/write.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..read.loader import Document
from ..read.schemas import load_checked
from .edition import Ref, Text, Where

SIDES = ("from", "to")
# Reading a row the other way round: A subset-of B is B superset-of A.
INVERSE = {"equal": "equal", "subset-of": "superset-of", "superset-of": "subset-of",
           "intersects-with": "intersects-with", "no-relationship": "no-relationship"}


def file_name(source: Ref, target: Ref) -> str:
    """The file name a crosswalk between two editions has (in its source's folder)."""
    return f"{source.edition}--{target.standard}@{target.edition}.yaml"


def location(source: Ref, target: Ref) -> str:
    return f"standards/{source.standard}/crosswalks/{file_name(source, target)}"


@dataclass(frozen=True, slots=True)
class SideStamp:
    """One side of a row as it was at review: content stamp, number, parent id."""

    content: str
    number: str | None = None
    parent: str | None = None

    def plain(self) -> dict[str, str]:
        return {k: v for k, v in (("content", self.content), ("number", self.number),
                                  ("parent", self.parent)) if v is not None}


@dataclass(frozen=True, slots=True)
class Row:
    """One row. ``sides`` is (from, to); ``stamps`` maps a side name to its stamp."""

    id: str
    sides: tuple[Ref, Ref]
    relation: str
    rationale_type: str
    rationale: Text
    where: Where
    alignment: str | None = None
    confidence: str | None = None
    author: str | None = None
    reviewer: str | None = None
    reviewed: str | None = None
    stamps: Mapping[str, SideStamp] | None = None

    def side(self, name: str) -> Ref:
        return self.sides[SIDES.index(name)]

    @property
    def positive(self) -> bool:
        """Whether the row says the two sides share anything."""
        return self.relation != "no-relationship"


@dataclass(frozen=True, slots=True)
class Crosswalk:
    source: Ref
    target: Ref
    title: Text
    authors: tuple[str, ...]
    fidelity: str
    where: Where
    mappings: tuple[Row, ...] = ()
    fidelity_note: Text | None = None
    notes: Text | None = None
    coverage_kinds: Mapping[str, tuple[str, ...]] | None = None

    def edition(self, side: str) -> Ref:
        return self.source if side == "from" else self.target


def build_crosswalk(data: Mapping[str, Any], file: str) -> Crosswalk:
    """A crosswalk from schema-valid data (trusts the shape, like ``model.py``)."""
    rows = []
    for i, m in enumerate(data["mappings"]):
        st = m.get("stamps")
        rows.append(Row(
            id=m["id"], sides=(Ref.parse(m["from"]), Ref.parse(m["to"])), relation=m["relation"],
            rationale_type=m["rationale"]["type"], rationale=Text.of(m["rationale"]["text"]),  # type: ignore[arg-type]
            where=Where(file, ("mappings", i)), alignment=m.get("alignment"), confidence=m.get("confidence"),
            author=m.get("author"), reviewer=m.get("reviewer"), reviewed=m.get("reviewed"),
            stamps={k: SideStamp(v["content"], v.get("number"), v.get("parent")) for k, v in st.items()}
            if st else None))
    kinds = data.get("coverage-kinds")
    return Crosswalk(
        source=Ref.parse(data["from"]), target=Ref.parse(data["to"]), title=Text.of(data["title"]),  # type: ignore[arg-type]
        authors=tuple(data["authors"]), fidelity=data["fidelity"], where=Where(file), mappings=tuple(rows),
        fidelity_note=Text.of(data.get("fidelity-note")), notes=Text.of(data.get("notes")),
        coverage_kinds={k: tuple(v) for k, v in kinds.items()} if kinds else None)


def read_crosswalk(path: Path | bytes, display: str, root: Path | None = None) -> tuple[Document, Crosswalk]:
    """Load, schema-check and build a crosswalk file (or its bytes, already read), or
    raise :class:`LodeError`."""
    doc = load_checked(path, display, "crosswalk", root)
    return doc, build_crosswalk(doc.data, display)
