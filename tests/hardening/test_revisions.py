"""Defect 7: revision specs that crashed (exit 70) and tree/blob revisions reported as
"not found". A real git repository in a tmp dir; the real CLI."""

from __future__ import annotations

from pathlib import Path

import git
import pytest
from hardening_helpers import make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path)
    r = git.Repo.init(root)
    r.index.add([p.relative_to(root).as_posix() for p in root.rglob("*.yaml")])
    r.index.commit("one")
    return root


@pytest.mark.parametrize("rev", ["HEAD:..", "HEAD:./x", "@{-1}", "HEAD@{1000}", "--output=/tmp/x", "no-such-branch"])
def test_bad_revision_is_a_coded_pin_error(run_lode, repo: Path, rev: str) -> None:
    code, _out, err = run_lode("diff", "ref@1", "--from", rev, "--root", str(repo))
    assert code == 4 and "error[revision-" in err, err
    assert "internal error" not in err


def test_relative_date_revision_works(run_lode, repo: Path) -> None:
    code, out, err = run_lode("diff", "ref@1", "--from", "HEAD@{yesterday}", "--root", str(repo))
    assert code == 0 and "internal error" not in err, err


@pytest.mark.parametrize("rev, what", [("HEAD^{tree}", "a folder (a git tree)"),
                                       ("HEAD:standards/ref/1.yaml", "a file (a git blob)")])
def test_tree_or_blob_revision_says_what_it_is(run_lode, repo: Path, rev: str, what: str) -> None:
    code, _out, err = run_lode("diff", "ref@1", "--from", rev, "--root", str(repo))
    assert code == 4 and "error[revision-not-commit]" in err and what in err, err
