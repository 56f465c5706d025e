"""Run-time settings that keep whole-corpus work linear, and records that cross
processes cheaply."""

from __future__ import annotations

import gc
import operator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any, Iterator, TypeVar

T = TypeVar("T")


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


def pickled_by_fields(cls: type[T]) -> type[T]:
    """A slotted dataclass pickled as its fields in one tuple, read in C, and rebuilt by
    its constructor. Its own state goes through ``fields()`` in Python, each way: most of
    the time pickling a verdict or a finding took, and they cross processes in their
    thousands (``lode check --jobs``; tooling/bench/RESULTS.md, goal 5)."""
    get = operator.attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return (cls, get(self))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls
