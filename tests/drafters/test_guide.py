"""The drafters' guide shows real output: its example is replayed here and every output
line the guide quotes from new-edition, validate and fmt must be what Lode prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from drafters_helpers import corpus_repo, replace_once

GUIDES = [REPO / "site/guides/drafters.en.md", REPO / "site/guides/drafters.zh.md"]
QUOTED = re.compile(r"^(?:created |listed |dry run: |standards/cma-esg-disclosure/2026\.yaml:\d+:\d+: error|"
                    r"checked \d+ files|\d+ files? already formatted)")


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guide_quotes_what_lode_prints(guide: Path, run_lode, tmp_path: Path, monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    printed: list[str] = []
    for args in (("new-edition", "cma-esg-disclosure@2025", "--as", "2026", "--dry-run"),
                 ("new-edition", "cma-esg-disclosure@2025", "--as", "2026")):
        code, out, _ = run_lode(*args)
        assert code == 0
        printed += out.splitlines()
    ed = root / "standards/cma-esg-disclosure/2026.yaml"
    # the summary in both languages (Chinese is the edition's authoritative language)
    replace_once(ed, "The individual principles are not known to Lode.",
                 "The individual principles are not yet known to Lode.")
    replace_once(ed, "Lode尚不掌握各项原则的具体内容。", "Lode目前尚不掌握各项原则的具体内容。")
    replace_once(ed, "per tonne of ore processed.\n                  translated-from:\n                    zh: en:3b98737fb454\n"
                 "                requirement: recommended",
                 "per tonne of ore processed.\n                  translated-from:\n                    zh: en:3b98737fb454\n"
                 "                requirment: required")
    printed += run_lode("validate", "--no-cache", str(ed))[1].splitlines()
    replace_once(ed, "requirment: required", "requirement: required")
    code, _, err = run_lode("fmt", "--check", str(ed))
    printed += err.splitlines()
    # English output only: the Chinese guide's `--lang zh` block is replayed by tests/unit/test_i18n_cli.py.
    quoted = [ln for ln in guide.read_text(encoding="utf-8").splitlines()
              if QUOTED.match(ln) and not re.search("[\u4e00-\u9fff]", ln)]
    assert len(quoted) >= 6
    for line in quoted:
        assert line in printed, f"{guide.name} quotes a line Lode does not print: {line}"
