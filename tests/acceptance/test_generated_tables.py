"""Every page ``site/build.py`` generates, built by real mkdocs: no Markdown table may
reach the reader as raw pipes (issue 13: the crosswalk summary table did, on all five
crosswalk pages, because its separator row had one column too many)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import REPO, build_site
from lode.model.corpus import Corpus
from lode.site import build as sitegen


class _Text(HTMLParser):
    """The text a reader sees: everything but scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html(site: Path, page: str) -> Path:
    stem = page[: -len(".md")]
    return site / (stem[: -len("index")] if stem.endswith("index") else stem + "/") / "index.html"


def raw_tables(html: str) -> list[str]:
    p = _Text()
    p.feed(html)
    text = "".join(p.parts)
    return [line for line in text.splitlines() if re.match(r"\s*\|", line) or "| --- |" in line]


def test_the_detector_sees_a_raw_table() -> None:
    assert raw_tables("<p>| a | b |\n| --- | --- | --- |</p>") == ["| a | b |", "| --- | --- | --- |"]
    assert raw_tables("<table><tr><td>a</td></tr></table><p>x | y</p>") == []


def test_no_generated_page_shows_a_raw_pipe_table(tmp_path: Path) -> None:
    site = build_site(REPO, tmp_path)
    pages = [p for p in sitegen.build(Corpus.load(REPO)).files if p.endswith(".md")]
    assert any(p.startswith("crosswalks/") for p in pages) and any(p.endswith("changes.md") for p in pages)
    found = {}
    for page in pages:
        lines = raw_tables(_html(site, page).read_text(encoding="utf-8"))
        if lines:
            found[page] = lines[:3]
    assert not found
