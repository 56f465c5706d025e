"""`lode diff` on a real git repository: one edition at two revisions, read from git
objects (no checkout), and the errors of the revision contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import git
import pytest
from conftest import tree_digest

CASE = Path(__file__).resolve().parents[1] / "cases" / "diff" / "git-edit"


def _commit_all(repo: git.Repo, message: str) -> None:
    repo.git.add(A=True)
    repo.index.commit(message, author=git.Actor("Lode Test", "test@lode.invalid"),
                      committer=git.Actor("Lode Test", "test@lode.invalid"))


@pytest.fixture
def edited_repo(tmp_path: Path) -> Path:
    """A repository whose second commit edits one clause: its text, obligation and number."""
    root = tmp_path / "repo"
    shutil.copytree(CASE / "repo", root)
    repo = git.Repo.init(root)
    _commit_all(repo, "demo 2024, first draft")
    repo.create_tag("v1")
    edit = json.loads((CASE / "edit.json").read_text(encoding="utf-8"))
    path = root / edit["file"]
    text = path.read_text(encoding="utf-8")
    for old, new in edit["replace"]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    _commit_all(repo, "policy: weaken to should, widen disclosure, renumber")
    return root


def _golden(name: str, actual: str, update: bool) -> None:
    path = CASE / name
    if update:
        path.write_text(actual, encoding="utf-8", newline="")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs (re-run with --update-golden to review)"


@pytest.mark.parametrize("fmt,golden", [("text", "expected.txt"), ("markdown", "expected.md"),
                                        ("changes", "expected-changes-zh.txt")])
def test_revision_diff_matches_the_golden_output(edited_repo: Path, run_lode, update_golden: bool,
                                                 fmt: str, golden: str) -> None:
    before = tree_digest(edited_repo)
    code, out, err = run_lode("diff", "demo@2024", "--from", "HEAD~1", "--to", "HEAD",
                              "--root", str(edited_repo), "--format", fmt)
    assert (code, err) == (0, "")
    _golden(golden, out, update_golden)
    assert tree_digest(edited_repo) == before  # read from git objects: nothing written, nothing checked out


def test_revision_diff_classifies_the_edit(edited_repo: Path, run_lode) -> None:
    code, out, _ = run_lode("diff", "demo@2024", "--from", "v1", "--to", "HEAD", "--root", str(edited_repo),
                            "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["old"] == "demo@2024 (v1)" and data["new"] == "demo@2024 (HEAD)"
    [node] = data["nodes"]
    kinds = {c["kind"]: c for c in node["changes"]}
    assert set(kinds) == {"renumbered", "text", "obligation"}
    assert (kinds["renumbered"]["before"], kinds["renumbered"]["after"]) == ("2.1", "2.3")
    assert kinds["obligation"]["direction"] == "weakened"
    zh = kinds["text"]["redline"]["zh"]
    assert ["-", "应"] in zh and ["+", "宜"] in zh  # Chinese is compared character by character
    assert "".join(t for op, t in zh if op != "+") == "企业应制定供应链政策并向供应商公开。"
    assert "".join(t for op, t in zh if op != "-") == "企业宜制定供应链政策并向所有供应商和公众公开。"
    assert {r["status"] for r in data["concordance"]} == {"same", "renumbered"}


def test_from_alone_compares_with_the_work_tree(edited_repo: Path, run_lode) -> None:
    path = edited_repo / "standards/demo/2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Third-party audit", "Independent audit"),
                    encoding="utf-8")
    code, out, _ = run_lode("diff", "demo@2024", "--from", "HEAD", "--root", str(edited_repo), "--exit-code")
    assert code == 1  # --exit-code: there are differences
    assert "demo@2024 (HEAD) → demo@2024 (work tree)" in out
    assert "title (en): [-Third-party-]{+Independent+} audit" in out


@pytest.mark.parametrize("args,code,expected", [
    (["--from", "no-such-branch"], 4, "error[revision-unknown] git revision 'no-such-branch' not found"),
    (["--from", "HEAD~5"], 4, "error[revision-unknown]"),
    (["--from", "v1", "--to", "HEAD", "--format", "nope"], 2, "Invalid value for '--format'"),
])
def test_revision_errors(edited_repo: Path, run_lode, args: list[str], code: int, expected: str) -> None:
    got, out, err = run_lode("diff", "demo@2024", *args, "--root", str(edited_repo))
    assert got == code and expected in err and out == ""
    assert "Traceback" not in err


def test_an_edition_missing_at_a_revision_exits_4(edited_repo: Path, run_lode) -> None:
    repo = git.Repo(edited_repo)
    shutil.copy(edited_repo / "standards/demo/2024.yaml", edited_repo / "standards/demo/2025.yaml")
    _commit_all(repo, "add 2025")
    code, _, err = run_lode("diff", "demo@2025", "--from", "v1", "--to", "HEAD", "--root", str(edited_repo))
    assert code == 4
    assert "error[revision-no-file] demo@2025 does not exist at v1" in err


def test_a_shallow_clone_without_the_revision_says_so(edited_repo: Path, tmp_path: Path, run_lode) -> None:
    shallow = tmp_path / "shallow"
    git.Repo.clone_from(edited_repo.as_uri(), shallow, depth=1)
    code, _, err = run_lode("diff", "demo@2024", "--from", "v1~0^{commit}~1", "--root", str(shallow))
    assert code == 4
    assert "error[revision-shallow]" in err and "git fetch --unshallow" in err


def test_outside_git_revisions_are_a_usage_error(tmp_path: Path, run_lode) -> None:
    shutil.copytree(CASE / "repo", tmp_path / "plain")
    code, _, err = run_lode("diff", "demo@2024", "--from", "HEAD", "--root", str(tmp_path / "plain"))
    assert code == 2 and "error[not-a-git-repo]" in err


def test_a_broken_file_at_a_revision_is_reported_with_its_position(edited_repo: Path, run_lode) -> None:
    repo = git.Repo(edited_repo)
    path = edited_repo / "standards/demo/2024.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "extra: &a [1]\n", encoding="utf-8")
    _commit_all(repo, "broken")
    code, _, err = run_lode("diff", "demo@2024", "--from", "v1", "--to", "HEAD", "--root", str(edited_repo))
    assert code == 3
    assert "standards/demo/2024.yaml@HEAD:" in err and "[yaml-alias]" in err
