"""The loader's fast path for JSON: most disclosure files are JSON, and reading them
through libyaml's event stream (``loader.build``, which also records every position)
was about half of ``lode check``'s time per file.

:func:`parse` reads the text with Python's C JSON decoder and returns the data, or
None to send the file down the full path. It accepts a file only when the full path
is known to give the same data with no finding, so every verdict is unchanged:

- the loader's text checks already passed, there are no escapes (``\\``: an escape can
  make what the text check could not see), no invisible or bidi characters and the
  text is NFC (the per-string findings could not fire), no tab and no U+2028/U+2029
  (YAML reads those as white space or line breaks, JSON as characters);
- JSON's values type as YAML 1.2's core schema types them (a plain ``1e5`` is a float
  in both, ``true``, ``null`` alike); ``NaN`` and ``Infinity`` (not JSON, though Python
  reads them), a duplicate key and an integer beyond 2^53 decline;
- every key is under libyaml's 1,024-character limit for an implicit key, with nothing
  between it and its colon (a quote followed by white space and a colon declines);
- depth, node count and string length are within the limits.

Positions are found on first use (:class:`LazyDocument`): a finding needs them, a
passing file never asks. A failing file asks for a few, and :class:`Locator` finds each
one alone, by searching the text for its keys (a scan of every token, :func:`locate`,
cost a failing file more than all its checks; a re-read through libyaml's event stream
more again). :func:`locate` still gives the whole tables to a reader that wants them.
``tests/unit/test_jsonfast.py`` compares all three on generated and hostile JSON.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from typing import Any, Callable

from .document import Document, KeyPath, Pos

# What sends a text down the full path (see above): a character searched for alone, in C
# (one pattern for all four and the spaced colon took as long as decoding the JSON: the
# alternation is tried at every character), and a quote, white space and a colon.
_DECLINE_CHARS = ("\\", "\t", "\u2028", "\u2029")
_SPACED_COLON = re.compile('"[ \r\n]+:')
_MAX_KEY = 1000


class _Decline(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A duplicate key declines here; a key's length is tested in _within's walk over every
    # key (here, a generator per mapping made the decoder take twice as long).
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Decline
    return out


def _constant(_: str) -> Any:
    raise _Decline  # NaN, Infinity, -Infinity


def _float(text: str) -> float:
    x = float(text)
    if x - x != 0:  # 1e400 overflows to infinity: the full path refuses it at its position
        raise _Decline
    return x


_OBJECT_START = re.compile(r"\s*\{")


def may_be_json(text: str) -> bool:
    """Whether ``text`` starts like a JSON object (a cheap test, before any scan)."""
    return _OBJECT_START.match(text) is not None


def parse(text: str, max_depth: int, max_nodes: int, max_scalar: int, max_int: int) -> dict[str, Any] | None:
    """The data of ``text`` if it is JSON the full path reads the same, else None."""
    if not may_be_json(text) or any(c in text for c in _DECLINE_CHARS) or _SPACED_COLON.search(text):
        return None
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)
    except (_Decline, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not _within(data, max_depth, max_nodes, max_scalar, max_int):
        return None
    return data


def _within(root: dict[str, Any], max_depth: int, max_nodes: int, max_scalar: int, max_int: int) -> bool:
    # Iterative, as the full path is: no recursion on hostile depth.
    key_max = min(max_scalar, _MAX_KEY)  # beyond libyaml's limit for a key, the full path reads it
    nodes = 0
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            return False
        if isinstance(value, dict):
            nodes += len(value)  # the keys: the full path counts every scalar
            if depth > max_depth or nodes > max_nodes:
                return False
            for k, v in value.items():
                if len(k) > key_max:
                    return False
                stack.append((v, depth + 1))
        elif isinstance(value, list):
            if depth > max_depth:
                return False
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str):
            if len(value) > max_scalar:
                return False
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > max_int:
            return False
    return True


# After ``parse`` accepted a text: a string has no escape (no backslash), so it ends at
# the next quote; anything else between punctuation is one plain scalar. A key is always
# followed by its colon (``parse`` declined white space between them), and one match
# takes a key together with a scalar value after it: half the steps of one match per
# token, the loop below being most of the time a failing file spends finding positions.
_STEP = re.compile(r'"([^"]*)":(\s*)(?:"[^"]*"|([^\s{}\[\],:"]+))?|"[^"]*"|[{}\[\]]|[^\s{}\[\],:"]+')


def _other_breaks(text: str) -> bool:
    """Whether ``text`` has a line break libyaml counts and this module does not (JSON
    text has no other). Two substring tests: a regular expression's character class
    took 8 µs of a failing file's 25 µs of positions."""
    return "\r" in text or "\x85" in text


def locate(text: str, display: str) -> Document | None:
    """The positions the full path would record for a text ``parse`` accepted, found by
    one scan of its tokens (libyaml's marks: 1-based line, column in characters, at a
    scalar's first character or quote and at a collection's bracket). None when a line
    break other than LF could make libyaml count lines differently: the full path then."""
    if _other_breaks(text):
        return None
    positions: dict[KeyPath, Pos] = {}
    key_positions: dict[KeyPath, Pos] = {}
    raw: dict[KeyPath, str] = {}
    # frames: [is_mapping, path, key whose value is this container's next token, next index]
    stack: list[list[Any]] = []
    lines = "\n" in text  # a one-line file (compact JSON, as tools write it) counts no lines
    line, line_start, last = 1, 0, 0
    for m in _STEP.finditer(text):
        start, end = m.span()
        if lines:
            breaks = text.count("\n", last, start)
            if breaks:
                line += breaks
                line_start = text.rindex("\n", last, start) + 1
            last = start
        key, space, plain = m.groups()
        if key is not None:  # a key (JSON keys are strings), and its scalar value if it has one
            frame = stack[-1]
            path = frame[1] + (key,)
            key_positions[path] = (line, start - line_start + 1)
            value = start + len(key) + 3 + len(space)  # `"`, the key, `":`, white space
            if value == end:  # a mapping or a list: the next match
                frame[2] = key
                continue
            if lines and space:
                breaks = space.count("\n")
                if breaks:
                    line += breaks
                    line_start = text.rindex("\n", start, value) + 1
                last = value
            positions[path] = (line, value - line_start + 1)
            if plain is not None:
                raw[path] = plain  # numbers, true, false, null: plain scalars YAML types as non-strings
            continue
        c = text[start]
        if c == "}" or c == "]":
            stack.pop()
            continue
        if stack:
            frame = stack[-1]
            if frame[0]:
                path = frame[1] + (frame[2],)
            else:
                path = frame[1] + (frame[3],)
                frame[3] += 1
        else:
            path = ()
        positions[path] = (line, start - line_start + 1)
        if c == "{" or c == "[":
            stack.append([c == "{", path, None, 0])
        elif c != '"':
            raw[path] = m.group()
    return Document(display, {}, positions, key_positions, raw)


# JSON's white space (json.loads allowed no other between tokens).
_SPACE = re.compile(r"[ \t\n\r]*")
_PLAIN = re.compile(r'[^\s{}\[\],:"]+')
_FILL = "x"  # stands for a string's characters in the skeleton: not a bracket or a comma
# The longest stretch between two offsets whose strings are tested for brackets on their
# own: a longer one (a large table passed over) asks the whole text once instead.
LOCAL = 4096
# How many times the text's length the only-match searches (each reads the rest of it)
# may read before stretches are counted instead: a split at the quotes costs some thirty.
SHORTCUT = 4

_Found = tuple[int, int | None, Any]  # value offset, key offset (None for a list item), value


def _opened(text: str, start: int, end: int) -> int:
    """Brackets opened minus brackets closed in ``text[start:end]``."""
    return text.count("{", start, end) + text.count("[", start, end) - text.count("}", start, end) \
        - text.count("]", start, end)


class Locator:
    """Where single paths are in a text :func:`parse` accepted: the positions
    :func:`locate` would give them, without scanning every token.

    With no escape in the text, every quote opens or closes a string. A copy of the text
    with each string's characters replaced by ``_FILL`` (the skeleton) keeps every offset
    and only the brackets and commas that are structure, so whether an offset is directly
    inside a container is a count of brackets between the two (four ``str.count`` calls,
    in C). A key is found by searching the text for ``"key":``: the first match directly
    inside the container whose quote opens a string (an even count of quotes since the
    container's bracket) is the key, as the data says the container has it and duplicate
    keys were declined.

    The whole text is not split at its quotes unless a search needs it: the only match of
    a key after its container's bracket is that key, and the brackets between two offsets
    are counted in the text itself where no string there holds one (tested on that stretch
    alone when it is short). A long stretch with strings and brackets, and a list's commas,
    ask the whole text once."""

    def __init__(self, text: str, data: dict[str, Any]) -> None:
        self.text = text
        self.lines = "\n" in text
        self._found: dict[KeyPath, _Found | None] = {(): (text.index("{"), None, data)}
        self.read = 0  # characters read by the searches so far

    def find(self, path: KeyPath) -> _Found | None:
        """(value offset, key offset or None, value) of ``path``; None when the data has no such path."""
        path = tuple(path)
        if path in self._found:
            return self._found[path]
        parent = self.find(path[:-1])
        found = None
        if parent is not None:
            at, _, value = parent
            step = path[-1]
            if isinstance(value, dict) and isinstance(step, str) and step in value:
                key = self._key(at, step)
                found = (_SPACE.match(self.text, key + len(step) + 3).end(), key, value[step])
            elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
                found = (self._item(at, step), None, value[step])
        self._found[path] = found
        return found

    @cached_property
    def skeleton(self) -> str:
        parts = self.text.split('"')
        parts[1::2] = [_FILL * len(part) for part in parts[1::2]]
        return '"'.join(parts)

    @cached_property
    def brackets(self) -> str:
        # Where no string holds a bracket (most texts, prose with commas included), the
        # text counts depth as the skeleton would, and blanking each string (a Python step
        # per string) waits for a list item's commas.
        strings = '"'.join(self.text.split('"')[1::2])
        return self.skeleton if any(c in strings for c in "{}[]") else self.text

    def _depth(self, start: int, end: int, inside: int = 0) -> int:
        """Brackets opened minus closed between ``start`` and ``end``, not counting those
        in strings. ``start`` is outside any string, or at a quote: one that closes a
        string when ``inside`` is 1 (a look-alike key's first quote may), else one that
        opens it."""
        text = self.text
        if text.find('"', start, end) >= 0 and any(text.find(c, start, end) >= 0 for c in "{}[]"):
            if end - start > LOCAL:  # strings and brackets: are any of the brackets in a string?
                return _opened(self.brackets, start, end)
            strings = '"'.join(text[start:end].split('"')[1 - inside::2])
            if any(c in strings for c in "{}[]"):
                return _opened(self.skeleton, start, end)
        return _opened(text, start, end)

    def _key(self, container: int, key: str) -> int:
        # Depth counted from match to match: a text with the key a thousand times in nested
        # mappings before the one asked for is still read once.
        # A match is the key when it is directly inside the container and its quote opens
        # a string: an even number of quotes since the container's bracket (with no escape
        # in the text, every quote opens or closes one).
        text = self.text
        needle = f'"{key}":'
        last, depth, quotes = container + 1, 0, 0
        at = text.find(needle, last)
        if at > last and self.read + len(text) - last <= SHORTCUT * len(text) and text.find(needle, at + 1) < 0:
            # The only match after the container's bracket is the key the data says it
            # has: no stretch read for brackets (a search in C reads the rest of the
            # text some thirty times faster than splitting it at its quotes).
            self.read += len(text) - last
            return at
        while at >= 0:
            depth += self._depth(last, at, quotes % 2)
            quotes += text.count('"', last, at)
            self.read += at - last
            last = at
            if depth == 0 and quotes % 2 == 0:
                return at
            at = text.find(needle, at + 1)
        raise AssertionError(f"key {key!r} not found in the text the data was read from")  # the data has it

    def _item(self, container: int, index: int) -> int:
        # The item after the index-th comma directly inside the list (depth counted from
        # comma to comma, so a long list is read once, not once per comma).
        at, depth, seen = container, 0, 0
        while seen < index:
            comma = self.skeleton.index(",", at + 1)
            depth += _opened(self.skeleton, at + 1, comma)  # the skeleton is made for the commas anyway
            self.read += comma - at
            at = comma
            seen += depth == 0
        return _SPACE.match(self.text, at + 1).end()

    def position(self, offset: int) -> Pos:
        """libyaml's mark for ``offset``: 1-based line, column in characters."""
        if not self.lines:
            return 1, offset + 1
        self.read += offset  # line breaks counted from the start: reading too
        return self.text.count("\n", 0, offset) + 1, offset - self.text.rfind("\n", 0, offset)

    def raw(self, path: KeyPath) -> str | None:
        """The text of a plain scalar (a number, ``true``, ``false``, ``null``) at ``path``."""
        found = self.find(path)
        if found is None or self.text[found[0]] in '"{[':
            return None
        m = _PLAIN.match(self.text, found[0])
        return m.group() if m else None


# How many times the text's length the searches may read before the whole table is made
# instead: each search may read the text up to its path, so a file with thousands of
# findings would read it thousands of times. Searching reads a character some thirty
# times faster than the token scan (C's str.count and str.find against a Python loop).
SEARCHES = 16


class LazyDocument(Document):
    """A :class:`Document` from the fast path. :meth:`where` and :meth:`raw_at` ask a
    :class:`Locator` (made on first use); the three tables ``positions``,
    ``key_positions`` and ``raw`` are computed by ``full`` (:func:`locate`, else the
    full path) the first time one is read, and answer every lookup once the searches have
    read ``SEARCHES`` times the text.
    A text :func:`locate` leaves to the full path (a line break other than LF) is never
    located here."""

    def __init__(self, path: str, data: dict[str, Any], text: str, full: Callable[[], Document]) -> None:
        self.path, self.data, self.findings = path, data, []
        self._text, self._full = text, full
        self._locator: Locator | None = None

    def _located(self) -> Locator | None:
        if "positions" in self.__dict__:
            return None
        if self._locator is None:
            if _other_breaks(self._text):
                return None
            self._locator = Locator(self._text, self.data)
        elif self._locator.read > SEARCHES * len(self._text):
            return None  # a file with many findings: one scan of every token serves them all
        return self._locator

    def where(self, path: KeyPath, *, key: bool = False) -> Pos:
        loc = self._located()
        if loc is None:
            return super().where(path, key=key)
        p = tuple(path)
        while p:
            found = loc.find(p)
            if found is not None:
                return loc.position(found[1] if key and found[1] is not None else found[0])
            p = p[:-1]
        return loc.position(loc.find(())[0])  # type: ignore[index]

    def raw_at(self, path: KeyPath) -> str | None:
        loc = self._located()
        return loc.raw(path) if loc is not None else super().raw_at(path)

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not yet set: the three position tables.
        if name not in ("positions", "key_positions", "raw"):
            raise AttributeError(name)
        full = self._full()
        self.positions: dict[KeyPath, Pos] = full.positions
        self.key_positions: dict[KeyPath, Pos] = full.key_positions
        self.raw: dict[KeyPath, str] = full.raw
        return getattr(self, name)

