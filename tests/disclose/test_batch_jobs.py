"""A batch checked in two processes gives the verdicts of one process, in the same order
(the parent's objects are frozen out of the collector before the fork; issue 26)."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

from lode.disclose.batch import check_many
from lode.read.loader import load_file

REPO = Path(__file__).resolve().parents[2]
EX = REPO / "examples" / "disclosures"


def _files(tmp: Path) -> list[Path]:
    base = load_file(EX / "passing.yaml", "x").data
    out = []
    for i in range(60):
        d = json.loads(json.dumps(base))
        d["entity"]["name"] = f"Company {i}"
        d["facts"]["ghg-scope-2"]["value"] = i * 1000
        if i % 4 == 1:  # a wrong enum value and a unit that does not convert
            d["facts"]["green-mine-listing"]["value"] = "regional"
            d["facts"]["ghg-scope-2"]["unit"] = "m3"
        if i % 4 == 2:
            del d["facts"]["ghg-scope-2"]  # a required metric missing
        p = tmp / f"d{i:03d}.json"
        p.write_text(json.dumps(d, ensure_ascii=False, indent=1 if i % 3 else None), encoding="utf-8")
        out.append(p)
    for name in ("failing.yaml", "passing.yaml", "dual-listed-miner-2025.yaml", "dual-listed-miner-2025-failing.yaml"):
        shutil.copy(EX / name, tmp / name)
        out.append(tmp / name)
    (tmp / "broken.yaml").write_text("lode-disclosure: 1\nfacts: &a {}\n", encoding="utf-8")
    out.insert(7, tmp / "broken.yaml")
    return out


def test_two_processes_give_one_process_verdicts_in_order(tmp_path: Path) -> None:
    files = _files(tmp_path)
    one = check_many(files, REPO, jobs=1)
    was_frozen = gc.get_freeze_count()
    seen: list[tuple[int, int, str]] = []
    two = check_many(files, REPO, jobs=2, progress=lambda i, n, f: seen.append((i, n, f)))
    assert gc.get_freeze_count() == was_frozen  # the parent's objects are handed back to the collector
    # progress counts the files of both processes, rising to the whole batch
    counts = [i for i, _, _ in seen]
    assert counts == sorted(set(counts)) and counts[-1] == len(files) and {n for _, n, _ in seen} == {len(files)}
    assert {f for _, _, f in seen} <= {str(f) for f in files}
    assert [v.file for v in two] == [v.file for v in one]
    assert two == one
    # a child's findings come back as messages (each keeps its template, so it is shown in
    # the reader's language), with their severities, as this process's own do
    def said(vs: list) -> list:
        return [(type(x), getattr(x, "template", None), f.severity) for v in vs for f in v.findings
                for x in (f.message, f.hint)]
    assert said(two) == said(one) and any(t for _, t, _ in said(two))
    statuses = {(v.passed, bool(v.refused)) for v in one}
    assert statuses == {(True, False), (False, False), (False, True)}, "passing, failing and refused files"


def test_a_batch_read_in_chunks_gives_each_file_its_own_verdicts(tmp_path: Path) -> None:
    """The batch reads files a chunk at a time before checking them; every file's verdicts
    are still those ``check_one`` gives it alone, in order, refused files and a file whose
    pin does not resolve included, and progress counts every file once."""
    from lode.disclose.batch import CHUNK, check_one

    files = _files(tmp_path)
    bad_pin = tmp_path / "bad-pin.json"
    bad_pin.write_text(files[0].read_text(encoding="utf-8").replace("cma-esg-disclosure@2025", "cma-esg-disclosure@1999"),
                       encoding="utf-8")
    files.insert(CHUNK + 3, bad_pin)  # inside the second chunk
    assert len(files) > 2 * CHUNK
    seen: list[tuple[int, int, str]] = []
    got = check_many(files, REPO, jobs=1, progress=lambda i, n, f: seen.append((i, n, f)))
    alone = [v for f in files for v in check_one(f, REPO, display=str(f))]
    assert got == alone
    assert [i for i, _, _ in seen] == list(range(1, len(files) + 1)) and {n for _, n, _ in seen} == {len(files)}
    assert [f for _, _, f in seen] == [str(f) for f in files]
    refused = {v.file for v in got if v.refused}
    assert refused == {str(tmp_path / "broken.yaml"), str(bad_pin)}


def test_any_mix_of_files_gets_each_files_own_verdicts_in_order(tmp_path: Path) -> None:
    """A property over the batch's chunks, whose bytes are all read before any is parsed
    (read_disclosures): whatever the mix and order of passing, failing, unreadable and
    wrongly pinned files, workbooks (a template, a corrupt one), a folder, and files of
    arbitrary bytes, and however many (across chunk boundaries), every file's verdicts
    are those it gets alone, in order."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from lode.disclose.batch import CHUNK, check_one
    from lode.disclose.run import target
    from lode.disclose.template import write_template

    kinds = _files(tmp_path)
    bad_pin = tmp_path / "bad-pin.json"
    bad_pin.write_text(kinds[0].read_text(encoding="utf-8").replace("cma-esg-disclosure@2025", "cma-esg-disclosure@1999"),
                       encoding="utf-8")
    t = target(REPO, "cma-esg-disclosure@2025")
    (tmp_path / "template.xlsx").write_bytes(write_template(t.spec, "cma-esg-disclosure@2025", t.digest))
    (tmp_path / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    (tmp_path / "folder.json").mkdir()
    pool = [kinds[0], kinds[1], tmp_path / "broken.yaml", bad_pin, tmp_path / "failing.yaml", tmp_path / "absent.json",
            tmp_path / "template.xlsx", tmp_path / "corrupt.xlsx", tmp_path / "folder.json"]
    alone = {p: check_one(p, REPO, display=str(p)) for p in pool}
    arbitrary = st.tuples(st.binary(max_size=200), st.sampled_from([".json", ".yaml"]))

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.one_of(st.sampled_from(pool), arbitrary), min_size=0, max_size=2 * CHUNK + 5))
    def check(picked: list) -> None:
        files = []
        for i, item in enumerate(picked):
            if isinstance(item, tuple):  # arbitrary bytes, written afresh for this example
                item = tmp_path / f"arbitrary-{i}{item[1]}"
                item.write_bytes(picked[i][0])
                alone[item] = check_one(item, REPO, display=str(item))
            files.append(item)
        assert check_many(files, REPO, jobs=1) == [v for p in files for v in alone[p]]

    check()


def test_a_batch_leaves_no_cyclic_garbage_and_gives_the_collector_back(tmp_path: Path) -> None:
    """The batch pauses the cyclic collector (core/perf.py): that is safe only while
    checking a file, passing, failing or refused, leaves no reference cycle behind."""
    files = _files(tmp_path)
    for name, text in {"overflow.json": '{"facts": {"ghg-scope-1": {"value": 1e400, "unit": "tCO2e"}}}',
                       "nan-unit.yaml": "lode-disclosure: 1\npin: cma-esg-disclosure@2025\n"
                                        "facts: {ghg-scope-1: {value: 1, unit: nan * %}}\n",
                       "no-pin.yaml": "lode-disclosure: 1\nfacts: {}\n"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    check_many(files, REPO)  # what a process makes once (the edition, the unit registry) is made here
    gc.collect()
    paused: list[bool] = []
    verdicts = check_many(files, REPO, progress=lambda *_: paused.append(not gc.isenabled()))
    assert paused and all(paused) and gc.isenabled()
    assert {v.status for v in verdicts} >= {"PASS", "FAIL", "REJECTED", "NOT CHECKED"}
    # Counted with the collector off until the count: turned on, it would collect a cycle
    # at the next allocation, before anything could count it.
    gc.disable()
    try:
        check_many(files, REPO)
        left = gc.collect()
    finally:
        gc.enable()
    assert left == 0  # reference counting freed all a file left



def test_a_batch_is_read_in_groups_of_bounded_input_every_file_once_in_order(tmp_path: Path) -> None:
    """A batch holds a group's documents while it checks them, so a group is at most a
    budget of input, or one file (5 MB at most): whatever the sizes, unreadable files and
    arbitrary bytes, every file comes back once, in order, read as it is read alone."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from lode.core.errors import LoadError
    from lode.disclose.document import read_disclosure, read_disclosures

    budget = 3000
    base = json.loads((EX / "passing.json").read_text(encoding="utf-8"))
    made: dict[tuple, Path] = {}

    def file(item: tuple) -> Path:
        if item not in made:
            kind, n = item
            p = made[item] = tmp_path / f"{kind}-{n}-{len(made)}.json"
            if kind == "padded":  # a passing file, a note making it about n bytes longer
                p.write_text(json.dumps({**base, "note": "x" * n}), encoding="utf-8")
            elif kind == "bytes":
                p.write_bytes(bytes(range(256)) * (n // 256) + b"{")
            # "absent": never written
        return made[item]

    def alone(p: Path) -> object:
        try:
            d = read_disclosure(p)
            return d.digest, d.data
        except LoadError as e:
            return e.findings

    items = st.tuples(st.sampled_from(["padded", "bytes", "absent"]), st.integers(0, 2 * budget))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(items, max_size=12))
    def check(picked: list) -> None:
        paths = [file(i) for i in picked]
        groups = list(read_disclosures(paths, budget))
        assert [p for g in groups for p, _ in g] == paths
        for g in groups:
            assert g, "no empty group"
            if len(g) > 1:
                assert sum(p.stat().st_size for p, _ in g if p.exists()) <= budget
        for p, d in (x for g in groups for x in g):
            assert (d.findings if isinstance(d, LoadError) else (d.digest, d.data)) == alone(p)

    check()
