"""Rendering a :class:`Report` for people and machines.

One report, five formats: ``text`` (one line per finding, ``file:line:col:``, the
format compilers and editors understand), ``json`` (exactly ``Report.to_dict()``),
``github`` (workflow commands that annotate a pull request), ``sarif`` (SARIF 2.1.0 for
code-scanning tools) and ``markdown`` (a table for a pull-request comment).

Every renderer has one signature, ``(report) -> str``, and is registered under its
format name with :func:`renderer`; the CLI offers exactly the registered formats.
Renderers return strings; they never print.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from .. import __version__
from ..core.codes import CODES
from ..core.findings import Finding, Report
from .markup import escape

Renderer = Callable[[Report], str]
RENDERER_BY_FORMAT: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    """Register a report renderer under a format name."""
    def register(fn: Renderer) -> Renderer:
        RENDERER_BY_FORMAT[name] = fn
        return fn
    return register


def location(f: Finding) -> str:
    """``path:line:col`` (line 0 means the whole file: the path alone; no path: ``lode``)."""
    if not f.path:
        return "lode"
    return f"{f.path}:{f.line}:{f.col}" if f.line else f.path


def finding_line(f: Finding) -> str:
    """One finding as compilers and editors print it."""
    hint = f" (hint: {f.hint})" if f.hint else ""
    return f"{location(f)}: {f.severity.value}[{f.code}] {f.message}{hint}"


@renderer("text")
def render_text(report: Report) -> str:
    lines = [finding_line(f) for f in report.findings]
    for c in report.stats.get("completeness", []):
        pct = 100 * c["authored"] // c["expected"] if c["expected"] else 100
        lines.append(f"completeness: {c['edition']}: {c['authored']} of {c['expected']} {c['kind']} nodes ({pct}%)")
    n = report.counts()
    lines.append(f"checked {report.files} file{'s' if report.files != 1 else ''}: "
                 f"{n['error']} error{'s' if n['error'] != 1 else ''}, "
                 f"{n['warning']} warning{'s' if n['warning'] != 1 else ''}")
    return "\n".join(lines) + "\n"


@renderer("json")
def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


@renderer("github")
def render_github(report: Report) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in report.findings:
        props = [f"file={_gh_escape(f.path, True)}"]
        if f.line:
            props += [f"line={f.line}", f"col={f.col}"]
        props.append(f"title={_gh_escape(f.code, True)}")
        hint = f" (hint: {f.hint})" if f.hint else ""
        out.append(f"::{level[f.severity.value]} {','.join(props)}::{_gh_escape(f.message + hint)}")
    return "\n".join(out) + ("\n" if out else "")


@renderer("sarif")
def render_sarif(report: Report) -> str:
    used = sorted({f.code for f in report.findings})
    rules = [{"id": c, "shortDescription": {"text": CODES[c].summary}, "help": {"text": CODES[c].hint},
              "defaultConfiguration": {"level": _sarif_level(CODES[c].severity.value)}} for c in used]
    results = []
    for f in report.findings:
        loc: dict[str, Any] = {"artifactLocation": {"uri": f.path}}
        if f.line:
            loc["region"] = {"startLine": f.line, "startColumn": f.col}
        text = f.message + (f" (hint: {f.hint})" if f.hint else "")
        results.append({"ruleId": f.code, "ruleIndex": used.index(f.code), "level": _sarif_level(f.severity.value),
                        "message": {"text": text}, "locations": [{"physicalLocation": loc}]})
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "lode", "version": __version__, "rules": rules}},
                  "results": results}],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity]


@renderer("markdown")
def render_markdown(report: Report) -> str:
    """A pull-request comment: counts, then one table row per finding (data escaped)."""
    n = report.counts()
    out = [f"**{n['error']} error(s), {n['warning']} warning(s)** in {report.files} file(s)", ""]
    if report.findings:
        out += ["| where | severity | code | message |", "| --- | --- | --- | --- |"]
        out += [f"| {escape(location(f))} | {f.severity.value} | `{f.code}` | {escape(f.message)}"
                + (f" *({escape(f.hint)})*" if f.hint else "") + " |" for f in report.findings]
    return "\n".join(out) + "\n"
