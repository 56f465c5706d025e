"""Independent pieces of one computation run in forked processes, with the result a
serial run gives: each job's value in job order, and if jobs fail, the error of the
first failing job in that order (the one a serial run would have raised).

Fork, not spawn: a job is a closure over what the parent already holds (a loaded corpus,
its diffs), which a forked child inherits without pickling; only each job's value and
the log records it made come back. The parent claims jobs too, so ``workers`` processes
work in all and ``workers - 1`` are children; jobs are claimed in order from a shared
counter (a child that finishes early takes the next), and every child is gone when
:func:`run` returns or raises. A second shared counter counts the jobs finished, so the
parent can show progress for all the processes while it works.

A child sends its values back in a few messages while it works, not in one at the end:
the parent reads each between two of its own jobs, so reading them is shared work
instead of a tail after every job is done (``lode check --jobs 2`` sent 5,000 verdicts
at the end: 80 ms to pickle them and 160 ms to read them, with both processes otherwise
idle; tooling/bench/RESULTS.md, goal 5).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

_JOBS: Sequence[Callable[[], Any]] = ()
_NEXT: Any = None  # the shared counter of the next job to claim (set before the fork)
_DONE: Any = None  # the shared counter of the jobs finished
_PIPE: Any = None  # (read end, write end, lock): the children send their jobs' values and errors
# The values and errors by job index this process has (a child: not sent yet).
_RESULTS: tuple[dict[int, Any], dict[int, BaseException]] = ({}, {})
# Messages each child sends at most: few enough that each carries many values (what
# values share, an edition's fields in every verdict, is pickled once per message).
_MESSAGES = 16


def available() -> bool:
    """Whether this platform can fork (not on Windows): without it everything runs here."""
    return "fork" in multiprocessing.get_all_start_methods()


def workers() -> int:
    """The processors this process may run on (1 where fork is not available)."""
    if not available():
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Collect(logging.Handler):
    """A child's log records, to be handled again by the parent's loggers (a warning
    must reach the parent's handlers: `mkdocs build --strict` counts them there)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # formatted here: the arguments may not pickle
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _claim() -> int | None:
    with _NEXT.get_lock():
        if _NEXT.value >= len(_JOBS):
            return None
        i = _NEXT.value
        _NEXT.value += 1
        return i


def _work(child: bool, finished: Callable[[int], None] | None = None, every: int = 1,
          receive: Callable[[], None] | None = None) -> None:
    """Claim and run jobs until none is left. A failure does not stop the others: the
    error raised is the first in job order, which only running every job can tell. A
    child sends its values and errors every ``every`` jobs; the parent keeps its own
    in ``_RESULTS`` and ``receive``s the children's after each job."""
    done, failed = _RESULTS
    while (i := _claim()) is not None:
        try:
            done[i] = _JOBS[i]()
        except BaseException as e:  # noqa: BLE001 - given back to the parent, which raises it
            failed[i] = e if not child else _picklable(e)
        with _DONE.get_lock():
            _DONE.value += 1
            count = _DONE.value
        if finished is not None:
            finished(count)
        if child and len(done) + len(failed) >= every:
            _send()
        elif receive is not None:
            receive()
    if child:
        _send()


def _send() -> None:
    done, failed = _RESULTS
    if not done and not failed:
        return
    _, pipe, lock = _PIPE
    data = pickle.dumps((done, failed), protocol=pickle.HIGHEST_PROTOCOL)
    with lock:  # one message at a time in the pipe the children share
        pipe.send_bytes(data)
    done.clear()
    failed.clear()


def _picklable(e: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(e))
        return e
    except Exception:  # noqa: BLE001 - an exception whose arguments do not round-trip
        return RuntimeError(f"{type(e).__name__}: {e}")


def _child(every: int) -> list[logging.LogRecord]:
    """A child's work; its log records go back to the parent instead of the inherited handlers."""
    # The read end, inherited: only the parent reads, and a child holding it open would
    # wait for ever on a full pipe after the parent closed its own (the parent failed).
    _PIPE[0].close()
    collect = _Collect()
    for name in ("", "mkdocs"):
        logging.getLogger(name).handlers[:] = [collect]
    _work(child=True, every=every)
    return collect.records


def run(jobs: Sequence[Callable[[], Any]], workers: int, order: Sequence[int] | None = None,
        finished: Callable[[int], None] | None = None) -> list[Any]:
    """Each job's value, in order; ``workers`` processes at most (this one included);
    serially where that is 1 or there is one job. ``order``: the order in which jobs are
    started (the longest first keeps the processes' shares even); a failure is still
    reported as the first in job order would be. ``finished`` is called in this process
    after each job it runs with the number of jobs finished in all processes so far, and
    with their total at the end if it has not said so (progress)."""
    if workers <= 1 or len(jobs) <= 1:
        values = []
        for job in jobs:
            values.append(job())
            if finished is not None:
                finished(len(values))
        return values
    global _JOBS, _NEXT, _DONE, _PIPE, _RESULTS
    said = _Said(finished) if finished is not None else None
    ctx = multiprocessing.get_context("fork")
    order = list(order) if order is not None else list(range(len(jobs)))
    reader, writer = ctx.Pipe(duplex=False)
    _JOBS, _NEXT, _DONE = [jobs[k] for k in order], ctx.Value("i", 0), ctx.Value("i", 0)
    _PIPE, _RESULTS = (reader, writer, ctx.Lock()), ({}, {})
    done, failed = _RESULTS

    def receive() -> None:
        while reader.poll():
            theirs, their_failures = pickle.loads(reader.recv_bytes())
            done.update(theirs)
            failed.update(their_failures)

    # The parent's objects out of the collector's reach while children run: a child's
    # collection would walk every inherited object and copy each page it touches.
    gc.freeze()
    try:
        n = min(workers, len(jobs)) - 1
        every = max(1, len(jobs) // (n * _MESSAGES))
        # Not multiprocessing.Pool: a child that dies (killed for memory) raises here
        # (BrokenProcessPool) instead of leaving the parent waiting for ever.
        with ProcessPoolExecutor(n, mp_context=ctx) as pool:
            children = [pool.submit(_child, every) for _ in range(n)]
            try:
                _work(child=False, finished=said.tell if said else None, receive=receive)
                # The children's last messages, read while waiting: a child blocks on a
                # full pipe until its message is read.
                while len(done) + len(failed) < len(jobs):
                    if reader.poll(0.05):
                        receive()
                    elif all(c.done() for c in children):
                        for c in children:
                            c.result()  # a child that died raises here
                        receive()
                        if len(done) + len(failed) < len(jobs):
                            raise RuntimeError("forked.run: a child ended without sending its jobs' values")
            except BaseException:
                with _NEXT.get_lock():  # no child starts another job
                    _NEXT.value = len(_JOBS)
                reader.close()  # a child blocked on the pipe fails instead of waiting for ever
                raise
            for c in children:
                for record in c.result():
                    logging.getLogger(record.name).handle(record)
        if said and said.last < len(jobs):
            said.tell(len(jobs))
    finally:
        gc.unfreeze()
        _JOBS, _NEXT, _DONE, _PIPE, _RESULTS = (), None, None, None, ({}, {})
        for end in (reader, writer):
            end.close()
    # Indices of the started order back to job order.
    done = {order[i]: v for i, v in done.items()}
    failed = {order[i]: e for i, e in failed.items()}
    if failed:
        raise failed[min(failed)]
    return [done[i] for i in range(len(jobs))]


class _Said:
    """A progress callback that remembers the last count it was given."""

    def __init__(self, finished: Callable[[int], None]) -> None:
        self.finished, self.last = finished, 0

    def tell(self, count: int) -> None:
        self.last = count
        self.finished(count)


_SOLO: Callable[[], Any] | None = None


def _solo() -> tuple[Any, list[logging.LogRecord]]:
    collect = _Collect()
    for name in ("", "mkdocs"):
        logging.getLogger(name).handlers[:] = [collect]
    if _SOLO is None:  # set before the fork: a bug if not
        raise RuntimeError("forked.start: no job in the child")
    try:
        return _SOLO(), collect.records
    except BaseException as e:  # noqa: BLE001 - raised again in the parent
        raise _picklable(e) from None


class Running:
    """One job running in a forked child (:func:`start`) while this process goes on."""

    def __init__(self, job: Callable[[], Any]) -> None:
        global _SOLO
        _SOLO = job
        self._done = False
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        try:
            self._future = self._pool.submit(_solo)  # the child is forked here
        finally:
            _SOLO = None

    def result(self) -> Any:
        """The job's value (waiting for it), its log records handled here; its error raised."""
        try:
            value, records = self._future.result()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._done = True
        for record in records:
            logging.getLogger(record.name).handle(record)
        return value

    def cancel(self) -> None:
        """The child stopped and waited for (this process failed before needing its value)."""
        if self._done:
            return
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):  # noqa: SLF001
            process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._done = True


def start(job: Callable[[], Any]) -> Running:
    """``job`` run in a forked child from now on; :meth:`Running.result` gives its value."""
    return Running(job)
