"""A draft's consultation on the site: a section on the edition page (stage and history),
a page of each clause's comments and their dispositions, and a stage page with the counts
(received / accepted / partly / not accepted / open) per organisation and per clause. Every
page exists in Chinese and English (``lang``); text from data is escaped.

Comments are shown on the clause they are on *now*: the node itself, or its successors
through lineage, with the number it had on the stage it was made on when that differs.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

from ..model.consult import DECISION_NAMES, DECISIONS, STAGE_NAMES, TYPE_NAMES, Comment, follow, stage_history
from ..model.corpus import Corpus
from ..model.edition import Edition
from ..render.markup import escape, front_matter, heading, ident, paragraphs, span, table
from .i18n import quotes_marked
from .paths import Paths, rel

LANGS = ("en", "zh")
SECTION_ID = "_consultation"
WORDS = {
    "en": {"section": "Consultation", "comments": "Comments and dispositions", "stage": "Consultation figures",
           "now": "Stage now", "history": "Stage history", "date": "Date", "commit": "Text issued (commit)",
           "received": "Received", "open": "Open", "org": "Organisation", "clause": "Clause",
           "whole": "The draft as a whole", "withdrawn": "withdrawn in the current draft",
           "was": "was {n} in the {stage}", "proposed": "Proposed change", "disposition": "Disposition",
           "undisposed": "not yet disposed", "applied": "applied in", "other": "中文",
           "by_org": "Per organisation", "by_clause": "Per clause", "by_stage": "Per stage", "total": "total",
           "fictional": "Every organisation and comment on this page is as its file records it; Lode does not "
                        "check who they are.",
           "links": "All comments with their dispositions: [{a}]({pa}); counts: [{b}]({pb}).",
           "none": "No comments recorded yet.", "type": "type", "on": "on", "stage_col": "Stage", "colon": ": "},
    "zh": {"section": "征求意见", "comments": "意见及处理", "stage": "征求意见统计", "now": "当前阶段",
           "history": "阶段记录", "date": "日期", "commit": "发出文本（提交）", "received": "收到",
           "open": "未处理", "org": "提出单位", "clause": "章条", "whole": "总体（全文）",
           "withdrawn": "现行草案已删除", "was": "{stage}中为 {n}", "proposed": "修改建议",
           "disposition": "处理意见", "undisposed": "尚未处理", "applied": "修改见提交", "other": "English",
           "by_org": "按提出单位", "by_clause": "按章条", "by_stage": "按阶段", "total": "合计",
           "fictional": "本页的单位和意见均按意见文件所载列出；Lode 不核实其身份。",
           "links": "全部意见及处理：[{a}]({pa})；统计：[{b}]({pb})。", "none": "尚无意见记录。",
           "type": "类型", "on": "针对", "stage_col": "阶段", "colon": "："},
}


# One path per page: the site builds each page in both languages at its own URL prefix,
# and the header's language switch leads from one to the other.
def comments_path(std: str, ed: str, lang: str = "en") -> str:
    return f"{ident(std)}/{ident(ed)}/comments.md"


def stage_path(std: str, ed: str, lang: str = "en") -> str:
    return f"{ident(std)}/{ident(ed)}/consultation.md"


def _t(text: Any, lang: str) -> str:
    return (text.get(lang, "en" if lang == "zh" else "zh") or "") if text is not None else ""


def fragment(ed: Edition, comments: tuple[Comment, ...] | None, lang: str = "en") -> str:
    """The section of the edition page: the stage now, the history, links to the pages."""
    history = stage_history(ed)
    if not history:
        return ""
    w = WORDS[lang]
    page = Paths.edition(ed.standard, ed.edition)
    lines = ["", heading(2, w["section"], SECTION_ID), ""]
    if ed.stage:
        lines += [f"{escape(w['now'])}{w['colon']}{span('lode-badge lode-stage', STAGE_NAMES[ed.stage][lang])}", ""]
    rows = [[escape(STAGE_NAMES[e.stage][lang]), escape(e.date), f"`{ident(e.commit[:12])}`" if e.commit else ""]
            for e in history]
    lines += [f"**{escape(w['history'])}**", "", table([w["stage_col"], w["date"], w["commit"]], rows), ""]
    if comments is not None:
        lines += [w["links"].format(a=w["comments"], b=w["stage"],
                                    pa=rel(page, comments_path(ed.standard, ed.edition, lang)),
                                    pb=rel(page, stage_path(ed.standard, ed.edition, lang))), ""]
    return "\n".join(lines)


def _clause_key(c: Comment, ed: Edition) -> tuple[str, ...]:
    """The clause (node ids now) a comment is shown under; () for the whole draft."""
    if c.node is None:
        return ()
    a = follow(c.node, ed)
    return a.now or (c.node,)


def _clause_label(key: tuple[str, ...], ed: Edition, lang: str, page: str) -> str:
    w = WORDS[lang]
    if not key:
        return escape(w["whole"])
    nodes = {n.id: n for n in ed.walk()}
    parts = []
    for nid in key:
        n = nodes.get(nid)
        if n is None:
            parts.append(f"`{ident(nid)}` ({escape(w['withdrawn'])})")
            continue
        label = " ".join(x for x in (n.number or "", _t(n.title, lang)) if x)
        parts.append(f"[{escape(label)}]({rel(page, Paths.edition(ed.standard, ed.edition), nid)})")
    return " · ".join(parts)


def _decision(c: Comment, lang: str) -> str:
    if c.disposition is None:
        return span("lode-badge lode-open", WORDS[lang]["undisposed"])
    return span(f"lode-badge lode-{c.disposition.decision}", DECISION_NAMES[c.disposition.decision][lang])


def comments_page(ed: Edition, comments: tuple[Comment, ...], lang: str = "en") -> str:
    """Each clause's comments, in the order of the current draft, with their dispositions."""
    w = WORDS[lang]
    std, name = ed.standard, ed.edition
    page = comments_path(std, name, lang)
    title = f"{_t(ed.title, lang)} — {w['comments']}"
    out = [front_matter(title), f"# {escape(title)}", "",
           f"[{escape(w['stage'])}]({rel(page, stage_path(std, name, lang))})", "", escape(w["fictional"]), ""]
    if not comments:
        return "\n".join(out + [w["none"], ""])
    order = {n.id: i for i, n in enumerate(ed.walk())}
    groups: dict[tuple[str, ...], list[Comment]] = {}
    for c in comments:
        groups.setdefault(_clause_key(c, ed), []).append(c)
    for key in sorted(groups, key=lambda k: (bool(k), min((order.get(x, 1 << 30) for x in k), default=-1))):
        anchor = "_whole" if not key else "_" + key[0].replace(".", "-")
        out += [heading(2, _clause_label(key, ed, lang, page), anchor), ""]
        for c in groups[key]:
            out += _comment_block(c, ed, lang)
    return "\n".join(out)


def _comment_block(c: Comment, ed: Edition, lang: str) -> list[str]:
    w = WORDS[lang]
    meta = [f"**{ident(c.id)}**", escape(c.org(lang)), escape(STAGE_NAMES[c.stage][lang]),
            escape(TYPE_NAMES[c.type][lang]), _decision(c, lang)]
    a = follow(c.node, ed)
    if c.clause and c.node and (a.withdrawn or c.clause not in a.numbers):
        meta.append(escape(w["was"].format(n=c.clause, stage=STAGE_NAMES[c.stage][lang])))
    lines = [" · ".join(meta), ""]
    lines += [f"> {quotes_marked(p, lang)}" for p in paragraphs(_t(c.comment, lang))] + [""]
    if c.proposed_change:
        lines += [f"*{w['proposed']}*{w['colon']}" + " ".join(quotes_marked(p, lang) for p in paragraphs(_t(c.proposed_change, lang))), ""]
    d = c.disposition
    if d is not None:
        reason = " ".join(quotes_marked(p, lang) for p in paragraphs(_t(d.reason, lang))) if d.reason else ""
        o, c = ("（", "）") if lang == "zh" else (" (", ")")
        applied = f"{o}{escape(w['applied'])} `{ident(d.commit[:12])}`{c}" if d.commit else ""
        lines += [f"*{w['disposition']}*{w['colon']}{escape(DECISION_NAMES[d.decision][lang])}"
                  + (f" — {reason}" if reason else "") + applied, ""]
    return lines + ["---", ""]


def _counts(comments: list[Comment]) -> list[str]:
    n = Counter(c.disposition.decision if c.disposition else "open" for c in comments)
    return [str(len(comments))] + [str(n.get(d, 0)) for d in (*DECISIONS, "open")]


def stage_page(ed: Edition, comments: tuple[Comment, ...], lang: str = "en") -> str:
    """Counts per stage, per organisation and per clause."""
    w = WORDS[lang]
    std, name = ed.standard, ed.edition
    page = stage_path(std, name, lang)
    title = f"{_t(ed.title, lang)} — {w['stage']}"
    head = [w["received"]] + [DECISION_NAMES[d][lang] for d in DECISIONS] + [w["open"]]
    out = [front_matter(title), f"# {escape(title)}", "",
           f"[{escape(w['comments'])}]({rel(page, comments_path(std, name, lang))})", ""]
    if ed.stage:
        out += [f"{escape(w['now'])}{w['colon']}{span('lode-badge lode-stage', STAGE_NAMES[ed.stage][lang])}", ""]
    all_ = list(comments)
    stages = [s for s in STAGE_NAMES if any(c.stage == s for c in all_)]
    rows = [[escape(STAGE_NAMES[s][lang]), *_counts([c for c in all_ if c.stage == s])] for s in stages]
    rows.append([f"**{w['total']}**", *_counts(all_)])
    out += [heading(2, escape(w["by_stage"]), "_by-stage"), "", table([w["stage_col"], *head], rows), ""]
    orgs: dict[str, list[Comment]] = {}
    for c in all_:
        orgs.setdefault(c.org(lang), []).append(c)
    rows = [[escape(o), *_counts(cs)] for o, cs in sorted(orgs.items())]
    out += [heading(2, escape(w["by_org"]), "_by-organisation"), "", table([w["org"], *head], rows), ""]
    clauses: dict[tuple[str, ...], list[Comment]] = {}
    for c in all_:
        clauses.setdefault(_clause_key(c, ed), []).append(c)
    order = {n.id: i for i, n in enumerate(ed.walk())}
    rows = [[_clause_label(k, ed, lang, page), *_counts(cs)]
            for k, cs in sorted(clauses.items(), key=lambda kv: (bool(kv[0]), min(
                (order.get(x, 1 << 30) for x in kv[0]), default=-1)))]
    out += [heading(2, escape(w["by_clause"]), "_by-clause"), "", table([w["clause"], *head], rows), ""]
    return "\n".join(out)


def add(corpus: Corpus, ed: Edition, site: Any) -> tuple[Callable[[str], str], Callable[[str], list[dict[str, str]]]]:
    """Put a staged edition's consultation pages into ``site`` (both languages); returns
    the edition page's fragment and the nav entries, each for a language. Nothing for an
    edition without a stage history."""
    if not ed.stages:
        return (lambda lang: ""), (lambda lang: [])
    cf = corpus.comments.get((ed.standard, ed.edition))
    comments = cf.comments if cf else None
    if comments is None:
        return (lambda lang: fragment(ed, None, lang)), (lambda lang: [])
    site.add(comments_path(ed.standard, ed.edition), lambda lang: comments_page(ed, comments, lang))
    site.add(stage_path(ed.standard, ed.edition), lambda lang: stage_page(ed, comments, lang))
    return (lambda lang: fragment(ed, comments, lang)), (lambda lang: [
        {WORDS[lang]["comments"]: comments_path(ed.standard, ed.edition)},
        {WORDS[lang]["stage"]: stage_path(ed.standard, ed.edition)}])
