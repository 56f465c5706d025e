"""Every metric-bearing edition of the corpus can be answered: a disclosure generated from
it (every metric within its bounds) passes, and the same with one required metric left out
fails naming that metric."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_helpers import ROOT, STANDARDS, standard

from lode.disclose.run import target
from lode.disclose.sample import sample_disclosure


def _editions() -> list[str]:
    out = []
    for f in sorted(STANDARDS.glob("*/standard.yaml")):
        std = f.parent.name
        for ed in standard(std).get("editions", ()):
            if target(ROOT, f"{std}@{ed}").spec.metrics:
                out.append(f"{std}@{ed}")
    return out


EDITIONS = _editions()


def test_the_corpus_has_metric_bearing_editions() -> None:
    assert "cma-esg-disclosure@2025" in EDITIONS


@pytest.mark.parametrize("ref", EDITIONS)
def test_a_generated_disclosure_passes_and_fails_without_a_required_metric(ref: str, tmp_path: Path,
                                                                            run_lode) -> None:
    spec = target(ROOT, ref).spec
    data = sample_disclosure(spec, ref)
    full = tmp_path / "full.json"
    full.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run_lode("check", str(full), "--root", str(ROOT), "--format", "json")
    v = json.loads(out)["verdicts"][0]
    assert code == 0 and v["passed"], [f["message"] for f in v["findings"]]
    assert not [f for f in v["findings"] if f["severity"] != "info"], v["findings"]
    # What a discloser must answer: required metrics, and comply-or-explain ones (a value or
    # an omission with its reason); an edition of recommended metrics only has nothing to remove.
    required = [m.id for m in spec.metrics if m.requirement in ("required", "comply-or-explain")]
    for gone in dict.fromkeys(required[:1] + required[-1:]):
        short = {**data, "facts": {k: f for k, f in data["facts"].items() if k != gone}}
        part = tmp_path / f"without-{gone}.json"
        part.write_text(json.dumps(short, ensure_ascii=False), encoding="utf-8")
        code, out, _ = run_lode("check", str(part), "--root", str(ROOT), "--format", "json")
        v = json.loads(out)["verdicts"][0]
        assert code == 1 and v["status"] == "FAIL"
        missing = [f for f in v["findings"] if f["code"] == "missing-required"]
        assert [f["message"].split()[2] for f in missing] == [gone], missing
