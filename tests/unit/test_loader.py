"""The safe loader: limits at their boundaries, YAML 1.2 typing, positions."""

from __future__ import annotations

import resource
import time

import pytest
from lode.read.loader import CParser, Limits, LoadError, load_bytes


def rejected(data: bytes, limits: Limits = Limits()) -> str:
    with pytest.raises(LoadError) as e:
        load_bytes(data, "x.yaml", limits)
    return e.value.finding.code


def test_the_c_parser_is_the_one_in_use() -> None:
    from ruamel.yaml import YAML

    assert YAML(typ="safe").Parser is CParser
    assert CParser.__module__.endswith("_ruamel_yaml")


# --- limits: the limit passes, the limit + 1 is rejected -------------------------------

def test_size_limit_boundary() -> None:
    limits = Limits(max_bytes=1000)
    body = b"a: " + b"x" * 996 + b"\n"
    assert len(body) == 1000
    assert load_bytes(body, "x.yaml", limits).data["a"] == "x" * 996
    assert rejected(body + b" ", limits) == "input-size"


def test_size_limit_is_checked_before_parsing() -> None:
    # 3 MiB of invalid YAML: if the parser ran, it would report yaml-syntax instead.
    assert rejected(b"[" * (3 * 1024 * 1024)) == "input-size"


def _nested(levels: int) -> bytes:
    return b"a: " + b"[" * (levels - 1) + b"]" * (levels - 1) + b"\n"


def test_depth_limit_boundary() -> None:
    assert load_bytes(_nested(64), "x.yaml") is not None  # root mapping + 63 sequences
    assert rejected(_nested(65)) == "yaml-depth"


def test_100k_nested_brackets_rejected_without_recursion_error() -> None:
    data = b"a: " + b"[" * 100_000
    with pytest.raises(LoadError) as e:
        load_bytes(data, "deep.yaml")
    f = e.value.finding
    assert (f.code, f.line, f.col) == ("yaml-depth", 1, 67)


def test_node_limit_boundary() -> None:
    limits = Limits(max_nodes=11)
    # nodes: root mapping (1) + key 'a' (1) + sequence (1) + 8 items = 11
    ok = b"a: [1,1,1,1,1,1,1,1]\n"
    assert load_bytes(ok, "x.yaml", limits).data == {"a": [1] * 8}
    assert rejected(b"a: [1,1,1,1,1,1,1,1,1]\n", limits) == "yaml-nodes"


def test_scalar_limit_boundary() -> None:
    limits = Limits(max_scalar=100)
    assert load_bytes(b"a: " + b"x" * 100 + b"\n", "x.yaml", limits).data["a"] == "x" * 100
    assert rejected(b"a: " + b"x" * 101 + b"\n", limits) == "yaml-scalar"


def test_default_limits_match_reliability_requirements() -> None:
    limits = Limits()
    assert (limits.max_bytes, limits.max_depth, limits.max_nodes, limits.max_scalar) == (
        2 * 1024 * 1024, 64, 200_000, 100_000)


def test_billion_laughs_rejected_fast_and_small() -> None:
    lol = "a0: &a0 [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
        f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]\n" for i in range(1, 10))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    assert rejected(lol.encode()) == "yaml-alias"
    # Generous bounds: this is a sanity check that nothing was expanded, not a benchmark.
    assert time.perf_counter() - start < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024


# --- typing: YAML 1.2 core schema, nothing library-dependent ---------------------------

TYPING = [
    ("no", "no"), ("NO", "no".upper()), ("on", "on"), ("yes", "yes"), ("y", "y"), ("Off", "Off"),
    ("true", True), ("True", True), ("FALSE", False),
    ("1.10", 1.1), ("1.1.0", "1.1.0"), ("0755", 755), ("0o755", 493), ("09", 9), ("007", 7),
    ("0x1F", 31), ("0b101", "0b101"), ("1_000", "1_000"), ("1:20", "1:20"), ("12:30:00", "12:30:00"),
    ("1e3", 1000.0), ("2024-01-01", "2024-01-01"), ("2024-02-30", "2024-02-30"),
    ("2024-01-01 10:00:00", "2024-01-01 10:00:00"), ("2024-1-5", "2024-1-5"),
    ("~", None), ("null", None), ("", None), ("=", "="), ('"1.10"', "1.10"), ("'no'", "no"),
]


@pytest.mark.parametrize(("source", "expected"), TYPING)
def test_plain_scalar_typing(source: str, expected: object) -> None:
    value = load_bytes(f"v: {source}\n".encode(), "x.yaml").data["v"]
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("source", [".inf", "-.Inf", ".NaN", "9007199254740993"])
def test_numbers_json_cannot_carry_are_rejected(source: str) -> None:
    assert rejected(f"v: {source}\n".encode()) == "yaml-number"


def test_raw_source_is_kept_for_non_string_scalars() -> None:
    doc = load_bytes(b"a: 1.10\nb: [007, x]\n", "x.yaml")
    assert doc.raw == {("a",): "1.10", ("b", 0): "007"}


def test_validation_view_holds_only_json_types_and_no_shared_nodes() -> None:
    doc = load_bytes("a: {b: [1, 2.5, true, null, x]}\nc: {b: [1, 2.5, true, null, x]}\n".encode(), "x.yaml")
    seen: set[int] = set()

    def walk(v: object) -> None:
        assert type(v) in (dict, list, str, int, float, bool, type(None))
        if isinstance(v, (dict, list)):
            assert id(v) not in seen, "a container is shared"
            seen.add(id(v))
            for child in (v.values() if isinstance(v, dict) else v):
                walk(child)

    walk(doc.data)


# --- positions --------------------------------------------------------------------------

def test_positions_of_keys_values_and_items_are_one_based_and_count_characters() -> None:
    src = "title: {zh: 中文标题, en: x}\nitems:\n  - 甲\n  - {k: 乙乙, m: 3}\n"
    doc = load_bytes(src.encode(), "x.yaml")
    assert doc.where(("title", "zh")) == (1, 13)
    assert doc.where(("title", "en"), key=True) == (1, 19)  # after four CJK characters
    assert doc.where(("items", 0)) == (3, 5)
    assert doc.where(("items", 1, "m")) == (4, 16)
    assert doc.where(("items", 1, "missing")) == (4, 5)  # falls back to the parent


def test_duplicate_key_names_both_positions() -> None:
    with pytest.raises(LoadError) as e:
        load_bytes(b"id: a\nx: 1\nid: b\n", "x.yaml")
    assert "first at 1:1, again at 3:1" in e.value.finding.message


def test_invalid_utf8_position_counts_characters_before_the_bad_byte() -> None:
    with pytest.raises(LoadError) as e:
        load_bytes("a: 1\nnom: 中é".encode()[:-2] + b"\xe9\n", "x.yaml")
    f = e.value.finding
    assert (f.code, f.line, f.col) == ("enc-utf8", 2, 7)


def test_leading_bom_is_stripped_and_crlf_normalised() -> None:
    doc = load_bytes(b"\xef\xbb\xbfa: 1\r\nb: x\r\n", "x.yaml")
    assert doc.data == {"a": 1, "b": "x"}
