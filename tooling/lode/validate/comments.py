"""Checks of a draft's stages and of the comments made on them (issue 15).

A comments file (``standards/<id>/comments/<edition>.yaml``) is loaded and schema-checked
per file like every other file; its checks are cross-file (scope ``comments``), because an
anchor is judged in the text of the comment's *stage*, read from git at the commit the
edition's stage history records (``read/git.py`` through ``model/versions.py``), and the
comment's clause today through the current text's lineage. Comments files are not put in
the per-file cache: their checks read git on every run anyway, and there is one per draft.

Without git history (a tarball, a shallow clone) a stage's text cannot be read: the
anchors are then judged in the current text (through lineage) and an info finding says so,
so a site built from an export still builds; a commit that a full repository does not have
is an error.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..core.codes import Severity
from ..core.errors import LoadError, LodeError
from ..core.findings import Finding
from ..model.consult import STAGES, CommentsFile, StageEntry, build_comments, follow, stage_history
from ..model.edition import Edition, Ref, Where, build_edition
from ..read.schemas import load_checked
from ..model.versions import edition_at, on_disk
from ..read import schemas
from ..read.loader import STANDARD_LIMITS, load_bytes
from .facts import Locate
from .registry import check, code
from ..core.i18n import msg


@dataclass
class CommentsFacts:
    """A loaded comments file and where its parts are."""

    cf: CommentsFile
    locate: Locate
    folder: str  # standards/<folder>/comments/<name>.yaml
    name: str
    data: Any = None  # the file's data, handed on to the site build (validate's ``parsed``)


def load_comments(content: bytes, display: str) -> tuple[list[Finding], CommentsFacts | None]:
    """The per-file part: load, schema, model (no git)."""
    try:
        doc = load_bytes(content, display, STANDARD_LIMITS)
    except LoadError as e:
        return [e.finding], None
    findings = doc.findings + schemas.check(doc, "comments")
    if any(f.severity is Severity.ERROR for f in findings):
        return findings, None
    parts = display.split("/")

    def locate(where: Where, sub: tuple, key: bool) -> tuple[int, int]:
        return doc.where(where.path + tuple(sub), key=key)

    return findings, CommentsFacts(build_comments(doc.data, display), locate, parts[1], parts[-1][: -len(".yaml")],
                                   doc.data)


class StageTexts:
    """The texts comments are judged in: each stage's text from git, the current one from
    disk. Each is read once per run."""

    def __init__(self, root: Path, parsed: dict[str, Any] | None = None) -> None:
        self.root = Path(root)
        # Editions this run already parsed (validate's ``parsed``), and whether to add to them.
        self._parsed, self._keep = (parsed, True) if parsed is not None else ({}, False)
        self._repo: Any = None
        self._no_git: str | None = None
        self._memo: dict[tuple[str, str, str | None], Edition | str] = {}

    def _git(self) -> Any:
        if self._repo is None and self._no_git is None:
            try:
                from ..read.git import open_repo

                self._repo = open_repo(self.root)
                if Path(self._repo.git_dir, "shallow").exists():
                    self._no_git = "this clone is shallow"
            except LodeError:
                self._no_git = "the repository is not a git work tree"
        return None if self._no_git else self._repo

    @property
    def unavailable(self) -> str | None:
        """Why stage texts cannot be read from git, or None."""
        self._git()
        return self._no_git

    def current(self, ref: Ref) -> Edition | str:
        """The edition in the work tree, or why it cannot be used."""
        key = (ref.standard, ref.edition, None)
        if key not in self._memo:
            display = f"standards/{ref.standard}/{ref.edition}.yaml"
            try:
                data = self._parsed.get(display)
                if data is None and self._keep and (self.root / display).is_file():
                    # Handed on too: the site's model then reads the draft from here.
                    data = self._parsed[display] = load_checked(self.root / display, display, "edition", self.root).data
                self._memo[key] = build_edition(data, display) if data is not None else on_disk(self.root, ref)
            except LodeError as e:
                self._memo[key] = e.finding.message
        return self._memo[key]

    def at(self, ref: Ref, commit: str) -> Edition | str:
        """The edition as committed at ``commit``, or why not."""
        key = (ref.standard, ref.edition, commit)
        if key not in self._memo:
            repo = self._git()
            try:
                self._memo[key] = edition_at(repo, self.root, ref, commit) if repo else (self._no_git or "")
            except LodeError as e:
                self._memo[key] = e.finding.message
        return self._memo[key]

    def has_commit(self, commit: str) -> bool | None:
        """Whether the repository has ``commit`` (None: cannot tell without git)."""
        repo = self._git()
        if repo is None:
            return None
        try:
            return repo.commit(commit).type == "commit"
        except Exception:  # noqa: BLE001 - gitdb/gitpython raise several kinds for an unknown object
            return False


@dataclass
class Judged:
    """What a comments file's checks share: the draft, and each stage's text (or why not)."""

    current: Edition
    history: dict[str, StageEntry]
    texts: dict[str, Edition | str] = field(default_factory=dict)


def _f(facts: CommentsFacts, code_: str, where: Where, sub: tuple, message: str, **kw: Any) -> Finding:
    line, col = facts.locate(where, sub, False)
    return Finding.make(code_, message, facts.cf.where.file, line, col, **kw)


# --- within an edition: the stage history ---------------------------------------------

@check("edition", code("stage-history", "error", "the stage history of a draft is inconsistent",
                       "list each stage once, in the order consultation → review → approval, with dates that do "
                       "not go back; `stage:` is the last entry's stage (`lode stage` keeps them in step)"))
def stage_order(ed: Edition, locate: Locate) -> Iterator[Finding]:
    history = stage_history(ed)
    if not history:
        return
    f = ed.where.file
    for i, e in enumerate(history):
        if i and STAGES.index(e.stage) != STAGES.index(history[i - 1].stage) + 1:
            yield Finding.make("stage-history", msg("stage {value} is {stage!r} after {stage2!r}; stages go {items}", value=i + 1, stage=e.stage, stage2=history[i - 1].stage, items=' → '.join(STAGES)), f, *locate(ed.where, ("stages", i, "stage"), False))
        elif i == 0 and e.stage != STAGES[0]:
            yield Finding.make("stage-history", msg("the first stage is {stage!r}; a draft starts with consultation", stage=e.stage), f, *locate(ed.where, ("stages", 0, "stage"), False))
        if i and e.date < history[i - 1].date:
            yield Finding.make("stage-history", msg("{stage} is dated {date}, before {stage2} ({date2})", stage=e.stage, date=e.date, stage2=history[i - 1].stage, date2=history[i - 1].date), f, *locate(ed.where, ("stages", i, "date"), False))
    if ed.stage is not None and ed.stage != history[-1].stage:
        yield Finding.make("stage-history", msg("stage is {stage!r} but the last entry of stages is {stage2!r}", stage=ed.stage, stage2=history[-1].stage), f, *locate(ed.where, ("stage",), False))


# --- the comments of a draft ------------------------------------------------------------

@check("comments",
       code("comments-edition", "error", "a comments file does not belong to a staged draft",
            "standards/<id>/comments/<edition>.yaml says `standard: <id>` and `edition: <edition>`, and that "
            "edition is a draft with a stage history (`lode stage STD@ED consultation`)"),
       code("comment-duplicate", "error", "comment id used twice in one comments file",
            "every comment needs its own id; ids are never reused"))
def comments_identity(facts: CommentsFacts, texts: StageTexts, judged: Judged | None) -> Iterator[Finding]:
    cf = facts.cf
    top = Where(cf.where.file)
    if cf.standard != facts.folder:
        yield _f(facts, "comments-edition", top, ("standard",),
                 msg("comments say standard {standard!r} but are in standards/{folder}/", standard=cf.standard, folder=facts.folder))
    if cf.edition != facts.name:
        yield _f(facts, "comments-edition", top, ("edition",),
                 msg("comments say edition {edition!r} but the file is {name}.yaml", edition=cf.edition, name=facts.name))
    seen: dict[str, int] = {}
    for i, c in enumerate(cf.comments):
        if c.id in seen:
            yield _f(facts, "comment-duplicate", c.where, ("id",),
                     msg("comment id {id!r} is also comment {value} of this file", id=c.id, value=seen[c.id] + 1))
        seen.setdefault(c.id, i)
    if cf.standard != facts.folder or cf.edition != facts.name:
        return
    current = texts.current(cf.ref)
    if isinstance(current, str):
        yield _f(facts, "comments-edition", top, ("edition",), msg("{ref}: {current}", ref=cf.ref, current=current))
    elif not current.stages:
        yield _f(facts, "comments-edition", top, ("edition",),
                 msg("{ref} has no stage history, so its comments cannot be anchored", ref=cf.ref))


@check("comments",
       code("comment-stage", "error", "comment made on a stage the draft has not reached",
            "a comment's `stage` is one of the stages listed in the edition's `stages:`"),
       code("stage-commit-unknown", "error", "the commit recorded for a stage, or for a disposition, is not in "
            "the repository (or has no such edition)",
            "record the commit whose text was issued (`git log --oneline -- standards/<id>/<edition>.yaml`); a "
            "rebased or squashed branch changes commit ids"),
       code("stage-text-unavailable", "info", "a stage's text cannot be read from git; anchors were judged in "
            "the current text", "run in a full git clone to judge each comment in the text it was made on"),
       code("comment-anchor", "error", "a comment's node is not in the text of the stage it was made on",
            "name the node by its id in that stage's text (the site shows ids as anchors); `clause:` keeps the "
            "number the commenter wrote"),
       code("comment-withdrawn", "warning", "an undisposed comment is on a clause the current draft withdrew",
            "dispose of it (e.g. accepted: the clause was deleted), or record the successor's `replaces:`"))
def anchors(facts: CommentsFacts, texts: StageTexts, judged: Judged | None) -> Iterator[Finding]:
    if judged is None:
        return
    cf = facts.cf
    for c in cf.comments:
        entry = judged.history.get(c.stage)
        if entry is None:
            yield _f(facts, "comment-stage", c.where, ("stage",),
                     msg("comment {id} is on the {stage} draft, but {ref} has stages {value}", id=c.id, stage=c.stage, ref=cf.ref, value=', '.join(judged.history) or 'none'))
            continue
        text = judged.texts.get(c.stage)
        if c.node is None:
            continue
        base = text if isinstance(text, Edition) else judged.current
        anchor = follow(c.node, base)
        if not anchor.now:
            ids = [n.id for n in base.walk()]
            close = difflib.get_close_matches(c.node, ids, n=1)
            where = (f"the {c.stage} draft ({entry.commit[:12]})" if isinstance(text, Edition) and entry.commit
                     else f"the current text of {cf.ref}")
            yield _f(facts, "comment-anchor", c.where, ("node",),
                     f"comment {c.id}: {where} has no node {c.node!r}"
                     + (f"; did you mean {close[0]!r}?" if close else ""))
            continue
        if c.disposition is None and follow(c.node, judged.current).withdrawn:
            yield _f(facts, "comment-withdrawn", c.where, ("node",),
                     msg("comment {id} is on {node!r}, which the current draft withdrew; it has no disposition", id=c.id, node=c.node))


@check("comments")
def disposition_commits(facts: CommentsFacts, texts: StageTexts, judged: Judged | None) -> Iterator[Finding]:
    if judged is None:
        return
    for c in facts.cf.comments:
        d = c.disposition
        if d is not None and d.commit and texts.has_commit(d.commit) is False:
            yield _f(facts, "stage-commit-unknown", c.where, ("disposition", "commit"),
                     msg("comment {id}: the repository has no commit {value}", id=c.id, value=d.commit[:12]))


def judge(facts: CommentsFacts, texts: StageTexts) -> tuple[Judged | None, list[Finding]]:
    """The draft and each stage's text, with the findings about reading them."""
    current = texts.current(facts.cf.ref)
    if isinstance(current, str) or not current.stages:
        return None, []
    judged = Judged(current, {e.stage: e for e in stage_history(current)})
    out: list[Finding] = []
    used = {c.stage for c in facts.cf.comments}
    first = {c.stage: c for c in reversed(facts.cf.comments)}
    for stage, entry in judged.history.items():
        if stage not in used:
            continue
        where = first[stage].where
        if entry.commit is None:
            judged.texts[stage] = "no commit recorded"
            continue
        text = texts.at(facts.cf.ref, entry.commit)
        judged.texts[stage] = text
        if isinstance(text, str):
            if texts.unavailable:
                out.append(_f(facts, "stage-text-unavailable", where, ("stage",),
                              msg("the {stage} draft of {ref} cannot be read ({unavailable}); its comments were checked against the current text", stage=stage, ref=facts.cf.ref, unavailable=texts.unavailable)))
            else:
                out.append(_f(facts, "stage-commit-unknown", where, ("stage",),
                              msg("the {stage} draft of {ref} is recorded at {value}: {text}", stage=stage, ref=facts.cf.ref, value=entry.commit[:12], text=text)))
    return judged, out


def check_comments(root: Path, files: list[CommentsFacts], parsed: dict[str, Any] | None = None) -> list[Finding]:
    """Every comments check of every comments file (scope ``comments``); ``parsed``: the
    data of editions already parsed in this run, not read again."""
    from . import registry

    texts = StageTexts(root, parsed)
    out: list[Finding] = []
    for facts in files:
        judged, found = (None, []) if facts.cf.standard != facts.folder or facts.cf.edition != facts.name \
            else judge(facts, texts)
        out += found
        out += registry.run("comments", facts, texts, judged)
    return out

