"""Writing files without ever leaving a half-written one (reliability.md R-ATOMIC)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import WriteError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory,
    fsync, ``os.replace`` and a directory fsync. On failure the original is untouched."""
    path = Path(path)
    directory = path.parent
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
        tmp = None
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError as e:
        raise WriteError.of("write-failed", f"cannot write {path}: {e.strerror or e}", str(path)) from e
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
