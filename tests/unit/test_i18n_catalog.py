"""The Chinese catalog is complete, clean, compiled, and speaks the glossary's words.

Every message the code can show (``msg()``/``msgn()``/``N_()`` calls, code summaries and
hints, help texts) is extracted here the way ``make i18n`` does, and must have a Chinese
translation that is not fuzzy, keeps the English's ``{placeholders}``, and uses the
terms of ``lode/core/glossary.py``. The committed ``.mo`` must be the ``.po`` compiled.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conftest import REPO
from lode.core.glossary import TERMS
from lode.core.i18n import LOCALE_DIR, placeholders
from lode.read.libyaml_words import PHRASES

PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "lode.po"
MO = PO.with_suffix(".mo")

# Terms whose English, wherever a message uses it as Lode's word, must come out as the
# glossary's Chinese. (Words with a second everyday sense -- "check", "tag", "release"
# as a verb -- are held to their `avoid` list only.)
CHECKED_TERMS = {
    "edition": r"\beditions?\b", "digest": r"\bdigests?\b", "validator": r"\bvalidators?\b",
    "illustrative": r"\billustrative\b", "disclosure": r"\bdisclosures?\b(?! template)",
    "crosswalk": r"(?<![\w/])crosswalks?(?![\w/*])", "fidelity": r"\bfidelity\b", "completeness": r"\bcompleteness\b",
    "work-tree": r"\bwork tree\b", "bundle": r"\bbundles?\b", "release-log": r"\brelease log\b",
    "signer": r"\bsigners?\b", "node": r"(?<!YAML )\bnodes?\b", "metric": r"\bmetrics?\b",
    "verdict": r"\bverdicts?\b", "commit": r"\bcommits?\b", "drafting-group": r"\bdrafting group\b",
}
# What is not prose: placeholders, code spans, options, refs (std@ed), <names>, kebab-case ids.
_NOT_PROSE = re.compile(r"\{[^}]*\}|`[^`]*`|--[\w-]+|[\w.-]+@[\w.-]+|<[^>]*>|\b[a-z]+(?:-[a-z]+)+\b")


def extracted() -> set[str]:
    """Every msgid the sources hold, extracted as `make i18n` extracts it."""
    with open(LOCALE_DIR / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "msg": None, "msgn": (1, 2)}
    out = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(REPO / "tooling"), method_map, options_map,
                                                                        keywords=keywords):
        out.add(message[0] if isinstance(message, tuple) else message)
    return out


@pytest.fixture(scope="module")
def catalog():
    with open(PO, "rb") as f:
        return read_po(f, locale="zh")


def _forms(m) -> list[str]:
    return list(m.string) if isinstance(m.string, tuple) else [m.string]


def test_every_message_the_code_can_show_has_a_chinese_translation(catalog) -> None:
    ids = extracted()
    assert len(ids) > 600  # the extraction itself works (codes, help texts, messages)
    in_catalog = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}
    missing = sorted(ids - set(in_catalog))
    assert not missing, f"{len(missing)} messages are not in {PO.name}; run `make i18n` and translate: {missing[:5]}"
    untranslated = [m.id for m in in_catalog.values() if not all(_forms(m))]
    assert not untranslated, f"{len(untranslated)} messages have no Chinese: {untranslated[:5]}"
    fuzzy = [m.id for m in in_catalog.values() if m.fuzzy]
    assert not fuzzy, f"fuzzy (guessed) translations must be checked and unflagged: {fuzzy[:5]}"
    stale = sorted(set(in_catalog) - ids)
    assert not stale, f"{len(stale)} catalog entries are no longer in the code; run `make i18n`: {stale[:5]}"
    assert not catalog.obsolete


def test_translations_keep_the_placeholders(catalog) -> None:
    for m in catalog:
        if not m.id:
            continue
        english = m.id[0] if isinstance(m.id, tuple) else m.id
        for form in _forms(m):
            assert placeholders(form) == placeholders(english), f"{english!r} -> {form!r}"


def test_the_committed_mo_is_the_po_compiled(catalog) -> None:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    assert MO.read_bytes() == buf.getvalue(), "the .mo is stale: run `make i18n-compile` and commit it"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is installed by `make test`")
def test_msgfmt_check_is_clean() -> None:
    r = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(PO)], capture_output=True, text=True)
    assert r.returncode == 0 and not r.stderr.strip(), r.stderr


def test_the_catalog_uses_the_glossary(catalog) -> None:
    avoided = {word: key for key, t in TERMS.items() for word in t.get("avoid", ())}
    wrong = []
    for m in catalog:
        if not m.id:
            continue
        # libyaml's phrases speak YAML's terms (its "node" is a value in the file, not Lode's)
        english = "" if m.id in PHRASES else _NOT_PROSE.sub("", m.id[0] if isinstance(m.id, tuple) else m.id)
        for form in _forms(m):
            wrong += [f"{m.id!r}: {word} (say {TERMS[key]['zh']})" for word, key in avoided.items() if word in form]
            wrong += [f"{m.id!r}: {key} is {TERMS[key]['zh']}" for key, rx in CHECKED_TERMS.items()
                      if re.search(rx, english, re.I) and TERMS[key]["zh"] not in form]
    assert not wrong, "\n".join(wrong)


def test_every_glossary_term_has_both_languages() -> None:
    for key, t in TERMS.items():
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", key)
        assert t["zh"] and t["en"] and t["zh-def"] and t["en-def"], key
        assert t["zh"] not in t.get("avoid", ()), key
