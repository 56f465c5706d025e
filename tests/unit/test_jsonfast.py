"""The loader's JSON fast path (read/jsonfast.py) against the full path (read/loader.py):
whatever the fast path accepts, the full path reads as the same data with no finding and
the same positions; whatever the full path would read differently, the fast path declines."""

from __future__ import annotations

import contextlib
import json
import os
import re
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lode.read import jsonfast
from lode.read.loader import STANDARD_LIMITS, Limits, LoadError, build as _build, load_bytes

EXAMPLES = int(os.environ.get("LODE_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize="LODE_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
L = STANDARD_LIMITS


def _fast(text: str, limits: Limits = L) -> object:
    return jsonfast.parse(text, limits.max_depth, limits.max_nodes, limits.max_scalar, 2**53)


# Strings with what YAML and JSON read differently: quotes, backslashes, colons, '#',
# tabs, line and paragraph separators, bidi controls, decomposed accents, CJK.
_text = st.text(alphabet=st.sampled_from(list('ab :#"\\\t\u2028\u2029\u202e\u0301é中文-{}[],')), max_size=12)
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**54), 2**54),
                    st.floats(allow_nan=False, allow_infinity=False), _text)
_json = st.recursive(_scalar, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                      st.dictionaries(_text, kids, max_size=4)), max_leaves=25)


@FUZZ
@given(st.dictionaries(_text, _json, max_size=6), st.sampled_from([None, 0, 2]), st.booleans(),
       st.sampled_from([(", ", ": "), (",", ":")]))
def test_what_the_fast_path_accepts_the_full_path_reads_the_same(data: dict, indent: int | None, ascii_: bool,
                                                                 seps: tuple[str, str]) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_, separators=seps)
    try:
        doc = load_bytes(text.encode(), "x.json")
    except LoadError:
        return  # refused by the full path (the fast path never refuses)
    if not isinstance(doc, jsonfast.LazyDocument):
        return
    full = _build(text, "x.json", L)  # must not raise
    assert doc.data == full.data and not full.findings
    assert [type(v) for v in _leaves(doc.data)] == [type(v) for v in _leaves(full.data)]  # 1 stays int, 1.0 float
    assert (doc.positions, doc.key_positions, doc.raw) == (full.positions, full.key_positions, full.raw)


def _leaves(v: object) -> list[object]:
    if isinstance(v, dict):
        return [x for k in v for x in [k, *_leaves(v[k])]]
    if isinstance(v, list):
        return [x for item in v for x in _leaves(item)]
    return [v]


def test_ordinary_disclosure_json_takes_the_fast_path() -> None:
    text = json.dumps({"lode-disclosure": 1, "facts": {"a": {"value": 1.5, "unit": "t"}}, "中文": "矿业"},
                      ensure_ascii=False, indent=2)
    assert _fast(text) == json.loads(text)


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}',                       # duplicate key: the full path says where
    '{"a": NaN}', '{"a": Infinity}',          # not JSON, though Python reads them
    '{"a": 9007199254740993}',                # beyond 2^53
    '{"' + "k" * 1100 + '": 1}',              # libyaml's implicit-key limit
    '{"a": [{"' + "k" * 1001 + '": 1}]}',     # the same, in a mapping in a list
    '{"a"   : 1}', '{"a"\n: 1}',              # white space between a key and its colon
    '{\t"a": 1}',                             # a tab
    '{"a": "x\u2028y"}',                      # YAML folds a line separator
    '{"a": "\\u0007"}', '{"a": "\\"q\\""}',   # escapes
    '["a"]', '{"a": 1} {"b": 2}', "{a: 1}",   # not a JSON object alone
])
def test_the_fast_path_declines(text: str) -> None:
    assert _fast(text) is None


def test_a_key_at_the_limit_takes_the_fast_path() -> None:
    text = '{"a": [{"' + "k" * 1000 + '": 1}]}'
    assert _fast(text) == json.loads(text)


@FUZZ
@given(st.integers(990, 1010), st.lists(st.sampled_from(["map", "list"]), max_size=4), st.sampled_from("k中é"))
def test_a_key_over_libyamls_limit_declines_at_any_depth(length: int, nesting: list[str], char: str) -> None:
    # libyaml refuses an implicit key over 1,024 characters; the fast path leaves any key
    # over 1,000 to the full path, wherever it stands.
    data: object = {char * length: 1}
    for kind in nesting:
        data = {"a": data} if kind == "map" else [data]
    text = json.dumps({"top": data}, ensure_ascii=False)
    got = _fast(text)
    assert (got is None) == (length > 1000)
    assert got is None or got == json.loads(text)


# The one pattern the decline test was until issue 26: the characters and the spaced
# colon are now searched for apart, and must decline exactly the texts it declined.
_OLD_DECLINE = re.compile('[\\\\\t\u2028\u2029]|"[ \r\n]+:')


@FUZZ
@given(st.text(alphabet=st.sampled_from(list('"a :\r\n\\\t\u2028\u2029\u202e中{')), max_size=40))
def test_the_decline_test_declines_what_the_one_pattern_did(text: str) -> None:
    declined = any(c in text for c in jsonfast._DECLINE_CHARS) or jsonfast._SPACED_COLON.search(text) is not None
    assert declined == (_OLD_DECLINE.search(text) is not None)


@pytest.mark.parametrize("text", ['{"a": "\u202e"}', '{"a": "e\u0301"}', '{"\u200b": 1}'])
def test_text_the_full_path_reports_on_is_read_by_the_full_path(text: str) -> None:
    doc = load_bytes(text.encode(), "x.json")
    assert not isinstance(doc, jsonfast.LazyDocument) and doc.findings


def test_limits_decline_and_the_full_path_rejects() -> None:
    tight = Limits(max_depth=3, max_nodes=10, max_scalar=5)
    for text, code in [('{"a": {"b": {"c": {"d": 1}}}}', "yaml-depth"), ('{"a": [1,2,3,4,5,6,7,8,9,10]}', "yaml-nodes"),
                       ('{"a": "toolong"}', "yaml-scalar"), ('{"toolong": 1}', "yaml-scalar")]:
        assert _fast(text, tight) is None, text
        with pytest.raises(LoadError) as e:
            load_bytes(text.encode(), "x.json", tight)
        assert e.value.finding.code == code
    assert _fast('{"a": {"b": {"c": 1}}}', tight) is not None  # exactly at the limits: read


@contextlib.contextmanager
def _local(n: int) -> Iterator[None]:
    saved, jsonfast.LOCAL = jsonfast.LOCAL, n
    try:
        yield
    finally:
        jsonfast.LOCAL = saved


# Text the fast path accepts (no escape, tab or separator), so every example reaches
# `locate`: its positions must be libyaml's, token for token.
_plain_text = st.text(alphabet=st.sampled_from(list("ab :#-{}[],é中文")), max_size=8)
_plain_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.floats(allow_nan=False, allow_infinity=False),
              _plain_text),
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(_plain_text, kids, max_size=4)), max_leaves=30)


@FUZZ
@given(st.dictionaries(_plain_text, _plain_json, max_size=6), st.sampled_from([None, 0, 1, 3]), st.booleans(),
       st.sampled_from([(", ", ": "), (",", ":")]))
def test_the_token_scan_finds_libyamls_positions(data: dict, indent: int | None, ascii_: bool,
                                                  seps: tuple[str, str]) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_, separators=seps)
    if _fast(text) is None:
        return  # e.g. ensure_ascii wrote an escape
    located, full = jsonfast.locate(text, "x.json"), _build(text, "x.json", L)
    assert located is not None
    assert (located.positions, located.key_positions, located.raw) == (full.positions, full.key_positions, full.raw)


@pytest.mark.parametrize("local", [0, 8, 4096])
@FUZZ
@given(st.dictionaries(_plain_text, _plain_json, max_size=6), st.sampled_from([None, 0, 1, 3]), st.booleans(),
       st.sampled_from([(", ", ": "), (",", ":")]), st.lists(st.one_of(_plain_text, st.integers(-1, 5)), max_size=4))
def test_a_located_path_is_where_libyaml_puts_it(local: int, data: dict, indent: int | None, ascii_: bool,
                                                 seps: tuple[str, str], missing: list) -> None:
    # The Locator finds one path at a time: every path the full path records, and a
    # path the data lacks (the nearest ancestor's position), as the full tables give them.
    # A short stretch between two offsets is tested for brackets in strings on its own, a
    # long one asks the whole text: with every stretch long (0), most (8) or none (4,096,
    # the default) in these texts, each answers every path as the full tables do.
    with _local(local):
        _located_as_libyaml(json.dumps(data, indent=indent, ensure_ascii=ascii_, separators=seps), missing)


def _located_as_libyaml(text: str, missing: list) -> None:
    doc = load_bytes(text.encode(), "x.json")
    if not isinstance(doc, jsonfast.LazyDocument):
        return
    full = _build(text, "x.json", L)
    for path in [*full.positions, *(p + tuple(missing) for p in full.positions)]:
        # a document asked for this path alone: found by search, not by the token scan
        alone = jsonfast.LazyDocument("x.json", doc.data, text, lambda: full)
        assert alone.where(path) == full.where(path), path
        assert alone.where(path, key=True) == full.where(path, key=True), path
        assert alone.raw_at(path) == full.raw_at(path), path
        assert "positions" not in vars(alone)
        # one document asked for every path: after enough searching it answers from the full tables
        assert (doc.where(path), doc.where(path, key=True), doc.raw_at(path)) == \
            (full.where(path), full.where(path, key=True), full.raw_at(path)), path


def test_a_file_with_many_findings_is_scanned_once() -> None:
    # Each search may read the text up to its path: once the searches have read SEARCHES
    # times the text, the document makes the whole table in one scan, so thousands of
    # findings never mean thousands of readings.
    text = json.dumps({"facts": {f"m{i}": {"value": i} for i in range(300)}})
    doc, full = load_bytes(text.encode(), "x.json"), _build(text, "x.json", L)
    assert isinstance(doc, jsonfast.LazyDocument)
    scanned = []
    for i in range(300):
        assert doc.where(("facts", f"m{i}", "value")) == full.where(("facts", f"m{i}", "value"))
        scanned.append("positions" in vars(doc))
    switched = scanned.index(True)  # searched one by one until then, from the table after
    assert 10 < switched < 300 and all(scanned[switched:])


def test_the_locator_skips_look_alike_keys() -> None:
    # "v": as text inside a string, as a key of a nested mapping before the one asked
    # for, and as a key after the mapping closed, are none of them the key asked for;
    # nor is `"e", ":x"` the key `, ` (its first quote closes a string).
    text = '{"a": {"x": {"v": 1}, "s": "v: [{", "v": 2}, "b": [{"v": 3}, [4, {"v": "5"}], "]v:"], "v": null, ' \
           '"c": {"d": "e", ":x": 0, ", ": 1, "": [], "f": {"": "g"}}}'
    doc, full = load_bytes(text.encode(), "x.json"), _build(text, "x.json", L)
    assert isinstance(doc, jsonfast.LazyDocument)
    for path in [("a", "v"), ("a", "x", "v"), ("b", 0, "v"), ("b", 1, 1, "v"), ("b", 2), ("v",), ("b", 1, 0),
                 ("c", ", "), ("c", ""), ("c", "f", ""), ("c", "f", "g"), ("b", 3), ("b", -1)]:
        assert doc.where(path) == full.where(path) and doc.raw_at(path) == full.raw_at(path), path
        assert doc.where(path, key=True) == full.where(path, key=True), path


@pytest.mark.parametrize("text", [
    '{"a":\n  1, "b":\n\n {"c":   \n"d", "e":[1,\n 2, {"f":\n  null}]}, "g":  true}',
    '{"a":    "x", "b":\n\n\n[\n"y"\n,\n3], "c": {}, "d": [], "e":\n{}}',
    '{"中文":\n "é", "k": {"中":\n\t1}}'.replace("\t", " "),
])
def test_the_token_scan_counts_line_breaks_between_a_key_and_its_value(text: str) -> None:
    # A key and its scalar value are one step of the scan: white space and line breaks
    # after the colon (which json.dumps never writes) must move the value's position.
    assert _fast(text) is not None
    located, full = jsonfast.locate(text, "x.json"), _build(text, "x.json", L)
    assert located is not None
    assert (located.positions, located.key_positions, located.raw) == (full.positions, full.key_positions, full.raw)


def test_the_token_scan_leaves_other_line_breaks_to_the_full_path() -> None:
    assert jsonfast.locate('{"a":\r\n 1}', "x.json") is None
    doc = load_bytes(b'{"a":\r\n [1, {"b": "c"}]}', "x.json")
    assert doc.positions[("a", 1, "b")] == (2, 12)  # what libyaml counts


def test_a_key_after_thousands_of_look_alikes_is_found_in_one_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    # `"X":` twenty thousand times in a table before the fact asked for: the brackets
    # between the container and each match are counted from the match before, so the
    # text is read once (counted, not timed: counting from the container each time read
    # 269 KB twenty thousand times, 3.4 s here).
    data = {"facts": {"a": {"value": [{"X": i} for i in range(20000)]}, "X": {"value": 1}}}
    text = json.dumps(data)
    read = []
    depth = jsonfast.Locator._depth
    monkeypatch.setattr(jsonfast.Locator, "_depth", lambda self, a, b, *inside: read.append(b - a) or depth(self, a, b, *inside))
    loc = jsonfast.Locator(text, data)
    found = loc.find(("facts", "X", "value"))
    assert found is not None and text[found[0]:].startswith("1}}")
    assert sum(read) <= len(text)


@pytest.mark.parametrize("local", [0, 8, jsonfast.LOCAL])
def test_the_locator_skips_look_alike_keys_whatever_stretch_is_read_alone(local: int) -> None:
    with _local(local):
        test_the_locator_skips_look_alike_keys()
        # After the look-alike `"e", ":` (its first quote closes "e"), the stretch to the
        # key starts inside a string: the bracket in ":x{" is that string's, not structure.
        text = '{"c": {"d": "e", ":x{": 1, ", ": 2}}'
        doc, full = load_bytes(text.encode(), "x.json"), _build(text, "x.json", L)
        assert isinstance(doc, jsonfast.LazyDocument)
        for path in [("c", ", "), ("c", ":x{")]:
            assert doc.where(path) == full.where(path) and doc.where(path, key=True) == full.where(path, key=True)


def test_a_fact_after_a_large_table_is_found_without_splitting_the_text() -> None:
    # A 2.8 MB failing file's first position split the whole text at its quotes (67 ms of
    # a 160 ms check, for two findings); the stretches searched are now all it reads:
    # a key written once after the table, and the short stretch inside its fact.
    rows = [{"name": f"Dam {i} [north]", "volume": i} for i in range(3000)]
    data = {"facts": {"table": {"value": rows}, "listing": {"value": "regional"}}}
    text = json.dumps(data, indent=1)
    loc = jsonfast.Locator(text, data)
    at = loc.find(("facts", "listing", "value"))
    assert at is not None and text[at[0]:].startswith('"regional"')
    assert "skeleton" not in vars(loc) and "brackets" not in vars(loc)
    # a cell inside the table (a list's commas): the skeleton, as before
    cell = loc.find(("facts", "table", "value", 2999, "name"))
    assert cell is not None and text[cell[0]:].startswith('"Dam 2999 [north]"')


def test_many_findings_before_a_large_table_are_found_without_the_full_scan() -> None:
    # The only-match search reads the rest of the text each time: taken for every one of
    # forty facts before a large table, it read forty texts, and the document then made
    # its whole table in one token scan (a file with 49 findings: 0.17 s, 0.30 s with it).
    # After four texts' reading the stretches are counted instead, as they were before.
    rows = [{"name": f"Dam {i} [north]", "volume": i} for i in range(3000)]
    data = {"facts": {f"m{i}": {"value": i} for i in range(40)}, "table": rows}
    text = json.dumps(data, indent=1)
    doc, full = load_bytes(text.encode(), "x.json"), _build(text, "x.json", L)
    assert isinstance(doc, jsonfast.LazyDocument)
    for i in range(40):
        assert doc.where(("facts", f"m{i}", "value")) == full.where(("facts", f"m{i}", "value"))
    assert "positions" not in vars(doc)
