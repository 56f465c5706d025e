"""Batches: many files checked in the background, with a job id to poll for progress,
a summary per pin, the verdicts as ``lode check --format json`` gives them for the same
files, and one receipt over them all.

A batch's files live in its own temporary folder until the last is checked; its
verdicts are kept in memory for the retention period the batch asked for (the
service's default otherwise) and then forgotten. Nothing of a batch is written anywhere
else.
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import LodeError
from ..render.verdict import render_json
from .checks import Checked, Checker
from .uploads import Upload


@dataclass
class Job:
    id: str
    files: list[Upload]
    pins: tuple[str, ...]
    retain: int
    folder: Path
    created: float = field(default_factory=time.time)
    done: int = 0
    results: list[Checked | None] = field(default_factory=list)
    finished: float | None = None
    receipt: bytes | None = None
    error: LodeError | None = None

    @property
    def state(self) -> str:
        return "done" if self.finished is not None else "running"

    def summary(self) -> dict[str, dict[str, int]]:
        """Files per verdict status, per pin (``(none)`` for a file that named none it could use)."""
        out: dict[str, Counter] = {}
        for r in self.results:
            for v in r.verdicts if r is not None else ():
                out.setdefault(v.pin or "(none)", Counter())[v.status] += 1
        return {pin: dict(sorted(c.items())) for pin, c in sorted(out.items())}

    def to_dict(self) -> dict[str, Any]:
        return {"job": self.id, "state": self.state, "total": len(self.files), "done": self.done,
                "pins": list(self.pins), "summary": self.summary(),
                "passed": sum(1 for r in self.results if r is not None and all(v.passed for v in r.verdicts)),
                "retain-seconds": self.retain,
                "expires": None if self.finished is None else round(self.finished + self.retain)}

    def verdicts_json(self) -> str:
        return render_json([v for r in self.results if r is not None for v in r.verdicts])


class Jobs:
    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(max_workers=max(1, checker.pool.size), thread_name_prefix="lode-batch")

    def start(self, files: list[Upload], pins: tuple[str, ...], retain: int, folder: Path) -> Job:
        self.expire()
        job = Job(secrets.token_hex(12), files, pins, retain, folder, results=[None] * len(files))
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job,), name=f"lode-job-{job.id}", daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        n = len(job.files)
        # chunks small enough to keep every worker busy and progress moving, large enough
        # that a worker's round trip is not paid per file
        size = max(1, min(32, n // (4 * self.checker.pool.size)))

        def chunk(start: int) -> None:
            done = self.checker.check_many(job.files[start:start + size], job.pins)
            job.results[start:start + len(done)] = done
            with self._lock:
                job.done += len(done)
        try:
            list(self._threads.map(chunk, range(0, n, size)))
            entries = [r.entry() for r in job.results if r is not None]
            job.receipt = self.checker.receipt("batch", entries)
        except LodeError as e:
            job.error = e
        finally:
            shutil.rmtree(job.folder, ignore_errors=True)  # the files; the verdicts stay for `retain`
            job.finished = time.time()

    def get(self, job_id: str) -> Job:
        self.expire()
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise LodeError.of("not-found", "no such batch (or its retention period is over)", "")
        return job

    def delete(self, job_id: str) -> None:
        job = self.get(job_id)
        with self._lock:
            self._jobs.pop(job.id, None)

    def expire(self) -> None:
        now = time.time()
        with self._lock:
            for k in [k for k, j in self._jobs.items() if j.finished is not None and j.finished + j.retain < now]:
                del self._jobs[k]

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
