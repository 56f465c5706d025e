"""Dogfooding: the shipped corpus passes Lode's own validator.

Id and number uniqueness, references, lineage and supersedes chains are the
validator's job; this test runs it on the real repository. The only findings allowed
are the completeness notes (info) of editions whose official text is not fully authored.
"""

from __future__ import annotations

from corpus_helpers import ROOT
from lode.validate.run import validate


def test_the_shipped_corpus_validates_with_only_completeness_notes() -> None:
    report = validate(ROOT)
    assert report.exit_code(strict=True) == 0
    assert {f.code for f in report.findings} <= {"incomplete"}
    assert report.files >= 20
    disclosure = [c for c in report.stats["completeness"] if c["edition"] == "cma-esg-disclosure@2025"]
    assert disclosure == [{"edition": "cma-esg-disclosure@2025", "kind": "metric", "expected": 115,
                           "authored": disclosure[0]["authored"]}]
    assert 0 < disclosure[0]["authored"] < 115
