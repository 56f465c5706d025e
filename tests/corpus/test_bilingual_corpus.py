"""Every node of every shipped edition carries Chinese and English, marked honestly.

Chinese and English are both first languages of the product (DESIGN.md, Languages), so
each node needs a title in both, and a summary or condition, where it has one, in both.
Lode's own wording is either original or a translation of its other-language wording, and
the reader must be able to tell which: of the two languages of a summary or condition
(always Lode's words), at least one is marked under ``translated-from``. For a title, the
same holds unless the edition declares the non-authoritative language ``official`` under
``translations`` (its titles then come from an official translation); an official title in
the authoritative language leaves the other language to be marked as Lode's translation.
Whether each mark is fresh is the validator's job (``stale-translation``), checked on the
shipped corpus by ``test_shipped_corpus.py``.
"""

from __future__ import annotations

import pytest
from corpus_helpers import ROOT

from lode.model.corpus import Corpus
from lode.model.edition import Edition, Text

LANGS = ("zh", "en")

CORPUS = Corpus.load(ROOT)


def _param(std: str, name: str) -> object:
    return pytest.param(std, name, id=f"{std}@{name}" if name else std)


EDITIONS = [_param(std, name) for std, name in CORPUS.editions]
STANDARDS = [_param(std, "") for std in CORPUS.standards]


def _problems(label: str, t: Text | None, *, required: bool, must_mark: bool) -> list[str]:
    if t is None:
        return [f"{label}: missing"] if required else []
    missing = [lang for lang in LANGS if not t.get(lang)]
    if missing:
        return [f"{label}: no {'/'.join(missing)}"]
    # A language-neutral string (a grade "AAA", an acronym) is the same in both: no translation.
    if must_mark and t.get("zh") != t.get("en") and not any(t.translated(lang) for lang in LANGS):
        return [f"{label}: neither language is marked as Lode's translation (translated-from)"]
    return []


def edition_problems(ed: Edition) -> list[str]:
    others_official = any(v == "official" for k, v in ed.translations.items() if k != ed.language)
    out: list[str] = []
    for n in ed.walk():
        out += _problems(f"{n.id} title", n.title, required=True, must_mark=not others_official)
        out += _problems(f"{n.id} summary", n.summary, required=False, must_mark=True)
        out += _problems(f"{n.id} condition", n.condition, required=False, must_mark=True)
    return out


@pytest.mark.parametrize("std, name", EDITIONS)
def test_every_node_is_bilingual_and_marked(std: str, name: str) -> None:
    problems = edition_problems(CORPUS.editions[(std, name)])
    assert not problems, f"{std}@{name}: {len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("std, name", STANDARDS)
def test_every_standard_is_bilingual(std: str, name: str) -> None:
    s = CORPUS.standards[std]
    problems = (_problems("title", s.title, required=True, must_mark=False)
                + _problems("short-title", s.short_title, required=False, must_mark=False)
                + _problems("description", s.description, required=False, must_mark=True))
    assert not problems, f"{std}: " + "; ".join(problems)


def test_the_rule_catches_a_missing_language_and_a_missing_mark() -> None:
    # The rule itself, on a shipped edition with one string broken at a time.
    import dataclasses

    ed = CORPUS.editions[("cccmc-ddg", "2022")]
    node = next(n for n in ed.walk() if n.summary is not None)
    en_only = Text.of({"en": node.summary.by_lang["en"]})  # type: ignore[union-attr]
    unmarked = Text.of({k: v for k, v in node.summary.by_lang.items()})  # type: ignore[union-attr]
    for broken, expect in ((en_only, "no zh"), (unmarked, "neither language is marked")):
        bad = dataclasses.replace(node, summary=broken)
        ed2 = dataclasses.replace(ed, nodes=tuple(bad if n.id == node.id else n for n in ed.nodes))
        assert any(expect in p for p in edition_problems(ed2)), expect
