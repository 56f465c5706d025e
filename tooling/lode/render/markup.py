"""The Markdown (and HTML) dialect of the generated pages, in one place.

Every construct the pages use (escaped text, paragraphs, content tabs, badges, links,
anchors) is written here, so moving off Material for MkDocs (end of life 2027-05-05)
means changing this module, not each page. Nothing here imports mkdocs.

Two rules keep data from ever becoming markup:
- text from YAML goes through :func:`escape` (entity-encoding), never backslashes;
- identifiers that must stay literal (HTML ids, URL path segments) are checked against
  the schema's own patterns by :func:`ident` and refused otherwise, since entities
  would corrupt them.
"""

from __future__ import annotations

import re
from typing import Iterable

# HTML's own five (& < > " ') and everything Markdown, its extensions or Jinja act on.
_SIGNIFICANT = frozenset("&<>\"'\\`*_[](){}#+-.!|~^=:")
# escape runs on every string of every page: one regex pass that touches only the
# significant characters is about 10x a Python loop over every character.
_ENTITY = {c: f"&#{ord(c)};" for c in _SIGNIFICANT}
_SIGNIFICANT_RE = re.compile("[" + re.escape("".join(sorted(_SIGNIFICANT))) + "]")

# The schema's patterns (common.schema.json: standardId, editionName, nodeId): lowercase
# ASCII, digits, and single '-' or '.' between them. Nothing in them is Markdown or HTML.
# \Z, not $: Python's $ also matches before a final newline ("an-id\n" would pass).
_IDENT = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*\Z")
_URL = re.compile(r"https?://[^\s<>\"]+\Z")


def escape(text: str) -> str:
    """Entity-encode every character Markdown, HTML or Jinja could act on.

    Backslash escapes are not enough (``:``, ``~``, ``^`` and ``=`` cannot be escaped in
    Python-Markdown), so each significant character becomes a numeric entity. Newlines
    are left alone; :func:`paragraphs` decides what they mean.
    """
    # One pass: encoding HTML first and then Markdown would encode the '#' of '&#x27;'.
    return _SIGNIFICANT_RE.sub(lambda m: _ENTITY[m.group()], text)


def ident(value: str) -> str:
    """``value`` unchanged if it is a schema-shaped identifier, else ValueError.

    Ids reach HTML ``id`` attributes and URL paths, where entities would not decode; data
    that passed the schema always matches, so a mismatch is a bug, not content."""
    if not _IDENT.match(value):
        raise ValueError(f"not a safe identifier for a page: {value!r}")
    return value


def paragraphs(text: str) -> list[str]:
    """Escaped paragraphs of ``text``: blank lines separate paragraphs, other line breaks
    become spaces, so no line of data can start a heading, list, code block or table.
    A span in backticks (an id, a file name, a label quoted in its own language) becomes
    code, as in Markdown: the one mark the data has for words of no language."""
    return [_CODE_SPAN.sub(r"<code>\1</code>", escape(" ".join(p.split())))
            for p in re.split(r"\n\s*\n", text) if p.strip()]


# A backtick is escaped to &#96;; a pair of them around text without another backtick.
_CODE_SPAN = re.compile(r"&#96;((?:(?!&#96;).)+?)&#96;")


def span(cls: str, text: str, title: str | None = None) -> str:
    """An inline styled span; ``cls`` is ours, ``text``/``title`` are escaped."""
    attr = f' title="{escape(title)}"' if title else ""
    return f'<span class="{cls}"{attr}>{escape(text)}</span>'


def external_link(url: str | None, text: str) -> str:
    """A link to an http(s) URL from data, or the escaped text alone for anything else."""
    if not url or not _URL.match(url):
        return escape(text)
    return f'<a href="{escape(url)}" rel="noopener">{escape(text)}</a>'


def heading(level: int, text: str, anchor: str, cls: str | None = None) -> str:
    """A heading with an explicit, permanent id (attr_list), so the toc never derives one
    from the (escaped) title and renumbering or retitling never changes the URL."""
    extra = f" .{cls}" if cls else ""
    # A heading is one line: a line break in the title would end it there and leave the
    # {#anchor} behind as a paragraph, so the permanent id would be lost.
    return f"{'#' * max(1, min(level, 6))} {' '.join(text.split())} {{#{anchor}{extra}}}"


def front_matter(title: str) -> str:
    """The page's front matter: a title for the browser tab and the header bar.

    Themes print ``meta.title`` as HTML, so it is escaped like any text; escaping also
    removes every character YAML would act on inside double quotes (``"`` and ``\\``)."""
    one_line = " ".join(title.split())
    return f'---\ntitle: "{escape(one_line)}"\n---\n\n'


def table(header: list[str], rows: Iterable[list[str]]) -> str:
    """A Markdown table of already-escaped cells (escape() encodes ``|``)."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(c or "" for c in row) + " |" for row in rows]
    return "\n".join(lines)


# --- HTML ---------------------------------------------------------------------------------
# The bulk of the largest pages (every provision of an edition) is written as HTML, not
# Markdown: Python-Markdown cost about 40% of a 10,000-node build, and data that never
# passes through Markdown cannot be read as Markdown. The same escaping applies
# (entities are HTML), and the structures are those Markdown would have produced, so
# the theme's CSS and scripts treat both alike.

#: Everything after this line of a generated page is HTML that the mkdocs adapter puts
#: after the page's converted Markdown, unread by Markdown. Plain mkdocs reads it as one
#: raw HTML block, which renders the same.
HTML_BELOW = "<!-- lode: the rest of this page is HTML -->"


def html_heading(level: int, text: str, anchor: str, cls: str | None = None) -> str:
    """A heading with a permanent id and the permalink the toc extension adds to
    Markdown headings; ``text`` is already escaped."""
    n = max(1, min(level, 6))
    klass = f' class="{cls}"' if cls else ""
    return (f'<h{n}{klass} id="{anchor}">{" ".join(text.split())}'
            f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h{n}>')


def html_para(text: str, lang: str | None = None, cls: str | None = None) -> str:
    """A paragraph of already-escaped ``text``, marked with its language where given."""
    attrs = (f' lang="{ident(lang)}"' if lang else "") + (f' class="{cls}"' if cls else "")
    return f"<p{attrs}>{text}</p>"


def html_link(href: str, text: str) -> str:
    """A link to a URL Lode computed (never data) around already-escaped ``text``."""
    return f'<a href="{href}">{text}</a>'


def html_tabs(panels: Iterable[tuple[str, str]], key: str) -> str:
    """Content tabs in pymdownx.tabbed's markup (``alternate_style``), whose checked radio's
    panel Material's CSS shows. Without its ``data-tabs`` mark: Material's script would
    mount each set (an edition of 1,000 provisions has 1,000) and link them by each
    label's laid-out text; ``assets/lode.js`` links them by label and remembers the choice,
    ``assets/lode.css`` marks the chosen label. ``key`` makes the radios' ids unique on the
    page (an id the Markdown part cannot produce)."""
    panels = list(panels)
    name = f"__lode_tabs_{ident(key)}"
    radios = "".join(f'<input{" checked" if k == 0 else ""} id="{name}_{k}" name="{name}" type="radio">'
                     for k in range(len(panels)))
    labels = "".join(f'<label for="{name}_{k}">{label}</label>' for k, (label, _) in enumerate(panels))
    blocks = "".join(f'<div class="tabbed-block">{body}</div>' for _, body in panels)
    return (f'<div class="tabbed-set tabbed-alternate lode-tabs">{radios}'
            f'<div class="tabbed-labels">{labels}</div><div class="tabbed-content">{blocks}</div></div>')


def code_spans(text: str) -> str:
    """``text`` escaped, its `backquoted` spans as <code>: the mark the text itself makes
    (a glossary definition, a code's hint), never guessed from a word's shape. An
    unbalanced mark is refused: a stray backquote would set the rest of the text as code."""
    parts = text.split("`")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced backquote: {text!r}")
    return "".join(f"<code>{escape(p)}</code>" if i % 2 else escape(p) for i, p in enumerate(parts))


def html_table(header: list[str], rows: Iterable[list[str]]) -> str:
    """A table of already-escaped cells; each cell carries its column's header as
    ``data-label`` (tags dropped), which a phone layout shows when rows become cards."""
    head = "".join(f"<th>{h}</th>" for h in header)
    labels = [re.sub(r"<[^>]+>", "", h).replace('"', "&quot;") for h in header]
    body = "".join("<tr>" + "".join(f'<td data-label="{labels[k]}">{c or ""}</td>' if k < len(labels) else f"<td>{c or ''}</td>"
                                    for k, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_ID_VALUE = re.compile(r'[^"]+"')


def anchor_ids(html: str) -> set[str]:
    """The values of the ``id="…"`` attributes in ``html`` that follow white space: what
    ``re.findall(r'\\sid="([^"]+)"', html)`` finds, found from each ``id="`` instead of
    trying the expression at every white-space character (3.3 against 8.1 ms on the 1.8 MB
    HTML part of an edition page of 1,000 provisions)."""
    out = set()
    at = html.find('id="', 1)
    while at >= 0:
        if html[at - 1].isspace() and (m := _ID_VALUE.match(html, at + 4)):
            out.add(m[0][:-1])
            at = html.find('id="', m.end())
        else:
            at = html.find('id="', at + 1)
    return out
