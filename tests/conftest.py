"""Shared fixtures: running the real CLI in-process, and snapshotting trees."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]

# Property tests draw the same examples on every run and keep no example database, so
# `make test` passes or fails alike on every machine and every run (a rare example found
# once by chance made CI fail once, not always). `make fuzz` sets LODE_FUZZ_EXAMPLES and
# draws new examples each run.
settings.register_profile("lode", derandomize="LODE_FUZZ_EXAMPLES" not in os.environ, database=None)
settings.load_profile("lode")


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
    # Lode speaks the locale's language: tests expect English unless they ask for another.
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)


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


def build_site(root: Path, tmp: Path) -> Path:
    """A real ``mkdocs build --strict`` of the standards under ``root`` with this repo's
    mkdocs.yml and hand-written pages; output and generated files go below ``tmp`` (the
    repository stays untouched). Returns the built site's directory."""
    out, gen = tmp / "site", tmp / "generated"
    config = tmp / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text()
    text = text.replace("docs_dir: site", f"docs_dir: {REPO / 'site'}").replace("site_dir: build/site", f"site_dir: {out}")
    text = text.replace("  - lode\n", f"  - lode:\n      root: {root}\n      generated_dir: {gen}\n")
    text = text.replace("  - standards\n  - schemas\n", f"  - {root / 'standards'}\n")
    config.write_text(text)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (tmp / "build.log").write_text(proc.stderr)  # mkdocs' log, for tests of what a build says
    return out
