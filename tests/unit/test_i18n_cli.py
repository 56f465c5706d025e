"""The tools in Chinese: `--lang zh` and a Chinese locale give the same Chinese output,
English stays the default, machine formats carry both languages whatever the locale,
the template is bilingual, and the guides' Chinese (and English) output is replayed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from lode.core.i18n import Msg, freeze, lang_from_env, msg, thaw, tr

FAILING = "examples/disclosures/failing.yaml"
PASSING = "examples/disclosures/passing.yaml"
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's standards and examples, as the current folder."""
    for name in ("standards", "examples"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("env, lang", [
    ({}, "en"), ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "C.UTF-8"}, "en"), ({"LC_ALL": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"), ({"LANGUAGE": "fr:zh", "LANG": "en_US"}, "zh"),
    ({"LANGUAGE": "de", "LANG": "zh_CN.UTF-8"}, "en"), ({"LC_MESSAGES": "zh_CN"}, "zh"), ({"LANG": "fr_FR"}, "en"),
])
def test_the_locale_chooses_the_language(env: dict, lang: str) -> None:
    assert lang_from_env(env) == lang


def test_lang_option_and_locale_give_the_same_chinese(corpus: Path, run_lode, monkeypatch) -> None:
    code, by_option, _ = run_lode("--lang", "zh", "check", FAILING)
    assert code == 1
    assert by_option.startswith(f"未通过  {FAILING}  依据 cma-esg-disclosure@2025（未固定版本")
    assert "error[fact-unit] ghg-scope-1：m3 无法换算为该指标的单位 tCO2e（提示：" in by_option
    # a metric's title is shown in the reader's language
    assert "overseas-projects（境外项目）因 has-overseas-operations = true 而适用" in by_option
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run_lode("check", FAILING)[1] == by_option
    # --lang beats the locale; and English stays the default
    english = run_lode("--lang", "en", "check", FAILING)[1]
    assert english.startswith(f"FAIL  {FAILING}  against cma-esg-disclosure@2025 (UNPINNED")
    monkeypatch.delenv("LANG")
    assert run_lode("check", FAILING)[1] == english


def test_machine_formats_are_the_same_in_every_language_and_carry_both(corpus: Path, run_lode) -> None:
    for fmt in ("json", "sarif"):
        en = run_lode("--lang", "en", "check", FAILING, "--format", fmt)[1]
        assert run_lode("--lang", "zh", "check", FAILING, "--format", fmt)[1] == en
    doc = json.loads(run_lode("check", FAILING, "--format", "json")[1])
    verdict = doc["verdicts"][0]
    assert verdict["status"] == "FAIL" and verdict["status-text"] == {"en": "FAIL", "zh": "未通过"}
    unit = next(f for f in verdict["findings"] if f["code"] == "fact-unit")
    assert unit["message"] == "ghg-scope-1: m3 cannot be converted to tCO2e, the metric's unit"
    assert unit["messages"] == {"en": unit["message"], "zh": "ghg-scope-1：m3 无法换算为该指标的单位 tCO2e"}
    assert set(unit["hints"]) == {"en", "zh"} and unit["hints"]["en"] == unit["hint"]
    sarif = json.loads(run_lode("check", FAILING, "--format", "sarif")[1])
    run = sarif["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "fact-unit")
    assert result["message"]["text"].startswith("ghg-scope-1: m3 cannot be converted")
    assert result["properties"]["messages"]["zh"] == unit["messages"]["zh"]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "fact-unit")
    assert rule["shortDescription"]["text"] == rule["properties"]["summaries"]["en"]
    assert rule["properties"]["summaries"]["zh"] == "数值的单位不是指标的单位，也无法换算成该单位"
    # JUnit: the English lines stay first; a Chinese run adds the same lines in Chinese
    junit_en = run_lode("check", FAILING, "--format", "junit")[1]
    junit_zh = run_lode("--lang", "zh", "check", FAILING, "--format", "junit")[1]
    assert "cannot be converted to tCO2e" in junit_en and "无法换算" not in junit_en
    assert junit_zh.index("cannot be converted to tCO2e") < junit_zh.index("无法换算为该指标的单位")


def test_validate_in_chinese_also_from_the_cache_and_across_processes(corpus: Path, run_lode, tmp_path) -> None:
    ed = corpus / "standards/cma-esg-disclosure/2025.yaml"
    good = ed.read_text(encoding="utf-8")
    ed.write_text(good.replace("requirement: recommended", "requirment: recommended", 1), encoding="utf-8")
    english = run_lode("validate", str(ed))[1]  # fills the cache with this file's findings
    assert "error[schema-unknown-key] key 'requirment' is not allowed here" in english
    chinese = run_lode("--lang", "zh", "validate", str(ed))[1]  # read back from the cache
    assert "error[schema-unknown-key] 此处不允许使用键 'requirment'" in chinese
    assert chinese == run_lode("--lang", "zh", "validate", "--no-cache", str(ed))[1]
    assert re.search(r"^已检查 \d+ 个文件：2 个错误，0 个警告$", chinese, re.M)
    ed.write_text(good, encoding="utf-8")
    # check --jobs: verdicts come back from worker processes with their messages' templates
    code, out, _ = run_lode("--lang", "zh", "check", FAILING, PASSING, "--jobs", "2")
    assert "没有指标 'ghg-scope2'（提示：您是否要找 'ghg-scope-2'？）" in out
    assert "\n已检查 2 个文件：1 通过，1 未通过\n问题代码" in out


def test_the_template_is_bilingual_whatever_the_language(corpus: Path, run_lode) -> None:
    from openpyxl import load_workbook

    run_lode("--lang", "zh", "template", "cma-esg-disclosure@2025", "-o", "zh.xlsx")
    run_lode("--lang", "en", "template", "cma-esg-disclosure@2025", "-o", "en.xlsx")
    assert (corpus / "zh.xlsx").read_bytes() == (corpus / "en.xlsx").read_bytes()
    ws = load_workbook(corpus / "zh.xlsx")["Disclosure"]
    assert [ws.cell(8, c).value for c in (1, 5, 9, 10)] == ["编号 / id", "披露要求 / requirement", "数值 / value",
                                                             "不披露原因 / omission reason"]
    assert ws["A2"].value == "固定版本 / pin" and ws["A9"].value == "ghg-scope-1"
    assert ws["E9"].value == "必须披露 / required" and "填写说明" in ws["C1"].value
    # and the filled-in template still reads back: the reader takes values, not labels
    code, out, _ = run_lode("check", "zh.xlsx")
    assert "REJECTED" not in out and "error[missing-required]" in out


def test_index_and_help_in_chinese(corpus: Path, run_lode) -> None:
    out = run_lode("--lang", "zh", "index", PASSING)[1]  # the index follows the run's language
    assert out.startswith("# ") and "索引表" in out.splitlines()[0]
    assert "直接（范围一）温室气体排放" in out and out == run_lode("index", PASSING, "--lang", "zh")[1]
    help_zh = run_lode("--lang", "zh", "check", "--help")[1]
    assert help_zh.startswith("用法: lode check [OPTIONS] FILES...")
    assert "依据披露文件所固定的版次检查披露文件" in help_zh and "显示本帮助并退出。" in help_zh
    assert "Show this message" in run_lode("check", "--help")[1]  # the next run is English again
    code, _, err = run_lode("--lang", "zh", "nosuch")
    assert code == 2 and "没有命令 'nosuch'" in err


def test_a_message_keeps_its_template_through_freezing_and_pickling() -> None:
    import pickle

    m = msg("{id} row {row}", id="tailings", row=3)
    assert m == "tailings row 3" and isinstance(m, str)
    for back in (thaw(freeze(m)), pickle.loads(pickle.dumps(m))):
        assert isinstance(back, Msg) and back == m and tr(back, "zh") == "tailings 第 3 行"
    titled = msg("required metric {id} ({value}) is not disclosed", id="x", value={"zh": "甲", "en": "A"})
    assert titled == "required metric x (A) is not disclosed"
    assert tr(thaw(freeze(titled)), "zh") == "必须披露的指标 x（甲）未披露"
    # Pickled, a message keeps its English as it was shown, and an argument that does not
    # pickle (a lock) travels as its text; the nested message stays a message.
    import threading

    lock = threading.Lock()
    odd = msg("{id}: {e}", id="x", e=msg("{value!r} is not a known unit symbol", value="m3"), lock=lock)
    odd = msg("{e} ({lock!r})", e=odd, lock=lock)
    back = pickle.loads(pickle.dumps(odd))
    assert back == odd and isinstance(back.args["e"], Msg) and back.args["lock"] == str(lock)
    assert tr(back.args["e"].args["e"], "zh") == tr(odd.args["e"].args["e"], "zh")


# --- the guides' shown output, replayed -------------------------------------------------

def _console_blocks(text: str) -> list[tuple[str, list[str]]]:
    """(command, output lines) for every ``$ …lode …`` line of the guide's console blocks."""
    out: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", text, re.M | re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((line[2:], []))
            elif out:
                out[-1][1].append(line)
    return out


def _replay(command: str, run_lode, monkeypatch) -> list[str]:
    env, _, rest = command.rpartition("lode ")
    for assignment in env.split():
        monkeypatch.setenv(*assignment.split("=", 1))
    code, out, err = run_lode(*rest.split())
    for assignment in env.split():
        monkeypatch.delenv(assignment.split("=", 1)[0])
    return (out + err).splitlines()


@pytest.mark.parametrize("guide", ["companies.zh.md", "companies.en.md"])
def test_the_companies_guide_shows_what_lode_prints(guide: str, corpus: Path, run_lode, monkeypatch) -> None:
    blocks = _console_blocks((REPO / "site/guides" / guide).read_text(encoding="utf-8"))
    assert [re.search(r"lode (?:--lang \w+ )?(\S+)", c)[1] for c, _ in blocks] == ["template", "check", "verify"]
    for command, shown in blocks:
        printed = _replay(command, run_lode, monkeypatch)
        # digests change with the edition's text; everything else is shown as printed
        assert [_DIGEST.sub("sha256:…", ln) for ln in printed] == [_DIGEST.sub("sha256:…", ln) for ln in shown], \
            f"{guide}: `{command}` prints otherwise"


def test_the_chinese_drafters_guide_shows_chinese_validate_output(tmp_path: Path, run_lode, monkeypatch) -> None:
    """The same drafting mistake as the guide's English block, validated in Chinese."""
    import sys

    sys.path.insert(0, str(REPO / "tests/drafters"))  # the drafters' tests' real-repository helpers
    from drafters_helpers import corpus_repo, replace_once

    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    assert run_lode("new-edition", "cma-esg-disclosure@2025", "--as", "2026")[0] == 0
    ed = root / "standards/cma-esg-disclosure/2026.yaml"
    replace_once(ed, "per tonne of ore processed.\n                  translated-from:\n                    zh: en:3b98737fb454\n"
                 "                requirement: recommended",
                 "per tonne of ore processed.\n                  translated-from:\n                    zh: en:3b98737fb454\n"
                 "                requirment: required")
    blocks = [b for b in _console_blocks((REPO / "site/guides/drafters.zh.md").read_text(encoding="utf-8"))
              if "--lang zh validate" in b[0]]
    assert len(blocks) == 1
    command, shown = blocks[0]
    assert _replay(command, run_lode, monkeypatch) == shown


def test_a_diff_in_the_terminal_speaks_chinese_and_english_stays_as_it_was(run_lode) -> None:
    """`lode diff` in a Chinese locale: the change kinds, impacts, field names, enumerated
    values, caveats and the concordance in the words the site's changes pages use."""
    pair = ("diff", "cccmc-ddg@2015", "cccmc-ddg@2022", "--root", str(REPO), "--no-color")
    code, zh, _ = run_lode("--lang", "zh", *pair)
    assert code == 0
    head = zh.splitlines()[:3]
    assert head[0].endswith("（编辑性改动 3，技术性变化 16，影响披露方 0）"), head
    assert head[1].strip().startswith("新增 10 · 不再出现 1 · 内容修改 5"), head
    assert head[2].startswith("  注：新版次 cccmc-ddg@2022 在语料库中不完整"), head
    assert "  版次 状态：已被代替 → 已发布" in zh
    assert "  版次 标题（中文）：" in zh and "  版次 代替：（无） → 2015" in zh
    assert "[不再出现；技术性变化]" in zh and "    可信度：二手来源 → 已核实" in zh
    assert "    摘要（英文）改写：" in zh
    assert zh.rstrip().endswith("编号对应：旧版有、新版无 1，不变 8，新增 10")
    for english in ("editorial", "technical,", "rewritten", "note:", "concordance", "(none)", "superseded →"):
        assert english not in zh, english
    code, en, _ = run_lode("--lang", "en", *pair)
    assert en.splitlines()[0].endswith("(3 editorial, 16 technical, 0 breaking-for-disclosers)")
    assert "  edition status: superseded → published" in en and "concordance: 1 withdrawn, 8 same, 10 new" in en


def test_crosswalk_show_in_the_terminal_speaks_the_readers_language(run_lode) -> None:
    """The frame, relation words, node kinds, titles and rationales in Chinese for a
    Chinese reader; the JSON carries both languages whatever the locale."""
    args = ("crosswalk", "show", "cma-esg-disclosure@2025", "gri-14@2024", "--root", str(REPO))
    code, zh, _ = run_lode("--lang", "zh", *args, "--matrix")
    assert code == 0
    assert zh.startswith("对照 cma-esg-disclosure@2025 → gri-14@2024（") and "可信度：推断——" in zh
    assert "  gri-14@2024：25 个 主题 条目中 11 个有对应（44%）：被完全包含 3，部分覆盖 8，无对应 1，尚未收录 13" in zh
    assert "  - esg-governance  ESG治理与管理体系 -- 无对应" in zh
    assert "      tailings.tailings: 两个主题都涵盖尾矿和尾矿库" in zh
    assert "矩阵（= 相同, < 被完全包含, > 完全覆盖, ~ 部分覆盖, x 无对应）：" in zh
    for english in ("coverage", "gaps in", "partly covered", "nodes mapped", "no-relationship", "Both topics"):
        assert english not in zh, english
    en = run_lode("--lang", "en", *args)[1]
    assert "  gri-14@2024: 11 of 25 topic nodes mapped (44%)" in en and "Both topics cover tailings" in en
    doc = json.loads(run_lode("--lang", "zh", *args, "--format", "json")[1])
    assert json.loads(run_lode("--lang", "en", *args, "--format", "json")[1]) == doc
    gap = {g["ref"]: g for g in doc["gaps"]["from"]}["cma-esg-disclosure@2025#esg-governance"]
    assert gap["title"]["zh"] == "ESG治理与管理体系" and gap["rows"][0]["rationale"]["en"].startswith("None of the 25")


def test_the_release_listing_speaks_the_readers_language(run_lode) -> None:
    code, zh, _ = run_lode("--lang", "zh", "releases", "--root", str(REPO))
    assert code == 0 and "cma-esg-disclosure@2025/r1" in zh
    assert "［允许示意内容］  未签名  （最新）" in zh
    assert "illustrative allowed" in run_lode("--lang", "en", "releases", "--root", str(REPO))[1]
    code, _, err = run_lode("--lang", "zh", "releases", "cma-esg-disclosur", "--root", str(REPO))
    assert code == 2 and "没有标准 'cma-esg-disclosur'" in err and "'cma-esg-disclosure'" in err


def test_a_required_option_is_marked_required_not_must_disclose(run_lode) -> None:
    """click's "required" (an option one must give) and a metric's requirement level are
    two words in Chinese: 必填, and the glossary's 必须披露."""
    code, out, _ = run_lode("--lang", "zh", "review", "--help")
    assert code == 0 and "[必填]" in out and "必须披露" not in out


@pytest.mark.parametrize("what", ["files", "disclosures"])
def test_the_progress_counter_speaks_the_readers_language(what: str, capsys: pytest.CaptureFixture[str]) -> None:
    # `lode validate` counts files, `lode check` disclosures: the word is the reader's too.
    from lode.cli.common import Progress
    from lode.core.i18n import use_lang

    progress = Progress(what)
    progress.enabled = True  # as on a terminal
    with use_lang("zh"):
        progress(9, 400, "x")
    line = capsys.readouterr().err.strip()
    assert line.startswith("正在检查 9/400 个") and not re.search("[A-Za-z]", line), line


@pytest.mark.parametrize("text", ["a: b: c\n", "a: [1, 2\n", "a:\n  - 1\n - 2\n", '"a\n', "a: @x\n", "a: {b: 1\n",
                                  'k: "\\q"\n', "a: *\n"])
def test_a_yaml_syntax_error_is_said_in_chinese(text: str) -> None:
    # libyaml's problem and context phrases (read/libyaml_words.py) in the reader's language;
    # what is left in Latin letters is YAML's own notation, not English words.
    from lode.read.loader import LoadError, load_bytes

    with pytest.raises(LoadError) as e:
        load_bytes(text.encode(), "x.yaml")
    [f] = e.value.findings
    assert f.code == "yaml-syntax"
    zh = tr(f.message, "zh")
    assert zh != str(f.message) and not re.search(r"[a-z]{3,}", zh.replace("YAML", "").replace("TAB", "")), zh
