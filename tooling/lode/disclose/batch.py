"""Checking many disclosures: files from folders, in parallel processes (``core/forked.py``)
that inherit the edition's compiled validator from this one (compiled on the first file).

A file that cannot be checked -- rejected input, a pin that does not resolve -- gives
its own verdict and the batch goes on; the caller's exit code reflects the worst.
"""

from __future__ import annotations

import itertools
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..core import forked
from ..core.errors import LoadError, LodeError
from .disclosure import Disclosure
from .document import SUFFIXES, read_disclosure
from .run import check_all, check_path, refused
from .verdict import Verdict

Progress = Callable[[int, int, str], None]


def collect(paths: Iterable[Path]) -> list[Path]:
    """The disclosure files named, folders searched recursively (sorted, hidden files skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()
                          and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            out.append(p)
    return out


def check_one(path: Path, root: Path, pins: Sequence[str] = (), display: str | None = None,
              allowed_signers: Path | None = None) -> list[Verdict]:
    """The verdicts on one file of a batch, one per pin (``lode check`` and the checking
    service): a file that cannot be checked gets a refused verdict instead of raising.
    ``display`` is the name the verdicts give the file (default: ``path``)."""
    display = display or str(path)
    try:
        return check_path(Path(path), Path(root), pins, display=display, allowed_signers=allowed_signers)
    except LodeError as e:
        return [refused(display, e)]


# Files read, then checked, this many at a time. Reading one file and checking it in
# turn, each step evicts the other's code and data from the processor's caches: a passing
# JSON file's checks cost about twice what they cost run back to back (measured: 88 µs
# against 43 beyond the read, per file). More files at a time hold more read documents
# while they are checked, and a YAML file's (every position recorded) stop fitting the
# caches: over the bench's mix, 8 at a time is 4% faster than 32 (tooling/bench/RESULTS.md,
# goal 5).
CHUNK = 8

_Work = tuple[Path, Path, tuple[str, ...], Path | None]  # file, root, pins, allowed signers


def _chunk(work: Sequence[_Work]) -> list[list[Verdict]]:
    """:func:`check_one` for each file of ``work``: every file read first, then each checked."""
    read: list[Disclosure | Verdict] = []
    for path, _, _, _ in work:
        try:
            read.append(read_disclosure(path))
        except LoadError as e:
            read.append(refused(str(path), e))
    out = []
    for (path, root, pins, signers), d in zip(work, read):
        if isinstance(d, Verdict):
            out.append([d])
            continue
        try:
            out.append(check_all(d, root, pins, signers))
        except LodeError as e:
            out.append([refused(str(path), e)])
    return out


def check_many(paths: Sequence[Path], root: Path, pins: str | Sequence[str] | None = None, jobs: int = 1,
               progress: Progress | None = None, allowed_signers: Path | None = None) -> list[Verdict]:
    """Verdicts for ``paths`` in their order, one per pin of each file. ``jobs`` 0 means one
    process per core; ``allowed_signers`` checks the signature of a bundle given as a pin."""
    jobs = jobs or forked.workers()
    pins = (pins,) if isinstance(pins, str) else tuple(pins or ())
    root = Path(root)
    signers = Path(allowed_signers) if allowed_signers else None
    work = [(Path(p), root, pins, signers) for p in paths]
    # The first file alone: it resolves the edition, builds its spec and compiled schema
    # and loads the unit registry (pint), once; in parallel, before the fork, so every
    # child inherits them instead of doing the same on its own.
    first = _chunk(work[:1])
    chunks = _split(work, CHUNK)
    if jobs == 1 or len(chunks) < 2 or forked.workers() == 1:  # one chunk, or no fork here
        return _gather(itertools.chain([first], map(_chunk, chunks)), work, progress)
    # This process checks chunks too, and each child sends its verdicts back once, at the
    # end, in one message: verdicts share their edition's fields and completeness tallies,
    # which one message sends once (a message per chunk cost this process more time
    # unpickling than checking; tooling/bench/RESULTS.md, goal 5).
    def finished(count: int) -> None:
        done = min(len(work), 1 + count * CHUNK)
        progress(done, len(work), str(work[done - 1][0]))  # type: ignore[misc]

    values = forked.run([partial(_chunk, c) for c in chunks], jobs, finished=finished if progress else None)
    return _gather(itertools.chain([first], values), work, None)


def _split(work: list[_Work], size: int) -> list[list[_Work]]:
    """``work`` after its first file, ``size`` files at a time."""
    return [work[i:i + size] for i in range(1, len(work), size)]


def _gather(chunks: Iterable[list[list[Verdict]]], work: list[_Work], progress: Progress | None) -> list[Verdict]:
    out: list[Verdict] = []
    i = 0
    for chunk in chunks:
        for vs in chunk:
            out += vs
            i += 1
            if progress:
                progress(i, len(work), vs[0].file)
    return out
