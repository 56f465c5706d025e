"""The comparison pages in Debian's Chromium: the crosswalk heat map readable at 1280 and
390 px (no page-level horizontal overflow; the matrix scrolls in its own box with its
headers in view), and the redline page; screenshots go to build/test-artifacts/."""

from __future__ import annotations

import pytest
from browser_helpers import browser, site_url, visit  # noqa: F401  (shared fixtures)
from browser_helpers import ARTIFACTS, Visit
from playwright.sync_api import Page, expect

# The English pages (Chinese, the default language, is at /; English under /en/).
CROSSWALK = "/en/crosswalks/cma-esg-disclosure-2025--gri-14-2024/"
REDLINE = "/en/cccmc-gsrm/2017/changes/"
WIDTHS = (1280, 390)


def _open(v: Visit, url: str, width: int) -> Page:
    v.page.set_viewport_size({"width": width, "height": 900})
    v.page.goto(url)
    v.page.wait_for_load_state("load")
    return v.page


def _page_overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _inside(page: Page, inner: str, outer: str) -> bool:
    """Whether the first ``inner`` element is drawn within the box of ``outer``."""
    return page.evaluate("""([i, o]) => {
        const a = document.querySelector(i).getBoundingClientRect(), b = document.querySelector(o).getBoundingClientRect();
        return a.width > 0 && a.height > 0 && a.left >= b.left - 1 && a.right <= b.right + 1
            && a.top >= b.top - 1 && a.bottom <= b.bottom + 1; }""", [inner, outer])


@pytest.mark.parametrize("width", WIDTHS)
def test_heat_map_is_readable_and_scrolls_in_its_own_box(visit: Visit, site_url: str, width: int) -> None:
    page = _open(visit, site_url + CROSSWALK, width)
    box = page.locator(".lode-heatmap")
    box.scroll_into_view_if_needed()
    expect(box).to_be_visible()
    assert _page_overflow(page) <= 0  # the page itself never scrolls sideways
    # Row labels are clause titles (number and title), not ids, and large enough to read;
    # columns are numbered, and the list under the table names them.
    expect(page.locator(".lode-heat-cols li", has_text="14.6 Tailings")).to_have_count(1)
    expect(page.locator('.lode-heat thead th[title="14.6 Tailings"]')).to_have_count(1)
    expect(page.locator(".lode-heat tbody th", has_text="Tailings")).to_have_count(1)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.lode-heat tbody th')).fontSize)")
    assert size >= 10
    cell = page.locator('.lode-heat td a[href="#_map-tailings.tailings"]')
    assert "covers part of" in (cell.get_attribute("title") or "")
    page.screenshot(path=str(ARTIFACTS / f"crosswalk-cma-gri14-{width}.png"), full_page=False)
    # 25 columns never fit: the box scrolls, and the header row and first column stay in view.
    assert page.evaluate("(e => e.scrollWidth > e.clientWidth)(document.querySelector('.lode-heatmap'))")
    page.evaluate("(e => { e.scrollLeft = e.scrollWidth; e.scrollTop = e.scrollHeight; })"
                  "(document.querySelector('.lode-heatmap'))")
    assert page.evaluate("document.querySelector('.lode-heatmap').scrollLeft") > 0
    assert _inside(page, ".lode-heat thead th:last-child", ".lode-heatmap")  # last column, its header in view
    assert _inside(page, ".lode-heat tbody tr:last-child th", ".lode-heatmap")  # row label still in view
    assert _inside(page, ".lode-heat thead th.lode-heat-corner", ".lode-heatmap")
    assert _page_overflow(page) <= 0
    page.screenshot(path=str(ARTIFACTS / f"crosswalk-cma-gri14-{width}-scrolled.png"), full_page=False)
    assert not visit.errors and not visit.foreign()


def test_a_heat_map_cell_leads_to_the_reason_of_its_mapping(visit: Visit, site_url: str) -> None:
    page = _open(visit, site_url + CROSSWALK, 1280)
    page.locator('.lode-heat td a[href="#_map-tailings.tailings"]').click()
    page.wait_for_url("**#_map-tailings.tailings")
    row = page.locator("tr", has=page.locator('[id="_map-tailings.tailings"]'))
    expect(row).to_be_in_viewport()
    assert "tailings storage facilities" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "crosswalk-cma-gri14-1280-mapping.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_redline_page_reads_at_both_widths(visit: Visit, site_url: str, width: int) -> None:
    page = _open(visit, site_url + REDLINE, width)
    article = page.locator("article")
    text = article.inner_text()
    # The Chinese list is on the English page too, folded (one click away).
    everything = article.text_content() or ""
    assert "not included (incomplete corpus)" in text and "未收录（语料不完整）" in everything and "删除了" not in everything
    assert '{"' not in text  # edition metadata is a table, not JSON
    expect(page.locator("article table", has_text="published 2014-10-24")).to_have_count(1)
    rewritten = page.locator("article table", has_text="after (rewritten)").first
    expect(rewritten).to_be_attached()
    assert rewritten.locator("td").nth(0).locator("ins").count() == 0  # old side: deletions only
    assert rewritten.locator("td").nth(1).locator("del").count() == 0
    assert _page_overflow(page) <= 0
    page.screenshot(path=str(ARTIFACTS / f"redline-gsrm-2017-{width}.png"), full_page=True)
    assert not visit.errors and not visit.foreign()
