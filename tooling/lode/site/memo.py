"""What one site build made, kept for the next build of the same process (``mkdocs
serve`` rebuilding after a save): whole pages, diffs and downloads (:class:`Memo`), and
the parts of a page (:class:`Parts`: a provision's block, a changed clause's block) so
that a page made again remakes only the parts whose inputs changed.

A kept value is reused only when the inputs it was made from compare equal to the new
ones, so the inputs must be everything the value is made from: each caller derives them
from the maker's arguments, and the keys of a part's model objects are derived here from
the objects' own fields (:func:`node_key`, :func:`clause_key`), so a field added to the
model is part of the key by itself. A test plants a stale value for each part of a key.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Mapping, TypeVar

from ..diff.redline import Redlines
from ..diff.result import Change, NodeDiff
from ..model.edition import Node

T = TypeVar("T")


class Memo:
    """What one build made, for the next build of the same process (``mkdocs serve``
    rebuilding after a save) to reuse: each value is stored with the inputs it was made
    from (file digests, the texts it includes) and made again only when they differ, so
    an edit to one edition regenerates its pages, its changes pages and the pages that
    list it, and nothing else. Holds one build's values: what the last build did not use
    is dropped.

    A page made again reuses its unchanged parts (:meth:`parts`: a provision's HTML and
    search section, keyed by everything that block is made from), so a save that
    rewords one clause remakes that clause's blocks, not the page's thousand others."""

    def __init__(self) -> None:
        self._values = Parts()  # whole values (pages, diffs, downloads), kept as a page's parts are
        self.made: list[Any] = []  # the keys made (not reused) by the current build
        # Page key -> the parts of that page, as the last build that made the page left them.
        self._parts_last: dict[Any, Parts] = {}
        self._parts_next: dict[Any, Parts] = {}

    def get(self, key: Any, inputs: Any, make: Callable[[], Any]) -> Any:
        value, reused = self._values.kept(key, inputs, make)
        if not reused:
            self.made.append(key)
        elif (kept := self._parts_last.get(key)) is not None:
            self._parts_next[key] = kept.carried()  # a page reused whole keeps its parts for the build that next remakes it
        return value

    def parts(self, key: Any) -> Parts:
        """The parts of the value at ``key`` (a page) while it is made: the last build's, to
        reuse; what this build makes of them is kept for the next. The same object for
        every call of one build (one per language of the page)."""
        made = self._parts_next.get(key)
        if made is None:
            made = self._parts_next[key] = Parts(self._parts_last.get(key))
        return made

    def start(self) -> None:
        """Begin a build: the previous build's values become the ones to reuse."""
        if len(self._values):
            self._values = Parts(self._values)
            self._parts_last, self._parts_next = self._parts_next, {}
        self.made = []


class Parts:
    """The parts of one page (a provision's block), each kept with the inputs it was made
    from and reused while they are equal: the inputs must be everything the part is made
    from (the caller derives them from the maker's arguments). Holds the parts the page's
    last making used, no more, so memory stays one build's worth across saves."""

    __slots__ = ("_last", "_next", "made")

    def __init__(self, last: Parts | None = None) -> None:
        self._last: dict[Any, tuple[Any, Any]] = last._next if last is not None else {}
        self._next: dict[Any, tuple[Any, Any]] = {}
        self.made = 0  # parts made (not reused) in this making of the page

    def get(self, key: Any, inputs: Any, make: Callable[[], Any]) -> Any:
        return self.kept(key, inputs, make)[0]

    def kept(self, key: Any, inputs: Any, make: Callable[[], Any]) -> tuple[Any, bool]:
        """The value and whether it was the last making's (its inputs equal)."""
        hit = self._last.get(key)
        if hit is not None and hit[0] == inputs:
            value, reused = hit[1], True
        else:
            value, reused = make(), False
            self.made += 1
        self._next[key] = (inputs, value)
        return value, reused

    def carried(self) -> Parts:
        """These parts, for a build that reuses their page whole: the making before this
        one is never read again (the page's next making starts from this one's), and
        held, it kept the model of two saves ago alive at every page a save once remade
        (33,000 objects each at 10,000 nodes)."""
        self._last = {}
        return self

    def __len__(self) -> int:
        """The values this making has made or reused so far."""
        return len(self._next)


def block(parts: Parts | None, key: Any, inputs: Any, make: Callable[[list[Any] | None], T],
          search: list[Any] | None) -> T:
    """A block of a page made by ``make(search)`` (which appends the block's search
    sections to the list it is given, if any), or the last build's with its sections when
    ``parts`` holds one made from equal ``inputs`` under ``key``. The sections are then
    the very objects of the last build (their search entries can be reused as well)."""
    if parts is None:
        return make(search)
    want = search is not None
    value, sections = parts.get(key, (inputs, want), lambda: _with_sections(make, want))
    if want:
        search.extend(sections)  # type: ignore[union-attr]
    return value


def _with_sections(make: Callable[[list[Any] | None], T], want: bool) -> tuple[T, tuple[Any, ...]]:
    found: list[Any] | None = [] if want else None
    value = make(found)
    return value, tuple(found or ())


# What a provision's block shows of its node: every field but its children (each is a
# block of its own) and where it was authored (its file and its path there, which move
# when a node is inserted before it). A test holds the block to these two being unread.
_NODE_FIELDS = tuple(f.name for f in dataclasses.fields(Node) if f.name not in ("children", "where"))
_NODE_DIFF_FIELDS = tuple(f.name for f in dataclasses.fields(NodeDiff))
_CHANGE_FIELDS = tuple(f.name for f in dataclasses.fields(Change))


def node_key(node: Node) -> tuple[Any, ...]:
    """A node as its block reads it (every field but ``children`` and ``where``)."""
    return tuple(getattr(node, f) for f in _NODE_FIELDS)


def clause_key(nd: NodeDiff) -> tuple[Any, ...]:
    """Every field of a changed clause, its changes by every field and a redline by its
    two texts: equal keys say the same, and comparing them computes no redline."""
    return tuple(tuple(_change_key(c) for c in nd.changes) if f == "changes" else getattr(nd, f)
                 for f in _NODE_DIFF_FIELDS)


def _change_key(c: Change) -> tuple[Any, ...]:
    return tuple(_redline_key(c.redline) if f == "redline" else getattr(c, f) for f in _CHANGE_FIELDS)


def _redline_key(r: Mapping[str, Any] | None) -> Any:
    if isinstance(r, Redlines):
        return tuple(r.pairs.items())
    return tuple(r.items()) if r is not None else None
