"""SIGKILL at random moments over every writing command: the target is always the old
bytes or the new, never a mix or empty, and no stray file is left where ``git status``
sees it; the next write removes what a killed one left.

``make fuzz`` runs the long loop (``LODE_KILL_RUNS``, default 300 there); ``make test``
runs a short one (20 runs) so a regression shows on every run."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import git
import pytest
from conftest import REPO
from hardening_helpers import LODE, REF, XW, make_repo

Command = tuple[str, list[str], str]  # (name, argv after `lode`, target relative to the root)


def _repo(tmp_path: Path) -> tuple[Path, Path]:
    root = make_repo(tmp_path)
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    ref = root / REF
    ref.write_text(ref.read_text().replace("The organisation commits to a policy.", "It commits to a published policy."))
    r = git.Repo.init(root)
    r.index.add([".gitignore"] + [p.relative_to(root).as_posix() for p in root.rglob("*.yaml")])
    r.index.commit("base")
    sheet = tmp_path / "sheet.xlsx"
    subprocess.run([*LODE, "crosswalk", "export", str(root / XW), "--format", "xlsx", "-o", str(sheet)],
                   check=True, capture_output=True, timeout=120)
    from openpyxl import load_workbook

    wb = load_workbook(sheet)
    ws = wb["mappings"]
    col = [c.value for c in ws[1]].index("rationale_en") + 1
    ws.cell(2, col).value = "Both are the scope clause (edited in the sheet)."
    wb.save(sheet)
    return root, sheet


def _commands(root: Path, sheet: Path) -> list[Command]:
    xw = str(root / XW)
    return [
        ("validate -o", ["validate", "--root", str(root), "--no-cache", "-o", "out/report.txt"], "out/report.txt"),
        ("diff -o", ["diff", "ref@1", "ref@1", "--root", str(root), "-o", "out/diff.txt"], "out/diff.txt"),
        ("crosswalk show -o", ["crosswalk", "show", "demo@2024", "ref@1", "--root", str(root), "-o", "out/show.txt"],
         "out/show.txt"),
        ("crosswalk export -o", ["crosswalk", "export", xw, "--format", "csv", "-o", "out/x.csv"], "out/x.csv"),
        ("crosswalk restamp", ["crosswalk", "restamp", xw, "--row", "policy.r-policy"], XW),
        ("crosswalk import", ["crosswalk", "import", str(sheet), "--into", xw], XW),
    ]


def _stray(root: Path, targets: set[str]) -> list[str]:
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root,
                            capture_output=True, text=True, check=True).stdout
    paths = [line[3:] for line in status.splitlines()]
    return [p for p in paths if p not in targets]


def kill_loop(tmp_path: Path, runs: int, seed: int) -> dict[str, int]:
    root, sheet = _repo(tmp_path)
    (root / "out").mkdir()
    commands = _commands(root, sheet)
    targets = {t for _n, _a, t in commands}
    old = {t: (root / t).read_bytes() if (root / t).exists() else None for t in targets}
    new: dict[str, bytes] = {}
    took: dict[str, float] = {}
    for name, args, target in commands:  # one full run each: the "new" bytes and a time scale
        start = time.monotonic()
        proc = subprocess.run([*LODE, *args], cwd=root, capture_output=True, text=True, timeout=120)
        took[name] = time.monotonic() - start
        assert proc.returncode == 0, (name, proc.stdout, proc.stderr)
        new[target + name] = (root / target).read_bytes()
        _reset(root, target, old[target])
    rng = random.Random(seed)
    outcomes = {"old": 0, "new": 0}
    for _ in range(runs):
        name, args, target = rng.choice(commands)
        proc = subprocess.Popen([*LODE, *args], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, took[name] * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
        p = root / target
        now = p.read_bytes() if p.exists() else None
        assert now in (old[target], new[target + name]), f"{name}: {target} is neither the old nor the new bytes"
        outcomes["old" if now == old[target] else "new"] += 1
        assert not _stray(root, targets), f"{name}: stray files {_stray(root, targets)}"
        _reset(root, target, old[target])
    # Temporary files of killed writes are ignored by git and removed by the next write
    # in their folder.
    for folder in {(root / t).parent for t in targets}:
        (folder / "probe").write_text("x")
        from lode.core.fsutil import write_atomic

        write_atomic(folder / "probe", b"y")
        (folder / "probe").unlink()
    left = [p for p in root.rglob("*.lode-tmp")]
    assert not left, left
    return outcomes


def _reset(root: Path, target: str, content: bytes | None) -> None:
    p = root / target
    if content is None:
        p.unlink(missing_ok=True)
    else:
        p.write_bytes(content)


def test_kill_loop_short(tmp_path: Path) -> None:
    kill_loop(tmp_path, runs=20, seed=16)


@pytest.mark.slow
@pytest.mark.skipif("LODE_KILL_RUNS" not in os.environ, reason="the long kill loop runs under `make fuzz`")
def test_kill_loop(tmp_path: Path) -> None:
    runs = int(os.environ["LODE_KILL_RUNS"])
    outcomes = kill_loop(tmp_path, runs=runs, seed=int(os.environ.get("LODE_KILL_SEED", "1616")))
    assert sum(outcomes.values()) == runs
