"""The site read in Debian's Chromium in both languages, at 1280 px and on a 390 px phone
(issue 23): the crosswalk heat map's column headers are all readable (none clipped, none
overlapping, each named in the list under the table), every page fits the phone's width
with the metrics, catalogue and crosswalk tables as cards whose every cell is on screen,
and no page asks for a file the site does not have (the sitemap requests Material made
for every page). Screenshots go to build/test-artifacts/."""

from __future__ import annotations

import pytest
from browser_helpers import browser, site_url, visit  # noqa: F401  (shared fixtures)
from browser_helpers import ARTIFACTS, Visit
from playwright.sync_api import Page

LANGS = {"zh": "", "en": "/en"}
WIDTHS = (1280, 390)
CROSSWALKS = ("/crosswalks/cma-esg-disclosure-2025--gri-14-2024/", "/crosswalks/cccmc-gsrm-2017--iso-26000-2010/",
              "/crosswalks/cccmc-ddg-2022--oecd-ddg-3/")
PHONE_PAGES = {"metrics": "/cma-esg-disclosure/2025/metrics/", "catalogue": "/standards/",
               "crosswalk": CROSSWALKS[0], "edition": "/cccmc-ddg/2022/", "redline": "/cccmc-gsrm/2017/changes/",
               "codes": "/reference/codes/"}


def _open(v: Visit, url: str, width: int) -> Page:
    v.page.set_viewport_size({"width": width, "height": 900})
    v.page.goto(url)
    v.page.wait_for_load_state("load")
    return v.page


_HEADERS = """() => {
  const ths = [...document.querySelectorAll('.lode-heat thead th:not(.lode-heat-corner)')];
  return ths.map((th, k) => {
    const a = th.querySelector('a'), r = th.getBoundingClientRect(), t = a.getBoundingClientRect();
    return {text: a.textContent, title: th.title, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            inner: [t.left, t.right, t.top, t.bottom], clipped: a.scrollWidth > a.clientWidth + 1
              || th.scrollWidth > th.clientWidth + 1 || t.width < 1 || t.height < 1,
            writing: getComputedStyle(a).writingMode};
  });
}"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("crosswalk", CROSSWALKS)
def test_heat_map_headers_are_readable(visit: Visit, site_url: str, lang: str, width: int, crosswalk: str) -> None:
    page = _open(visit, site_url + LANGS[lang] + crosswalk, width)
    page.locator(".lode-heatmap").scroll_into_view_if_needed()
    heads = page.evaluate(_HEADERS)
    names = page.eval_on_selector_all(".lode-heat-cols > li", "els => els.map(e => e.textContent.trim())")
    assert heads and len(names) == len(heads)
    for k, h in enumerate(heads, 1):
        assert h["text"] == str(k) and not h["clipped"] and h["writing"] == "horizontal-tb", h
        il, ir, it, ib = h["inner"]  # the number is drawn inside its own header cell
        assert h["left"] - 0.5 <= il and ir <= h["right"] + 0.5 and h["top"] - 0.5 <= it and ib <= h["bottom"] + 0.5, h
        assert h["title"] and h["title"] in names[k - 1], (h, names[k - 1])  # the list names the same clause
    for a, b in zip(heads, heads[1:]):
        assert a["right"] <= b["left"] + 0.5, (a, b)  # no two headers overlap
    page.screenshot(path=str(ARTIFACTS / f"heatmap{crosswalk.rstrip('/').rsplit('/', 1)[1]}-{lang}-{width}.png"))
    assert not visit.errors


_CELLS_OFF_SCREEN = """(width) => {
  const out = [];
  for (const t of document.querySelectorAll('.lode-metrics table, .lode-stack table')) {
    for (const td of t.querySelectorAll('td')) {
      const r = td.getBoundingClientRect();
      if (r.width > 0 && (r.left < -0.5 || r.right > width + 0.5)) out.push([td.textContent.slice(0, 40), r.left, r.right]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PHONE_PAGES)
def test_pages_fit_a_phone(visit: Visit, site_url: str, lang: str, name: str) -> None:
    page = _open(visit, site_url + LANGS[lang] + PHONE_PAGES[name], 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    tables = page.locator(".lode-cards table, .lode-stack table")
    if name in ("metrics", "catalogue", "crosswalk", "codes"):
        assert tables.count() > 0
    assert page.evaluate(_CELLS_OFF_SCREEN, 390) == []  # every cell of every row is on screen
    if name == "codes":  # one card per code, each value after its column's name
        assert page.evaluate("getComputedStyle(document.querySelector('.lode-codes tbody tr')).display") == "block"
        assert ("提示" if lang == "zh" else "hint") in page.locator(".lode-codes td[data-label]").nth(4).get_attribute("data-label")
    if name == "metrics":  # a card labels each value with its column
        label = page.evaluate("getComputedStyle(document.querySelector('.lode-metrics td[data-label]'), '::before').content")
        assert ("披露要求" if lang == "zh" else "requirement") in page.locator(".lode-metrics td[data-label]").nth(1).get_attribute("data-label")
        assert label not in ("none", "normal", "")
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}-{lang}.png"), full_page=False)


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_requests_a_missing_file(visit: Visit, site_url: str, lang: str) -> None:
    failed: list[str] = []
    visit.page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for path in ("/cccmc-ddg/2022/", CROSSWALKS[0], "/"):
        visit.page.goto(site_url + LANGS[lang] + path)
        visit.page.wait_for_load_state("networkidle")
    assert failed == []
    assert not [u for u in visit.requests if u.endswith("sitemap.xml")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_codes_table_fits_a_desktop(visit: Visit, site_url: str, lang: str) -> None:
    """On a wide screen every column of the codes table is on the page (no column hidden
    behind a sideways scroll), and a code name breaks only after a hyphen, never inside a word."""
    page = _open(visit, site_url + LANGS[lang] + "/reference/codes/", 1280)
    box = page.evaluate("""() => { const t = document.querySelector('.lode-codes table');
        const w = t.closest('.lode-codes').getBoundingClientRect().width;
        const codes = [...t.querySelectorAll('td:first-child code')];
        const inside = c => { const text = c.firstChild; let at = 0;
            return text.data.split('-').some(part => { const r = document.createRange();
                r.setStart(text, at); r.setEnd(text, at + part.length); at += part.length + 1;
                return r.getClientRects().length > 1; }); };
        return {table: t.scrollWidth, room: w, broken: codes.filter(inside).map(c => c.textContent)}; }""")
    assert box["table"] <= box["room"] + 1 and box["broken"] == [], box
