"""Whatever text a comment form's cell holds, `comments import` either refuses it at the
cell or writes text that the loader accepts as it is (NFC, no control or bidi character):
a property over random text with the characters that caused trouble mixed in."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from lode.consult.forms import _text
from lode.read.loader import load_bytes

TROUBLE = st.sampled_from(["\u0085", "\u202e", "\u200b", "\x07", "e\u0301", "\ufeff", "\t", "\u2028", "中", "'"])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.text(max_size=8), TROUBLE), max_size=8).map("".join))
def test_form_text_is_refused_or_written_as_the_loader_reads_it(value: str) -> None:
    text, problem = _text(value, "comment")
    if problem:
        assert text == ""
        return
    assert unicodedata.is_normalized("NFC", text)
    doc = load_bytes(("comment: " + json.dumps(text, ensure_ascii=False) + "\n").encode(), "c.yaml")
    assert doc.data["comment"] == text and not doc.findings
