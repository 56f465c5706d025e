"""The worker side of the pool: one process that checks one file at a time, under
resource limits set before it reads anything a client sent.

Limits, and why each: ``RLIMIT_AS`` bounds memory (a decompression bomb inside a
workbook raises MemoryError here, not in the server); ``RLIMIT_CPU`` is moved up before
each check to "CPU used so far + the per-check budget", so a long-lived worker is never
killed for the work of earlier checks but a runaway one is (SIGXCPU); ``RLIMIT_FSIZE`` 0
because a check writes no file; ``RLIMIT_NOFILE`` small because a check opens a few.
The pool kills a worker that overruns its wall-clock time and starts another.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import LodeError
from ..disclose.batch import check_one
from ..disclose.index import indexes, markdown
from ..disclose.run import target

# imported once in the fork server, so a new worker starts with the checker loaded
__all__ = ["Task", "Outcome", "serve"]


@dataclass(frozen=True)
class Task:
    path: str          # the uploaded file, inside the request's own folder
    display: str       # the name the verdict gives it (the client's file name)
    root: str          # the repository, or the folder of bundles
    pins: tuple[str, ...] = ()  # as `lode check --pin`; none: the file's own
    index: str | None = None    # also make the content index in this language if every pin passes


@dataclass(frozen=True)
class Outcome:
    verdicts: list[Any]          # disclose.verdict.Verdict, one per pin
    index: str | None = None     # the content index as Markdown, for a passing disclosure


def limit(memory: int, files: int = 64) -> None:
    """Set this process's limits (the pool's initializer)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(files, hard if hard > 0 else files), hard))


def _cpu_budget(seconds: int) -> None:
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = spent + seconds + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def run(task: Task) -> Outcome:
    vs = check_one(Path(task.path), Path(task.root), task.pins, display=task.display)
    index = None
    if task.index and all(v.passed for v in vs):
        try:
            index = markdown(indexes(Path(task.path), Path(task.root), task.pins, display=task.display), task.index)
        except LodeError:
            index = None
    return Outcome(vs, index)


def warm(root: str, pins: list[str]) -> None:
    """Resolve and compile the served editions before the first check needs them."""
    from ..disclose.schema import compiled

    for pin in pins:
        try:
            t = target(Path(root), pin)
            compiled(t.spec, t.digest)
        except LodeError:
            continue  # a release that no longer resolves: its checks will say so


def serve(conn: Any, memory: int, cpu_seconds: int, root: str, pins: list[str]) -> None:
    """The worker's loop: receive a Task (or a list of them), send back ("ok", Outcome or
    a list of them) or ("error", text).
    After a MemoryError the worker answers and exits: its heap is not to be trusted."""
    limit(memory)
    warm(root, pins)
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        many = isinstance(task, list)  # a chunk of a batch: one round trip for many files
        _cpu_budget(cpu_seconds * (len(task) if many else 1))
        try:
            conn.send(("ok", [run(t) for t in task] if many else run(task)))
        except MemoryError:
            conn.send(("memory", None))
            return
        except Exception as e:  # noqa: BLE001 - a bug in a check: answer, stay up, never hang the caller
            conn.send(("error", f"{type(e).__name__}: {e}"))
