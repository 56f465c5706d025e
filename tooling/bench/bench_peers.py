"""``peers`` (``make bench-peers``): the synthetic corpus validated and published by Lode,
Doorstop and StrictDoc, interleaved, each as its user runs it from the command line.

- validate: ``lode validate --no-cache``; ``doorstop`` (its default command builds the
  tree and validates every item); StrictDoc has no separate check, its parse of the
  project is the first step of every export (reported from its export below).
- publish: ``mkdocs build`` with the Lode plugin (cold cache, fresh generated folder),
  in both of the site's languages; ``doorstop publish all`` (HTML) of the linked tree
  and of the same items with no links; ``strictdoc export --formats html``; the peers
  in one language (topologies: ``peers.py``). Every run writes a fresh output folder; StrictDoc's temporary-folder
  cache is fresh too (``TMPDIR``).

Peer versions are pinned in ``peers-requirements.txt``; the peers live in their own
venv (``build/peers-venv``) and are never Lode dependencies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import peers
import synth
from bench_site import mkdocs, site_config
from common import LODE, REPO, benchmark, cmd, fmt_stat, fmt_x, interleaved, print_table, progress, rmtree


def _lode_ok(p: Any) -> bool:
    return p.returncode == 0 and "0 errors" in p.stdout


@benchmark("peers", "Lode vs Doorstop and StrictDoc on the same synthetic corpus (make bench-peers)")
def bench_peers(ctx: Any) -> dict[str, Any]:
    from lode.model.corpus import Corpus

    doorstop, strictdoc = peers.peer_bin("doorstop"), peers.peer_bin("strictdoc")
    if doorstop is None or strictdoc is None:
        raise SystemExit(f"the peers are not installed in {peers.PEERS_VENV}: run `make bench-peers`")
    tmp = ctx.tmp / "peers"
    s, e, n = synth.plan(ctx.peer_nodes)
    corpus = synth.generate(tmp / "lode", s, e, n, seed=ctx.seed)
    editions = list(Corpus.load(corpus.root).editions.values())
    items_d = peers.write_doorstop(editions, tmp / "doorstop")
    items_n = peers.write_doorstop(editions, tmp / "doorstop-nolinks", links=False)
    items_s = peers.write_strictdoc(editions, tmp / "strictdoc")
    if not items_d == items_n == items_s == corpus.nodes:
        raise AssertionError(f"the peers got {items_d} / {items_n} / {items_s} items for {corpus.nodes} nodes")
    runs = ctx.runs(1)
    progress(f"peers: {corpus.nodes:,} nodes in {len(editions)} documents; {runs} interleaved rounds")

    def out(name: str, k: int) -> Path:
        p = tmp / "out" / f"{name}-{k}"
        rmtree(p)
        p.mkdir(parents=True)
        return p

    def lode_site(k: int) -> Any:
        o = out("lode-site", k)
        config = site_config(o, REPO / "site", corpus.root, generated=o / "generated")
        return mkdocs(config, "--strict", env={"LODE_CACHE_DIR": str(o / "cache")})

    def strictdoc_html(k: int) -> Any:
        o = out("strictdoc", k)
        (o / "tmp").mkdir()
        return cmd([str(strictdoc), "export", str(tmp / "strictdoc"), "--formats", "html", "--output-dir", str(o)],
                   {"TMPDIR": str(o / "tmp")}, cwd=tmp / "strictdoc")

    r: dict[str, Any] = {"nodes": corpus.nodes, "documents": len(editions),
                         "versions": {"doorstop": _version(doorstop), "strictdoc": _version(strictdoc)}}
    r.update(interleaved(runs, {
        "lode_validate": lambda k: cmd([str(LODE), "validate", "--no-cache", "--root", str(corpus.root)],
                                       {"LODE_CACHE_DIR": str(out("lode-cache", k))}, ok=_lode_ok),
        "doorstop_validate": lambda k: cmd([str(doorstop)], cwd=tmp / "doorstop"),
        "lode_site": lode_site,
        "doorstop_publish": lambda k: cmd([str(doorstop), "publish", "all", str(out("doorstop", k))],
                                          cwd=tmp / "doorstop"),
        "doorstop_publish_nolinks": lambda k: cmd([str(doorstop), "publish", "all", str(out("doorstop-n", k))],
                                                  cwd=tmp / "doorstop-nolinks"),
        "strictdoc_publish": strictdoc_html,
    }))
    rmtree(tmp)

    def row(label: str, key: str, against: str) -> list[str]:
        cpu, base = r[key].get("cpu"), r[against].get("cpu")
        return [label, fmt_stat(r[key]), fmt_stat(cpu),
                fmt_x(r[key]["median"] / r[against]["median"]),
                fmt_x(cpu["median"] / base["median"]) if cpu and base else "—"]

    print_table("peers", ["same corpus, CLI", "wall median (min–max)", "CPU user+sys median (min–max)",
                          "wall × lode", "CPU × lode"], [
        ["validate"],
        row(f"  lode validate --no-cache ({corpus.nodes:,} nodes)", "lode_validate", "lode_validate"),
        row(f"  doorstop {r['versions']['doorstop']} (validates the tree)", "doorstop_validate", "lode_validate"),
        ["publish (HTML)"],
        row("  lode: mkdocs build --strict, plugin cold, zh and en", "lode_site", "lode_site"),
        row("  doorstop publish all, editions linked edition to edition (en)", "doorstop_publish", "lode_site"),
        row("  doorstop publish all, no links (en)", "doorstop_publish_nolinks", "lode_site"),
        row(f"  strictdoc {r['versions']['strictdoc']} export --formats html", "strictdoc_publish", "lode_site"),
    ], [f"{len(r['lode_site']['runs'])} interleaved rounds; × lode above 1 means the peer is slower; CPU time is the "
        "figure to compare on a shared machine (the wall clock moves with the load)",
        "Lode's site is in both of its languages (zh, en); Doorstop and StrictDoc publish one page per document "
        "with one language (en) of each title and summary",
        "topology: one peer document per edition; Doorstop linked: a later edition is the child document of the "
        "one before it and each item links to the same id there; Doorstop no links: every edition a child of the "
        "first document; StrictDoc: no relations"])
    return r


def _version(exe: Path) -> str:
    p = cmd([str(exe.with_name("python")), "-c",
             f"from importlib.metadata import version; print(version({exe.name!r}))"]).value
    return p.stdout.strip()
