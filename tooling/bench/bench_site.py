"""``site``: ``mkdocs build`` with the Lode plugin beside plain mkdocs on the same pages
(the floor), interleaved; every cold run gets a fresh validation cache and a fresh
generated-pages folder, so none is warm from an earlier run. Then the drafter's loop:
``mkdocs build --dirty`` after one edit."""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable

import synth
from common import REPO, benchmark, cmd, fmt_s, fmt_stat, fmt_x, interleaved, print_table, progress, rmtree, stat

_MKDOCS_ENV = {"NO_MKDOCS_2_WARNING": "1"}
# The first folded English summary, wherever its zh line is (`lode fmt` puts zh first).
_REAL_EDIT = re.compile(r"^( +)summary:\n(?:\1  (?!en:)[^\n]*\n)*\1  en: >-\n\1    ", re.M)


def mkdocs(config: Path, *extra: str, env: dict[str, str] | None = None) -> Any:
    return cmd([sys.executable, "-m", "mkdocs", "build", "-f", str(config), *extra], {**_MKDOCS_ENV, **(env or {})})


# `mkdocs build` in a process that writes its own peak resident memory (KB) to a file
# when it ends, and the largest of the processes it forked (the plugin's workers and the
# second language's pass: copies of the parent, sharing its pages until they write them).
# Its own peak is Linux's VmHWM, the high-water mark of this program's memory: getrusage's
# ru_maxrss keeps, across exec, the peak of the process it was forked from (the bench's
# runner: 2.75 GB after the diff bench's DeepDiff at 100k, reported as every build's peak).
_PEAK = """\
import re, resource, sys
from mkdocs.__main__ import cli
out = sys.argv.pop(1)
try:
    cli(prog_name="mkdocs")
finally:
    try:
        with open("/proc/self/status") as s:
            own = int(re.search(r"^VmHWM:\\s+(\\d+) kB", s.read(), re.M).group(1))
    except (OSError, AttributeError):
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(out, "w") as f:
        f.write(f"{own} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


def mkdocs_peak(config: Path, peak: Path, *extra: str, env: dict[str, str] | None = None) -> Any:
    """:func:`mkdocs` that also leaves the build's peak memory (KB) in ``peak``."""
    return cmd([sys.executable, "-c", _PEAK, str(peak), "build", "-f", str(config), *extra],
               {**_MKDOCS_ENV, **(env or {})})


def site_config(out: Path, docs: Path, root: Path | None, nav: list[Any] | None = None,
                generated: Path | None = None, plugin_extra: str = "", hook: Path | None = None) -> Path:
    """mkdocs.yml of this repo with its output under ``out``; with the lode plugin
    reading ``root`` and writing ``generated``, or (root None) without it, on ``docs``
    with the already expanded ``nav`` and, if given, one mkdocs ``hook``."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: site", f"docs_dir: {docs}").replace("site_dir: build/site", f"site_dir: {out / 'site'}")
    text = text.replace("  - standards\n  - schemas\n", f"  - {(root or docs)}\n")
    if root is not None:
        text = text.replace("  - lode\n", f"  - lode:\n      root: {root}\n      generated_dir: {generated}\n"
                                           + "".join(f"      {o}\n" for o in plugin_extra.split(";") if o))
    else:
        # The floor keeps static-i18n (the site is bilingual) but not its search
        # de-duplication, which the Lode plugin does for it (linearly); off, it costs nothing.
        text = text.replace("  - lode\n", "").replace("      reconfigure_search: true\n", "      reconfigure_search: false\n")
        head, _, _ = text.partition("\nnav:\n")
        text = head + "\nnav: " + json.dumps(nav, ensure_ascii=False) + "\n"  # JSON is YAML
        if hook is not None:
            text += f"hooks: [{json.dumps(str(hook))}]\n"
    out.mkdir(parents=True, exist_ok=True)
    config = out / ("mkdocs.yml" if root is not None else "mkdocs-floor.yml")
    config.write_text(text, encoding="utf-8")
    return config


# The second floor: plain mkdocs plus the one step of the plugin that changes what mkdocs
# does, handing the HTML part of a page past Markdown (markup.HTML_BELOW). Lode over this
# floor is Lode's own cost: validation, generation, nav, the search de-duplication.
_SPLIT_HOOK = """\
try:
    from lode.render.markup import HTML_BELOW
except ImportError:  # a Lode before the HTML parts (the bench measures older commits too)
    HTML_BELOW = None

_below = {}


def on_page_markdown(markdown, page, **_):
    if HTML_BELOW is None:
        return markdown
    head, marker, tail = markdown.partition(HTML_BELOW)
    if marker:
        _below[page.file.src_uri] = tail
    return head


def on_page_content(html, page, **_):
    return html + _below.pop(page.file.src_uri, "")
"""


def _nav_of(mkdocs_yml: str) -> list[Any]:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(mkdocs_yml)["nav"]


def floor_docs(generated: Path, docs: Path) -> None:
    """The plugin's generated folder laid out as hand-written pages: shared files at their
    path, ``<lang>/<page>.md`` as ``<page>.<lang>.md``."""
    from lode.site import i18n

    for f in generated.rglob("*"):
        if not f.is_file():
            continue
        rel = f.relative_to(generated)
        if rel.parts[0] in i18n.LANGS and f.suffix == ".md":
            dest = docs.joinpath(*rel.parts[1:]).with_suffix(f".{rel.parts[0]}.md")
        else:
            dest = docs / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest)


def cold_build(tmp: Path, root: Path, k: int, peaks: list[float], child_peaks: list[float]) -> Any:
    """One cold build into ``tmp/cold-k``: a fresh cache and generated folder, so the
    plugin validates and generates cold; its peak memory (MB) appended to ``peaks``, the
    largest of its forked processes' to ``child_peaks``."""
    out = tmp / f"cold-{k}"
    rmtree(out)
    config = site_config(out, REPO / "site", root, generated=out / "generated")
    m = mkdocs_peak(config, tmp / "peak", "--strict", env={"LODE_CACHE_DIR": str(out / "cache")})
    own, *forked = (tmp / "peak").read_text().split()
    peaks.append(int(own) / 1024)
    child_peaks.append(int(forked[0]) / 1024 if forked else 0.0)
    return m


def site_case(ctx: Any, label: str, root: Path, edit: Callable[[], Path], runs: int) -> dict[str, Any]:
    from lode.model.corpus import Corpus
    from lode.site import build as sitegen
    from lode.site import i18n

    tmp = ctx.tmp / f"site-{label}"
    corpus = Corpus.load(root)
    nodes = sum(1 for e in corpus.editions.values() for _ in e.walk())
    progress(f"site {label}: {nodes:,} nodes, {len(corpus.editions)} editions; {runs} interleaved rounds")
    r: dict[str, Any] = {"nodes": nodes, "editions": len(corpus.editions)}

    peaks: list[float] = []
    child_peaks: list[float] = []
    cold = lambda k: cold_build(tmp, root, k, peaks, child_peaks)  # noqa: E731

    # The floor: plain mkdocs (no plugin) on the pages the plugin generated, hand-written
    # and generated pages in one docs_dir, each generated page in each language under
    # static-i18n's suffix (`index.zh.md`), with the same navigation.
    cold(-1)
    docs = tmp / "floor-docs"
    shutil.copytree(REPO / "site", docs)
    floor_docs(tmp / "cold--1" / "generated", docs)
    nav = sitegen.expand_nav(_nav_of((REPO / "mkdocs.yml").read_text(encoding="utf-8")),
                             sitegen.build(corpus).nav[i18n.DEFAULT])
    floor = site_config(tmp / "floor", docs, None, nav)
    hook = tmp / "split_hook.py"
    hook.write_text(_SPLIT_HOOK, encoding="utf-8")
    split = site_config(tmp / "floor-split", docs, None, nav, hook=hook)
    r.update(interleaved(runs, {"lode": cold, "floor": lambda _: mkdocs(floor, "--strict"),
                                "floor_split": lambda _: mkdocs(split, "--strict")}))
    r["peak_mb"] = max(peaks)
    r["child_peak_mb"] = max(child_peaks)
    r["ratio_lode_floor"] = r["lode"]["median"] / r["floor"]["median"]
    r["ratio_lode_floor_split"] = r["lode"]["median"] / r["floor_split"]["median"]
    gen = tmp / "cold--1" / "generated"
    r["pages"] = sum(1 for _ in gen.rglob("*.md"))
    r["site_bytes"] = sum(f.stat().st_size for f in (tmp / "cold--1" / "site").rglob("*") if f.is_file())

    # The drafter's loop: `mkdocs build --dirty` is what `serve --dirty` runs per change.
    config = tmp / "cold--1" / "mkdocs.yml"
    env = {"LODE_CACHE_DIR": str(tmp / "cold--1" / "cache")}
    r["dirty_unchanged_s"] = mkdocs(config, "--dirty", env=env).seconds
    before = time.time()
    r["edited_file"] = str(edit().relative_to(root))
    r["dirty_edit_s"] = mkdocs(config, "--dirty", env=env).seconds
    r["rewritten"] = sorted(str(p.relative_to(gen)) for p in gen.rglob("*") if p.is_file() and p.stat().st_mtime >= before)
    rmtree(tmp)
    return r


def edit_real(root: Path) -> Path:
    """Reword the first folded English summary of cccmc-ddg 2022 (a copy), as a drafter would."""
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    text = path.read_text(encoding="utf-8")
    m = _REAL_EDIT.search(text)
    if m is None:
        raise AssertionError(f"{path}: no folded English summary to edit")
    path.write_text(text[:m.end()] + "Reworded for the benchmark. " + text[m.end():], encoding="utf-8")
    return path


def real_copy(ctx: Any, name: str = "real-copy") -> Path:
    real = ctx.tmp / name  # edited: never the repository itself
    for part in ("standards", "schemas"):
        shutil.copytree(REPO / part, real / part)
    return real


@benchmark("site", "mkdocs build with the lode plugin vs plain mkdocs on the same pages; one-clause edit rebuild")
def bench_site(ctx: Any) -> dict[str, Any]:
    real = real_copy(ctx)
    out: dict[str, Any] = {"real": site_case(ctx, "real", real, lambda: edit_real(real), ctx.runs(1))}
    synthetic = ctx.corpus(1)
    out["synthetic"] = site_case(ctx, "synthetic", synthetic.root, lambda: synth.edit_clause(synthetic.root, seed=7),
                                 ctx.runs(1))
    ctx.discard(1)  # edited
    out["scales"] = {1: {"lode": out["synthetic"]["lode"], "peak_mb": out["synthetic"]["peak_mb"],
                         "child_peak_mb": out["synthetic"]["child_peak_mb"]}}
    for scale in [s for s in ctx.scales if s > 1]:  # issue 26: 100k in ≤ 12x the 10k time, under 2 GB
        out["scales"][scale] = scale_up(ctx, scale)
    cases = [out["real"], out["synthetic"]]
    row = lambda label, get, fmt=fmt_s: [label, *[fmt(get(c)) for c in cases]]  # noqa: E731
    print_table("site", ["mkdocs build --strict", "real corpus", f"synthetic {out['synthetic']['nodes']:,} nodes"], [
        row("nodes", lambda c: c["nodes"], lambda v: f"{v:,}"),
        row("generated pages", lambda c: c["pages"], str),
        row("with lode plugin, cold (validate + generate + build)", lambda c: c["lode"], fmt_stat),
        row("floor: plain mkdocs, same pages on disk", lambda c: c["floor"], fmt_stat),
        row("ratio lode / floor (goal ≤ 1.3)", lambda c: c["ratio_lode_floor"], fmt_x),
        row("floor 2: the same, HTML parts past Markdown (a hook)", lambda c: c["floor_split"], fmt_stat),
        row("ratio lode / floor 2 (Lode's own cost)", lambda c: c["ratio_lode_floor_split"], fmt_x),
        row("--dirty rebuild, nothing changed (1 run)", lambda c: c["dirty_unchanged_s"]),
        row("--dirty rebuild after a one-clause edit (1 run)", lambda c: c["dirty_edit_s"]),
        row("generated files rewritten by the edit", lambda c: len(c["rewritten"]), str),
    ], ["wall clock of `python -m mkdocs build` subprocesses, start-up included; every cold run with a fresh "
        "LODE_CACHE_DIR and generated_dir; median (min–max) of interleaved rounds; both languages (static-i18n)",
        "floor: Markdown reads the pages' HTML parts as raw HTML (the plugin skips it); floor 2 skips it too",
        "the edit rewrites one clause summary; files rewritten: " + "; ".join(", ".join(c["rewritten"]) for c in cases)])
    base = out["scales"][1]["lode"]["median"]
    print_table("site at scale", ["synthetic corpus", "cold build, median (min–max)", "× 1x", "peak memory"], [
        [f"{ctx.nodes * k:,} nodes", fmt_stat(v["lode"]), fmt_x(v["lode"]["median"] / base),
         f"{v['peak_mb']:,.0f} MB (+ {v.get('child_peak_mb', 0):,.0f} MB forked)"]
        for k, v in sorted(out["scales"].items())],
        ["mkdocs build --strict with the plugin, both languages, fresh cache and generated folder; peak resident "
         "memory of the build process (forked: the largest of the processes it forked, which share the parent's "
         "pages until they write them); goal at 10x: ≤ 12x the 1x time, under 2 GB"])
    return out


def scale_up(ctx: Any, scale: int) -> dict[str, Any]:
    """Cold builds of the ``scale``x synthetic corpus, with their peak memory."""
    root = ctx.corpus(scale).root
    tmp = ctx.tmp / f"site-{scale}x"
    runs = max(1, ctx.large_repeat)
    progress(f"site {scale}x: {ctx.nodes * scale:,} nodes; {runs} cold build(s)")
    peaks: list[float] = []
    child_peaks: list[float] = []
    times = []
    for k in range(runs):
        times.append(cold_build(tmp, root, k, peaks, child_peaks).seconds)
        rmtree(tmp / f"cold-{k}")
    rmtree(tmp)
    return {"lode": stat(times), "peak_mb": max(peaks), "child_peak_mb": max(child_peaks), "nodes": ctx.nodes * scale}
