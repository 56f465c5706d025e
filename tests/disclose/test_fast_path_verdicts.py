"""``lode check``'s shortcuts give the verdict the plain path gives, byte for byte.

The shortcuts (issue 26): a JSON file read by Python's decoder with positions found by a
token scan (``read/jsonfast.py``), unit conversions and refusals cached per unit pair
(``core/units.py``), completeness tallied once per answer pattern (``disclose/verdict.py``),
known fact ids judged without pointers (``disclose/checks.py``) and failing facts
explained from jsonschema-rs's errors (``disclose/schema.py``). The plain path reads
every file through libyaml's event stream with every cache emptied before each file.
A few hundred generated files, passing and failing in many ways, in JSON (compact and
indented) and YAML, must give the same JSON verdicts both ways.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from lode.core import units
from lode.disclose import schema
from lode.disclose import verdict as verdict_module
from lode.disclose.batch import check_many
from lode.disclose.run import target
from lode.read import jsonfast
from lode.read.loader import load_file
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
PIN = "cma-esg-disclosure@2025"


def _variant(base: dict, rnd: random.Random, i: int) -> dict:
    d = json.loads(json.dumps(base))
    d["entity"]["name"] = f"Company {i} 矿业"
    facts = d["facts"]
    for _ in range(rnd.randint(0, 3)):
        kind = rnd.randrange(10)
        if kind == 0:
            facts["green-mine-listing"]["value"] = rnd.choice(["regional", "provincial", "national", 3])
        elif kind == 1:
            facts["ghg-scope-2"]["unit"] = rnd.choice(["m3", "tCO2e", "ktCO2e", "kt CO2e", "t", "furlongs"])
        elif kind == 2:
            facts.pop(rnd.choice(sorted(facts)), None)
        elif kind == 3:
            facts[rnd.choice(["ghg_scope_3", "GHG-Scope-1x", "water-withdrawl-total"])] = {"value": 1}
        elif kind == 4:
            facts["water-withdrawal-total"]["value"] = rnd.choice([-5, 1e30, "12,5", True, rnd.random() * 1e7])
        elif kind == 5:  # a screening answer: the same facts, other metrics applying
            screen = rnd.choice(["has-tailings-facilities", "has-overseas-operations"])
            if rnd.random() < 0.3:
                facts.pop(screen, None)
            elif screen in facts:
                facts[screen]["value"] = not facts[screen]["value"]
        elif kind == 6:
            d["omissions"]["ghg-scope-1"] = {"reason": "information-unavailable", "explanation": "x"}
        elif kind == 7:
            d["period"]["end"] = rnd.choice(["2031-12-31", "2025-02-30", "2025-12-31"])
        elif kind == 8:
            facts["tailings-facilities"]["value"][0]["surprise"] = 1
        else:  # a table cell the schema refuses: a missing column, an empty text, a date, a type
            row = facts["tailings-facilities"]["value"][rnd.randrange(2)]
            cell = rnd.choice(["facility-name", "country", "last-safety-review", "stored-volume"])
            change = rnd.randrange(3)
            if change == 0:
                del row[cell]
            elif change == 1:
                row[cell] = ""
            else:
                row[cell] = rnd.choice(["2025-13-01", "soon", -1, None, ["x"]])
    return d


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    base = load_file(ROOT / "examples" / "disclosures" / "passing.yaml", "x").data
    rnd = random.Random(26)
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    out = tmp_path_factory.mktemp("disclosures")
    paths = []
    for i in range(300):
        d = _variant(base, rnd, i)
        p = out / f"d{i:03d}.{('json', 'json', 'yaml')[i % 3]}"
        if p.suffix == ".yaml":
            with open(p, "w", encoding="utf-8") as f:
                yaml.dump(d, f)
        else:
            p.write_text(json.dumps(d, ensure_ascii=False, indent=(None, 2)[i % 2]), encoding="utf-8")
        paths.append(p)
    return paths


def _plain(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    monkeypatch.setattr(jsonfast, "parse", lambda *a, **k: None)  # every file through libyaml
    monkeypatch.setattr(schema, "FAST_KEYWORDS", frozenset())  # every failing fact explained by python-jsonschema
    monkeypatch.setattr(verdict_module, "_MEMO_MAX", 0)
    memo = target(ROOT, PIN).spec.completeness_memo
    out = []
    for p in paths:
        memo.clear()
        units._factor.cache_clear()
        units._accepted.cache_clear()
        out += [v.to_dict() for v in check_many([p], ROOT)]
    return out


def test_the_fast_path_and_the_plain_path_give_the_same_verdicts(files: list[Path],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [v.to_dict() for v in check_many(files, ROOT)]
    statuses = {v["status"] for v in fast}
    assert {"PASS", "FAIL"} <= statuses, statuses  # the generator made both kinds
    assert sum(v["status"] == "FAIL" for v in fast) > 50
    assert sum(1 for v in fast for f in v["findings"] if f.get("line")) > 100  # positions were needed
    plain = _plain(files, monkeypatch)
    for f, p in zip(fast, plain):
        assert json.dumps(f, sort_keys=True) == json.dumps(p, sort_keys=True), f["file"]
