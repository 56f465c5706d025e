"""Resource budget (reliability.md R-BUDGET): any input up to the size cap is decided
within 1 GiB of address space and 60 s, with a coded verdict -- never a crash or hang.

The limits are enforced on a subprocess (RLIMIT_AS, timeout); they bound resources,
they do not measure speed (that is `make bench`).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

MINIMAL = REPO / "tests" / "cases" / "validate" / "positive" / "minimal"
CAP = 2 * 1024 * 1024

WORST_CASES = {
    "million-flow-items": (b"a: [" + b"1," * 1_100_000)[: CAP - 2] + b"]\n",
    "deep-brackets": (b"a: " + b"[" * CAP)[:CAP],
    "one-huge-scalar": (b"a: " + b"x" * CAP)[: CAP - 1] + b"\n",
    "many-keys": b"".join(b"k%d: v\n" % i for i in range(200_000))[:CAP],
}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


@pytest.mark.parametrize("name", sorted(WORST_CASES))
def test_worst_case_inputs_stay_within_budget(name: str, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo)
    data = WORST_CASES[name]
    assert len(data) <= CAP
    (repo / "standards/demo/2024.yaml").write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "lode.cli", "validate", "--root", str(repo), "--no-cache"],
                          capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory)
    assert proc.returncode in (1, 3), proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert "standards/demo/2024.yaml:" in proc.stdout
