"""Shared by the hardening tests: a small real repository (two standards and a stamped
crosswalk, from the positive crosswalk case) in a tmp dir, and the real ``lode``
executable in a subprocess (for hangs, kills and races that in-process runs cannot show)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

CASE = REPO / "tests" / "cases" / "validate" / "positive" / "crosswalk"
XW = "standards/demo/crosswalks/2024--ref@1.yaml"
REF = "standards/ref/1.yaml"
DEMO = "standards/demo/2024.yaml"
LODE = [sys.executable, "-m", "lode.cli"]


def make_repo(tmp: Path, name: str = "repo") -> Path:
    root = tmp / name
    shutil.copytree(CASE / "standards", root / "standards")
    return root


def lode(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess; a hang fails the test (timeout) instead of blocking it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*LODE, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env)


def codes(text: str) -> list[str]:
    import re

    return re.findall(r"(?:error|warning|info)\[([a-z0-9-]+)\]", text)
