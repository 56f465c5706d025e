"""The comparison pages, one language per call: the redline between consecutive
editions, and the crosswalk between two editions of different standards.

Every interface string is in :data:`UI` (and :data:`RELATIONS`, :data:`FIELDS`), in
Chinese and English. Clause titles appear in the reader's language; where a title
exists only in the other language it is shown in a ``<span lang="…">``. Every string
from data is escaped (``markup``) before it reaches Markdown or HTML.
"""

from __future__ import annotations

from functools import partial
from typing import Iterable

from ..crosswalk.views import CLOSENESS, Holdings, Matrix, Overview, holdings, mapped_rows, matrix, overview
from ..diff.result import Change, Diff, NodeDiff
from ..model.corpus import Corpus
from ..model.crosswalk import SIDES, Crosswalk
from ..model.edition import Node, Ref, Standard, Text, authoring_progress
from ..render import changes as gbt
from ..render.crosswalk import bar_html, heatmap_html, legend_html
from ..render.diff import rewritten, segments_md, sides_md
from ..render.markup import (HTML_BELOW, escape, front_matter, heading, html_heading, html_link, html_para, html_table,
                             ident, paragraphs)
from ..render.words import CONCORDANCE, DIRECTION, FIELDS, IMPACT, KIND, RELATIONS
from .compare_text import OTHER, UI
from .redline_values import INTERNAL as _INTERNAL
from .redline_values import edition_table as _edition_table
from .redline_values import lang_name as _lang_name
from .redline_values import marked as _marked
from .redline_values import value_html as _value_html
from .i18n import edition_label, enum, quotes_marked
from .i18n import number as number_
from .paths import Paths, rel, url
from . import memo
from .memo import Parts
from .search_sections import Written

Known = set[tuple[str, str]]


# --- localized strings from data ----------------------------------------------------

def loc(t: Text | dict[str, str] | None, lang: str, default: str = "") -> str:
    """Escaped text in ``lang``, else the other language inside ``<span lang>``."""
    by = dict(t.by_lang) if isinstance(t, Text) else dict(t or {})
    if by.get(lang):
        return quotes_marked(escape(by[lang]), lang)
    for lg, value in sorted(by.items(), key=lambda kv: kv[0] != OTHER[lang]):
        if value:
            return f'<span lang="{ident(lg)}">{quotes_marked(escape(value), lg)}</span>'
    return escape(default)


def plain(t: Text | dict[str, str] | None, lang: str, default: str = "") -> str:
    """Unescaped text in ``lang`` or any other (for attributes, escaped by the caller)."""
    by = dict(t.by_lang) if isinstance(t, Text) else dict(t or {})
    return by.get(lang) or by.get(OTHER[lang]) or next((v for v in by.values() if v), default)


def _clause(n: Node | None, nid: str, lang: str) -> str:
    if n is None:
        return escape(nid)
    title = loc(n.title, lang, n.id)
    return f"{escape(number_(n.number, lang))} {title}" if n.number else title


def _std_name(corpus: Corpus, ref: Ref, lang: str) -> str:
    std = corpus.standards.get(ref.standard)
    if std is None:
        return escape(str(ref))
    return f"{loc(std.short_title or std.title, lang, ref.standard)} {escape(edition_label(ref.edition, lang))}"


def crosswalk_label(corpus: Corpus, cw: Crosswalk, lang: str) -> str:
    """A crosswalk's name in the nav: both editions by their short names in ``lang``
    (plain text: the nav escapes nothing of its own)."""
    def name(ref: Ref) -> str:
        std = corpus.standards.get(ref.standard)
        return f"{plain(std.short_title or std.title, lang, ref.standard) if std else ref.standard} " \
               f"{edition_label(ref.edition, lang)}"
    return f"{name(cw.source)} → {name(cw.target)}"


def _ref_link(page: str, ref: Ref, known: Known) -> str:
    code = f"<code>{escape(str(ref))}</code>"  # a reference is an id: the same in every language
    if (ref.standard, ref.edition) not in known:
        return f"<small>{code}</small>"
    return f"<small>[{code}]({rel(page, Paths.edition(ref.standard, ref.edition), ref.node)})</small>"


def _paras(t: Text | None, lang: str) -> list[str]:
    """Escaped paragraphs in ``lang``, else in another language inside ``<span lang>``."""
    if t is None:
        return []
    if t.get(lang):
        return [quotes_marked(p, lang) for p in paragraphs(t.get(lang) or "")]
    lg = next((x for x in (OTHER[lang], *t.by_lang) if t.get(x)), None)
    return [f'<span lang="{ident(lg)}">{p}</span>' for p in paragraphs(t.get(lg) or "")] if lg else []


def _admonition(kind: str, title: str, paras: Iterable[str]) -> list[str]:
    body = [f"    {p}\n" for p in paras]
    return [f'!!! {kind} "{title}"', "", *body] if body else []


# --- the crosswalk page ---------------------------------------------------------------

def crosswalk_page(corpus: Corpus, cw: Crosswalk, file: str, *, lang: str, known: Known | None = None,
                   ov: Overview | None = None, mx: Matrix | None = None) -> str:
    """How one edition compares with another, at a glance: reading notes, coverage as a
    chart, the relation heat map, the mapped clauses with their reasons, the asserted gaps,
    and what the corpus does not hold yet."""
    ui = UI[lang]
    known = set(corpus.editions) if known is None else known
    editions = {side: corpus.edition(cw.edition(side)) for side in SIDES}
    ov = ov or overview(cw, editions, file)
    mx = mx or matrix(cw, editions)
    nodes = {side: {n.id: n for n in editions[side].walk()} for side in SIDES}
    names = {side: _std_name(corpus, cw.edition(side), lang) for side in SIDES}
    page = Paths.crosswalk(cw.source, cw.target)
    names_html = {side: escape(plain((corpus.standards[cw.edition(side).standard].short_title
                                       or corpus.standards[cw.edition(side).standard].title), lang)
                                + " " + edition_label(cw.edition(side).edition, lang)) for side in SIDES}
    out = [front_matter(ui["cw-tab"].format(a=plain(corpus.standards[cw.source.standard].short_title
                                                    or corpus.standards[cw.source.standard].title, lang),
                                            b=plain(corpus.standards[cw.target.standard].short_title
                                                    or corpus.standards[cw.target.standard].title, lang)))
           + heading(1, ui["cw-h1"].format(a=names["from"], b=names["to"]), "_top"), "",
           loc(cw.title, lang), "", ui["cw-intro"], ""]
    notes = [ui["fidelity"].format(f=escape(UI[lang]["fidelity-" + cw.fidelity]
                                            if "fidelity-" + cw.fidelity in ui else cw.fidelity))]
    notes += _paras(cw.fidelity_note, lang) + _paras(cw.notes, lang)
    out += _admonition("note", ui["reading-notes"], notes)

    out += [heading(2, ui["coverage"], "_coverage"), ""]
    for side in SIDES:
        c = ov.coverage[side]
        link = _ref_link(page, cw.edition(side), known)
        kinds = ("、" if lang == "zh" else ", ").join(enum("node-kind", k, lang) for k in c.kinds) if c.kinds \
            else ui["nodes"]
        out += [f"**{names[side]}** {link}", "",
                ui["coverage-line"].format(m=c.mapped, t=c.total, k=escape(kinds), p=c.percent,
                                           other=names["to" if side == "from" else "from"]), "",
                bar_html([(r, c.by_relation[r], escape(f"{_rel_label(r, lang)}: {c.by_relation[r]}"))
                          for r in (*CLOSENESS, "no-relationship", "unmapped")], c.total,
                         escape(ui["bar-label"].format(p=c.percent))), "",
                legend_html([(r, f"{escape(_rel_label(r, lang))} {c.by_relation[r]}")
                             for r in (*CLOSENESS, "no-relationship", "unmapped") if c.by_relation[r]]), ""]

    out += [heading(2, ui["heatmap"], "_matrix"), "", ui["heatmap-how"].format(a=names["from"], b=names["to"]), "",
            legend_html([(r, escape(_rel_label(r, lang))) for r in RELATIONS]), ""]
    rows = mapped_rows(cw, editions)
    anchors = {(r.sides[0].node, r.sides[1].node): r.id for r in rows}
    cells = {}
    for (a, b), relation in mx.cells.items():
        tip = escape(RELATIONS[relation][lang + "-sentence"].format(
            a=plain(nodes["from"][a].title, lang, a) if a in nodes["from"] else a,
            b=plain(nodes["to"][b].title, lang, b) if b in nodes["to"] else b))
        cells[(a, b)] = (relation, tip, anchors.get((a, b)))
    out += [heatmap_html([(i, _clause(nodes["from"].get(i), i, lang)) for i, _ in mx.rows],
                         [(i, _clause(nodes["to"].get(i), i, lang)) for i, _ in mx.cols], cells,
                         caption=escape(ui["heatmap-caption"].format(a=names_html["from"], b=names_html["to"])),
                         corner=ui["corner"], columns_title=ui["heatmap-columns"].format(b=names["to"])), ""]

    out += [heading(2, ui["mapped"], "_mappings"), ""]
    if rows:
        # One card per mapping on a phone (lode.css, .lode-stack).
        out += ['<div class="lode-stack" markdown>', "",
                f"| {names['from']} | {ui['relation']} | {names['to']} | {ui['why']} |", "| --- | --- | --- | --- |"]
        for r in rows:
            a, b = r.sides
            why = loc(r.rationale, lang).replace("\n", " ")
            facts = " · ".join(x for x in (ui.get(f"rt-{r.rationale_type}", r.rationale_type),
                                           ui.get(f"al-{r.alignment}") if r.alignment else None,
                                           ui.get(f"cf-{r.confidence}") if r.confidence else None) if x)
            out.append(f'| <span id="_map-{ident(r.id)}"></span>**{_clause(nodes["from"].get(a.node or ""), a.node or "", lang)}**'
                       f"<br>{_ref_link(page, a, known)} | "
                       f'<span class="lode-rel lode-rel-{ident(r.relation)}">{escape(_rel_label(r.relation, lang))}</span> | '
                       f"**{_clause(nodes['to'].get(b.node or ''), b.node or '', lang)}**<br>{_ref_link(page, b, known)} | "
                       f"{why}<br><small>{escape(facts)}</small> |")
        out += ["", "</div>", ""]
    else:
        out += [ui["none"], ""]

    out += [heading(2, ui["gaps"], "_gaps"), "", ui["gaps-how"], ""]
    for side in SIDES:
        gaps = [g for g in ov.gaps[side] if g.status == "no-relationship"]
        out += [f"**{names[side]}**", ""]
        out += _gap_items(page, gaps, nodes[side], lang, known, with_reasons=True) or [ui["none"]]
        out.append("")

    out += [heading(2, ui["not-yet"], "_not-in-corpus"), ""]
    for side in SIDES:
        other = "to" if side == "from" else "from"
        gaps = [g for g in ov.gaps[side] if g.status == "unmapped"]
        out += [f"**{names[side]}**", ""]
        if gaps:
            out += [_holdings_note(holdings(cw, other, editions[other]), names[other], lang), ""]
        out += _gap_items(page, gaps, nodes[side], lang, known, with_reasons=False) or [ui["none"]]
        out.append("")
    out += ["<small>" + ui["source-file"].format(f="<code>" + escape(file) + "</code>") + "</small>", ""]
    return "\n".join(out)


def _rel_label(relation: str, lang: str) -> str:
    return RELATIONS[relation][lang] if relation in RELATIONS else UI[lang]["unmapped"]


def _gap_items(page: str, gaps: list, by_id: dict[str, Node], lang: str, known: Known, *,
               with_reasons: bool) -> list[str]:
    out = []
    for g in gaps:
        ref = Ref.parse(g.ref)
        line = f"- **{_clause(by_id.get(ref.node or ''), ref.node or '', lang)}**<br>{_ref_link(page, ref, known)}"
        if with_reasons:
            line += "".join(f"<br>{loc(row.rationale, lang)}" for row in g.rows)
        out.append(line)
    return out


def _holdings_note(h: Holdings, name: str, lang: str) -> str:
    ui = UI[lang]
    if not h.partial:
        return ui["not-yet-none"].format(o=name)
    bits = [ui["short-kind"].format(k=escape(enum("node-kind", k, lang)), a=a, e=e) for k, a, e in h.short]
    if h.illustrative:
        bits.append(ui["placeholders"].format(n=h.illustrative, t=h.in_scope))
    return ui["not-yet-partial"].format(o=name, why=("；" if lang == "zh" else "; ").join(bits))


# --- the redline page ------------------------------------------------------------------

def changes_page(std: Standard, d: Diff, *, lang: str, search: list[Written] | None = None,
                 parts: Parts | None = None) -> str:
    """What changed between two consecutive editions: the GB/T 1.1 list of main technical
    changes (in the reader's language, then in the other), the edition's own changes as a
    before/after table, then every changed clause (``parts``: each clause's block of the
    last build, reused when its inputs are the same: ``memo.block``)."""
    ui = UI[lang]
    old, new = d.old_edition, d.new_edition
    page = Paths.changes(std.id, new.edition)
    short = plain(std.short_title or std.title, lang, std.id)
    a, b = edition_label(old.edition, lang), edition_label(new.edition, lang)
    out = [front_matter(ui["ch-tab"].format(s=short, a=a, b=b))
           + heading(1, ui["ch-title"].format(s=loc(std.short_title or std.title, lang), a=escape(a), b=escape(b)), "_top"), "",
           ui["ch-intro"].format(a=f"[{escape(a)}]({rel(page, Paths.edition(std.id, old.edition))})",
                                 b=f"[{escape(b)}]({rel(page, Paths.edition(std.id, new.edition))})"), ""]
    caveats = [ui["incomplete"].format(e=f"<code>{escape(str(ed.ref))}</code>", k=escape(enum("node-kind", str(r["kind"]), lang)),
                                       a=r["authored"], x=r["expected"],
                                       what=ui["incomplete-old" if ed is old else "incomplete-new"])
               for ed in (old, new) for r in authoring_progress(ed) if r["authored"] < r["expected"]]  # type: ignore[operator]
    out += _admonition("warning", ui["incomplete-title"], caveats)
    counts = [f"{KIND[k][lang]} {v}" for k, v in d.counts().items() if v]
    out += [ui["summary"].format(n=len(d.nodes), kinds=escape(("、" if lang == "zh" else ", ").join(counts))), ""]

    out += [heading(2, ui["main-changes"], "_main-changes"), "", _gbt_html(d, lang), ""]
    # The same list in the other language, one click away (folded): it is for readers who
    # cite the other language's text, and is in that language throughout.
    out += [f'<details class="lode-other-lang" id="_main-changes-other"><summary>{ui["main-changes-other"]}</summary>',
            _gbt_html(d, OTHER[lang]), "</details>", ""]

    shown = [c for c in d.edition_changes if c.field not in _INTERNAL]
    if shown:
        out += [heading(2, ui["edition"], "_edition"), "", _edition_table(shown, lang), ""]
    out += [heading(2, ui["clauses"], "_clauses"), "", HTML_BELOW]
    by_id: dict[bool, dict[str, Node]] = {}  # new edition?: its nodes (an added or removed clause shows its summary)
    for nd in d.nodes:
        if not nd.folded:
            ed = d.new_edition if nd.new else d.old_edition
            summary = None
            if nd.old is None or nd.new is None:
                nodes = by_id.get(bool(nd.new))
                if nodes is None:  # the first node of an id, in document order
                    nodes = by_id[bool(nd.new)] = {n.id: n for n in reversed(list(ed.walk()))}
                node = nodes.get(nd.new or nd.old or "")
                summary = node.summary if node is not None else None
            # The last build's block of this clause, if its arguments are the same.
            out += memo.block(parts, (lang, nd.old, nd.new), (page, std.id, ed.edition, memo.clause_key(nd), summary),
                              partial(_node_section, page, std.id, ed.edition, nd, summary, lang), search)
    conc: dict[str, int] = {}
    for r in d.concordance:
        conc[r.status] = conc.get(r.status, 0) + 1
    counts = escape(("、" if lang == "zh" else ", ").join(f"{CONCORDANCE.get(k, {}).get(lang, k)} {v}" for k, v in conc.items()))
    note = f"<small>{ui['not-official']}</small>"
    out += [html_heading(2, ui["concordance"], "_concordance"), html_para(counts), html_para(note)]
    if search is not None:  # the HTML part holds the clauses' sections and this one
        search.append(Written("_concordance", ui["concordance"]).gap().para(counts).gap().para(note).gap())
    return "\n".join(out) + "\n"


def _gbt_html(d: Diff, lang: str) -> str:
    """The GB/T list as one HTML block in ``lang`` (titles in the other language marked)."""
    items = gbt.items(d, lang)
    head, note = gbt.head_and_note(d, lang, bool(items))
    paras = [f"<p>{escape(head)}</p>"]
    for k, it in enumerate(items):
        title = escape(it.title) if it.title_lang == lang else f'<span lang="{ident(it.title_lang)}">{escape(it.title)}</span>'
        paras.append(f'<p class="lode-gbt-{ident(it.kind)}">{gbt.letter(k)}) {escape(it.before)}“{title}”'
                     f"{escape(it.after)}{gbt.end_mark(k, len(items), lang)}</p>")
    paras.append(f"<p><small>{escape(note)}</small></p>")
    return f'<div class="lode-gbt" lang="{ident(lang)}">\n' + "\n".join(paras) + "\n</div>"


def _node_section(page: str, std: str, edition: str, nd: NodeDiff, summary: Text | None, lang: str,
                  search: list[Written] | None = None) -> list[str]:
    """One changed clause, as HTML (the page's part below ``markup.HTML_BELOW``): ``nd``,
    linked to ``std@edition`` (the new edition's, or the old's for a removed clause);
    ``summary``: an added or removed clause's. With ``search``, its search section is
    appended to it, made from the same blocks."""
    ui = UI[lang]
    nid = nd.new or nd.old or ""
    number = nd.new_number or nd.old_number
    title = loc(nd.title, lang, nid)
    link = html_link(url(page, Paths.edition(std, edition), nid), f"<code>{escape(str(Ref(std, edition, nid)))}</code>")
    ident_note = f"<code>{escape(nd.old)}</code> → <code>{escape(nd.new)}</code>" if nd.old and nd.new and nd.old != nd.new else ""
    kinds = ("、" if lang == "zh" else ", ").join(KIND[k][lang] for k in nd.kinds)
    label = " ".join(((f"{escape(number_(number, lang))} " if number else "") + title).split())
    meta = f'<span class="lode-node-meta">{link} {ident_note} · {escape(kinds)} · {escape(IMPACT[nd.impact][lang])}</span>'
    out = [html_heading(3, label, f"_c-{ident(nid)}"), html_para(meta)]
    sec = Written(f"_c-{ident(nid)}", label).gap().para(meta) if search is not None else None
    items: list[str] = []

    def listed() -> None:
        out.append(_list(items))
        if sec is not None:
            sec.gap().items(items)

    for c in nd.changes:
        if c.field in _INTERNAL:
            continue
        block = _change_html(c, lang, items)
        if block:
            if items:
                listed()
            out.append(block)
            if sec is not None:
                sec.gap().words(block)  # a before/after table: text in cells, no paragraph
            items = []
    if nd.old is None or nd.new is None:
        text = loc(nd.title, lang, nid) + (" — " + loc(summary, lang) if summary else "")
        tag = "ins" if nd.old is None else "del"
        items.append(f"<{tag}>{text}</{tag}>")
    if nd.similar:
        items.append(ui["similar"].format(i=escape(nd.similar[0]), s=f"{nd.similar[1]:.2f}"))
    if items:
        listed()
    if search is not None and sec is not None:
        search.append(sec.gap())
    return out


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"


def _change_html(c: Change, lang: str, items: list[str]) -> str | None:
    """Append a change's list items to ``items``; return a block (a before/after table)
    for a rewritten text, which must stand outside the list."""
    ui = UI[lang]
    label = escape(FIELDS.get(c.field or c.kind, {}).get(lang, c.field or c.kind))
    if c.kind in ("added", "removed"):
        return None
    if c.redline:
        # The page's language in full; another language's redline is one click away
        # (folded, in that language), as its tab is on the edition page.
        block = None
        for lg, segs in sorted(c.redline.items(), key=lambda kv: kv[0] != lang):
            name = escape(_lang_name(lg, lang))
            if lg != lang:
                items.append(f'<details class="lode-other-lang"><summary>{label}（{name}）</summary>'
                             f'<p lang="{ident(lg)}">{segments_md(segs)}</p></details>' if lang == "zh" else
                             f'<details class="lode-other-lang"><summary>{label} ({name})</summary>'
                             f'<p lang="{ident(lg)}">{segments_md(segs)}</p></details>')
            elif rewritten(segs):
                o, n = (_marked(x, lg) for x in sides_md(segs))
                block = html_table([f"{label}（{name}）：{ui['before']}" if lang == "zh" else f"{label} ({name}): {ui['before']}",
                                    f"{ui['after']}（{ui['rewritten']}）" if lang == "zh" else f"{ui['after']} ({ui['rewritten']})"],
                                   [[o, n]])
            else:
                items.append(f"<strong>{label}</strong>（{name}）：{_marked(segments_md(segs), lg)}" if lang == "zh"
                             else f"<strong>{label}</strong> ({name}): {_marked(segments_md(segs), lg)}")
        return block
    arrow = f"{_value_html(c.field, c.before, lang)} → {_value_html(c.field, c.after, lang)}"
    if c.direction:
        items.append(f"<strong>{label}</strong> {escape(DIRECTION[c.direction][lang])}{ui['colon']}{arrow}")
    elif c.kind == "moved":
        items.append(ui["moved"])
    elif c.detail and c.kind != "value-spec":
        items.append(f"<strong>{label}</strong>{ui['colon']}<code>{escape(c.detail)}</code>")
    else:
        items.append(f"<strong>{label}</strong>{ui['colon']}{arrow}")
    return None
