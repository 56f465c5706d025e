"""Defects 2 and 3: symlinks out of the repository, symlink loops, linked standard
folders, and readers that hung on a FIFO. One rule in ``read/files.py``, seen through
every command that reads: validate, diff, crosswalk show/export/restamp/import, the
site's corpus load."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hardening_helpers import DEMO, REF, XW, codes, lode, make_repo

from lode.core.errors import LodeError
from lode.model.corpus import Corpus

SECRET = "secret: the CI token\n"


def _outside(tmp_path: Path, name: str, content: bytes) -> Path:
    p = tmp_path / "outside" / name
    p.parent.mkdir(exist_ok=True)
    p.write_bytes(content)
    return p


def _link_out(root: Path, rel: str, tmp_path: Path) -> None:
    """Replace ``rel`` by a link to an identical copy outside the repository."""
    p = root / rel
    target = _outside(tmp_path, p.name, p.read_bytes())
    p.unlink()
    p.symlink_to(target)


def test_crosswalk_linked_out_of_the_repository_is_refused(run_lode, tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    _link_out(root, XW, tmp_path)
    code, out, err = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 3 and "input-symlink-outside" in codes(out), out
    assert f"{XW}: error[input-symlink-outside]" in out  # named as found, not as linked
    code, _out, err = run_lode("crosswalk", "show", "demo@2024", "ref@1", "--root", str(root))
    assert code == 3 and "input-symlink-outside" in err, err


def test_edition_linked_out_of_the_repository_is_refused_by_diff_and_site(run_lode, tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    _link_out(root, REF, tmp_path)
    code, _out, err = run_lode("diff", "ref@1", "ref@1", "--root", str(root))
    assert code == 3 and "input-symlink-outside" in err, err
    with pytest.raises(LodeError) as e:
        Corpus.load(root)  # what the mkdocs plugin builds the site from
    assert e.value.finding.code == "input-symlink-outside"


def test_link_inside_the_repository_is_followed(run_lode, tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    p = root / XW
    (root / "standards" / "demo" / "shared").mkdir()
    shutil.move(p, root / "standards" / "demo" / "shared" / p.name)
    p.symlink_to(Path("..") / "shared" / p.name)
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert "input-symlink-outside" not in out and code == 0, out


def test_linked_standard_folder_keeps_its_name(run_lode, tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    vendor = root / "vendor"
    shutil.move(root / "standards" / "ref", vendor / "ref")
    (root / "standards" / "ref").symlink_to(Path("..") / "vendor" / "ref")
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 0 and "identity-mismatch" not in out, out
    # the same folder linked from outside the repository: refused, not misattributed
    outside = tmp_path / "elsewhere"
    shutil.move(vendor / "ref", outside)
    (root / "standards" / "ref").unlink()
    (root / "standards" / "ref").symlink_to(outside)
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 3 and "input-symlink-outside" in codes(out) and "identity-mismatch" not in out, out


@pytest.mark.parametrize("rel", [XW, REF, "standards/ref"])
def test_symlink_loop_is_coded(run_lode, tmp_path: Path, rel: str) -> None:
    root = make_repo(tmp_path)
    p = root / rel
    shutil.rmtree(p) if p.is_dir() else p.unlink()
    p.symlink_to(p.name)  # points at itself
    code, out, err = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 3 and "input-symlink-loop" in codes(out), out + err
    assert "Traceback" not in err and "internal error" not in err


def test_mkdocs_build_with_a_symlink_loop_has_no_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import REPO

    root = make_repo(tmp_path)
    (root / XW).unlink()
    (root / XW).symlink_to(Path(XW).name)
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text()
    text = text.replace("docs_dir: site", f"docs_dir: {REPO / 'site'}").replace("site_dir: build/site",
                                                                                 f"site_dir: {tmp_path / 'out'}")
    text = text.replace("  - lode\n", f"  - lode:\n      root: {root}\n      generated_dir: {tmp_path / 'gen'}\n")
    text = text.replace("  - standards\n  - schemas\n", f"  - {root / 'standards'}\n")
    config.write_text(text)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "input-symlink-loop" in proc.stderr, proc.stderr[-2000:]


# --- FIFOs (defect 3): every reader checks the type before it opens -------------------

def _fifo(root: Path, rel: str) -> None:
    (root / rel).unlink()
    os.mkfifo(root / rel)


@pytest.mark.parametrize("args", [
    ("crosswalk", "show", "demo@2024", "ref@1"),
    ("crosswalk", "export", XW, "--format", "csv"),
    ("crosswalk", "restamp", XW),
    ("diff", "ref@1", "ref@1"),
    ("validate", "--no-cache"),
], ids=lambda a: " ".join(a[:2]))
def test_fifo_in_place_of_an_edition_never_hangs(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = make_repo(tmp_path)
    _fifo(root, REF)
    proc = lode(*args, "--root", str(root), cwd=root, timeout=60)  # a hang fails here
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "input-not-regular" in proc.stdout + proc.stderr
    assert "a FIFO" in proc.stdout + proc.stderr


def test_fifo_in_place_of_the_crosswalk_and_the_sheet(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    sheet = tmp_path / "sheet.xlsx"
    os.mkfifo(sheet)
    proc = lode("crosswalk", "import", str(sheet), "--into", XW, "--root", str(root), cwd=root, timeout=60)
    assert proc.returncode == 3 and "input-not-regular" in proc.stderr, proc.stdout + proc.stderr
    _fifo(root, DEMO)
    _fifo(root, XW)
    proc = lode("crosswalk", "restamp", XW, "--root", str(root), cwd=root, timeout=60)
    assert proc.returncode == 3 and "input-not-regular" in proc.stderr, proc.stdout + proc.stderr
