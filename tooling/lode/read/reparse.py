"""Parsing a file again after an edit: only the item of a top-level list the edit lies in.

Under ``mkdocs serve`` a drafter saves one edition again and again, and each save changes
a line or a few of one provision. Parsing the whole 1.2 MB file was about 100 ms of a save
at 10,000 nodes, the largest step of one (tooling/bench/RESULTS.md, issue 26). A
:class:`Reparse` keeps the last parse of the files it was asked for; when the lines that
changed all lie within one item of a top-level block list (an edition's chapter under
``nodes:``), that item's lines are parsed alone, under their own key, and spliced into a
copy of the last document: its data, and every position after it moved by the lines the
edit added or removed.

Why parsing the item alone is the same parse. The lines before it are unchanged, so the
parser reaches its first line in the state it did before: in the list, at the item's
indentation, provided that line still begins with the item's dash where it did. The item
is given its first and last line whole, and parsed alone it must come out as exactly one
complete item, every quote, bracket and block scalar closed by its own last line; the
unchanged line that follows then starts a new item (or key) at a smaller indentation, as
it did before. Anything else -- two items, none, an error, a directive, a file with a
TAB, bidirectional controls or text not in NFC (checks that read the whole text), a line
break libyaml counts and splitting at "\n" does not, a node count over the limit -- is
parsed whole, so every error and its position come from the full parse. A test holds the
spliced document equal to a full parse's, field by field, over random edits.
"""

from __future__ import annotations

import json
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterator

from . import loader
from .document import Document, KeyPath, Pos
from .loader import Limits
from .text import BIDI


# Characters whose rules read the whole text (a TAB: tabs.py), and the line breaks libyaml
# counts that splitting at "\n" does not (its positions would not be ours).
_WHOLE = ("\t", "\r", "\u2028", "\u2029")


@dataclass(frozen=True)
class _Last:
    lines: list[str]
    doc: Document


class Reparse:
    """The last good parse of each of the ``keep`` files most recently parsed; pass
    :meth:`build` to ``loader.load_bytes`` (``parse=``). A drafter works on an edition,
    its crosswalks and its standard file at once: four is room for that, at about 7 MB
    each for a 1.2 MB edition (its positions and lines; its data is the model's)."""

    def __init__(self, keep: int = 4) -> None:
        self.keep = keep
        self._last: OrderedDict[str, _Last] = OrderedDict()
        self.spliced = 0  # parses answered by splicing one item (what the tests read)

    def build(self, text: str, display: str, limits: Limits) -> Document:
        lines = text.split("\n")
        last = self._last.get(display)
        doc = _spliced(last, lines, text, display, limits) if last is not None else None
        if doc is None:
            doc = loader.build(text, display, limits)  # a refusal keeps the last good parse
        else:
            self.spliced += 1
        self._last.pop(display, None)
        self._last[display] = _Last(lines, doc)
        while len(self._last) > self.keep:
            self._last.popitem(last=False)
        return doc


def _spliced(last: _Last, lines: list[str], text: str, display: str, limits: Limits) -> Document | None:
    old = last.doc
    if old.findings or any(c in text for c in _WHOLE) or BIDI.search(text) is not None \
            or not unicodedata.is_normalized("NFC", text):
        return None
    a, end_old, end_new = _changed(last.lines, lines)
    if a is None:
        return None
    found = _item_at(old, last.lines, a, end_old)
    if found is None:
        return None
    key, k, first, stop = found  # the item's lines: [first, stop) in the old text, 0-based
    shift = len(lines) - len(last.lines)
    dash = old.positions[(key, k)][1] - 1
    if lines[first][:dash] != last.lines[first][:dash]:
        return None  # the item no longer starts its first line with its dash
    alone = json.dumps(key, ensure_ascii=False, allow_nan=False) + ":\n" + "\n".join(lines[first:stop + shift]) + "\n"
    try:
        part = loader.build(alone, display, limits)
    except Exception:  # noqa: BLE001 - any failure is the full parse's to report, with its position
        return None
    items = part.data.get(key)
    if list(part.data) != [key] or not isinstance(items, list) or len(items) != 1 or part.findings:
        return None
    # The item's first line is line 2 alone and line first + 1 in the file (1-based).
    doc = _splice(old, part, key, k, first - 1, stop + 1, shift)
    if len(doc.positions) + len(doc.key_positions) > limits.max_nodes:
        return None
    return doc


def _changed(old: list[str], new: list[str]) -> tuple[int | None, int, int]:
    """The changed lines: (first, end in old, end in new), 0-based, ends exclusive; first
    None when nothing changed. Lines are compared a block at a time (a list comparison,
    in C), then one by one within the block that differs."""
    n = min(len(old), len(new))
    a = _same_run(old, new, n)
    if a == n and len(old) == len(new):
        return None, 0, 0
    b = _same_run(old[::-1], new[::-1], n - a)
    return a, len(old) - b, len(new) - b


def _same_run(old: list[str], new: list[str], n: int, block: int = 512) -> int:
    """How many of the first ``n`` lines of ``old`` and ``new`` are equal."""
    a = 0
    while a + block <= n and old[a:a + block] == new[a:a + block]:
        a += block
    while a < n and old[a] == new[a]:
        a += 1
    return a


def _item_at(doc: Document, lines: list[str], first: int, end: int) -> tuple[str, int, int, int] | None:
    """The top-level list item whose lines hold old lines [first, end): (key, index, its
    first line, the line after it), 0-based; None when no one item holds them all."""
    keys = list(doc.data)
    for i, key in enumerate(keys):
        items = doc.data[key]
        if not isinstance(items, list) or not items:
            continue
        starts = [doc.positions[(key, j)][0] - 1 for j in range(len(items))]
        # The list ends where the next top-level key starts (or at the end of the file).
        after = doc.key_positions[(keys[i + 1],)][0] - 1 if i + 1 < len(keys) else len(lines)
        if not starts[0] <= first < after:
            continue
        k = max(j for j in range(len(items)) if starts[j] <= first)
        stop = starts[k + 1] if k + 1 < len(items) else after
        if end > stop or not _opens_item(doc, lines, key, k) or (
                k + 1 < len(items) and not _opens_item(doc, lines, key, k + 1)):
            return None
        return key, k, starts[k], stop
    return None


def _opens_item(doc: Document, lines: list[str], key: str, k: int) -> bool:
    """Whether item ``k`` is a block mapping whose line begins with its ``-`` (``  - id: …``)."""
    if not isinstance(doc.data[key][k], dict):
        return False
    line, col = doc.positions[(key, k)]
    return lines[line - 1][:col - 1].strip() == "-"


def _splice(old: Document, part: Document, key: str, k: int, offset: int, old_stop: int,
            shift: int) -> Document:
    """``old`` with item ``k`` of ``key`` replaced by ``part``'s one item (its lines
    ``offset`` below where ``part`` has them); positions on line ``old_stop`` or later
    (1-based) move by ``shift`` lines."""
    prefix = (key, k)
    gone = set(_paths(old.data[key][k], prefix))

    def moved(table: dict[KeyPath, Pos], new: dict[KeyPath, Pos]) -> dict[KeyPath, Pos]:
        if shift:
            out = {p: pos if pos[0] < old_stop else (pos[0] + shift, pos[1])
                   for p, pos in table.items() if p not in gone}
        else:  # the same lines: a copy (in C) less the old item's entries
            out = dict(table)
            for p in gone:
                out.pop(p, None)
        out.update(((key, k, *p[2:]), (ln + offset, c)) for p, (ln, c) in new.items() if len(p) >= 2)
        return out

    positions = moved(old.positions, part.positions)
    key_positions = moved(old.key_positions, part.key_positions)
    raw = {p: v for p, v in old.raw.items() if p not in gone}
    raw.update(((key, k, *p[2:]), v) for p, v in part.raw.items())
    data = dict(old.data)
    data[key] = list(data[key])
    data[key][k] = part.data[key][0]
    return Document(old.path, data, positions, key_positions, raw, [])


def _paths(node: Any, path: KeyPath) -> Iterator[KeyPath]:
    """Every path at or below ``path`` in ``node`` (the entries its positions hold)."""
    yield path
    if isinstance(node, dict):
        for name, v in node.items():
            yield from _paths(v, path + (name,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))
