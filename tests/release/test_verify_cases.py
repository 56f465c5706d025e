"""Case folders for ``lode verify`` on offline bundles (no repository needed):
``tests/cases/verify/<case>/`` holds ``bundle/`` (what a validator downloaded), ``args``,
the exact output (``expected.txt``: stdout, then stderr) and ``exit``. Every case also
proves that verifying wrote nothing. ``pytest --update-golden`` rewrites expectations.
The refusals that need a git repository (moved, lightweight, shallow tags…) are tested
in real repositories in test_release_pins.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, tree_digest

CASES = sorted(p for p in (REPO / "tests" / "cases" / "verify").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, run_lode, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    before = tree_digest(case)
    code, out, err = run_lode("verify", *(case / "args").read_text().split())
    assert tree_digest(case) == before, "verify changed files in the case folder"
    assert "Traceback" not in err and "internal error" not in err
    expected, expected_exit = case / "expected.txt", case / "exit"
    if update_golden:
        expected.write_text(out + err, encoding="utf-8")
        expected_exit.write_text(f"{code}\n")
    assert out + err == expected.read_text(encoding="utf-8")
    assert code == int(expected_exit.read_text())


def test_every_pin_and_bundle_code_without_git_has_a_case() -> None:
    wanted = {"pin-syntax", "pin-digest", "bundle-invalid", "period-window"}
    seen = {code for c in CASES for code in wanted if f"[{code}]" in (c / "expected.txt").read_text()}
    assert seen == wanted
