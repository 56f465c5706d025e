"""One check registry for validation and disclosure checks (issue 25): a disclosure check
is one decorated function in the ``disclosure`` scope, and ``lode check`` runs it with no
other edit anywhere."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import REPO
from lode.core.codes import CODES
from lode.core.findings import Finding
from lode.disclose import checks
from lode.validate import registry

EX = REPO / "examples" / "disclosures"


@pytest.fixture
def planted() -> Iterator[str]:
    """A disclosure check registered the way every check is, removed again afterwards."""
    before = list(registry.CHECKS["disclosure"])

    @registry.check("disclosure", registry.code("test-entity-named", "warning", "a test check saw the file",
                                                "nothing to do: a test registered this check"))
    def entity_named(d: Any, spec: Any, judged: Any, schema_failed: set[str]) -> Iterator[Finding]:
        # reads what an earlier check recorded: the accepted facts
        yield Finding.make("test-entity-named", f"{len(judged.facts)} facts of {spec.ref}", d.path, 1, 1)

    yield "test-entity-named"
    registry.CHECKS["disclosure"][:] = before
    registry._FUNCTIONS["disclosure"] = tuple(c.fn for c in before)  # noqa: SLF001
    del CODES["test-entity-named"]


def test_a_check_registered_in_the_disclosure_scope_is_run_by_lode_check(run_lode: Any, planted: str) -> None:
    code, out, _ = run_lode("check", str(EX / "passing.yaml"), "--root", str(REPO), "--format", "json")
    findings = json.loads(out)["verdicts"][0]["findings"]
    mine = [f for f in findings if f["code"] == planted]
    assert len(mine) == 1 and mine[0]["message"].endswith("facts of cma-esg-disclosure@2025")
    assert not mine[0]["message"].startswith("0 "), "the check ran before the ids were read"
    assert code == 0  # a warning: the file still passes


def test_judge_names_no_check_and_the_scope_holds_the_disclosure_checks() -> None:
    names = [c.name for c in registry.CHECKS["disclosure"]]
    assert names[:5] == ["known_ids", "units", "screening", "answered", "period"]
    assert registry.functions("disclosure") == tuple(c.fn for c in registry.CHECKS["disclosure"])
    source = checks.judge.__code__.co_names
    assert not {"known_ids", "units", "screening", "answered", "period"} & set(source)
    # every code a disclosure check emits is a registered content code
    assert all(CODES[c].klass == "content" for chk in registry.CHECKS["disclosure"] for c in chk.codes)
