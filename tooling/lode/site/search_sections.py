"""The search sections of a page Lode generated, read without ``html.parser``.

The site's search index holds one entry per section of a page (a heading and the text
up to the next one). Material for MkDocs finds them by running the standard library's
``HTMLParser`` over every page: at 10,000 nodes that was about half of the whole build,
almost all of it over the provisions Lode itself wrote. Lode's generated HTML is
well-formed (every tag closed, every attribute quoted, every ``<`` and ``&`` of data
escaped: ``render/markup.py``), so one regular expression splits it into tags and text,
and :func:`sections` applies to those tokens the same rules as Material's reader
(``material/plugins/search/plugin.py``, ``Parser``, mkdocs-material 9.8.1): which tags
are kept in the text (``p``, lists, code, sub/sup), what ``data-search-exclude`` leaves
out, how whitespace collapses, which section a text belongs to after a nested heading's
container closes. A test holds the two readers to the same sections on every generated
page of a corpus. Anything this reader does not expect (a script, a stray ``<``, a
CDATA block) makes it return None, and the page is read by Material's own parser.

The largest pages (an edition's provisions, a changes page's clauses) are not read at
all: their generator builds each provision's section from the parts it writes
(:class:`Written`), and only the Markdown part of the page is read.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape, unescape
from typing import Any, Callable

# A comment, a start or end tag with its attributes, or a run of text.
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s\"'<>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)"
                    r"\s*(/?)>|([^<]+)", re.S)
_ATTR = re.compile(r"([^\s\"'<>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")
_UNEXPECTED = re.compile(r"<(?:script|style|object|textarea|title|!\[CDATA\[|![a-zA-Z]|\?)", re.I)

# An entity other than the five Lode's escaper writes (render/markup.py): html.unescape's
# own path (a regular expression with a callback per entity) is kept for those.
_OTHER_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#39|#x27);)")


def _unescape(text: str) -> str:
    """``html.unescape``, by plain replacements when the text holds only the escaper's
    five entities (a third of this reader's time went to the general path); ``&amp;``
    last, so ``&amp;lt;`` stays ``&lt;`` as html.unescape leaves it."""
    if _OTHER_ENTITY.search(text):
        return unescape(text)
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'")
            .replace("&#x27;", "'").replace("&amp;", "&"))


_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
_KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))
_ALWAYS_SKIPPED = frozenset(("object", "script", "style"))


class Section:
    """What Material's ``create_entry_for_section`` reads of a section: the heading's
    ``id`` (None for the page's first section), and its title and text as lists of
    escaped strings and kept tags."""

    __slots__ = ("tag", "attrs", "depth", "id", "title", "text")

    def __init__(self, tag: str, attrs: dict[str, Any], depth: float) -> None:
        self.tag, self.attrs, self.depth = tag, attrs, depth
        self.id: str | None = None
        self.title: list[str] = []
        self.text: list[str] = []

    def is_excluded(self) -> bool:
        return "data-search-exclude" in self.attrs

    def __repr__(self) -> str:
        return f"Section({self.id!r}, {''.join(self.title)!r}, {''.join(self.text)[:40]!r}...)"


def _attrs(raw: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        out[m.group(1).lower()] = _unescape(value) if value is not None and "&" in value else value
    return out


def sections(html: str) -> list[Section] | None:
    """The sections of ``html`` as Material's search reader divides them, or None if the
    HTML holds something this reader does not handle (the caller then uses Material's).

    Material's ``Parser`` (9.8.1) over tokens, in one loop (this is the hot part of a
    site build). Its elements compare by tag name, so its skip set and "inside the
    heading" are sets of tag names here, answered by a count of each open tag."""
    if _UNEXPECTED.search(html):
        return None
    context: list[tuple[str, dict[str, Any] | None]] = []
    opened: dict[str, int] = {}
    skip: set[str] = set()  # besides script, style and object, which this reader never sees
    data_: list[Section] = []
    section: Section | None = None
    pos = 0
    for m in _TOKEN.finditer(html):
        if m.start() != pos:
            return None  # a stray "<": not Lode's HTML
        pos = m.end()
        tag = m.group(2)
        if tag is None:
            text = m.group(5)
            if text is None:  # a comment
                continue
            if skip and any(opened.get(t) for t in skip):
                continue
            if "&" in text:
                text = _unescape(text)
            pre = opened.get("pre")
            if not pre:
                text = text.replace("\n", " ") if not text.isspace() else " "
            if section is None:
                section = Section("hx", {}, 0)
                data_.append(section)
            if opened.get(section.tag):
                if not any(t == "a" and a and a.get("class") == "headerlink" for t, a in context):
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                st = section.text
                if not st or not st[-1].isspace() or pre:
                    st.append(text)
            else:
                section.text.append(escape(text, quote=False))
            continue
        tag = tag.lower()
        if not m.group(1):  # a start tag
            if tag in _VOID:
                continue
            raw = m.group(3)
            attrs = _attrs(raw) if raw and (tag in _HEADINGS or tag == "a" or "data-search-exclude" in raw
                                            or "linenodiv" in raw) else None
            context.append((tag, attrs))
            opened[tag] = opened.get(tag, 0) + 1
            if tag in _HEADINGS and attrs and "id" in attrs:
                depth = len(context)
                if tag != "h1" and not data_:
                    section = Section("hx", {}, depth)
                    data_.append(section)
                section = Section(tag, attrs, depth)
                if data_:
                    section.id = attrs["id"]
                data_.append(section)
            if section is None:
                section = Section("hx", {}, 0)
                data_.append(section)
            excluded = False
            if attrs:
                for key, value in attrs.items():
                    if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                        skip.add(tag)
                        excluded = True
                        break
            if not excluded and tag in _KEEP and not (skip and any(opened.get(t) for t in skip)):
                (section.title if opened.get(section.tag) else section.text).append(f"<{tag}>")
            if not m.group(4):
                continue
        # an end tag (or the end of <x/>, which HTMLParser reports as a start and an end)
        if not context or context[-1][0] != tag:
            continue
        if section.depth > len(context):  # type: ignore[union-attr]
            for s in reversed(data_):
                if s.depth <= len(context):
                    section.depth = float("inf")  # type: ignore[union-attr]
                    section = s
                    break
        context.pop()
        opened[tag] -= 1
        if tag in skip:
            skip.remove(tag)
            continue
        if tag in _KEEP and not (skip and any(opened.get(t) for t in skip)):
            data = section.title if opened.get(section.tag) else section.text  # type: ignore[union-attr]
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")
    return data_ if pos == len(html) else None


# --- sections Lode writes itself ---------------------------------------------------------
# A page generator that writes a section's HTML from the model (an edition's provisions:
# site/pages.py) knows the section's structure: its heading, its paragraphs, its lists.
# It hands the search index the section as Material's reader would take it from that
# HTML, built here from the same parts, so the page's HTML is never read back. Only the
# inline runs inside a paragraph or a heading (escaped text, spans, code) go through
# :func:`inline`, once per distinct run (badges and labels repeat on every provision).

@lru_cache(maxsize=1 << 14)
def inline(html: str, title: bool = False) -> str:
    """The search text Material's reader takes from ``html``, a run of inline HTML Lode
    wrote inside a paragraph, list item or heading (``title``): tags dropped but the kept
    ones (``code``, ``sub``, ``sup``), what ``data-search-exclude`` marks left out,
    entities decoded and ``&``, ``<``, ``>`` escaped again, a run of whitespace between
    tags written once (in a heading, every one)."""
    out: list[str] = []
    opened: dict[str, int] = {}
    skip: set[str] = set()
    for m in _TOKEN.finditer(html):
        tag = m.group(2)
        if tag is None:
            text = m.group(5)
            if text is None or (skip and any(opened.get(t) for t in skip)):
                continue
            if "&" in text:
                text = _unescape(text)
            text = text.replace("\n", " ") if not text.isspace() else " "
            if title or not text.isspace() or not out or not out[-1].isspace():
                out.append(escape(text, quote=False))
            continue
        tag = tag.lower()
        if not m.group(1):
            if tag in _VOID:
                continue
            opened[tag] = opened.get(tag, 0) + 1
            if "data-search-exclude" in (m.group(3) or ""):
                skip.add(tag)
            elif tag in _KEEP and not (skip and any(opened.get(t) for t in skip)):
                out.append(f"<{tag}>")
            if not m.group(4):
                continue
        if not opened.get(tag):
            continue
        opened[tag] -= 1
        if tag in skip:
            skip.remove(tag)
        elif tag in _KEEP and not (skip and any(opened.get(t) for t in skip)):
            out.append(f"</{tag}>")
    return "".join(out)


class Written(Section):
    """A section whose HTML Lode wrote from the model (a provision): a heading with an
    ``id`` in a container, then blocks. Each method adds what Material's reader takes
    from one block; :meth:`gap` is the line break Lode writes between blocks."""

    __slots__ = ()

    def __init__(self, id_: str, title_html: str) -> None:
        super().__init__("h", {"id": id_}, 0)
        self.id = id_
        title = inline(title_html, True)
        if title:  # a heading with no text: Material's reader gives no title (the page's is used)
            self.title.append(title)

    @classmethod
    def of(cls, id_: str, title: str, text: str) -> Written:
        """A section as :func:`dumps` wrote it."""
        out = cls.__new__(cls)
        Section.__init__(out, "h", {"id": id_}, 0)
        out.id, out.title, out.text = id_, [title] if title else [], [text]
        return out

    def gap(self) -> Written:
        if not self.text or not self.text[-1].isspace():
            self.text.append(" ")
        return self

    def words(self, html: str) -> Written:
        """Inline HTML outside any paragraph (a tab's label)."""
        self.text.append(inline(html))
        return self

    def para(self, html: str) -> Written:
        # Material's reader drops an empty paragraph only when no text follows the first
        # paragraph of the section; a provision's first paragraph (its badges) has text.
        self.text += ["<p>", inline(html), "</p>"]
        return self

    def items(self, items: list[str]) -> Written:
        self.text += ["<ul>", *(f"<li>{inline(x)}</li>" for x in items), "</ul>"]
        return self


def dumps(found: list[Written], segment: Callable[[str], str] | None = None) -> str:
    """Sections as text (JSON), for a build that writes each page as it is made and
    reads it back when it is rendered: holding every page's sections until then would
    hold the corpus's text twice (at 100,000 nodes, hundreds of megabytes).
    ``segment``: each row also holds the search index's segmentation of the title and
    of the text as the index takes them (stripped), or null where it changes nothing,
    so that it is done where the page is made (in parallel in a one-off build)."""
    rows: list[list[Any]] = []
    for s in found:
        title, text = "".join(s.title), "".join(s.text)
        row: list[Any] = [s.id, title, text]
        if segment is not None:
            row += [None if (v := segment(x.strip())) == x.strip() else v for x in (title, text)]
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, allow_nan=False)


def loads(text: str) -> list[Written]:
    return loads_segmented(text)[0]


def loads_segmented(text: str) -> tuple[list[Written], dict[str, str]]:
    """:func:`loads`, and what the rows say of segmentation: stripped text -> its segmentation."""
    found, segmented = [], {}
    for row in json.loads(text):
        found.append(Written.of(*row[:3]))
        for raw, seg in zip(row[1:3], row[3:]):
            if raw.strip():
                segmented[raw.strip()] = raw.strip() if seg is None else seg
    return found, segmented
