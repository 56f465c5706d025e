"""The stat index of the validation cache: an unchanged file is not read again, and no
change -- same size, even the old mtime restored, or a write just after indexing -- is
ever hidden by it. Real files in a tmp repository, validated in-process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from lode.validate import run
from lode.validate.cache import Cache, StatIndex

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards" / "ungp", root / "standards" / "ungp")
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = run.read_file
    monkeypatch.setattr(run, "read_file", lambda p, *a: seen.append(Path(p).name) or real(p, *a))
    return seen


def _age(root: Path, seconds: int = 3600) -> None:
    # mtime back an hour; ctime cannot be set, hence SETTLE_NS 0 where a test needs the index.
    for p in root.rglob("*.yaml"):
        st = p.stat()
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def test_unchanged_files_are_not_read_again(repo: Path, tmp_path: Path, reads: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(StatIndex, "SETTLE_NS", 0)
    cache = Cache(tmp_path / "cache")
    first = run.validate(repo, cache=cache)
    assert sorted(reads) == ["2011.yaml", "standard.yaml"]
    reads.clear()
    again = run.validate(repo, cache=cache)
    assert reads == []
    assert again.findings == first.findings and again.stats == first.stats


def test_a_same_size_edit_with_the_old_mtime_restored_is_seen(repo: Path, tmp_path: Path, reads: list[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(StatIndex, "SETTLE_NS", 0)
    cache = Cache(tmp_path / "cache")
    ed = repo / "standards" / "ungp" / "2011.yaml"
    run.validate(repo, cache=cache)
    st = ed.stat()
    before = ed.read_bytes()
    text = before.decode("utf-8").replace("\nstatus: published", "\nstatuz: published", 1)
    ed.write_bytes(text.encode("utf-8"))
    os.utime(ed, ns=(st.st_atime_ns, st.st_mtime_ns))  # what `touch -r` or a checkout tool can do
    assert ed.stat().st_size == st.st_size and ed.stat().st_mtime_ns == st.st_mtime_ns
    reads.clear()
    report = run.validate(repo, cache=cache)
    assert "2011.yaml" in reads
    assert any(f.code == "schema-unknown-key" for f in report.findings), report.findings


def test_a_file_written_just_now_is_never_trusted_to_the_index(repo: Path, tmp_path: Path,
                                                               reads: list[str]) -> None:
    cache = Cache(tmp_path / "cache")
    _age(repo)
    run.validate(repo, cache=cache)  # the files' ctime is recent: nothing is indexed yet
    reads.clear()
    run.validate(repo, cache=cache)
    assert sorted(reads) == ["2011.yaml", "standard.yaml"]
    assert StatIndex(cache, repo).old == {}


def test_a_corrupt_index_only_costs_reads(repo: Path, tmp_path: Path, reads: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(StatIndex, "SETTLE_NS", 0)
    cache = Cache(tmp_path / "cache")
    first = run.validate(repo, cache=cache)
    key = StatIndex(cache, repo).key
    entry = cache.dir / key[:2] / key
    entry.write_bytes(entry.read_bytes()[:-5])
    reads.clear()
    assert run.validate(repo, cache=cache).findings == first.findings
    assert sorted(reads) == ["2011.yaml", "standard.yaml"]


def test_a_symlinked_edition_is_never_skipped(repo: Path, tmp_path: Path, reads: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # A link inside the repository is allowed; its own lstat does not change when its
    # target does, so a linked file is read every time.
    monkeypatch.setattr(StatIndex, "SETTLE_NS", 0)
    folder = repo / "standards" / "ungp"
    (folder / "2011.yaml").rename(repo / "target-2011.yaml")
    (folder / "2011.yaml").symlink_to(repo / "target-2011.yaml")
    cache = Cache(tmp_path / "cache")
    run.validate(repo, cache=cache)
    target = repo / "target-2011.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("\nstatus:", "\nstatuz:", 1), encoding="utf-8")
    reads.clear()
    report = run.validate(repo, cache=cache)
    assert "2011.yaml" in reads
    assert any(f.code == "schema-unknown-key" for f in report.findings), report.findings
