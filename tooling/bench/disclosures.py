"""The disclosure benchmark: ``lode check``'s library on N generated disclosures (JSON
and YAML, one in five failing), in files per second per core, beside jsonschema-rs
alone validating the same files against the same generated schema (the floor: the
compiled engine Lode itself uses, with nothing around it; issue 26), and
python-jsonschema for reference. All read the files through Lode's safe loader, so the
ratios are about the checks, not parsing; the floor reads them as Lode's batch does (a
group's bytes, then its parsing), and beside it a file at a time as it did before. With
``--jobs 2`` Lode is compared with the floor run in two processes the same way (forked
by ``core/forked``, this process working too, each child's answers sent back in a few
messages: the same work), and beside that with the floor's single-core rate doubled
(perfect scaling, which no two processes reach)."""

from __future__ import annotations

import json
import random
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FLOOR_CHUNK = 8  # files the floor reads at a time (see run())


def generate(out: Path, n: int, seed: int = 0) -> list[Path]:
    from lode.read.loader import load_file

    base = load_file(REPO / "examples" / "disclosures" / "passing.yaml", "x").data
    rnd = random.Random(seed)
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        d = json.loads(json.dumps(base))
        d["entity"]["name"] = f"Company {i}"
        d["facts"]["ghg-scope-2"]["value"] = rnd.randint(0, 10**6)
        d["facts"]["water-withdrawal-total"]["value"] = rnd.random() * 1e7
        if i % 5 == 4:  # a failing one: a wrong enum value and a unit that does not convert
            d["facts"]["green-mine-listing"]["value"] = "regional"
            d["facts"]["ghg-scope-2"]["unit"] = "m3"
        p = out / f"d{i:05d}.{'yaml' if i % 10 in (3, 9) else 'json'}"
        if p.suffix == ".yaml":
            with open(p, "w", encoding="utf-8") as f:
                yaml.dump(d, f)
        else:
            p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
        paths.append(p)
    return paths


def run(tmp: Path, n: int, seed: int, rounds: int) -> dict[str, Any]:
    from common import Measured, fmt_ratio, fmt_stat, interleaved, print_table, round_ratios, stat
    import jsonschema_rs
    from jsonschema import Draft202012Validator, FormatChecker
    from lode.core import forked
    from lode.disclose.batch import check_many
    from lode.disclose.document import read_disclosure, read_disclosures
    from lode.disclose.run import target
    from lode.disclose.schema import compiled

    print(f"disclosures: generating {n:,} files ...", file=sys.stderr, flush=True)
    paths = generate(tmp / "disclosures", n, seed)
    t = target(REPO, "cma-esg-disclosure@2025")
    compiled(t.spec, t.digest)  # compile outside the timing, as a long batch would amortise it
    # One file of each kind (passing, failing; JSON, YAML) checked before timing: what a
    # process loads once, on first use (the unit registry, a failing fact's validator), is
    # start-up (the start-up benchmark's), not a file's check. It was 0.4-0.7 s of the first
    # round at 3,000 files, the lode column's median when the rounds were few.
    check_many(paths[:10], REPO)
    slow = Draft202012Validator(compiled(t.spec, t.digest).schema, format_checker=FormatChecker())
    fast = jsonschema_rs.validator_for(compiled(t.spec, t.digest).schema, validate_formats=True, offline=True)
    verdicts: dict[str, int] = {}

    # Per core means CPU time: on a shared machine, wall time also counts the other users.
    def lode(_: int) -> Measured:
        start = time.process_time()
        got = check_many(paths, REPO, jobs=1)
        s = time.process_time() - start
        if any(v.refused for v in got):
            raise AssertionError("a generated file was rejected")
        verdicts["lode"] = sum(not v.passed for v in got)
        return Measured(s)

    # The floor reads the files as Lode's batch does, a group's bytes before parsing any of
    # it (read_disclosures): the same work, done the fastest way the loader offers. Its
    # own fastest is 8 files at a time, not Lode's 24 (paired rounds against 8: 4 to 16
    # within 2%, 24 2.3% slower, one at a time 13% slower), so it is timed at 8.
    parts = [paths[i:i + FLOOR_CHUNK] for i in range(0, n, FLOOR_CHUNK)]

    def floor_part(part: list[Path]) -> list[bool]:
        return [fast.is_valid(d.data) for group in read_disclosures(part) for _, d in group]  # type: ignore[union-attr]

    def floor(_: int) -> Measured:
        start = time.process_time()
        verdicts["floor"] = sum(not ok for part in parts for ok in floor_part(part))
        return Measured(time.process_time() - start)

    def floor_by_file(_: int) -> Measured:  # the floor until issue 26's fifth pass: a file read, then validated
        start = time.process_time()
        verdicts["floor_by_file"] = sum(not fast.is_valid(read_disclosure(p).data) for p in paths)
        return Measured(time.process_time() - start)

    def python_jsonschema(_: int) -> Measured:
        start = time.process_time()
        verdicts["python"] = sum(bool(next(slow.iter_errors(read_disclosure(p).data), None)) for p in paths)
        return Measured(time.process_time() - start)

    # Wall clock (interleaved() times the call). Each returns what it made, so freeing it
    # falls after the timing, as it does for the one-process figures (freeing 5,000
    # verdicts took 8.5-9.4 ms; the floor's list of booleans, next to nothing).
    def jobs2(_: int) -> list[Any]:
        return check_many(paths, REPO, jobs=2)

    def floor_jobs2(_: int) -> list[list[bool]]:
        return forked.run([partial(floor_part, c) for c in parts], 2)

    def count_floor2(out: list[list[bool]]) -> None:  # after the timing
        verdicts["floor2"] = sum(not ok for part in out for ok in part)

    r: dict[str, Any] = interleaved(rounds, {"lode": lode, "floor": floor, "floor_by_file": floor_by_file,
                                             "python_jsonschema": python_jsonschema, "jobs2": jobs2,
                                             "floor_jobs2": floor_jobs2}, checks={"floor_jobs2": count_floor2})
    failed = verdicts["lode"]
    if failed != n // 5 or verdicts["python"] != failed or \
            any(verdicts[k] != failed for k in ("floor", "floor_by_file", "floor2")):
        raise AssertionError(f"{failed} failed (jsonschema-rs: {verdicts['floor']}, python-jsonschema: "
                             f"{verdicts['python']}); the generator made {n // 5}")
    per_s = lambda k: f"{n / r[k]['median']:,.0f} ({n / r[k]['max']:,.0f}–{n / r[k]['min']:,.0f})"  # noqa: E731
    r.update({"files": n, "failed": failed, "lode_files_per_s_core": n / r["lode"]["median"],
              "floor_files_per_s_core": n / r["floor"]["median"], "jobs2_files_per_s": n / r["jobs2"]["median"],
              "python_files_per_s_core": n / r["python_jsonschema"]["median"],
              "ratio_lode_floor": r["floor"]["median"] / r["lode"]["median"],
              "ratio_lode_floor_by_file": r["floor_by_file"]["median"] / r["lode"]["median"],
              "ratio_jobs2_floor": r["floor_jobs2"]["median"] / r["jobs2"]["median"],
              "ratio_jobs2_twice_floor": (n / r["jobs2"]["median"]) / (2 * n / r["floor"]["median"]),
              # the same, round by round: each round's Lode run against that round's floor
              "ratio_lode_floor_rounds": round_ratios(r["floor"], r["lode"]),
              "ratio_jobs2_floor_rounds": round_ratios(r["floor_jobs2"], r["jobs2"]),
              # What Lode adds to a file beyond the floor's work, round by round: a figure
              # that does not move when the reading both share gets cheaper (the ratio does).
              "added_us_per_file_rounds": stat([(lo - fl) / n * 1e6 for lo, fl in zip(r["lode"]["runs"],
                                                                                      r["floor"]["runs"])]),
              "ratio_jobs2_twice_floor_rounds": stat([f / (2 * j) for f, j in zip(r["floor"]["runs"],
                                                                                  r["jobs2"]["runs"])])})
    print_table("disclosures", ["measure", "seconds, median (min–max)", "files/s/core"], [
        [f"lode check library, 1 process ({n:,} files, {failed:,} failing), CPU time", fmt_stat(r["lode"]),
         per_s("lode")],
        ["floor: jsonschema-rs is_valid only, same files, same loader, CPU time", fmt_stat(r["floor"]), per_s("floor")],
        ["  the floor reading a file at a time (read, validate, next), CPU time", fmt_stat(r["floor_by_file"]),
         per_s("floor_by_file")],
        ["reference: python-jsonschema, same files, same loader, CPU time", fmt_stat(r["python_jsonschema"]),
         per_s("python_jsonschema")],
        ["lode check library, --jobs 2, wall time (files/s for both cores)", fmt_stat(r["jobs2"]), per_s("jobs2")],
        ["floor in 2 processes (forked as --jobs 2 is), wall time", fmt_stat(r["floor_jobs2"]), per_s("floor_jobs2")],
    ], [f"{len(r['lode']['runs'])} interleaved rounds; lode / floor = {r['ratio_lode_floor']:.2f}, round by round "
        f"{fmt_ratio(r['ratio_lode_floor_rounds'])} (goal ≥ 0.8), against the floor reading a file at a time "
        f"{r['ratio_lode_floor_by_file']:.2f}; Lode adds {fmt_ratio(r['added_us_per_file_rounds'], 1)} µs a file "
        f"to the floor's work, round by round; --jobs 2 / the floor in 2 processes = "
        f"{r['ratio_jobs2_floor']:.2f}, round by round {fmt_ratio(r['ratio_jobs2_floor_rounds'])} (goal ≥ 0.8); "
        f"--jobs 2 / twice the one-process floor (perfect scaling) = {r['ratio_jobs2_twice_floor']:.2f}, "
        f"round by round {fmt_ratio(r['ratio_jobs2_twice_floor_rounds'])}"])
    return r
