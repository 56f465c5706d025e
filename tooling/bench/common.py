"""What every benchmark shares: the registry, the context with the synthetic corpora,
interleaved timing, the machine's load, and table output.

Timing rule (issue 17): every figure is the median of at least three runs with its
min-max, and the runs of the things compared are *interleaved* (A1 B1 A2 B2 A3 B3), so
a burst of load from another process on this shared machine lands on both sides of a
ratio instead of on one. ``gc.collect()`` runs before each timed call.
"""

from __future__ import annotations

import gc
import resource
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import synth

REPO = Path(__file__).resolve().parents[2]
LODE = Path(sys.executable).with_name("lode")  # the console script of this venv
MIN_RUNS = 3


# --- registry -------------------------------------------------------------------------------

@dataclass
class Benchmark:
    name: str
    func: Callable[[Context], dict[str, Any]]
    help: str


BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str, help: str = "") -> Callable[[Callable[[Context], dict[str, Any]]], Callable]:
    """Register ``func(ctx) -> dict`` as the benchmark ``name``."""
    def register(func: Callable[[Context], dict[str, Any]]) -> Callable:
        if name in BENCHMARKS:
            raise ValueError(f"benchmark {name!r} registered twice")
        BENCHMARKS[name] = Benchmark(name, func, help or (func.__doc__ or "").strip().split("\n")[0])
        return func
    return register


@dataclass
class Context:
    nodes: int           # the 1x corpus size
    repeat: int          # interleaved rounds at 1x
    large_repeat: int    # interleaved rounds at larger scales
    scales: list[int]
    tmp: Path
    seed: int = 0
    peer_nodes: int = 10_000
    disclosures: int = 10_000
    _corpora: dict[int, synth.Corpus] = field(default_factory=dict)
    generate_s: dict[int, float] = field(default_factory=dict)

    def runs(self, scale: int) -> int:
        return max(MIN_RUNS, self.repeat if scale == 1 else self.large_repeat)

    def corpus(self, scale: int) -> synth.Corpus:
        """The synthetic corpus of ``scale * nodes`` nodes (generated once, then reused).
        Benchmarks that modify it must call :meth:`discard` afterwards."""
        if scale not in self._corpora:
            s, e, n = synth.plan(scale * self.nodes)
            t = time.perf_counter()
            self._corpora[scale] = synth.generate(self.tmp / f"corpus-{scale}x", s, e, n, seed=self.seed)
            self.generate_s[scale] = time.perf_counter() - t
        return self._corpora[scale]

    def discard(self, scale: int) -> None:
        c = self._corpora.pop(scale, None)
        if c is not None:
            rmtree(c.root)


def rmtree(p: Path) -> None:
    shutil.rmtree(p, ignore_errors=True)


# --- timing -----------------------------------------------------------------------------------

def stat(runs: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(runs), "min": min(runs), "max": max(runs), "runs": list(runs)}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def interleaved(rounds: int, fns: dict[str, Callable[[int], Any]],
                checks: dict[str, Callable[[Any], None]] | None = None) -> dict[str, dict[str, Any]]:
    """Run every ``fns[name](round)`` once per round, in turn, ``rounds`` times; the
    median and min-max of each. A function may return ``(seconds, out)`` from a
    :class:`Measured` wrapper to time only part of its work (``cmd`` does)."""
    runs: dict[str, list[float]] = {k: [] for k in fns}
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    for r in range(max(MIN_RUNS, rounds)):
        for name, fn in fns.items():
            s, out = timed(lambda: fn(r))
            if isinstance(out, Measured):
                if out.cpu is not None:
                    cpu[name].append(out.cpu)
                s, out = out.seconds, out.value
            if checks and name in checks:
                checks[name](out)
            del out
            runs[name].append(s)
    # A subprocess's CPU time (user + sys), where the function measured one: on a shared
    # machine it moves far less with the load than the wall clock does.
    return {k: {**stat(v), **({"cpu": stat(cpu[k])} if len(cpu[k]) == len(v) else {})} for k, v in runs.items()}


def round_ratios(num: dict[str, Any], den: dict[str, Any]) -> dict[str, Any]:
    """``num / den`` round by round (each round's two figures measured side by side, under
    the same load): median and min-max, as :func:`stat`."""
    return stat([a / b for a, b in zip(num["runs"], den["runs"])])


def fmt_ratio(s: dict[str, Any], digits: int = 2) -> str:
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


@dataclass
class Measured:
    """A result that carries its own timing (work done before or after it is not counted)."""
    seconds: float
    value: Any = None
    cpu: float | None = None  # user + sys seconds of the subprocess measured, if one was


def cmd(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None,
        ok: Callable[[subprocess.CompletedProcess], bool] = lambda p: p.returncode == 0) -> Measured:
    """Wall clock and CPU time (user + sys, its children included) of one subprocess
    (start-up included); fails loudly."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd)
    s = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not ok(p):
        raise AssertionError(f"{' '.join(map(str, args))} exited {p.returncode}:\nstdout: {p.stdout[-800:]}\n"
                             f"stderr: {p.stderr[-1500:]}")
    return Measured(s, p, cpu)


def load() -> str:
    """The machine's load: a figure taken under a load above the core count is noisy."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


# --- output -------------------------------------------------------------------------------------

def fmt_s(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}s"


def fmt_x(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def fmt_stat(s: dict[str, Any] | None) -> str:
    """``median (min–max)``, in seconds."""
    if s is None:
        return "—"
    return f"{s['median']:.3f}s ({s['min']:.3f}–{s['max']:.3f})"


def print_table(title: str, header: list[str], rows: list[list[str]], notes: list[str] = ()) -> None:
    widths = [max(len(r[i]) if i < len(r) else 0 for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))  # noqa: E731
    print(f"\n{title}  [{load()}]")
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r) if any(r[1:]) else r[0])
    for n in notes:
        print(f"  {n}")
    sys.stdout.flush()


def progress(msg: str) -> None:
    print(f"{msg}  [{load()}]", file=sys.stderr, flush=True)
