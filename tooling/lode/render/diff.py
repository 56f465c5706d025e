"""One :class:`~lode.diff.Diff`, many readers: a terminal, a pull-request comment, a
program, a foreword.

- ``text``: for the terminal; redlines as ``[-deleted-]{+inserted+}`` (wdiff's
  convention), or red/green when ``color`` is on;
- ``markdown``: a pull-request comment: summary tables, then one section per changed
  clause with its redline as ``<del>``/``<ins>``, folded in ``<details>`` when long;
- ``json``: ``Diff.to_dict()``, the documented and versioned shape;
- ``concordance``: CSV, one row per id (old id, new ids, status, numbers);
- ``changes``: the "main technical changes" list of a GB/T 1.1 foreword, in Chinese or
  English.

Renderers return strings and never print. Text from data is escaped for Markdown
(``markup.escape``); the concordance CSV neutralises spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Callable, Mapping

from ..core.cells import safe_cell
from ..diff.redline import Segment
from ..diff.result import IMPACTS, Change, Diff, NodeDiff
from ..render.markup import escape

# A Markdown section whose redlines exceed this many characters is folded.
FOLD_CHARS = 600
LANG_ORDER = ("zh", "en")

_ANSI = {"-": ("\x1b[31;9m", "\x1b[0m"), "+": ("\x1b[32;4m", "\x1b[0m")}
_PLAIN = {"-": ("[-", "-]"), "+": ("{+", "+}")}
_SIGIL = {"added": "+", "removed": "-"}


def _title(t: Mapping[str, str], lang: str | None = None) -> str:
    if lang and t.get(lang):
        return t[lang]
    return " / ".join(t[lg] for lg in _langs(t) if t.get(lg))


def _langs(r: Mapping[str, Any]) -> list[str]:
    return sorted(r, key=lambda lg: (lg not in LANG_ORDER, LANG_ORDER.index(lg) if lg in LANG_ORDER else 0, lg))


def _label(nd: NodeDiff) -> str:
    ident = nd.new or nd.old or ""
    if nd.old and nd.new and nd.old != nd.new:
        ident = f"{nd.old} → {nd.new}"
    number = nd.new_number or nd.old_number
    return f"{ident}" + (f" ({number})" if number else "")


def _value(v: Any) -> str:
    if v is None:
        return "(none)"
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _describe(c: Change) -> str:
    """One line for a change without a redline."""
    if c.kind in ("added", "removed"):
        return c.kind
    what = c.field or c.kind
    arrow = f"{_value(c.before)} → {_value(c.after)}"
    if c.direction:
        return f"{what} {c.direction}: {arrow}"
    if c.kind == "moved":
        return "moved (new parent or order)"
    if c.detail and c.kind == "value-spec":
        return f"value spec ({c.detail}): {arrow}"
    if c.detail:
        return f"{what}: {c.detail}"
    return f"{what}: {arrow}"


def _change_lines(c: Change, show: Callable[[tuple[Segment, ...]], str],
                  esc: Callable[[str], str] = str) -> list[str]:
    """A change as lines: one per language of its redline, else one description."""
    if c.redline:
        return [f"{esc(c.field or c.kind)} ({lg}): {show(c.redline[lg])}" for lg in _langs(c.redline)]
    return [] if c.kind in _SIGIL else [esc(_describe(c))]


def _summary_lines(d: Diff) -> list[str]:
    n, imp = d.counts(), d.impacts()
    changed = len(d.nodes)
    head = (f"{d.old} → {d.new}: {changed} node{'s' if changed != 1 else ''} changed"
            f" ({', '.join(f'{imp[i]} {i}' for i in IMPACTS)})")
    kinds = " · ".join(f"{k} {v}" for k, v in n.items() if v)
    return [head, f"  {kinds}" if kinds else "  no changes"]


def _concordance_counts(d: Diff) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in d.concordance:
        out[r.status] = out.get(r.status, 0) + 1
    return out


# --- text ------------------------------------------------------------------------------

def _segments_text(segs: tuple[Segment, ...], color: bool) -> str:
    marks = _ANSI if color else _PLAIN
    return "".join(t if op == "=" else f"{marks[op][0]}{t}{marks[op][1]}" for op, t in segs)


def render_text(d: Diff, *, color: bool = False, **_: Any) -> str:
    lines = _summary_lines(d)
    for cav in d.caveats:
        lines.append(f"  note: {cav}")
    for c in d.edition_changes:
        lines += [f"  edition {line}" for line in _change_lines(c, lambda segs: _segments_text(segs, color))]
    for nd in d.nodes:
        if nd.folded:
            continue
        sigil = next((_SIGIL[c.kind] for c in nd.changes if c.kind in _SIGIL), "~")
        lines.append("")
        lines.append(f"{sigil} {_label(nd)}  {_title(nd.title)}  [{', '.join(nd.kinds)}; {nd.impact}]")
        for c in nd.changes:
            lines += [f"    {line}" for line in _change_lines(c, lambda segs: _segments_text(segs, color))]
        lines += [f"    {line}" for line in _context_lines(d, nd, str)]
    cc = _concordance_counts(d)
    lines += ["", "concordance: " + ", ".join(f"{v} {k}" for k, v in cc.items())]
    return "\n".join(lines) + "\n"


def _context_lines(d: Diff, nd: NodeDiff, show_id: Callable[[str], str]) -> list[str]:
    """The similarity hint and the sub-nodes folded under an added or removed node."""
    out = []
    if nd.similar:
        out.append(f"hint: possibly the same provision as {show_id(nd.similar[0])} "
                   f"(similarity {nd.similar[1]:.2f})")
    children = _folded_under(d, nd)
    if children:
        out.append(f"with {len(children)} sub-node{'s' if len(children) != 1 else ''}: "
                   + ", ".join(show_id(c) for c in children))
    return out


def _folded_under(d: Diff, parent: NodeDiff) -> list[str]:
    """Ids of the added (removed) nodes inside an added (removed) node, in order."""
    if parent.old is None and parent.new:
        ed, pid, side = d.new_edition, parent.new, "new"
    elif parent.new is None and parent.old:
        ed, pid, side = d.old_edition, parent.old, "old"
    else:
        return []
    folded = {getattr(nd, side) for nd in d.nodes if nd.folded}
    node = next((n for n in ed.walk() if n.id == pid), None)
    return [n.id for n in node.walk() if n.id != pid and n.id in folded] if node else []


# --- markdown --------------------------------------------------------------------------

def _segments_md(segs: tuple[Segment, ...]) -> str:
    out = []
    for op, t in segs:
        e = escape(t).replace("\n", "<br>")
        out.append(e if op == "=" else f"<del>{e}</del>" if op == "-" else f"<ins>{e}</ins>")
    return "".join(out)


def render_markdown(d: Diff, *, heading: int = 2, **_: Any) -> str:
    """A pull-request comment (or a site page body when ``heading`` is adjusted)."""
    h = "#" * heading
    n, imp = d.counts(), d.impacts()
    out = [f"{h} Changes: {escape(d.old)} → {escape(d.new)}", ""]
    if d.empty:
        return "\n".join(out + ["No changes.", ""])
    out += ["| change | nodes |", "| --- | ---: |"]
    out += [f"| {k} | {v} |" for k, v in n.items() if v]
    out += ["", "| impact | nodes |", "| --- | ---: |"]
    out += [f"| {i} | {imp[i]} |" for i in IMPACTS]
    out.append("")
    for cav in d.caveats:
        out += [f"> **Note:** {escape(cav)}", ""]
    if d.edition_changes:
        out += [f"{h}# Edition", ""]
        out += [f"- {line}" for c in d.edition_changes for line in _change_lines(c, _segments_md, escape)]
        out.append("")
    for nd in d.nodes:
        if nd.folded:
            continue
        out += [f"{h}# {escape(_label(nd))}: {escape(_title(nd.title))}", "",
                f"*{escape(', '.join(nd.kinds))}* · impact: **{nd.impact}**", ""]
        body: list[str] = []
        body += [f"- {line}" for c in nd.changes for line in _change_lines(c, _segments_md, escape)]
        if nd.old is None or nd.new is None:  # the whole provision is inserted or deleted
            body += [f"- {_whole(nd, d)}"]
        body += [f"- {line}" for line in _context_lines(d, nd, lambda i: f"`{i}`")]
        if sum(len(b) for b in body) > FOLD_CHARS:
            out += ["<details><summary>Show the changes</summary>", "", *body, "", "</details>", ""]
        elif body:
            out += [*body, ""]
    cc = _concordance_counts(d)
    out += [f"{h}# Concordance", "", ", ".join(f"{v} {k}" for k, v in cc.items()), "",
            "<sub>Generated by Lode from the project's clause summaries, not from the official texts; "
            "each node's fidelity is on the site.</sub>", ""]
    return "\n".join(out)


def _whole(nd: NodeDiff, d: Diff) -> str:
    """An added (removed) node's title and summary, marked inserted (deleted) whole."""
    node = next((n for n in (d.new_edition if nd.old is None else d.old_edition).walk()
                 if n.id == (nd.new or nd.old)), None)
    text = _title(nd.title)
    if node is not None and node.summary:
        text += " — " + _title(dict(node.summary.by_lang))
    tag = "ins" if nd.old is None else "del"
    return f"<{tag}>{escape(text)}</{tag}>"


# --- json and concordance --------------------------------------------------------------

def render_json(d: Diff, **_: Any) -> str:
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_concordance(d: Diff, **_: Any) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["old_id", "old_number", "new_ids", "new_number", "status"])
    for r in d.concordance:
        w.writerow([safe_cell(x) for x in (r.old, r.old_number, " ".join(r.new), r.new_number, r.status)])
    return buf.getvalue()


# --- the GB/T 1.1 "main technical changes" list -------------------------------------------

_ZH_WHAT = {"text": "内容", "retitled": "标题", "obligation": "义务强度", "requirement": "要求级别",
            "value-spec": "取值规格", "condition": "适用条件"}
_EN_WHAT = {"text": "content", "retitled": "title", "obligation": "obligation", "requirement": "requirement level",
            "value-spec": "value specification", "condition": "condition"}
_ZH_DIR = {"strengthened": "加严", "weakened": "放宽", "changed": "更改"}


def _old_name(d: Diff, lang: str) -> str:
    """How the list names the old version: "2015年版" / "the 2015 edition" between
    editions, the revision ("HEAD~1") between two revisions of one edition."""
    if d.old_edition.edition == d.new_edition.edition:
        m = re.search(r"\(([^()]*)\)$", d.old)
        return m[1] if m else d.old
    ed = d.old_edition.edition
    if re.fullmatch(r"\d{4}", ed):
        return f"{ed}年版" if lang == "zh" else f"the {ed} edition"
    return f"{ed}版" if lang == "zh" else f"edition {ed}"


def main_changes(d: Diff, lang: str = "zh") -> list[str]:
    """The items of the list, in document order: added, then changed, then deleted.

    Structural (moved, renumbered) and editorial changes are left out, as GB/T 1.1 asks;
    nodes added or deleted with their parent are covered by the parent's item.
    """
    zh = lang == "zh"
    old_name = _old_name(d, lang)
    added, changed, deleted = [], [], []
    for nd in d.nodes:
        if nd.folded or nd.impact == "editorial":
            continue
        title = nd.title.get(lang) or _title(nd.title)
        quoted = f"“{title}”"
        where_new = nd.new_number or nd.new
        where_old = nd.old_number or nd.old
        if nd.old is None:
            added.append(f"增加了{quoted}（见{where_new}）" if zh else f"added {quoted} (see {where_new})")
        elif nd.new is None:
            deleted.append(f"删除了{quoted}（见{old_name}的{where_old}）" if zh
                           else f"deleted {quoted} ({old_name}: {where_old})")
        else:
            kinds = [c for c in nd.changes if c.impact != "editorial" and c.kind in _ZH_WHAT]
            if not kinds:
                continue
            if zh:
                what = "、".join(dict.fromkeys(
                    f"{_ZH_WHAT[c.kind]}（{_ZH_DIR[c.direction]}：{c.before or '无'}→{c.after or '无'}）"
                    if c.direction else _ZH_WHAT[c.kind] for c in kinds))
                changed.append(f"更改了{quoted}的{what}（见{where_new}，{old_name}的{where_old}）")
            else:
                what = ", ".join(dict.fromkeys(
                    f"{_EN_WHAT[c.kind]} {c.direction} ({c.before or 'none'} → {c.after or 'none'})"
                    if c.direction else _EN_WHAT[c.kind] for c in kinds))
                changed.append(f"changed the {what} of {quoted} (see {where_new}; {old_name}: {where_old})")
    return added + changed + deleted


def render_changes(d: Diff, *, lang: str = "zh", **_: Any) -> str:
    """The foreword paragraph and its lettered list (a), b), …, z), aa), …)."""
    zh = lang == "zh"
    items = main_changes(d, lang)
    title = d.old_edition.title.get(lang) or _title(d.old_edition.title.by_lang)
    same_edition = d.old_edition.edition == d.new_edition.edition
    old_name = _old_name(d, lang)
    if zh:
        head = (f"与{old_name}相比" if same_edition else f"本文件代替《{title}》{old_name}。与{old_name}相比")
        head += "，除结构调整和编辑性改动外，主要技术变化如下：" if items else "，除结构调整和编辑性改动外，无技术变化。"
        note = "（本清单由 Lode 根据本项目的条款摘要自动生成，并非官方前言。）"
    else:
        head = ("" if same_edition else f"This document replaces {title}, {old_name}. ") + \
            f"Compared with {old_name}, apart from structural and editorial changes, "
        head += "the main technical changes are as follows:" if items else "there are no technical changes."
        note = "(Generated by Lode from the project's clause summaries; not the official foreword.)"
    lines = [head]
    for k, item in enumerate(items):
        end = "。" if zh and k == len(items) - 1 else "；" if zh else "." if k == len(items) - 1 else ";"
        lines.append(f"{_letter(k)}) {item}{end}")
    return "\n".join(lines + [note]) + "\n"


def _letter(k: int) -> str:
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(97 + r) + out
    return out


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text, "markdown": render_markdown, "json": render_json,
    "concordance": render_concordance, "changes": render_changes,
}
