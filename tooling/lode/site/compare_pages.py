"""The comparison pages: the redline between consecutive editions, and crosswalks."""

from __future__ import annotations

from typing import Mapping

from ..model.edition import Edition, Ref, Standard
from ..render.markup import escape, front_matter, heading, tabs
from .pages import LANGS, short_name
from .paths import Paths, rel


def changes_page(std: Standard, old: Edition, new: Edition, diff_markdown: str, main_changes: Mapping[str, str]) -> str:
    """The redline between two consecutive editions: the GB/T 1.1 list of main technical
    changes (zh/en tabs), then every changed clause with insertions and deletions marked.

    ``diff_markdown`` comes from ``diff_render.render_markdown`` (which escapes all data);
    ``main_changes`` maps a language to ``diff_render.render_changes`` text (escaped here).
    """
    page = Paths.changes(std.id, new.edition)
    lines = [front_matter(f"{short_name(std)} {old.edition} → {new.edition}")
             + heading(1, f"{escape(short_name(std))}: {escape(old.edition)} → {escape(new.edition)}", "_top"), "",
             f"What changed from [{escape(old.edition)}]({rel(page, Paths.edition(std.id, old.edition))}) "
             f"to [{escape(new.edition)}]({rel(page, Paths.edition(std.id, new.edition))}), clause by clause. "
             "Clauses are matched by id, so renumbering is never shown as a rewrite. "
             "Like every page here, this compares Lode's summaries, not the official texts.", "",
             heading(2, "Main technical changes", "_main-changes"), "",
             tabs([(label, "\n\n".join(escape(line) for line in main_changes[lang].splitlines()))
                   for lang, label in LANGS if lang in main_changes]), "",
             diff_markdown]
    return "\n".join(lines)


def crosswalk_page(title: str, source: Ref, target: Ref, known: set[tuple[str, str]], coverage: list[tuple[str, int, int, Mapping[str, int]]],
                   body_markdown: str) -> str:
    """A crosswalk: coverage bars per side, then the gap lists and matrix (``body_markdown``,
    escaped by ``crosswalk_views``). ``coverage`` rows: (edition, mapped, total, by relation)."""
    page = Paths.crosswalk(source, target)
    lines = [front_matter(f"Crosswalk {source} → {target}")
             + heading(1, f"Crosswalk: {escape(str(source))} → {escape(str(target))}", "_top"), "",
             escape(title), "",
             "Mappings are typed (NIST IR 8477 set relations) and pinned to both editions. "
             "A mapping is evidence only as far as its rationale and fidelity go; nothing here is "
             "inferred by chaining through a third standard.", "",
             heading(2, "Coverage", "_coverage"), ""]
    for ed, mapped, total, by_rel in coverage:
        pct = 100 * mapped // total if total else 100
        r = Ref.parse(ed)
        link = f"[{escape(ed)}]({rel(page, Paths.edition(r.standard, r.edition))})" if (r.standard, r.edition) in known else escape(ed)
        detail = ", ".join(f"{escape(k)} {v}" for k, v in by_rel.items() if v)
        lines += [f"{link}: {mapped} of {total} nodes mapped ({pct}%) — {detail}", "",
                  f'<div class="lode-bar" role="img" aria-label="{pct}% mapped">'
                  f'<span style="width: {pct}%"></span></div>', ""]
    lines.append(body_markdown)
    return "\n".join(lines)
