"""Every bound the service keeps, in one place, with the defaults ``lode serve-checks``
documents. A hostile upload meets one of these before it meets a parser: the body is
counted as it streams in, a zip is measured before it is expanded and again while it
is, and each check runs in a worker process under its own memory and CPU limits.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    upload_bytes: int = 20 * MIB          # one file (a single check, the page)
    batch_bytes: int = 512 * MIB          # one batch request (many files or one zip)
    batch_files: int = 20_000             # files in one batch
    zip_entries: int = 20_000             # entries of a zip, directories included
    zip_ratio: int = 100                  # expanded size / packed size of one entry
    zip_expanded: int = 2048 * MIB        # all entries of a zip, expanded
    field_bytes: int = 4096               # a form field that is not a file (pin, lang, retain)
    upload_seconds: float = 120.0         # to receive a whole request body
    check_seconds: float = 30.0           # wall-clock time of one check (the worker is killed after)
    check_cpu_seconds: int = 30           # CPU time of one check (RLIMIT_CPU)
    worker_memory: int = 1024 * MIB       # address space of a worker process (RLIMIT_AS)
    rate_per_minute: int = 60             # anonymous single checks per client; 0 = no limit
    retain_seconds: int = 3600            # a batch's results, unless the batch asks for another period
    retain_max_seconds: int = 7 * 86400


class RateLimiter:
    """A token bucket per client: ``per_minute`` checks, refilled continuously. Kept in
    memory (a restart forgets it), pruned as clients go quiet."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> int:
        """0 if ``client`` may check now (and takes a token), else the seconds to wait."""
        if self.per_minute <= 0:
            return 0
        rate = self.per_minute / 60.0
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - then) * rate)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return max(1, math.ceil((1 - tokens) / rate))
            self._buckets[client] = (tokens - 1, now)
            if len(self._buckets) > 10_000:  # forget full buckets: they are the default
                self._buckets = {k: v for k, v in self._buckets.items() if v[0] < self.per_minute - 1}
            return 0
