"""The loader's fast path for JSON: most disclosure files are JSON, and reading them
through libyaml's event stream (``loader._build``, which also records every position)
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
passing file never asks; :func:`locate` finds them by a scan of the JSON tokens (a failing
file re-read through libyaml's event stream cost as much as the rest of its check). ``tests/unit/test_jsonfast.py`` compares both paths on
generated and hostile JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from .document import Document, KeyPath, Pos

_DECLINE = re.compile('[\\\\\t\u2028\u2029]|"[ \r\n]+:')
_MAX_KEY = 1000


class _Decline(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs) or any(len(k) > _MAX_KEY for k in out):
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
    if not may_be_json(text) or _DECLINE.search(text):
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
                if len(k) > max_scalar:
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


def locate(text: str, display: str) -> Document | None:
    """The positions the full path would record for a text ``parse`` accepted, found by
    one scan of its tokens (libyaml's marks: 1-based line, column in characters, at a
    scalar's first character or quote and at a collection's bracket). None when a line
    break other than LF could make libyaml count lines differently: the full path then."""
    if "\r" in text or "\x85" in text:
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


class LazyDocument(Document):
    """A :class:`Document` from the fast path: ``positions``, ``key_positions`` and
    ``raw`` are computed by ``locate`` (:func:`locate`, else the full path) the first time one is read."""

    def __init__(self, path: str, data: dict[str, Any], locate: Callable[[], Document]) -> None:
        self.path, self.data, self.findings = path, data, []
        self._locate = locate

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not yet set: the three position tables.
        if name not in ("positions", "key_positions", "raw"):
            raise AttributeError(name)
        full = self._locate()
        self.positions: dict[KeyPath, Pos] = full.positions
        self.key_positions: dict[KeyPath, Pos] = full.key_positions
        self.raw: dict[KeyPath, str] = full.raw
        return getattr(self, name)
