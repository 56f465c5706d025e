"""Fuzzing the loader: random bytes and mutated YAML must give either a document of
JSON types or a coded LoadError -- never another exception (reliability.md R-NOCRASH).

CI runs a fixed, derandomized sample; ``make fuzz`` runs a long random campaign
(``LODE_FUZZ_EXAMPLES``, default 20,000 there).
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lode.core.codes import CODES
from lode.read import schemas
from lode.read.loader import Limits, LoadError, load_bytes

EXAMPLES = int(os.environ.get("LODE_FUZZ_EXAMPLES", "400"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize="LODE_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CASES = Path(__file__).resolve().parents[1] / "cases" / "validate"
SEEDS = sorted({p.read_bytes() for p in CASES.rglob("*.yaml")}, key=len)[:40] + [
    b"a: 1\n", b"- x\n", b"{a: [b, {c: d}]}\n", b"k: |\n  text\n  more\n", b"? a\n: b\n",
]
TOKENS = [b"&a ", b"*a", b"!!str ", b"!x ", b"%YAML 1.1\n", b"%TAG ! tag:x:\n", b"---\n", b"...\n",
          b"<<: ", b"? ", b"[", b"]", b"{", b"}", b": ", b"- ", b"\t", b"\xef\xbb\xbf", b"\xff",
          b'"\\u', b'"\\x0', b"'", b'"', b"|\n", b">-\n", b"#", b"\r\n", b"\x85", b".nan", b"1e999",
          b"9" * 30, b"2024-02-30", b"\xe2\x80\xae", b"\x00", b"~", b"\n  ", b"\n" + b" " * 40]


def _check(data: bytes) -> None:
    try:
        doc = load_bytes(data, "fuzz.yaml", Limits(max_bytes=64 * 1024))
    except LoadError as e:
        assert e.finding.code in CODES and CODES[e.finding.code].klass == "input"
        return
    _assert_json(doc.data)
    assert isinstance(doc.data, dict)
    for kind in ("standard", "edition"):  # the schema step must not crash, and both engines agree
        assert schemas.fast_validator(kind).is_valid(doc.data) == schemas.validator(kind).is_valid(doc.data)
        for f in schemas.check(doc, kind):
            assert f.code in CODES and f.line >= 0


def _assert_json(v: object) -> None:
    stack = [v]
    while stack:
        x = stack.pop()
        assert type(x) in (dict, list, str, int, float, bool, type(None)), type(x)
        if isinstance(x, dict):
            assert all(type(k) is str for k in x)
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)


@FUZZ
@given(st.binary(max_size=512))
def test_random_bytes_never_crash(data: bytes) -> None:
    _check(data)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "byte"]))
        if op == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 20))]
        elif op == "replace":
            data[pos:pos + 1] = draw(st.sampled_from(TOKENS))
        else:
            data[pos:pos] = bytes([draw(st.integers(0, 255))])
    return bytes(data)


@FUZZ
@given(mutated())
def test_mutated_yaml_never_crashes(data: bytes) -> None:
    _check(data)
