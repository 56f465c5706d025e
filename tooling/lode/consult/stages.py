"""Moving a draft to its next stage, and the gate every later step passes: no comment
may be left without a disposition (``undisposed``, which ``lode release`` calls too).

A stage records the commit whose text is issued as that stage's draft: the edition file
must be committed and unchanged when ``lode stage`` runs, and its HEAD commit is written
into ``stages:``. The comments made on that draft are later judged in exactly that text
(``validate/comments.py``), whatever the draft becomes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import LodeError
from ..core.findings import Finding
from ..edit.roundtrip import rewrite
from ..model.consult import STAGE_NAMES, CommentsFile, build_comments, comments_file, next_stage
from ..read.schemas import load_checked
from ..model.edition import Ref
from ..model.versions import edition_file, on_disk
from ..read.git import open_repo, repo_path
from ..read.loader import STANDARD_LIMITS, load_bytes, read_file
from ..core.i18n import msg


def load_comments(root: Path, ref: Ref) -> tuple[CommentsFile | None, Any]:
    """The comments file of ``ref`` (None if there is none) and its loaded document."""
    path = comments_file(root, ref)
    if not path.is_file():
        return None, None
    display = path.relative_to(root).as_posix()
    doc = load_checked(path, display, "comments", root)
    return build_comments(doc.data, display), doc


def undisposed(root: Path, ref: Ref) -> list[Finding]:
    """One ``undisposed-comment`` finding per comment of ``ref`` that has no disposition,
    at its place in the comments file; empty when every comment is answered (or none exist)."""
    cf, doc = load_comments(Path(root), ref)
    if cf is None:
        return []
    out = []
    for c in cf.comments:
        if c.disposition is None:
            line, col = doc.where(c.where.path + ("id",))
            where = f" on {c.node}" if c.node else " on the draft as a whole"
            out.append(Finding.make("undisposed-comment", msg("comment {id} ({value}, {stage} draft){where} has no disposition", id=c.id, value=c.org(), stage=c.stage, where=where), cf.where.file, line, col))
    return out


@dataclass(frozen=True)
class StageMove:
    path: Path
    display: str
    content: bytes
    stage: str
    commit: str
    source: bytes  # the bytes the change was made from (a concurrent edit is refused on write)

    def summary(self) -> str:
        return (f"{self.display}: stage {self.stage} ({STAGE_NAMES[self.stage]['zh']}), text of commit "
                f"{self.commit[:12]}")


def move(root: Path, ref: Ref, stage: str, date: str | None = None) -> StageMove:
    """The edition file of ``ref`` moved to ``stage`` (not written), or a refusal."""
    root = Path(root)
    ed = on_disk(root, ref)
    path = edition_file(root, ref)
    display = path.relative_to(root).as_posix()
    if ed.status != "draft":
        raise LodeError.of("stage-order", msg("{ref} has status {status!r}; only a draft moves through stages", ref=ref, status=ed.status),
                           display)
    expected = next_stage(ed.stage)
    if stage != expected:
        now = f"is at {ed.stage}" if ed.stage else "has no stage yet"
        nxt = f"its next stage is {expected}" if expected else "approval is the last stage (then `lode release`)"
        raise LodeError.of("stage-order", msg("{ref} {now}; {nxt}, not {stage}", ref=ref, now=now, nxt=nxt, stage=stage), display)
    if ed.stage is not None:
        left = undisposed(root, ref)
        if left:
            raise LodeError([*left, Finding.make("undisposed-comment", msg("{ref} cannot move to {stage}: {n} comment(s) without a disposition", ref=ref, stage=stage, n=len(left)), display)])
    repo = open_repo(root)
    rel = repo_path(repo, path)
    try:
        head = repo.head.commit
    except ValueError:
        raise LodeError.of("stage-uncommitted", msg("{display}: the repository has no commit yet", display=display), display) from None
    if repo.git.status("--porcelain", "--", rel):
        raise LodeError.of("stage-uncommitted", msg("{display} has changes that are not committed; the {stage} draft is the committed text", display=display, stage=stage), display)
    try:
        head.tree / rel
    except KeyError:
        raise LodeError.of("stage-uncommitted", msg("{display} is not committed", display=display), display) from None
    entry = {"stage": stage, "date": date or dt.date.today().isoformat(), "commit": head.hexsha}
    source = read_file(path, STANDARD_LIMITS, display, root)
    doc = load_bytes(source, display, STANDARD_LIMITS)

    def edit(data: Any, new_map: Any) -> None:
        _set_after(data, "stage", stage, "status")
        if "stages" in data:
            data["stages"].append(new_map(list(entry.items()), True))
        else:
            _set_after(data, "stages", [new_map(list(entry.items()), True)], "stage")

    return StageMove(path, display, rewrite(doc, source, edit), stage, head.hexsha, source)


def _set_after(data: Any, key: str, value: Any, after: str) -> None:
    if key in data or not hasattr(data, "insert"):
        data[key] = value
    else:
        data.insert(list(data).index(after) + 1, key, value)
