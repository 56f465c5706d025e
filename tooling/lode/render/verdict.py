"""Rendering disclosure verdicts: text, JSON (versioned, ``site/reference/disclosure-json.*.md``),
JUnit XML, SARIF 2.1.0 and Markdown. Each renderer takes a list of verdicts (one file,
or a batch) and returns a string; none prints.

The verdict comes first in every format, then its caveats: a validator must see PASS or
FAIL, what it rests on and what it does not show, before any detail. Workbook findings are
located ``sheet!cell``. These renderers are the findings report's family
(``render/report.py``): the same registry decorator, location and finding line, control-
character escaping, UTF-8-safe strict JSON and SARIF builder, so a hostile file name is
shown the same harmless way by ``lode validate`` and ``lode check``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any, Callable, Mapping, Sequence
from xml.sax.saxutils import quoteattr, escape as xml_escape

from .. import __version__
from ..core.findings import Finding
from ..core.i18n import current_lang, msg, msgn, tr, use_lang
from ..disclose.verdict import STATUSES, VERDICT_VERSION, Verdict
from .markup import escape
from .report import finding_rows, printable, renderer, sarif, to_json
from .report import finding_line as _finding_line
from .words import REQUIREMENT, zh_reader

Renderer = Callable[[Sequence[Verdict]], str]
VERDICT_RENDERERS: dict[str, Renderer] = {}


def _renderer(name: str) -> Callable[[Renderer], Renderer]:
    return renderer(name, VERDICT_RENDERERS)


def _own(v: Verdict, f: Finding) -> Finding:
    """A finding that names its file (a refusal may carry none)."""
    return f if f.path else replace(f, path=v.file)


def finding_line(v: Verdict, f: Finding) -> str:
    """The findings report's line (``file:line:col`` or ``file:Sheet!F7``), escaped alike."""
    return _finding_line(_own(v, f), v.sheets)


def _against(v: Verdict) -> str:
    if v.edition is None:
        return tr(msg("not checked"))
    if v.pinned:
        signer = ("signed by" if v.signature_verified else "signer (not verified)")
        extra = "".join(f", {k} {x}" for k, x in (("released", v.release_date), (signer, v.signer)) if x)
        unchecked = f"; unchecked: {', '.join(v.unchecked)}" if v.unchecked else ""
        return printable(f"{v.pin} (tag {v.tag}, commit {v.commit}{extra}; witness {v.witness}{unchecked})")
    return tr(msg("{edition} (UNPINNED: the work tree, not a release)", edition=v.edition))


def _requirement(req: str) -> str:
    """A requirement level as the reader says it: the glossary's Chinese (render/words),
    the data's own name in English. Not a catalog entry: click's own "required" (a
    required option, 必填) is one, and a msgid has one translation."""
    return REQUIREMENT[req][0] if zh_reader() and req in REQUIREMENT else req


def _completeness_line(c: dict[str, Any]) -> str:
    parts = []
    for req in ("required", "comply-or-explain", "recommended", "conditional"):
        row = c.get(req)
        if not row or not row["total"]:  # a level the edition does not use says nothing
            continue
        answered = row["disclosed"] + row["omitted"]
        extra = tr(msg(", {n} omitted", n=row["omitted"])) if row["omitted"] else ""
        if req == "conditional":
            extra += tr(msg("; {applicable} apply, {not_applicable} do not, {undecided} undecided",
                            applicable=row["applicable"], not_applicable=row["not-applicable"],
                            undecided=row["undecided"]))
        parts.append(tr(msg("{requirement} {answered}/{total}{extra}", requirement=_requirement(req),
                            answered=answered, total=row["total"], extra=extra)))
    return tr(msg("; ")).join(parts)


def header(v: Verdict) -> list[str]:
    """The lines that state the verdict and what it rests on: the verdict first, then its
    caveats (illustrative content), then what it was checked against. Every datum from the
    file (its name above all) is shown escaped: a name holding a line break and
    ``::error`` must not become a line of its own."""
    if v.edition is None:
        return [printable(f"{tr(v.status)}  {v.file}")]
    lines = [printable(f"{tr(v.status)}  {v.file}  " + tr(msg("against {what}", what=_against(v))))]
    lines += [tr(msg("  CAVEAT: {caveat}", caveat=printable(tr(c)))) for c in v.caveats]
    lines.append(tr(msg("  edition digest: {digest}", digest=v.edition_digest)))
    lines.append(tr(msg("  file digest:    {digest}", digest=v.file_digest)))
    lines.append(tr(msg("  lode:           {version}", version=v.lode_version)))
    if v.completeness:
        lines.append(tr(msg("  completeness:   {line}", line=_completeness_line(v.completeness["overall"]))))
    return lines


def _impact(v: Verdict) -> list[str]:
    return [printable(line) for line in v.impact]


def summary(verdicts: Sequence[Verdict], top: int = 10) -> list[str]:
    """The batch summary table: files by verdict, then the most frequent codes."""
    by_status = Counter(v.status for v in verdicts)
    codes = Counter(c for v in verdicts for c in v.codes().elements())
    files_with = Counter(c for v in verdicts for c in v.codes())
    files = len(dict.fromkeys(v.file for v in verdicts))
    several = f" ({len(verdicts)} verdicts, one per pin)" if files != len(verdicts) else ""
    lines = [tr(msg("{files}{several}: {counts}", files=msgn("checked {n} file", "checked {n} files", files),
                    several=several, counts=tr(msg(", ")).join(f"{by_status[s]} {tr(s)}" for s in STATUSES
                                                             if by_status[s])))]
    lines += per_pin(verdicts)
    if codes:
        width = max(len(c) for c, _ in codes.most_common(top))
        lines.append(tr(msg("code")).ljust(width) + tr(msg("  findings  files")))
        lines += [f"{c.ljust(width)}  {n:>8}  {files_with[c]:>5}" for c, n in codes.most_common(top)]
    return lines


def per_pin(verdicts: Sequence[Verdict]) -> list[str]:
    """One line per pin when a batch was checked against several: files by verdict, and
    how many answers came through a mapping."""
    pins = list(dict.fromkeys(v.pin for v in verdicts if v.pin))
    if len(pins) < 2:
        return []
    out = []
    for pin in pins:
        mine = [v for v in verdicts if v.pin == pin]
        by_status = Counter(v.status for v in mine)
        carried = sum(len(v.carried) for v in mine)
        out.append(f"  {pin}: " + ", ".join(f"{n} {s}" for s, n in by_status.items())
                   + (f"; {carried} answer{'s' if carried != 1 else ''} through mappings" if carried else ""))
    return out


def carried_line(c: Mapping[str, Any]) -> str:
    """How one metric was answered through a crosswalk row."""
    return (f"  through {c['crosswalk']} row {c['mapping']}: {c['metric']} answered by {c['section']} "
            f"{c['key']!r} ({c['from']})")


@_renderer("text")
def render_text(verdicts: Sequence[Verdict]) -> str:
    out: list[str] = []
    for v in verdicts:
        out += header(v)
        out += [finding_line(v, f) for f in v.findings]
        for c in v.conversions:
            out.append(printable(tr(msg("  converted {metric}: {value} {unit} = {converted} {to}", metric=c["metric"],
                                        value=c["value"], unit=c["unit"], converted=c["converted"], to=c["to"]))))
        out += [printable(carried_line(c)) for c in v.carried]
        for t in (v.completeness or {}).get("tiers", []):
            if t["tier"] == 1:
                lang = current_lang()
                title = t["title"].get(lang) or t["title"].get("en") or t["title"].get("zh") or t["id"]
                out.append(printable(tr(msg("  {title}: {line}", title=title, line=_completeness_line(t)))))
        out += _impact(v)
    if len(verdicts) > 1:
        out += summary(verdicts)
    return "\n".join(out) + "\n"


def _caveats(verdicts: Sequence[Verdict]) -> list[str]:
    return list(dict.fromkeys(c for v in verdicts for c in v.caveats))


@_renderer("json")
def render_json(verdicts: Sequence[Verdict]) -> str:
    doc: dict[str, Any] = {"lode-verdicts": VERDICT_VERSION, "lode-version": __version__,
                           "caveats": _caveats(verdicts),
                           "files": len(verdicts), "passed": sum(v.passed for v in verdicts),
                           "verdicts": [v.to_dict() for v in verdicts]}
    return to_json(doc)


@_renderer("junit")
def render_junit(verdicts: Sequence[Verdict]) -> str:
    """One test case per file; each error a failure, so CI dashboards show the verdicts.
    Caveats are the suite's first property and each case's first line of output."""
    fails = sum(not v.passed for v in verdicts)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="lode check" tests="{len(verdicts)}" failures="{fails}">',
           f'  <testsuite name="lode check" tests="{len(verdicts)}" failures="{fails}">']
    caveats = _caveats(verdicts)
    if caveats:
        out.append("    <properties>")
        out += [f'      <property name="caveat" value={quoteattr(printable(c))}/>' for c in caveats]
        out.append("    </properties>")
    for v in verdicts:
        out.append(f"    <testcase classname={quoteattr(printable(v.edition or 'lode'))} "
                   f"name={quoteattr(printable(v.file))}>")
        if not v.passed:
            # English first, as it always was; then the same lines in the run's language.
            with use_lang("en"):
                body = "\n".join(finding_line(v, f) for f in v.findings)
            if current_lang() != "en":
                body += "\n\n" + "\n".join(finding_line(v, f) for f in v.findings)
            out.append(f"      <failure message={quoteattr(v.status)}>{xml_escape(body)}</failure>")
        out.append(f"      <system-out>{xml_escape(chr(10).join(header(v) + _impact(v)))}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


@_renderer("sarif")
def render_sarif(verdicts: Sequence[Verdict]) -> str:
    """The findings report's SARIF, with the verdicts (and their caveats) as run properties."""
    props = [{"file": v.file, "status": v.status, "caveats": list(v.caveats), "edition": v.edition, "pin": v.pin,
              "pinned": v.pinned, "edition-digest": v.edition_digest, "file-digest": v.file_digest,
              **({"upgrade-impact": list(v.impact)} if v.impact else {})} for v in verdicts]
    return sarif([(_own(v, f), v.sheets) for v in verdicts for f in v.findings],
                 {"caveats": _caveats(verdicts), "verdicts": props})


@_renderer("markdown")
def render_markdown(verdicts: Sequence[Verdict]) -> str:
    out: list[str] = []
    for v in verdicts:
        out += [f"**{escape(tr(v.status))}** {escape(printable(v.file))} "
                + escape(printable(tr(msg("against {what}", what=_against(v))))), ""]
        out += [f"> **Caveat:** {escape(printable(c))}" for c in v.caveats] + ([""] if v.caveats else [])
        if v.edition:
            out += ["| | |", "| --- | --- |", f"| edition digest | `{v.edition_digest}` |",
                    f"| file digest | `{v.file_digest}` |", f"| lode | {v.lode_version} |",
                    f"| completeness | {escape(_completeness_line(v.completeness['overall']))} |", ""]
        if v.carried:
            out += ["| metric | answered by | through |", "| --- | --- | --- |"]
            out += [f"| `{c['metric']}` | {escape(c['section'])} `{escape(c['key'])}` ({escape(c['from'])}) | "
                    f"{escape(c['crosswalk'])} row `{escape(c['mapping'])}` |" for c in v.carried]
            out.append("")
        if v.findings:
            out += finding_rows([_own(v, f) for f in v.findings], v.sheets)
            out.append("")
        if v.impact:
            out += [f"- {escape(line.strip())}" for line in _impact(v)] + [""]
    if len(verdicts) > 1:
        out += ["```", *summary(verdicts), "```"]
    return "\n".join(out) + "\n"
