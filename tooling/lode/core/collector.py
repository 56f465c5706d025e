"""The cyclic garbage collector paused while a batch runs (``lode check`` on many files).

A batch keeps every verdict until it ends, and each collection of the oldest generation
walks all of them again: at 10,000 files two such collections were 3% of the batch, the
collector 4% in all (tooling/bench/RESULTS.md, goal 5). Checking a file makes no cyclic
garbage (``tests/disclose/test_batch_jobs.py`` runs a batch of passing, failing and
refused files and finds none), so reference counting frees everything a file leaves
and pausing the collector loses nothing. Nested or concurrent batches share one pause:
the collector is enabled again when the last ends, if it was enabled when the first began.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off within the block (and on again after, if it was on before)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
