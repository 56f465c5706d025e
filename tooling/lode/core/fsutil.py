"""Writing files without ever leaving a half-written one (reliability.md R-ATOMIC).

What a write does depends on what is at the destination:

- a regular file (or nothing): a temporary file beside it, fsync, ``os.replace``,
  directory fsync -- readers see the old bytes or the new, never a mix;
- a symlink: the link is resolved and its *target* replaced that way, so the link
  stays a link (replacing the link itself would leave the target stale);
- anything else (a FIFO, a character device, ``/dev/stdout``): written to directly,
  since replacing it with a regular file would destroy it (as root, ``-o /dev/null``
  would break the machine).

A new file gets the mode the umask gives (0666 & ~umask), a replaced file keeps its own.
Temporary files are named ``.<name>.<pid>.<random>.lode-tmp``: the pattern is in the
repository's ``.gitignore`` so a SIGKILL mid-write never shows in ``git status``, and the
next write to the same folder deletes the ones whose writer is no longer running.

``expect`` guards a read-modify-write (R-CONFLICT): the write is refused with
``write-conflict`` if the file no longer holds the bytes the caller read, or, with
``expect=ABSENT``, if a file the caller is creating appeared in the meantime. The check and
the replace happen under an exclusive lock on the folder, so two writers that read the
same bytes cannot both win.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import stat
from pathlib import Path

from .errors import WriteError
from .i18n import msg

TMP_SUFFIX = ".lode-tmp"


def _umask() -> int:
    # os.umask can only be read by setting it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def clean_stale(directory: Path) -> list[Path]:
    """Delete the temporary files in ``directory`` left by writers that were killed."""
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(".") and name.endswith(TMP_SUFFIX)):
            continue
        parts = name[: -len(TMP_SUFFIX)].rsplit(".", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        pid = int(parts[1])
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            os.unlink(os.path.join(directory, name))
            removed.append(Path(directory, name))
        except OSError:
            pass
    return removed


def _destination(path: Path) -> Path:
    """Where the bytes go: a symlink (or a chain of them) is followed to its target."""
    if path.is_symlink():
        try:
            return Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:
            # a dangling link: create its target, keeping the link
            return Path(os.path.realpath(path))
        except OSError as e:  # ELOOP
            raise WriteError.of("write-failed", msg("cannot write {path}: {value}", path=path, value=e.strerror or e), str(path)) from None
    return path


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


# ``expect=ABSENT``: the caller read no file and creates one (two writers creating the same
# file: the second is refused instead of replacing the first one's content).
ABSENT = _Absent()


def write_atomic(path: Path, data: bytes, *, expect: bytes | _Absent | None = None, durable: bool = True) -> None:
    """Write ``data`` to ``path`` (see the module docstring for what that means for each
    kind of destination). On failure the destination is untouched and no temporary file
    remains; raises :class:`WriteError` (``write-failed`` or ``write-conflict``).
    ``durable=False``: no fsync (still replaced whole): for a build's outputs, which a
    crash leaves to be made again from their sources, not for anything a person wrote."""
    path = Path(path)
    target = _destination(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise WriteError.of("write-failed", msg("cannot write {path}: {value}", path=path, value=e.strerror or e), str(path)) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise WriteError.of("write-failed", msg("cannot write {path}: it is a folder", path=path), str(path))
        _write_through(path, target, data)
        return
    directory = target.parent
    lock = None
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if expect is not None:
            lock = os.open(directory, os.O_RDONLY)
            fcntl.flock(lock, fcntl.LOCK_EX)
            _check_unchanged(path, target, expect)
        clean_stale(directory)
        tmp = directory / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}"
        mode = (st.st_mode & 0o7777) if st is not None else (0o666 & ~_umask())
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), mode)
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, target)
        tmp = None
        if durable:
            dfd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except OSError as e:
        raise WriteError.of("write-failed", msg("cannot write {path}: {value}", path=path, value=e.strerror or e), str(path)) from e
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if lock is not None:
            os.close(lock)  # releases the flock


def _check_unchanged(path: Path, target: Path, expect: bytes | _Absent) -> None:
    try:
        with open(target, "rb") as f:
            # one byte more than expected: a file that only grew is a change too
            now = f.read(len(expect) + 1) if isinstance(expect, bytes) else b""
    except FileNotFoundError:
        now = None
    if isinstance(expect, _Absent):
        if now is not None:
            raise WriteError.of("write-conflict", msg("{path} was created by someone else since this command started; nothing written", path=path), str(path))
    elif now != expect:
        raise WriteError.of("write-conflict", msg("{path} changed since it was read; nothing written", path=path), str(path))


def _write_through(path: Path, target: Path, data: bytes) -> None:
    """Write to a FIFO, device or other special file in place (no temporary file: it
    would replace the special file). Opening a FIFO waits for its reader, as the
    shell's ``>`` does."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as e:
        raise WriteError.of("write-failed", msg("cannot write {path}: {value}", path=path, value=e.strerror or e), str(path)) from None
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    except OSError as e:
        raise WriteError.of("write-failed", msg("cannot write {path}: {value}", path=path, value=e.strerror or e), str(path)) from None
    finally:
        os.close(fd)
