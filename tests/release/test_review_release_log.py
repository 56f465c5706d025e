"""`lode review` refuses any change to a release that was already logged: an entry
rewritten, removed or re-ordered fails the review (exit 1); an entry appended at the end
(what `lode release` does) is fine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from release_helpers import commit_edit, git, isolated_git, repo  # noqa: F401 - fixtures

from lode.release import make
from lode.release.pins import Pin
from lode.review.review import review

LOG = "standards/demo/releases.yaml"


@pytest.fixture
def released(repo: Path) -> Path:
    """Two releases of demo@2020 (r1, then errata r2), on main."""
    make.release(repo, Pin.parse("demo@2020").ref)
    commit_edit(repo, "standards/demo/2020.yaml", "en: Audit", "en: Audit and review", "errata")
    make.release(repo, Pin.parse("demo@2020").ref)
    git(repo, "checkout", "-qb", "change")
    return repo


def _rewrites(root: Path) -> list[str]:
    return [f.message for f in review(root, "main", "change").log_rewrites]


def test_a_rewritten_entry_fails_the_review(released: Path, run_lode) -> None:
    text = (released / LOG).read_text()
    (released / LOG).write_text(re.sub(r'date: "[0-9-]+"', 'date: "1999-01-01"', text, count=1))
    git(released, "commit", "-qam", "backdate r1")
    assert _rewrites(released) == ["release demo/2020/r1 was rewritten: date"]
    code, out, _ = run_lode("review", "--base", "main", "--head", "change", "--format", "json",
                            "--root", str(released))
    assert code == 1 and "release-log-rewritten" in out


def test_a_removed_or_reordered_entry_fails_the_review(released: Path) -> None:
    head, r1, r2 = _split((released / LOG).read_text())
    (released / LOG).write_text(head + r2 + r1)
    git(released, "commit", "-qam", "re-order")
    assert _rewrites(released) == ["release demo/2020/r1 was moved to another place in the log",
                                   "release demo/2020/r2 was moved to another place in the log"]
    (released / LOG).write_text(head + r1)
    git(released, "commit", "-qam", "drop r2")
    assert _rewrites(released) == ["release demo/2020/r2 was removed from the log"]
    git(released, "rm", "-q", LOG)
    git(released, "commit", "-qm", "drop the log")
    assert _rewrites(released) == ["the release log with 2 release(s) was removed"]


def test_an_appended_release_passes(released: Path) -> None:
    commit_edit(released, "standards/demo/2020.yaml", "en: Audit and review", "en: Audit, review", "errata 2")
    make.release(released, Pin.parse("demo@2020").ref)
    r = review(released, "main", "change")
    assert r.log_rewrites == [] and (LOG, "changed") in r.changed


def _split(text: str) -> tuple[str, str, str]:
    head, rest = text.split("releases:\n", 1)
    second = rest.index("  - edition:", 1)
    return head + "releases:\n", rest[:second], rest[second:]
