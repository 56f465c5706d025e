"""The report-once sections of the companies' and validators' guides show real output:
each quoted command is run and every line the guide quotes under it must be printed, in
that order."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import REPO

GUIDES = [REPO / f"site/guides/{name}.{lang}.md" for name in ("companies", "validators") for lang in ("en", "zh")]
SECTION = re.compile(r"^## .*\{#(report-once|several-pins)\}$")


def _blocks(text: str) -> list[list[str]]:
    """The fenced blocks of the report-once section that start with `$ lode`."""
    out, inside, block, in_section = [], False, [], False
    for line in text.splitlines():
        if line.startswith("## "):
            in_section = bool(SECTION.match(line))
        if not in_section:
            continue
        if line.startswith("```"):
            if inside and block and block[0].startswith("$ lode "):
                out.append(block)
            inside, block = not inside, []
        elif inside:
            block.append(line)
    return out


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guide_quotes_what_lode_prints(guide: Path, run_lode, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    blocks = _blocks(guide.read_text(encoding="utf-8"))
    assert len(blocks) >= (3 if "companies" in guide.name else 1), guide.name
    for block in blocks:
        _, out, _ = run_lode(*shlex.split(block[0][2:])[1:], "--root", str(REPO))
        printed = out.splitlines()
        at = 0
        for line in block[1:]:
            assert line in printed[at:], f"{guide.name}: `{block[0]}` does not print, in this order: {line}"
            at = printed.index(line, at) + 1
