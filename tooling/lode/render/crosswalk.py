"""Crosswalk views (``crosswalk/views.py``) as text, Markdown or JSON. Renderers return
strings; they never print."""

from __future__ import annotations

import re
from typing import Any

from ..crosswalk.views import CLOSENESS, SYMBOL, Gap, Matrix, Overview, SideCoverage
from ..model.crosswalk import SIDES
from ..model.edition import Text
from .markup import escape, ident
from .report import to_json
from .words import ENUM_WORDS, KIND, NODE_KIND, RELATIONS, zh_reader

# What a later edition did to a mapped node (``views.DriftRow.status``), for a Chinese reader.
DRIFT = {"unchanged": "未变", "changed": "有改动", "renumbered": "重新编号", "moved": "移动",
         "replaced": "被取代", "withdrawn": "已删除"}


def _pick(text: Text | None, lang: str) -> str:
    """A text in ``lang``, else in the other language (a title or rationale authored in one)."""
    return (text.get(lang, "en" if lang == "zh" else "zh") or "") if text is not None else ""


def _kinds(c: SideCoverage) -> str:
    if zh_reader():
        return "、".join(NODE_KIND.get(k, (k,))[0] for k in c.kinds) if c.kinds else "全部"
    return "/".join(c.kinds) if c.kinds else "all"


def _relation(r: str) -> str:
    if not zh_reader():
        return r
    return RELATIONS[r]["zh"] if r in RELATIONS else "尚未收录" if r == "unmapped" else r


def _figures(c: SideCoverage) -> str:
    if zh_reader():
        parts = "，".join(f"{_relation(k)} {v}" for k, v in c.by_relation.items() if v)
        return f"{c.total} 个 {_kinds(c)} 条目中 {c.mapped} 个有对应（{c.percent}%）：{parts}"
    parts = ", ".join(f"{k} {v}" for k, v in c.by_relation.items() if v)
    return f"{c.mapped} of {c.total} {_kinds(c)} nodes mapped ({c.percent}%): {parts}"


def _reasons(g: Gap, lang: str, sep: str = "; ") -> str:
    """The rows behind a gap, each as "row-id: rationale"."""
    return sep.join(f"{r.id}: {_pick(r.rationale, lang)}" for r in g.rows)


def _notes(g: Gap, lang: str) -> str:
    return "".join(f"\n      {line}" for line in _reasons(g, lang, "\n").split("\n")) if g.rows else ""


def _detail(detail: str) -> str:
    """The fields a drift names (change kinds, as a diff says them), in Chinese."""
    return "、".join(KIND.get(k.strip(), {}).get("zh", k.strip()) for k in detail.split(","))


def render_text(ov: Overview, mx: Matrix | None = None) -> str:
    """For the terminal, in the run's language (the frame, titles and rationales)."""
    cw, zh = ov.crosswalk, zh_reader()
    lang = "zh" if zh else "en"
    fidelity = ENUM_WORDS["fidelity"].get(cw.fidelity, (cw.fidelity,))[0] if zh else cw.fidelity
    note = _pick(cw.fidelity_note, lang)
    if zh:
        lines = [f"对照 {cw.source} → {cw.target}（{ov.file}）", f"可信度：{fidelity}" + (f"——{note}" if note else ""),
                 "", "覆盖情况："]
    else:
        lines = [f"crosswalk {cw.source} -> {cw.target} ({ov.file})",
                 f"fidelity: {fidelity}" + (f" -- {note}" if note else ""), "", "coverage:"]
    lines += [f"  {ov.coverage[s].edition}{'：' if zh else ': '}{_figures(ov.coverage[s])}" for s in SIDES]
    none = "  无" if zh else "  none"
    for side in SIDES:
        ed = ov.coverage[side].edition
        gaps, partial = ov.gaps[side], ov.partial[side]
        lines += ["", f"{ed} 中的空缺（{len(gaps)}）：" if zh else f"gaps in {ed} ({len(gaps)}):"]
        lines += [f"  {g.number or '-'} {g.ref.split('#')[1]}  {_pick(g.title, lang)} -- {_relation(g.status)}"
                  + _notes(g, lang) for g in gaps] or [none]
        lines += ["", f"{ed} 中部分覆盖的条目（{len(partial)}）：" if zh else f"partly covered in {ed} ({len(partial)}):"]
        lines += [f"  {g.number or '-'} {g.ref.split('#')[1]}  {_pick(g.title, lang)}" + _notes(g, lang)
                  for g in partial] or [none]
    if ov.drift:
        lines += ["", "与后续版次相比的漂移：" if zh else "drift against later editions:"]
        lines += [(f"  {d.row} {d.side} {d.ref} 在 {d.later} 中：{DRIFT.get(d.status, d.status)}"
                   + (f"（{_detail(d.detail)}）" if d.detail else "")) if zh else
                  f"  {d.row} {d.side} {d.ref} in {d.later}: {d.status}" + (f" ({d.detail})" if d.detail else "")
                  for d in ov.drift]
    if mx is not None:
        legend = ", ".join(f"{s} {_relation(r)}" for r, s in SYMBOL.items())
        lines += ["", f"矩阵（{legend}）：" if zh else f"matrix ({legend}):"]
        width = max((len(r[0]) for r in mx.rows), default=0)
        lines.append(" " * width + "  " + "".join(f"{i % 100:>3}" for i in range(1, len(mx.cols) + 1)))
        for rid, _label in mx.rows:
            cells = "".join(f"{SYMBOL.get(mx.cells.get((rid, cid), ''), '.'):>3}" for cid, _ in mx.cols)
            lines.append(f"{rid:<{width}}  {cells}")
        lines += [f"  {i:>3} {cid}" for i, (cid, _) in enumerate(mx.cols, 1)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    # Data reaches Markdown entity-encoded (markup.escape): no cell break, no HTML, no
    # link -- the same rule as every other page of the site.
    return escape(text).replace("\n", " ")


def render_markdown(ov: Overview, mx: Matrix | None = None) -> str:
    cw = ov.crosswalk
    out = [f"## Crosswalk {cw.source} → {cw.target}", "",
           f"Fidelity: **{cw.fidelity}**" + (f" — {_md(cw.fidelity_note.get('en', 'zh') or '')}"
                                             if cw.fidelity_note else ""), "",
           "| edition | nodes | mapped | " + " | ".join((*CLOSENESS, "no-relationship", "unmapped")) + " |",
           "| --- " * (3 + len(CLOSENESS) + 2) + "|"]
    for s in SIDES:
        c = ov.coverage[s]
        out.append(f"| {c.edition} | {c.total} {_kinds(c)} | {c.mapped} ({c.percent}%) | "
                   + " | ".join(str(v) for v in c.by_relation.values()) + " |")
    for side in SIDES:
        for title, items in (("Gaps", ov.gaps[side]), ("Partly covered", ov.partial[side])):
            out += ["", f"### {title} in {ov.coverage[side].edition}", ""]
            if not items:
                out.append("None.")
                continue
            out += ["| number | node | status | rationale |", "| --- | --- | --- | --- |"]
            out += [f"| {_md(g.number or '')} | {_md(_pick(g.title, 'en'))} (`{g.ref.split('#')[1]}`) | {g.status} | "
                    f"{_md(_reasons(g, 'en'))} |" for g in items]
    if ov.drift:
        out += ["", "### Drift against later editions", "", "| row | side | node | later edition | status |",
                "| --- | --- | --- | --- | --- |"]
        out += [f"| {d.row} | {d.side} | `{d.ref}` | {d.later} | {d.status}{' (' + _md(d.detail) + ')' if d.detail else ''} |"
                for d in ov.drift]
    if mx is not None:
        out += ["", "### Matrix", "", "| | " + " | ".join(_md(label) for _, label in mx.cols) + " |",
                "| --- " * (len(mx.cols) + 1) + "|"]
        out += [f"| {_md(label)} | " + " | ".join(mx.cells.get((rid, cid), "") for cid, _ in mx.cols) + " |"
                for rid, label in mx.rows]
    return "\n".join(out) + "\n"


def to_dict(ov: Overview, mx: Matrix | None = None) -> dict[str, Any]:
    cw = ov.crosswalk
    d: dict[str, Any] = {
        "from": str(cw.source), "to": str(cw.target), "file": ov.file, "fidelity": cw.fidelity,
        "coverage": {s: {"edition": c.edition, "kinds": list(c.kinds) if c.kinds else None, "total": c.total,
                         "mapped": c.mapped, "by-relation": c.by_relation} for s, c in ov.coverage.items()},
        "gaps": {s: [_gap(g) for g in v] for s, v in ov.gaps.items()},
        "partly-covered": {s: [_gap(g) for g in v] for s, v in ov.partial.items()},
        "drift": [d.__dict__ for d in ov.drift],
    }
    if mx is not None:
        d["matrix"] = {"rows": [r for r, _ in mx.rows], "cols": [c for c, _ in mx.cols],
                       "cells": [{"from": a, "to": b, "relation": rel} for (a, b), rel in sorted(mx.cells.items())]}
    return d


def _gap(g: Gap) -> dict[str, Any]:
    """A gap with its texts in every language they have (a machine format carries both)."""
    return {"ref": g.ref, "number": g.number, "title": dict(g.title.by_lang), "status": g.status,
            "rows": [{"id": r.id, "relation": r.relation, "rationale": dict(r.rationale.by_lang)} for r in g.rows]}


def render_json(ov: Overview, mx: Matrix | None = None) -> str:
    return to_json(to_dict(ov, mx))


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}


# --- the site's pictures: a heat map and a coverage bar, as plain HTML ----------------
# Labels and titles reach these functions already escaped (markup.escape) by the page;
# relation names become class names only after markup.ident has checked them.

GLYPH = {"equal": "=", "subset-of": "⊂", "superset-of": "⊃", "intersects-with": "∩", "no-relationship": "×"}


def heatmap_html(rows: list[tuple[str, str]], cols: list[tuple[str, str]],
                 cells: dict[tuple[str, str], tuple[str, str, str | None]], *, caption: str, corner: str,
                 columns_title: str = "") -> str:
    """A relation matrix as an HTML table in its own scrolling box (sticky header row and
    first column), and the list that names its columns. ``rows``/``cols``: (id, label
    HTML); ``cells``: (row id, col id) -> (relation, tooltip text, crosswalk row id or
    None); a cell with a row id links to that row's entry on the page (``#_map-<row id>``).

    Columns are numbered, not labelled: a clause title set sideways is unreadable in
    Chinese (and squeezed in any language), so each header is a short horizontal number
    whose title and the list below give the clause."""
    head = "".join(f'<th scope="col" title="{_plain(label)}"><a href="#_col-{k}">{k}</a></th>'
                   for k, (_, label) in enumerate(cols, 1))
    body = []
    for rid, label in rows:
        tds = []
        for cid, _ in cols:
            cell = cells.get((rid, cid))
            if cell is None:
                tds.append("<td></td>")
                continue
            relation, tip, anchor = cell
            glyph = GLYPH[relation]
            inner = (f'<a href="#_map-{ident(anchor)}" title="{tip}" aria-label="{tip}">{glyph}</a>' if anchor
                     else f'<span title="{tip}" aria-label="{tip}">{glyph}</span>')
            tds.append(f'<td class="lode-rel-{ident(relation)}">{inner}</td>')
        body.append(f'<tr><th scope="row"><span>{label}</span></th>{"".join(tds)}</tr>')
    names = "".join(f'<li id="_col-{k}" value="{k}">{label}</li>' for k, (_, label) in enumerate(cols, 1))
    return "\n".join([f'<div class="lode-heatmap" role="region" tabindex="0" aria-label="{caption}">',
                      f'<table class="lode-heat" aria-label="{caption}">',
                      f'<thead><tr><th class="lode-heat-corner" scope="col"><span>{corner}</span></th>{head}</tr></thead>',
                      "<tbody>", *body, "</tbody></table>", "</div>",
                      f'<p class="lode-heat-cols-title">{columns_title}</p>' if columns_title else "",
                      f'<ol class="lode-heat-cols">{names}</ol>'])


_TAG = re.compile(r"<[^>]+>")


def _plain(label_html: str) -> str:
    """A label's text for a ``title`` attribute: its tags dropped, its entities kept."""
    return _TAG.sub("", label_html).replace('"', "&quot;")


def bar_html(segments: list[tuple[str, int, str]], total: int, label: str) -> str:
    """A stacked bar: (class suffix, count, tooltip) per segment, widths as shares of ``total``."""
    spans = "".join(f'<span class="lode-seg lode-rel-{ident(cls)}" style="width: {100 * n / total:.2f}%" '
                    f'title="{tip}"></span>' for cls, n, tip in segments if n and total)
    return f'<div class="lode-bar" role="img" aria-label="{label}">{spans}</div>'


def legend_html(entries: list[tuple[str, str]]) -> str:
    """Swatches and their (escaped) labels: (class suffix, label HTML)."""
    items = "".join(f'<li><span class="lode-swatch lode-rel-{ident(cls)}">{GLYPH.get(cls, "")}</span> {text}</li>'
                    for cls, text in entries)
    return f'<ul class="lode-legend">{items}</ul>'
