"""Shared fixtures: running the real CLI in-process, and snapshotting trees."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite expected outputs (case folders, golden files); review with git diff")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never touch the user's real cache.
    monkeypatch.setenv("LODE_CACHE_DIR", str(tmp_path_factory.mktemp("lode-cache")))


@pytest.fixture
def run_lode(capsys: pytest.CaptureFixture[str]):
    """Run ``lode`` in-process through its real entry point; returns (exit, stdout, stderr)."""
    from lode.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exc:
            main(list(args))
        out, err = capsys.readouterr()
        return exc.value.code, out, err

    return run


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file below ``root`` (proves a command wrote nothing)."""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath, name)
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
