"""Case folders for ``lode check``: ``tests/cases/check/<case>/disclosure.yaml`` against
this repository's CMA edition, with the exact report (``expected.txt``) and exit code
(``exit``), and optionally ``args`` (more command-line arguments). Every disclosure code
has a case; checking writes nothing.
``pytest --update-golden`` rewrites the expectations (review them with git diff)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, tree_digest

CASES = sorted((REPO / "tests" / "cases" / "check").glob("*"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, run_lode, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)  # the report names the file as given: stable across clones
    before, repo_before = tree_digest(case), tree_digest(REPO / "standards")
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    code, out, err = run_lode("check", "disclosure.yaml", "--root", str(REPO), *args)
    assert tree_digest(case) == before and tree_digest(REPO / "standards") == repo_before
    assert "Traceback" not in err and "internal error" not in err
    out = out.replace(_edition_digest(), "sha256:<edition>")  # the edition is edited by others too
    if update_golden:
        (case / "expected.txt").write_text(out, encoding="utf-8")
        (case / "exit").write_text(f"{code}\n")
    assert out == (case / "expected.txt").read_text(encoding="utf-8")
    assert code == int((case / "exit").read_text())


def _edition_digest() -> str:
    from lode.disclose.run import target

    return target(REPO, "cma-esg-disclosure@2025").digest


def test_every_disclosure_code_has_a_case() -> None:
    import lode.disclose.codes  # noqa: F401
    from lode.core.codes import CODES

    content = _disclosure_codes()
    assert content <= set(CODES)
    seen = {line.split("[", 1)[1].split("]", 1)[0] for c in CASES
            for line in (c / "expected.txt").read_text(encoding="utf-8").splitlines() if "[" in line and "]" in line}
    assert content - seen == set(), f"codes without a case folder: {sorted(content - seen)}"


def _disclosure_codes() -> set[str]:
    """The content codes of disclosure checking: those disclose/codes.py defines (its
    `_define(...)` calls) and those the registry's disclosure checks emit."""
    from lode.validate.registry import CHECKS

    src = (REPO / "tooling" / "lode" / "disclose" / "codes.py").read_text(encoding="utf-8")
    found = {m[1] for m in re.finditer(r'_define\("([a-z0-9-]+)", "\w+", "content"', src)}
    assert len(found) >= 5, "the pattern no longer finds the codes: this test would check nothing"
    checks = {c for chk in CHECKS["disclosure"] for c in chk.codes}
    assert len(checks) >= 5, "the disclosure checks are not registered: this test would check nothing"
    return found | checks
