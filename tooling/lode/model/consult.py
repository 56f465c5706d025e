"""Consultation as data: a draft's stages and the comments made on them.

A draft edition moves through public stages -- consultation (征求意见稿), review (送审稿),
approval (报批稿) -- and records for each the git commit whose text was issued. Comments
live in ``standards/<id>/comments/<edition>.yaml`` (``schemas/comments.schema.json``);
each anchors to a node *id* of its stage's text, never to a printed number, so a comment
keeps its clause when a later stage renumbers it. Where the node itself is gone, the
comment follows the lineage (``replaces:``) to its successors; with none it is on a
withdrawn clause. The objects here are frozen and built from schema-valid data only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .edition import Edition, Ref, Text, Where

STAGES = ("consultation", "review", "approval")
STAGE_NAMES = {
    "consultation": {"zh": "征求意见稿", "en": "Draft for consultation"},
    "review": {"zh": "送审稿", "en": "Draft for review"},
    "approval": {"zh": "报批稿", "en": "Draft for approval"},
}
TYPES = ("general", "technical", "editorial")
TYPE_NAMES = {"general": {"zh": "总体", "en": "General", "iso": "ge"},
              "technical": {"zh": "技术", "en": "Technical", "iso": "te"},
              "editorial": {"zh": "编辑", "en": "Editorial", "iso": "ed"}}
DECISIONS = ("accepted", "partly-accepted", "not-accepted")
DECISION_NAMES = {"accepted": {"zh": "采纳", "en": "Accepted"},
                  "partly-accepted": {"zh": "部分采纳", "en": "Partly accepted"},
                  "not-accepted": {"zh": "不采纳", "en": "Not accepted"}}


def stage_name(stage: str, lang: str) -> str:
    return STAGE_NAMES[stage][lang]


@dataclass(frozen=True, slots=True)
class StageEntry:
    stage: str
    date: str
    commit: str | None = None
    note: Text | None = None


def stage_history(ed: Edition) -> tuple[StageEntry, ...]:
    return tuple(StageEntry(e["stage"], e["date"], e.get("commit"), Text.of(e.get("note"))) for e in ed.stages)


def next_stage(current: str | None) -> str | None:
    """The stage after ``current`` (None: not staged yet, so consultation comes first)."""
    if current is None:
        return STAGES[0]
    i = STAGES.index(current)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


@dataclass(frozen=True, slots=True)
class Disposition:
    decision: str
    reason: Text | None = None
    commit: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    stage: str
    organisation: Text
    type: str
    comment: Text
    where: Where
    node: str | None = None
    clause: str | None = None
    proposed_change: Text | None = None
    note: Text | None = None
    disposition: Disposition | None = None

    def org(self, lang: str = "zh") -> str:
        """The organisation's name in ``lang`` (or the other language): the key counts go by."""
        return self.organisation.get(lang, "en" if lang == "zh" else "zh") or ""


@dataclass(frozen=True, slots=True)
class CommentsFile:
    standard: str
    edition: str
    where: Where
    comments: tuple[Comment, ...] = ()
    notes: Text | None = None

    @property
    def ref(self) -> Ref:
        return Ref(self.standard, self.edition)


def build_comments(data: Mapping[str, Any], file: str) -> CommentsFile:
    return CommentsFile(data["standard"], data["edition"], Where(file),
                        tuple(_build_comment(c, file, ("comments", i)) for i, c in enumerate(data["comments"])),
                        Text.of(data.get("notes")))


def _build_comment(d: Mapping[str, Any], file: str, path: tuple) -> Comment:
    disp = d.get("disposition")
    return Comment(
        id=d["id"], stage=d["stage"], organisation=Text.of(d["organisation"]),  # type: ignore[arg-type]
        type=d["type"], comment=Text.of(d["comment"]), where=Where(file, path),  # type: ignore[arg-type]
        node=d.get("node"), clause=d.get("clause"), proposed_change=Text.of(d.get("proposed-change")),
        note=Text.of(d.get("note")),
        disposition=Disposition(disp["decision"], Text.of(disp.get("reason")), disp.get("commit"),
                                disp.get("date")) if disp else None)


def comments_file(root: Path, ref: Ref) -> Path:
    return Path(root) / "standards" / ref.standard / "comments" / f"{ref.edition}.yaml"


# --- where a comment's clause is now ------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a comment's node is in a later text: itself, its successors through lineage
    (a split gives several), or nowhere (withdrawn)."""

    node: str | None
    now: tuple[str, ...]
    numbers: tuple[str, ...]

    @property
    def withdrawn(self) -> bool:
        return self.node is not None and not self.now


def follow(node: str | None, ed: Edition) -> Anchor:
    """Where ``node`` is in ``ed``: the node itself, else every node of ``ed`` whose
    ``replaces`` names it (a split gives several), else withdrawn. One step: ``replaces``
    names ids of the text before, which is the text the comment was made on."""
    if node is None:
        return Anchor(None, (), ())
    by_id = {n.id: n for n in ed.walk()}
    if node in by_id:
        return Anchor(node, (node,), (by_id[node].number or "",))
    successors: dict[str, list[str]] = {}
    for n in ed.walk():
        for old in n.replaces:
            successors.setdefault(old, []).append(n.id)
    found = successors.get(node, [])
    return Anchor(node, tuple(found), tuple(by_id[s].number or "" for s in found))
