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
from ..core.i18n import msg, msgn, tr
from ..diff.result import IMPACTS
from ..render.diff import render_markdown as diff_markdown
from ..render.diff import render_text as diff_text
from ..render.markup import escape
from ..render.report import finding_line, location, printable, to_json
from ..render.words import IMPACT, zh_reader
from .review import EditionReview, Review

LIMIT = 65_536
MARKER = "<!-- lode-review -->"  # lets the posting job update its own comment instead of adding one
FOLD_AT = 4_000
_SHOWN_FINDINGS = 50
NOT_AVAILABLE = "disclosure checks: not available in this version"


def render_markdown(r: Review, limit: int = LIMIT) -> str:
    head = _summary(r) + _untracked_md(r)
    sections = [_validation(r), *(_edition(e) for e in r.editions), _drift(r), _disclosures(r)]
    folded: list[str] = []
    # the largest edition sections go first; the summary, validation and disclosures stay
    order = sorted(range(1, 1 + len(r.editions)), key=lambda i: -len(sections[i]))
    while len(_join(head, sections, folded)) > limit and order:
        i = order.pop(0)
        folded.append(r.editions[i - 1].ref)
        sections[i] = (f"### {escape(r.editions[i - 1].ref)}\n\n*Folded: this redline is "
                       f"{len(sections[i]):,} characters, too long for one comment; it is in the JSON form of the "
                       f"review (`lode review --format json`, kept by the workflow as an artifact).*\n")
    text = _join(head, sections, folded)
    if len(text) > limit:  # even the summary and findings are too long: cut at a line
        cut = text.rfind("\n", 0, limit - 200)
        text = text[:cut] + "\n\n*The rest of this review was cut to fit one comment; see the JSON form.*\n"
    return text


def _join(head: str, sections: list[str], folded: list[str]) -> str:
    note = [f"> **Folded to fit one comment:** {', '.join(escape(f) for f in folded)}.\n"] if folded else []
    return "\n".join([MARKER, head, *note, *[s for s in sections if s]])


def _summary(r: Review) -> str:
    c = r.head_report.counts()
    editions = ", ".join(f"{escape(e.ref)} ({e.status})" for e in r.editions) or "none"
    impacts = _impacts(r)
    lines = [f"## Lode review: {escape(r.head)} against {escape(r.base)}", "",
             "| | |", "| --- | --- |",
             f"| files changed | {len(r.changed)} |",
             f"| validation at head | {_n(c['error'], 'error')}, {_n(c['warning'], 'warning')} "
             f"({len(r.new_findings)} new in this change) |",
             f"| editions changed | {editions} |",
             f"| impact | {impacts} |",
             f"| crosswalk rows that went suspect | {sum(f.code == 'crosswalk-suspect' for f in r.drift)} "
             f"(of {len(r.drift)} drift findings) |",
             f"| disclosures that would flip | {_flip_count(r)} |", ""]
    return "\n".join(lines)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _untracked_md(r: Review) -> str:
    if not r.untracked:
        return ""
    files = ", ".join(escape(p) for p in r.untracked)
    return (f"\n> **Not tracked by git:** {files}. Reviewed here from the work tree, but in no commit: "
            "`git add` it before you commit.\n")


def _impacts(r: Review) -> str:
    total = dict.fromkeys(IMPACTS, 0)
    for e in r.editions:
        if e.diff:
            for k, v in e.diff.impacts().items():
                total[k] += v
    return ", ".join(f"{v} {k}" for k, v in total.items() if v) or "no node changed"


def _flip_count(r: Review) -> str:
    return "not available in this version" if r.disclosures is None else str(len(r.disclosures))


def _finding(f: Finding) -> str:
    hint = f" *(hint: {escape(f.hint)})*" if f.hint else ""
    return f"- `{f.severity.value}` **{escape(f.code)}** {escape(location(f))}: {escape(f.message)}{hint}"


def _validation(r: Review) -> str:
    if not r.new_findings:
        return "### Validation\n\nNo new findings.\n"
    shown = r.new_findings[:_SHOWN_FINDINGS]
    body = [_finding(f) for f in shown]
    if len(r.new_findings) > len(shown):
        body.append(f"- *… and {len(r.new_findings) - len(shown)} more (see the JSON form)*")
    return _fold("### Validation", f"{len(r.new_findings)} new findings", body)


def _edition(e: EditionReview) -> str:
    title = f"### {escape(e.ref)} ({e.status})"
    if e.error:
        return "\n".join([title, "", "Not diffed: the edition does not validate at head.", ""])
    if e.diff is None:
        what = "withdrawn from the repository" if e.status == "removed" else "a new edition with no edition before it"
        return "\n".join([title, "", f"{what.capitalize()}.", ""])
    body = diff_markdown(e.diff, heading=4)
    impact = ", ".join(f"{v} {k}" for k, v in e.diff.impacts().items() if v) or "no node changed"
    out = [title, "", f"Compared with {escape(e.compared_with or '')}; impact: **{impact}**.", ""]
    if len(body) > FOLD_AT:
        out += ["<details><summary>Redline</summary>", "", body, "", "</details>", ""]
    else:
        out += [body]
    return "\n".join(out)


def _drift(r: Review) -> str:
    if not r.drift:
        return ""
    return _fold("### Crosswalk rows to review again", f"{len(r.drift)} rows", [_finding(f) for f in r.drift])


def _disclosures(r: Review) -> str:
    if r.disclosures is None:
        return f"### Disclosures\n\n{NOT_AVAILABLE}.\n"
    if not r.disclosures:
        return "### Disclosures\n\nNo example disclosure flips from pass to fail.\n"
    rows = [f"- {escape(d['disclosure'])}: passes at base, fails at head" for d in r.disclosures]
    return _fold("### Disclosures that would flip from pass to fail", f"{len(rows)} disclosures", rows)


def _fold(title: str, summary: str, body: list[str]) -> str:
    text = "\n".join(body)
    if len(text) > FOLD_AT:
        return "\n".join([title, "", f"<details><summary>{summary}</summary>", "", text, "", "</details>", ""])
    return "\n".join([title, "", text, ""])


# What the change did to an edition file (EditionReview.status), for a Chinese reader.
_ZH_STATUS = {"added": "新增", "changed": "有改动", "removed": "已删除"}


def _text_impacts(r: Review) -> str:
    """The impacts of every edition in the change, in the run's language."""
    total = dict.fromkeys(IMPACTS, 0)
    for e in r.editions:
        if e.diff:
            for k, v in e.diff.impacts().items():
                total[k] += v
    if zh_reader():
        return "，".join(f"{IMPACT[k]['zh']} {v}" for k, v in total.items() if v) or "没有条目改动"
    return _impacts(r)


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
              tr(msg("impact: {impacts}", impacts=_text_impacts(r))),
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
