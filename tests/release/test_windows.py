"""Applicability windows as data: ``effective`` and ``last-reportable`` on an edition,
and a finding when a reporting period (by its end date) falls outside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from release_helpers import commit_edit, git, isolated_git, repo  # noqa: F401 - fixtures

from lode.core.errors import LodeError
from lode.release import make
from lode.model.window import parse_period
from lode.release.pins import Pin, applicability, resolve

ED_2020 = "standards/demo/2020.yaml"
WINDOW = 'published: "2020-05-01"\n  effective: "2020-07-01"\n  last-reportable: "2024-12-31"'


@pytest.mark.parametrize("period, outside", [
    ("2019", "before"), ("2020-06-30", "before"), ("2020", None), ("2020-07-01", None), ("2024", None),
    ("2024-01-01/2024-12-31", None), ("2025-01-01/2025-06-30", "after"), ("2025", "after")])
def test_a_period_outside_the_window_is_a_finding(repo: Path, period: str, outside: str | None) -> None:
    commit_edit(repo, ED_2020, 'published: "2020-05-01"', WINDOW)
    make.release(repo, Pin.parse("demo@2020").ref)
    r = resolve(repo, "demo@2020/r1")
    assert (r.edition.effective, r.edition.last_reportable) == ("2020-07-01", "2024-12-31")
    found = applicability(r.edition, period, "disclosure.yaml", 3, 7)
    if outside is None:
        assert found == []
    else:
        assert [f.code for f in found] == ["period-window"] and outside in found[0].message
        assert (found[0].path, found[0].line, found[0].col) == ("disclosure.yaml", 3, 7)


def test_no_declared_end_no_limit_after(repo: Path) -> None:
    # demo@2020 declares only `published`: a late period is fine, an earlier one is not
    ed = resolve(repo, "demo@2020").edition
    assert applicability(ed, "2030") == []
    assert [f.code for f in applicability(ed, "1990")] == ["period-window"]


def test_the_window_is_validated_as_dates(repo: Path, run_lode) -> None:
    commit_edit(repo, ED_2020, 'published: "2020-05-01"', WINDOW.replace("2024-12-31", "2024-02-30"))
    code, out, _ = run_lode("validate", "--root", str(repo), "--no-cache")
    assert code == 1 and "2020.yaml:11:20: error[schema-format] '2024-02-30' is not a valid date" in out


def test_verify_period_on_the_command_line(repo: Path, run_lode) -> None:
    commit_edit(repo, ED_2020, 'published: "2020-05-01"', WINDOW)
    make.release(repo, Pin.parse("demo@2020").ref)
    code, out, _ = run_lode("verify", "demo@2020/r1", "--period", "2025", "--root", str(repo))
    assert code == 1 and "error[period-window]" in out and "2024-12-31" in out
    code, _, err = run_lode("verify", "demo@2020/r1", "--period", "last year", "--root", str(repo))
    assert code == 2 and "error[usage]" in err


def test_bad_periods_are_refused() -> None:
    for bad in ("25", "2025-13-01", "soon", "2025/2026/2027"):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_verify_and_check_judge_a_period_by_one_rule(repo: Path) -> None:
    """The same edition and period give the same problems to `lode verify --period` and to
    a disclosure's period in `lode check` (one rule, model/window.py)."""
    from lode.model import window

    commit_edit(repo, ED_2020, 'published: "2020-05-01"', WINDOW)
    make.release(repo, Pin.parse("demo@2020").ref)
    ed = resolve(repo, "demo@2020/r1").edition
    for period in ("2019", "2025", "2022"):
        start, end = parse_period(period)
        assert [f.message for f in applicability(ed, period)] == window.problems(str(ed.ref), ed.dates, start, end)
