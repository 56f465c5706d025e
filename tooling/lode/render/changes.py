"""The "main technical changes" list of a GB/T 1.1 foreword, in Chinese or English.

The list is computed as :class:`Item` values (a sentence with one clause title in it),
so the terminal prints them as plain text and the site can mark a title that is not in
the list's language. Two honesty rules:

- a clause is said to be deleted (删除了) only when the new edition is complete; a
  clause missing from an edition the corpus holds only in part may simply not be
  authored yet, and is listed as 未收录（语料不完整） / "not included (incomplete corpus)";
- clauses are named by their title and printed number, never by their id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..diff.result import Diff
from ..model.edition import Edition, authoring_progress
from .words import OBLIGATION, REQUIREMENT, number

_ZH_WHAT = {"text": "内容", "retitled": "标题", "obligation": "义务强度", "requirement": "要求级别",
            "value-spec": "取值规格", "condition": "适用条件"}
_EN_WHAT = {"text": "content", "retitled": "title", "obligation": "obligation", "requirement": "requirement level",
            "value-spec": "value specification", "condition": "condition"}
_ZH_DIR = {"strengthened": "加严", "weakened": "放宽", "changed": "更改"}
_OTHER = {"zh": "en", "en": "zh"}


@dataclass(frozen=True)
class Item:
    """One list item: ``before`` + the quoted clause title + ``after``; ``title_lang`` is
    the language the title is in (the list's own, or the other one as a fallback)."""

    kind: str  # added | changed | deleted | not-included
    before: str
    title: str
    title_lang: str
    after: str

    def text(self) -> str:
        return f"{self.before}“{self.title}”{self.after}"


def incomplete(ed: Edition) -> bool:
    """Whether the corpus holds fewer nodes of some kind than the edition declares."""
    return any(row["authored"] < row["expected"] for row in authoring_progress(ed))  # type: ignore[operator]


def old_name(d: Diff, lang: str) -> str:
    """How the list names the old version: "2015年版" / "the 2015 edition" between
    editions, the revision ("HEAD~1") between two revisions of one edition."""
    if d.old_edition.edition == d.new_edition.edition:
        m = re.search(r"\(([^()]*)\)$", d.old)
        return m[1] if m else d.old
    ed = d.old_edition.edition
    if re.fullmatch(r"\d{4}", ed):
        return f"{ed}年版" if lang == "zh" else f"the {ed} edition"
    return f"{ed}版" if lang == "zh" else f"edition {ed}"


def _title(title: dict[str, str] | Any, lang: str) -> tuple[str, str]:
    for lg in (lang, _OTHER.get(lang, "en"), *title):
        if title.get(lg):
            return title[lg], lg
    return "", lang


def items(d: Diff, lang: str = "zh") -> list[Item]:
    """The items in document order: added, changed, deleted, then not included.

    Structural (moved, renumbered) and editorial changes are left out, as GB/T 1.1 asks;
    nodes added or deleted with their parent are covered by the parent's item.
    """
    zh = lang == "zh"
    old = old_name(d, lang)
    partial = incomplete(d.new_edition)
    added, changed, deleted, missing = [], [], [], []
    for nd in d.nodes:
        if nd.folded or nd.impact == "editorial":
            continue
        title, tl = _title(nd.title, lang)
        new_no, old_no = (number(x, lang) if x else x for x in (nd.new_number, nd.old_number))
        if nd.old is None:
            after = (f"（见{new_no}）" if new_no else "") if zh else (f" (see {new_no})" if new_no else "")
            added.append(Item("added", "增加了" if zh else "added ", title, tl, after))
        elif nd.new is None:
            where = (f"（见{old}的{old_no}）" if old_no else f"（见{old}）") if zh else \
                (f" ({old}: {old_no})" if old_no else f" ({old})")
            if partial:
                missing.append(Item("not-included", "未收录（语料不完整）：" if zh else "not included (incomplete corpus): ",
                                    title, tl, where))
            else:
                deleted.append(Item("deleted", "删除了" if zh else "deleted ", title, tl, where))
        else:
            kinds = [c for c in nd.changes if c.impact != "editorial" and c.kind in _ZH_WHAT]
            if not kinds:
                continue
            if zh:
                what = "、".join(dict.fromkeys(
                    f"{_ZH_WHAT[c.kind]}（{_ZH_DIR[c.direction]}：{_word(c.before, 0) or '无'}→{_word(c.after, 0) or '无'}）"
                    if c.direction else _ZH_WHAT[c.kind] for c in kinds))
                where = "，".join(filter(None, [f"见{new_no}" if new_no else "", f"{old}的{old_no}" if old_no else ""]))
                changed.append(Item("changed", "更改了", title, tl, f"的{what}" + (f"（{where}）" if where else "")))
            else:
                what = ", ".join(dict.fromkeys(
                    f"{_EN_WHAT[c.kind]} {c.direction} ({_word(c.before, 1) or 'none'} → {_word(c.after, 1) or 'none'})"
                    if c.direction else _EN_WHAT[c.kind] for c in kinds))
                where = "; ".join(filter(None, [f"see {new_no}" if new_no else "", f"{old}: {old_no}" if old_no else ""]))
                changed.append(Item("changed", f"changed the {what} of ", title, tl, f" ({where})" if where else ""))
    return added + changed + deleted + missing


def _word(value: Any, k: int) -> str:
    """An obligation or requirement value in Chinese (k=0) or English (k=1)."""
    pair = OBLIGATION.get(value) or REQUIREMENT.get(value) if isinstance(value, str) else None
    return pair[k] if pair else (value or "")


def main_changes(d: Diff, lang: str = "zh") -> list[str]:
    """The items as plain sentences (without the list letters and end punctuation)."""
    return [it.text() for it in items(d, lang)]


def head_and_note(d: Diff, lang: str, has_items: bool) -> tuple[str, str]:
    """The list's opening sentence and the closing note that it is not the official foreword."""
    zh = lang == "zh"
    title = _title(dict(d.old_edition.title.by_lang), lang)[0]
    same_edition = d.old_edition.edition == d.new_edition.edition
    old = old_name(d, lang)
    if zh:
        head = (f"与{old}相比" if same_edition else f"本文件代替《{title}》{old}。与{old}相比")
        head += "，除结构调整和编辑性改动外，主要技术变化如下：" if has_items else "，除结构调整和编辑性改动外，无技术变化。"
        note = "（本清单由 Lode 根据本项目的条款摘要自动生成，并非官方前言。）"
    else:
        head = ("" if same_edition else f"This document replaces {title}, {old}. ") + \
            f"Compared with {old}, apart from structural and editorial changes, "
        head += "the main technical changes are as follows:" if has_items else "there are no technical changes."
        note = "(Generated by Lode from the project's clause summaries; not the official foreword.)"
    return head, note


def end_mark(k: int, count: int, lang: str) -> str:
    last = k == count - 1
    return ("。" if last else "；") if lang == "zh" else ("." if last else ";")


def letter(k: int) -> str:
    """a, b, …, z, aa, ab, … for the k-th item (from 0)."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(97 + r) + out
    return out


def render_changes(d: Diff, *, lang: str = "zh", **_: Any) -> str:
    """The foreword paragraph and its lettered list (a), b), …, z), aa), …)."""
    its = main_changes(d, lang)
    head, note = head_and_note(d, lang, bool(its))
    lines = [head] + [f"{letter(k)}) {it}{end_mark(k, len(its), lang)}" for k, it in enumerate(its)]
    return "\n".join(lines + [note]) + "\n"
