"""Rendering disclosure verdicts: text, JSON (versioned, ``site/reference/disclosure-json.md``),
JUnit XML, SARIF 2.1.0 and Markdown. Each renderer takes a list of verdicts (one file,
or a batch) and returns a string; none prints.

The verdict comes first in every format: a validator must see PASS or FAIL, and what it
was checked against, before any detail. Workbook findings are located ``sheet!cell``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Callable, Sequence
from xml.sax.saxutils import quoteattr, escape as xml_escape

from .. import __version__
from ..core.findings import Finding
from ..core.i18n import current_lang, msg, msgn, tr, use_lang
from ..disclose.verdict import STATUSES, VERDICT_VERSION, Verdict
from ..disclose.workbook import SHEET_STRIDE
from .markup import escape
from .report import hint_text, sarif_localized, sarif_rule, table_head

Renderer = Callable[[Sequence[Verdict]], str]
VERDICT_RENDERERS: dict[str, Renderer] = {}


def _renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        VERDICT_RENDERERS[name] = fn
        return fn
    return register


def _column_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def location(v: Verdict, f: Finding) -> str:
    """``file:line:col``, or ``file:Sheet!F7`` for a workbook (the file alone for the whole file)."""
    path = f.path or v.file
    if not f.line:
        return path
    if v.sheets:
        sheet, col = divmod(f.col, SHEET_STRIDE)
        return f"{path}:{v.sheets[min(sheet, len(v.sheets) - 1)]}!{_column_letters(col)}{f.line}"
    return f"{path}:{f.line}:{f.col}"


def _against(v: Verdict) -> str:
    if v.edition is None:
        return tr(msg("not checked"))
    if v.pinned:
        extra = "".join(tr(m) for m in (msg(", released {date}", date=v.release_date) if v.release_date else None,
                                         msg(", signed by {signer}", signer=v.signer) if v.signer else None) if m)
        return tr(msg("{pin} (tag {tag}, commit {commit}{extra})", pin=v.pin, tag=v.tag, commit=v.commit, extra=extra))
    return tr(msg("{edition} (UNPINNED: the work tree, not a release)", edition=v.edition))


_REQUIREMENTS = {"required": msg("required"), "recommended": msg("recommended"), "conditional": msg("conditional")}


def _completeness_line(c: dict[str, Any]) -> str:
    parts = []
    for req in ("required", "recommended", "conditional"):
        row = c.get(req)
        if not row:
            continue
        answered = row["disclosed"] + row["omitted"]
        extra = tr(msg(", {n} omitted", n=row["omitted"])) if row["omitted"] else ""
        if req == "conditional":
            extra += tr(msg("; {applicable} apply, {not_applicable} do not, {undecided} undecided",
                            applicable=row["applicable"], not_applicable=row["not-applicable"],
                            undecided=row["undecided"]))
        parts.append(tr(msg("{requirement} {answered}/{total}{extra}", requirement=_REQUIREMENTS[req],
                            answered=answered, total=row["total"], extra=extra)))
    return tr(msg("; ")).join(parts)


def header(v: Verdict) -> list[str]:
    """The lines that state the verdict and what it rests on (the first is the verdict).
    The labels are in the run's language; the status is shown as the catalog words it
    (the English status is the stable value in the machine formats)."""
    status = tr(v.status)
    if v.edition is None:
        return [f"{status}  {v.file}"]
    lines = [f"{status}  {v.file}  " + tr(msg("against {what}", what=_against(v)))]
    lines.append(tr(msg("  edition digest: {digest}", digest=v.edition_digest)))
    lines.append(tr(msg("  file digest:    {digest}", digest=v.file_digest)))
    lines.append(tr(msg("  lode:           {version}", version=v.lode_version)))
    if v.illustrative_allowed:
        lines.append(tr(msg("  note: this release was made with --allow-illustrative: it contains placeholder content")))
    if v.completeness:
        lines.append(tr(msg("  completeness:   {line}", line=_completeness_line(v.completeness["overall"]))))
    return lines


def finding_line(v: Verdict, f: Finding) -> str:
    return f"{location(v, f)}: {f.severity.value}[{f.code}] {tr(f.message)}{hint_text(f.hint)}"


def summary(verdicts: Sequence[Verdict], top: int = 10) -> list[str]:
    """The batch summary table: files by verdict, then the most frequent codes."""
    by_status = Counter(v.status for v in verdicts)
    codes = Counter(c for v in verdicts for c in v.codes().elements())
    files_with = Counter(c for v in verdicts for c in v.codes())
    lines = [tr(msg("{files}: {counts}", files=msgn("checked {n} file", "checked {n} files", len(verdicts)),
                    counts=tr(msg(", ")).join(f"{by_status[s]} {tr(s)}" for s in STATUSES if by_status[s])))]
    if codes:
        width = max(len(c) for c, _ in codes.most_common(top))
        lines.append(tr(msg("code")).ljust(width) + tr(msg("  findings  files")))
        lines += [f"{c.ljust(width)}  {n:>8}  {files_with[c]:>5}" for c, n in codes.most_common(top)]
    return lines


@_renderer("text")
def render_text(verdicts: Sequence[Verdict]) -> str:
    out: list[str] = []
    for v in verdicts:
        out += header(v)
        out += [finding_line(v, f) for f in v.findings]
        for c in v.conversions:
            out.append(tr(msg("  converted {metric}: {value} {unit} = {converted} {to}", metric=c["metric"],
                              value=c["value"], unit=c["unit"], converted=c["converted"], to=c["to"])))
        lang = current_lang()
        other = "en" if lang != "en" else "zh"
        for t in (v.completeness or {}).get("tiers", []):
            if t["tier"] == 1:
                title = t["title"].get(lang) or t["title"].get(other) or t["id"]
                out.append(tr(msg("  {title}: {line}", title=title, line=_completeness_line(t))))
    if len(verdicts) > 1:
        out += summary(verdicts)
    return "\n".join(out) + "\n"


@_renderer("json")
def render_json(verdicts: Sequence[Verdict]) -> str:
    doc: dict[str, Any] = {"lode-verdicts": VERDICT_VERSION, "lode-version": __version__,
                           "files": len(verdicts), "passed": sum(v.passed for v in verdicts),
                           "verdicts": [v.to_dict() for v in verdicts]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@_renderer("junit")
def render_junit(verdicts: Sequence[Verdict]) -> str:
    """One test case per file; each error a failure, so CI dashboards show the verdicts."""
    fails = sum(not v.passed for v in verdicts)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="lode check" tests="{len(verdicts)}" failures="{fails}">',
           f'  <testsuite name="lode check" tests="{len(verdicts)}" failures="{fails}">']
    for v in verdicts:
        out.append(f"    <testcase classname={quoteattr(v.edition or 'lode')} name={quoteattr(v.file)}>")
        if not v.passed:
            # English first, as it always was; then the same lines in the run's language.
            with use_lang("en"):
                body = "\n".join(finding_line(v, f) for f in v.findings)
            if current_lang() != "en":
                body += "\n\n" + "\n".join(finding_line(v, f) for f in v.findings)
            out.append(f"      <failure message={quoteattr(v.status)}>{xml_escape(body)}</failure>")
        out.append(f"      <system-out>{xml_escape(chr(10).join(header(v)))}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity]


@_renderer("sarif")
def render_sarif(verdicts: Sequence[Verdict]) -> str:
    used = sorted({f.code for v in verdicts for f in v.findings})
    rules = [sarif_rule(c) for c in used]
    results = []
    for v in verdicts:
        for f in v.findings:
            loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": f.path or v.file}}}
            if f.line and not v.sheets:
                loc["physicalLocation"]["region"] = {"startLine": f.line, "startColumn": f.col}
            elif f.line:
                loc["logicalLocations"] = [{"name": location(v, f).rsplit(":", 1)[1], "kind": "cell"}]
            results.append({"ruleId": f.code, "ruleIndex": used.index(f.code), "level": _sarif_level(f.severity.value),
                            "message": {"text": f.message + (f" (hint: {f.hint})" if f.hint else "")},
                            "locations": [loc], "properties": sarif_localized(f)})
    props = [{"file": v.file, "status": v.status, "edition": v.edition, "pin": v.pin, "pinned": v.pinned,
              "edition-digest": v.edition_digest, "file-digest": v.file_digest} for v in verdicts]
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": {"name": "lode", "version": __version__, "rules": rules}},
                       "results": results, "properties": {"verdicts": props}}]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


@_renderer("markdown")
def render_markdown(verdicts: Sequence[Verdict]) -> str:
    out: list[str] = []
    for v in verdicts:
        out += [f"**{escape(tr(v.status))}** {escape(v.file)} " + escape(tr(msg("against {what}", what=_against(v)))),
                ""]
        if v.edition:
            out += ["| | |", "| --- | --- |", f"| {tr(msg('edition digest'))} | `{v.edition_digest}` |",
                    f"| {tr(msg('file digest'))} | `{v.file_digest}` |", f"| lode | {v.lode_version} |",
                    f"| {tr(msg('completeness'))} | {escape(_completeness_line(v.completeness['overall']))} |", ""]
        if v.findings:
            out += [table_head(), "| --- | --- | --- | --- |"]
            out += [f"| {escape(location(v, f))} | {f.severity.value} | `{f.code}` | {escape(tr(f.message))}"
                    + (f" *({escape(tr(f.hint))})*" if f.hint else "") + " |" for f in v.findings]
            out.append("")
    if len(verdicts) > 1:
        out += ["```", *summary(verdicts), "```"]
    return "\n".join(out) + "\n"
