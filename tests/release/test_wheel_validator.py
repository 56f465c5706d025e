"""A validator without the repository (issue 21, item 8), exactly as the guide tells one
to work: Lode's wheel built from this project (`pip wheel . --no-deps`), installed in a
fresh venv (its dependencies at the same pinned versions, repacked from this environment
so no index is asked), and, in an empty folder, `lode check FILE --pin BUNDLE
--allowed-signers FILE` against a bundle the site published for a signed release."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from release_helpers import REPO, git, isolated_git  # noqa: F401 - fixtures
from wheelhouse import wheelhouse

from lode.site import releases as site_releases

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")]

BUNDLE = "cma-esg-disclosure-2025-r1.manifest.json"


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A fresh venv with Lode installed from its wheel only: its `lode` executable."""
    dist, house, venv = tmp_path / "dist", tmp_path / "wheelhouse", tmp_path / "venv"
    # hatchling is a dev dependency: no build isolation, so nothing is downloaded
    out = run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q",
               "-w", str(dist)], tmp_path)
    assert out.returncode == 0, out.stderr
    wheelhouse("lode", house)
    out = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    assert out.returncode == 0, out.stderr
    out = run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
               "--no-compile", "--no-index", "--find-links", str(house), *map(str, dist.glob("lode-*.whl"))],
              tmp_path)
    assert out.returncode == 0, out.stderr
    return venv / "bin" / "lode"


@pytest.fixture
def download(tmp_path: Path, run_lode) -> Path:
    """What a validator downloads: the signed release's bundle from the site and the
    association's allowed_signers file."""
    root = tmp_path / "association"
    shutil.copytree(REPO / "standards", root / "standards",
                    ignore=shutil.ignore_patterns("comments", "releases.yaml"))
    key = tmp_path / "release_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "release", "-f", str(key)], check=True)
    (root / "allowed_signers").write_text(f"release@association.example {key.with_suffix('.pub').read_text()}")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the association's standards")
    code, _, err = run_lode("release", "cma-esg-disclosure@2025", "--allow-illustrative", "--sign", str(key),
                            "--root", str(root))
    assert code == 0, err
    out = tmp_path / "download"
    out.mkdir()
    for path, content in site_releases.collect(root, ["cma-esg-disclosure"]).files.items():
        (out / path.rsplit("/", 1)[1]).write_bytes(content)
    shutil.copy(root / "allowed_signers", out / "allowed_signers")
    assert (out / (BUNDLE + ".sig")).is_file()
    return out


def test_a_wheel_in_a_fresh_venv_checks_a_disclosure_against_a_signed_bundle(installed: Path, download: Path,
                                                                              tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(REPO / "examples" / "disclosures" / "passing.yaml", empty / "filing.yaml")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = run([str(installed.parent / "python"), "-c", "import lode; print(lode.__file__)"], empty, env)
    assert str(installed.parent.parent) in where.stdout, where  # the wheel's Lode, not this checkout
    argv = [str(installed), "check", "filing.yaml", "--pin", str(download / BUNDLE),
            "--allowed-signers", str(download / "allowed_signers")]
    out = run(argv + ["--format", "json"], empty, env)
    assert out.returncode == 0, out.stderr
    verdict = json.loads(out.stdout)["verdicts"][0]
    against = verdict["checked-against"]
    assert verdict["status"] == "PASS" and against["pin"] == "cma-esg-disclosure@2025/r1"
    assert (against["witness"], against["signature-verified"], against["unchecked"]) == ("signed bundle", True, [])
    assert against["signer"] == "release@association.example"
    out = run(argv, empty, env)
    assert out.returncode == 0 and out.stdout.startswith("PASS  filing.yaml  against cma-esg-disclosure@2025/r1")
    assert os.listdir(empty) == ["filing.yaml"]  # checking wrote nothing
    # A tampered bundle is refused by the same installed Lode.
    manifest = json.loads((download / BUNDLE).read_text())
    manifest["date"] = manifest["log-entry"]["date"] = "2001-01-01"
    (download / BUNDLE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    out = run(argv, empty, env)
    assert out.returncode == 4 and "error[pin-signature]" in out.stderr + out.stdout
