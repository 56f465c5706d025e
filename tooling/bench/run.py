"""Lode benchmarks (``make bench``; options through ``BENCH_ARGS``).

    .venv/bin/python tooling/bench/run.py [--nodes N] [--repeat R] [--only NAME] [--scales 1,10]

Each benchmark is a function registered with ``@benchmark(name)``. It receives a
:class:`Context` (options, a scratch directory, synthetic corpora generated on first
use by ``synth.py`` and shared between benchmarks), prints its own table and returns
a JSON-able dict. All results go to ``build/bench/results.json``. To add a benchmark
(diff, site build), write one more decorated function.

Timing: ``time.perf_counter`` around one call, ``gc.collect()`` before each run, the
median of ``--repeat`` runs at 1x and of ``--large-repeat`` runs (default 1) at larger
scales, so ``make bench`` stays within a few minutes on a 2-core machine. Subprocess
figures are wall clock of one run, start-up included. The machine is noisy: compare
the ratios in a table rather than absolute seconds across runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import synth

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "build" / "bench" / "results.json"
LODE = Path(sys.executable).with_name("lode")  # the console script of this venv


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
    repeat: int          # runs at 1x
    large_repeat: int    # runs at larger scales
    scales: list[int]
    tmp: Path
    seed: int = 0
    _corpora: dict[int, synth.Corpus] = field(default_factory=dict)
    generate_s: dict[int, float] = field(default_factory=dict)

    def runs(self, scale: int) -> int:
        return self.repeat if scale == 1 else self.large_repeat

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
            _rmtree(c.root)


def _rmtree(p: Path) -> None:
    import shutil
    shutil.rmtree(p, ignore_errors=True)


# --- timing helpers ----------------------------------------------------------------------------

def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def median_of(n: int, fn: Callable[[], Any], check: Callable[[Any], None] | None = None) -> dict[str, Any]:
    runs = []
    for _ in range(n):
        s, out = timed(fn)
        if check:
            check(out)
        del out
        runs.append(s)
    return {"median": statistics.median(runs), "runs": runs}


def run_cli(args: list[str], env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess]:
    full_env = {**os.environ, **(env or {})}
    t = time.perf_counter()
    p = subprocess.run([str(LODE), *args], capture_output=True, text=True, env=full_env)
    return time.perf_counter() - t, p


# --- output -------------------------------------------------------------------------------------

def fmt_s(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}s"


def fmt_x(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def print_table(title: str, header: list[str], rows: list[list[str]], notes: list[str] = ()) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
    print(f"\n{title}")
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r) if r[1:] else r[0])
    for n in notes:
        print(f"  {n}")
    sys.stdout.flush()


# --- benchmark: validate ----------------------------------------------------------------------

def _no_errors(report: Any) -> None:
    counts = report.counts()
    if counts["error"]:
        first = [f"{f.path}:{f.line}:{f.col} {f.code} {f.message}"
                 for f in report.findings if f.severity.value == "error"]
        raise AssertionError(f"the synthetic corpus has {counts['error']} error finding(s), so this benchmark "
                             f"would measure the wrong thing; first: {first[:3]}")


def _cli_ok(p: subprocess.CompletedProcess, what: str) -> None:
    if p.returncode != 0 or "0 errors" not in p.stdout:
        raise AssertionError(f"{what}: lode exited {p.returncode}; stdout tail: {p.stdout[-500:]!r}; "
                             f"stderr: {p.stderr[-500:]!r}")


def _floor(files: list[tuple[bytes, str]]) -> tuple[float, float, float]:
    """One pass of the floor: ruamel's C safe load of every file, then python-jsonschema
    with Lode's own compiled validators on the loaded data; (parse s, schema s, rs s).

    Lode itself gives the verdict with jsonschema-rs (``schemas.fast_validator``) and
    runs python-jsonschema only on failing files, so the same data is also checked with
    jsonschema-rs, timed separately (the third figure)."""
    from _ruamel_yaml import CParser
    from lode.read import schemas
    from ruamel.yaml import YAML

    validators = {k: schemas.validator(k) for k in schemas.KINDS}
    fast = {k: schemas.fast_validator(k) for k in schemas.KINDS}
    safe_loader = YAML(typ="safe")  # ruamel's safe mode: no tags, no code; the floor to beat
    assert safe_loader.Parser is CParser, "ruamel.yaml is not using its C parser: the floor would be the pure-Python one"
    parse = schema = rs = 0.0
    gc.collect()
    for content, kind in files:
        t0 = time.perf_counter()
        data = safe_loader.load(content)
        t1 = time.perf_counter()
        errors = list(validators[kind].iter_errors(data))
        t2 = time.perf_counter()
        ok = fast[kind].is_valid(data)
        t3 = time.perf_counter()
        assert not errors and ok, f"floor: the synthetic corpus fails its schema: {errors[:1]}, rs valid: {ok}"
        parse += t1 - t0
        schema += t2 - t1
        rs += t3 - t2
        del data
    return parse, schema, rs


@benchmark("validate", "cold, floor, scaling and cached (drafter's loop) lode validate")
def bench_validate(ctx: Context) -> dict[str, Any]:
    """`lode validate` cold vs the parse + schema floor, 1x vs 10x, and with the cache."""
    from lode.read import loader, schemas
    from lode.validate.cache import Cache
    from lode.validate.run import discover, validate
    from ruamel.yaml import YAML

    for k in schemas.KINDS:  # compile once, outside every timing (the CLI pays it in its wall clock)
        schemas.validator(k)
        schemas.fast_validator(k)
    startup, p = run_cli(["--version"])  # interpreter start-up + imports of the CLI
    assert p.returncode == 0, p.stderr
    per_scale: dict[int, dict[str, Any]] = {}
    for scale in ctx.scales:
        n = ctx.runs(scale)
        corpus = ctx.corpus(scale)
        root = corpus.root
        print(f"validate {scale}x: {corpus.nodes:,} nodes ({corpus.standards} standards x {corpus.editions} editions "
              f"x {corpus.nodes_per_edition}), {len(corpus.files)} files, {corpus.bytes / 1e6:.1f} MB; "
              f"{n} run(s) each ...", file=sys.stderr, flush=True)
        r: dict[str, Any] = {
            "nodes": corpus.nodes, "files": len(corpus.files), "bytes": corpus.bytes,
            "largest_file_bytes": corpus.largest, "standards": corpus.standards, "editions": corpus.editions,
            "nodes_per_edition": corpus.nodes_per_edition, "runs": n,
            "generate_s": ctx.generate_s.get(scale),
        }

        # Cold, in-process; the progress callback splits per-file work from the cross-file checks.
        marks: list[float] = []
        splits: list[tuple[float, float]] = []

        def cold() -> Any:
            marks.clear()
            t = time.perf_counter()
            rep = validate(root, cache=None, progress=lambda *_: marks.append(time.perf_counter()))
            end = time.perf_counter()
            splits.append((marks[-1] - t, end - marks[-1]))
            return rep

        counts: list[dict[str, int]] = []

        def check(rep: Any) -> None:
            _no_errors(rep)
            counts.append(rep.counts())

        r["cold"] = median_of(n, cold, check)
        runs = r["cold"]["runs"]
        i = min(range(n), key=lambda j: abs(runs[j] - r["cold"]["median"]))
        r["cold_files_s"], r["cold_cross_file_s"] = splits[i]
        r["findings"] = counts[0]

        # Cold, CLI subprocess (interpreter start-up and imports included).
        s, p = run_cli(["validate", "--no-cache", "--root", str(root)])
        _cli_ok(p, "cold CLI")
        r["cli_cold_s"] = s

        # The floor, on the same bytes (read beforehand; reading is not parsing).
        files = [(path.read_bytes(), kind) for path, kind in discover(root)[0]]
        first = next(c for c, k in files if k == "edition")
        assert YAML(typ="safe").load(first) == loader.load_bytes(first, "x").data, \
            "the floor's data differs from Lode's: it would validate something else"
        passes = [_floor(files) for _ in range(n)]
        del files
        stat = lambda xs: {"median": statistics.median(xs), "runs": list(xs)}  # noqa: E731
        r["floor_parse"] = stat([p_ for p_, _, _ in passes])
        r["floor_schema"] = stat([s_ for _, s_, _ in passes])
        r["floor_total"] = stat([p_ + s_ for p_, s_, _ in passes])
        r["floor_schema_rs"] = stat([rs for _, _, rs in passes])
        r["floor_total_rs"] = stat([p_ + rs for p_, _, rs in passes])
        r["ratio_cold_floor"] = r["cold"]["median"] / r["floor_total"]["median"]
        r["ratio_cold_floor_rs"] = r["cold"]["median"] / r["floor_total_rs"]["median"]
        r["cold_us_per_node"] = 1e6 * r["cold"]["median"] / corpus.nodes

        # With the cache: fill, unchanged re-run, then the drafter's loop (one clause edited).
        cache_dir = ctx.tmp / f"cache-{scale}x"
        cache = Cache(cache_dir)
        r["cache_fill_s"], rep = timed(lambda: validate(root, cache=cache))
        _no_errors(rep)
        del rep
        r["warm"] = median_of(n, lambda: validate(root, cache=cache), _no_errors)
        env = {"LODE_CACHE_DIR": str(cache_dir)}
        s, p = run_cli(["validate", "--root", str(root)], env)
        _cli_ok(p, "warm CLI")
        r["cli_warm_s"] = s
        edited: list[str] = []

        def edit_and_validate(seed: int) -> Callable[[], Any]:
            edited.append(str(synth.edit_clause(root, seed=seed).relative_to(root)))
            return lambda: validate(root, cache=cache)

        runs = []
        for k in range(n):
            fn = edit_and_validate(k)
            s, rep = timed(fn)
            _no_errors(rep)
            del rep
            runs.append(s)
        r["edit"] = {"median": statistics.median(runs), "runs": runs}
        edited.append(str(synth.edit_clause(root, seed=1000).relative_to(root)))
        s, p = run_cli(["validate", "--root", str(root)], env)
        _cli_ok(p, "edited CLI")
        r["cli_edit_s"] = s
        r["edited_files"] = edited
        r["cache_bytes"] = sum(f.stat().st_size for f in cache_dir.rglob("*") if f.is_file())
        ctx.discard(scale)  # edited: not the generated corpus any more
        _rmtree(cache_dir)
        per_scale[scale] = r
        gc.collect()

    out: dict[str, Any] = {"cli_startup_s": startup, "scales": {f"{k}x": v for k, v in per_scale.items()}}
    big = [k for k in per_scale if k != 1]
    if 1 in per_scale and big:
        k = max(big)
        a, b = per_scale[1], per_scale[k]
        out["scaling"] = {
            "scale": k,
            "cold": b["cold"]["median"] / a["cold"]["median"],
            "cli_cold": b["cli_cold_s"] / a["cli_cold_s"],
            "floor_total": b["floor_total"]["median"] / a["floor_total"]["median"],
            "warm": b["warm"]["median"] / a["warm"]["median"],
            "edit": b["edit"]["median"] / a["edit"]["median"],
        }
    _print_validate(out, per_scale)
    return out


def _print_validate(out: dict[str, Any], per: dict[int, dict[str, Any]]) -> None:
    scales = sorted(per)
    k = out.get("scaling", {}).get("scale")
    header = ["lode validate", *[f"{s}x ({per[s]['nodes']:,} nodes)" for s in scales]]
    if k:
        header.append(f"{k}x / 1x")

    def row(label: str, get: Callable[[dict[str, Any]], float | None], fmt: Callable = fmt_s,
            scaling: bool = True) -> list[str]:
        vals = [get(per[s]) for s in scales]
        cells = [label, *[fmt(v) for v in vals]]
        if k:
            a, b = get(per[1]), get(per[k])
            cells.append(fmt_x(b / a) if scaling and a and b is not None else "")
        return cells

    med = lambda key: (lambda r: r[key]["median"])
    sec = lambda key: (lambda r: r[key])
    blank = lambda label: [label] + [""] * (len(header) - 1)
    rows = [
        blank("cold (no cache)"),
        row("  library validate(root, cache=None)", med("cold")),
        row("    per-file stage (parse, schema, model, edition checks)", sec("cold_files_s")),
        row("    cross-file checks + report", sec("cold_cross_file_s")),
        row("  CLI `lode validate --no-cache` (1 run)", sec("cli_cold_s")),
        blank("floor (same files, same validators)"),
        row("  parse: YAML(typ='safe').load, CParser", med("floor_parse")),
        row("  schema: jsonschema iter_errors", med("floor_schema")),
        row("  floor total", med("floor_total")),
        row("ratio library cold / floor", sec("ratio_cold_floor"), fmt_x, scaling=False),
        blank("floor with Lode's verdict engine (jsonschema-rs)"),
        row("  schema: fast_validator(kind).is_valid", med("floor_schema_rs")),
        row("  floor total (parse + jsonschema-rs)", med("floor_total_rs")),
        row("ratio library cold / floor (rs)", sec("ratio_cold_floor_rs"), fmt_x, scaling=False),
        row("per node, library cold (µs)", sec("cold_us_per_node"), lambda v: f"{v:.1f}"),
        blank("with cache (LODE_CACHE_DIR)"),
        row("  cache fill run (library)", sec("cache_fill_s")),
        row("  re-run, nothing changed (library)", med("warm")),
        row("  re-run, nothing changed (CLI, 1 run)", sec("cli_warm_s")),
        row("  re-run after editing 1 clause (library)", med("edit")),
        row("  re-run after editing 1 clause (CLI, 1 run)", sec("cli_edit_s")),
    ]
    notes = [
        "files: " + "; ".join(f"{s}x {per[s]['files']} files, {per[s]['bytes'] / 1e6:.1f} MB, "
                              f"largest {per[s]['largest_file_bytes'] / 1e6:.2f} MB, "
                              f"{per[s]['standards']} standards x {per[s]['editions']} editions x "
                              f"{per[s]['nodes_per_edition']} nodes" for s in scales),
        "runs (median of): " + "; ".join(f"{s}x {per[s]['runs']}" for s in scales)
        + "; CLI rows are one subprocess run, wall clock with start-up",
        "findings in every run: " + "; ".join(
            f"{s}x " + ", ".join(f"{v} {c}" for c, v in per[s]["findings"].items()) for s in scales),
        "floor = ruamel C safe load + python-jsonschema with lode.schemas.validator(kind), bytes in memory; "
        "lode gives the schema verdict with jsonschema-rs, hence the second floor",
        "the CLI cached rows reuse the cache the library runs filled (same cache key fingerprint)",
        f"CLI start-up alone (`lode --version`, 1 run): {fmt_s(out['cli_startup_s'])}",
    ]
    print_table("validate", header, rows, notes)


# --- benchmark: diff -----------------------------------------------------------------------

@benchmark("diff", "lode diff of two 1%-apart editions vs whole-document deepdiff")
def bench_diff(ctx: Context) -> dict[str, Any]:
    """Two in-memory editions of ``nodes * max(scales)`` nodes (100,000 by default)
    differing in 1% of their nodes: Lode's keyed diff beside whole-document DeepDiff on
    the same pair (the naive baseline), and beside the bare keyed ``==`` scan (a floor
    no diff can beat: it only finds which ids differ)."""
    from deepdiff import DeepDiff
    from lode.diff.classify import own_key
    from lode.diff.engine import diff_editions
    from lode.model.edition import build_edition

    n = ctx.nodes * max(ctx.scales)
    runs = ctx.large_repeat if max(ctx.scales) > 1 else ctx.repeat
    print(f"diff: two editions of {n:,} nodes, 1% apart; {runs} run(s) ...", file=sys.stderr, flush=True)
    a = synth.plain_edition(n, seed=ctx.seed)
    b, done = synth.vary(a, 0.01, seed=ctx.seed)
    old, new = build_edition(a, "old"), build_edition(b, "new")
    expected = {"text": done["text"], "obligation": done["obligation"], "renumbered": done["renumbered"],
                "retitled": done["retitled"], "removed": done["removed"], "added": done["added"]}

    def check(d: Any) -> None:
        got = {k: v for k, v in d.counts().items() if k in expected}
        assert got == expected, f"the diff found {got}, the variant made {expected}"

    r: dict[str, Any] = {"nodes": n, "changed": done, "runs": runs}
    r["lode"] = median_of(runs, lambda: diff_editions(old, new), check)

    def keyed_scan() -> int:
        def index(ed: Any) -> dict[str, Any]:
            return {x.id: x for x in ed.walk()}
        ia, ib = index(old), index(new)
        return sum(1 for k, x in ia.items() if k not in ib or own_key(x) != own_key(ib[k]))

    r["keyed_scan"] = median_of(runs, keyed_scan)
    s, dd = timed(lambda: DeepDiff(a, b))
    r["deepdiff_whole_s"] = s
    r["deepdiff_report_items"] = sum(len(v) for v in dd.values())
    del dd
    r["ratio_lode_deepdiff"] = r["lode"]["median"] / s
    r["ratio_lode_keyed_scan"] = r["lode"]["median"] / r["keyed_scan"]["median"]
    print_table("diff", ["measure", "time", "ratio"], [
        [f"lode diff_editions ({n:,} nodes, {sum(done.values())} changed)", fmt_s(r["lode"]["median"]), "1"],
        ["floor: keyed == scan (which ids differ, nothing more)", fmt_s(r["keyed_scan"]["median"]),
         fmt_x(r["keyed_scan"]["median"] / r["lode"]["median"])],
        ["baseline: whole-document DeepDiff(old, new)", fmt_s(s), fmt_x(s / r["lode"]["median"])],
    ], [f"lode / deepdiff = {r['ratio_lode_deepdiff']:.4f}; lode / keyed scan = {r['ratio_lode_keyed_scan']:.1f}",
        f"deepdiff reported {r['deepdiff_report_items']} items for the same pair"])
    return r


# --- benchmark: site -----------------------------------------------------------------------

_MKDOCS_ENV = {"NO_MKDOCS_2_WARNING": "1"}
_REAL_EDIT = re.compile(r"^( +)summary:\n\1  en: >-\n\1    ", re.M)


def _mkdocs(config: Path, *extra: str) -> float:
    """Wall clock of one ``mkdocs build`` subprocess (start-up included); fails loudly."""
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), *extra], capture_output=True,
                       text=True, env={**os.environ, **_MKDOCS_ENV})
    s = time.perf_counter() - t
    if p.returncode != 0:
        raise AssertionError(f"mkdocs build {' '.join(extra)} failed ({config}): {p.stderr[-1500:]}")
    return s


def _site_config(tmp: Path, docs: Path, root: Path | None, nav: list[Any] | None = None) -> Path:
    """mkdocs.yml of this repo with output under ``tmp``; with the lode plugin reading
    ``root``, or (root None) without it, on ``docs`` and with the already expanded ``nav``."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: site", f"docs_dir: {docs}").replace("site_dir: build/site", f"site_dir: {tmp / 'site'}")
    text = text.replace("  - standards\n  - schemas\n", f"  - {(root or docs)}\n")
    if root is not None:
        text = text.replace("  - lode\n", f"  - lode:\n      root: {root}\n      generated_dir: {tmp / 'generated'}\n")
    else:
        text = text.replace("  - lode\n", "")
        head, _, _ = text.partition("\nnav:\n")
        text = head + "\nnav: " + json.dumps(nav, ensure_ascii=False) + "\n"  # JSON is YAML
    config = tmp / ("mkdocs.yml" if root is not None else "mkdocs-floor.yml")
    config.write_text(text, encoding="utf-8")
    return config


def _site_case(ctx: Context, label: str, root: Path, edit: Callable[[], Path]) -> dict[str, Any]:
    import shutil

    from lode.model.corpus import Corpus
    from lode.site import build as sitegen

    tmp = ctx.tmp / f"site-{label}"
    tmp.mkdir()
    corpus = Corpus.load(root)
    nodes = sum(1 for e in corpus.editions.values() for _ in e.walk())
    print(f"site {label}: {nodes:,} nodes, {len(corpus.editions)} editions ...", file=sys.stderr, flush=True)
    config = _site_config(tmp, REPO / "site", root)
    n = ctx.runs(1) if label == "real" else 1
    r: dict[str, Any] = {"nodes": nodes, "editions": len(corpus.editions), "runs": n}
    runs = [_mkdocs(config, "--strict") for _ in range(n)]  # the first run also writes build/generated
    r["lode_build"] = {"median": statistics.median(runs), "runs": runs}

    # The floor: plain mkdocs (no lode plugin) on the same Markdown and downloads already on
    # disk, hand-written and generated pages in one docs_dir, with the same navigation.
    docs = tmp / "floor-docs"
    shutil.copytree(REPO / "site", docs)
    shutil.copytree(tmp / "generated", docs, dirs_exist_ok=True)
    cfg = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    nav = sitegen.expand_nav(_nav_of(cfg), sitegen.build(corpus).nav)
    floor = _site_config(tmp, docs, None, nav)
    runs = [_mkdocs(floor, "--strict") for _ in range(n)]
    r["floor_build"] = {"median": statistics.median(runs), "runs": runs}
    r["ratio_lode_floor"] = r["lode_build"]["median"] / r["floor_build"]["median"]
    r["pages"] = sum(1 for _ in (tmp / "generated").rglob("*.md"))
    r["site_bytes"] = sum(f.stat().st_size for f in (tmp / "site").rglob("*") if f.is_file())

    # The drafter's loop: `mkdocs build --dirty` is what `serve --dirty` runs per change.
    r["dirty_unchanged_s"] = _mkdocs(config, "--dirty")
    before = time.time()
    r["edited_file"] = str(edit().relative_to(root))
    r["dirty_edit_s"] = _mkdocs(config, "--dirty")
    r["rewritten"] = sorted(str(p.relative_to(tmp / "generated")) for p in (tmp / "generated").rglob("*")
                            if p.is_file() and p.stat().st_mtime >= before)
    _rmtree(tmp)
    return r


def _nav_of(mkdocs_yml: str) -> list[Any]:
    """The ``nav`` of this repo's mkdocs.yml (plain data, read with the safe loader)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(mkdocs_yml)["nav"]


def _edit_real(root: Path) -> Path:
    """Reword the first folded English summary of cccmc-ddg 2022 (a copy), as a drafter would."""
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    text = path.read_text(encoding="utf-8")
    m = _REAL_EDIT.search(text)
    if m is None:
        raise AssertionError(f"{path}: no folded English summary to edit")
    path.write_text(text[:m.end()] + "Reworded for the benchmark. " + text[m.end():], encoding="utf-8")
    return path


@benchmark("site", "mkdocs build with the lode plugin vs plain mkdocs on the same pages; one-clause edit rebuild")
def bench_site(ctx: Context) -> dict[str, Any]:
    """Site build of the real corpus and of the synthetic 1x corpus beside the floor."""
    import shutil

    real = ctx.tmp / "real-copy"  # edited below: never the repository itself
    for part in ("standards", "schemas"):
        shutil.copytree(REPO / part, real / part)
    out: dict[str, Any] = {"real": _site_case(ctx, "real", real, lambda: _edit_real(real))}
    synthetic = ctx.corpus(1)
    out["synthetic"] = _site_case(ctx, "synthetic", synthetic.root, lambda: synth.edit_clause(synthetic.root, seed=7))
    ctx.discard(1)  # edited
    header = ["mkdocs build --strict", "real corpus", "synthetic 1x"]
    cases = [out["real"], out["synthetic"]]
    row = lambda label, get, fmt=fmt_s: [label, *[fmt(get(c)) for c in cases]]  # noqa: E731
    rows = [
        row("nodes", lambda c: c["nodes"], lambda v: f"{v:,}"),
        row("generated pages", lambda c: c["pages"], str),
        row("with lode plugin (validate + generate + build)", lambda c: c["lode_build"]["median"]),
        row("floor: plain mkdocs, same pages on disk", lambda c: c["floor_build"]["median"]),
        row("ratio lode / floor", lambda c: c["ratio_lode_floor"], fmt_x),
        row("--dirty rebuild, nothing changed", lambda c: c["dirty_unchanged_s"]),
        row("--dirty rebuild after a one-clause edit", lambda c: c["dirty_edit_s"]),
        row("generated files rewritten by the edit", lambda c: len(c["rewritten"]), str),
    ]
    print_table("site", header, rows, [
        "wall clock of `python -m mkdocs build` subprocesses, start-up included; real corpus median of "
        f"{out['real']['runs']} run(s), synthetic 1 run",
        "the edit rewrites one clause summary; files rewritten: " + "; ".join(
            ", ".join(c["rewritten"]) for c in cases),
    ])
    return out


# --- main -------------------------------------------------------------------------------------

DISCLOSURES = 10_000


@benchmark("disclosures", "lode check on generated disclosures, files/s/core against python-jsonschema alone")
def bench_disclosures(ctx: Context) -> dict[str, Any]:
    import disclosures

    return disclosures.run(ctx.tmp, DISCLOSURES, ctx.seed, print_table)


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
                                             "referencing")},
        "args": vars(args),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Lode benchmarks; results in build/bench/results.json.")
    ap.add_argument("--nodes", type=int, default=10_000, help="nodes in the 1x corpus (default 10000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs at 1x; the median is reported (default 3)")
    ap.add_argument("--large-repeat", type=int, default=1,
                    help="runs at larger scales (default 1: one 10x run costs about a minute per row)")
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
    globals()["DISCLOSURES"] = args.disclosures
    names = args.only or list(BENCHMARKS)
    started = time.perf_counter()
    results: dict[str, Any] = {"meta": _meta(args), "benchmarks": {}}
    with tempfile.TemporaryDirectory(prefix="lode-bench-") as tmp:
        ctx = Context(args.nodes, args.repeat, args.large_repeat, scales, Path(tmp), args.seed)
        for name in names:
            t = time.perf_counter()
            results["benchmarks"][name] = BENCHMARKS[name].func(ctx)
            results["benchmarks"][name]["elapsed_s"] = time.perf_counter() - t
    results["meta"]["elapsed_s"] = time.perf_counter() - started
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output} (total {results['meta']['elapsed_s']:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
