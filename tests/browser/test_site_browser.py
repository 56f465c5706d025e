"""The built site in a real browser: catalogue, edition pages, linked language tabs,
clause anchors, the latest route, both languages (interface, switch, Chinese search,
metrics that fit), screenshots, and no request leaving localhost."""

from __future__ import annotations

import re

import pytest
from browser_helpers import browser, site_url, visit  # noqa: F401  (shared fixtures)
from browser_helpers import ARTIFACTS, Visit, search
from conftest import REPO
from lode.model.corpus import Corpus
from playwright.sync_api import Browser, Page, expect


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
    page = _goto(visit, f"{site_url}/{std}/{ed}/")  # Chinese page: the 中文 tab comes first
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


_TAB_STATES = """sets => sets.map(set => {
  const on = set.querySelector(':scope > input:checked');
  const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
  const chosen = labels.find(l => l.htmlFor === on.id);
  return [chosen.textContent.trim(), getComputedStyle(chosen).borderBottomColor,
          labels.filter(l => l !== chosen).map(l => getComputedStyle(l).borderBottomColor)]; })"""


def test_every_tab_set_opens_on_the_readers_choice_with_its_label_marked(visit: Visit, site_url: str,
                                                                           corpus: Corpus) -> None:
    std, ed, _, _, _ = _bilingual_node(corpus)
    page = _goto(visit, f"{site_url}/{std}/{ed}/")
    # Lode's tab sets are its own (assets/lode.js): Material's script mounts a set it marks
    # [data-tabs] and adds its scroll buttons, and laid the page out once per set.
    assert page.locator(".lode-tabs").count() > 1
    assert page.locator("[data-tabs], .tabbed-control").count() == 0
    assert {label for label, _, _ in page.eval_on_selector_all(".lode-tabs", _TAB_STATES)} == {"中文"}
    page.evaluate("localStorage.setItem('lode.tab', 'English')")
    page = _goto(visit, f"{site_url}/{std}/{ed}/")
    states = page.eval_on_selector_all(".lode-tabs", _TAB_STATES)
    assert {label for label, _, _ in states} == {"English"}
    assert all(others and on not in others for _, on, others in states)  # the chosen label alone is marked
    assert not visit.errors


@pytest.mark.parametrize("stored", ["", " ", "english", '"]<img src=x onerror="window.__lode_ran=1">', "中文" * 5000,
                                    "\u0000", "English\n"])
def test_a_stored_choice_that_is_no_label_leaves_the_tabs_on_the_page_language(visit: Visit, site_url: str,
                                                                                corpus: Corpus, stored: str) -> None:
    std, ed, _, _, _ = _bilingual_node(corpus)
    page = _goto(visit, f"{site_url}/{std}/{ed}/")
    page.evaluate("v => localStorage.setItem('lode.tab', v)", stored)
    page = _goto(visit, f"{site_url}/{std}/{ed}/")
    labels = {label for label, _, _ in page.eval_on_selector_all(".lode-tabs", _TAB_STATES)}
    # Compared with each label as text, never used as markup or a selector: only a label matches.
    assert labels == {"中文"}
    assert not visit.errors and not page.evaluate("window.__lode_ran")


def test_a_tab_click_switches_every_set_and_keeps_the_readers_place(visit: Visit, site_url: str,
                                                                     corpus: Corpus) -> None:
    std, ed, _, _, _ = _bilingual_node(corpus)
    page = _goto(visit, f"{site_url}/{std}/{ed}/")
    sets = page.locator(".lode-nodes > .lode-tabs")
    middle = sets.nth(sets.count() // 2)
    # The set low in the window, below other sets whose text changes length (higher up,
    # the browser's own scroll anchoring would hide a missing correction).
    page.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().top - 600)", middle.element_handle())
    top = middle.evaluate("el => el.getBoundingClientRect().top")
    middle.locator(".tabbed-labels label", has_text="English").click()
    assert {label for label, _, _ in page.eval_on_selector_all(".lode-tabs", _TAB_STATES)} == {"English"}
    assert abs(middle.evaluate("el => el.getBoundingClientRect().top") - top) < 2
    assert page.evaluate("localStorage.getItem('lode.tab')") == "English"


def test_provisions_are_laid_out_near_the_screen_and_all_of_them_printed(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/cccmc-ddg/2022/")
    blocks = ".lode-nodes > :not(.lode-node, .lode-alias)"
    shown = "(els, v) => els.every(e => getComputedStyle(e).contentVisibility === v)"
    assert page.eval_on_selector_all(blocks, shown, "auto")
    assert page.eval_on_selector_all(".lode-nodes > .lode-node", shown, "visible")  # anchors measure headings
    page.emulate_media(media="print")
    assert page.eval_on_selector_all(blocks, shown, "visible")


def test_clause_anchor_lands_on_the_clause(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/cccmc-ddg/2022/#step-6")
    target = page.locator("#step-6")
    expect(target).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "step-6"
    assert "第六步" in target.inner_text()  # the Chinese page numbers steps in Chinese


def test_redline_page_shows_ddg_step_6_inserted(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/cccmc-ddg/2022/changes/")
    inserted = page.locator("article ins", has_text="补救")
    expect(inserted.first).to_be_visible()
    # The GB/T list names step 6 as added, in both languages (linked tabs).
    assert "增加了" in page.locator("article").inner_text()
    assert page.locator("article del").count() > 0  # deletions are marked too
    assert not visit.errors and not visit.foreign()


def test_crosswalk_page_and_clause_mappings(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/crosswalks/cma-esg-disclosure-2025--gri-14-2024/")
    expect(page.locator(".lode-bar").first).to_be_visible()
    assert "原住民" in page.locator("article").inner_text()  # the asserted gap, in Chinese
    page = _goto(visit, f"{site_url}/en/crosswalks/cma-esg-disclosure-2025--gri-14-2024/")
    assert "Rights of Indigenous Peoples" in page.locator("article").inner_text()
    page = _goto(visit, f"{site_url}/en/gri-14/2024/#ghg-emissions")
    link = page.locator("#ghg-emissions ~ ul a", has_text="climate").first
    link.click()
    page.wait_for_url(f"{site_url}/en/cma-esg-disclosure/2025/#climate-ghg")
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
    """Type ``term`` into Material's search box and return the result texts."""
    return [r["text"] for r in search(page, term)]


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


SHOTS = {"edition": "/cccmc-gsrm/2014/", "redline": "/cccmc-ddg/2022/changes/",
         "crosswalk": "/crosswalks/cma-esg-disclosure-2025--gri-14-2024/"}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", sorted(SHOTS))
def test_screenshots(browser: Browser, site_url: str, kind: str, lang: str, width: int) -> None:
    """Screenshots for a person to look at (build/test-artifacts/); the page must be in
    its language and no wider than the screen."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + ("" if lang == "zh" else "/en") + SHOTS[kind])
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{kind}-{lang}-{width}.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        context.close()


# --- both languages ------------------------------------------------------------------

def test_chinese_interface_and_english_interface(visit: Visit, site_url: str) -> None:
    page = _goto(visit, f"{site_url}/cccmc-ddg/2022/")
    assert page.evaluate("document.documentElement.lang") == "zh"
    nav = page.locator("nav.md-nav--primary").inner_text()
    assert "标准" in nav and "来源说明" in nav and "Provenance" not in nav
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "搜索"  # Material's zh
    article = page.locator("article")
    assert "关于本版次" in article.inner_text() and "About this edition" not in article.inner_text()
    # English on a Chinese page carries its language (the English tab panels).
    assert page.locator("article [lang='en']").count() > 0
    page = _goto(visit, f"{site_url}/en/cccmc-ddg/2022/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "Provenance" in page.locator("nav.md-nav--primary").inner_text()
    assert "About this edition" in page.locator("article").inner_text()
    assert page.locator("article [lang='zh']").count() > 0  # the Chinese tab panels
    assert not visit.errors and not visit.foreign()


def _switch(page: Page, lang: str) -> None:
    page.locator(".md-header__option .md-select").hover()  # the menu opens on hover
    page.locator(f"a.md-select__link[hreflang='{lang}']").click()


@pytest.mark.parametrize("path, anchor", [("/cccmc-ddg/2022/", "#step-6"), ("/provenance/", "#fidelity"), ("/guides/reading/", "#badges"),
                                          ("/reference/cli/", "#lode-verify"), ("/crosswalks/", "#sssom"),
                                          ("/contributing/", "#translations"),
                                          ("/cma-esg-disclosure/2025/metrics/", "")])
def test_language_switch_keeps_page_and_anchor(visit: Visit, site_url: str, path: str, anchor: str) -> None:
    page = _goto(visit, f"{site_url}{path}{anchor}")
    _switch(page, "en")
    page.wait_for_url(f"{site_url}/en{path}{anchor}")
    assert page.evaluate("document.documentElement.lang") == "en"
    if anchor:
        expect(page.locator(anchor)).to_be_in_viewport()
    _switch(page, "zh")
    page.wait_for_url(f"{site_url}{path}{anchor}")
    assert page.evaluate("document.documentElement.lang") == "zh"
    if anchor:
        expect(page.locator(anchor)).to_be_in_viewport()


@pytest.mark.parametrize("term", [
    "尾矿",
    "温室气体",
    "尽职调查",
    "尽责管理",
    "社区",
    "申诉",
    "原住民",
])
def test_chinese_search_finds_clauses(visit: Visit, site_url: str, term: str) -> None:
    """A Chinese term finds a clause section (a node anchor, not a page title or one of
    the page's own sections) whose text has the term; the missing-text notice and the
    disclaimer are not indexed, so they can never be the hit."""
    page = _goto(visit, f"{site_url}/")
    results = search(page, term)
    clauses = [r for r in results if re.search(r"#[a-z0-9][a-z0-9.-]*$", r["href"])
               and term in r["text"].replace("\u200b", "")]
    assert clauses, [r["href"] for r in results][:5]
    for r in results:
        assert "未提供中文" not in r["text"] and "并非官方原文" not in r["text"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_metrics_page_fits_1280(visit: Visit, site_url: str, lang: str) -> None:
    page = _goto(visit, site_url + ("" if lang == "zh" else "/en") + "/cma-esg-disclosure/2025/metrics/")
    table = page.locator("article .lode-metrics table")
    headers = table.locator("th").all_inner_texts()
    assert len(headers) >= 4
    for th in table.locator("th").all():
        expect(th).to_be_in_viewport()  # every column on screen, none scrolled off
    box = table.bounding_box()
    assert box and box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    wrapper = page.locator("article .lode-metrics .md-typeset__scrollwrap, article .lode-metrics .md-typeset__table").first
    if wrapper.count():
        assert wrapper.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    # No empty column: every column has some text in some row.
    cells = table.locator("tbody tr").first.locator("td").count()
    for i in range(cells):
        col = table.locator(f"tbody td:nth-child({i + 1})").all_inner_texts()
        assert any(c.strip() for c in col), headers[i]
