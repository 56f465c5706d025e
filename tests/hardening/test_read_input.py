"""The one reader of input files (``read/files.py``), held to its rules as properties:
what it reads of a file that grows or shrinks between its stat and its read, which
folder it takes as the repository root, and what counts as inside that root. The root
and containment rules are compared with the Path-based code they replaced (issue 26),
which is kept here as the reference."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lode.core.errors import LoadError
from lode.read import files
from lode.read.files import inside, read_input, repo_root_of

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _reported(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Make the reader's fstat say the file holds ``size`` bytes: what it saw when the
    file changed between the stat and the read."""
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        s = list(real(fd))
        s[6] = size  # st_size
        return os.stat_result(s)

    monkeypatch.setattr(files.os, "fstat", fstat)


@SETTINGS
@given(length=st.integers(0, 3000), reported=st.integers(0, 3000), limit=st.integers(0, 2500))
def test_a_file_is_read_whole_up_to_one_byte_past_the_limit_whatever_its_stat_said(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, length: int, reported: int, limit: int) -> None:
    content = bytes(i % 251 for i in range(length))
    p = tmp_path / "d.json"
    p.write_bytes(content)
    with monkeypatch.context() as m:
        _reported(m, reported)
        got = read_input(p, "d.json", limit)
    assert got == content[:limit + 1]


def test_a_file_that_reports_no_size_is_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Files in /proc say 0 bytes and hold more; a file written after the stat does too.
    p = tmp_path / "d.yaml"
    p.write_bytes(b"lode-disclosure: 1\n" * 100)
    _reported(monkeypatch, 0)
    assert read_input(p, "d.yaml", 10_000) == p.read_bytes()
    assert len(read_input(p, "d.yaml", 50)) == 51  # over the limit: the caller refuses it


def _old_repo_root_of(path: Path) -> Path | None:  # before issue 26: a Path per parent
    p = Path(os.path.abspath(path))
    for d in (p, *p.parents):
        if os.path.isdir(d / "standards"):
            return d
    return None


def _old_inside(real: str, base: str) -> bool:
    r, b = Path(real), Path(base)
    return r == b or b in r.parents


NAMES = st.sampled_from(["a", "b", "ab", "a.b", "standards", "x y", "标准"])


@SETTINGS
@given(dirs=st.lists(st.lists(NAMES, min_size=1, max_size=4), min_size=1, max_size=6),
       which=st.integers(0, 5), cut=st.integers(0, 4), extra=st.lists(NAMES, max_size=2))
def test_the_repository_root_is_the_nearest_folder_holding_standards(
        tmp_path: Path, dirs: list[list[str]], which: int, cut: int, extra: list[str]) -> None:
    base = tmp_path / f"t{len(list(tmp_path.iterdir()))}"
    for parts in dirs:
        base.joinpath(*parts).mkdir(parents=True, exist_ok=True)
    # A file in (or below) a folder made above, so a folder holding standards/ is often on its way up.
    target = base.joinpath(*dirs[which % len(dirs)][:cut], *extra, "d.json")
    assert repo_root_of(target) == _old_repo_root_of(target)
    assert repo_root_of(str(target)) == _old_repo_root_of(target)


ABS = st.lists(NAMES, min_size=0, max_size=4).map(lambda parts: "/" + "/".join(parts))


@SETTINGS
@given(real=ABS, base=ABS)
def test_inside_the_root_means_the_root_or_a_path_under_it(real: str, base: str) -> None:
    assert inside(real, base) == _old_inside(real, base)
    assert inside(real + "/x", real) and not inside(real + "x", real + "/x") and inside(real, "/")


def test_a_sibling_whose_name_starts_like_the_root_is_outside(tmp_path: Path) -> None:
    repo, sibling = tmp_path / "repo", tmp_path / "repo-other"
    (repo / "standards").mkdir(parents=True)
    sibling.mkdir()
    (sibling / "secret.yaml").write_text("x: 1\n")
    (repo / "standards" / "link.yaml").symlink_to(sibling / "secret.yaml")
    with pytest.raises(LoadError) as e:
        read_input(repo / "standards" / "link.yaml", "standards/link.yaml", 1000)
    assert e.value.findings[0].code == "input-symlink-outside"


def _old_resolve(path: Path) -> str:  # before issue 26: the root searched for every file
    root = _old_repo_root_of(path)
    try:
        real = Path(os.path.realpath(path, strict=True))
        os.stat(real)
    except OSError as e:
        return "input-symlink-loop" if e.errno == errno.ELOOP else "input-unreadable"
    if root is not None:
        base = Path(os.path.realpath(root))
        if real != base and base not in real.parents:
            return "input-symlink-outside"
    return str(real)


def _resolved(path: Path) -> str:
    try:
        return files.resolve(path, "x")[0]
    except LoadError as e:
        return e.findings[0].code


# Places in a repository and beside it; links among them (relative or absolute, to a
# file, a folder, another link, a missing name or themselves); a path through them.
PLACES = ["repo/standards/a.yaml", "repo/standards/s", "repo/x", "repo/x/b.json", "repo/x/y", "repo/standards",
          "out/f.yaml", "out/d", "out/d/standards", "out/d/g.json", "out", "repo", "missing"]
LINKS = ["repo/l1", "repo/standards/l2", "repo/x/l3", "out/l4", "out/d/l5"]
# Mostly a link, named alone, so that most paths reach a file: a missing one proves little.
PROBE_STARTS = LINKS * 4 + PLACES
PROBE_TAILS = [""] * 6 + ["a.yaml", "b.json", "g.json", "standards/a.yaml", "../x/b.json", "y/../b.json"]


@SETTINGS
@given(links=st.lists(st.tuples(st.sampled_from(LINKS), st.sampled_from(PLACES + LINKS), st.booleans()),
                      max_size=5, unique_by=lambda t: t[0]),
       start=st.sampled_from(PROBE_STARTS), tail=st.sampled_from(PROBE_TAILS))
def test_a_link_is_followed_only_inside_the_repository_as_before(tmp_path: Path, links: list[tuple[str, str, bool]],
                                                                 start: str, tail: str) -> None:
    base = tmp_path / f"t{len(list(tmp_path.iterdir()))}"
    for d in ("repo/standards/s", "repo/x/y", "out/d/standards"):
        (base / d).mkdir(parents=True)
    for f in ("repo/standards/a.yaml", "repo/x/b.json", "out/f.yaml", "out/d/g.json"):
        (base / f).write_text("a: 1\n")
    for name, to, relative in links:
        at = base / name
        at.symlink_to(os.path.relpath(base / to, at.parent) if relative else base / to)
    probe = base / start / tail if tail else base / start
    assert _resolved(probe) == _old_resolve(probe)
