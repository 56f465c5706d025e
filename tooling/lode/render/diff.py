"""One :class:`~lode.diff.Diff`, many readers: a terminal, a pull-request comment, a
program, a foreword.

- ``text``: for the terminal; redlines as ``[-deleted-]{+inserted+}`` (wdiff's
  convention), or red/green when ``color`` is on;
- ``markdown``: a pull-request comment: summary tables, then one section per changed
  clause with its redline as ``<del>``/``<ins>``, folded in ``<details>`` when long;
  in the run's language, like ``text`` (the frame's words from the catalog, the change
  kinds, impacts and fields from ``render/words.py``);
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
from typing import Any, Callable, Mapping

from ..core.cells import safe_cell
from ..core.i18n import msg, msgn, tr
from ..diff.redline import TOKEN, Segment
from ..diff.result import IMPACTS, Change, Diff, NodeDiff
from ..render.markup import escape
from .changes import main_changes, render_changes  # noqa: F401 - the GB/T list, one of these outputs
from .report import to_json
from .diff_words import caveat_text, colon, describe, enum_text, in_lang, say
from .diff_words import value_text  # noqa: F401 - the site's redline pages read it from here
from .words import CONCORDANCE, FIELDS, IMPACT, KIND, LANGUAGE, number, zh_reader

# A Markdown section whose redlines exceed this many characters is folded.
FOLD_CHARS = 600
# A text that keeps less than this share of its words (characters, for Chinese) is shown
# old and new side by side: interleaving two unrelated texts word by word reads as noise.
REWRITE_KEPT = 0.35
# ... unless it is short (a title): a short redline reads well either way.
REWRITE_MIN_WORDS = 8
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
    """``step-1 (Step 1)``; for a Chinese reader ``step-1（第一步）``, the number as a
    Chinese heading prints it (``words.number``)."""
    ident = nd.new or nd.old or ""
    if nd.old and nd.new and nd.old != nd.new:
        ident = f"{nd.old} → {nd.new}"
    printed = nd.new_number or nd.old_number
    if not printed:
        return ident
    return f"{ident}（{number(printed, 'zh')}）" if zh_reader() else f"{ident} ({printed})"


def _words(t: str) -> int:
    return sum(1 for tok in TOKEN.findall(t) if tok[0].isalnum())


def kept_share(segs: tuple[Segment, ...]) -> float:
    """The share of words (CJK characters) a redline keeps, against the longer side;
    spaces and punctuation do not count, since two unrelated texts share plenty."""
    kept = sum(_words(t) for op, t in segs if op == "=")
    longer = max(kept + sum(_words(t) for op, t in segs if op == x) for x in "-+")
    return kept / longer if longer else 1.0


def rewritten(segs: tuple[Segment, ...]) -> bool:
    """Whether a redline is better read as old and new side by side: both sides have
    text, the longer has at least ``REWRITE_MIN_WORDS`` words, and too little was kept."""
    ops = {op for op, _ in segs}
    longer = max(sum(_words(t) for op, t in segs if op in ("=", x)) for x in "-+")
    return "-" in ops and "+" in ops and longer >= REWRITE_MIN_WORDS and kept_share(segs) < REWRITE_KEPT


def sides_md(segs: tuple[Segment, ...]) -> tuple[str, str]:
    """The old and the new text of a redline, escaped, each with its own marks only."""
    old = _segments_md(tuple(s for s in segs if s[0] != "+"))
    new = _segments_md(tuple(s for s in segs if s[0] != "-"))
    return old, new


def _text_lines(c: Change, color: bool) -> list[str]:
    """The text renderer's lines: a rewritten text as its old and its new version."""
    out = []
    for lg in _langs(c.redline or {}) or [None]:
        segs = c.redline[lg] if c.redline and lg else None
        if segs and rewritten(segs):
            old, new = (_segments_text(tuple(s for s in segs if s[0] != x), color) for x in "+-")
            out += [tr(msg("{field} ({lang}) rewritten:", field=say(FIELDS, c.field or c.kind),
                           lang=LANGUAGE[lg]["zh"] if zh_reader() and lg in LANGUAGE else lg)),
                    tr(msg("  old: {text}", text=old)), tr(msg("  new: {text}", text=new))]
        elif segs:
            out.append(f"{say(FIELDS, c.field or c.kind)}{in_lang(lg)}{colon()}{_segments_text(segs, color)}")
        elif c.kind not in _SIGIL:
            out.append(describe(c))
    return out


def _md_blocks(changes: tuple[Change, ...]) -> list[str]:
    """A node's changes as Markdown: list items, and a before/after table for each
    rewritten text (Markdown blocks separated by blank lines)."""
    blocks: list[str] = []
    items: list[str] = []
    for c in changes:
        for lg in _langs(c.redline or {}) or [None]:
            segs = c.redline[lg] if c.redline and lg else None
            if segs and rewritten(segs):
                if items:
                    blocks.append("\n".join(items))
                    items = []
                old, new = sides_md(segs)
                before = tr(msg("{field}, before", field=_field_md(c, lg)))
                after = tr(msg("after (rewritten)"))
                blocks.append(f"| {before} | {after} |\n| --- | --- |\n| {old} | {new} |")
            elif segs:
                items.append(f"- {_field_md(c, lg)}{colon()}{_segments_md(segs)}")
            elif c.kind not in _SIGIL:
                items.append(f"- {escape(describe(c))}")
    if items:
        blocks.append("\n".join(items))
    return blocks


def _field_md(c: Change, lg: str | None = None) -> str:
    """A changed field's name for Markdown, in the reader's words: ``summary (en)``, 摘要（英文）."""
    return escape(say(FIELDS, c.field or c.kind)) + in_lang(lg)


def edition_table(changes: tuple[Change, ...]) -> str:
    """The edition's own changes as a small before/after table (escaped Markdown), in the
    run's language."""
    rows = []
    for c in changes:
        if c.redline:
            for lg in _langs(c.redline):
                old, new = sides_md(c.redline[lg])
                rows.append(f"| {_field_md(c, lg)} | {old or '—'} | {new or '—'} |")
        else:
            rows.append(f"| {_field_md(c)} | {escape(enum_text(c.field, c.before))} | {escape(enum_text(c.field, c.after))} |")
    header = (tr(msg("field")), tr(msg("before")), tr(msg("after")))
    return "\n".join([f"| {' | '.join(header)} |", "| --- | --- | --- |", *rows])


def _summary_lines(d: Diff) -> list[str]:
    n, imp = d.counts(), d.impacts()
    changed = len(d.nodes)
    impacts = ("，".join(f"{IMPACT[i]['zh']} {imp[i]}" for i in IMPACTS) if zh_reader()
               else ", ".join(f"{imp[i]} {i}" for i in IMPACTS))
    head = tr(msgn("{old} → {new}: {n} node changed ({impacts})", "{old} → {new}: {n} nodes changed ({impacts})",
                   changed, old=d.old, new=d.new, impacts=impacts))
    kinds = " · ".join(f"{say(KIND, k)} {v}" for k, v in n.items() if v)
    return [head, f"  {kinds}" if kinds else tr(msg("  no changes"))]


def _concordance_counts(d: Diff) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in d.concordance:
        out[r.status] = out.get(r.status, 0) + 1
    return out


def _concordance_line(d: Diff) -> str:
    """What became of the old ids, counted: ``12 same, 3 renumbered`` / 不变 12，重新编号 3."""
    cc = _concordance_counts(d)
    if zh_reader():
        return "，".join(f"{say(CONCORDANCE, k)} {v}" for k, v in cc.items())
    return ", ".join(f"{v} {k}" for k, v in cc.items())


# --- text ------------------------------------------------------------------------------

def _segments_text(segs: tuple[Segment, ...], color: bool) -> str:
    marks = _ANSI if color else _PLAIN
    return "".join(t if op == "=" else f"{marks[op][0]}{t}{marks[op][1]}" for op, t in segs)


def render_text(d: Diff, *, color: bool = False, **_: Any) -> str:
    lines = _summary_lines(d)
    for cav in d.caveats:
        lines.append(tr(msg("  note: {caveat}", caveat=caveat_text(cav))))
    for c in d.edition_changes:
        lines += [tr(msg("  edition {line}", line=line)) for line in _text_lines(c, color)]
    for nd in d.nodes:
        if nd.folded:
            continue
        sigil = next((_SIGIL[c.kind] for c in nd.changes if c.kind in _SIGIL), "~")
        lines.append("")
        kinds, impact = [say(KIND, k) for k in nd.kinds], say(IMPACT, nd.impact)
        lines.append(f"{sigil} {_label(nd)}  {_title(nd.title)}  "
                     + (f"[{'、'.join(kinds)}；{impact}]" if zh_reader() else f"[{', '.join(kinds)}; {impact}]"))
        for c in nd.changes:
            lines += [f"    {line}" for line in _text_lines(c, color)]
        lines += [f"    {tr(line)}" for line in _context_lines(d, nd, str)]
    lines += ["", tr(msg("concordance: {counts}", counts=_concordance_line(d)))]
    return "\n".join(lines) + "\n"


def _context_lines(d: Diff, nd: NodeDiff, show_id: Callable[[str], str]) -> list[str]:
    """The similarity hint and the sub-nodes folded under an added or removed node (as
    messages, which both the terminal and Markdown show in the reader's language)."""
    out = []
    if nd.similar:
        out.append(msg("hint: possibly the same provision as {id} (similarity {score})",
                       id=show_id(nd.similar[0]), score=format(nd.similar[1], ".2f")))
    children = _folded_under(d, nd)
    if children:
        out.append(msgn("with {n} sub-node: {ids}", "with {n} sub-nodes: {ids}", len(children),
                        ids=", ".join(show_id(c) for c in children)))
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

def segments_md(segs: tuple[Segment, ...]) -> str:
    """A redline as escaped Markdown with ``<del>``/``<ins>`` marks."""
    return _segments_md(segs)


def _segments_md(segs: tuple[Segment, ...]) -> str:
    out = []
    for op, t in segs:
        e = escape(t).replace("\n", "<br>")
        out.append(e if op == "=" else f"<del>{e}</del>" if op == "-" else f"<ins>{e}</ins>")
    return "".join(out)


def render_markdown(d: Diff, *, heading: int = 2, **_: Any) -> str:
    """A pull-request comment (or a site page body when ``heading`` is adjusted), in the
    run's language. Every text from the data is escaped before it enters a message."""
    h = "#" * heading
    n, imp = d.counts(), d.impacts()
    # (no message inside an f-string: the extractor of `make i18n` does not see it there)
    title = tr(msg("Changes: {old} → {new}", old=escape(tr(d.old)), new=escape(tr(d.new))))
    out = [f"{h} {title}", ""]
    if d.empty:
        return "\n".join(out + [tr(msg("No changes.")), ""])
    nodes, change, impact = tr(msg("nodes")), tr(msg("change")), tr(msg("impact"))
    out += [f"| {change} | {nodes} |", "| --- | ---: |"]
    out += [f"| {say(KIND, k)} | {v} |" for k, v in n.items() if v]
    out += ["", f"| {impact} | {nodes} |", "| --- | ---: |"]
    out += [f"| {say(IMPACT, i)} | {imp[i]} |" for i in IMPACTS]
    out.append("")
    for cav in d.caveats:
        out += [tr(msg("> **Note:** {caveat}", caveat=escape(caveat_text(cav)))), ""]
    if d.edition_changes:
        out += [f"{h}# " + tr(msg("Edition")), "", edition_table(d.edition_changes), ""]
    for nd in d.nodes:
        if nd.folded:
            continue
        kinds = ("、" if zh_reader() else ", ").join(say(KIND, k) for k in nd.kinds)
        out += [f"{h}# {escape(_label(nd))}{colon()}{escape(_title(nd.title))}", "",
                tr(msg("*{kinds}* · impact: **{impact}**", kinds=escape(kinds), impact=say(IMPACT, nd.impact))), ""]
        body = _md_blocks(nd.changes)
        tail = [f"- {_whole(nd, d)}"] if nd.old is None or nd.new is None else []  # inserted or deleted whole
        tail += [f"- {tr(line)}" for line in _context_lines(d, nd, lambda i: f"`{i}`")]
        if tail:
            body.append("\n".join(tail))
        if sum(len(b) for b in body) > FOLD_CHARS:
            out += ["<details><summary>" + tr(msg("Show the changes")) + "</summary>", ""] \
                + [x for b in body for x in (b, "")] + ["</details>", ""]
        else:
            out += [x for b in body for x in (b, "")]
    out += [f"{h}# " + tr(msg("Concordance")), "", _concordance_line(d), "",
            "<sub>" + tr(msg("Generated by Lode from the project's clause summaries, not from the official texts; "
                             "each node's fidelity is on the site.")) + "</sub>", ""]
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
    return to_json(d.to_dict())


def render_concordance(d: Diff, **_: Any) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["old_id", "old_number", "new_ids", "new_number", "status"])
    for r in d.concordance:
        w.writerow([safe_cell(x) for x in (r.old, r.old_number, " ".join(r.new), r.new_number, r.status)])
    return buf.getvalue()


RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text, "markdown": render_markdown, "json": render_json,
    "concordance": render_concordance, "changes": render_changes,
}
