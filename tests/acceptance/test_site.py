"""The documentation site: a real `mkdocs build --strict` of this repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from lode import sitegen
from lode.cli import cli
from lode.codes import CODES


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    gen = tmp_path_factory.mktemp("generated")
    config = tmp_path_factory.mktemp("cfg") / "mkdocs.yml"
    # Same config, but output and generated pages go to temp dirs (the repo stays untouched).
    text = (REPO / "mkdocs.yml").read_text()
    text = text.replace("docs_dir: site", f"docs_dir: {REPO / 'site'}").replace("site_dir: build/site", f"site_dir: {out}")
    text = text.replace("  - lode\n", f"  - lode:\n      root: {REPO}\n      generated_dir: {gen}\n")
    text = text.replace("  - standards\n  - schemas\n", f"  - {REPO / 'standards'}\n")
    config.write_text(text)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


def test_strict_build_produces_the_pages(built_site: Path) -> None:
    for page in ["index.html", "provenance/index.html", "contributing/index.html",
                 "reference/cli/index.html", "reference/codes/index.html", "search/search_index.json"]:
        assert (built_site / page).is_file(), page


def test_codes_page_lists_every_code(built_site: Path) -> None:
    html = (built_site / "reference/codes/index.html").read_text()
    for name in CODES:
        assert f"<code>{name}</code>" in html, name


def test_site_loads_nothing_from_other_hosts(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        for url in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', text):
            pytest.fail(f"{page}: external resource {url}")


def test_every_cli_option_is_documented() -> None:
    import click

    doc = (REPO / "site" / "reference" / "cli.md").read_text()
    commands = [(name, c) for name, c in cli.commands.items()]
    while commands:
        name, command = commands.pop()
        assert f"`lode {name}`" in doc, name
        if isinstance(command, click.Group):
            commands += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-") and opt not in ("--help", "-h"):
                    assert opt in doc, f"lode {name} {opt} is not documented"


PAYLOADS = ["<script>alert(1)</script>", '<img src="x" onerror="alert(1)">', "[t](javascript:alert(1))",
            "{{ 7*7 }}", "a | b", "# heading", "![x](data:text/html;base64,AAAA)", "--8<-- \".env\""]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_leaves_no_markup(payload: str) -> None:
    import html

    out = sitegen.escape(payload)
    bare = re.sub(r"&(?:#[0-9]+|[a-z]+);", "", out)  # what remains outside entities
    for ch in "<>[]{}|#()!\"'=:":
        assert ch not in bare
    assert html.unescape(out) == payload
