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
from typing import Any, Callable

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


def run(tmp: Path, n: int, seed: int, print_table: Callable[..., None]) -> dict[str, Any]:
    from jsonschema import Draft202012Validator, FormatChecker

    from lode.disclose.batch import check_many
    from lode.disclose.document import read_disclosure
    from lode.disclose.run import target
    from lode.disclose.schema import compiled

    print(f"disclosures: generating {n:,} files ...", file=sys.stderr, flush=True)
    paths = generate(tmp / "disclosures", n, seed)
    t = target(REPO, "cma-esg-disclosure@2025")
    compiled(t.spec, t.digest)  # compile outside the timing, as a long batch would amortise it
    # Per core means CPU time: on a shared machine, wall time also counts the other users.
    start, wall = time.process_time(), time.perf_counter()
    verdicts = check_many(paths, REPO, jobs=1)
    lode_s, lode_wall = time.process_time() - start, time.perf_counter() - wall
    failed = sum(not v.passed for v in verdicts)
    assert not any(v.refused for v in verdicts), "a generated file was rejected"
    assert failed == n // 5, f"{failed} failed; the generator made {n // 5} failing files"
    slow = Draft202012Validator(compiled(t.spec, t.digest).schema, format_checker=FormatChecker())
    start = time.process_time()
    floor_failed = sum(bool(next(slow.iter_errors(read_disclosure(p).data), None)) for p in paths)
    floor_s = time.process_time() - start
    assert floor_failed == failed, "python-jsonschema and lode disagree on the verdicts"
    jobs_start = time.perf_counter()
    check_many(paths, REPO, jobs=2)
    jobs_s = time.perf_counter() - jobs_start
    r = {"files": n, "failed": failed, "lode_cpu_s": lode_s, "lode_wall_s": lode_wall, "lode_files_per_s_core": n / lode_s,
         "floor_cpu_s": floor_s, "floor_files_per_s_core": n / floor_s, "jobs2_s": jobs_s,
         "jobs2_files_per_s": n / jobs_s, "ratio_floor_lode": floor_s / lode_s}
    print_table("disclosures", ["measure", "time", "files/s/core"], [
        [f"lode check library, 1 process ({n:,} files, {failed:,} failing), CPU time", f"{lode_s:.2f}s",
         f"{n / lode_s:,.0f}"],
        ["floor: python-jsonschema only, same files, same loader, CPU time", f"{floor_s:.2f}s",
         f"{n / floor_s:,.0f}"],
        ["lode check library, --jobs 2, wall time (files/s for both cores)", f"{jobs_s:.2f}s",
         f"{n / jobs_s:,.0f}"],
    ], [f"lode is {floor_s / lode_s:.1f}x the floor's throughput; aim >= 1,000 files/s/core"])
    return r
