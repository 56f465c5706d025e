"""A pool of worker processes, one check at a time each, so that one hostile file can
stop or slow only the worker it runs in.

Why not ``concurrent.futures.ProcessPoolExecutor``: when one of its workers dies, the
whole pool is broken and every check in flight fails with it. Here each worker has its
own pipe; a worker that overruns its time is killed, one that dies (memory, SIGXCPU) is
noticed, and either is replaced by a fresh one before the next check, while the other
workers go on. Workers come from a fork server that has the checker imported: a
replacement starts in milliseconds, and no worker is forked from the server's threads.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass
from typing import Any

from ..core.errors import LodeError
from . import worker
from .limits import Limits

_START_SECONDS = 120.0  # a new worker imports nothing (the fork server did) but warms the editions


@dataclass
class _Worker:
    process: Any
    conn: Any

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        except (OSError, ValueError):
            pass
        self.conn.close()


class WorkerPool:
    def __init__(self, size: int, limits: Limits, root: str, pins: list[str]) -> None:
        self.size = max(1, size)
        self.limits = limits
        self._args = (limits.worker_memory, limits.check_cpu_seconds, root, list(pins))
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["lode.service.worker"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self.replaced = 0
        self._closed = False
        starting = [self._spawn() for _ in range(self.size)]  # they warm up side by side
        for w in starting:
            try:
                self._ready(w)
            except RuntimeError:
                w = self._fresh()
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=worker.serve, args=(child, *self._args), daemon=True, name="lode-check")
        p.start()
        child.close()
        return _Worker(p, parent)

    def _ready(self, w: _Worker) -> None:
        try:
            ready = w.conn.poll(_START_SECONDS) and w.conn.recv()[0] == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            w.kill()
            raise RuntimeError("a check worker did not start")

    def _fresh(self) -> _Worker:
        for _ in range(3):
            w = self._spawn()
            try:
                self._ready(w)
                return w
            except RuntimeError:
                continue
        raise RuntimeError("no check worker could be started")

    def run(self, task: worker.Task) -> worker.Outcome:
        """Check ``task`` in the next free worker (blocking; call it from a thread).
        LodeError ``check-timeout`` or ``check-resources`` when the worker had to go."""
        return self._run(task, task.display, 1)

    def run_many(self, tasks: list[worker.Task]) -> list[worker.Outcome]:
        """Check ``tasks`` in one worker, in one round trip, within the time of as many
        checks. A refusal means some file of the chunk overran: the caller checks them
        one by one to find it (the others still get their verdicts)."""
        return self._run(list(tasks), f"{len(tasks)} files", len(tasks))

    def _run(self, task: Any, display: str, count: int) -> Any:
        w = self._idle.get()
        healthy = False
        try:
            try:
                w.conn.send(task)
                finished = w.conn.poll(self.limits.check_seconds * count)
                kind, value = w.conn.recv() if finished else ("timeout", None)
            except (EOFError, OSError):  # the worker died under the check (SIGXCPU, the kernel)
                kind, value = "died", None
            healthy = kind in ("ok", "error")
            if kind == "ok":
                return value
            if kind == "error":
                raise RuntimeError(f"the check failed: {value}")  # a bug: the app answers 500, coded
            if kind == "timeout":
                raise LodeError.of("check-timeout", f"the check did not finish within "
                                   f"{self.limits.check_seconds * count:g} s and was stopped", display)
            raise LodeError.of("check-resources", "the check used more memory or CPU time than one check may "
                               f"(up to {self.limits.worker_memory // (1024 * 1024)} MiB, "
                               f"{self.limits.check_cpu_seconds} s) and was stopped", display)
        finally:
            self._give_back(w, healthy)

    def _give_back(self, w: _Worker, healthy: bool) -> None:
        """Return a worker to the pool; one that overran or died is killed and a fresh
        one takes its place, so the pool keeps its size."""
        if self._closed:
            w.kill()
            return
        if not healthy:
            w.kill()
            with self._lock:
                self.replaced += 1
            w = self._fresh()
        self._idle.put(w)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                return
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.kill()
