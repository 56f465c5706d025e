"""A review as one pull-request comment (Markdown) and as JSON.

GitHub refuses a comment over 65,536 characters. The comment is built from sections in
order of importance (summary, validation, each edition's redline, crosswalk drift,
disclosures); long sections are folded into ``<details>``, and if the whole still does
not fit, the largest redlines are replaced by a line saying what was left out and where
the full review is (the JSON form, which the workflow keeps as an artifact). Every
piece of text that comes from a file is escaped (``render.markup.escape``): a fork's
pull request writes the YAML, and the comment is posted with a write token.
"""

from __future__ import annotations

from typing import Any

from ..core.findings import Finding
from ..core.i18n import N_, msg, msgn, tr
from ..diff.result import IMPACTS
from ..render.diff import render_markdown as diff_markdown
from ..render.diff import render_text as diff_text
from ..render.diff_words import colon
from ..render.markup import escape
from ..render.report import finding_line, location, printable, to_json
from ..render.words import IMPACT, zh_reader
from .review import EditionReview, Review

# GitHub refuses a comment body over 65,536 characters ("Body is too long (maximum is
# 65536 characters)"); it counts characters, as Python's len() does (code points), so a
# Chinese character counts one, like a Latin letter. Reports that the API also stops at
# 262,144 bytes of UTF-8 change nothing here: 65,536 code points are at most that many
# bytes (four each), and the comment's Chinese takes three. post_review.py checks the same.
LIMIT = 65_536
MARKER = "<!-- lode-review -->"  # lets the posting job update its own comment instead of adding one
FOLD_AT = 4_000
_SHOWN_FINDINGS = 50
NOT_AVAILABLE = N_("disclosure checks: not available in this version")
# A finding's severity as the comment shows it (the terminal keeps the English word, which
# problem matchers parse; nothing parses a comment).
_SEVERITY = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def render_markdown(r: Review, limit: int = LIMIT) -> str:
    """The pull-request comment, in the run's language (``lode --lang``, which the review
    workflow sets), at most ``limit`` characters."""
    head = _summary(r) + _untracked_md(r)
    sections = [_validation(r), *(_edition(e) for e in r.editions), _drift(r), _disclosures(r)]
    folded: list[str] = []
    # the largest edition sections go first; the summary, validation and disclosures stay
    order = sorted(range(1, 1 + len(r.editions)), key=lambda i: -len(sections[i]))
    while len(_join(head, sections, folded)) > limit and order:
        i = order.pop(0)
        folded.append(r.editions[i - 1].ref)
        size = format(len(sections[i]), ",")
        sections[i] = (f"### {escape(r.editions[i - 1].ref)}\n\n"
                       + tr(msg("*Folded: this redline is {size} characters, too long for one comment; it is in the "
                                "JSON form of the review (`lode review --format json`, kept by the workflow as an "
                                "artifact).*", size=size)) + "\n")
    text = _join(head, sections, folded)
    if len(text) > limit:  # even the summary and findings are too long: cut at a line
        cut = text.rfind("\n", 0, limit - 200)
        text = text[:cut] + "\n\n" + tr(msg("*The rest of this review was cut to fit one comment; see the JSON form.*")) \
            + "\n"
    return text


def _list(items: list[str]) -> str:
    """Names in a row: ``a, b`` / a、b (the Chinese enumeration comma)."""
    return ("、" if zh_reader() else ", ").join(items)


def _join(head: str, sections: list[str], folded: list[str]) -> str:
    note = [tr(msg("> **Folded to fit one comment:** {refs}.", refs=_list([escape(f) for f in folded]))) + "\n"] \
        if folded else []
    return "\n".join([MARKER, head, *note, *[s for s in sections if s]])


def _status(e: EditionReview) -> str:
    """What the change did to an edition file, in the reader's words."""
    return _ZH_STATUS.get(e.status, e.status) if zh_reader() else e.status


def _ref_status(e: EditionReview) -> str:
    """``ref (added)`` / ref（新增）."""
    return f"{escape(e.ref)}（{_status(e)}）" if zh_reader() else f"{escape(e.ref)} ({e.status})"


def _summary(r: Review) -> str:
    c = r.head_report.counts()
    editions = _list([_ref_status(e) for e in r.editions]) or tr(msg("none"))
    errors = msgn("{n} error", "{n} errors", c["error"])
    warnings = msgn("{n} warning", "{n} warnings", c["warning"])
    new = msg("{errors}, {warnings} ({n} new in this change)", errors=errors, warnings=warnings, n=len(r.new_findings))
    suspect = msg("{suspect} (of {n} drift findings)", suspect=sum(f.code == "crosswalk-suspect" for f in r.drift),
                  n=len(r.drift))
    rows = ((msg("files changed"), str(len(r.changed))), (msg("validation at head"), tr(new)),
            (msg("editions changed"), editions), (msg("impact"), _impacts(r)),
            (msg("crosswalk rows that went suspect"), tr(suspect)), (msg("disclosures that would flip"), _flip_count(r)))
    title = tr(msg("Lode review: {head} against {base}", head=escape(tr(r.head)), base=escape(tr(r.base))))
    return "\n".join([f"## {title}", "", "| | |", "| --- | --- |", *(f"| {tr(k)} | {v} |" for k, v in rows), ""])


def _untracked_md(r: Review) -> str:
    if not r.untracked:
        return ""
    files = _list([escape(p) for p in r.untracked])
    return "\n" + tr(msg("> **Not tracked by git:** {files}. Reviewed here from the work tree, but in no commit: "
                         "`git add` it before you commit.", files=files)) + "\n"


def _impact_counts(impacts: dict[str, int]) -> str:
    """``1 editorial, 2 technical`` / 编辑性改动 1，技术性变化 2 (the impacts with a node),
    the words of ``render/words.py``."""
    if zh_reader():
        text = "，".join(f"{IMPACT[k]['zh']} {v}" for k, v in impacts.items() if v)
    else:
        text = ", ".join(f"{v} {k}" for k, v in impacts.items() if v)
    return text or tr(msg("no node changed"))


def _impacts(r: Review) -> str:
    """The impacts of every edition in the change."""
    total = dict.fromkeys(IMPACTS, 0)
    for e in r.editions:
        if e.diff:
            for k, v in e.diff.impacts().items():
                total[k] += v
    return _impact_counts(total)


def _flip_count(r: Review) -> str:
    return tr(msg("not available in this version")) if r.disclosures is None else str(len(r.disclosures))


def _finding(f: Finding) -> str:
    hint = tr(msg(" *(hint: {hint})*", hint=escape(tr(f.hint)))) if f.hint else ""
    severity = tr(_SEVERITY.get(f.severity.value, f.severity.value))
    return (f"- `{severity}` **{escape(f.code)}** {escape(location(f))}{colon()}{escape(tr(f.message))}{hint}")


def _validation(r: Review) -> str:
    title = "### " + tr(msg("Validation"))  # (no message inside an f-string: `make i18n` would miss it)
    if not r.new_findings:
        return f"{title}\n\n" + tr(msg("No new findings.")) + "\n"
    shown = r.new_findings[:_SHOWN_FINDINGS]
    body = [_finding(f) for f in shown]
    if len(r.new_findings) > len(shown):
        body.append(tr(msg("- *… and {n} more (see the JSON form)*", n=len(r.new_findings) - len(shown))))
    return _fold(title, tr(msgn("{n} new finding", "{n} new findings", len(r.new_findings))), body)


def _edition(e: EditionReview) -> str:
    title = f"### {_ref_status(e)}"
    if e.error:
        return "\n".join([title, "", tr(msg("Not diffed: the edition does not validate at head.")), ""])
    if e.diff is None:
        what = (msg("Withdrawn from the repository.") if e.status == "removed"
                else msg("A new edition with no edition before it."))
        return "\n".join([title, "", tr(what), ""])
    body = diff_markdown(e.diff, heading=4)
    out = [title, "", tr(msg("Compared with {edition}; impact: **{impact}**.", edition=escape(tr(e.compared_with or "")),
                             impact=_impact_counts(e.diff.impacts()))), ""]
    if len(body) > FOLD_AT:
        out += ["<details><summary>" + tr(msg("Redline")) + "</summary>", "", body, "", "</details>", ""]
    else:
        out += [body]
    return "\n".join(out)


def _drift(r: Review) -> str:
    if not r.drift:
        return ""
    return _fold("### " + tr(msg("Crosswalk rows to review again")), tr(msgn("{n} row", "{n} rows", len(r.drift))),
                 [_finding(f) for f in r.drift])


def _disclosures(r: Review) -> str:
    if r.disclosures is None:
        return "### " + tr(msg("Disclosures")) + f"\n\n{tr(NOT_AVAILABLE)}{'。' if zh_reader() else '.'}\n"
    if not r.disclosures:
        return "### " + tr(msg("Disclosures")) + "\n\n" + tr(msg("No example disclosure flips from pass to fail.")) + "\n"
    rows = ["- " + tr(msg("{file}: passes at base, fails at head", file=escape(d["disclosure"]))) for d in r.disclosures]
    return _fold("### " + tr(msg("Disclosures that would flip from pass to fail")),
                 tr(msgn("{n} disclosure", "{n} disclosures", len(rows))), rows)


def _fold(title: str, summary: str, body: list[str]) -> str:
    text = "\n".join(body)
    if len(text) > FOLD_AT:
        return "\n".join([title, "", f"<details><summary>{summary}</summary>", "", text, "", "</details>", ""])
    return "\n".join([title, "", text, ""])


# What the change did to an edition file (EditionReview.status), for a Chinese reader.
_ZH_STATUS = {"added": "新增", "changed": "有改动", "removed": "已删除"}


def render_text(r: Review) -> str:
    """The review for a terminal, in the run's language: the same content as the comment,
    as plain lines (no Markdown, no HTML entities; text from files is printed through the
    findings' terminal-safe ``finding_line``)."""
    c = r.head_report.counts()
    status = (lambda s: _ZH_STATUS.get(s, s)) if zh_reader() else str
    editions = tr(msg(", ")).join(f"{e.ref} ({status(e.status)})" for e in r.editions) or tr(msg("none"))
    flips = tr(msg("not available in this version")) if r.disclosures is None else str(len(r.disclosures))
    lines = [tr(msg("Lode review: {head} against {base}", head=r.head, base=r.base))]
    for p in r.untracked:
        lines.append(tr(msg("warning: {path} is not tracked by git: reviewed from the work tree, but in no commit "
                            "(git add it)", path=p)))
    lines += [tr(msg("files changed: {n}", n=len(r.changed))),
              tr(msg("validation at head: {errors}, {warnings} ({n} new in this change)",
                     errors=msgn("{n} error", "{n} errors", c["error"]),
                     warnings=msgn("{n} warning", "{n} warnings", c["warning"]), n=len(r.new_findings))),
              tr(msg("editions changed: {editions}", editions=editions)),
              tr(msg("impact: {impacts}", impacts=_impacts(r))),
              tr(msg("crosswalk rows to review again: {n}", n=len(r.drift))),
              tr(msg("disclosures that would flip: {n}", n=flips))]
    for f in r.new_findings + r.drift:
        lines.append(finding_line(f))
    for e in r.editions:
        lines.append("")
        if e.diff is not None:
            lines.append(diff_text(e.diff).rstrip("\n"))
        elif e.error:
            lines.append(tr(msg("{ref} ({status}): not diffed, the edition does not validate at head",
                                ref=e.ref, status=status(e.status))))
        else:
            lines.append(tr(msg("{ref} ({status}): nothing to compare it with", ref=e.ref, status=status(e.status))))
    for d in r.disclosures or []:
        lines.append(tr(msg("{file}: passes at base, fails at head", file=d["disclosure"])))
    # text from files may hold control characters: each line shown through ``printable``
    return "\n".join(printable(part) for line in lines for part in line.split("\n")) + "\n"


def render_json(r: Review) -> str:
    doc: dict[str, Any] = {
        "lode-review": 1,
        "base": r.base, "head": r.head,
        "changed": [{"path": p, "status": s} for p, s in r.changed],
        "validation": {"counts": r.head_report.counts(), "new": [f.to_dict() for f in r.new_findings]},
        "editions": [{"ref": e.ref, "status": e.status, "compared-with": e.compared_with,
                      "diff": e.diff.to_dict() if e.diff else None,
                      "errors": [f.to_dict() for f in e.error]} for e in r.editions],
        "crosswalk-drift": [f.to_dict() for f in r.drift],
        "disclosures": {"available": r.disclosures is not None, "flips": r.disclosures or []},
        "untracked": r.untracked,
    }
    return to_json(doc)
