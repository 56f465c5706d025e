"""The edition page in one language (``lang``: "zh" or "en"): Markdown down to the
provisions, which are HTML (``markup.HTML_BELOW``; see site/contributing.en.md, "The site").

Each function takes model objects and the page's language and returns one page; where a
page lives and how pages link to each other is decided by :class:`Paths`, every
interface word comes from ``i18n``. Text from YAML reaches Markdown only through
``markup`` (escaped); nothing here imports mkdocs. The catalogue, standard, metrics and
latest pages are in ``listing``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import AbstractSet, Iterable, Mapping

from ..model.edition import Edition, Node, Ref, Standard, Text, authoring_progress
from ..model.edition import translation_share as model_translation_share
from ..render.markup import (HTML_BELOW, escape, external_link, front_matter, heading, html_heading, html_link, html_para,
                             html_tabs, ident, paragraphs, span, table)
from ..render.words import LANGUAGE
from . import i18n, memo
from .i18n import enum, show, t
from .memo import Parts
from .search_sections import Written
from .paths import SECTION_IDS, Download, Mapping_, Paths, rel, url

# Kept for the comparison pages (compare_pages imports it): the tab labels.
LANGS = i18n.TAB_LABELS


def title_of(t_: Text, prefer: str = "en") -> str:
    """One display string for a localized title: the preferred language, else any."""
    got = i18n.pick(t_.by_lang, prefer)
    return got[0] if got else ""


def short_name(std: Standard, lang: str = "en") -> str:
    return title_of(std.short_title, lang) if std.short_title else title_of(std.title, lang)


def both(t_: Text) -> str:
    """``English / 中文`` where both exist, escaped (kept for the comparison pages)."""
    en, zh = t_.get("en"), t_.get("zh")
    return escape(" / ".join(x for x in (en, zh) if x) or title_of(t_))


_FILE = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:json|xlsx|csv|yaml|sha256)")


def with_files(text: str) -> str:
    """Escaped ``text`` with every file name in it shown as code (a file name is not a
    word of either language)."""
    out, last = [], 0
    for m in _FILE.finditer(text):
        out += [escape(text[last:m.start()]), f"<code>{escape(m.group())}</code>"]
        last = m.end()
    return "".join(out) + escape(text[last:])


def translation_share(edition: Edition) -> tuple[int, int]:
    """(language versions that are Lode's translation, all language versions) of the
    edition's localized strings, summed over the languages of ``model.edition.translation_share``."""
    share = model_translation_share(edition).values()
    return sum(r["translated"] for r in share), sum(r["total"] for r in share)


_FIELDS = (("title", "label-title"), ("text", "label-text"), ("official", "label-official"),
           ("summary", "label-summary"), ("condition", "label-condition"), ("note", "label-note"))
_LABEL = dict(_FIELDS)


def _panels(parts: Iterable[tuple[str | None, Text | None]], page_lang: str) -> list[tuple[str, str, list[str]]]:
    """One panel per language, the page's language first: (tab label, language, escaped
    paragraphs). Each shows the given localized fields, labelled in the tab's language;
    a panel whose text is (partly) Lode's translation starts with the translation badge,
    once, not on every string; a panel with nothing shows the missing-text notice, kept
    out of the search index."""
    parts = list(parts)
    out = []
    for lang, tab_label in sorted(i18n.TAB_LABELS, key=lambda p: p[0] != page_lang):
        blocks = []
        translated = False
        for key, x in parts:
            value = x.get(lang) if x else None
            if value:
                paras = [i18n.quotes_marked(x_, lang) for x_ in paragraphs(value)]
                translated = translated or i18n.is_translated(x, lang)
                blocks += [(f"<strong>{t(_LABEL[key], lang)}</strong> " if key else "") + paras[0], *paras[1:]]
        if translated:
            blocks[0] = i18n.badge(lang) + " " + blocks[0]
        if not blocks:
            blocks = [f'<span class="lode-missing" data-search-exclude>{escape(t("missing-" + lang, lang))}</span>']
        out.append((tab_label, lang, blocks))
    return out


def _lang_tabs(parts: Iterable[tuple[str | None, Text | None]], page_lang: str, key: str = "x") -> str:
    """The panels as HTML content tabs in the Markdown part of a page (a raw HTML block);
    ``key`` keeps the radios' ids unique on the page."""
    return _lang_tabs_html(parts, page_lang, key)


def _lang_tabs_html(parts: Iterable[tuple[str | None, Text | None]], page_lang: str, key: str,
                    search: Written | None = None) -> str:
    """The panels as HTML content tabs (``markup.html_tabs``); ``search``: the section
    they are in, given what the search index reads of them (the labels, then each
    panel's paragraphs)."""
    # The tab labels are each language's name in itself (中文, English), the same on every
    # page so that assets/lode.js links the tabs site-wide: marked as not to be translated.
    panels = [(f'<span translate="no" lang="{lang}">{label}</span>', lang, blocks)
              for label, lang, blocks in _panels(parts, page_lang)]
    if search is not None:
        for label, _, _ in panels:
            search.words(label)
        for _, _, blocks in panels:
            for b in blocks:
                search.para(b)
    return html_tabs(((label, "".join(html_para(b, None if lang == page_lang else lang) for b in blocks))
                      for label, lang, blocks in panels), key)


def _kind_class(prefix: str, value: str) -> str:
    return f"lode-badge lode-{prefix} lode-{prefix}-{ident(value)}"


def badges(node: Node, lang: str = "en") -> str:
    out = [span(f"lode-badge lode-kind lode-kind-{ident(node.kind)}", enum("node-kind", node.kind, lang))]
    if node.obligation:
        out.append(span(_kind_class("obligation", node.obligation), enum("obligation", node.obligation, lang),
                        t("tip-obligation", lang)))
    if node.requirement:
        out.append(span(_kind_class("requirement", node.requirement), enum("requirement", node.requirement, lang),
                        t("tip-requirement", lang)))
    out.append(span(_kind_class("fidelity", node.fidelity), enum("fidelity", node.fidelity, lang),
                    t("tip-fidelity", lang, enum("fidelity-long", node.fidelity, lang))))
    return " ".join(out)


def node_label(node: Node, lang: str) -> str:
    """Number and title in the reader's language (escaped, ``<span lang>`` if it is not)."""
    title = show(node.title, lang, marked=False)
    return f"{escape(i18n.number(node.number, lang))} {title}" if node.number else title


def _ref_link(page: str, ref: str, known: set[tuple[str, str]]) -> str:
    r = _known_ref(ref, known)
    return escape(ref) if r is None else f"[{escape(ref)}]({rel(page, Paths.edition(r.standard, r.edition), r.node)})"


def _ref_link_html(page: str, ref: str, known: set[tuple[str, str]]) -> str:
    r = _known_ref(ref, known)
    code = f"<code>{escape(ref)}</code>"
    return code if r is None else html_link(url(page, Paths.edition(r.standard, r.edition), r.node), code)


def _known_ref(ref: str, known: set[tuple[str, str]]) -> Ref | None:
    """The parsed reference if it names an edition the site has a page for."""
    try:
        r = Ref.parse(ref)
    except ValueError:
        return None
    return r if (r.standard, r.edition) in known else None


def value_spec(node: Node, lang: str) -> str:
    v = node.value
    if v is None:
        return ""
    bits = [t("value-type", lang, escape(enum("value-type", v.type, lang)))]
    if v.unit:
        bits.append(t("value-unit", lang, i18n.unit(v.unit, lang)))
    if v.minimum is not None:
        bits.append(t("value-min", lang, escape(str(v.minimum))))
    if v.maximum is not None:
        bits.append(t("value-max", lang, escape(str(v.maximum))))
    if v.values:
        bits.append(t("value-one-of", lang, ", ".join(f"<code>{escape(x)}</code>" for x in v.values)))
    if v.columns:
        bits.append(t("value-columns", lang, t("list-sep", lang).join(
            show(Text.of(c.get("title") or {}), lang, marked=False) or f"<code>{escape(str(c['id']))}</code>"
            for c in v.columns)))
    return ("；" if lang == "zh" else "; ").join(bits)


def _node_block(page: str, node: Node, depth: int, lang: str, aliases: Iterable[str],
                known: AbstractSet[tuple[str, str]], mappings: Iterable[Mapping_] = (),
                search: list[Written] | None = None, parts: Parts | None = None) -> str:
    """One provision, as HTML (the part of the page below ``markup.HTML_BELOW``); with
    ``search``, its search section is appended to it, made from the same parts.
    ``parts``: the page's blocks of the last build, one reused when every argument is
    the same (the key is the arguments; ``known`` a frozen set)."""
    aliases, mappings = tuple(aliases), tuple(mappings)
    return memo.block(parts, (lang, node.id), (page, memo.node_key(node), depth, aliases, known, mappings),
                      lambda found: _make_block(page, node, depth, lang, aliases, known, mappings, found), search)


def _make_block(page: str, node: Node, depth: int, lang: str, aliases: Iterable[str],
                known: AbstractSet[tuple[str, str]], mappings: Iterable[Mapping_] = (),
                search: list[Written] | None = None) -> str:
    # Alias anchors (ids an earlier edition used for this node) sit just before the
    # heading, so an old link lands on the provision that replaced it.
    parts = [f'<span id="{ident(a)}" class="lode-alias"></span>' for a in aliases]
    label = " ".join(node_label(node, lang).split())
    sec = Written(ident(node.id), label) if search is not None else None
    badge_html = badges(node, lang)
    parts += [html_heading(depth + 2, label, ident(node.id), "lode-node"), html_para(badge_html)]
    if sec is not None:
        sec.gap().para(badge_html).gap()
    parts.append(_lang_tabs_html([("title", node.title), ("official" if node.fidelity == "official" else "text", node.text),
                                  ("summary", node.summary), ("condition", node.condition), ("note", node.note)],
                                 lang, node.id, sec))
    extra = []
    if node.value:
        extra.append(f"{t('value', lang)}{t('colon', lang)}{value_spec(node, lang)}")
    if node.sources:
        extra.append(f"{t('node-sources', lang)}{t('colon', lang)}"
                     + ", ".join(html_link(f"#src_{ident(s)}", f"<code>{escape(s)}</code>") for s in node.sources))
    if node.replaces:
        extra.append(f"{t('node-replaces', lang)}{t('colon', lang)}" + ", ".join(f"<code>{ident(s)}</code>" for s in node.replaces))
    if node.refs:
        extra.append(f"{t('node-refs', lang)}{t('colon', lang)}" + ", ".join(_ref_link_html(page, r, known) for r in node.refs))
    if extra:
        parts.append(html_para(" · ".join(extra), cls="lode-node-meta"))
        if sec is not None:
            sec.gap().para(" · ".join(extra))
    maps = list(mappings)
    if maps:
        items = []
        for m in maps:
            rel_badge = span(f"lode-badge lode-relation lode-relation-{ident(m.relation)}",
                             enum("relation", m.relation, lang), m.relation)
            items.append(f"{rel_badge} {_ref_link_html(page, str(m.other), known)} — {show(m.rationale, lang, marked=False)} "
                         f"({html_link(url(page, m.crosswalk), t('crosswalk', lang))})")
        parts += [html_para(t("mappings", lang)), "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"]
        if sec is not None:
            sec.gap().para(t("mappings", lang)).gap().items(items)
    if search is not None and sec is not None:
        search.append(sec.gap())
    return "\n".join(parts)


def dates(edition: Edition, lang: str) -> str:
    sep = t("list-sep", lang)
    return sep.join(f"{escape(enum('date', k, lang))} {escape(v)}" for k, v in edition.dates.items()) or "—"


def _about(page: str, std: Standard, edition: Edition, known: set[tuple[str, str]], fid: Counter[str],
           lang: str) -> list[list[str]]:
    translations = t("list-sep", lang).join(f"{LANGUAGE[k][lang] if k in LANGUAGE else escape(k)}"
                                            f"{'：' if lang == 'zh' else ': '}{escape(enum('translation', v, lang))}"
                                            for k, v in edition.translations.items()) or "—"
    n, total = translation_share(edition)
    sup = edition.supersedes
    rows = [
        [t("row-standard", lang), f"[{show(std.title, lang)}]({rel(page, Paths.standard(std.id))})"],
        [t("row-edition", lang), escape(i18n.edition_label(edition.edition, lang))],
        [t("row-reference", lang), f"`{ident(std.id)}@{ident(edition.edition)}`"],
        [t("row-status", lang), span(f"lode-badge lode-status lode-status-{ident(edition.status)}",
                                     enum("status", edition.status, lang))],
        [t("row-dates", lang), dates(edition, lang)],
        [t("row-docno", lang), i18n.other_lang(edition.document_number, i18n.lang_of(edition.document_number))
         if edition.document_number else "—"],
        [t("row-supersedes", lang), f"[{escape(i18n.edition_label(sup, lang))}]({rel(page, Paths.edition(std.id, sup))})"
         if sup and (std.id, sup) in known else escape(sup or "—")],
        [t("row-language", lang), LANGUAGE[edition.language][lang] if edition.language in LANGUAGE
         else escape(edition.language)],
        [t("row-translations", lang), translations],
        [t("row-share", lang), t("share", lang, pct=100 * n // total if total else 0, n=n, total=total)],
        [t("row-nodes", lang), str(sum(fid.values()))],
    ]
    comp = [(r["kind"], r["expected"], r["authored"]) for r in authoring_progress(edition)]
    if comp:
        rows.append([t("row-completeness", lang), ("；" if lang == "zh" else "; ").join(
            t("completeness", lang, kind=escape(enum("node-kind", str(k), lang)), expected=e, authored=a)
            for k, e, a in comp)])
    return rows


def edition_page(std: Standard, edition: Edition, downloads: list[Download], has_metrics: bool,
                 known: set[tuple[str, str]], aliases: Mapping[str, Iterable[str]] | None = None,
                 mappings: Mapping[str, Iterable[Mapping_]] | None = None, changes: str | None = None,
                 lang: str = "en", sections: str = "", search: list[Written] | None = None,
                 parts: Parts | None = None) -> str:
    """Every node of one edition with a permanent anchor (its id), in the page's language
    with the other language in linked tabs.

    ``aliases`` maps a node id to extra anchor ids that must land on it (ids the
    concordance moved from an earlier edition); ``mappings`` maps a node id to its
    crosswalk rows; ``changes`` is the site path of the redline page from the edition before;
    ``sections`` is Markdown put before the provisions (the releases and the consultation).
    ``search``: given, the search section of each provision is appended to it (what the
    search index would read from the page's HTML part, which holds nothing else).
    ``parts``: the provisions' blocks of the last build, each reused if its inputs are
    unchanged (:func:`_node_block`).
    """
    page = Paths.edition(std.id, edition.edition)
    aliases = aliases or {}
    if parts is not None:
        known = frozenset(known)  # a block's key holds it: a value, not the caller's set
    fid = Counter(n.fidelity for n in edition.walk())
    counts = t("list-sep", lang).join(f"{escape(enum('fidelity', k, lang))} {v}" for k, v in sorted(fid.items()))
    lines = [front_matter(f"{short_name(std, lang)} {i18n.edition_label(edition.edition, lang)}")
             + heading(1, show(edition.title, lang, marked=False), "_top"), ""]
    # The disclaimer is raw HTML (md_in_html) so that search can skip it: it is on every
    # edition page and would otherwise answer every query.
    lines += [
        '<div class="admonition warning" data-search-exclude markdown>',
        f'<p class="admonition-title">{escape(t("disclaimer-title", lang))}</p>', "",
        t("disclaimer", lang, counts, rel(page, "provenance.md")), "", "</div>", "",
        heading(2, t("about", lang), SECTION_IDS["about"]), "",
        table([t("about-field", lang), t("about-value", lang)], _about(page, std, edition, known, fid, lang)), "",
    ]
    lines += [heading(2, t("downloads", lang), SECTION_IDS["downloads"]), ""]
    for d in downloads:
        item = f"- [{with_files(d.label)}]({rel(page, d.path)})"
        if d.digest and d.checksum_path:
            item += f" — SHA-256 `{d.digest}` ([{t('checksum', lang)}]({rel(page, d.checksum_path)}))"
        lines.append(item)
    if has_metrics:
        lines.append(f"- [{t('metrics-table', lang)}]({rel(page, Paths.metrics(std.id, edition.edition))})")
    if changes:
        since = escape(i18n.edition_label(edition.supersedes, lang)) if edition.supersedes else t("previous-edition", lang)
        lines.append(f"- [{t('what-changed', lang, since)}]({rel(page, changes)}) ({t('what-changed-note', lang)})")
    lines.append("")

    for key, x in (("scope", edition.scope), ("notes", edition.notes)):
        if x:
            lines += [heading(2, t(key, lang), SECTION_IDS[key]), "", _lang_tabs([(None, x)], lang, "edition-" + key), ""]

    lines += [heading(2, t("sources", lang), SECTION_IDS["sources"]), ""]
    for s in edition.sources:
        # A source's title and publisher are names, shown as the source writes them.
        meta = t("list-sep", lang).join(x for x in (i18n.other_lang(s.publisher, i18n.lang_of(s.publisher))
                                                    if s.publisher else "", escape(s.date or ""),
                                                    escape(enum("source-kind", s.kind, lang)) if s.kind else "") if x)
        title = external_link(s.url, s.title).replace("<a ", f'<a translate="no" lang="{i18n.lang_of(s.title)}" ', 1) \
            if s.url and external_link(s.url, s.title).startswith("<a ") else i18n.other_lang(s.title, i18n.lang_of(s.title))
        item = f'- <span id="src_{ident(s.id)}"></span>{title}'
        item += (f"（{meta}）" if lang == "zh" else f" ({meta})") if meta else ""
        note = show(s.note, lang, marked=False) if s.note else ""
        item += f" — {note}" if note else ""
        item += f" `{ident(s.id)}`"
        lines.append(item)
    lines += ["", sections, heading(2, t("provisions", lang), SECTION_IDS["nodes"]), "", HTML_BELOW, '<div class="lode-nodes">']
    for node, _, depth, _ in edition.walk_tree():
        lines.append(_node_block(page, node, depth, lang, aliases.get(node.id, ()), known,
                                 (mappings or {}).get(node.id, ()), search, parts))
    return "\n".join(lines) + "\n</div>\n"
