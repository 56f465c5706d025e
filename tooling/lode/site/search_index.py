"""The search index of a site built once per language: duplicate entries dropped, and a
``serve --dirty`` rebuild merged page by page (:func:`merge_rebuilt`), and the index
written page by page (:class:`IndexJson`).

A site in several languages has one search index for all of them. mkdocs-static-i18n
drops an entry of a non-default language when it repeats one of the default language
(same title, same text, at the same page under the language's prefix), so a page that
falls back to the default language is not found twice. Its own implementation
(``reconfigure_search_duplicates``, 1.3.1) compares every pair of entries: at 10,000
nodes in two languages that is 15,000 × 15,000 comparisons, a third of the whole build
(tooling/bench/RESULTS.md). :func:`drop_duplicates` applies the same rule through a
lookup by (title, text); the mkdocs adapter installs it in the i18n plugin's place.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import accumulate, groupby
from typing import Any, Iterable, Iterator


def drop_duplicates(entries: list[dict[str, Any]], languages: Iterable[str]) -> None:
    """Remove, in place, every entry whose location starts with ``<lang>/`` for one of
    ``languages`` and that has the title and text of an entry without such a prefix
    whose location it ends with. Order is kept."""
    prefixes = tuple(f"{lang}/" for lang in languages)
    defaults: dict[tuple[Any, Any], list[str]] = defaultdict(list)
    for e in entries:
        if not e["location"].startswith(prefixes):
            defaults[(e["title"], e["text"])].append(e["location"])
    if not defaults:
        return
    keep = [e for e in entries
            if not (e["location"].startswith(prefixes)
                    and any(e["location"].endswith(d) for d in defaults.get((e["title"], e["text"]), ())))]
    entries[:] = keep


def merge_rebuilt(previous: list[dict[str, Any]], rebuilt: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries of a ``--dirty`` rebuild merged into the previous index: every entry
    of a page that was rebuilt replaced by the rebuilt ones, the other pages' kept.

    Material's search keeps the previous index across ``mkdocs serve --dirty`` rebuilds,
    assuming one page was rebuilt: it drops the previous entries of the first rebuilt
    page only. A bilingual build rebuilds a page in each language (and an edition's
    edit rebuilds its redline too), so every save added copies of the other pages'
    entries: the index, the memory and the rebuild time grew with each save."""
    pages = {e["location"].split("#", 1)[0] for e in rebuilt}
    return [e for e in previous if e["location"].split("#", 1)[0] not in pages] + rebuilt


class IndexJson:
    """The search index's JSON (Material's format: compact, ``default=str``), made one page
    at a time. Under ``mkdocs serve`` (``remember``) it is written again after a save with
    only the rebuilt pages serialized: a page whose entries are the very objects of the
    last write reuses its bytes, and a rebuilt page reuses the bytes of each entry it kept
    (a save that rewords one provision keeps the page's thousand others' entries). At
    10,000 nodes in two languages the index is about 50 MB: dumping, joining and encoding
    all of it was a third of a save. A one-off build remembers nothing: its pages' bytes
    go to the file as they are made."""

    def __init__(self, remember: bool = True) -> None:
        self.remember = remember
        # page -> (its entries, their JSON joined by commas, where each entry's JSON starts
        # (and one past the last), or None when the page was dumped whole)
        self._pages: dict[str, tuple[list[dict[str, Any]], bytes, list[int] | None]] = {}

    def parts(self, config: Any, entries: list[dict[str, Any]]) -> Iterator[bytes]:
        """The index file as consecutive byte strings, made as they are asked for (write
        them in order; what is remembered for the next write is kept once the last is)."""
        pages: dict[str, tuple[list[dict[str, Any]], bytes, list[int] | None]] = {}
        yield b'{"config":' + _dumps(config).encode() + b',"docs":['
        for n, (page, group) in enumerate(groupby(entries, key=lambda e: e["location"].split("#", 1)[0])):
            kept = list(group)
            last = self._pages.get(page)
            if last is not None and len(last[0]) == len(kept) and all(a is b for a, b in zip(last[0], kept)):
                text, starts = last[1], last[2]  # the same objects (held here, so no id is reused): the same bytes
            elif last is None:  # a page first written: dumped whole, the fastest way
                text, starts = _dumps(kept)[1:-1].encode("utf-8"), None
            else:
                text, starts = _entry_by_entry(kept, last)
            if self.remember:
                pages[page] = (kept, text, starts)
            if n:
                yield b","
            yield text
        yield b"]}"
        self._pages = pages


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str, allow_nan=False)


def _entry_by_entry(kept: list[dict[str, Any]], last: tuple[list[dict[str, Any]], bytes, list[int] | None]
                    ) -> tuple[bytes, list[int]]:
    """A rebuilt page's JSON, each entry it kept from the last write (the same object)
    taking its bytes from there: the list's JSON is its entries' JSON joined by commas."""
    entries, text, starts = last
    view = memoryview(text)
    at = {id(e): i for i, e in enumerate(entries)} if starts is not None else {}
    pieces: list[Any] = []
    for e in kept:
        i = at.get(id(e))
        if i is not None and entries[i] is e:
            pieces.append(view[starts[i]:starts[i + 1] - 1])  # type: ignore[index]
        else:
            pieces.append(_dumps(e).encode("utf-8"))
    return b",".join(pieces), list(accumulate((len(p) + 1 for p in pieces), initial=0))


class Encoded:
    """The index's JSON as Material writes it (``data.encode()``), page by page: joined
    into bytes when Material asks (never decoded to text for Material to encode back: two
    passes over 50 MB at 10,000 nodes in every full rebuild under ``mkdocs serve``), or
    written into the file a page at a time (``material_search.stream_final``)."""

    def __init__(self, parts: Iterable[bytes]) -> None:
        self.parts = parts

    def encode(self, *_: Any) -> bytes:
        return b"".join(self.parts)
