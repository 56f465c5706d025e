"""The benchmark's own honesty (issue 17): its floor reads what Lode reads, its diff
variant inserts mid-list, its timing is interleaved and reports min-max, and the peers
get the same nodes. No timing is asserted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from lode.diff.engine import diff_editions
from lode.model.corpus import Corpus
from lode.model.edition import build_edition
from lode.read.loader import load_bytes
from lode.read.schemas import fast_validator

BENCH = Path(__file__).resolve().parents[2] / "tooling" / "bench"
sys.path.insert(0, str(BENCH))
import bench_validate  # noqa: E402
import common  # noqa: E402
import peers  # noqa: E402
import synth  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> synth.Corpus:
    return synth.generate(tmp_path_factory.mktemp("c") / "repo", standards=2, editions=2, nodes_per_edition=40, seed=3)


def test_floor_loader_reads_what_lode_reads(corpus: synth.Corpus) -> None:
    loader = bench_validate.yaml12_loader()
    for path in corpus.files:
        raw = path.read_bytes()
        assert yaml.load(raw, Loader=loader) == load_bytes(raw, path.name).data, path  # noqa: S506
    # YAML 1.1 booleans and dates would make the floor validate other data than Lode.
    tricky = b"a: yes\nb: no\nc: on\nd: true\ne: False\nf: 2024-01-02\n"
    assert yaml.load(tricky, Loader=loader) == load_bytes(tricky, "t.yaml").data  # noqa: S506
    assert yaml.load(tricky, Loader=loader)["a"] == "yes"  # noqa: S506


def test_floor_pass_gives_the_schema_verdict(corpus: synth.Corpus) -> None:
    loader = bench_validate.yaml12_loader()
    fast = {k: fast_validator(k) for k in ("standard", "edition")}
    files = [(p.read_bytes(), "standard" if p.name == "standard.yaml" else "edition") for p in corpus.files]
    assert bench_validate.floor_pass(files, loader, fast) > 0
    broken = [(files[1][0].replace(b"status:", b"statuz:", 1), files[1][1])]
    with pytest.raises(AssertionError, match="fails the"):
        bench_validate.floor_pass(broken, loader, fast)


def test_vary_inserts_new_nodes_mid_list_and_the_diff_finds_exactly_the_changes() -> None:
    a = synth.plain_edition(3000, seed=1)
    b, done = synth.vary(a, 0.02, seed=1)

    def positions(data: dict) -> list[tuple[int, int]]:
        out, stack = [], [data["nodes"]]
        while stack:
            sib = stack.pop()
            out += [(i, len(sib)) for i, n in enumerate(sib) if n["id"].startswith("new-")]
            stack += [n["children"] for n in sib if "children" in n]
        return out

    pos = positions(b)
    assert len(pos) == done["added"] > 0
    assert any(i < n - 1 for i, n in pos), "every new node was appended"
    d = diff_editions(build_edition(a, "a"), build_edition(b, "b"))
    got = d.counts()
    assert {k: got[k] for k in ("text", "obligation", "renumbered", "retitled", "removed", "added")} == \
        {k: done[k] for k in ("text", "obligation", "renumbered", "retitled", "removed", "added")}
    assert got["moved"] == 0  # an insertion does not move its later siblings


def test_interleaved_runs_each_function_in_turn_at_least_three_times() -> None:
    order: list[str] = []
    r = common.interleaved(1, {"a": lambda k: order.append(f"a{k}"), "b": lambda k: common.Measured(0.5, order.append(f"b{k}"))})
    assert order == ["a0", "b0", "a1", "b1", "a2", "b2"]
    assert r["b"] == {"median": 0.5, "min": 0.5, "max": 0.5, "runs": [0.5] * 3}
    assert r["a"]["min"] <= r["a"]["median"] <= r["a"]["max"]
    assert "load average" in common.load()


def test_peers_get_every_node_once(corpus: synth.Corpus, tmp_path: Path) -> None:
    editions = list(Corpus.load(corpus.root).editions.values())
    assert peers.write_doorstop(editions, tmp_path / "d") == corpus.nodes
    items = sorted((tmp_path / "d" / "reqs").rglob("E*.yml"))
    assert len(items) == corpus.nodes
    first = yaml.safe_load(items[0].read_text(encoding="utf-8"))
    node = next(editions[0].walk())
    assert first["header"] == node.title.get("en") and node.summary.get("en") in first["text"]
    assert yaml.safe_load((tmp_path / "d" / "reqs" / "E001" / ".doorstop.yml").read_text())["settings"]["parent"] == "E000"
    assert peers.write_strictdoc(editions, tmp_path / "s") == corpus.nodes
    sdoc = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "s").glob("*.sdoc")))
    assert sdoc.count("[REQUIREMENT]") == corpus.nodes and sdoc.count(">>>") == sdoc.count("<<<") == corpus.nodes


def test_the_floor_runs_only_the_c_safe_loader() -> None:
    import yaml

    assert bench_validate.floor_parse(b"a: yes\n", bench_validate.yaml12_loader()) == {"a": "yes"}
    with pytest.raises(TypeError):
        bench_validate.floor_parse(b"a: 1\n", yaml.UnsafeLoader)


def test_doorstop_links_each_edition_to_the_same_ids_of_the_one_before_in_one_language(
        corpus: synth.Corpus, tmp_path: Path) -> None:
    editions = list(Corpus.load(corpus.root).editions.values())
    peers.write_doorstop(editions, tmp_path / "d")
    peers.write_doorstop(editions, tmp_path / "n", links=False)
    for i, ed in enumerate(editions):
        doc = tmp_path / "d" / "reqs" / f"E{i:03d}"
        settings = yaml.safe_load((doc / ".doorstop.yml").read_text())["settings"]
        before = [k for k in range(i) if editions[k].standard == ed.standard]
        assert settings.get("parent") == (f"E{before[-1]:03d}" if before else None if i == 0 else "E000")
        for node, item in zip(ed.walk(), sorted(doc.glob("E*.yml"))):
            data = yaml.safe_load(item.read_text(encoding="utf-8"))
            assert not any("\u4e00" <= c <= "\u9fff" for c in data["text"])  # one language: no Chinese
            if before:  # the link names the item of the same node id in the edition before
                [link] = data["links"]
                [uid] = link
                target = yaml.safe_load((tmp_path / "d" / "reqs" / f"E{before[-1]:03d}" / f"{uid}.yml").read_text())
                assert target["header"] == data["header"] == node.title.get("en")
            else:
                assert data["links"] == []
    for item in (tmp_path / "n" / "reqs").rglob("E*.yml"):
        assert yaml.safe_load(item.read_text(encoding="utf-8"))["links"] == []


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="Linux's VmHWM")
def test_a_builds_peak_memory_is_its_own_not_the_runners(tmp_path: Path) -> None:
    """The site bench's peak memory comes from the build's own process. getrusage's
    ru_maxrss keeps, across exec, the peak of the process it was forked from: after the
    diff bench the runner held 2.75 GB, and every build reported 2.75 GB."""
    import subprocess

    import bench_site

    held = bytearray(300 * 1024 * 1024)
    held[::4096] = b"\1" * len(held[::4096])  # touched: resident in this process
    out = tmp_path / "peak"
    proc = subprocess.run([sys.executable, "-c", bench_site._PEAK, str(out), "--version"], capture_output=True,
                          text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    own, children = map(int, out.read_text().split())
    assert 0 < own < 200 * 1024, own  # KB: mkdocs' start-up, not this process's 300 MB
    del held
