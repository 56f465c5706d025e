"""Where the site reaches into other plugins' internals: Material's search index
(mkdocs-material 9.8.1) and static-i18n's search de-duplication (mkdocs-static-i18n
1.3.1), both pinned in pyproject.toml. Nothing else in Lode touches them, and
tests/unit/test_material_search.py pins what this module assumes of each version.

- :func:`read_generated_pages` has Material's index read the sections of a page Lode
  generated with :func:`search_sections.sections` instead of ``html.parser``, and take
  the sections of a page's HTML part from its generator where it wrote them (an
  edition's provisions: ``search_sections.Written``) without reading that HTML; Material
  still writes every entry (its ``create_entry_for_section``: location, title, jieba).
- :func:`memoize_jieba`: Chinese runs segmented once per process, and under ``serve`` the last few
  thousand sections' texts once.
- :func:`linear_duplicates`: static-i18n's quadratic de-duplication replaced by the same
  rule in linear time (``search_index.drop_duplicates``).
- :func:`merge_rebuilds`: a ``serve --dirty`` rebuild merged into the last index page
  by page (``search_index.merge_rebuilt``); the index always written page by page (in a
  one-off build into the file as the pages are made: :func:`superseded`).
- :func:`language_pass`, :func:`fresh_index`, :func:`drop_duplicates`, :func:`write_index`:
  what ``mkdocs_rebuild`` needs to render a page of one language after a save (static-i18n's
  per-language config, a search index collecting only those pages, its rule for duplicates,
  the index file as Material writes it).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import logging
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import search_index
from .search_sections import sections

VERSIONS = {"mkdocs-material": "9.8.1", "mkdocs-static-i18n": "1.3.1"}


def index_of(config: Any) -> Any:
    """Material's search index of this build, or None (another theme, search off)."""
    plugins = getattr(config, "plugins", None) or {}
    search = plugins.get("material/search") or plugins.get("search")
    if getattr(getattr(search, "config", None), "enabled", True) is False:
        return None  # Material's search reads and writes nothing (its `enabled: false`)
    index = getattr(search, "search_index", None)
    usable = all(callable(getattr(index, m, None)) for m in
                 ("add_entry_from_context", "create_entry_for_section", "generate_search_index"))
    return index if usable and isinstance(getattr(index, "entries", None), list) else None


def read_generated_pages(index: Any, generated: Callable[[Any], bool],
                         written: Callable[[Any], tuple[str, list[Any]] | None] = lambda page: None,
                         kept: Entries | None = None) -> None:
    """Have ``index`` read each page for which ``generated(page)`` holds with Lode's
    section reader; every other page, and a generated page that reader declines, as
    Material does. Where ``written(page)`` gives (the HTML of the page's Markdown part,
    the sections of its HTML part as the generator wrote them), only the first is read:
    the page's content is that HTML followed by HTML holding those sections only; with
    ``kept``, the entry of a written section the last indexing of the page saw is reused.
    Idempotent."""
    if getattr(index, "_lode_sections", False):
        return
    original = index.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        if not generated(page):
            return original(page)
        known = written(page)
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return None
        if known is not None:
            found = sections(known[0])
            if found is None:
                found = _material_sections(known[0])
            for section in found:
                if not section.is_excluded():
                    index.create_entry_for_section(section, page.toc, page.url, page)
            if kept is not None:
                return kept.add(index, page, known[1])
            # Material looks each section's id up by walking the whole table of contents
            # (an edition page's thousand provisions: a fifth of their entries' time);
            # given the item its walk would find, or none, the entry is the same.
            items = _toc_items(page.toc)
            for section in known[1]:
                if not section.is_excluded():
                    item = items.get(section.id)
                    index.create_entry_for_section(section, [item] if item is not None else [], page.url, page)
            return None
        found = sections(page.content)
        if found is None:
            return original(page)
        for section in found:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)
        return None

    index.add_entry_from_context = add_entry_from_context
    index._lode_sections = True  # noqa: SLF001


def reads_written(index: Any) -> bool:
    """Whether ``index`` (or None) takes the sections of a page's HTML part from its
    generator (:func:`read_generated_pages` installed): then it never reads that HTML."""
    return bool(getattr(index, "_lode_sections", False))


class Entries:
    """Under ``mkdocs serve``: the search entry Material made for each section a
    generator wrote (``search_sections.Written``), kept per page until the page is indexed
    again. A section is the same object while its provision is unchanged (``memo.block``);
    its entry is reused when the page's part of the entry is the same too: what
    ``create_entry_for_section`` reads of the page (its URL, title, front matter's title,
    tags and boost, the table of contents' link for the section's id). A save re-indexes
    the thousand sections of an edition page by making only the changed ones' entries,
    and the index file keeps the others' bytes (``search_index.IndexJson``)."""

    def __init__(self) -> None:
        # page URL -> id(section) -> (section, the page's part of its entry, the entry)
        self._pages: dict[str, dict[int, tuple[Any, Any, dict[str, Any]]]] = {}

    def add(self, index: Any, page: Any, found: list[Any]) -> None:
        """The entries of ``found`` (sections of ``page``) appended to ``index``."""
        last = self._pages.get(page.url, {})
        now: dict[int, tuple[Any, Any, dict[str, Any]]] = {}
        meta = page.meta
        context = (page.url, page.title, meta.get("title"), meta.get("tags"), meta.get("search"))
        toc = _toc_urls(page.toc)
        for section in found:
            if section.is_excluded():
                continue
            key = (context, toc.get(section.id), bool(section.title))
            hit = last.get(id(section))
            if hit is not None and hit[0] is section and hit[1] == key:
                index.entries.append(hit[2])
                now[id(section)] = hit
                continue
            # Material gives a section without a title the page's (in place): a copy, so a
            # kept section never carries a page's title into the next indexing.
            count = len(index.entries)
            index.create_entry_for_section(section if section.title else copy.copy(section), page.toc, page.url, page)
            if len(index.entries) == count + 1:  # one entry a section (9.8.1)
                now[id(section)] = (section, key, index.entries[-1])
        self._pages[page.url] = now


def _toc_items(toc: Any) -> dict[str, Any]:
    """Anchor id -> the first table-of-contents item with that id, in the order Material's
    ``_find_toc_by_id`` searches (depth first, an item before its children)."""
    out: dict[str, Any] = {}
    stack = list(reversed(list(toc)))
    while stack:
        item = stack.pop()
        out.setdefault(item.id, item)
        stack.extend(reversed(list(item.children)))
    return out


def _toc_urls(toc: Any) -> dict[str, str]:
    """Anchor id -> the link of that item (:func:`_toc_items`)."""
    return {k: item.url for k, item in _toc_items(toc).items()}


# Material's search plugin strips these attributes from every page's content after
# reading it (``on_page_context``, 9.8.1): one regular expression over the whole page.
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
_SEARCH_ATTRIBUTE_AT = re.compile(r"data-search-\w+=\"[^\"]+\"")


def without_search_attributes(html: str) -> str:
    """``html`` as Material's search plugin leaves a page's content (the attributes it
    strips removed), looking only where an attribute's name starts: the HTML part of an
    edition page is 1-2 MB, and the expression's scan of it was 10-20 ms a page."""
    at = html.find("data-search-")
    while at >= 0:
        if _SEARCH_ATTRIBUTE_AT.match(html, at):
            return _SEARCH_ATTRIBUTE.sub("", html)
        at = html.find("data-search-", at + 1)
    return html


def _material_sections(html: str) -> list[Any]:
    """The sections Material's own reader finds in ``html``."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return list(parser.data)


class _MemoJieba:
    """jieba as Material's search plugin uses it (``jieba.cut`` of each run of Han
    characters), remembering each run's words for the life of the process: the second
    language's pages and every `mkdocs serve` rebuild segment only Chinese text that is
    new. jieba itself loads its dictionary once per process."""

    def __init__(self, jieba: Any) -> None:
        self._jieba = jieba
        self._cut = functools.lru_cache(maxsize=1 << 18)(lambda text: tuple(jieba.cut(text)))

    def cut(self, text: Any, *args: Any, **kwargs: Any) -> Any:
        return self._cut(text) if not args and not kwargs else self._jieba.cut(text, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jieba, name)  # set_dictionary, load_userdict, ...


# Sections' titles and texts segmented lately (a save renders again the pages it
# changed, whose sections are almost all as they were): about as many as the sections
# of an edition page and its changes page in both languages at 1,000 provisions each.
_SEGMENTED = 1 << 13


# Texts of the page being rendered that were segmented where the page was made
# (``search_sections.loads_segmented``): the index takes them instead of segmenting again.
_GIVEN: dict[str, str] = {}


def memoize_jieba(serve: bool = False) -> None:
    """``serve``: also the segmentation of whole texts (a one-off build segments each once).
    Either way, a text :func:`segmented` gave is not segmented again."""
    try:
        from material.plugins.search import plugin as search
    except ImportError:  # another theme: nothing segments Chinese at build time
        return
    if getattr(search, "jieba", None) is not None and not isinstance(search.jieba, _MemoJieba):
        # jieba logs its dictionary loading at DEBUG to its own stderr handler: two lines of
        # noise in every build's output that say nothing a reader can act on.
        if callable(getattr(search.jieba, "setLogLevel", None)):
            search.jieba.setLogLevel(logging.WARNING)
        search.jieba = _MemoJieba(search.jieba)
    index = getattr(search, "SearchIndex", None)
    current = getattr(index, "_segment_chinese", None)
    segment = getattr(current, "_lode_original", current)
    if callable(segment) and (current is segment or serve and not getattr(current, "_lode_memo", False)):
        # A pure function of the string (jieba's words for each run of Han characters):
        # under serve the last texts' results kept, so a save segments only the sections it changed.
        memo = functools.lru_cache(maxsize=_SEGMENTED)(lambda data: segment(None, data)) if serve else None

        def segment_chinese(self: Any, data: str) -> str:
            given = _GIVEN.get(data)
            if given is not None:
                return given
            return memo(data) if memo is not None else segment(self, data)

        segment_chinese._lode_memo = serve  # type: ignore[attr-defined]
        segment_chinese._lode_original = segment  # type: ignore[attr-defined]
        index._segment_chinese = segment_chinese


def segmenter() -> Callable[[str], str] | None:
    """Material's segmentation of a section's title or text for its index (jieba's words
    of each run of Han characters, with U+200B between), or None where it does none;
    jieba's dictionary loaded now, so that processes forked after share it."""
    try:
        from material.plugins.search import plugin as search
    except ImportError:
        return None
    current = getattr(getattr(search, "SearchIndex", None), "_segment_chinese", None)
    segment = getattr(current, "_lode_original", current)
    if getattr(search, "jieba", None) is None or not callable(segment):
        return None
    initialize = getattr(search.jieba, "initialize", None)
    if callable(initialize):
        initialize()
    return functools.partial(segment, None)


def segmented(given: dict[str, str]) -> None:
    """The segmentation of the texts of the page about to be rendered, made with its page
    (:func:`segmenter`); replaces the last page's."""
    global _GIVEN
    _GIVEN = given


def linear_duplicates(config: Any) -> None:
    """static-i18n's de-duplication of the search index, replaced by the same rule in
    linear time (site/search_index.py; a test holds the two to the same result)."""
    plugin = config.plugins.get("i18n")
    if plugin is not None and callable(getattr(plugin, "reconfigure_search_duplicates", None)):
        plugin.reconfigure_search_duplicates = (  # type: ignore[method-assign]
            lambda entries: search_index.drop_duplicates(entries, plugin.build_languages))


def merge_rebuilds(index: Any, base: Callable[[], list[dict[str, Any]] | None],
                   keep: Callable[[list[dict[str, Any]]], None], writer: search_index.IndexJson) -> None:
    """Material merges a ``serve --dirty`` rebuild into the previous index by the first
    rebuilt page only, and static-i18n collects those merged entries, so every save
    doubled the index (site/search_index.py). Here the index is ``base()`` (the last full
    index, None on a first build) with every rebuilt page replaced, made page by page by
    ``writer``; ``keep`` receives it; the entries other plugins read stay as built."""
    if getattr(index, "_lode_merge", False):
        return  # idempotent

    def generate(_prev: Any) -> Any:
        if getattr(index, "_lode_superseded", False):  # see superseded()
            index._lode_superseded = False  # noqa: SLF001
            return json.dumps({"config": _settings(index), "docs": []}, allow_nan=False)
        built = index.entries
        last = base()
        index.entries = built if last is None else search_index.merge_rebuilt(last, built)
        try:
            return search_index.Encoded(writer.parts(_settings(index), index.entries))
        finally:
            keep(index.entries)
            index.entries = built

    index.generate_search_index = generate
    index._lode_merge = True  # noqa: SLF001


def superseded(config: Any, index: Any) -> None:
    """In a one-off build (a served site shows each file as it is written), the index a
    language's pass writes is written again by static-i18n's final pass: written empty
    (it was 26 MB at 10,000 nodes), the final one streamed (:func:`stream_final`)."""
    plugin = config.plugins.get("i18n")
    if plugin is not None and callable(getattr(plugin, "reconfigure_search_index", None)):
        index._lode_superseded = True  # noqa: SLF001
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if getattr(search, "search_index", None) is index:
            search.on_post_build = functools.partial(stream_final, search)


def stream_final(search: Any, *, config: Any) -> None:
    """Material's ``on_post_build`` for static-i18n's final pass, which calls it on the
    plugin itself (mkdocs calls the method it registered), writing the pages' bytes as
    they are made: 500 MB at 100,000 nodes, handed to Material whole, was the build's peak
    memory (tooling/bench/RESULTS.md, issue 26, goal 3)."""
    if search.config.enabled:
        data = search.search_index.generate_search_index(search.search_index_prev)
        _write(config, data.parts if isinstance(data, search_index.Encoded) else [data.encode("utf-8")])
        if search.is_dirty:
            search.search_index_prev = search.search_index


# --- page-by-page rebuilds under `mkdocs serve` (site/mkdocs_rebuild.py) ----------------

def language_pass(config: Any, lang: str) -> None:
    """Put ``config`` in the state static-i18n gives it for ``lang``'s pass (theme
    language, per-language overrides such as site_description): what its ``on_config``
    does before a language's build, without building."""
    plugin = config.plugins.get("i18n")
    if plugin is None or not callable(getattr(plugin, "reconfigure_mkdocs_config", None)):
        return
    if plugin.current_language != lang:
        plugin.current_language = lang
        dirs = list(config.theme.dirs)
        plugin.reconfigure_mkdocs_config(config)
        config.theme.dirs[:] = dirs  # it inserts its sitemap folder again at each call


@contextlib.contextmanager
def fresh_index(config: Any) -> Iterator[Any]:
    """Material's search index, empty, while pages are rendered: their entries only."""
    plugins = config.plugins
    search = plugins.get("material/search") or plugins.get("search")
    old = getattr(search, "search_index", None)
    if old is None:
        yield _NoIndex()
        return
    search.search_index = type(old)(**old.config)
    try:
        yield search.search_index
    finally:
        search.search_index = old


class _NoIndex:
    entries: list[dict[str, Any]] = []


def drop_duplicates(config: Any, entries: list[dict[str, Any]]) -> None:
    """static-i18n's rule for a page's entries in every language (it relates a page only to its copies)."""
    plugin = config.plugins.get("i18n")
    if plugin is not None and getattr(plugin.config, "reconfigure_search", False):
        search_index.drop_duplicates(entries, plugin.build_languages)


def write_index(config: Any, entries: list[dict[str, Any]], writer: search_index.IndexJson) -> None:
    """``search/search_index.json`` as Material writes it, holding ``entries``."""
    index = index_of(config)
    if index is not None:
        _write(config, writer.parts(_settings(index), entries))


def _write(config: Any, parts: Iterable[bytes]) -> None:
    # Written as Material writes it (no fsync: the site folder is a build output, and the
    # server answers no request while a rebuild runs).
    path = Path(config.site_dir) / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.writelines(parts)


def _settings(index: Any) -> dict[str, Any]:
    """The ``config`` part of Material's index file (its ``generate_search_index``)."""
    return {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
