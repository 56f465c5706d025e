"""Run-time settings that keep whole-corpus work linear."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, restoring the caller's setting after.

    Loading, validating and diffing allocate millions of long-lived, acyclic objects; the
    collector would rescan them over and over (measured: 20-28% of a cold validate, and
    the reason its cost grew 12.5x for 10x the data). Nothing we build has cycles, so
    reference counting frees it all.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
