"""Issue 21, verdict output: caveats travel in every format (from the edition's data),
the verdict renderers share the findings renderers' hardening (attack class `output`),
one exit policy, and `--against` done by the library with units converted and the pin named."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from lode.core.codes import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_PIN, EXIT_USAGE, EXIT_WRITE
from lode.core.errors import worst_exit
from lode.core.findings import Finding
from lode.disclose.verdict import Checked, Verdict
from lode.render.verdict import VERDICT_RENDERERS

EX = REPO / "examples" / "disclosures"
CAVEAT = "30 of the 30 metrics of cma-esg-disclosure@2025 are illustrative placeholders"


def _strict(text: str) -> dict:
    def refuse(token: str) -> None:
        raise AssertionError(f"non-JSON token {token}")
    return json.loads(text, parse_constant=refuse)


# --- caveats travel ------------------------------------------------------------------------

def test_the_caveat_is_on_the_first_lines_of_every_format(run_lode) -> None:
    outs = {fmt: run_lode("check", str(EX / "passing.yaml"), "--root", str(REPO), "--format", fmt)[1]
            for fmt in ("text", "json", "junit", "sarif", "markdown")}
    assert outs["text"].startswith("PASS  ") and CAVEAT in outs["text"].splitlines()[1]
    doc = _strict(outs["json"])
    assert list(doc)[:3] == ["lode-verdicts", "lode-version", "caveats"] and CAVEAT in doc["caveats"][0]
    assert list(doc["verdicts"][0])[:4] == ["lode-verdict", "status", "passed", "caveats"]
    suite = ElementTree.fromstring(outs["junit"]).find("testsuite")
    assert CAVEAT in suite.find("properties/property[@name='caveat']").get("value")
    assert CAVEAT in suite.find("testcase/system-out").text.splitlines()[1]
    run = _strict(outs["sarif"])["runs"][0]
    assert CAVEAT in run["properties"]["caveats"][0] and CAVEAT in run["properties"]["verdicts"][0]["caveats"][0]
    md = html.unescape(outs["markdown"]).splitlines()  # Markdown data is escaped as entities
    assert md[0].startswith("**PASS**") and CAVEAT in md[2]


def test_the_caveat_comes_from_the_editions_data_not_a_flag(tmp_path: Path, run_lode) -> None:
    """The same edition with every node labelled `secondary` gives no caveat; the CMA
    edition as committed (illustrative nodes, no release, no --allow-illustrative) gives one."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "standards", repo / "standards", ignore=shutil.ignore_patterns("comments", "releases.yaml"))
    ed = repo / "standards" / "cma-esg-disclosure" / "2025.yaml"
    ed.write_text(ed.read_text(encoding="utf-8").replace("fidelity: illustrative", "fidelity: secondary"),
                  encoding="utf-8")
    _, out, _ = run_lode("check", str(EX / "passing.yaml"), "--root", str(repo), "--format", "json")
    assert _strict(out)["caveats"] == [] and "CAVEAT" not in run_lode(
        "check", str(EX / "passing.yaml"), "--root", str(repo))[1]


def test_content_index_and_template_carry_the_caveat_and_unpinned(tmp_path: Path, run_lode) -> None:
    from openpyxl import load_workbook

    _, md, _ = run_lode("index", str(EX / "passing.yaml"), "--root", str(REPO))
    assert md.splitlines()[2].startswith(f"- CAVEAT: {CAVEAT}")
    run_lode("template", "cma-esg-disclosure@2025", "-o", str(tmp_path / "t.xlsx"), "--root", str(REPO))
    header = load_workbook(tmp_path / "t.xlsx")["Disclosure"]["C1"].value
    assert "UNPINNED" in header and "未固定版本" in header and "CAVEAT: 30 of the 30 metrics" in header


def test_the_template_header_is_one_function_of_pin_and_digest() -> None:
    from lode.disclose.run import target
    from lode.disclose.template import header_text

    spec = target(REPO, "cma-esg-disclosure@2025").spec
    released = header_text(spec, "cma-esg-disclosure@2025/r1", "sha256:abc")
    assert "pinned to release cma-esg-disclosure@2025/r1" in released and "UNPINNED" not in released
    assert "sha256:abc" in released and "UNPINNED" in header_text(spec, "cma-esg-disclosure@2025", "sha256:abc")


# --- one output hardening ----------------------------------------------------------------------

INJECTION = "x.yaml\n::error file=README.md::pwned"


@pytest.mark.parametrize("name", [INJECTION, "::error file=README.md::pwned"])
def test_a_file_name_cannot_inject_a_workflow_command(tmp_path: Path, run_lode, monkeypatch: pytest.MonkeyPatch,
                                                       name: str) -> None:
    (tmp_path / name).write_bytes((EX / "failing.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)  # a relative name: the line would start with it
    for fmt in VERDICT_RENDERERS:
        _, out, _ = run_lode("check", name, "--root", str(REPO), "--format", fmt)
        assert not any(line.lstrip().startswith("::") for line in out.splitlines()), (fmt, out[:400])
        if fmt in ("json", "sarif"):
            _strict(out)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_gives_valid_utf8_json_and_sarif(tmp_path: Path) -> None:
    name = os.fsencode(str(tmp_path)) + b"/bad\xffname.yaml"
    with open(name, "wb") as out:
        out.write((EX / "failing.yaml").read_bytes())
    for fmt in ("json", "sarif", "text", "junit", "markdown"):
        r = subprocess.run([sys.executable, "-m", "lode.cli", "check", name, "--root", str(REPO), "--format", fmt],
                           capture_output=True, timeout=120)
        assert r.returncode == 1, r.stderr
        text = r.stdout.decode("utf-8")  # raises on invalid UTF-8
        if fmt == "json":
            assert _strict(text)["verdicts"][0]["file"].endswith("bad\\xffname.yaml")
        if fmt == "sarif":
            assert "bad%FFname.yaml" in _strict(text)["runs"][0]["results"][0]["locations"][0][
                "physicalLocation"]["artifactLocation"]["uri"]


_NAMES = st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=30) | st.sampled_from(
    [INJECTION, "::error file=README.md::pwned", ":", "a\udcffb", "\ud800", "\u202eevil", "x\r\n::warning::y", "`|*<b>", "\x1b[31mred"])


@settings(max_examples=300, deadline=None)
@given(name=_NAMES, message=_NAMES, sheets=st.booleans(), line=st.integers(0, 50), col=st.integers(0, 40000))
def test_property_every_verdict_format_is_safe_for_any_file_name_and_message(
        name: str, message: str, sheets: bool, line: int, col: int) -> None:
    f = Finding.make("fact-unit", message, name, line, col, hint=message)
    v = Verdict(file=name, findings=(f,), checked=Checked(edition="cma-esg-disclosure@2025", pin="cma-esg-disclosure@2025",
                                                          illustrative=3, metrics=5),
                completeness={"overall": {}, "tiers": []},
                sheets=("Disclosure", "t\nx") if sheets else (), against="x@1", impact=(f"upgrade impact: {name}",))
    for fmt, render in VERDICT_RENDERERS.items():
        out = render([v, v])
        out.encode("utf-8")  # strict UTF-8: a lone surrogate raises
        assert not any(ln.lstrip().startswith("::") for ln in out.splitlines()), fmt
        if fmt in ("json", "sarif"):
            _strict(out)
        if fmt == "junit":
            ElementTree.fromstring(out.encode("utf-8"))
        if fmt in ("text", "markdown"):
            assert all(ch not in out for ch in "\r\x1b\u202e\u2028")


def test_the_verdict_and_findings_renderers_are_one_family() -> None:
    """No second copy of location, finding_line, SARIF level or column letters."""
    src = (REPO / "tooling" / "lode" / "render" / "verdict.py").read_text(encoding="utf-8")
    for name in ("def location", "def _sarif_level", "def _column_letters", "json.dumps", "SHEET_STRIDE"):
        assert name not in src, name
    for module in ("disclose/workbook.py", "render/verdict.py"):
        assert "def _letters" not in (REPO / "tooling" / "lode" / module).read_text(encoding="utf-8")


# --- one exit policy ----------------------------------------------------------------------------

def test_one_exit_policy_orders_every_class() -> None:
    assert worst_exit([]) == EXIT_OK and worst_exit([EXIT_OK, EXIT_OK]) == EXIT_OK
    assert worst_exit([EXIT_FINDINGS, EXIT_USAGE]) == EXIT_USAGE
    assert worst_exit([EXIT_FINDINGS, EXIT_INPUT, EXIT_USAGE]) == EXIT_INPUT
    assert worst_exit([EXIT_INPUT, EXIT_PIN]) == EXIT_PIN
    assert worst_exit([EXIT_PIN, EXIT_WRITE, EXIT_FINDINGS]) == EXIT_WRITE
    assert worst_exit([EXIT_WRITE, EXIT_INTERNAL, EXIT_PIN]) == EXIT_INTERNAL
    for module in ("disclose/verdict.py", "cli/check.py"):
        src = (REPO / "tooling" / "lode" / module).read_text(encoding="utf-8")
        assert "_EXIT_ORDER" not in src and "(4, 3, 2, 1)" not in src


def test_a_batch_exits_with_the_most_specific_failure(tmp_path: Path, run_lode) -> None:
    shutil.copy(EX / "failing.yaml", tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text("lode-disclosure: 1\nfacts: {a: &x 1}\n", encoding="utf-8")  # rejected
    (tmp_path / "c.yaml").write_text((EX / "passing.yaml").read_text(encoding="utf-8").replace(
        "pin: cma-esg-disclosure@2025", "pin: cma-esg-disclosure@2025/r99"), encoding="utf-8")  # no such release
    code, out, _ = run_lode("check", str(tmp_path), "--root", str(REPO), "--format", "json")
    statuses = [v["status"] for v in _strict(out)["verdicts"]]
    assert statuses == ["FAIL", "REJECTED", "PIN FAILED"] and code == EXIT_PIN
    code, _, _ = run_lode("check", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--root", str(REPO))
    assert code == EXIT_INPUT


# --- --against -------------------------------------------------------------------------------------

def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def test_against_converts_units_and_names_the_release_pin(tmp_path: Path, run_lode,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The 2026 edition caps ghg-scope-1 at 1000 tCO2e; the disclosure's 120 ktCO2e is
    120,000 tCO2e (outside), though its raw number 120 is inside. Against a release, the
    report names `@2026/r1`."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "standards", repo / "standards", ignore=shutil.ignore_patterns("comments", "releases.yaml"))
    std = repo / "standards" / "cma-esg-disclosure"
    text = (std / "2025.yaml").read_text(encoding="utf-8")
    start = text.index("id: ghg-scope-1")
    unit_at = text.index("unit: tCO2e", start)
    indent = text[text.rindex("\n", 0, unit_at) + 1:unit_at]
    new = text[:unit_at] + f"unit: tCO2e\n{indent}maximum: 1000" + text[unit_at + len("unit: tCO2e"):]
    (std / "2026.yaml").write_text(new.replace('edition: "2025"', 'edition: "2026"'), encoding="utf-8")
    (std / "standard.yaml").write_text((std / "standard.yaml").read_text().replace('- "2025"', '- "2025"\n  - "2026"'))
    for k in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{k}_NAME", "t")
        monkeypatch.setenv(f"GIT_{k}_EMAIL", "t@t")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "corpus")
    monkeypatch.chdir(repo)
    code, out, err = run_lode("release", "cma-esg-disclosure@2026", "--allow-illustrative")
    assert code == 0, out + err
    code, out, err = run_lode("check", str(EX / "passing.yaml"), "--root", str(repo), "--format", "json",
                              "--against", "cma-esg-disclosure@2026/r1")
    v = _strict(out)["verdicts"][0]
    impact = v["upgrade-impact"]
    assert impact["against"] == "cma-esg-disclosure@2026/r1", err
    assert any(c.startswith("check ghg-scope-1: 120 ktCO2e = 120000 tCO2e is outside the new range") for c in
               impact["changes"]), impact
    _, text_out, _ = run_lode("check", str(EX / "passing.yaml"), "--root", str(repo),
                              "--against", "cma-esg-disclosure@2026/r1")
    assert "upgrade impact: " in text_out and "to cma-esg-disclosure@2026/r1" in text_out


def test_check_does_not_parse_its_own_output() -> None:
    src = (REPO / "tooling" / "lode" / "cli" / "check.py").read_text(encoding="utf-8")
    assert "json.loads" not in src and "import json" not in src
