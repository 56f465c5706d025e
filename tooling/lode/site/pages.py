"""The standards pages of the site, as Markdown: catalogue, standard, edition, metrics
and the ``latest`` route.

Each function takes model objects and returns one page; where a page lives and how
pages link to each other is decided by :class:`Paths`. Text from YAML reaches Markdown
only through ``markup`` (escaped); nothing here imports mkdocs.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping

from ..model.edition import Edition, Node, Ref, Standard, Text, completeness
from ..render.markup import escape, external_link, front_matter, heading, ident, paragraphs, span, table, tabs
from .paths import SECTION_IDS, Download, Mapping_, Paths, rel

# Tab labels are the same on every page: Material links tabs by label and remembers the
# choice in localStorage, so one click switches every node on every page.
LANGS = (("zh", "中文"), ("en", "English"))

OBLIGATION = {"shall": "shall · 应", "should": "should · 宜", "may": "may · 可", "shall-not": "shall not · 不应"}
REQUIREMENT = {"required": "required · 必须披露", "recommended": "recommended · 建议披露",
               "conditional": "conditional · 条件披露"}
FIDELITY = {
    "official": "the official text",
    "verified": "structure and title checked against a primary source; the wording is Lode's summary",
    "secondary": "from a reliable secondary source; the wording is Lode's summary",
    "inferred": "Lode's reconstruction, to be confirmed",
    "illustrative": "a placeholder showing the shape; not the standard's content",
}
_MISSING = {"zh": "未提供中文。 No Chinese text is authored for this node.",
            "en": "No English text is authored for this node. 未提供英文。"}

def _text(t: Text | None, lang: str, fallback: str | None = None) -> str | None:
    return t.get(lang, fallback) if t else None


def title_of(t: Text, prefer: str = "en") -> str:
    """One display string for a localized title: the preferred language, else any."""
    other = "zh" if prefer == "en" else "en"
    return t.get(prefer, other) or next(iter(t.by_lang.values()))


def short_name(std: Standard) -> str:
    return title_of(std.short_title, "en") if std.short_title else title_of(std.title, "en")


def both(t: Text) -> str:
    """``English / 中文`` where both exist, escaped."""
    en, zh = t.get("en"), t.get("zh")
    return escape(" / ".join(x for x in (en, zh) if x) or title_of(t))


# Field labels inside the language tabs, in the tab's own language.
LABELS = {
    "title": {"zh": "标题", "en": "Title"},
    "text": {"zh": "正文", "en": "Text"},
    "official": {"zh": "官方原文", "en": "Official text"},
    "summary": {"zh": "摘要（Lode 自拟）", "en": "Summary (Lode's words)"},
    "condition": {"zh": "披露条件", "en": "Condition"},
    "note": {"zh": "注", "en": "Note"},
}


def _lang_tabs(parts: Iterable[tuple[str | None, Text | None]]) -> str:
    """One tab per language; each shows the given localized fields as paragraphs, labelled
    (in that language) by the ``LABELS`` key given with each field, if any."""
    parts = list(parts)
    panels = []
    for lang, tab_label in LANGS:
        blocks = []
        for key, t in parts:
            value = _text(t, lang)
            if value:
                paras = paragraphs(value)
                blocks.append((f"**{LABELS[key][lang]}** " if key else "") + paras[0])
                blocks += paras[1:]
        panels.append((tab_label, "\n\n".join(blocks) if blocks else span("lode-missing", _MISSING[lang])))
    return tabs(panels)


def _kind_class(prefix: str, value: str) -> str:
    return f"lode-badge lode-{prefix} lode-{prefix}-{ident(value)}"


def badges(node: Node) -> str:
    out = [span("lode-badge lode-kind", node.kind)]
    if node.obligation:
        out.append(span(_kind_class("obligation", node.obligation), OBLIGATION.get(node.obligation, node.obligation),
                        "obligation"))
    if node.requirement:
        out.append(span(_kind_class("requirement", node.requirement),
                        REQUIREMENT.get(node.requirement, node.requirement), "disclosure requirement"))
    out.append(span(_kind_class("fidelity", node.fidelity), node.fidelity,
                    f"fidelity: {FIDELITY.get(node.fidelity, node.fidelity)}"))
    return " ".join(out)


def _node_label(node: Node, lang: str) -> str:
    t = title_of(node.title, lang)
    return f"{node.number} {t}" if node.number else t


def _ref_link(page: str, ref: str, known: set[tuple[str, str]]) -> str:
    try:
        r = Ref.parse(ref)
    except ValueError:
        return escape(ref)
    if (r.standard, r.edition) not in known:
        return escape(ref)
    return f"[{escape(ref)}]({rel(page, Paths.edition(r.standard, r.edition), r.node)})"


def _value_spec(node: Node) -> str:
    v = node.value
    if v is None:
        return ""
    bits = [f"type {escape(v.type)}"]
    if v.unit:
        bits.append(f"unit {escape(v.unit)}")
    if v.minimum is not None:
        bits.append(f"minimum {escape(str(v.minimum))}")
    if v.maximum is not None:
        bits.append(f"maximum {escape(str(v.maximum))}")
    if v.values:
        bits.append("one of " + ", ".join(escape(x) for x in v.values))
    if v.columns:
        bits.append("columns " + ", ".join(escape(str(c["id"])) for c in v.columns))
    return "Value: " + "; ".join(bits)


def _node_block(page: str, node: Node, depth: int, lang: str, aliases: Iterable[str],
                known: set[tuple[str, str]], mappings: Iterable[Mapping_] = ()) -> str:
    # Alias anchors (ids an earlier edition used for this node) sit just before the
    # heading, so an old link lands on the provision that replaced it.
    pre = "".join(f'<span id="{ident(a)}" class="lode-alias"></span>' for a in aliases)
    parts = [pre + "\n" if pre else "", heading(depth + 2, escape(_node_label(node, lang)), ident(node.id), "lode-node"),
             "", badges(node), ""]
    parts.append(_lang_tabs([("title", node.title), ("official" if node.fidelity == "official" else "text", node.text),
                             ("summary", node.summary), ("condition", node.condition), ("note", node.note)]))
    extra = []
    if node.value:
        extra.append(_value_spec(node))
    if node.sources:
        extra.append("Sources: " + ", ".join(f"[{escape(s)}](#src_{ident(s)})" for s in node.sources))
    if node.replaces:
        extra.append("Replaces: " + ", ".join(f"`{ident(s)}`" for s in node.replaces))
    if node.refs:
        extra.append("See also: " + ", ".join(_ref_link(page, r, known) for r in node.refs))
    if extra:
        parts += ["", " · ".join(extra) + "\n{: .lode-node-meta }"]
    maps = list(mappings)
    if maps:
        parts += ["", "Mappings:", ""]
        parts += [f"- {span(f'lode-badge lode-relation lode-relation-{ident(m.relation)}', m.relation)} "
                  f"{_ref_link(page, str(m.other), known)} — {escape(m.rationale)} "
                  f"([crosswalk]({rel(page, m.crosswalk)}))" for m in maps]
    return "\n".join(parts) + "\n"


def _dates(edition: Edition) -> str:
    return ", ".join(f"{escape(k)} {escape(v)}" for k, v in edition.dates.items()) or "—"


def edition_page(std: Standard, edition: Edition, downloads: list[Download], has_metrics: bool,
                 known: set[tuple[str, str]], aliases: Mapping[str, Iterable[str]] | None = None,
                 mappings: Mapping[str, Iterable[Mapping_]] | None = None, changes: str | None = None) -> str:
    """Every node of one edition with a permanent anchor (its id), zh/en in linked tabs.

    ``aliases`` maps a node id to extra anchor ids that must land on it (ids the
    concordance moved from an earlier edition); ``mappings`` maps a node id to its
    crosswalk rows; ``changes`` is the site path of the redline page from the edition before.
    """
    page = Paths.edition(std.id, edition.edition)
    aliases = aliases or {}
    fid = Counter(n.fidelity for n in edition.walk())
    lines = [front_matter(f"{short_name(std)} {edition.edition}") + heading(1, both(edition.title), "_top"), ""]
    lines += [
        "!!! warning \"Lode's summary, not the official text\"",
        "    Unless a node is marked **official**, the wording on this page is Lode's own summary of the "
        "provision, written from the sources listed below. Each node's fidelity badge says how far it has "
        f"been checked. In this edition: {', '.join(f'{v} {escape(k)}' for k, v in sorted(fid.items()))}. "
        f"See [Provenance]({rel(page, 'provenance.md')}) before relying on any node.",
        "",
        heading(2, "About this edition", SECTION_IDS["about"]),
        "",
    ]
    translations = ", ".join(f"{escape(k)}: {escape(v)}" for k, v in edition.translations.items()) or "—"
    rows = [
        ["Standard", f"[{both(std.title)}]({rel(page, Paths.standard(std.id))})"],
        ["Edition", escape(edition.edition)],
        ["Reference", f"`{ident(std.id)}@{ident(edition.edition)}`"],
        ["Status", span(f"lode-badge lode-status lode-status-{ident(edition.status)}", edition.status)],
        ["Dates", _dates(edition)],
        ["Document number", escape(edition.document_number or "—")],
        ["Supersedes", f"[{escape(edition.supersedes)}]({rel(page, Paths.edition(std.id, edition.supersedes))})"
         if edition.supersedes and (std.id, edition.supersedes) in known else escape(edition.supersedes or "—")],
        ["Authoritative language", escape(edition.language)],
        ["Translations", translations],
        ["Nodes", str(sum(fid.values()))],
    ]
    comp = [(r["kind"], r["expected"], r["authored"]) for r in completeness(edition)]
    if comp:
        rows.append(["Completeness", "; ".join(f"{escape(k)}: {a} authored of {e} expected" for k, e, a in comp)])
    lines += [table(["", ""], rows), ""]

    lines += [heading(2, "Downloads", SECTION_IDS["downloads"]), ""]
    for d in downloads:
        item = f"- [{escape(d.label)}]({rel(page, d.path)})"
        if d.digest and d.checksum_path:
            item += f" — sha256 `{d.digest}` ([checksum]({rel(page, d.checksum_path)}))"
        lines.append(item)
    if has_metrics:
        lines.append(f"- [Metrics table]({rel(page, Paths.metrics(std.id, edition.edition))})")
    if changes:
        lines.append(f"- [What changed since {escape(edition.supersedes or 'the previous edition')}]"
                     f"({rel(page, changes)}) (redline and main technical changes)")
    lines.append("")

    for key, t in (("scope", edition.scope), ("notes", edition.notes)):
        if t:
            lines += [heading(2, key.capitalize(), SECTION_IDS[key]), "", _lang_tabs([(None, t)]), ""]

    lines += [heading(2, "Sources", SECTION_IDS["sources"]), ""]
    for s in edition.sources:
        meta = ", ".join(escape(x) for x in (s.publisher, s.date, s.kind) if x)
        item = f'- <span id="src_{ident(s.id)}"></span>{external_link(s.url, s.title)}'
        item += f" ({meta})" if meta else ""
        item += f" — {' '.join(paragraphs(s.note))}" if s.note else ""
        item += f" `{ident(s.id)}`"
        lines.append(item)
    lines += ["", heading(2, "Provisions", SECTION_IDS["nodes"]), ""]
    for node, _, depth, _ in edition.walk_tree():
        lines.append(_node_block(page, node, depth, edition.language, aliases.get(node.id, ()), known,
                                 (mappings or {}).get(node.id, ())))
    return "\n".join(lines)


def metrics_page(std: Standard, edition: Edition, metric_nodes: list[Node]) -> str:
    page = Paths.metrics(std.id, edition.edition)
    target = Paths.edition(std.id, edition.edition)
    rows = []
    for n in metric_nodes:
        v = n.value
        rows.append([
            f"[`{ident(n.id)}`]({rel(page, target, n.id)})", escape(n.number or ""),
            escape(_text(n.title, "zh") or ""), escape(_text(n.title, "en") or ""),
            escape(n.requirement or ""), escape(v.type) if v else "", escape(v.unit or "") if v else "",
            " / ".join(escape(x) for x in (_text(n.condition, "en"), _text(n.condition, "zh")) if x),
            span(_kind_class("fidelity", n.fidelity), n.fidelity),
        ])
    return "\n".join([
        front_matter(f"Metrics of {short_name(std)} {edition.edition}")
        + heading(1, f"Metrics: {both(edition.title)}", "_top"), "",
        f"Disclosure metrics of [{escape(std.id)}@{escape(edition.edition)}]({rel(page, target)}), "
        "with what a company must report for each. Check every metric's fidelity: "
        "**illustrative** metrics are placeholders that show the shape of the data, not the standard's content.",
        "",
        table(["id", "number", "title (zh)", "title (en)", "requirement", "value type", "unit", "condition",
               "fidelity"], rows),
        "",
    ])


def _edition_rows(page: str, std: Standard, editions: list[Edition]) -> list[list[str]]:
    return [[f"[{escape(e.edition)}]({rel(page, Paths.edition(std.id, e.edition))})", both(e.title),
             span(f"lode-badge lode-status lode-status-{ident(e.status)}", e.status), _dates(e),
             escape(e.supersedes or "—"), str(sum(1 for _ in e.walk()))] for e in editions]


_EDITION_HEADER = ["edition", "title", "status", "dates", "supersedes", "nodes"]


def standard_page(std: Standard, editions: list[Edition]) -> str:
    page = Paths.standard(std.id)
    issuer = external_link(std.issuer.url, title_of(std.issuer.name, "en"))
    if std.issuer.abbreviation:
        issuer += f" ({escape(std.issuer.abbreviation)})"
    if std.issuer.name.get("zh"):
        issuer += f" · {escape(std.issuer.name.get('zh'))}"
    rows = [["Reference", f"`{ident(std.id)}`"], ["Kind", escape(std.kind)], ["Issuer", issuer]]
    if std.homepage:
        rows.append(["Homepage", external_link(std.homepage, std.homepage)])
    lines = [front_matter(short_name(std)) + heading(1, both(std.title), "_top"), "", table(["", ""], rows), ""]
    if std.description:
        lines += [_lang_tabs([(None, std.description)]), ""]
    lines += [heading(2, "Editions", SECTION_IDS["editions"]), "",
              "Oldest first. The [latest listed edition]("
              f"{rel(page, Paths.latest(std.id))}) has a stable link: `/{ident(std.id)}/latest/`, "
              "which keeps any `#anchor`.", "",
              table(_EDITION_HEADER, _edition_rows(page, std, editions)), ""]
    return "\n".join(lines)


def catalogue_page(standards: list[tuple[Standard, list[Edition]]]) -> str:
    page = Paths.catalogue
    lines = [front_matter("Catalogue of standards") + heading(1, "Catalogue of standards", "_top"), "",
             "Every standard in Lode with its editions. *Guidelines* are the standards Lode's drafters author; "
             "*reference* standards are the international texts they are compared with.", ""]
    for kind, label in (("guideline", "Guidelines"), ("reference", "Reference standards")):
        group = [(s, eds) for s, eds in standards if s.kind == kind]
        if not group:
            continue
        lines += [heading(2, label, f"_{kind}"), ""]
        rows = []
        for std, eds in group:
            name = f"[{escape(short_name(std))}]({rel(page, Paths.standard(std.id))})"
            issuer = escape(std.issuer.abbreviation or title_of(std.issuer.name, "en"))
            for e in eds:
                rows.append([name, issuer, *_edition_rows(page, std, [e])[0][:4]])
        lines += [table(["standard", "issuer", *_EDITION_HEADER[:4]], rows), ""]
    return "\n".join(lines)


def latest_page(std: Standard, latest: Edition) -> str:
    """Sends the reader on to the latest listed edition, keeping the ``#anchor``.

    The script reads the target from the link mkdocs has already resolved (so the page
    needs no knowledge of the URL scheme) and appends ``location.hash``; readers without
    JavaScript follow the link."""
    page = Paths.latest(std.id)
    target = rel(page, Paths.edition(std.id, latest.edition))
    return "\n".join([
        front_matter(f"Latest edition of {short_name(std)}")
        + heading(1, f"Latest edition of {escape(short_name(std))}", "_top"), "",
        f"The latest listed edition is [{escape(latest.edition)}: {both(latest.title)}]({target})"
        "{: #lode-latest-target }.", "",
        "<script>(function(){var a=document.getElementById(\"lode-latest-target\");"
        "if(a)location.replace(a.href.split(\"#\")[0]+location.hash);})();</script>", "",
    ])
