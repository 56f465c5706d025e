"""``diff``: Lode's keyed diff of two 1%-apart editions beside whole-document DeepDiff
(the naive baseline) and the bare keyed ``==`` scan (a floor: it only finds which ids
differ), all interleaved. DeepDiff starts from the plain data, so the ratio that
compares equal work includes building both editions' models (issue 26): an edition's
nodes are built when first read, and the diff builds only those that changed. The ratio
of the diff of two fully built models is printed beside it."""

from __future__ import annotations

import time
from typing import Any, Callable

import synth
from common import (Measured, benchmark, fmt_ratio, fmt_stat, fmt_x, interleaved, print_table, progress,
                    round_ratios)


def _cpu(fn: Callable[[int], Any]) -> Callable[[int], Measured]:
    # CPU time: on a shared machine, wall time also counts the other users, and a burst
    # of their load lands on a 2-minute DeepDiff more surely than on a 1-second Lode run.
    def run(r: int) -> Measured:
        start = time.process_time()
        out = fn(r)
        return Measured(time.process_time() - start, out)
    return run


@benchmark("diff", "lode diff of two 1%-apart editions vs whole-document DeepDiff and the keyed scan")
def bench_diff(ctx: Any) -> dict[str, Any]:
    from deepdiff import DeepDiff
    from lode.diff.classify import own_key
    from lode.diff.engine import diff_editions
    from lode.model.edition import build_edition

    n = ctx.nodes * max(ctx.scales)
    runs = ctx.runs(max(ctx.scales))
    progress(f"diff: two editions of {n:,} nodes, 1% apart (insertions mid-list); {runs} interleaved rounds")
    a = synth.plain_edition(n, seed=ctx.seed)
    b, done = synth.vary(a, 0.01, seed=ctx.seed)
    models: dict[str, Any] = {}

    def build(_: int) -> None:
        # Every node built (an edition's nodes are built when first read): what a site
        # build or a check pays, and the models the diff-alone and keyed-scan rows read.
        models["old"], models["new"] = build_edition(a, "old"), build_edition(b, "new")
        models["old"].nodes, models["new"].nodes  # noqa: B018

    build(0)
    expected = {k: done[k] for k in ("text", "obligation", "renumbered", "retitled", "removed", "added")}

    def check(d: Any) -> None:
        got = {k: v for k, v in d.counts().items() if k in expected}
        if got != expected:
            raise AssertionError(f"the diff found {got}, the variant made {expected}")

    def keyed_scan(_: int) -> int:
        ia = {x.id: x for x in models["old"].walk()}
        ib = {x.id: x for x in models["new"].walk()}
        return sum(1 for k, x in ia.items() if k not in ib or own_key(x) != own_key(ib[k]))

    items: list[int] = []

    def deepdiff(_: int) -> None:
        dd = DeepDiff(a, b)
        items.append(sum(len(v) for v in dd.values()))

    def with_build(_: int) -> Any:
        return diff_editions(build_edition(a, "old"), build_edition(b, "new"))

    r: dict[str, Any] = {"nodes": n, "changed": done}
    r.update(interleaved(runs, {k: _cpu(f) for k, f in {
        "model_build": build,
        "lode": lambda _: diff_editions(models["old"], models["new"]),
        "lode_with_build": with_build,
        "lode_rendered": lambda _: _render_all(diff_editions(models["old"], models["new"])),
        "keyed_scan": keyed_scan,
        "deepdiff": deepdiff,
    }.items()}, {"lode": check, "lode_with_build": check}))
    r["deepdiff_report_items"] = items[0]
    r["deepdiff_over_lode"] = r["deepdiff"]["median"] / r["lode"]["median"]
    r["deepdiff_over_lode_with_build"] = r["deepdiff"]["median"] / r["lode_with_build"]["median"]
    r["deepdiff_over_lode_with_build_rounds"] = round_ratios(r["deepdiff"], r["lode_with_build"])
    r["deepdiff_over_lode_rounds"] = round_ratios(r["deepdiff"], r["lode"])
    r["lode_over_keyed_scan"] = r["lode"]["median"] / r["keyed_scan"]["median"]
    lode = r["lode"]["median"]
    print_table("diff", ["measure", "CPU s, median (min–max)", "× lode"], [
        [f"lode diff_editions ({n:,} nodes, {sum(done.values())} changed)", fmt_stat(r["lode"]), "1"],
        ["  the same, then every redline read (JSON output)", fmt_stat(r["lode_rendered"]),
         fmt_x(r["lode_rendered"]["median"] / lode)],
        ["model build of both editions, every node (not in the diff row)", fmt_stat(r["model_build"]),
         fmt_x(r["model_build"]["median"] / lode)],
        ["lode: both models built from the data, then diffed (DeepDiff's work; the diff builds "
         "only the nodes that changed)", fmt_stat(r["lode_with_build"]),
         fmt_x(r["lode_with_build"]["median"] / lode)],
        ["floor: keyed == scan (which ids differ, nothing more)", fmt_stat(r["keyed_scan"]),
         fmt_x(r["keyed_scan"]["median"] / lode)],
        ["baseline: whole-document DeepDiff(old, new)", fmt_stat(r["deepdiff"]), fmt_x(r["deepdiff_over_lode"])],
    ], [f"DeepDiff / lode with the model build = {r['deepdiff_over_lode_with_build']:.1f}x, round by round "
        f"{fmt_ratio(r['deepdiff_over_lode_with_build_rounds'], 1)} (goal ≥ 50x at 100k); "
        f"DeepDiff / the diff alone = {r['deepdiff_over_lode']:.1f}x, round by round "
        f"{fmt_ratio(r['deepdiff_over_lode_rounds'], 1)}; lode / keyed scan = "
        f"{r['lode_over_keyed_scan']:.1f}", f"deepdiff reported {items[0]} items for the same pair",
        f"{len(r['lode']['runs'])} interleaved rounds"])
    return r


def _render_all(d: Any) -> Any:
    return d.to_dict()  # reads every redline: what `lode diff --format json` pays
