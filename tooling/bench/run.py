"""Lode benchmarks (``make bench``; options through ``BENCH_ARGS``; ``make bench-peers``
for the comparison with Doorstop and StrictDoc).

    .venv/bin/python tooling/bench/run.py [--nodes N] [--repeat R] [--only NAME] [--scales 1,10]

Each benchmark is a function registered with ``@benchmark(name)`` (``common.py``), one
module per subject: ``bench_validate.py``, ``bench_diff.py``, ``bench_site.py``,
``bench_serve.py``, ``bench_peers.py``, ``bench_disclosures.py``, ``bench_service.py``. It receives a :class:`common.Context` (options, a
scratch directory, synthetic corpora generated on first use by ``synth.py``), prints
its own table and returns a JSON-able dict; all results go to ``build/bench/results.json``.

Every figure is the median of at least three interleaved rounds with its min-max,
beside a floor or a peer measured in the same rounds, and every table prints the
machine's load average: on this shared machine a figure taken under a load above the
core count is noisy, and the ratios are what to compare across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import bench_diff  # noqa: F401 - each module registers its benchmark
import bench_disclosures  # noqa: F401
import bench_peers  # noqa: F401
import bench_serve  # noqa: F401
import bench_service  # noqa: F401
import bench_site  # noqa: F401
import bench_validate  # noqa: F401
from common import BENCHMARKS, LODE, MIN_RUNS, REPO, Context, load

RESULTS = REPO / "build" / "bench" / "results.json"
DEFAULT = ("validate", "diff", "site", "serve", "disclosures", "service")  # `peers` needs its venv: `make bench-peers`


def _meta(args: argparse.Namespace) -> dict[str, Any]:
    def version(pkg: str) -> str | None:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return None

    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": commit,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "versions": {p: version(p) for p in ("lode", "ruamel.yaml", "ruamel.yaml.clib", "jsonschema", "jsonschema-rs",
                                             "referencing", "pyyaml", "deepdiff", "mkdocs", "mkdocs-material")},
        "load_start": load(),
        "args": vars(args),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Lode benchmarks; results in build/bench/results.json.")
    ap.add_argument("--nodes", type=int, default=10_000, help="nodes in the 1x corpus (default 10000)")
    ap.add_argument("--repeat", type=int, default=MIN_RUNS,
                    help=f"interleaved rounds at 1x; the median and min-max are reported (at least {MIN_RUNS})")
    ap.add_argument("--large-repeat", type=int, default=MIN_RUNS,
                    help=f"interleaved rounds at larger scales (at least {MIN_RUNS})")
    ap.add_argument("--peer-nodes", type=int, default=10_000, help="nodes of the peers' corpus (default 10000)")
    ap.add_argument("--scales", default="1,10", help="corpus sizes as multiples of --nodes (default 1,10)")
    ap.add_argument("--only", metavar="NAME", action="append", choices=sorted(BENCHMARKS),
                    help="run only this benchmark (repeatable): " + ", ".join(sorted(BENCHMARKS)))
    ap.add_argument("--disclosures", type=int, default=10_000,
                    help="generated disclosures for the disclosures benchmark (default 10000)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    ap.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = ap.parse_args(argv)
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    if not scales or min(scales) < 1 or args.repeat < 1 or args.large_repeat < 1 or args.nodes < 1:
        ap.error("--scales, --repeat, --large-repeat and --nodes must be positive")
    if not LODE.exists():
        ap.error(f"{LODE} not found: run through `make bench` (it installs the venv)")
    names = args.only or list(DEFAULT)
    print(f"lode bench: {', '.join(names)}; {load()}", flush=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"meta": _meta(args), "benchmarks": {}}
    with tempfile.TemporaryDirectory(prefix="lode-bench-") as tmp:
        ctx = Context(args.nodes, args.repeat, args.large_repeat, scales, Path(tmp), args.seed, args.peer_nodes,
                      args.disclosures)
        for name in names:
            t = time.perf_counter()
            results["benchmarks"][name] = BENCHMARKS[name].func(ctx)
            results["benchmarks"][name]["elapsed_s"] = time.perf_counter() - t
    results["meta"]["elapsed_s"] = time.perf_counter() - started
    results["meta"]["load_end"] = load()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output} (total {results['meta']['elapsed_s']:.0f}s); {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
