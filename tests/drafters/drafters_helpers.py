"""Real git repositories in temp folders, made with the git command line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import REPO


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Drafter", "-c", "user.email=drafter@example.org",
                           "-c", "init.defaultBranch=main", *args], cwd=root, check=True,
                          capture_output=True, text=True).stdout


def corpus_repo(root: Path) -> Path:
    """A git repository holding a copy of the shipped corpus, committed on main."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "standards", root / "standards")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "corpus")
    return root


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
