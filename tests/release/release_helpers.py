"""What the release tests share (they import the fixtures): real git repositories in
temp dirs, isolated from the user's git configuration. Every git process, the tests' own
and Lode's, reads a global config in a temp dir and no system config, so signing and
verification never read or touch the real ones."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

MINIMAL = REPO / "tests" / "cases" / "validate" / "positive" / "minimal" / "standards"
IDENTITY = ["-c", "user.name=Release Tester", "-c", "user.email=tester@example.org"]


def git(repo: Path, *args: str, check: bool = True) -> str:
    out = subprocess.run(["git", *IDENTITY, *args], cwd=repo, capture_output=True, text=True, timeout=120)
    if check and out.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {out.stderr}")
    return out.stdout.strip()


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("git-home")
    config = home / "gitconfig"
    config.write_text("[user]\n\tname = Release Tester\n\temail = tester@example.org\n"
                      "[init]\n\tdefaultBranch = main\n[protocol \"file\"]\n\tallow = always\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(home))
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)
    return config


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A Lode repository (the `minimal` case's demo standard) with one commit."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root / "standards")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "demo standard")
    return root


def commit_edit(root: Path, path: str, old: str, new: str, message: str = "edit") -> None:
    p = root / path
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", message)


def keypair(folder: Path, name: str) -> tuple[Path, str]:
    """A new ed25519 ssh key pair in ``folder``: the private key file and the public key line."""
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, (folder / f"{name}.pub").read_text().strip()
