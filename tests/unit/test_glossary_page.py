"""The glossary page sets in code exactly what a definition marks as code.

Definitions mark commands, keys and file names with backquotes (``core/glossary.py``);
the page never guesses from the shape of a word, because prose has colons and @ too
("Fidelity: the node's text…" is not a key)."""

from __future__ import annotations

import html
import re

import pytest

from lode.core import glossary
from lode.site.glossary_page import _with_code, glossary_page


def test_marked_spans_are_code_and_prose_is_not() -> None:
    # Text is entity-encoded for Markdown (render/markup.escape); read it as a browser would.
    en = html.unescape(glossary_page("en"))
    zh = html.unescape(glossary_page("zh"))
    assert "<code>cma-esg-disclosure@2025</code>" in en and "<code>cma-esg-disclosure@2025</code>" in zh
    assert "<code>lode check</code>'s judgement" in en
    assert "<code>--strict</code>" in zh
    # Prose with a colon stays prose.
    assert "Fidelity: the node" in en and "<code>idelity:</code>" not in en
    assert "An edition's status: " in en and "<code>status:</code>" not in en


def test_every_definition_marks_code_in_both_languages_alike() -> None:
    for key, term in glossary.TERMS.items():
        spans = {lang: re.findall(r"`([^`]*)`", str(term[f"{lang}-def"])) for lang in ("zh", "en")}
        for lang in ("zh", "en"):
            assert str(term[f"{lang}-def"]).count("`") % 2 == 0, (key, lang)
        # Commands and options read the same in both languages (placeholders may be translated).
        commands = {lang: [s for s in spans[lang] if s.startswith(("lode ", "--"))] for lang in spans}
        assert commands["zh"] == commands["en"], key


def test_an_unbalanced_mark_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="backquote"):
        _with_code("run `lode check to see")
    assert html.unescape(_with_code("a <b> `c<d>`")) == "a <b> <code>c<d></code>"
    assert "<b>" not in _with_code("a <b> `c<d>`")
