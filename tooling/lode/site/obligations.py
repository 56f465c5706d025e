"""The obligations page: who must report under which framework, as a small form.

The page holds a plain HTML form and, for readers without JavaScript, the full table of
applicability entries; ``site/assets/obligations.js`` reads ``obligations.json`` (written
here from the same entries ``lode obligations`` reads) and shows what a company of the
chosen listing reports under, with the command line's rule: an entry covers the company,
is in force for the year, and for each edition (and part of it) the strongest wins.
"""

from __future__ import annotations

import json
from typing import Sequence

from ..core.glossary import term
from ..model.obligations import VENUES, Entry
from ..render.markup import escape, front_matter, heading, html_table

PAGE = "obligations.md"
DATA = "obligations.json"
SCRIPT = "assets/obligations.js"

_T = {
    "title": ("谁须披露", "Who must report"),
    "intro": ("按上市地点、指数成份和财务年度，列出企业须（或鼓励）依据的披露框架及版次、强制程度和报告截止日期。"
              "数据取自各标准 `standard.yaml` 中的适用范围（applicability）条目，每条注明可信度（fidelity）和来源；"
              "命令行 `lode obligations` 给出相同结果。",
              "Pick where a company is listed, the indices it belongs to and the financial year: the page lists the "
              "frameworks and editions it reports under, mandatory or voluntary, and when the report is due. The data "
              "are the applicability entries of each standard's `standard.yaml`, each with its fidelity and sources; "
              "`lode obligations` gives the same answer on the command line."),
    "listed": ("上市地点", "Listed at"),
    "dual": ("另一上市地点（两地上市）", "Also listed at (dual listing)"),
    "none": ("无", "none"),
    "index": ("所属指数", "Index constituent of"),
    "board": ("上市板块", "Board"),
    "year": ("财务年度", "Financial year"),
    "submit": ("查询", "Show"),
    "result": ("结果", "Result"),
    "all": ("全部适用范围条目", "Every applicability entry"),
    "list-sep": ("、", ", "),
    "noscript": ("本页的查询表单需要 JavaScript；下表列出全部条目。",
                 "The form needs JavaScript; the table below lists every entry."),
    "cols": (["框架及版次", "上市地点", "适用对象", "要求", "起始财务年度", "首份报告截止", "可信度"],
             ["Framework and edition", "Venue", "Who", "Requirement", "From financial year", "First report due",
              "Fidelity"]),
}
_VENUE_NAMES = {"sse": ("上交所", "SSE"), "szse": ("深交所", "SZSE"), "bse": ("北交所", "BSE"),
                "hkex": ("香港联交所", "HKEX"), "any": ("任何", "any")}
# The same words as the script's (site/assets/obligations.js), for the table it does not make.
_REQUIREMENTS = {"mandatory": ("强制", "mandatory"), "comply-or-explain": ("不遵守就解释", "comply or explain"),
                 "voluntary": ("自愿", "voluntary")}
_BOARD_NAMES = {"main": ("主板", "Main Board"), "star": ("科创板", "STAR Market"), "chinext": ("创业板", "ChiNext"),
                "gem": ("GEM（港交所）", "GEM")}
# The indices the applicability entries name, by their ids in the data (an id not here is shown as written).
_INDEX_NAMES = {"sse-180": ("上证180指数", "SSE 180 Index"), "star-50": ("科创50指数", "STAR 50 Index"),
                "szse-100": ("深证100指数", "SZSE 100 Index"), "chinext": ("创业板指数", "ChiNext Index"),
                "hsci-largecap": ("恒生综合大型股指数", "Hang Seng Composite LargeCap Index")}
_IDX = {"zh": 0, "en": 1}


def _t(key: str, lang: str):  # type: ignore[no-untyped-def]
    return _T[key][_IDX[lang]]


def data(found: Sequence[Entry]) -> bytes:
    """The entries as the page's script reads them."""
    rows = [{"standard": e.standard, "edition": e.edition, "title": dict(e.title), **dict(e.data),
             "fidelity-text": {lang: term(e.data["fidelity"], lang) for lang in ("zh", "en")}} for e in found]
    return (json.dumps({"lode-obligations-data": 1, "entries": rows}, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode()


def _name(names: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    return names.get(key, (key, key))[_IDX[lang]]


def _who(who: dict, lang: str) -> str:
    if who.get("all"):
        return "全部上市公司" if lang == "zh" else "all listed companies"
    if "index" in who:
        return ("指数成份：" if lang == "zh" else "index: ") + _t("list-sep", lang).join(
            _name(_INDEX_NAMES, i, lang) for i in who["index"])
    if "board" in who:
        return ("板块：" if lang == "zh" else "board: ") + _t("list-sep", lang).join(
            _name(_BOARD_NAMES, b, lang) for b in who["board"])
    return "两地上市公司" if lang == "zh" else "dual-listed companies"


def page(found: Sequence[Entry], lang: str) -> str:
    title = _t("title", lang)
    indexes = sorted({i for e in found for i in e.data["who"].get("index", ())})
    boards = sorted({b for e in found for b in e.data["who"].get("board", ())})
    years = sorted({y for e in found for y in (e.data.get("from-fiscal-year"),) if y})
    choices = list(range(min(years), max(years) + 3)) if years else [2025]
    up = "../" if lang == "zh" else "../../"  # the page is /obligations/ or /en/obligations/
    venue = "".join(f'<label><input type="checkbox" name="listed" value="{v}"> {_VENUE_NAMES[v][_IDX[lang]]}</label> '
                    for v in VENUES)
    dual = (f'<option value="">{_t("none", lang)}</option>'
            + "".join(f'<option value="{v}">{_VENUE_NAMES[v][_IDX[lang]]}</option>' for v in VENUES))
    idx = "".join(f'<label><input type="checkbox" name="index" value="{escape(i)}"> '
                  f'{escape(_name(_INDEX_NAMES, i, lang))}</label> ' for i in indexes)
    board = "".join(f'<label><input type="checkbox" name="board" value="{escape(b)}"> '
                    f'{escape(_name(_BOARD_NAMES, b, lang))}</label> ' for b in boards)
    year = "".join(f'<option value="{y}"{" selected" if y == max(years or [2025]) else ""}>{y}</option>'
                   for y in choices)
    rows = []
    for e in found:
        d = e.data
        name = escape(e.title.get(lang) or e.title.get("en") or e.standard)
        part = (f"{'（' if lang == 'zh' else ' ('}{escape(', '.join(d['nodes']))}{'）' if lang == 'zh' else ')'}"
                if d.get("nodes") else "")
        rows.append([f"{name} <code>{escape(e.standard)}@{escape(e.edition)}</code>{part}",
                     _VENUE_NAMES[d['venue']][_IDX[lang]], escape(_who(d['who'], lang)),
                     _REQUIREMENTS[d['requirement']][_IDX[lang]], str(d.get('from-fiscal-year') or ''),
                     escape(str(d.get('first-report-due') or '')), escape(term(d['fidelity'], lang))])
    return "\n".join([
        front_matter(title) + heading(1, title, "_top"), "", _t("intro", lang), "",
        f'<form id="lode-obligations" data-src="{up}{DATA}" data-lang="{lang}">',
        f'<fieldset><legend>{_t("listed", lang)}</legend>{venue}</fieldset>',
        f'<p><label>{_t("dual", lang)} <select name="dual">{dual}</select></label></p>',
        f'<fieldset><legend>{_t("index", lang)}</legend>{idx}</fieldset>',
        f'<fieldset><legend>{_t("board", lang)}</legend>{board}</fieldset>' if boards else "",
        f'<p><label>{_t("year", lang)} <select name="year">{year}</select></label> '
        f'<button type="submit" class="md-button md-button--primary">{_t("submit", lang)}</button></p>',
        "</form>", "",
        # Only this page runs the form's script (not every page through extra_javascript).
        f'<script src="{up}{SCRIPT}" defer></script>', "",
        heading(2, _t("result", lang), "result"), "",
        '<div id="lode-obligations-result" class="lode-cards" aria-live="polite"></div>', "",
        f"<noscript>{_t('noscript', lang)}</noscript>", "",
        # A card per entry on a phone, each value under its column's name, as the result's
        # (.lode-cards); an edition's code breaks only after a hyphen (lode.css).
        heading(2, _t("all", lang), "entries"), "",
        f'<div class="lode-cards lode-editions-named">{html_table([escape(c) for c in _t("cols", lang)], rows)}</div>', ""])
