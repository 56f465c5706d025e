"""The built site in a real browser: catalogue, edition pages, linked language tabs,
clause anchors, the latest route, search in Chinese and English, injection payloads,
and no request leaving localhost."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import pytest
from browser_helpers import ARGS, ARTIFACTS, CHROMIUM, Visit, require_chromium, serve
from conftest import REPO, build_site
from lode.model.corpus import Corpus
from playwright.sync_api import Browser, Page, expect, sync_playwright


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped corpus, built once with ``mkdocs build --strict`` and served locally."""
    require_chromium()
    yield from serve(build_site(REPO, tmp_path_factory.mktemp("browser-build")))


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.context.close()


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load(REPO)


def _goto(v: Visit, url: str) -> Page:
    v.page.goto(url)
    v.page.wait_for_load_state("load")
    return v.page


def _hrefs(page: Page, selector: str = "article a[href]") -> set[str]:
    return set(page.eval_on_selector_all(selector, "els => els.map(e => e.href)"))


def test_catalogue_lists_every_edition(visit: Visit, site_url: str, corpus: Corpus) -> None:
    page = _goto(visit, f"{site_url}/standards/")
    links = _hrefs(page)
    expected = {f"{site_url}/{std}/{ed}/" for std, ed in corpus.editions}
    assert len(expected) == len(corpus.editions) >= 11
    assert expected <= links, sorted(expected - links)
    assert not visit.foreign()


def _bilingual_node(corpus: Corpus) -> tuple[str, str, str, str, str]:
    """(standard, edition, node id, zh title, en title) of the first node titled in both languages."""
    for (std, ed), edition in corpus.editions.items():
        for n in edition.walk():
            zh, en = n.title.get("zh"), n.title.get("en")
            if zh and en:
                return std, ed, n.id, zh, en
    raise AssertionError("the corpus has no node titled in both Chinese and English")


def _selected_tab(page: Page) -> str:
    """The label of the checked tab of the page's first tab set."""
    return page.eval_on_selector(
        "article .tabbed-set",
        "set => { const i = set.querySelector(':scope > input:checked');"
        " return set.querySelector(`label[for='${i.id}']`).textContent.trim(); }")


def test_edition_shows_both_languages_and_the_choice_persists(visit: Visit, site_url: str, corpus: Corpus) -> None:
    std, ed, node, zh, en = _bilingual_node(corpus)
    page = _goto(visit, f"{site_url}/{std}/{ed}/")
    tabs = page.locator(f"#{node} ~ .tabbed-set").first  # the node's own tabs, below its heading
    assert _selected_tab(page) == "中文"
    expect(tabs.get_by_text(zh, exact=False).first).to_be_visible()
    expect(tabs.get_by_text(en, exact=False).first).to_be_hidden()

    tabs.locator(".tabbed-labels label", has_text="English").click()
    expect(tabs.get_by_text(en, exact=False).first).to_be_visible()
    expect(tabs.get_by_text(zh, exact=False).first).to_be_hidden()
    assert _selected_tab(page) == "English"  # linked: every tab set on the page switched

    other = next(f"{site_url}/{s}/{e}/" for s, e in corpus.editions if (s, e) != (std, ed))
    page = _goto(visit, other)
    assert _selected_tab(page) == "English"  # remembered across pages (localStorage)
    page.locator("article .tabbed-labels label", has_text="中文").first.click()
    page = _goto(visit, f"{site_url}/{std}/{ed}/")
    assert _selected_tab(page) == "中文"
    assert not visit.errors and not visit.foreign()


def test_clause_anchor_lands_on_the_clause(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/cccmc-ddg/2022/#step-6")
    target = page.locator("#step-6")
    expect(target).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "step-6"
    assert "Step 6" in target.inner_text()


def test_redline_page_shows_ddg_step_6_inserted(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/cccmc-ddg/2022/changes/")
    inserted = page.locator("article ins", has_text="remediation")
    expect(inserted.first).to_be_visible()
    # The GB/T list names step 6 as added, in both languages (linked tabs).
    assert "增加了" in page.locator("article").inner_text()
    assert page.locator("article del").count() > 0  # deletions are marked too
    assert not visit.errors and not visit.foreign()


def test_crosswalk_page_and_clause_mappings(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/crosswalks/cma-esg-disclosure-2025--gri-14-2024/")
    expect(page.locator(".lode-bar").first).to_be_visible()
    assert "Rights of Indigenous Peoples" in page.locator("article").inner_text()
    page = _goto(visit, f"{site_url}/gri-14/2024/#ghg-emissions")
    link = page.locator("#ghg-emissions ~ ul a", has_text="climate").first
    link.click()
    page.wait_for_url(f"{site_url}/cma-esg-disclosure/2025/#climate-ghg")
    assert not visit.errors and not visit.foreign()


def test_latest_route_keeps_the_anchor(visit: Visit, site_url: str, corpus: Corpus) -> None:
    latest = corpus.edition("cccmc-ddg@latest").edition
    page = visit.page
    page.goto(f"{site_url}/cccmc-ddg/latest/#step-6")
    page.wait_for_url(f"{site_url}/cccmc-ddg/{latest}/#step-6")
    expect(page.locator("#step-6")).to_be_in_viewport()


def test_latest_route_works_without_javascript(browser: Browser, site_url: str, corpus: Corpus) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/ungp/latest/")
        link = page.locator("#lode-latest-target")
        assert link.get_attribute("href") == f"../{corpus.edition('ungp@latest').edition}/"
    finally:
        context.close()


def _search(page: Page, term: str) -> list[str]:
    """Type ``term`` into Material's search box and return the result texts.

    The search worker answers a query only once its index is built and drops earlier
    ones, and it renders each answer with the box's *current* value. The old helper typed
    key by key and stopped at the first "matching document" text: that could be the
    answer to a prefix (or to the cleared box), and reading the items one locator at a
    time then raced the re-render of the final answer (a removed item waits out the
    30 s timeout: the flake). Now the box gets the whole term at once (no prefixes are
    ever queried), a key is pressed (Chinese arrives as IME input, without key events),
    and the wait is for an answer *with results* -- only the term's query can have
    any -- re-sending the query while the worker is still loading. The items are read
    in one snapshot."""
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    answered = re.compile(r"^\d[\d,.]* matching documents?$")
    for _ in range(30):
        box.fill("")
        box.press("End")
        box.fill(term)
        box.press("End")
        try:
            expect(meta).to_have_text(answered, timeout=2000)
            break
        except AssertionError:
            continue
    return page.eval_on_selector_all(".md-search-result__item", "els => els.map(e => e.innerText)")


@pytest.mark.parametrize("term, expect_in", [("尽责管理", "尽责"), ("remediation", "remediation"),
                                               ("指导原则", "指导")])
def test_search_finds_chinese_and_english(visit: Visit, site_url: str, term: str, expect_in: str) -> None:
    page = _goto(visit, f"{site_url}/")
    results = _search(page, term)
    assert results, f"no search result for {term!r}"
    # jieba's word breaks (U+200B) are in the indexed text; compare without them.
    assert any(expect_in in r.replace("\u200b", "") for r in results), results[:3]
    assert not visit.foreign()


def test_no_request_leaves_localhost(visit: Visit, site_url: str) -> None:
    for path in ["/", "/standards/", "/cccmc-ddg/", "/cma-esg-disclosure/2025/", "/cma-esg-disclosure/2025/metrics/",
                 "/provenance/"]:
        _goto(visit, site_url + path)
    _search(visit.page, "tailings")
    assert len(visit.requests) > 10  # the recorder saw the pages, styles, scripts and search index
    assert visit.foreign() == []


def test_screenshot_of_an_edition_page(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/cccmc-gsrm/2014/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "edition-page.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


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


@pytest.mark.parametrize("path", ["/evil/2024/", "/evil/", "/standards/", "/evil/latest/"])
def test_payloads_render_as_text_and_run_nothing(browser: Browser, payload_site: str, path: str) -> None:
    v = Visit(browser)
    try:
        page = _goto(v, payload_site + path)
        page.wait_for_url("**/evil/2024/" if path == "/evil/latest/" else f"**{path}")
        state = page.evaluate(_NO_ACTIVE_MARKUP)
        assert state["pwned"] is None and not v.dialogs and not v.errors, (state, v.dialogs, v.errors)
        assert state["handlers"] == 0 and state["jsLinks"] == 0 and state["articleScripts"] == 0, state
        if path == "/evil/2024/":
            text = page.locator("article").inner_text()
            for payload in PAYLOADS.values():
                assert payload in text, payload  # visible, verbatim, as text
            assert "LOOPLOOP" not in text  # no template ran
            assert page.locator("article h1").count() == 1  # "# Injected heading" made no heading
            assert "</title>" in state["title"]  # the page title shows the payload as text
        assert not v.foreign()
    finally:
        v.context.close()


def test_search_results_render_payloads_as_text(browser: Browser, payload_site: str) -> None:
    v = Visit(browser)
    try:
        page = _goto(v, payload_site + "/")
        results = _search(page, "evil")  # the standard's and edition's titles carry payloads
        assert any("</title><script>" in r for r in results), results
        assert page.evaluate(_NO_ACTIVE_MARKUP)["pwned"] is None and not v.dialogs
    finally:
        v.context.close()
