"""Rendering a :class:`Report` for people and machines.

One report, five formats: ``text`` (one line per finding, ``file:line:col:``, the
format compilers and editors understand), ``json`` (exactly ``Report.to_dict()``),
``github`` (workflow commands that annotate a pull request), ``sarif`` (SARIF 2.1.0 for
code-scanning tools) and ``markdown`` (a table for a pull-request comment).

Every renderer has one signature, ``(report) -> str``, and is registered under its
format name with :func:`renderer`; the CLI offers exactly the registered formats.
Renderers return strings; they never print.

Findings carry text from outside (file names, keys, values), and reports are read by
terminals and CI runners that act on what they print: a file name holding a newline
and ``::error file=…::`` would be a GitHub workflow command, an ESC byte a terminal
escape. So every human format shows control characters (C0, DEL, C1, line and
paragraph separators, bidi controls) as visible escapes (:func:`printable`), and the
machine formats stay valid UTF-8 even for a file name that is not (a byte ``\xff``
arrives from the file system as a lone surrogate): JSON shows such a byte as ``\xff``
text, SARIF percent-encodes it in the URI.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Sequence
from urllib.parse import quote

from .. import __version__
from ..core.cells import cell_name
from ..core.codes import CODES
from ..core.findings import Finding, Report
from ..core.glossary import node_kind
from ..core.i18n import all_langs, msg, msgn, tr
from .markup import escape

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    o = ord(c)
    if 0xDC80 <= o <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{o - 0xDC00:02x}"
    return _NAMED.get(c) or (f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\n``, ``\\x1b``)."""
    return _UNPRINTABLE.sub(_escape_char, text)


def utf8_safe(text: str) -> str:
    """``text`` encodable as UTF-8: only the lone surrogates are escaped."""
    return _SURROGATE.sub(_escape_char, text)


def _utf8_tree(node: Any) -> Any:
    if isinstance(node, str):
        return utf8_safe(node)
    if isinstance(node, list):
        return [_utf8_tree(n) for n in node]
    if isinstance(node, dict):
        return {utf8_safe(k) if isinstance(k, str) else k: _utf8_tree(v) for k, v in node.items()}
    return node


Renderer = Callable[[Report], str]
RENDERER_BY_FORMAT: dict[str, Renderer] = {}


def renderer(name: str, registry: dict[str, Any] = RENDERER_BY_FORMAT) -> Callable[[Any], Any]:
    """Register a renderer under a format name: a findings report's (the default registry)
    or, with ``registry``, the disclosure verdicts' (``render/verdict.py``)."""
    def register(fn: Any) -> Any:
        registry[name] = fn
        return fn
    return register


def location(f: Finding, sheets: Sequence[str] = ()) -> str:
    """``path:line:col`` (line 0 means the whole file: the path alone; no path: ``lode``);
    for a workbook (``sheets`` given), ``path:Sheet!F7``."""
    if not f.path:
        return "lode"
    path = printable(f.path)
    if path.startswith(":"):  # `::error …` at the start of a line is a CI workflow command; ./ names the same file
        path = "./" + path
    if not f.line:
        return path
    return f"{path}:{printable(cell_name(sheets, f.line, f.col))}" if sheets else f"{path}:{f.line}:{f.col}"


def hint_text(hint: str | None) -> str:
    """`` (hint: …)`` in the run's language, or nothing."""
    return tr(msg(" (hint: {hint})", hint=tr(hint))) if hint else ""


def finding_line(f: Finding, sheets: Sequence[str] = ()) -> str:
    """One finding as compilers and editors print it. Location, severity and code stay as
    they are in every language (editors and problem matchers parse them); the message and
    hint are in the run's language."""
    return f"{location(f, sheets)}: {f.severity.value}[{f.code}] {printable(tr(f.message))}{printable(hint_text(f.hint))}"


def checked_line(files: int, errors: int, warnings: int) -> str:
    """``checked 3 files: 1 error, 0 warnings`` in the run's language."""
    return tr(msg("{files}: {errors}, {warnings}", files=msgn("checked {n} file", "checked {n} files", files),
                  errors=msgn("{n} error", "{n} errors", errors), warnings=msgn("{n} warning", "{n} warnings", warnings)))


def to_json(doc: Any) -> str:
    """A machine report as strict JSON: valid UTF-8 whatever the file names, and never
    ``NaN`` or ``Infinity`` (a ValueError here is a bug upstream, never output)."""
    return json.dumps(_utf8_tree(doc), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@renderer("text")
def render_text(report: Report) -> str:
    lines = [finding_line(f) for f in report.findings]
    for c in report.stats.get("completeness", []):
        pct = 100 * c["authored"] // c["expected"] if c["expected"] else 100
        lines.append(tr(msg("completeness: {edition}: {authored} of {expected} {kind} nodes ({pct}%)",
                            edition=printable(c["edition"]), authored=c["authored"], expected=c["expected"],
                            kind=node_kind(c["kind"]), pct=pct)))
    n = report.counts()
    lines.append(checked_line(report.files, n["error"], n["warning"]))
    return "\n".join(lines) + "\n"


@renderer("json")
def render_json(report: Report) -> str:
    return to_json(report.to_dict())


def _gh_escape(s: str, prop: bool = False) -> str:
    # GitHub's own escapes for line breaks first; any other control character is shown.
    s = printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
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
        out.append(f"::{level[f.severity.value]} {','.join(props)}::{_gh_escape(tr(f.message) + hint_text(f.hint))}")
    return "\n".join(out) + ("\n" if out else "")


def sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity]


def sarif_uri(path: str) -> str:
    """A file name as a SARIF URI: its bytes percent-encoded (a name need not be UTF-8)."""
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte: shown escaped
        raw = utf8_safe(path).encode("utf-8")
    return quote(raw, safe="/:@!$&'()*+,;=-._~")


def sarif_result(f: Finding, rules: list[str], sheets: Sequence[str] = ()) -> dict[str, Any]:
    """One SARIF result; a workbook cell is a logical location (``Sheet!F7``)."""
    loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": sarif_uri(f.path)}}}
    if f.line and sheets:
        loc["logicalLocations"] = [{"name": utf8_safe(cell_name(sheets, f.line, f.col)), "kind": "cell"}]
    elif f.line:
        loc["physicalLocation"]["region"] = {"startLine": f.line, "startColumn": f.col}
    text = f.message + (f" (hint: {f.hint})" if f.hint else "")
    return {"ruleId": f.code, "ruleIndex": rules.index(f.code), "level": sarif_level(f.severity.value),
            "message": {"text": utf8_safe(text)}, "locations": [loc],
            # every language, beside the English text (site/reference/disclosure-json.en.md#languages)
            "properties": _utf8_tree({"messages": all_langs(f.message), "hints": all_langs(f.hint)})}


def sarif(findings: Sequence[tuple[Finding, Sequence[str]]], properties: dict[str, Any] | None = None) -> str:
    """A SARIF 2.1.0 log of (finding, workbook sheets) pairs: the findings report's and the verdicts'."""
    used = sorted({f.code for f, _ in findings})
    rules = [{"id": c, "shortDescription": {"text": CODES[c].summary}, "help": {"text": CODES[c].hint},
              "defaultConfiguration": {"level": sarif_level(CODES[c].severity.value)},
              "properties": {"summaries": all_langs(CODES[c].summary), "hints": all_langs(CODES[c].hint)}} for c in used]
    run: dict[str, Any] = {"tool": {"driver": {"name": "lode", "version": __version__, "rules": rules}},
                           "results": [sarif_result(f, used, sheets) for f, sheets in findings]}
    if properties:
        run["properties"] = properties
    return to_json({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]})


@renderer("sarif")
def render_sarif(report: Report) -> str:
    return sarif([(f, ()) for f in report.findings])


def finding_rows(findings: Sequence[Finding], sheets: Sequence[str] = ()) -> list[str]:
    """The Markdown table of findings (every datum escaped)."""
    if not findings:
        return []
    head = "| " + " | ".join(tr(h) for h in (msg("where"), msg("severity"), msg("code"), msg("message"))) + " |"
    return [head, "| --- | --- | --- | --- |"] + [
        f"| {escape(location(f, sheets))} | {f.severity.value} | `{f.code}` | {escape(printable(tr(f.message)))}"
        + (f" *({escape(printable(tr(f.hint)))})*" if f.hint else "") + " |" for f in findings]


@renderer("markdown")
def render_markdown(report: Report) -> str:
    """A pull-request comment: counts, then one table row per finding (data escaped)."""
    n = report.counts()
    out = [f"**{escape(checked_line(report.files, n['error'], n['warning']))}**", ""]
    out += finding_rows(report.findings)
    return "\n".join(out) + "\n"
