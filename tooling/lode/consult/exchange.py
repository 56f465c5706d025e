"""Comment forms in and out of ``standards/<id>/comments/<edition>.yaml``.

Import: each row's clause is resolved to a node id through the numbers of the stage's
text (read from git at the stage's commit; the work tree only for a stage without one). A
clause that names no node, or several, is reported at its cell and nothing is written:
never guessed. A row whose 序号 is the id of a comment already in the file carries that
comment's disposition (the drafting group filled in the exported table); any other row is a
new comment, numbered after the last. A row equal to a comment already there is skipped.

Export: every comment with the number its node has *now* (through lineage; a withdrawn
clause says so), its decision and reason, in either layout and language.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import LoadError, LodeError
from ..core.findings import Finding
from ..edit.fmt import modeline
from ..edit.roundtrip import rewrite
from ..model.consult import STAGE_NAMES, TYPE_NAMES, Comment, CommentsFile, comments_file, follow, stage_history
from ..model.edition import Edition, Ref
from ..model.versions import edition_at, on_disk
from ..read.git import open_repo
from ..read.loader import STANDARD_LIMITS, load_bytes, read_file
from .forms import VALUE_HINT, Form, comment_type, decision_text, disposition, norm
from .stages import load_comments
from ..core.i18n import msg

WHOLE = {norm(w) for w in ("总体", "全文", "整体", "通用", "General", "Whole document", "all", "—", "-")}
_CJK = re.compile(r"[\u3400-\u9fff]")


def stage_text(root: Path, ref: Ref, stage: str) -> Edition:
    """The draft as it was issued at ``stage`` (from git at the stage's commit)."""
    current = on_disk(root, ref)
    entry = {e.stage: e for e in stage_history(current)}.get(stage)
    if entry is None:
        raise LodeError.of("stage-order", msg("{ref} has not reached the {stage} stage (stages: {value})", ref=ref, stage=stage, value=', '.join(e.stage for e in stage_history(current)) or 'none'), str(ref))
    if entry.commit is None:
        return current
    return edition_at(open_repo(root), root, ref, entry.commit)


def _lang(text: str, fallback: str) -> str:
    return "zh" if _CJK.search(text) else ("en" if text.isascii() else fallback)


def _loc(text: str | None, fallback: str) -> dict[str, str] | None:
    return {_lang(text, fallback): text} if text else None


@dataclass
class Imported:
    content: bytes
    source: bytes | None  # the file's bytes the import was made from (None: a new file)
    added: list[str] = field(default_factory=list)
    disposed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.disposed)


def resolve_clause(text: str, ed: Edition, stage: str = "current") -> tuple[str | None, str | None]:
    """(node id or None for the whole draft, problem or None)."""
    key = norm(text)
    if not key or key in WHOLE:
        return None, None
    by_number: dict[str, list[str]] = {}
    for n in ed.walk():
        if n.number:
            by_number.setdefault(norm(n.number), []).append(n.id)
    ids = {n.id for n in ed.walk()}
    hits = by_number.get(key, [])
    if len(hits) == 1:
        return hits[0], None
    if text.strip() in ids:
        return text.strip(), None
    if len(hits) > 1:
        return None, f"{text!r} is the number of {len(hits)} nodes ({', '.join(hits)})"
    close = difflib.get_close_matches(text.strip(), [n.number for n in ed.walk() if n.number], n=1)
    return None, (f"{text!r} is not a clause number or node id of the {stage} draft"
                  + (f"; did you mean {close[0]!r}?" if close else ""))


def plan(form: Form, display: str, cf: CommentsFile | None, ref: Ref, stage: str, text: Edition,
         organisation: str | None, default_type: str | None) -> tuple[list[dict[str, Any]], dict[str, dict],
                                                                   list[str], list[Finding]]:
    """(new comments, dispositions by existing id, skipped ids, findings) from a form."""
    existing = {c.id: c for c in cf.comments} if cf else {}
    # A comment already in the file, in either language (an exported table read back): any
    # stage, since the ISO layout carries no comment id and the table shows today's numbers.
    seen = {(o, c.node, t) for c in existing.values() for o in c.organisation.by_lang.values()
            for t in c.comment.by_lang.values()}
    numbers = [int(m[1]) for c in existing for m in [re.fullmatch(r"c-(\d+)", c)] if m]
    counter = max(numbers, default=0)
    new: list[dict[str, Any]] = []
    disposals: dict[str, dict] = {}
    skipped: list[str] = []
    findings: list[Finding] = []

    def bad(row: Any, f: str, code: str, message: str) -> None:
        findings.append(Finding.make(code, msg("{value}: {message}", value=row.cells.get(f, ''), message=message), display, row.line,
                                     row.cols.get(f, 1), hint=VALUE_HINT if code == "sheet-value" else None))

    for row in form.rows:
        v = row.values
        decided = None
        if "disposition" in v:
            decided = disposition(v["disposition"])
            if decided is None:
                bad(row, "disposition", "sheet-value", msg("{value!r} does not begin with 采纳 / 部分采纳 / 不采纳 (Accepted / Partly accepted / Not accepted)", value=v['disposition'][:40]))
            elif decided[0] != "accepted" and not decided[1]:
                bad(row, "disposition", "sheet-value", msg("a partly accepted or not accepted comment needs a reason after the decision (不采纳：理由)"))
                decided = None
        if v.get("id") in existing:
            if decided and not _same(existing[v["id"]], decided):
                disposals[v["id"]] = {"decision": decided[0],
                                      **({"reason": _loc(decided[1], form.lang)} if decided[1] else {})}
            continue
        node, problem = resolve_clause(v.get("clause", ""), text, stage)
        if problem:
            bad(row, "clause", "sheet-clause", problem)
        org = v.get("organisation") or organisation
        if not org:
            bad(row, "organisation", "sheet-value", msg("no organisation (提出单位); fill it in or pass --organisation"))
        type_ = comment_type(v["type"]) if "type" in v else default_type
        if type_ is None:
            bad(row, "type", "sheet-value", (f"{v['type']!r} is not a comment type (ge / te / ed, 总体 / 技术 / 编辑)"
                                             if "type" in v else "no comment type; add a type column or pass --type"))
        if "comment" not in v:
            bad(row, "comment", "sheet-value", msg("the comment is empty"))
        if problem or not org or type_ is None or "comment" not in v:
            continue
        key = (org, node, v["comment"])
        if key in seen:
            skipped.append(f"row {row.line}")
            continue
        seen.add(key)
        counter += 1
        c: dict[str, Any] = {"id": f"c-{counter:03d}", "stage": stage, "organisation": _loc(org, form.lang)}
        if node:
            c["node"] = node
        if v.get("clause"):
            c["clause"] = v["clause"]
        c["type"] = type_
        c["comment"] = _loc(v["comment"], form.lang)
        if v.get("proposed"):
            c["proposed-change"] = _loc(v["proposed"], form.lang)
        if v.get("note"):
            c["note"] = _loc(v["note"], form.lang)
        if decided:
            c["disposition"] = {"decision": decided[0],
                                **({"reason": _loc(decided[1], form.lang)} if decided[1] else {})}
        new.append(c)
    return new, disposals, skipped, findings


def _same(c: Comment, decided: tuple[str, str]) -> bool:
    """Whether the row says what the comment's disposition already says (in either language)."""
    d = c.disposition
    if d is None or d.decision != decided[0]:
        return False
    return not decided[1] or (d.reason is not None and decided[1] in d.reason.by_lang.values())


def import_form(root: Path, ref: Ref, form: Form, display: str, stage: str, organisation: str | None = None,
                default_type: str | None = None) -> tuple[Path, str, Imported]:
    """The comments file of ``ref`` with the form's rows applied (not written)."""
    root = Path(root)
    text = stage_text(root, ref, stage)
    cf, doc = load_comments(root, ref)
    new, disposals, skipped, findings = plan(form, display, cf, ref, stage, text, organisation, default_type)
    if findings:
        raise LoadError(findings)
    path = comments_file(root, ref)
    target = path.relative_to(root).as_posix()
    existing = None
    if doc is None:
        source = (f"{modeline(target, 'comments')}\n"
                  f"# Comments on the drafts of {ref} and their disposition (lode comments import).\n"
                  f"standard: {ref.standard}\nedition: \"{ref.edition}\"\ncomments: []\n").encode("utf-8")
        doc = load_bytes(source, target, STANDARD_LIMITS)
    else:
        source = existing = read_file(path, STANDARD_LIMITS, target, root)
        doc = load_bytes(source, target, STANDARD_LIMITS)

    def edit(data: Any, new_map: Any) -> None:
        for c in data["comments"]:
            if c["id"] in disposals:
                new_d = dict(disposals[c["id"]])
                old_d = c.get("disposition") or {}
                if old_d.get("decision") == new_d["decision"]:  # same decision, new reason: keep its record
                    new_d.update({k: old_d[k] for k in ("commit", "date") if k in old_d})
                c["disposition"] = _mapped(new_d, new_map)
        for c in new:
            data["comments"].append(_mapped(c, new_map))

    result = Imported(rewrite(doc, source, edit), existing, [c["id"] for c in new], sorted(disposals), skipped)
    return path, target, result


def _mapped(value: Any, new_map: Any) -> Any:
    if isinstance(value, dict):
        return new_map([(k, _mapped(v, new_map)) for k, v in value.items()], False)
    return value


# --- export ------------------------------------------------------------------------

def export_rows(cf: CommentsFile, current: Edition, layout: str, lang: str, stage: str | None = None
                ) -> list[dict[str, str]]:
    """One row per comment (of ``stage``, or all), numbered as the draft is numbered now."""
    other = "en" if lang == "zh" else "zh"
    rows = []
    for c in cf.comments:
        if stage and c.stage != stage:
            continue
        rows.append(_row(c, current, layout, lang, other))
    return rows


def _row(c: Comment, current: Edition, layout: str, lang: str, other: str) -> dict[str, str]:
    a = follow(c.node, current)
    whole = "总体" if lang == "zh" else "General"
    if c.node is None:
        clause = whole
    elif a.withdrawn:
        clause = (f"（已删除）{c.clause or c.node}" if lang == "zh" else f"(withdrawn) {c.clause or c.node}")
    else:
        clause = "、".join(n for n in a.numbers if n) if lang == "zh" else ", ".join(n for n in a.numbers if n)
        clause = clause or c.node
    notes = []
    if c.clause and not a.withdrawn and c.node is not None and norm(c.clause) not in {norm(n) for n in a.numbers}:
        st = STAGE_NAMES[c.stage][lang]
        notes.append(f"{st}中为 {c.clause}" if lang == "zh" else f"{c.clause} in the {st.lower()}")
    if c.note:
        notes.append(c.note.get(lang, other) or "")
    d = c.disposition
    disp = decision_text(d.decision, d.reason.get(lang, other) if d.reason else None, lang) if d else ""
    if d and d.commit:  # in the remarks: 处理意见 reads back as the decision and its reason only
        notes.append(f"修改见提交 {d.commit[:12]}" if lang == "zh" else f"applied in commit {d.commit[:12]}")
    return {"id": c.id, "line": "", "clause": clause, "paragraph": "", "type": TYPE_NAMES[c.type]["iso"]
            if layout == "iso" else TYPE_NAMES[c.type][lang], "comment": c.comment.get(lang, other) or "",
            "proposed": c.proposed_change.get(lang, other) or "" if c.proposed_change else "",
            "organisation": c.org(lang), "disposition": disp, "note": "；".join(notes) if lang == "zh"
            else "; ".join(notes)}
