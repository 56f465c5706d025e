"""CLI start-up: the commands people run most import only what they use.

A module-list assertion, not a timing: each heavy library named here costs tens of
milliseconds to import (``python -X importtime``), and a top-level import of one of
them anywhere on the path of ``lode --version`` or ``lode validate`` puts it back on
every run. The CLI runs in a fresh interpreter, so nothing imported by pytest leaks in.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Libraries that neither command needs on a clean repository: deepdiff (diff of value
# specs), openpyxl (workbooks), gitpython (revisions), python-jsonschema (explaining a
# failing file; jsonschema-rs gives the verdict), mkdocs (the site).
HEAVY = ("deepdiff", "openpyxl", "git", "gitdb", "jsonschema", "mkdocs", "jieba")

_PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
from lode.cli import main
main(sys.argv[1:])
"""


def _modules_of(tmp: Path, *args: str) -> tuple[set[str], subprocess.CompletedProcess]:
    out = tmp / "modules.json"
    p = subprocess.run([sys.executable, "-c", _PROBE, str(out), *args], capture_output=True, text=True,
                       cwd=tmp, env={"PATH": "/usr/bin:/bin", "LODE_CACHE_DIR": str(tmp / "cache")})
    return {m.split(".")[0] for m in json.loads(out.read_text())}, p


def _tiny_repo(tmp: Path) -> Path:
    root = tmp / "repo"
    shutil.copytree(REPO / "standards" / "ungp", root / "standards" / "ungp")
    return root


def test_version_imports_no_heavy_library(tmp_path: Path) -> None:
    mods, p = _modules_of(tmp_path, "--version")
    assert p.returncode == 0 and "lode" in p.stdout, p.stderr
    assert "click" in mods  # the probe sees the CLI's imports at all
    assert not mods & set(HEAVY), sorted(mods & set(HEAVY))


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cached"])
def test_validate_on_a_tiny_repo_imports_no_heavy_library(tmp_path: Path, cache: bool) -> None:
    root = _tiny_repo(tmp_path)
    args = ["validate", "--root", str(root)] + ([] if cache else ["--no-cache"])
    if cache:
        _modules_of(tmp_path, *args)  # fill the cache, then measure the re-run
    mods, p = _modules_of(tmp_path, *args)
    assert p.returncode == 0 and "0 errors" in p.stdout, p.stdout + p.stderr
    assert {"ruamel", "jsonschema_rs"} <= mods or cache, sorted(mods)
    assert not mods & set(HEAVY), sorted(mods & set(HEAVY))


def test_failing_file_still_explained_by_python_jsonschema(tmp_path: Path) -> None:
    # The lazy import must not lose the explanations: a schema error still gets its
    # finding with line and column from python-jsonschema.
    root = _tiny_repo(tmp_path)
    ed = root / "standards" / "ungp" / "2011.yaml"
    ed.write_text(ed.read_text(encoding="utf-8").replace("\nstatus:", "\nstatuz:", 1), encoding="utf-8")
    mods, p = _modules_of(tmp_path, "validate", "--no-cache", "--root", str(root))
    assert p.returncode == 1, p.stdout + p.stderr
    assert "statuz" in p.stdout and "2011.yaml:" in p.stdout, p.stdout
    assert "jsonschema" in mods
