"""Case folders: each is a tiny repository plus the exact report Lode must print.

``tests/cases/validate/{positive,negative}/<case>/`` holds ``standards/…``, the expected
``expected.txt`` (stdout, byte for byte), ``exit`` (the exit code) and optionally
``args`` (extra command-line arguments). Every case also proves that validating wrote
nothing. Run ``pytest --update-golden`` to rewrite expectations, then review them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, tree_digest

CASES = sorted((REPO / "tests" / "cases" / "validate").glob("*/*"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_case(case: Path, run_lode, update_golden: bool) -> None:
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    before = tree_digest(case)
    code, out, err = run_lode("validate", "--root", str(case), "--no-cache", *args)
    assert tree_digest(case) == before, "validate changed files in the case folder"
    assert "Traceback" not in err and "internal error" not in err
    expected, expected_exit = case / "expected.txt", case / "exit"
    if update_golden:
        expected.write_text(out, encoding="utf-8")
        expected_exit.write_text(f"{code}\n")
    assert out == expected.read_text(encoding="utf-8")
    assert code == int(expected_exit.read_text())
    if case.parent.name == "positive":
        assert code == 0
    else:
        assert code != 0 or "warning[" in out, "a negative case must fail or warn"


def test_no_case_executes_yaml_tags() -> None:
    # The python-tag case asks YAML to run `touch pwned-by-yaml`; nothing may create it.
    assert not list(REPO.rglob("pwned-by-yaml"))
