"""An edited file parsed again as the one item the edit lies in (``read/reparse.py``): the
document it makes is the full parse's, field by field, or the full parse makes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from lode.core.errors import LoadError
from lode.read.loader import STANDARD_LIMITS, Document, Limits, load_bytes
from lode.read.reparse import Reparse

EDITION = REPO / "standards" / "cccmc-ddg" / "2022.yaml"
BASE = EDITION.read_text(encoding="utf-8")
NAME = "standards/cccmc-ddg/2022.yaml"


def _fields(doc: Document) -> tuple:
    return doc.data, doc.positions, doc.key_positions, doc.raw, doc.findings


def _outcome(text: str, parse=None, limits: Limits = STANDARD_LIMITS) -> tuple:
    try:
        return ("ok", _fields(load_bytes(text.encode("utf-8"), NAME, limits, parse)))
    except LoadError as e:
        return ("refused", e.findings)


def _line(text: str, starts: str) -> int:
    return next(i for i, ln in enumerate(text.split("\n")) if ln.startswith(starts))


def _edit(text: str, at: int, new: str | None, insert: bool = False) -> str:
    lines = text.split("\n")
    if new is None:
        del lines[at]
    elif insert:
        lines.insert(at, new)
    else:
        lines[at] = new
    return "\n".join(lines)


def test_a_reworded_provision_is_parsed_alone_and_equals_the_full_parse() -> None:
    r = Reparse()
    r.build(BASE, NAME, STANDARD_LIMITS)
    at = _line(BASE, "  - id: step-2")
    summary = next(i for i in range(at, at + 40) if BASE.split("\n")[i].strip().startswith("en:"))
    lines = BASE.split("\n")
    # The same number of lines, then a line more (every position after the item moves).
    for new in (_edit(BASE, summary, lines[summary] + " Reworded."),
                _edit(BASE, summary, "      # a drafter's note", insert=True)):
        before = r.spliced
        assert _outcome(new, r.build) == _outcome(new)
        assert r.spliced == before + 1
        r.build(BASE, NAME, STANDARD_LIMITS)  # back to the shipped text (itself spliced)


@pytest.mark.parametrize("what, edit", [
    ("the header", lambda t: t.replace("edition: ", "edition:  ", 1)),
    ("a new item", lambda t: _edit(t, _line(t, "  - id: step-2"), "  - id: inserted\n    kind: clause", insert=True)),
    ("an item split in two", lambda t: _edit(t, _line(t, "  - id: step-2") + 2, "  - id: inserted", insert=True)),
    ("two items", lambda t: _edit(_edit(t, _line(t, "  - id: step-2") + 1, "    kind: clause"),
                                  _line(t, "  - id: step-3") + 1, "    kind: clause")),
    # The item's first line no longer starts with its dash where it did: the lines before
    # it no longer leave the parser where it was (each parsed alone as one good item).
    ("the item's dash moved", lambda t: _edit(t, _line(t, "  - id: step-2"), "-   id: step-2")),
    ("the item's dash alone", lambda t: _edit(t, _line(t, "  - id: step-2"), " -\n    id: step-2")),
    ("a TAB", lambda t: _edit(t, _line(t, "  - id: step-2") + 1, "    kind:\tclause")),
    ("an unclosed quote", lambda t: _edit(t, _line(t, "  - id: step-2") + 1, '    kind: "clause')),
    ("a bidirectional control", lambda t: _edit(t, _line(t, "  - id: step-2") + 1, "    kind: cl\u202eause")),
    ("a line separator in a quoted title", lambda t: _edit(t, _line(t, "  - id: step-2") + 5,
                                                           '      en: "Identify\u2028and assess"')),
    ("a carriage return", lambda t: _edit(t, _line(t, "  - id: step-2") + 5, '      en: "Identify\rand assess"')),
    ("an anchor", lambda t: _edit(t, _line(t, "  - id: step-2") + 1, "    kind: &a clause")),
])
def test_an_edit_not_within_one_clean_item_is_parsed_whole(what: str, edit) -> None:
    r = Reparse()
    r.build(BASE, NAME, STANDARD_LIMITS)
    new = edit(BASE)
    assert new != BASE, what
    assert _outcome(new, r.build) == _outcome(new), what
    assert r.spliced == 0, what


def test_the_node_limit_counts_the_whole_spliced_file() -> None:
    whole = _outcome(BASE)[1][1]
    nodes = len(whole) + len(_outcome(BASE)[1][2])
    tight = Limits(max_nodes=nodes)
    r = Reparse()
    r.build(BASE, NAME, tight)
    at = _line(BASE, "  - id: step-2") + 1
    grown = _edit(BASE, at, "    extra: [1, 2, 3]", insert=True)  # four nodes more, over the limit
    assert _outcome(grown, r.build, tight) == _outcome(grown, None, tight)
    assert _outcome(grown, None, tight)[0] == "refused" and r.spliced == 0


def test_only_the_last_files_are_kept() -> None:
    r = Reparse(keep=2)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        r.build(BASE, name, STANDARD_LIMITS)
    assert list(r._last) == ["b.yaml", "c.yaml"]  # noqa: SLF001


# What a drafter (or an attacker) may type into a line: YAML's own punctuation, a list
# item's start, document markers, quotes, a TAB, controls, text not in NFC.
FRAGMENTS = ["- id: x", "-", "-   ", "- - ", "  - id: new", "    - id: child", "'", '"', "{", "}", "[", "]", "#", ": ", "---", "...",
             "\t", "\u202e", "e\u0301", "|", ">-", "&a", "*a", "!!str", "  ", "x", "zh: 中文", "%YAML 1.1", "? k",
             "1e400", "0x1F", "null", "en: >-", "\r", "\u2028", "\u2029"]
LINES = BASE.count("\n") + 1
OPS = st.tuples(st.sampled_from(["replace", "insert", "delete", "append"]), st.integers(0, LINES - 1),
                st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=4).map("".join),
                st.integers(0, 12))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=3))
def test_any_edit_gives_the_full_parse_s_document_or_its_refusal(edits: list) -> None:
    r = Reparse()
    text = BASE
    r.build(text, NAME, STANDARD_LIMITS)
    for op, at, fragment, indent in edits:
        lines = text.split("\n")
        at = min(at, len(lines) - 1)
        line = " " * indent + fragment
        if op == "replace":
            lines[at] = line
        elif op == "insert":
            lines.insert(at, line)
        elif op == "delete":
            del lines[at]
        else:
            lines[at] += fragment
        new = "\n".join(lines)
        got = _outcome(new, r.build)
        assert got == _outcome(new)
        if got[0] == "ok":
            text = new  # the next edit starts from the last good text, as a save does
        else:
            r.build(text, NAME, STANDARD_LIMITS)


def test_a_spliced_document_shares_no_list_or_mapping_it_changed(tmp_path: Path) -> None:
    # The last document's data fed the last build's model: splicing copies the mappings
    # and lists on the edited path instead of writing into them.
    r = Reparse()
    first = r.build(BASE, NAME, STANDARD_LIMITS)
    snapshot = repr(first.data)
    at = _line(BASE, "  - id: step-2") + 5  # the title's English
    r.build(_edit(BASE, at, BASE.split("\n")[at] + " again"), NAME, STANDARD_LIMITS)
    assert r.spliced == 1 and repr(first.data) == snapshot
