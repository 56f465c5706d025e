"""Two `lode release` processes at once in one repository: the second is refused with
`release-locked` while the first holds the lock (plan → tag → log → commit), and the
first completes: one tag, one log entry, and they agree. Real processes, a real git
repository; the first release is held inside its log commit by a pre-commit hook until
the second has finished."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from release_helpers import git, isolated_git, repo  # noqa: F401 - fixtures

from lode.release.log import read_log
from lode.release.pins import resolve


def lode(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "lode.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_second_release_while_one_runs_is_refused_and_the_first_completes(repo: Path, tmp_path: Path) -> None:
    started, go = tmp_path / "started", tmp_path / "go"
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ntouch '{started}'\nwhile [ ! -e '{go}' ]; do sleep 0.05; done\n")
    hook.chmod(0o755)
    first = lode("release", "demo@2020", "--root", str(repo))
    deadline = time.monotonic() + 120
    while not started.exists():  # the first release is inside its log commit, holding the lock
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first release never reached its log commit"
        time.sleep(0.05)
    second = lode("release", "demo@2020", "--root", str(repo))
    _, err = second.communicate(timeout=120)
    assert second.returncode == 2 and "error[release-locked]" in err, err
    go.touch()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert git(repo, "tag", "-l") == "demo/2020/r1"
    entries = read_log(repo, "demo").entries
    assert [e["tag"] for e in entries] == ["demo/2020/r1"]
    assert entries[0]["tag-object"] == git(repo, "rev-parse", "demo/2020/r1")
    assert resolve(repo, "demo@2020/r1").witness == "tag"
    assert git(repo, "status", "--porcelain") == ""
    # The lock ends with its process: a third release now runs (and finds nothing new).
    third = lode("release", "demo@2020", "--root", str(repo))
    _, err = third.communicate(timeout=120)
    assert third.returncode == 2 and "error[release-unchanged]" in err, err
