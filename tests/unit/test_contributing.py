"""The contributors' guide (site/contributing.zh.md and site/contributing.en.md) is the map a
newcomer reads first: each language must list every module of the package, no module that is
gone, and point only at files the repository has. The Chinese page keeps the module map
verbatim and the English page's heading ids, so the language switch (which keeps the
#anchor) lands on the same section."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from conftest import REPO

PAGES = {lang: REPO / f"site/contributing.{lang}.md" for lang in ("zh", "en")}
PACKAGE = REPO / "tooling/lode"
TOP = ("tests/", "tooling/", "site/", "schemas/", "standards/", "examples/", ".github/", "build/")


def _map_block(text: str) -> str:
    """The module map: the code block that starts with ``tooling/lode/``."""
    return text.split("```\ntooling/lode/\n", 1)[1].split("```", 1)[0]


def _map(page: Path) -> set[str]:
    block = _map_block(page.read_text(encoding="utf-8"))
    listed, package = set(), None
    for line in block.splitlines():
        m = re.match(r"^  (\w+)/\s", line) or re.match(r"^  (\w+)/$", line)
        if m:
            package = m[1]
            continue
        m = re.match(r"^  (__init__\.py)\s", line)
        if m:
            listed.add(m[1])
            continue
        m = re.match(r"^    ([\w.]+\.py)\s", line)
        if m:
            assert package, f"a module before any package: {line}"
            assert f"{package}/{m[1]}" not in listed, f"{package}/{m[1]} is listed twice"
            listed.add(f"{package}/{m[1]}")
    return listed


def _tree() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
            if p.name != "__init__.py" or p.parent == PACKAGE}


@pytest.mark.parametrize("lang", PAGES)
def test_the_module_map_lists_every_module_and_only_those(lang: str) -> None:
    page = PAGES[lang].relative_to(REPO)
    listed, tree = _map(PAGES[lang]), _tree()
    assert tree - listed == set(), f"modules missing from {page}: {sorted(tree - listed)}"
    assert listed - tree == set(), f"{page} lists modules that do not exist: {sorted(listed - tree)}"


def test_the_chinese_page_keeps_the_module_map_verbatim() -> None:
    zh, en = (_map_block(PAGES[lang].read_text(encoding="utf-8")) for lang in ("zh", "en"))
    assert zh == en, "the module map of site/contributing.zh.md differs from the English one"


def _targets(token: str) -> list[Path]:
    """The files a backticked token may name (empty when it names no path of this
    repository): from the repository's root, or a module of the package (``read/files.py``;
    ``core/fsutil.write_atomic`` names a function of ``core/fsutil.py``)."""
    token = token.split(":", 1)[0].split(" ", 1)[0]
    if not token or any(c in token for c in "<>*{}") or token.startswith("/") or "/" not in token:
        return []
    out = []
    if token.startswith(TOP) and not token.startswith("build/"):
        out.append(REPO / token)
    m = re.fullmatch(r"(\w+)/(\w+)(?:\.(\w+))?/?", token)
    if m and (PACKAGE / m[1]).is_dir():
        out.append(PACKAGE / m[1] / f"{m[2]}.py" if m[3] and m[3] != "py" else PACKAGE / token)
    return out


@pytest.mark.parametrize("lang", PAGES)
def test_every_path_the_page_names_exists(lang: str) -> None:
    text = PAGES[lang].read_text(encoding="utf-8")
    missing = []
    for token in re.findall(r"`([^`\n]+)`", text):
        targets = _targets(token)
        if targets and not any(t.exists() for t in targets):
            missing.append(token)
    for link in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", text):
        page = REPO / "site" / link
        if not any(p.exists() for p in (page, page.with_suffix(".zh.md"), page.with_suffix(".en.md"))):
            missing.append(link)
    assert not missing, f"{PAGES[lang].relative_to(REPO)} points at files that do not exist: {missing}"
    assert "DESIGN.md" not in text and "reliability.md" not in text


def _heading_ids(page: Path) -> list[str]:
    """The ids of the page's headings, in order, as the site builds them: rendered with the
    site's own Markdown extensions (attr_list's ``{#id}``, else toc's slug of the text)."""
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "admonition", "toc"])
    html = md.convert(page.read_text(encoding="utf-8"))
    return re.findall(r'<h[1-6] id="([^"]+)"', html)


def test_both_languages_have_the_same_headings_with_the_same_ids() -> None:
    zh, en = _heading_ids(PAGES["zh"]), _heading_ids(PAGES["en"])
    assert len(en) >= 20
    assert zh == en, f"heading ids differ: zh only {sorted(set(zh) - set(en))}, en only {sorted(set(en) - set(zh))}"
