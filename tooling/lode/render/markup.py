"""The Markdown dialect of the generated pages, in one place.

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
    return "".join(f"&#{ord(c)};" if c in _SIGNIFICANT else c for c in text)


def ident(value: str) -> str:
    """``value`` unchanged if it is a schema-shaped identifier, else ValueError.

    Ids reach HTML ``id`` attributes and URL paths, where entities would not decode; data
    that passed the schema always matches, so a mismatch is a bug, not content."""
    if not _IDENT.match(value):
        raise ValueError(f"not a safe identifier for a page: {value!r}")
    return value


def paragraphs(text: str) -> list[str]:
    """Escaped paragraphs of ``text``: blank lines separate paragraphs, other line breaks
    become spaces, so no line of data can start a heading, list, code block or table."""
    return [escape(" ".join(p.split())) for p in re.split(r"\n\s*\n", text) if p.strip()]


def indent(block: str, by: str = "    ") -> str:
    return "\n".join(by + line if line else line for line in block.split("\n"))


def tabs(panels: Iterable[tuple[str, str]]) -> str:
    """Content tabs (pymdownx.tabbed). Labels are ours, never data: Material links tabs
    by label across the site and remembers the reader's choice, so every tab set uses the
    same labels."""
    out = []
    for label, body in panels:
        out.append(f'=== "{label}"\n\n{indent(body)}\n')
    return "\n".join(out)


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
