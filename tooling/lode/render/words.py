"""Words every renderer of people's text shares, in Chinese and English: a node's printed
number ("Step 1" is 第一步 in Chinese, 附录四 is "Appendix 4" in English), an edition's
name as a reader sees it, and the obligation and requirement words. The site's pages
(``site/i18n``) and the GB/T list of main changes (``render/changes``) both use them, so
a clause is numbered the same way in the list and in its heading."""

from __future__ import annotations

import re

from ..core import glossary
from ..core.i18n import current_lang

OBLIGATION = {"shall": ("应", "shall"), "should": ("宜", "should"), "may": ("可", "may"),
              "shall-not": ("不应", "shall not")}
REQUIREMENT = {**{k: (glossary.zh(k), glossary.en(k)) for k in ("required", "recommended", "conditional")},
               "comply-or-explain": ("不遵守就解释", "comply or explain")}

def zh_reader() -> bool:
    """Whether this run's terminal text is for a Chinese reader (``lode --lang`` or the
    locale); the machine formats never ask."""
    return current_lang() == "zh"


_CN_DIGITS = "零一二三四五六七八九十"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def _cn(n: int) -> str:
    """1..99 in Chinese numerals (一, 十二, 二十), as printed headings write them."""
    if n <= 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


def _from_cn(s: str) -> int | None:
    if not s or any(c not in _CN_DIGITS for c in s):
        return None
    if "十" not in s:
        return _CN_DIGITS.index(s) if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)


def _int(s: str) -> int | None:
    return int(s) if s.isdigit() else _ROMAN.get(s)


# A printed number's word and its Chinese frame: "Step 1" is 第一步, "Annex II" 附件二.
_NUMBER_WORDS = (("Step", "第{}步"), ("Type", "第{}类"), ("Chapter", "第{}章"), ("Article", "第{}条"),
                 ("Section", "第{}部分"), ("Part", "第{}篇"), ("Annex", "附件{}"), ("Appendix", "附录{}"))


# Labels before a code (HKEX's "Aspect A1"): the code stays, the word is translated.
_LABELS = (("Subject Area", "主要范畴"), ("Aspect", "层面"))
# A Chinese number read in English, part by part: 第三章第一节第31条 is "Chapter 3, Section 1, Article 31".
_CN_PART = re.compile(r"第([零一二三四五六七八九十]+|\d+)(章|节|条|款|步|类|部分|篇)")
_CN_WORD = {"章": "Chapter", "节": "Section", "条": "Article", "款": "Paragraph", "步": "Step", "类": "Type",
            "部分": "Part", "篇": "Part"}


def number(value: str, lang: str) -> str:
    """A node's printed number in the reader's language: "Step 1" reads 第一步 on a Chinese
    page and 附录四 reads "Appendix 4" on an English one; plain numbers (2.4.6, 14.1) and
    anything else are shown as written."""
    word, _, n = value.partition(" ")
    if lang == "zh":
        for en, zh in _NUMBER_WORDS:
            if word == en and _int(n) is not None:
                return zh.format(_cn(_int(n)))  # type: ignore[arg-type]
        if word == "Part" and len(n) == 1 and n.isupper():
            return f"{n} 部分"
        for en, zh in _LABELS:
            if value.startswith(en + " ") and value[len(en) + 1:].isalnum():
                return f"{zh} {value[len(en) + 1:]}"
        return value
    for en, zh in _NUMBER_WORDS:
        head, _, tail = zh.partition("{}")
        if value.startswith(head) and value.endswith(tail) and len(value) > len(head) + len(tail):
            k = _from_cn(value[len(head):len(value) - len(tail)])
            if k is not None:
                return f"{en} {k}"
    parts = _CN_PART.findall(value)
    if parts and "".join(f"第{a}{b}" for a, b in parts) == value:
        return ", ".join(f"{_CN_WORD[b]} {a if a.isdigit() else _from_cn(a)}" for a, b in parts)
    return value


def edition_label(edition: str, lang: str) -> str:
    """An edition's name as a reader sees it: "2026-draft" is 2026（草案） / 2026 (draft)."""
    year, dash, rest = edition.partition("-")
    if dash and rest == "draft":
        return f"{year}（草案）" if lang == "zh" else f"{year} (draft)"
    return edition


# Change kinds and impacts of a diff (``diff/result.py`` KINDS, IMPACTS): the site's
# changes pages and `lode diff` say them alike.
KIND = {
    "added": {"zh": "新增", "en": "added"}, "removed": {"zh": "不再出现", "en": "no longer present"},
    "moved": {"zh": "移动", "en": "moved"}, "renumbered": {"zh": "重新编号", "en": "renumbered"},
    "retitled": {"zh": "标题修改", "en": "retitled"}, "text": {"zh": "内容修改", "en": "text changed"},
    "obligation": {"zh": "义务强度", "en": "obligation"}, "requirement": {"zh": "披露要求", "en": "requirement"},
    "value-spec": {"zh": "取值规格", "en": "value specification"}, "condition": {"zh": "适用条件", "en": "condition"},
    "fidelity": {"zh": "可信度", "en": "fidelity"}, "metadata": {"zh": "元数据", "en": "metadata"},
}
IMPACT = {"editorial": {"zh": "编辑性改动", "en": "editorial"}, "technical": {"zh": "技术性变化", "en": "technical"},
          "breaking-for-disclosers": {"zh": "影响披露方", "en": "breaking for disclosers"}}

# Field names as a diff reports them (node and edition fields).
FIELDS = {
    "title": {"zh": "标题", "en": "title"}, "short-title": {"zh": "简称", "en": "short title"},
    "status": {"zh": "状态", "en": "status"}, "language": {"zh": "权威语言", "en": "authoritative language"},
    "document-number": {"zh": "文号", "en": "document number"}, "dates": {"zh": "日期", "en": "dates"},
    "supersedes": {"zh": "代替", "en": "supersedes"}, "translations": {"zh": "译本", "en": "translations"},
    "scope": {"zh": "适用范围", "en": "scope"}, "notes": {"zh": "说明", "en": "notes"},
    "expected": {"zh": "应有条目数", "en": "expected nodes"}, "sources": {"zh": "来源", "en": "sources"},
    "summary": {"zh": "摘要", "en": "summary"}, "text": {"zh": "正文", "en": "text"},
    "condition": {"zh": "披露条件", "en": "condition"}, "note": {"zh": "注", "en": "note"},
    "number": {"zh": "编号", "en": "number"}, "fidelity": {"zh": "可信度", "en": "fidelity"},
    "obligation": {"zh": "义务强度", "en": "obligation"}, "requirement": {"zh": "披露要求", "en": "requirement"},
    "value": {"zh": "取值规格", "en": "value specification"}, "kind": {"zh": "条目类型", "en": "node kind"},
    "refs": {"zh": "引用", "en": "references"}, "id": {"zh": "标识", "en": "id"},
    "title languages": {"zh": "标题语种", "en": "title languages"},
    "summary languages": {"zh": "摘要语种", "en": "summary languages"},
    "text languages": {"zh": "正文语种", "en": "text languages"},
    "condition languages": {"zh": "条件语种", "en": "condition languages"},
    "translated-from": {"zh": "翻译依据", "en": "translated from"},
}
# How a changed obligation or requirement moved (``Change.direction``).
DIRECTION = {"strengthened": {"zh": "加严", "en": "strengthened"}, "weakened": {"zh": "放宽", "en": "weakened"},
             "changed": {"zh": "更改", "en": "changed"}}
# What became of an old id in the new edition (``diff/result.py`` concordance statuses).
CONCORDANCE = {
    "same": {"zh": "不变", "en": "same"}, "renumbered": {"zh": "重新编号", "en": "renumbered"},
    "moved": {"zh": "移动", "en": "moved"}, "renamed": {"zh": "改标识", "en": "renamed"},
    "merged": {"zh": "合并", "en": "merged"}, "split": {"zh": "拆分", "en": "split"},
    "withdrawn": {"zh": "旧版有、新版无", "en": "in the old edition only"}, "new": {"zh": "新增", "en": "new"},
}
# A text's language, named in the reader's.
LANGUAGE = {"zh": {"zh": "中文", "en": "Chinese"}, "en": {"zh": "英文", "en": "English"}}
# Enumerated values by the field that holds them, as (zh, en): what a diff shows when
# a status or a fidelity changes.
ENUM_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "obligation": OBLIGATION, "requirement": REQUIREMENT,
    "status": {k: (glossary.zh(k), glossary.en(k)) for k in ("published", "draft", "superseded", "withdrawn")},
    "fidelity": {k: (glossary.zh(k), glossary.en(k))
                 for k in ("official", "verified", "secondary", "inferred", "illustrative")},
    # An edition's dates by kind. 发布 names the issuer's act only (the glossary's
    # "issued"); Lode's own releases are 发行.
    "dates": {"published": ("发布日期", "published"), "effective": ("实施日期", "effective"),
              "announced": ("公布日期", "announced"), "adopted": ("通过日期", "adopted"),
              "withdrawn": ("废止日期", "withdrawn"), "consultation": ("征求意见", "consultation"),
              "last-reportable": ("最后适用的报告期", "last reportable")},
}

# A crosswalk relation in plain words, read "row/from-side clause … column/to-side clause"
# (the crosswalk pages, the edition pages' mapping badges and `lode crosswalk show`).
RELATIONS = {
    "equal": {"zh": "相同", "en": "the same as",
              "zh-sentence": "“{a}”与“{b}”相同", "en-sentence": "“{a}” is the same as “{b}”",
              "zh-means": "两者内容相同", "en-means": "the two say the same thing"},
    "subset-of": {"zh": "被完全包含", "en": "covered by",
                  "zh-sentence": "“{a}”被“{b}”完全包含", "en-sentence": "“{a}” is covered by “{b}”",
                  "zh-means": "左侧条款的内容全部包含在右侧条款中", "en-means": "all of it is within the other"},
    "superset-of": {"zh": "完全覆盖", "en": "covers all of",
                    "zh-sentence": "“{a}”完全覆盖“{b}”", "en-sentence": "“{a}” covers all of “{b}”",
                    "zh-means": "左侧条款包含右侧条款的全部内容，且更多", "en-means": "it holds all of the other, and more"},
    "intersects-with": {"zh": "部分覆盖", "en": "covers part of",
                        "zh-sentence": "“{a}”部分覆盖“{b}”", "en-sentence": "“{a}” covers part of “{b}”",
                        "zh-means": "两者有共同内容，也各有对方没有的内容",
                        "en-means": "they share some content, and each has content the other lacks"},
    "no-relationship": {"zh": "无对应", "en": "no counterpart",
                        "zh-sentence": "“{a}”与“{b}”无对应", "en-sentence": "“{a}” has no counterpart in “{b}”",
                        "zh-means": "已核对，对方没有相应内容", "en-means": "checked: the other has nothing like it"},
}

# A node's kind as its chip shows it (schemas: the kinds the corpus uses; an unknown
# kind is shown as its id, marked translate="no", and the leak test names it).
NODE_KIND: dict[str, tuple[str, str]] = {
    "scope": ("适用范围", "scope"), "item": ("条目", "item"), "metric": ("指标", "metric"), "step": ("步骤", "step"),
    "risk-type": ("风险类型", "risk type"), "chapter": ("章", "chapter"), "article": ("条", "article"),
    "annex": ("附件", "annex"), "appendix": ("附录", "appendix"), "principle": ("原则", "principle"),
    "topic": ("主题", "topic"), "issue": ("议题", "issue"), "core-subject": ("核心主题", "core subject"),
    "section": ("部分", "section"), "pillar": ("支柱", "pillar"), "definition": ("定义", "definition"),
    "area": ("方面", "area"), "characteristic": ("特征", "characteristic"), "clause": ("条款", "clause"),
    "foreword": ("前言", "foreword"), "introduction": ("引言", "introduction"), "part": ("篇", "part"),
    "grade": ("等级", "grade"), "group": ("分组", "group"), "tier": ("层级", "tier"),
    "requirement": ("要求", "requirement"), "disclosure": ("披露项", "disclosure")
}
