"""The drafters' guide shows real output: its example is replayed here and every output
line the guide quotes from new-edition, validate and fmt must be what Lode prints."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from drafters_helpers import corpus_repo, git, replace_once

GUIDES = [REPO / "site/guides/drafters.en.md", REPO / "site/guides/drafters.zh.md"]
QUOTED = re.compile(r"^(?:created |listed |dry run: |wrote |standards/cma-esg-disclosure/2026\.yaml:\d+:\d+: |"
                    r"checked \d+ files|\d+ files? already formatted|Lode review: |files changed: |"
                    r"validation at head: |editions changed: |impact: |~ |    summary \(en\)|    requirement )")
SHA = re.compile(r"[(（]([0-9a-f]{12})[)）]")


def _same(line: str) -> str:
    return SHA.sub("(<commit>)", line)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guide_quotes_what_lode_prints(guide: Path, run_lode, tmp_path: Path, monkeypatch) -> None:
    """Every step of the guide, in a fresh repository holding the shipped corpus on main:
    new edition, edit, validate (with the guide's typo), stamp the translation, format,
    `git add` + commit on a branch, review. Each output line the guide quotes is printed."""
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    git(root, "branch", "-M", "main")
    git(root, "switch", "-qc", "cma-2026")
    printed: list[str] = []

    def run(*args: str, ok: tuple[int, ...] = (0,)) -> None:
        code, out, err = run_lode(*args)
        assert code in ok, f"lode {' '.join(args)} exited {code}:\n{out}{err}"
        printed.extend(out.splitlines() + err.splitlines())

    run("new-edition", "cma-esg-disclosure@2025", "--as", "2026", "--dry-run")
    run("new-edition", "cma-esg-disclosure@2025", "--as", "2026")
    ed = root / "standards/cma-esg-disclosure/2026.yaml"
    # the summary in both languages, and the metric made required (with the guide's typo)
    replace_once(ed, "The individual principles are not known to Lode.",
                 "The individual principles are not yet known to Lode.")
    replace_once(ed, "Lode尚不掌握各项原则的具体内容。", "Lode目前尚不掌握各项原则的具体内容。")
    replace_once(ed, "per tonne of ore processed.\n                  translated-from:\n                    zh: en:3b98737fb454\n"
                 "                requirement: recommended",
                 "per tonne of ore processed.\n                  translated-from:\n                    zh: en:3b98737fb454\n"
                 "                requirment: required")
    run("validate", "--no-cache", str(ed), ok=(1,))
    replace_once(ed, "requirment: required", "requirement: required")
    run("validate", "--no-cache", str(ed))
    run("translations", "stamp", str(ed))
    run("validate", "--no-cache", "--strict")  # what `make build` asks: no warning left
    run("fmt", "--check", str(ed))
    git(root, "add", "standards/cma-esg-disclosure")
    git(root, "commit", "-qm", "Draft 2026: GHG intensity required")
    assert not git(root, "status", "--porcelain"), "the guide's commit leaves a file out"
    run("review", "--base", "main")
    assert "not tracked by git" not in "\n".join(printed)

    # English output only: the Chinese guide's `--lang zh` block is replayed by tests/unit/test_i18n_cli.py.
    quoted = [ln for ln in guide.read_text(encoding="utf-8").splitlines()
              if QUOTED.match(ln) and not re.search("[\u4e00-\u9fff]", ln)]
    assert len(quoted) >= 14
    shown = {_same(p) for p in printed}
    for line in map(_same, quoted):
        # an abridged line ("… (hint: …)") must be the start of a printed line
        ok = any(p.startswith(line.split("…")[0]) for p in shown) if "…" in line else line in shown
        assert ok, f"{guide.name} quotes a line Lode does not print: {line}"

    # The pull-request comment the guide shows (its markdown block, as GitHub displays it:
    # entities unescaped), in the guide's language: the Chinese guide shows the Chinese
    # comment the review workflow posts.
    lang = guide.name.split(".")[-2]
    code, md, _err = run_lode("--lang", lang, "review", "--base", "main", "--format", "markdown")
    comment = {_same(html.unescape(ln)) for ln in md.splitlines()}
    block = re.search(r"```markdown\n(.*?)```", guide.read_text(encoding="utf-8"), re.S).group(1)
    quoted = [_same(ln) for ln in block.splitlines() if ln]
    assert len(quoted) >= 10
    for line in quoted:
        head, _, tail = line.partition("…")
        ok = any(p.startswith(head) and p.endswith(tail) for p in comment) if "…" in line else line in comment
        assert ok, f"{guide.name} shows a comment line Lode does not write: {line}"


def _new_draft(run_lode, tmp_path: Path, monkeypatch) -> Path:
    """The shipped corpus on main, a branch `draft` with a new CMA edition, not committed."""
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    git(root, "branch", "-M", "main")
    git(root, "switch", "-qc", "draft")
    assert run_lode("new-edition", "cma-esg-disclosure@2025", "--as", "2026")[0] == 0
    return root


def test_review_names_a_new_edition_left_out_of_the_commit(run_lode, tmp_path: Path, monkeypatch) -> None:
    """`git commit -am` leaves a new file out; the review reads the work tree, so it says so."""
    root = _new_draft(run_lode, tmp_path, monkeypatch)
    git(root, "commit", "-qam", "Draft 2026")
    code, out, _err = run_lode("review", "--base", "main")
    assert code == 0
    assert "warning: standards/cma-esg-disclosure/2026.yaml is not tracked by git" in out
    code, md, _err = run_lode("review", "--base", "main", "--format", "markdown")
    assert "**Not tracked by git:** standards/cma&#45;esg&#45;disclosure/2026&#46;yaml." in md
    code, js, _err = run_lode("review", "--base", "main", "--format", "json")
    assert json.loads(js)["untracked"] == ["standards/cma-esg-disclosure/2026.yaml"]


def test_review_in_a_terminal_prints_no_html_entities(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = _new_draft(run_lode, tmp_path, monkeypatch)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Draft 2026")
    code, out, _err = run_lode("review", "--base", "main")
    assert "&#" not in out and "<ins>" not in out and "| " not in out
    assert "cma-esg-disclosure@2026 (added)" in out
    assert "0 errors, 1 warning" in out or "0 errors, 0 warnings" in out
    assert re.search(r"\b1 (errors|warnings)\b", out) is None


def test_review_in_a_terminal_speaks_the_readers_language(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = _new_draft(run_lode, tmp_path, monkeypatch)
    git(root, "commit", "-qam", "Draft 2026")  # the new edition left out: the review says so
    code, out, _err = run_lode("--lang", "zh", "review", "--base", "main")
    assert code == 0
    assert out.startswith("Lode 评审：工作区对比 main（"), out[:80]
    assert "警告：standards/cma-esg-disclosure/2026.yaml 未纳入 git 跟踪" in out
    assert "改动的版次：cma-esg-disclosure@2026（新增）" in out or "改动的版次：cma-esg-disclosure@2026 (新增)" in out
    assert re.search(r"改动后的校验结果：0 个错误，\d+ 个警告（本次改动新出现 \d+ 个问题）", out), out
    for english in ("files changed", "validation at head", "editions changed", "against", "not tracked"):
        assert english not in out, english
