"""How a redline page shows values and the other language (``compare_pages``): an edition
field's value in the reader's words (statuses, date kinds, edition labels, node kinds),
the edition's own changes as a table with the other language's redlines folded away,
and the code and quotation marks a redline's text carries."""

from __future__ import annotations

import re

from ..diff.result import Change
from ..render.diff import sides_md, value_text
from ..render.markup import escape, ident
from ..render.words import FIELDS, LANGUAGE
from .compare_text import UI
from .i18n import edition_label, enum, quotes_marked
from .i18n import number as number_

# Bookkeeping a reader has no use for: the fingerprints of Lode's translations.
INTERNAL = frozenset({"translated-from"})


def value_html(field: str | None, v: object, lang: str) -> str:
    """An edition field's value as a reader of ``lang`` reads it, escaped: statuses and
    date kinds in words, edition names as labels, nothing at all as a dash."""
    if v is None or v == {} or v == [] or v == "":
        return "—"
    if field == "status" and isinstance(v, str):
        return escape(enum("status", v, lang))
    if field == "dates" and isinstance(v, dict):
        return "；".join(f"{escape(enum('date', k, lang))} {escape(str(x))}" for k, x in v.items()) if lang == "zh" \
            else "; ".join(f"{escape(enum('date', k, lang))} {escape(str(x))}" for k, x in v.items())
    if field in ("fidelity", "obligation", "requirement") and isinstance(v, str):
        return escape(enum(field, v, lang))
    if field == "kind" and isinstance(v, str):
        return escape(enum("node-kind", v, lang))
    if field == "number" and isinstance(v, str):
        return escape(number_(v, lang))
    if field == "expected" and isinstance(v, dict):
        return ("；" if lang == "zh" else "; ").join(f"{escape(enum('node-kind', str(k), lang))} {escape(str(x))}"
                                                     for k, x in v.items())
    if field == "supersedes" and isinstance(v, str):
        return escape(edition_label(v, lang))
    if field == "language" and isinstance(v, str):
        return escape(lang_name(v, lang))
    if field == "translations" and isinstance(v, dict):
        colon = "：" if lang == "zh" else ": "
        return ("，" if lang == "zh" else ", ").join(
            f"{escape(lang_name(k, lang))}{colon}{escape(enum('translation', str(x), lang))}" for k, x in v.items())
    return f"<code>{escape(value_text(v))}</code>" if field in ("sources", "refs", "id") \
        else escape(value_text(v))


def edition_table(changes: list[Change], lang: str) -> str:
    """The edition's own changes, before and after, in the reader's language: a text
    field's redline in the page's language, the other languages' folded away below."""
    ui = UI[lang]
    label = lambda f: escape(FIELDS.get(f, {}).get(lang, f))  # noqa: E731
    sep = ("（", "）") if lang == "zh" else (" (", ")")
    rows: list[str] = []
    other: list[str] = []
    for c in changes:
        if c.redline:
            for lg, segs in c.redline.items():
                o, n = (marked(x, lg) for x in sides_md(segs))
                row = (f"<tr><td>{label(c.field or c.kind)}{sep[0]}{escape(lang_name(lg, lang))}{sep[1]}</td>"
                       f"<td>{o or '—'}</td><td>{n or '—'}</td></tr>")
                (rows if lg == lang else other).append(row if lg == lang else row.replace("<tr>", f'<tr lang="{ident(lg)}">', 1))
        else:
            rows.append(f"<tr><td>{label(c.field or c.kind)}</td><td>{value_html(c.field, c.before, lang)}</td>"
                        f"<td>{value_html(c.field, c.after, lang)}</td></tr>")
    head = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in (ui["field"], ui["before"], ui["after"])) + "</tr></thead>"
    out = f'<table class="lode-edition-changes">{head}<tbody>{"".join(rows)}</tbody></table>' if rows else ""
    if other:
        out += (f'\n<details class="lode-other-lang"><summary>{ui["other-lang-changes"]}</summary>'
                f'<table class="lode-edition-changes">{head}<tbody>{"".join(other)}</tbody></table></details>')
    return out


def marked(html: str, lg: str) -> str:
    """A redline's HTML with what its text marks as code shown as code, and (in English)
    its Chinese quotations marked, as on the edition page."""
    return quotes_marked(_CODE.sub(r"<code>\1</code>", html), lg)


_CODE = re.compile(r"&#96;([^<&]*?)&#96;")


def lang_name(lg: str, lang: str) -> str:
    """A language's name in ``lang`` (the interface table's), or its code if unknown."""
    return LANGUAGE[lg][lang] if lg in LANGUAGE else lg


