"""The disclosure benchmark: ``lode check``'s library on N generated disclosures (JSON
and YAML, one in five failing), in files per second per core, beside python-jsonschema
alone validating the same files against the same generated schema (the floor: what the
verdict would cost without the compiled engine). Both read the files through Lode's
safe loader, so the ratio is about validation, not parsing."""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


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
    from common import Measured, fmt_stat, interleaved, print_table
    from jsonschema import Draft202012Validator, FormatChecker
    from lode.disclose.batch import check_many
    from lode.disclose.document import read_disclosure
    from lode.disclose.run import target
    from lode.disclose.schema import compiled

    print(f"disclosures: generating {n:,} files ...", file=sys.stderr, flush=True)
    paths = generate(tmp / "disclosures", n, seed)
    t = target(REPO, "cma-esg-disclosure@2025")
    compiled(t.spec, t.digest)  # compile outside the timing, as a long batch would amortise it
    slow = Draft202012Validator(compiled(t.spec, t.digest).schema, format_checker=FormatChecker())
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

    def floor(_: int) -> Measured:
        start = time.process_time()
        verdicts["floor"] = sum(bool(next(slow.iter_errors(read_disclosure(p).data), None)) for p in paths)
        return Measured(time.process_time() - start)

    def jobs2(_: int) -> None:
        check_many(paths, REPO, jobs=2)  # wall clock (interleaved() times it)

    r: dict[str, Any] = interleaved(rounds, {"lode": lode, "floor": floor, "jobs2": jobs2})
    failed = verdicts["lode"]
    if failed != n // 5 or verdicts["floor"] != failed:
        raise AssertionError(f"{failed} failed (python-jsonschema: {verdicts['floor']}); the generator made {n // 5}")
    per_s = lambda k: f"{n / r[k]['median']:,.0f} ({n / r[k]['max']:,.0f}–{n / r[k]['min']:,.0f})"  # noqa: E731
    r.update({"files": n, "failed": failed, "lode_files_per_s_core": n / r["lode"]["median"],
              "floor_files_per_s_core": n / r["floor"]["median"], "jobs2_files_per_s": n / r["jobs2"]["median"],
              "ratio_floor_lode": r["floor"]["median"] / r["lode"]["median"]})
    print_table("disclosures", ["measure", "seconds, median (min–max)", "files/s/core"], [
        [f"lode check library, 1 process ({n:,} files, {failed:,} failing), CPU time", fmt_stat(r["lode"]),
         per_s("lode")],
        ["floor: python-jsonschema only, same files, same loader, CPU time", fmt_stat(r["floor"]), per_s("floor")],
        ["lode check library, --jobs 2, wall time (files/s for both cores)", fmt_stat(r["jobs2"]), per_s("jobs2")],
    ], [f"{len(r['lode']['runs'])} interleaved rounds; lode is {r['ratio_floor_lode']:.1f}x the floor's throughput; "
        "goal >= 1,000 files/s/core"])
    return r
