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
    two = check_many(files, REPO, jobs=2)
    assert gc.get_freeze_count() == was_frozen  # the parent's objects are handed back to the collector
    assert [v.file for v in two] == [v.file for v in one]
    assert two == one
    statuses = {(v.passed, bool(v.refused)) for v in one}
    assert statuses == {(True, False), (False, False), (False, True)}, "passing, failing and refused files"
