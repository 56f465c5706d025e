"""``lode validate`` and ``lode fmt`` agree on every input: whatever the strict loader
accepts, fmt can format, and the result reads back as the same data and formats to
itself; whatever the loader refuses, fmt refuses with a coded finding. Never a crash
(exit 70). Inputs: a valid edition with characters YAML treats specially inserted at
random places (TAB, NEL, quotes, indicators, comment marks, line breaks)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from lode.core.errors import LoadError, LodeError
from lode.edit.fmt import format_bytes
from lode.read.loader import STANDARD_LIMITS, load_bytes

REL = "standards/demo/2026-draft.yaml"
SOURCE = (REPO / "tests/cases/consult/loop/repo" / REL).read_text(encoding="utf-8")
SPECIAL = ["\t", " ", "  ", "'", '"', "#", ": ", "- ", "\n", "\u0085", "{", "}", "[", "]", "&a ", "*a",
           "!", "|", ">", "%", "@", "`", "\\", "中", "\u00a0", "\u2028", ",", "?", "0x1", "1.5", "~"]


def _outcome(data: bytes):
    try:
        return "ok", load_bytes(data, REL, STANDARD_LIMITS).data
    except LoadError as e:
        return "refused", sorted({f.code for f in e.findings})


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SOURCE)), st.sampled_from(SPECIAL)), min_size=1, max_size=3))
def test_validate_and_fmt_agree(edits: list[tuple[int, str]]) -> None:
    text = SOURCE
    for at, piece in sorted(edits, reverse=True):
        text = text[:at] + piece + text[at:]
    data = text.encode("utf-8")
    status, loaded = _outcome(data)
    try:
        once = format_bytes(data, REL, "edition")
    except LodeError as e:
        codes = sorted({f.code for f in e.findings})
        assert "internal" not in codes, f"fmt crashed on what the loader {status}: {e}"
        assert status == "refused", f"the loader accepts what fmt refuses ({codes})"
        return
    assert status == "ok", f"fmt formats what the loader refuses ({loaded})"
    assert _outcome(once) == ("ok", loaded)
    assert format_bytes(once, REL, "edition") == once
