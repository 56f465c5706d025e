"""A hand-written page's code block opens with a bare language (```yaml): mkdocs reads
fences with Python-Markdown's fenced_code, which takes no other words after the language
(```yaml title="x" is shown as a paragraph of text, the code run together)."""

from __future__ import annotations

import re

from conftest import REPO

_OPEN = re.compile(r"^(\s*)```(.*)$")


def _bad_fences(text: str) -> list[str]:
    out, inside = [], False
    for line in text.splitlines():
        m = _OPEN.match(line)
        if not m:
            continue
        info = m.group(2).strip()
        if not inside and not re.fullmatch(r"[\w+-]*", info):
            out.append(line.strip())
        inside = not inside if (not inside or not info) else inside
    return out


def test_every_code_block_on_a_page_opens_with_a_bare_language() -> None:
    pages = sorted((REPO / "site").rglob("*.md"))
    assert len(pages) > 20
    bad = {str(p.relative_to(REPO)): found for p in pages if (found := _bad_fences(p.read_text(encoding="utf-8")))}
    assert not bad, f"fences mkdocs cannot read: {bad}"


def test_the_check_finds_a_fence_with_words_after_its_language() -> None:
    assert _bad_fences('```yaml title="filing.yaml"\na: 1\n```\n') == ['```yaml title="filing.yaml"']
    assert _bad_fences("```console\n$ lode check x\n```\n```yaml\na: 1\n```\n") == []
