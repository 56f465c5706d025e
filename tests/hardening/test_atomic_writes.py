"""Defect 1: atomic writes destroy what they should write through.

A symlink is followed and its target replaced (the link stays a link); a FIFO or a
character device is written to, never replaced by a regular file; modes follow the
umask or the file replaced; temporary files of a killed write never show in git
status and are removed by the next write; a read-modify-write refuses to overwrite a
change made under it."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest
from conftest import REPO
from hardening_helpers import codes, make_repo

from lode.core.errors import WriteError
from lode.core import fsutil
from lode.core.fsutil import write_atomic


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real" / "report.txt"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "report.txt"
    link.symlink_to(Path("real") / "report.txt")  # relative, as people make them
    write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == "real/report.txt"
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real", "report.txt"]
    assert os.listdir(target.parent) == ["report.txt"]


def test_chain_of_links_and_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("c.txt")  # c.txt does not exist yet
    write_atomic(tmp_path / "a", b"made")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()
    assert (tmp_path / "c.txt").read_bytes() == b"made"


def test_cli_output_through_a_symlink(run_lode, tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "latest.txt").write_text("stale")
    link = tmp_path / "report.txt"
    link.symlink_to(tmp_path / "reports" / "latest.txt")
    code, _out, err = run_lode("validate", "--root", str(root), "--no-cache", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink()
    assert "checked" in (tmp_path / "reports" / "latest.txt").read_text()


def test_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(timeout=30)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["out.fifo"]


def test_character_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    # Through a link, so that the code of today replaces the link, not /dev/null itself.
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    write_atomic(link, b"discarded")
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    write_atomic(Path("/dev/null"), b"discarded")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as e:
        write_atomic(tmp_path, b"x")
    assert e.value.finding.code == "write-failed"


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_file_mode_follows_the_umask(tmp_path: Path, mask: int, mode: int) -> None:
    old = os.umask(mask)
    try:
        write_atomic(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == mode


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    p = tmp_path / "kept.yaml"
    p.write_text("old")
    p.chmod(0o640)
    write_atomic(p, b"new")
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640 and p.read_bytes() == b"new"


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_stale_temp_files_are_removed_and_never_in_git_status(tmp_path: Path) -> None:
    folder = tmp_path / "standards" / "x"
    folder.mkdir(parents=True)
    stale = folder / f".2024.yaml.{_dead_pid()}.0badcafe{fsutil.TMP_SUFFIX}"
    stale.write_text("half")
    live = folder / f".2024.yaml.{os.getppid()}.0badcafe{fsutil.TMP_SUFFIX}"  # a running writer's: kept
    live.write_text("in progress")
    write_atomic(folder / "2024.yaml", b"new")
    assert not stale.exists() and live.exists()
    # The repository's .gitignore hides the temporary files of a write that was killed.
    name = f"standards/x/.2024.yaml.{os.getpid()}.0badcafe{fsutil.TMP_SUFFIX}"
    assert subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=REPO).returncode == 0


def test_failed_write_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "f.txt"
    p.write_text("old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(WriteError) as e:
        write_atomic(p, b"new")
    assert "No space left" in e.value.finding.message
    assert os.listdir(tmp_path) == ["f.txt"] and p.read_text() == "old"


def test_expect_refuses_a_change_made_under_the_writer(tmp_path: Path) -> None:
    p = tmp_path / "x.yaml"
    p.write_bytes(b"v0")
    write_atomic(p, b"v1", expect=b"v0")
    with pytest.raises(WriteError) as e:
        write_atomic(p, b"v2", expect=b"v0")  # read v0 earlier, but the file is v1 now
    assert e.value.finding.code == "write-conflict" and e.value.exit_code == 5
    assert p.read_bytes() == b"v1" and os.listdir(tmp_path) == ["x.yaml"]


def test_restamp_of_a_symlinked_crosswalk_keeps_the_link(run_lode, tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    xw = root / "standards" / "demo" / "crosswalks" / "2024--ref@1.yaml"
    kept = root / "standards" / "demo" / "kept"
    kept.mkdir()
    (kept / "xw.yaml").write_bytes(xw.read_bytes())
    xw.unlink()
    xw.symlink_to(Path("..") / "kept" / "xw.yaml")
    ref = root / "standards" / "ref" / "1.yaml"
    ref.write_text(ref.read_text().replace("commits to a policy.", "commits to a published policy."))
    code, out, err = run_lode("crosswalk", "restamp", str(xw), "--row", "policy.r-policy", "--root", str(root))
    assert code == 0, out + err
    assert xw.is_symlink() and "1 stamp change(s)" in out
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert "crosswalk-suspect" not in codes(out)
