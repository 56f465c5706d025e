"""The pre-commit hooks, run by ``pre-commit try-repo`` from this checkout against a temp
repository of standards (pre-commit builds the hook's virtualenv from the local path,
with packages from the configured package index)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from drafters_helpers import git, replace_once


def _try_repo(target: Path, home: Path) -> subprocess.CompletedProcess:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert pre_commit, "pre-commit is not installed (pyproject.toml dev extras)"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([pre_commit, "try-repo", str(REPO), "--all-files"], cwd=target, env=env,
                          capture_output=True, text=True, timeout=1200)


def test_try_repo_runs_both_hooks(tmp_path: Path) -> None:
    target = tmp_path / "standards-repo"
    # the editions and standards (the shipped crosswalks await `lode fmt` on main)
    shutil.copytree(REPO / "standards", target / "standards", ignore=shutil.ignore_patterns("crosswalks"))
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "standards")
    home = tmp_path / "pre-commit-home"

    done = _try_repo(target, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lode validate" in done.stdout and "lode fmt --check" in done.stdout
    assert done.stdout.count("Passed") == 2

    ed = target / "standards/ungp/2011.yaml"
    replace_once(ed, "status: published", "status: publishd")
    text = ed.read_text()
    lines = text.split("\n")
    ed.write_text("\n".join([lines[0], *[ln for ln in lines[1:] if not ln.startswith("language:")],
                             ""]).rstrip("\n") + "\nlanguage: en\n")
    git(target, "add", "-A")
    done = _try_repo(target, home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "standards/ungp/2011.yaml:" in done.stdout and "error[schema-enum]" in done.stdout
    assert "did you mean 'published'?" in done.stdout
    assert "+++ b/standards/ungp/2011.yaml" in done.stdout  # lode-fmt's diff
    assert done.stdout.count("Failed") == 2
