"""site/contributing.md is the map a newcomer reads first: it must list every module of
the package, no module that is gone, and point only at files the repository has."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO

PAGE = REPO / "site/contributing.md"
PACKAGE = REPO / "tooling/lode"
TOP = ("tests/", "tooling/", "site/", "schemas/", "standards/", "examples/", ".github/", "build/")


def _map() -> set[str]:
    text = PAGE.read_text(encoding="utf-8")
    block = text.split("```\ntooling/lode/\n", 1)[1].split("```", 1)[0]
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
            listed.add(f"{package}/{m[1]}")
    return listed


def _tree() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
            if p.name != "__init__.py" or p.parent == PACKAGE}


def test_the_module_map_lists_every_module_and_only_those() -> None:
    listed, tree = _map(), _tree()
    assert tree - listed == set(), f"modules missing from site/contributing.md: {sorted(tree - listed)}"
    assert listed - tree == set(), f"site/contributing.md lists modules that do not exist: {sorted(listed - tree)}"


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


def test_every_path_the_page_names_exists() -> None:
    text = PAGE.read_text(encoding="utf-8")
    missing = []
    for token in re.findall(r"`([^`\n]+)`", text):
        targets = _targets(token)
        if targets and not any(t.exists() for t in targets):
            missing.append(token)
    for link in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", text):
        page = REPO / "site" / link
        if not any(p.exists() for p in (page, page.with_suffix(".zh.md"), page.with_suffix(".en.md"))):
            missing.append(link)
    assert not missing, f"site/contributing.md points at files that do not exist: {missing}"
    assert "DESIGN.md" not in text and "reliability.md" not in text
