"""Every interface string of the generated site, in Chinese and English, in one table.

Pages never write an interface word themselves: they ask :func:`t` for it in the page's
language, so a missing translation is a KeyError in a test, not an English word on a
Chinese page. Data (titles, summaries) is not here: it comes from the YAML, marked with
its own language by :func:`in_lang` wherever it differs from the page's.
"""

from __future__ import annotations

import re
from typing import Mapping

from ..render.markup import escape
from ..render.words import (ENUM_WORDS, NODE_KIND, OBLIGATION, RELATIONS, REQUIREMENT,  # noqa: F401 - re-exported
                            edition_label, number)

#: The site's languages, default first (Chinese: most readers are Chinese mining
#: companies and most guidelines are Chinese-authoritative; see site/contributing.en.md).
LANGS = ("zh", "en")
DEFAULT = "zh"

# Tab labels stay the same in both languages: Material links tabs by label across the
# site, so one choice of tab follows the reader everywhere, whatever the page language.
TAB_LABELS = (("zh", "中文"), ("en", "English"))

_T: dict[str, tuple[str, str]] = {
    # key: (zh, en). Strings with {} are formatted by t(); they are ours, never data.
    "catalogue": ("标准目录", "Catalogue"),
    "catalogue-title": ("标准目录", "Catalogue of standards"),
    "catalogue-intro": ("Lode 收录的全部标准及其各版次。*指南* 是 Lode 的起草者编写的标准；*参照标准* 是与之对照的国际文本。",
                        "Every standard in Lode with its editions. *Guidelines* are the standards Lode's drafters "
                        "author; *reference* standards are the international texts they are compared with."),
    "kind-guideline": ("指南", "Guidelines"),
    "kind-reference": ("参照标准", "Reference standards"),
    "crosswalks": ("对照表", "Crosswalks"),
    "crosswalk-guide": ("如何起草对照表", "How to draft a crosswalk"),
    "metrics": ("指标", "Metrics"),
    "changes-from": ("相对 {} 的变化", "Changes from {}"),
    # tables
    "col-standard": ("标准", "standard"), "col-issuer": ("发布机构", "issuer"), "col-edition": ("版次", "edition"),
    "col-title": ("标题", "title"), "col-status": ("状态", "status"), "col-dates": ("日期", "dates"),
    "col-supersedes": ("代替", "supersedes"), "col-nodes": ("条目数", "nodes"), "col-number": ("编号", "number"),
    "col-metric": ("指标", "metric"), "col-requirement": ("披露要求", "requirement"),
    "col-value": ("数值类型与单位", "value type and unit"), "col-condition": ("披露条件", "condition"),
    "col-fidelity": ("可信度", "fidelity"), "col-path": ("所属层级", "tier path"),
    "col-code": ("代码", "code"), "col-severity": ("级别", "severity"), "col-exit": ("退出码", "exit code"),
    "col-means": ("含义", "what it means"), "col-hint": ("提示", "hint"), "col-req": ("需求", "requirement"),
    "about-field": ("项目", "Field"), "about-value": ("内容", "Value"),
    # edition page
    "disclaimer-title": ("Lode 的摘要，并非官方原文", "Lode's summary, not the official text"),
    "disclaimer": ("除标为 **官方原文** 的条目外，本页措辞均为 Lode 根据下列来源自行撰写的摘要。每个条目的可信度标记说明其核对程度。"
                   "本版次中：{}。依赖任何条目之前，请先阅读[来源说明]({})。",
                   "Unless a node is marked **official**, the wording on this page is Lode's own summary of the "
                   "provision, written from the sources listed below. Each node's fidelity badge says how far it "
                   "has been checked. In this edition: {}. See [Provenance]({}) before relying on any node."),
    "about": ("关于本版次", "About this edition"),
    "row-standard": ("标准", "Standard"), "row-edition": ("版次", "Edition"), "row-reference": ("引用形式", "Reference"),
    "row-status": ("状态", "Status"), "row-dates": ("日期", "Dates"), "row-docno": ("文号", "Document number"),
    "row-supersedes": ("代替", "Supersedes"), "row-language": ("权威语言", "Authoritative language"),
    "row-translations": ("译本", "Translations"), "row-nodes": ("条目数", "Nodes"),
    "row-completeness": ("完整度", "Completeness"), "row-share": ("Lode 译文占比", "Lode's translations"),
    "share": ("{pct}%（共 {total} 条文字中 {n} 条为 Lode 译）",
              "{pct}% ({n} of {total} strings are Lode's translation)"),
    "completeness": ("{kind}：预期 {expected}，已编写 {authored}", "{kind}: {authored} authored of {expected} expected"),
    "downloads": ("下载", "Downloads"),
    "dl-json": ("版次数据（规范化 JSON）", "Edition as canonical JSON"),
    "dl-nodes": ("全部条目（CSV）", "Nodes as CSV"), "dl-metrics": ("指标（CSV）", "Metrics as CSV"),
    "dl-schema": ("JSON 数据模式：{}", "JSON Schema: {}"), "checksum": ("校验文件", "checksum"),
    "dl-disclosure-schema": ("披露文件的 JSON 数据模式", "Disclosure JSON Schema"),
    "dl-template": ("披露填报模板（XLSX 工作簿）", "Disclosure template (Excel)"),
    "metrics-table": ("指标表", "Metrics table"),
    "what-changed": ("自 {} 以来的变化", "What changed since {}"),
    "what-changed-note": ("修订对照与主要技术变化", "redline and main technical changes"),
    "previous-edition": ("上一版次", "the previous edition"),
    "scope": ("适用范围", "Scope"), "notes": ("说明", "Notes"), "sources": ("来源", "Sources"),
    "provisions": ("条款", "Provisions"), "provenance": ("来源说明", "Provenance"),
    # node block
    "label-title": ("标题", "Title"), "label-text": ("正文", "Text"), "label-official": ("官方原文", "Official text"),
    "label-summary": ("摘要（Lode 自拟）", "Summary (Lode's words)"), "label-condition": ("披露条件", "Condition"),
    "label-note": ("注", "Note"),
    "missing-zh": ("未提供中文。", "No Chinese text is authored for this node yet."),
    "missing-en": ("未提供英文。", "No English text is authored for this node yet."),
    "value": ("数值", "Value"), "value-type": ("类型 {}", "type {}"), "value-unit": ("单位 {}", "unit {}"),
    "value-min": ("最小值 {}", "minimum {}"), "value-max": ("最大值 {}", "maximum {}"),
    "value-one-of": ("取值之一：{}", "one of {}"), "value-columns": ("列 {}", "columns {}"),
    "node-sources": ("来源", "Sources"), "node-replaces": ("取代", "Replaces"), "node-refs": ("另见", "See also"),
    "mappings": ("对照关系：", "Mappings:"), "crosswalk": ("对照表", "crosswalk"),
    "translated": ("Lode 译", "Lode's translation"),
    "translated-tip": ("此文字是 Lode 的翻译，不是官方译文。", "This text is Lode's own translation, not an official one."),
    "tip-obligation": ("义务强度", "obligation"), "tip-requirement": ("披露要求", "disclosure requirement"),
    "tip-fidelity": ("可信度：{}", "fidelity: {}"),
    # metrics page
    "metrics-title": ("指标：{}", "Metrics: {}"), "metrics-of": ("{} 的指标", "Metrics of {}"),
    "metrics-intro": ("[{}]({}) 的披露指标及每项指标要求企业报告的内容。请核对每项指标的可信度："
                      "**示意** 指标只是展示数据形态的占位，并非标准的内容。",
                      "Disclosure metrics of [{}]({}), with what a company must report for each. Check every "
                      "metric's fidelity: **illustrative** metrics are placeholders that show the shape of the "
                      "data, not the standard's content."),
    # standard page
    "row-kind": ("类别", "Kind"), "row-issuer": ("发布机构", "Issuer"), "row-homepage": ("主页", "Homepage"),
    "editions": ("版次", "Editions"),
    "editions-intro": ("按时间先后排列。[最新收录版次]({})有固定链接 `/{}/latest/`，并保留任何 `#锚点`。",
                       "Oldest first. The [latest listed edition]({}) has a stable link: `/{}/latest/`, "
                       "which keeps any `#anchor`."),
    "latest-title": ("{} 的最新版次", "Latest edition of {}"),
    "latest-body": ("最新收录的版次是 [{}：{}]({}){{: #lode-latest-target }}。",
                    "The latest listed edition is [{}: {}]({}){{: #lode-latest-target }}."),
    # codes page
    "list-sep": ("，", ", "), "colon": ("：", ": "),
    # `make serve` when a save leaves a file that no longer validates (site/mkdocs_rebuild.py)
    "serve-error-title": ("站点未更新：校验发现错误", "The site was not updated: validation found errors"),
    "serve-error-intro": ("下列文件未通过校验。改正后保存，本页会自动显示更新后的站点；在此之前，各标准页面不显示旧内容，以免误当作当前内容。",
                          "These files no longer validate. Fix them and save: this page then shows the updated "
                          "site by itself. Until then the standards' pages show this instead of their last "
                          "version, which is no longer current."),
    "codes-title": ("问题代码", "Finding codes"),
    "codes-intro": ("Lode 报告的每个问题都有一个稳定的代码。本页由 `tooling/lode/core/codes.py` 与各项检查的注册表生成；"
                    "“需求”一列指出该代码实现的可靠性研究中的需求。",
                    "Every problem Lode reports has a stable code. This page is generated from "
                    "`tooling/lode/core/codes.py` and the checks' registry; the *requirement* column names the "
                    "requirement in the project's reliability research that the code implements."),
    "codes-note": ("代码名称和严重程度照命令行输出的原样书写（如 `error[fact-unit]`）；摘要和提示与中文命令行输出相同"
                   "（`lode --lang zh` 或中文区域设置）。",
                   "Names and severities are written as the command line prints them (e.g. `error[fact-unit]`); "
                   "summaries and hints are those of its English output."),
}

# Values of the data's enumerations, as a reader sees them.
_ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "obligation": OBLIGATION,
    "requirement": REQUIREMENT,
    # The product's own words come from the glossary (core/glossary.py), the one place
    # the pages, the command line and the guides take them from.
    "fidelity": ENUM_WORDS["fidelity"],
    "fidelity-long": {
        "official": ("官方原文", "the official text"),
        "verified": ("结构与标题已对照一手来源核实；措辞为 Lode 的摘要",
                     "structure and title checked against a primary source; the wording is Lode's summary"),
        "secondary": ("来自可靠的二手来源；措辞为 Lode 的摘要", "from a reliable secondary source; the wording is Lode's summary"),
        "inferred": ("Lode 的重构，有待确认", "Lode's reconstruction, to be confirmed"),
        "illustrative": ("展示形态的占位，并非标准的内容", "a placeholder showing the shape; not the standard's content"),
    },
    "status": ENUM_WORDS["status"],
    # A crosswalk row read from this clause's side: the crosswalk pages' words.
    "relation": {k: (v["zh"], v["en"]) for k, v in RELATIONS.items()},
    "kind": {"guideline": ("指南", "guideline"), "reference": ("参照标准", "reference")},
    "translation": {"working": ("Lode 工作译本", "working (Lode's)"), "reviewed": ("已审校", "reviewed"),
                    "official": ("官方译本", "official")},
    "date": ENUM_WORDS["dates"],
    "node-kind": NODE_KIND,
    "value-type": {"number": ("数值", "number"), "integer": ("整数", "integer"), "boolean": ("是/否", "yes/no"),
                   "text": ("文本", "text"), "date": ("日期", "date"), "enum": ("选项", "one of a list"),
                   "table": ("表格", "table"), "percent": ("百分比", "percent")},
    # Units a metric declares, in words where Chinese writes them in words; a unit not
    # listed is a symbol and is shown as code.
    "unit": {"%": ("%", "%"), "CNY": ("元", "CNY"), "cases": ("起", "cases"), "ha": ("公顷", "ha"),
             "m3": ("立方米", "m³"), "persons": ("人", "persons"), "t": ("吨", "t"),
             "per million hours worked": ("每百万工时", "per million hours worked"),
             "tCO2e": ("吨二氧化碳当量", "tCO2e"), "tCO2e/t ore": ("吨二氧化碳当量/吨矿石", "tCO2e/t ore"),
             "tce": ("吨标准煤", "tce")},
    "source-kind": {"primary": ("一手来源", "primary"), "secondary": ("二手来源", "secondary"),
                    "framing": ("背景评论", "framing")},
}

def unit(value: str, lang: str) -> str:
    """A metric's unit, escaped: in words where listed, else as code (a symbol)."""
    pair = _ENUMS["unit"].get(value)
    return escape(pair[_IDX[lang]]) if pair else f"<code>{escape(value)}</code>"


def other_lang(text: str, lang: str) -> str:
    """Escaped ``text`` that is legitimately in another language or no language at all (a
    document's own title, a publisher's name, a language's name in itself): marked so
    that translation tools and the leak test leave it alone."""
    return f'<span translate="no" lang="{lang}">{escape(text)}</span>' if lang else \
        f'<span translate="no">{escape(text)}</span>'


# The nav labels of mkdocs.yml (English keys) in Chinese; the plugin applies them.
NAV = {
    "Home": "首页", "Standards": "标准", "Catalogue": "标准目录", "Guides": "指南",
    "How to read an edition": "如何阅读版次页", "For companies": "企业指南", "For drafters": "起草者指南",
    "For validators": "核验方指南", "For releases": "发布版本指南", "Provenance": "来源说明", "Crosswalks": "对照表",
    "How to draft a crosswalk": "如何起草对照表", "Reference": "参考", "Command line": "命令行",
    "Finding codes": "问题代码", "Diffs": "差异格式", "Contributing": "参与贡献", "Metrics": "指标",
    "Consultation": "征求意见", "Checking service": "检查服务", "Releases and pins": "发布版本与固定版本",
    "Glossary": "术语表", "Disclosure verdicts": "披露检查结论格式", "Who must report": "谁须披露",
}

_IDX = {"zh": 0, "en": 1}


def t(key: str, lang: str, *args: object, **kwargs: object) -> str:
    """The interface string ``key`` in ``lang``, formatted with (already escaped) arguments."""
    s = _T[key][_IDX[lang]]
    return s.format(*args, **kwargs) if args or kwargs else s


def enum(kind: str, value: str, lang: str) -> str:
    """A data enumeration's value as a reader of ``lang`` sees it (the raw value if unknown)."""
    pair = _ENUMS[kind].get(value)
    return pair[_IDX[lang]] if pair else value


def other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def in_lang(text: str, text_lang: str, page_lang: str) -> str:
    """Escaped ``text``, wrapped in ``<span lang>`` when it is not in the page's language
    (screen readers, hyphenation and fonts follow the element's language)."""
    body = escape(text)
    return body if text_lang == page_lang else f'<span lang="{text_lang}">{body}</span>'


def pick(by_lang: Mapping[str, str], lang: str) -> tuple[str, str] | None:
    """(text, its language) of a localized value: the reader's language, else the other."""
    for lg in (lang, other(lang)):
        if by_lang.get(lg):
            return by_lang[lg], lg
    for lg, v in by_lang.items():
        if v:
            return v, lg
    return None


def nav_title(title: str, lang: str) -> str:
    return NAV.get(title, title) if lang == "zh" else title


def translate_nav(nav: object, lang: str) -> object:
    """mkdocs.yml's hand-written ``nav`` with its titles in ``lang``."""
    if isinstance(nav, list):
        return [translate_nav(x, lang) for x in nav]
    if isinstance(nav, dict):
        return {nav_title(k, lang): translate_nav(v, lang) for k, v in nav.items()}
    return nav


def badge(lang: str) -> str:
    """The mark on a string that is Lode's translation (never the official text)."""
    return (f'<span class="lode-badge lode-translated" title="{escape(t("translated-tip", lang))}" '
            f'data-search-exclude>{escape(t("translated", lang))}</span>')


def is_translated(text: object, lang: str) -> bool:
    """Whether ``lang``'s version of a localized string is Lode's translation.

    The model will grow ``Text.translated(lang)`` (branch zh-content); until then the
    mark is read from ``translated_from`` directly, with the same meaning."""
    method = getattr(text, "translated", None)
    if callable(method):
        return bool(method(lang))
    return lang in (getattr(text, "translated_from", None) or {})


_HAN = re.compile(r"[\u3400-\u9fff]")


def lang_of(text: str) -> str:
    """The language of a name or title that carries no mark of its own: Chinese if it
    has any Han character, else English (the corpus holds no third language)."""
    return "zh" if _HAN.search(text) else "en"


# A run of Chinese inside English text, with its brackets and punctuation: a title, a
# document number or a term the English quotes in its own language.
_HAN_RUN = re.compile(r"[《「“（]*[\u3400-\u9fff][\u3400-\u9fff\u3000-\u303f\uff00-\uffef0-9]*")


def quotes_marked(html: str, text_lang: str) -> str:
    """Escaped text of ``text_lang`` with the Chinese it quotes marked as such (English
    text only: Chinese inside English is always a quotation, a name or a number)."""
    if text_lang != "en" or not _HAN.search(html):
        return html
    return _HAN_RUN.sub(lambda m: f'<span lang="zh" translate="no">{m.group()}</span>', html)


def show(text: object, lang: str, marked: bool = True) -> str:
    """A localized string (``Text``) for a page in ``lang``: the reader's language if
    authored, else the other one inside ``<span lang>``; escaped; followed by the
    translation mark when the version shown is Lode's translation (unless ``marked`` is
    False, for headings and nav titles, which carry the mark elsewhere)."""
    if isinstance(text, str):  # a plain string of the data (a source's note written before notes were localized)
        text = {"by_lang": {lang_of(text): text}}
        got = pick(text["by_lang"], lang)
    else:
        got = pick(getattr(text, "by_lang", {}) or {}, lang) if text is not None else None
    if got is None:
        return ""
    value, lg = got
    out = quotes_marked(in_lang(value, lg, lang), lg)
    return out + " " + badge(lang) if marked and is_translated(text, lg) else out
