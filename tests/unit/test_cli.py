"""The command-line contract: exit codes, formats, --output, errors without tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, tree_digest
from lode.validate.cache import Cache
from lode.validate.run import validate

CASES = REPO / "tests" / "cases" / "validate"
MINIMAL = CASES / "positive" / "minimal"
DUPLICATE = CASES / "negative" / "duplicate-id"


def test_json_output_equals_the_library_report(run_lode) -> None:
    code, out, _ = run_lode("validate", "--root", str(DUPLICATE), "--format", "json", "--no-cache")
    assert code == 1
    assert json.loads(out) == validate(DUPLICATE).to_dict()


def test_two_runs_give_byte_identical_reports(run_lode) -> None:
    first = run_lode("validate", "--root", str(DUPLICATE), "--format", "sarif", "--no-cache")
    second = run_lode("validate", "--root", str(DUPLICATE), "--format", "sarif", "--no-cache")
    assert first == second


def test_sarif_is_structurally_valid(run_lode) -> None:
    _, out, _ = run_lode("validate", "--root", str(DUPLICATE), "--format", "sarif", "--no-cache")
    sarif = json.loads(out)
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_paths_restrict_the_report_but_not_the_cross_checks(run_lode, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "negative" / "unresolved-ref-node", repo)
    code, out, _ = run_lode("validate", str(repo / "standards/demo/2020.yaml"), "--no-cache")
    assert code == 0 and "unresolved-ref" not in out
    code, out, _ = run_lode("validate", str(repo / "standards/demo/2024.yaml"), "--no-cache")
    assert code == 1 and "error[unresolved-ref]" in out


def test_root_is_found_from_the_current_folder(run_lode, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(MINIMAL / "standards" / "demo")
    code, out, _ = run_lode("validate", "--no-cache")
    assert code == 0 and out.endswith("checked 3 files: 0 errors, 0 warnings\n")


def test_no_standards_folder_is_a_usage_error(run_lode, tmp_path: Path) -> None:
    code, out, err = run_lode("validate", "--root", str(tmp_path))
    assert code == 2 and out == ""
    assert "error[no-standards]" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [["validate", "--format", "xml"], ["validate", "/no/such/path"], ["frobnicate"]])
def test_bad_usage_exits_2(run_lode, args: list[str]) -> None:
    code, _, err = run_lode(*args)
    assert code == 2 and "Traceback" not in err


def test_output_file_is_written_and_nothing_else(run_lode, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(DUPLICATE, repo)
    before = tree_digest(repo)
    report = tmp_path / "out" / "report.json"
    code, out, _ = run_lode("validate", "--root", str(repo), "--format", "json", "-o", str(report), "--no-cache")
    assert code == 1 and out == ""
    assert json.loads(report.read_text())["counts"]["error"] == 1
    assert tree_digest(repo) == before
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.json"]  # no temp file left


def test_unwritable_output_exits_5_and_changes_nothing(run_lode, tmp_path: Path) -> None:
    # A path below a regular file cannot be created, whoever runs the test (even root).
    blocker = tmp_path / "report.txt"
    blocker.write_text("previous report\n")
    before = tree_digest(tmp_path)
    code, out, err = run_lode("validate", "--root", str(MINIMAL), "-o", str(blocker / "new.txt"), "--no-cache")
    assert code == 5 and out == ""
    assert "error[write-failed]" in err and "Traceback" not in err
    assert tree_digest(tmp_path) == before


def test_internal_error_exits_70_without_traceback(run_lode, monkeypatch: pytest.MonkeyPatch) -> None:
    import lode.cli.validate

    def boom(*_a, **_k):
        raise KeyError("simulated bug")

    monkeypatch.setattr(lode.cli.validate, "validate_repo", boom)
    code, _, err = run_lode("validate", "--root", str(MINIMAL))
    assert code == 70
    assert "internal error" in err and "Traceback" not in err


def test_the_installed_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "lode"
    proc = subprocess.run([str(exe), "validate", "--root", str(DUPLICATE), "--no-cache"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == (DUPLICATE / "expected.txt").read_text()


def test_cache_gives_the_same_report_and_is_refreshed_by_an_edit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo)
    cache = Cache(tmp_path / "cache")
    cold = validate(repo, cache=cache)
    assert any((tmp_path / "cache").rglob("*")), "the cache was not filled"
    assert validate(repo, cache=cache) == cold
    edition = repo / "standards/demo/2024.yaml"
    edition.write_text(edition.read_text().replace("id: third-party-audit", "id: policy"))
    warm = validate(repo, cache=cache)
    assert [f.code for f in warm.findings] == ["duplicate-id"]
    assert warm == validate(repo)


def test_corrupt_cache_entries_are_ignored(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cold = validate(MINIMAL, cache=cache)
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:-7] + b"garbage")
    assert validate(MINIMAL, cache=cache) == cold
