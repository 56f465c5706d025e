"""``validate``: Lode cold against an honest floor, the CLI's start-up, and the drafter's
one-file re-run, at each scale.

The floor is what any validator of the same files must at least do, done as fast as
this machine's Python can: PyYAML's C ``CSafeLoader`` (with YAML 1.2 booleans, so it
reads what Lode reads) and jsonschema-rs on the loaded data, with the garbage collector
paused as Lode pauses it. (The floor before issue 17, ruamel's ``typ='safe'`` with its
pure-Python constructor and the collector on, was 5x slower than this one and made
Lode look faster than its floor.)
"""

from __future__ import annotations

import re
import sys
import time
from typing import Any, Callable

import synth
from common import (LODE, Measured, benchmark, cmd, fmt_stat, fmt_x, interleaved, load, print_table, progress,
                    rmtree)


def _no_errors(report: Any) -> None:
    counts = report.counts()
    if counts["error"]:
        first = [f"{f.path}:{f.line}:{f.col} {f.code} {f.message}"
                 for f in report.findings if f.severity.value == "error"]
        raise AssertionError(f"the synthetic corpus has {counts['error']} error finding(s), so this benchmark "
                             f"would measure the wrong thing; first: {first[:3]}")


def _cli_ok(p: Any) -> bool:
    return p.returncode == 0 and "0 errors" in p.stdout


def yaml12_loader() -> type:
    """PyYAML's C safe loader reading YAML 1.2 booleans (only true/false) and keeping
    dates as strings, as Lode's loader does."""
    import yaml

    class Loader(yaml.CSafeLoader):
        pass

    dropped = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag not in dropped] for k, v in yaml.CSafeLoader.yaml_implicit_resolvers.items()}
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))
    return Loader


def floor_parse(content: bytes, loader: type) -> Any:
    """One document through PyYAML's C safe loader (what ``yaml.load`` does inside, with the
    loader's safety checked here rather than trusted: only a CSafeLoader subclass is run)."""
    import yaml

    if not issubclass(loader, yaml.CSafeLoader):
        raise TypeError(f"the floor only runs PyYAML's C safe loader, not {loader.__name__}")
    parser = loader(content)
    try:
        return parser.get_single_data()
    finally:
        parser.dispose()


def floor_pass(files: list[tuple[bytes, str]], loader: type, fast: dict[str, Any]) -> float:
    """One pass of the floor over the files' bytes (already in memory: reading is not
    parsing); seconds."""
    import gc

    gc.disable()
    try:
        t = time.perf_counter()
        for content, kind in files:
            data = floor_parse(content, loader)
            if not fast[kind].is_valid(data):
                raise AssertionError(f"floor: the synthetic corpus fails the {kind} schema")
        return time.perf_counter() - t
    finally:
        gc.enable()


@benchmark("validate", "cold vs the honest floor, CLI start-up, cached and one-file re-runs, at each scale")
def bench_validate(ctx: Any) -> dict[str, Any]:
    from lode.read import loader as lode_loader
    from lode.read import schemas
    from lode.validate.cache import Cache
    from lode.validate.run import discover, validate

    fast = {k: schemas.fast_validator(k) for k in schemas.KINDS}  # compiled outside every timing
    y12 = yaml12_loader()
    out: dict[str, Any] = {"startup": _startup(ctx), "scales": {}}
    for scale in ctx.scales:
        n = ctx.runs(scale)
        corpus = ctx.corpus(scale)
        root = corpus.root
        progress(f"validate {scale}x: {corpus.nodes:,} nodes, {len(corpus.files)} files, "
                 f"{corpus.bytes / 1e6:.1f} MB; {n} interleaved rounds")
        r: dict[str, Any] = {"nodes": corpus.nodes, "files": len(corpus.files), "bytes": corpus.bytes,
                             "runs": n, "generate_s": ctx.generate_s.get(scale)}
        files = [(path.read_bytes(), kind) for path, kind in discover(root)[0]]
        first = next(c for c, k in files if k == "edition")
        if floor_parse(first, y12) != lode_loader.load_bytes(first, "x").data:
            raise AssertionError("the floor's data differs from Lode's: it would validate something else")
        splits: list[tuple[float, float]] = []

        def cold(_: int) -> Any:
            marks: list[float] = []
            t = time.perf_counter()
            rep = validate(root, cache=None, progress=lambda *_: marks.append(time.perf_counter()))
            splits.append((marks[-1] - t, time.perf_counter() - marks[-1]))
            return rep

        r.update(interleaved(n, {
            "cold": cold,
            "floor": lambda _: Measured(floor_pass(files, y12, fast)),
            "cli_cold": lambda _: cmd([str(LODE), "validate", "--no-cache", "--root", str(root)], ok=_cli_ok),
        }, {"cold": _no_errors}))
        del files
        r["cold_files_s"] = sorted(splits)[len(splits) // 2][0]
        r["ratio_cold_floor"] = r["cold"]["median"] / r["floor"]["median"]
        r["ratio_cli_cold_floor"] = r["cli_cold"]["median"] / r["floor"]["median"]

        # The drafter's loop: the cache filled once, then unchanged and one-file re-runs,
        # library and CLI interleaved; each edit round rewords a different clause.
        cache_dir = ctx.tmp / f"cache-{scale}x"
        cache = Cache(cache_dir)
        _no_errors(validate(root, cache=cache))
        env = {"LODE_CACHE_DIR": str(cache_dir)}
        edited: list[str] = []
        lib = lambda: validate(root, cache=cache)  # noqa: E731
        cli = lambda: cmd([str(LODE), "validate", "--root", str(root)], env, ok=_cli_ok)  # noqa: E731
        r.update(interleaved(n, {
            "warm": lambda _: lib(), "cli_warm": lambda _: cli(),
            # the edit happens before the timer starts: timed() wraps the call below only
            "edit": _after(lambda k: synth.edit_clause(root, seed=100 + k), lib, edited, root),
            "cli_edit": _after(lambda k: synth.edit_clause(root, seed=200 + k), cli, edited, root),
        }, {"warm": _no_errors, "edit": _no_errors}))
        r["edited_files"] = edited
        ctx.discard(scale)  # edited: not the generated corpus any more
        rmtree(cache_dir)
        out["scales"][f"{scale}x"] = r
    _print(out)
    return out


def _after(edit: Callable[[int], Any], fn: Callable[[], Any], edited: list[str], root: Any) -> Callable[[int], Any]:
    """Edit (untimed), then time ``fn``."""
    def run(k: int) -> Measured:
        edited.append(str(edit(k).relative_to(root)))
        t = time.perf_counter()
        value = fn()
        if isinstance(value, Measured):
            return value
        return Measured(time.perf_counter() - t, value)
    return run


def _startup(ctx: Any) -> dict[str, Any]:
    """``lode --version`` beside its floor, a bare interpreter (``python -c pass``) and
    the interpreter importing click (what the command line is built on)."""
    py = sys.executable
    r = interleaved(max(5, ctx.repeat), {
        "lode_version": lambda _: cmd([str(LODE), "--version"]),
        "python": lambda _: cmd([py, "-S", "-c", "pass"]),
        "python_site": lambda _: cmd([py, "-c", "pass"]),
        "python_click": lambda _: cmd([py, "-c", "import click"]),
    })
    r["over_python"] = r["lode_version"]["median"] - r["python_site"]["median"]
    return r


def _print(out: dict[str, Any]) -> None:
    st = out["startup"]
    print_table("CLI start-up", ["command", "median (min–max)"], [
        ["lode --version", fmt_stat(st["lode_version"])],
        ["floor: python -c pass (with site-packages)", fmt_stat(st["python_site"])],
        ["python -S -c pass (bare interpreter)", fmt_stat(st["python"])],
        ["python -c 'import click'", fmt_stat(st["python_click"])],
    ], [f"lode --version costs {st['over_python'] * 1000:.0f} ms over the interpreter; goal: under 0.15 s in all",
        f"{len(st['lode_version']['runs'])} interleaved rounds"])
    per = out["scales"]
    scales = list(per)
    header = ["lode validate", *[f"{s} ({per[s]['nodes']:,} nodes)" for s in scales]]
    row = lambda label, key: [label, *[fmt_stat(per[s].get(key)) for s in scales]]  # noqa: E731
    val = lambda label, key, f=fmt_x: [label, *[f(per[s][key]) for s in scales]]  # noqa: E731
    print_table("validate", header, [
        ["cold (no cache)"],
        row("  library validate(root, cache=None)", "cold"),
        val("    of which per-file stage (median run)", "cold_files_s", lambda v: f"{v:.3f}s"),
        row("  CLI lode validate --no-cache", "cli_cold"),
        row("  floor: PyYAML CSafeLoader (YAML 1.2 bools) + jsonschema-rs, GC paused", "floor"),
        val("  ratio library cold / floor", "ratio_cold_floor"),
        val("  ratio CLI cold / floor", "ratio_cli_cold_floor"),
        ["with the cache"],
        row("  re-run, nothing changed (library)", "warm"),
        row("  re-run, nothing changed (CLI)", "cli_warm"),
        row("  re-run after editing one file (library)", "edit"),
        row("  re-run after editing one file (CLI; goal < 1 s at 100k)", "cli_edit"),
    ], ["median (min–max) of interleaved rounds: " + "; ".join(f"{s} {per[s]['runs']}" for s in scales),
        "the floor reads the same bytes from memory and gives the same schema verdict; Lode adds the "
        "semantic checks, line numbers and the report", f"at the end: {load()}"])
