"""The pages around the editions, as Markdown in one language: the catalogue, a
standard's page, an edition's metrics table and the ``latest`` route.

Like ``pages``, every function takes the page's language (``lang``) and gets every
interface word from ``i18n``; text from YAML is escaped by ``markup``.
"""

from __future__ import annotations

from typing import Iterable

from ..model.edition import Edition, Node, Standard
from ..render.markup import (HTML_BELOW, escape, external_link, front_matter, heading, html_link, html_table, ident, span,
                             table)
from . import memo
from .i18n import badge, edition_label, enum, is_translated, number, show, t
from .memo import Parts
from .pages import _lang_tabs, dates, short_name, title_of, value_spec
from .paths import SECTION_IDS, Paths, rel, url


def stacked(markdown_table: str) -> str:
    """A Markdown table that becomes one card per row on a phone (``.lode-stack``)."""
    return f'<div class="lode-stack" markdown>\n\n{markdown_table}\n\n</div>'


def _edition_rows(page: str, std: Standard, editions: list[Edition], lang: str) -> list[list[str]]:
    return [[*_edition_row(page, std, e, lang), escape(edition_label(e.supersedes, lang) if e.supersedes else "—"),
             str(sum(1 for _ in e.walk()))] for e in editions]


def _edition_row(page: str, std: Standard, e: Edition, lang: str) -> list[str]:
    """An edition's first four columns (the catalogue shows no more: counting its nodes
    walked every edition of the corpus at each save under `make serve`)."""
    return [f"[{escape(edition_label(e.edition, lang))}]({rel(page, Paths.edition(std.id, e.edition))})",
            show(e.title, lang, marked=False),
            span(f"lode-badge lode-status lode-status-{ident(e.status)}", enum("status", e.status, lang)),
            dates(e, lang)]


def _edition_header(lang: str) -> list[str]:
    return [t(k, lang) for k in ("col-edition", "col-title", "col-status", "col-dates", "col-supersedes", "col-nodes")]


def standard_page(std: Standard, editions: list[Edition], lang: str = "en") -> str:
    page = Paths.standard(std.id)
    issuer = external_link(std.issuer.url, title_of(std.issuer.name, lang))
    if std.issuer.abbreviation:
        issuer += f" ({escape(std.issuer.abbreviation)})"
    rows = [[t("row-reference", lang), f"`{ident(std.id)}`"], [t("row-kind", lang), escape(enum("kind", std.kind, lang))],
            [t("row-issuer", lang), issuer]]
    if std.homepage:
        rows.append([t("row-homepage", lang), external_link(std.homepage, std.homepage)])
    lines = [front_matter(short_name(std, lang)) + heading(1, show(std.title, lang, marked=False), "_top"), "",
             table([t("about-field", lang), t("about-value", lang)], rows), ""]
    if std.description:
        lines += [_lang_tabs([(None, std.description)], lang), ""]
    lines += [heading(2, t("editions", lang), SECTION_IDS["editions"]), "",
              t("editions-intro", lang, rel(page, Paths.latest(std.id)), ident(std.id)), "",
              stacked(table(_edition_header(lang), _edition_rows(page, std, editions, lang))), ""]
    return "\n".join(lines)


def catalogue_page(standards: list[tuple[Standard, list[Edition]]], lang: str = "en") -> str:
    page = Paths.catalogue
    lines = [front_matter(t("catalogue-title", lang)) + heading(1, t("catalogue-title", lang), "_top"), "",
             t("catalogue-intro", lang), ""]
    for kind in ("guideline", "reference"):
        group = [(s, eds) for s, eds in standards if s.kind == kind]
        if not group:
            continue
        lines += [heading(2, t(f"kind-{kind}", lang), f"_{kind}"), ""]
        rows = []
        for std, eds in group:
            name = f"[{escape(short_name(std, lang))}]({rel(page, Paths.standard(std.id))})"
            # The issuer by its name in the reader's language; English readers know the acronyms.
            issuer = escape(title_of(std.issuer.name, lang) if lang == "zh" or not std.issuer.abbreviation
                            else std.issuer.abbreviation)
            for e in eds:
                rows.append([name, issuer, *_edition_row(page, std, e, lang)])
        lines += [stacked(table([t("col-standard", lang), t("col-issuer", lang), *_edition_header(lang)[:4]], rows)), ""]
    return "\n".join(lines)


def _tier_paths(edition: Edition, ids: Iterable[str]) -> dict[str, list[Node]]:
    """Node id -> its ancestors, outermost first (the indicator tiers above a metric), for ``ids``."""
    by_id = {n.id: n for n in edition.walk()}
    parent = {n.id: p for n, p, _, _ in edition.walk_tree()}
    out = {}
    for nid in ids:
        chain, p = [], parent[nid]
        while p is not None:
            chain.append(by_id[p])
            p = parent[p]
        out[nid] = chain[::-1]
    return out


def metrics_page(std: Standard, edition: Edition, metric_nodes: list[Node], lang: str = "en",
                 parts: Parts | None = None) -> str:
    """The metrics of an edition in one table (HTML) that fits a 1280 px screen: the metric
    (number, title in the reader's language, its tier path and id), requirement, value
    type and unit, condition and fidelity; a column no metric fills is left out.
    ``parts``: each metric's row of the last build, reused when its inputs are the same."""
    page = Paths.metrics(std.id, edition.edition)
    target = Paths.edition(std.id, edition.edition)
    tiers = _tier_paths(edition, (n.id for n in metric_nodes))
    cols: dict[str, list[str]] = {"metric": [], "requirement": [], "value": [], "condition": [], "fidelity": []}
    for n in metric_nodes:
        chain = tiers[n.id]
        row = memo.block(parts, (lang, n.id), (page, memo.node_key(n), tuple((a.id, a.number, a.title) for a in chain)),
                         lambda _: _metric_row(page, target, n, chain, lang), None)
        for column, cell in zip(cols.values(), row):
            column.append(cell)
    keep = [k for k, v in cols.items() if any(v)]
    header = [t(f"col-{k}", lang) for k in keep]
    rows = [[cols[k][i] for k in keep] for i in range(len(metric_nodes))]
    title = t("metrics-of", lang, f"{short_name(std, lang)} {edition.edition}")
    return "\n".join([
        front_matter(title) + heading(1, t("metrics-title", lang, show(edition.title, lang, marked=False)), "_top"), "",
        t("metrics-intro", lang, f"`{ident(std.id)}@{ident(edition.edition)}`", rel(page, target)), "",
        HTML_BELOW, f'<div class="lode-metrics lode-cards">{html_table(header, rows)}</div>', "",
    ])


def _metric_row(page: str, target: str, n: Node, tiers: list[Node], lang: str) -> tuple[str, ...]:
    """One metric's cells: metric (with its tier path: the ids, numbers and titles of
    ``tiers``), requirement, value, condition, fidelity."""
    path = " › ".join(html_link(url(page, target, a.id), (escape(number(a.number, lang)) + " " if a.number else "")
                                + show(a.title, lang, marked=False)) for a in tiers)
    head = html_link(url(page, target, n.id), (escape(number(n.number, lang)) + " " if n.number else "")
                     + show(n.title, lang, marked=False))
    if any(x is not None and is_translated(x, lang) and x.get(lang) for x in (n.title, n.condition)):
        head += " " + badge(lang)  # once per metric, not on each of its strings
    return (head + (f'<br><span class="lode-tier">{path}</span>' if path else "") + f"<br><code>{ident(n.id)}</code>",
            span(f"lode-badge lode-requirement lode-requirement-{ident(n.requirement)}",
                 enum("requirement", n.requirement, lang)) if n.requirement else "",
            value_spec(n, lang),
            show(n.condition, lang, marked=False) if n.condition else "",
            span(f"lode-badge lode-fidelity lode-fidelity-{ident(n.fidelity)}", enum("fidelity", n.fidelity, lang)))


def latest_page(std: Standard, latest: Edition, lang: str = "en") -> str:
    """Sends the reader on to the latest listed edition, keeping the ``#anchor``.

    The script reads the target from the link mkdocs has already resolved (so the page
    needs no knowledge of the URL scheme) and appends ``location.hash``; readers without
    JavaScript follow the link."""
    page = Paths.latest(std.id)
    target = rel(page, Paths.edition(std.id, latest.edition))
    name = short_name(std, lang)
    return "\n".join([
        front_matter(t("latest-title", lang, name)) + heading(1, t("latest-title", lang, escape(name)), "_top"), "",
        t("latest-body", lang, escape(latest.edition), show(latest.title, lang, marked=False), target), "",
        "<script>(function(){var a=document.getElementById(\"lode-latest-target\");"
        "if(a)location.replace(a.href.split(\"#\")[0]+location.hash);})();</script>", "",
    ])

