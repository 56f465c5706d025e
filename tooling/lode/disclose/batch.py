"""Checking many disclosures: files from folders, in parallel processes (``core/forked.py``)
that inherit the edition's compiled validator from this one (compiled on the first file).

A file that cannot be checked -- rejected input, a pin that does not resolve -- gives
its own verdict and the batch goes on; the caller's exit code reflects the worst.
"""

from __future__ import annotations

import itertools
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..core import forked
from ..core.perf import gc_paused
from ..core.errors import LoadError, LodeError
from .document import SUFFIXES, read_disclosures
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


# Files per job: read in groups (document.read_disclosures), each group's documents checked
# back to back. Reading one file and checking it in turn, each step evicts the other's
# code and data from the processor's caches: a passing JSON file's checks cost about
# twice what they cost run back to back. The more files a group checks in a row, the
# less of the checks' warming up each pays: against 8 at a time, 24 made one process
# 2-7% faster over the bench's mix and `--jobs 2` 4-6%, while reading and validating
# alone gained nothing (2.3% slower); 32 was no better than 24 (tooling/bench/RESULTS.md,
# goal 5). How much input a group holds is bounded by the reader (GROUP_BYTES).
CHUNK = 24


def _chunk(paths: Sequence[Path], root: Path, pins: tuple[str, ...], signers: Path | None) -> list[list[Verdict]]:
    """:func:`check_one` for each of ``paths``: a group's files read first
    (:func:`~.document.read_disclosures`), then each checked."""
    out = []
    for group in read_disclosures(paths):
        for path, d in group:
            if isinstance(d, LoadError):
                out.append([refused(str(path), d)])
                continue
            try:
                out.append(check_all(d, root, pins, signers))
            except LodeError as e:
                out.append([refused(str(path), e)])
    return out


# The collector paused: a batch keeps every verdict, and each full collection walked them
# all again (3% of 10,000 files); checking a file leaves no reference cycle
# (tests/disclose/test_batch_jobs.py counts).
@gc_paused()
def check_many(paths: Sequence[Path], root: Path, pins: str | Sequence[str] | None = None, jobs: int = 1,
               progress: Progress | None = None, allowed_signers: Path | None = None) -> list[Verdict]:
    """Verdicts for ``paths`` in their order, one per pin of each file. ``jobs`` 0 means one
    process per core; ``allowed_signers`` checks the signature of a bundle given as a pin."""
    jobs = jobs or forked.workers()
    files = [p if isinstance(p, Path) else Path(p) for p in paths]  # a Path made again costs 2 µs
    check = partial(_chunk, root=Path(root), pins=(pins,) if isinstance(pins, str) else tuple(pins or ()),
                    signers=Path(allowed_signers) if allowed_signers else None)
    # The first file alone: it resolves the edition, builds its spec and compiled schema
    # and loads the unit registry (pint), once; in parallel, before the fork, so every
    # child inherits them instead of doing the same on its own.
    first = check(files[:1])
    chunks = [files[i:i + CHUNK] for i in range(1, len(files), CHUNK)]
    if jobs == 1 or len(chunks) < 2 or not forked.available():
        return _gather(itertools.chain([first], map(check, chunks)), len(files), progress)
    # This process checks chunks too, and reads the verdicts each child sends in a few
    # messages between its own chunks: verdicts share their edition's fields and
    # completeness tallies, which a message sends once (a message per chunk cost this
    # process more time unpickling than checking; tooling/bench/RESULTS.md, goal 5).
    def finished(count: int) -> None:
        done = min(len(files), 1 + count * CHUNK)
        progress(done, len(files), str(files[done - 1]))  # type: ignore[misc]

    values = forked.run([partial(check, c) for c in chunks], jobs, finished=finished if progress else None)
    return _gather(itertools.chain([first], values), len(files), None)


def _gather(chunks: Iterable[list[list[Verdict]]], total: int, progress: Progress | None) -> list[Verdict]:
    out: list[Verdict] = []
    i = 0
    for chunk in chunks:
        for vs in chunk:
            out += vs
            i += 1
            if progress:
                progress(i, total, vs[0].file)
    return out
