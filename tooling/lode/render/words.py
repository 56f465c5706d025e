"""Words every renderer of people's text shares, in Chinese and English: a node's printed
number ("Step 1" is 第一步 in Chinese, 附录四 is "Appendix 4" in English), an edition's
name as a reader sees it, and the obligation and requirement words. The site's pages
(``site/i18n``) and the GB/T list of main changes (``render/changes``) both use them, so
a clause is numbered the same way in the list and in its heading."""

from __future__ import annotations

import re

from ..core import glossary

OBLIGATION = {"shall": ("应", "shall"), "should": ("宜", "should"), "may": ("可", "may"),
              "shall-not": ("不应", "shall not")}
REQUIREMENT = {**{k: (glossary.zh(k), glossary.en(k)) for k in ("required", "recommended", "conditional")},
               "comply-or-explain": ("不遵守就解释", "comply or explain")}

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


