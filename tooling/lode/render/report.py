"""Rendering a :class:`Report` for people and machines.

One report, four formats: ``text`` (one line per finding, ``file:line:col:``, the
format compilers and editors understand), ``json`` (exactly ``Report.to_dict()``),
``github`` (workflow commands that annotate a pull request) and ``sarif`` (SARIF
2.1.0 for code-scanning tools). Renderers return strings; they never print.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from .. import __version__
from ..core.codes import CODES
from ..core.findings import Finding, Report


def _location(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.col}" if f.line else f.path


def render_text(report: Report, **_: Any) -> str:
    lines = []
    for f in report.findings:
        hint = f" (hint: {f.hint})" if f.hint else ""
        lines.append(f"{_location(f)}: {f.severity.value}[{f.code}] {f.message}{hint}")
    for c in report.stats.get("completeness", []):
        pct = 100 * c["authored"] // c["expected"] if c["expected"] else 100
        lines.append(f"completeness: {c['edition']}: {c['authored']} of {c['expected']} {c['kind']} nodes ({pct}%)")
    n = report.counts()
    lines.append(f"checked {report.files} file{'s' if report.files != 1 else ''}: "
                 f"{n['error']} error{'s' if n['error'] != 1 else ''}, "
                 f"{n['warning']} warning{'s' if n['warning'] != 1 else ''}")
    return "\n".join(lines) + "\n"


def render_json(report: Report, **_: Any) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def render_github(report: Report, **_: Any) -> str:
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


def render_sarif(report: Report, **_: Any) -> str:
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


RENDERER_BY_FORMAT: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}
