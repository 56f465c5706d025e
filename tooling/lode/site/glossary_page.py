"""The glossary page (``reference/glossary``), zh and en, from ``core/glossary.py``: the
product's own words, one translation each, as the pages, the command line and the guides
use them. Nothing here is written by hand: a term changes in the glossary and the page
follows."""

from __future__ import annotations

from ..core import glossary
from ..render.markup import escape, front_matter, heading, table

GLOSSARY_PAGE = "reference/glossary.md"

_TEXT = {
    "zh": {"title": "术语表", "term": "术语", "other": "英文", "means": "含义", "avoid": "不要写作",
           "intro": "Lode 自己的用词，每个术语只有一种中文译法。网站各页、命令行的中文输出和各份指南都使用下表中的译法；"
                    "“不要写作”一列是容易混用、但在 Lode 中不用于该含义的词。"},
    "en": {"title": "Glossary", "term": "Term", "other": "Chinese", "means": "What it means", "avoid": "Not written as",
           "intro": "Lode's own words, each with one Chinese translation. The site's pages, the command line's "
                    "Chinese output and the guides all use the translations below; the last column lists Chinese "
                    "words that are easily confused with a term and are not used for it."},
}

def _with_code(text: str) -> str:
    """A definition's text with its `code spans` (marked by the glossary itself, never
    guessed: a colon or an @ in prose is not code) as <code>, everything else escaped."""
    parts = text.split("`")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced backquote in a glossary definition: {text!r}")
    return "".join(f"<code>{escape(p)}</code>" if i % 2 else escape(p) for i, p in enumerate(parts))


def glossary_page(lang: str = "en") -> str:
    w = _TEXT[lang]
    other = "en" if lang == "zh" else "zh"
    rows = []
    for term in glossary.TERMS.values():
        avoid = "、".join(str(x) for x in term.get("avoid", ()))  # type: ignore[union-attr]
        rows.append([f"**{escape(str(term[lang]))}**",
                     f'<span translate="no" lang="{other}">{escape(str(term[other]))}</span>',
                     _with_code(str(term[f"{lang}-def"])),
                     f'<span translate="no" lang="zh">{escape(avoid)}</span>' if avoid else ""])
    return "\n".join([front_matter(w["title"]) + heading(1, w["title"], "_top"), "", w["intro"], "",
                      table([w["term"], w["other"], w["means"], w["avoid"]], rows), ""])
