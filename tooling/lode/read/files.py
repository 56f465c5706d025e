"""The one place Lode opens an input file: what is read and what is followed.

Every reader (YAML files, workbooks, the files validation discovers, the corpus the
site is built from) comes through here, so the rules hold everywhere at once:

- **Only regular files are read.** The type is checked before the file is opened, and
  the open itself is non-blocking, so a FIFO in place of an edition is refused at once
  instead of hanging the reader (``input-not-regular``).
- **Symlinks are followed only inside the repository.** A link that resolves outside
  the repository root is refused (``input-symlink-outside``): a pull request from a
  fork must not be able to publish ``/etc/passwd`` or a CI secret through the site
  build. A loop is refused (``input-symlink-loop``), never a traceback.
- **Names stay lexical.** A file is reported under the path it was found at, not
  where a link points, so a standard folder that is a symlink inside the repository
  keeps its own name.

The repository root is the caller's when it knows it, else the nearest folder above
the file (lexically, without following links) that holds ``standards/``, looked for only
when a link was followed: a path that reaches its file through no link is inside any
root above it. A file outside any repository (a company's disclosure named on the
command line) has no root to stay inside; only the file-type rule applies to it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..core.errors import LoadError
from ..core.findings import Finding
from ..core.i18n import msg

_KIND = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def repo_root_of(path: Path | str) -> Path | None:
    """The nearest folder at or above ``path`` (lexically) that has ``standards/``."""
    # Walked as strings: a Path per parent took twice as long (24 against 12 µs for a
    # file four folders deep; tooling/bench/RESULTS.md, issue 26).
    d = os.path.abspath(path)
    while True:
        if os.path.isdir(os.path.join(d, "standards")):
            return Path(d)
        up = os.path.dirname(d)
        if up == d:
            return None
        d = up


def inside(real: str, base: str) -> bool:
    """Whether the path ``real`` is ``base`` or under it, both absolute and normalised
    (``os.path.realpath`` or ``abspath``): a string test, no system call."""
    return real == base or real.startswith(base if base.endswith(os.sep) else base + os.sep)


def resolve(path: Path, display: str, root: Path | None = None) -> tuple[str, os.stat_result]:
    """Where ``path`` really is and what it is, after the symlink rule; raises
    :class:`LoadError` for a link out of the repository, a loop, or a missing file."""
    try:
        real = os.path.realpath(path, strict=True)
        st = os.stat(real)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise LoadError(Finding.make("input-symlink-loop", msg("symlink loop: the link never reaches a file"),
                                         display)) from None
        raise LoadError(Finding.make("input-unreadable", msg("cannot read file: {value}", value=e.strerror or e), display)) from None
    # Where no link was followed (the real path is the path as named), the file is under
    # the nearest folder holding standards/ as named, and every prefix of a real path is
    # real: it is inside, and the root's search (a stat per folder up to /) is not needed.
    if root is None and real != os.path.abspath(path):
        root = repo_root_of(path)
    if root is not None and not inside(real, os.path.realpath(root)):
        # The target is not named: a report is published, the machine's paths are not.
        raise LoadError(Finding.make("input-symlink-outside", msg("symlink leads outside the repository"), display))
    return real, st


def entry_kind(path: Path, display: str, root: Path | None = None) -> str:
    """``"file"``, ``"dir"`` or ``"other"`` for what ``path`` resolves to (discovery),
    after the symlink rule."""
    _real, st = resolve(path, display, root)
    if stat.S_ISREG(st.st_mode):
        return "file"
    return "dir" if stat.S_ISDIR(st.st_mode) else "other"


def not_regular(display: str, mode: int) -> LoadError:
    what = _KIND.get(stat.S_IFMT(mode), "not a regular file")
    return LoadError(Finding.make("input-not-regular", msg("{what}, not a regular file", what=what), display))


def read_input(path: Path, display: str, max_bytes: int, root: Path | None = None) -> bytes:
    """At most ``max_bytes + 1`` bytes of the regular file at ``path`` (so the caller can
    tell a file over the limit without reading it all), or :class:`LoadError`."""
    real, st = resolve(path, display, root)
    if not stat.S_ISREG(st.st_mode):
        raise not_regular(display, st.st_mode)
    try:
        # Non-blocking: if the file was swapped for a FIFO since the stat, opening it
        # still returns at once, and fstat below refuses it.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        raise LoadError(Finding.make("input-unreadable", msg("cannot read file: {value}", value=e.strerror or e), display)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(display, st.st_mode)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            # What the file holds and one byte more, not max_bytes + 1: a read of 5 MB
            # maps and unmaps that much memory for a file of 2 KB, half the cost of
            # reading it (tooling/bench/RESULTS.md, issue 26). A file that grew since the
            # fstat fills the first read, and the rest is read up to the limit.
            data = f.read(min(st.st_size, max_bytes) + 1)
            if len(data) > st.st_size and len(data) <= max_bytes:
                data += f.read(max_bytes + 1 - len(data))
            return data
    except OSError as e:
        raise LoadError(Finding.make("input-unreadable", msg("cannot read file: {value}", value=e.strerror or e), display)) from None
    finally:
        os.close(fd)
