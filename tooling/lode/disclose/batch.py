"""Checking many disclosures: files from folders, in parallel processes, each with its
own compiled validator (compiled on its first file, reused for the rest).

A file that cannot be checked -- rejected input, a pin that does not resolve -- gives
its own verdict and the batch goes on; the caller's exit code reflects the worst.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..core.errors import LodeError
from .document import SUFFIXES
from .run import check_path, refused
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


def _one(args: tuple[str, str, tuple[str, ...], str | None]) -> list[Verdict]:
    path, root, pins, signers = args
    return check_one(Path(path), Path(root), pins, display=path, allowed_signers=Path(signers) if signers else None)


def check_many(paths: Sequence[Path], root: Path, pins: str | Sequence[str] | None = None, jobs: int = 1,
               progress: Progress | None = None, allowed_signers: Path | None = None) -> list[Verdict]:
    """Verdicts for ``paths`` in their order, one per pin of each file. ``jobs`` 0 means one
    process per core; ``allowed_signers`` checks the signature of a bundle given as a pin."""
    jobs = jobs or os.cpu_count() or 1
    pins = (pins,) if isinstance(pins, str) else tuple(pins or ())
    signers = str(allowed_signers) if allowed_signers else None
    work = [(str(p), str(root), pins, signers) for p in paths]
    results: Iterator[list[Verdict]]
    if jobs == 1 or len(work) < 2 * jobs:
        results = map(_one, work)
        return _gather(results, work, progress)
    # fork keeps start-up cheap. The first file is checked here, before the fork: it
    # resolves the edition, builds its spec and compiled schema and loads the unit registry
    # (pint), once, and every child inherits them instead of doing the same on its own.
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    first = _one(work[0])
    # The parent's objects frozen out of the collector's reach before the fork: a child's
    # collections would otherwise walk every inherited object, and each page they touch is
    # copied (copy on write). Unfrozen once the children are gone.
    gc.freeze()
    try:
        with ctx.Pool(jobs) as pool:
            rest = pool.imap(_one, work[1:], chunksize=max(1, min(64, len(work) // (jobs * 8) or 1)))
            return _gather(itertools.chain([first], rest), work, progress)
    finally:
        gc.unfreeze()


def _gather(results: Iterable[list[Verdict]], work: list, progress: Progress | None) -> list[Verdict]:
    out: list[Verdict] = []
    for i, vs in enumerate(results, 1):
        out += vs
        if progress:
            progress(i, len(work), vs[0].file)
    return out
