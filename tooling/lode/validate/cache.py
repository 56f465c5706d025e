"""A content-addressed cache of per-file results (parse + schema findings).

An unchanged file is never parsed twice: the key is the sha256 of the file's bytes
plus a fingerprint of everything that influences the result (the source of the
modules that load and check files, the schemas, the Python version). Entries are
``marshal`` payloads prefixed with their own sha256, so a truncated or corrupted
entry is ignored rather than trusted; they are written atomically. The cache lives
outside the repository (``$LODE_CACHE_DIR``, else ``$XDG_CACHE_HOME/lode``, else
``~/.cache/lode``), so a check never writes into the user's tree.

Finding a file's key means reading and hashing it: at 100,000 nodes (115 MB) that was
most of a one-file re-run. A :class:`StatIndex` remembers, per repository, each file's
``lstat`` signature and key, as git's index does, so an unchanged file is not even
read; a file modified in the last seconds is never trusted to it (git's "racy" case: a
second write within the timestamp's resolution would keep the signature).

``marshal`` rather than JSON: positions are keyed by path tuples, which JSON cannot
key, and unmarshalling is several times faster than ``json.loads`` on the same data.
It is only ever read from this cache directory, whose entries carry a checksum.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

from .. import PACKAGE_DIR, __version__
from ..core.fsutil import WriteError, write_atomic

_FORMAT = 3


def default_dir() -> Path:
    env = os.environ.get("LODE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "lode"


@cache
def tool_fingerprint() -> str:
    """Changes whenever a result could change: any of Lode's own modules, in every
    subpackage (hashing them all costs about a millisecond and can never miss one), the
    schemas, the Python version."""
    from ..read import schemas

    h = hashlib.sha256(f"{_FORMAT}:{__version__}:{sys.version_info[:2]}:{schemas.digest()}".encode())
    for module in sorted(PACKAGE_DIR.rglob("*.py")):  # every subpackage, at any depth
        h.update(module.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    def __init__(self, directory: Path):
        self.dir = Path(directory)

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / key

    @staticmethod
    def key(content: bytes, kind: str) -> str:
        return hashlib.sha256(b"%s\0%s\0" % (tool_fingerprint().encode(), kind.encode()) + content).hexdigest()

    def get(self, key: str) -> Any | None:
        try:
            blob = self._path(key).read_bytes()
        except OSError:
            return None
        digest, payload = blob[:32], blob[32:]
        if hashlib.sha256(payload).digest() != digest:
            return None
        try:
            return marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store a value; a cache that cannot be written is silently skipped
        (it only costs speed, never correctness). Without fsync: an entry a crash cut
        short fails its checksum and is made again."""
        payload = marshal.dumps(value)
        try:
            write_atomic(self._path(key), hashlib.sha256(payload).digest() + payload, durable=False)
        except WriteError:
            pass


Signature = tuple[int, int, int, int, int]


class StatIndex:
    """File -> (lstat signature, cache key) for one repository root, kept in the cache."""

    # A file changed this recently (mtime or ctime) is read and hashed, never indexed.
    SETTLE_NS = 2_000_000_000

    def __init__(self, cache: Cache, root: Path):
        self.cache = cache
        self.key = hashlib.sha256(f"stat-index\0{tool_fingerprint()}\0{Path(root).resolve()}".encode()).hexdigest()
        old = cache.get(self.key)
        self.old: dict[tuple[str, str], tuple[Signature, str]] = old if isinstance(old, dict) else {}
        self.new: dict[tuple[str, str], tuple[Signature, str]] = {}

    @staticmethod
    def signature(path: Path) -> Signature | None:
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):  # a symlink's own stat says nothing of its target
            return None
        return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev

    def lookup(self, path: Path, kind: str, sig: Signature | None) -> str | None:
        """The cache key of ``path`` if its signature is the one indexed, else None."""
        entry = self.old.get((str(path), kind))
        return entry[1] if sig is not None and entry is not None and tuple(entry[0]) == sig else None

    def record(self, path: Path, kind: str, sig: Signature | None, key: str) -> None:
        if sig is not None and time.time_ns() - max(sig[1], sig[2]) > self.SETTLE_NS:
            self.new[(str(path), kind)] = (sig, key)

    def save(self) -> None:
        """Keep the signatures of this run's files (only those: the index stays the size
        of the repository)."""
        if self.new != self.old:
            self.cache.put(self.key, self.new)
