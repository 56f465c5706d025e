"""Translation marks: the model's reading of them and ``lode translations stamp``.

Real files are copied from the case folders into tmp dirs, stamped through the CLI, read
back through the strict loader and validated again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, tree_digest

from lode.model.corpus import edition_from_bytes
from lode.model.edition import Text, fingerprint, translation_mark, translation_share
from lode.read.loader import load_file

CASES = REPO / "tests" / "cases" / "validate"


def _case(tmp_path: Path, name: str) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(CASES / name, dest)
    for extra in ("expected.txt", "exit"):
        (dest / extra).unlink()
    return dest


def test_marks_read_in_all_three_forms() -> None:
    t = Text.of({"zh": "指标", "en": "Metrics", "fr": "Indicateurs",
                 "translated-from": {"zh": "en:0123456789ab", "en": "abcdefabcdef", "fr": "en"}})
    assert t is not None
    assert t.translated("zh") and t.translated("en") and t.translated("fr")
    assert t.source_lang("zh", "zh") == "en"      # explicit form names its source
    assert t.source_lang("en", "zh") == "zh"      # plain form: the authoritative language
    assert t.source_lang("fr", "zh") == "en"      # bare mark, not stamped yet
    assert t.source_fingerprint("zh") == "0123456789ab"
    assert t.source_fingerprint("fr") is None
    plain = Text.of({"zh": "范围", "en": "Scope"})
    assert plain is not None and not plain.translated("zh") and plain.source_lang("zh", "zh") is None
    assert translation_mark("zh-Hant:0123456789ab", "en") == ("zh-Hant", "0123456789ab")


def test_translation_share_counts_every_string() -> None:
    ed = edition_from_bytes(CASES / "positive/translations-both-directions/standards/demo/2024.yaml",
                            "standards/demo/2024.yaml")
    share = translation_share(ed)
    # zh: edition title + 6 titles + scope summary + condition; translated: metrics title, condition
    assert share["zh"] == {"total": 9, "translated": 2}
    # en: edition title + 7 titles + summary + condition; translated: the scope summary
    assert share["en"] == {"total": 10, "translated": 1}


def test_stamp_fills_a_bare_mark_and_keeps_comments(tmp_path: Path, run_lode) -> None:
    root = _case(tmp_path, "negative/translation-unstamped")
    f = root / "standards/demo/2024.yaml"
    before = f.read_text()
    code, out, _ = run_lode("translations", "stamp", "--check", str(root / "standards"))
    assert code == 1 and "stamped" in out and "1 fingerprint(s) to stamp" in out
    assert f.read_text() == before, "--check wrote the file"

    code, out, _ = run_lode("translations", "stamp", str(f))
    assert code == 0, out
    assert f"nodes/2/title/translated-from/zh (zh from en): en -> en:{fingerprint('Metrics')}" in out
    after = f.read_text()
    assert after.splitlines()[0] == before.splitlines()[0]  # the comment survived
    assert [a for a, b in zip(after.splitlines(), before.splitlines()) if a != b] == [
        f"        zh: en:{fingerprint('Metrics')}"]
    assert load_file(f, "2024.yaml").data["nodes"][2]["title"]["translated-from"]["zh"] == \
        f"en:{fingerprint('Metrics')}"
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache", "--strict")
    assert code == 0, out

    snapshot = tree_digest(root)
    code, out, _ = run_lode("translations", "stamp", "--check", str(root / "standards"))
    assert code == 0 and "all translation fingerprints are current" in out
    code, out, _ = run_lode("translations", "stamp", str(f))
    assert code == 0 and "no changes" in out and tree_digest(root) == snapshot


@pytest.mark.parametrize("case, lang, source", [
    ("negative/stale-translation", "en", "zh"),           # en made from the authoritative zh
    ("negative/stale-translation-from-en", "zh", "en"),   # zh made from Lode's en
])
def test_stamp_refreshes_a_stale_mark_in_either_direction(tmp_path: Path, run_lode, case: str, lang: str,
                                                          source: str) -> None:
    root = _case(tmp_path, case)
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache", "--strict")
    assert code == 1 and "stale-translation" in out
    code, out, _ = run_lode("translations", "stamp", str(root / "standards"))
    assert code == 0 and "refreshed" in out and f"({lang} from {source})" in out
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache", "--strict")
    assert code == 0, out


def test_a_mark_without_its_source_is_reported_and_not_written(tmp_path: Path, run_lode) -> None:
    root = _case(tmp_path, "negative/translation-source-missing")
    snapshot = tree_digest(root)
    code, out, err = run_lode("translations", "stamp", str(root / "standards"))
    assert code == 1
    assert "translation-source-missing" in err and "2024.yaml:70:13" in err
    assert "nothing written to standards/demo/2024.yaml" in out
    assert tree_digest(root) == snapshot


def test_standard_file_needs_the_explicit_form(tmp_path: Path, run_lode) -> None:
    root = _case(tmp_path, "positive/minimal")
    f = root / "standards/demo/standard.yaml"
    text = f.read_text().replace("    en: Demo Association\n",
                                 "    en: Demo Association\n    zh: 示例协会\n    translated-from:\n      zh: en\n")
    f.write_text(text)
    code, out, _ = run_lode("translations", "stamp", str(f))
    assert code == 0, out
    stamped = load_file(f, "standard.yaml").data["issuer"]["name"]["translated-from"]["zh"]
    assert stamped == f"en:{fingerprint('Demo Association')}"
    # a plain fingerprint means "from the authoritative language", which a standard lacks
    f.write_text(text.replace("zh: en\n", "zh: 0123456789ab\n"))
    code, _, err = run_lode("translations", "stamp", str(f))
    assert code == 1 and "translation-source-missing" in err


def test_a_file_that_fails_its_schema_is_refused(tmp_path: Path, run_lode) -> None:
    root = _case(tmp_path, "positive/minimal")
    f = root / "standards/demo/2024.yaml"
    f.write_text(f.read_text().replace("en: f6a4b5f28747", "en: not-a-mark!"))
    snapshot = tree_digest(root)
    code, _, err = run_lode("translations", "stamp", str(f))
    assert code == 1 and "Traceback" not in err and "2024.yaml:" in err
    assert tree_digest(root) == snapshot


def test_adding_a_marked_translation_keeps_the_node_stamp() -> None:
    # Crosswalk rows record node stamps; Lode's translation is derived from a text that
    # counts, so adding it must not make every reviewed mapping suspect.
    import dataclasses

    from lode.model.edition import stamp

    ed = edition_from_bytes(CASES / "positive/minimal/standards/demo/2024.yaml", "standards/demo/2024.yaml")
    node = next(n for n in ed.walk() if n.id == "m-grievances")
    en = node.title.by_lang["en"]
    marked = dataclasses.replace(node, title=Text.of(
        {"zh": "收到的申诉", "en": en, "translated-from": {"zh": f"en:{fingerprint(en)}"}}))
    unmarked = dataclasses.replace(node, title=Text.of({"zh": "收到的申诉", "en": en}))
    changed_source = dataclasses.replace(node, title=Text.of(
        {"zh": "收到的申诉", "en": "Grievances filed", "translated-from": {"zh": f"en:{fingerprint(en)}"}}))
    assert stamp(marked) == stamp(node)
    assert stamp(unmarked) != stamp(node)        # an original Chinese title is substance
    assert stamp(changed_source) != stamp(node)  # so is the English the translation came from
