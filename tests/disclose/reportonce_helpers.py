"""A small repository for report-once tests: the CMA edition as shipped, and a second
framework (``xchg``, three metrics in other units and ids) joined to it by a crosswalk with
metric-level ``equal`` rows, written here so the tests do not wait for the real corpus."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from conftest import REPO

XCHG_STANDARD = """\
id: xchg
kind: guideline
title: {zh: 交易所示例指引, en: Exchange example guideline}
issuer: {name: {zh: 示例交易所, en: Example exchange}}
editions: ["2024"]
"""

XCHG_EDITION = """\
standard: xchg
edition: "2024"
title: {zh: 交易所示例指引, en: Exchange example guideline}
status: published
dates: {published: "2024-04-12", effective: "2024-05-01"}
language: zh
sources:
  - {id: test, title: Test fixture, url: "https://example.invalid/xchg", kind: secondary}
nodes:
  - id: climate
    kind: section
    number: "第二十一条"
    title: {zh: 应对气候变化, en: Climate change}
    fidelity: secondary
    sources: [test]
    children:
      - id: scope-1
        kind: metric
        title: {zh: 范围一排放, en: Scope 1 emissions}
        requirement: required
        value: {type: number, unit: ktCO2e, minimum: 0}
        fidelity: secondary
        sources: [test]
      - id: scope-2
        kind: metric
        title: {zh: 范围二排放, en: Scope 2 emissions}
        requirement: required
        value: {type: number, unit: ktCO2e, minimum: 0}
        fidelity: secondary
        sources: [test]
      - id: fatalities
        kind: metric
        title: {zh: 因工死亡人数, en: Work-related fatalities}
        requirement: required
        value: {type: integer, unit: persons, minimum: 0}
        fidelity: secondary
        sources: [test]
"""


def crosswalk(rows: list[tuple[str, str, str]]) -> str:
    """A crosswalk cma-esg-disclosure@2025 -> xchg@2024 with (from metric, to metric, relation) rows."""
    out = textwrap.dedent("""\
        from: cma-esg-disclosure@2025
        to: xchg@2024
        title: {en: CMA to the example exchange guideline}
        authors: [tests]
        fidelity: inferred
        mappings:
        """)
    for a, b, rel in rows:
        out += textwrap.indent(textwrap.dedent(f"""\
            - id: {a}.{b}
              from: cma-esg-disclosure@2025#{a}
              to: xchg@2024#{b}
              relation: {rel}
              rationale: {{type: semantic, text: {{en: "Same quantity."}}}}
            """), "  ")
    return out


ROWS = [("ghg-scope-1", "scope-1", "equal"), ("ghg-scope-2", "scope-2", "equal"),
        ("work-related-fatalities", "fatalities", "equal")]


def make_repo(tmp: Path, rows: list[tuple[str, str, str]] = ROWS) -> Path:
    root = tmp / "repo"
    (root / "standards").mkdir(parents=True)
    shutil.copytree(REPO / "standards" / "cma-esg-disclosure", root / "standards" / "cma-esg-disclosure")
    for f in (root / "standards" / "cma-esg-disclosure" / "crosswalks").glob("*"):
        f.unlink()
    x = root / "standards" / "xchg"
    x.mkdir()
    (x / "standard.yaml").write_text(XCHG_STANDARD, encoding="utf-8")
    (x / "2024.yaml").write_text(XCHG_EDITION, encoding="utf-8")
    (root / "standards" / "cma-esg-disclosure" / "crosswalks" / "2025--xchg@2024.yaml").write_text(
        crosswalk(rows), encoding="utf-8")
    return root
