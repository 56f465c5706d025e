"""lode obligations: who must report under which framework, from applicability data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from conftest import REPO

HKEX = {
    "id": "hkex-esg", "kind": "guideline", "title": {"zh": "环境、社会及管治报告守则", "en": "ESG Reporting Code"},
    "issuer": {"name": {"zh": "香港交易所", "en": "HKEX"}}, "editions": ["2025"],
    "applicability": [
        {"id": "main-board", "edition": "2025", "venue": "hkex", "who": {"all": True},
         "requirement": "comply-or-explain", "from-fiscal-year": 2025, "due-months": 4, "fidelity": "secondary",
         "sources": ["s"]},
        {"id": "climate", "edition": "2025", "venue": "hkex", "who": {"all": True}, "nodes": ["part-d"],
         "requirement": "mandatory", "from-fiscal-year": 2025, "due-months": 4, "fidelity": "secondary",
         "sources": ["s"]},
    ]}


def _repo(tmp: Path) -> Path:
    root = tmp / "repo"
    shutil.copytree(REPO / "standards" / "cn-exchanges-sr", root / "standards" / "cn-exchanges-sr")
    (root / "standards" / "hkex-esg").mkdir()
    (root / "standards" / "hkex-esg" / "standard.yaml").write_text(yaml.safe_dump(HKEX, allow_unicode=True),
                                                                    encoding="utf-8")
    return root


def test_an_sse_180_company_with_h_shares(tmp_path: Path, run_lode) -> None:
    root = _repo(tmp_path)
    code, out, _ = run_lode("obligations", "--listed", "sse", "--index", "sse-180", "--dual-listed", "hkex",
                            "--year", "2025", "--root", str(root), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    got = [(o["ref"], o["entry"], o["requirement"], o["report-due"]) for o in doc["obligations"]]
    assert got == [("cn-exchanges-sr@2024", "sse-index", "mandatory", "2026-04-30"),
                   ("hkex-esg@2025", "climate", "mandatory", "2026-04-30"),
                   ("hkex-esg@2025", "main-board", "comply-or-explain", "2026-04-30")]
    # the strongest entry wins: the index rule, and the others it also meets are named
    assert set(doc["obligations"][0]["also"]) == {"sse-dual-listed", "sse-others"}
    assert doc["company"]["dual-listed"] is True
    code, text, _ = run_lode("obligations", "--listed", "sse", "--index", "sse-180", "--dual-listed", "hkex",
                             "--year", "2025", "--root", str(root))
    assert "  mandatory         hkex-esg@2025 (part: part-d)  ESG Reporting Code" in text


def test_before_the_first_year_a_company_is_only_encouraged(tmp_path: Path, run_lode) -> None:
    root = _repo(tmp_path)
    code, out, _ = run_lode("obligations", "--listed", "szse", "--index", "szse-100", "--year", "2024",
                            "--root", str(root), "--format", "json")
    got = [(o["entry"], o["requirement"], o["report-due"]) for o in json.loads(out)["obligations"]]
    assert code == 0 and got == [("szse-others", "voluntary", "2025-04-30")]


def test_a_company_listed_nowhere_the_data_covers(tmp_path: Path, run_lode) -> None:
    root = _repo(tmp_path)
    code, out, _ = run_lode("obligations", "--listed", "bse", "--year", "2023", "--root", str(root))
    assert code == 0 and "none: no applicability entry" in out
    code, _, err = run_lode("obligations", "--year", "2025", "--root", str(root))
    assert code == 2 and "--listed" in err
