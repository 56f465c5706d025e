"""Hostile text in a real browser: a tiny repository whose text carries reliability.md
section 3's payloads, built with mkdocs and loaded in Chromium, in both languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest
from browser_helpers import browser, site_url, visit  # noqa: F401  (shared fixtures)
from browser_helpers import Visit, search, serve
from conftest import build_site
from playwright.sync_api import Browser


def _goto(v: Visit, url: str):
    v.page.goto(url)
    v.page.wait_for_load_state("load")
    return v.page


# --- injection: a tiny repository whose text carries reliability.md section 3's payloads ----

PAYLOADS = {
    "script": "<script>window.__pwned='script'</script>",
    "img": "<img src=\"x\" onerror=\"window.__pwned='img'\">",
    "jslink": "[click me](javascript:window.__pwned='link')",
    "jinja": "{{ 7*7 }} {% for i in range(3) %}LOOP{% endfor %}",
    "html-link": "<a href=\"javascript:window.__pwned='a'\">html link</a>",
    "title-break": "</title><script>window.__pwned='title'</script>",
    "attr": "para {: onclick=\"window.__pwned='attr'\" }",
    "svg": "<svg onload=\"window.__pwned='svg'\"></svg>",
    "table": "cell | with | pipes",
    "heading": "# Injected heading",
}


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def write_payload_repo(root: Path) -> None:
    d = root / "standards" / "evil"
    d.mkdir(parents=True)
    p = PAYLOADS
    (d / "standard.yaml").write_text("\n".join([
        "id: evil", "kind: guideline",
        f"title:\n  en: {_q('Evil ' + p['title-break'])}\n  zh: {_q('恶意 ' + p['script'])}",
        f"issuer:\n  name:\n    en: {_q(p['img'])}",
        f"description:\n  en: {_q(p['jslink'])}",
        'editions: ["2024"]', ""]), encoding="utf-8")
    nodes = []
    for i, (key, payload) in enumerate(p.items()):
        nodes.append("\n".join([
            f"  - id: node-{key}", f'    number: "{i + 1}"', "    kind: clause",
            f"    title:\n      en: {_q('T ' + payload)}\n      zh: {_q('标题 ' + payload)}",
            f"    summary:\n      en: {_q('S ' + payload + ' then a line' + chr(10) + chr(10) + '    four-space code')}",
            "    obligation: shall", "    fidelity: inferred", "    sources: [src]"]))
    (d / "2024.yaml").write_text("\n".join([
        "standard: evil", 'edition: "2024"',
        f"title:\n  en: {_q('Edition ' + p['title-break'])}",
        "status: published", "language: en",
        f"notes:\n  en: {_q(p['html-link'])}",
        "sources:", "  - id: src", f"    title: {_q(p['svg'])}", "    url: https://example.org/x",
        f"    note: {_q(p['jinja'])}",
        "nodes:", *nodes, ""]), encoding="utf-8")


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("payload-repo")
    write_payload_repo(root)
    yield from serve(build_site(root, tmp_path_factory.mktemp("payload-build")))


_NO_ACTIVE_MARKUP = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length,
  jsLinks: [...document.querySelectorAll('a[href]')].filter(a => a.href.trim().toLowerCase().startsWith('javascript')).length,
  articleScripts: document.querySelectorAll('article script, article svg, article iframe, article img').length,
  title: document.title,
})"""


@pytest.mark.parametrize("path", ["/evil/2024/", "/evil/", "/standards/", "/evil/latest/", "/en/evil/2024/"])
def test_payloads_render_as_text_and_run_nothing(browser: Browser, payload_site: str, path: str) -> None:
    v = Visit(browser)
    try:
        page = _goto(v, payload_site + path)
        page.wait_for_url("**/evil/2024/" if path == "/evil/latest/" else f"**{path}")
        state = page.evaluate(_NO_ACTIVE_MARKUP)
        assert state["pwned"] is None and not v.dialogs and not v.errors, (state, v.dialogs, v.errors)
        assert state["handlers"] == 0 and state["jsLinks"] == 0 and state["articleScripts"] == 0, state
        if path.endswith("/evil/2024/"):
            text = page.locator("article").inner_text()
            for payload in PAYLOADS.values():
                assert payload in text, payload  # visible, verbatim, as text
            assert "LOOPLOOP" not in text  # no template ran
            assert page.locator("article h1").count() == 1  # "# Injected heading" made no heading
            assert "<script>" in state["title"]  # the page title shows its payload as text
        assert not v.foreign()
    finally:
        v.context.close()


def test_search_results_render_payloads_as_text(browser: Browser, payload_site: str) -> None:
    v = Visit(browser)
    try:
        page = _goto(v, payload_site + "/")
        results = [r["text"] for r in search(page, "evil")]  # the standard's and edition's titles carry payloads
        assert any("</title><script>" in r for r in results), results
        assert page.evaluate(_NO_ACTIVE_MARKUP)["pwned"] is None and not v.dialogs
    finally:
        v.context.close()
