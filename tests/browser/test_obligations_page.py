"""The obligations page in Chromium: the form, filled in, shows what `lode obligations`
answers for the same company (zh and en), from the JSON the plugin writes."""

from __future__ import annotations

import json
import re
import shutil
from typing import Iterator

import pytest
from browser_helpers import browser, visit  # noqa: F401  (shared fixtures)
from browser_helpers import ARTIFACTS, Visit, require_chromium, serve
from conftest import REPO, build_site


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    require_chromium()
    root = tmp_path_factory.mktemp("obligations") / "repo"
    for std in ("cn-exchanges-sr", "hkex-esg"):  # without crosswalks: they map to standards not copied here
        shutil.copytree(REPO / "standards" / std, root / "standards" / std, ignore=shutil.ignore_patterns("crosswalks"))
    for url in serve(build_site(root, tmp_path_factory.mktemp("obligations-build"))):
        yield url, root


def _fill(v: Visit, url: str, listed: list[str], dual: str, indexes: list[str], boards: list[str],
          year: int) -> list[tuple]:
    page = v.page
    page.goto(url)
    page.wait_for_selector("#lode-obligations[data-ready]")
    for venue in listed:
        page.check(f"input[name=listed][value={venue}]")
    page.select_option("select[name=dual]", dual)
    for i in indexes:
        page.check(f"input[name=index][value={i}]")
    for b in boards:
        page.check(f"input[name=board][value={b}]")
    page.select_option("select[name=year]", str(year))
    page.click("#lode-obligations button[type=submit]")
    page.wait_for_selector("#lode-obligations-result > *")
    return [(r.get_attribute("data-ref"), r.get_attribute("data-entry"), r.get_attribute("data-requirement"),
             r.get_attribute("data-due") or None) for r in page.locator("#lode-obligations-result tbody tr").all()]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("company", [
    (["sse"], "hkex", ["sse-180"], ["main"], 2025),
    (["szse"], "", ["szse-100"], [], 2024),
    (["szse"], "hkex", [], [], 2025),
    (["hkex"], "", [], ["gem"], 2025),
])
def test_the_form_answers_as_the_command_line(small_site, visit: Visit, run_lode, prefix: str,  # noqa: F811
                                              company) -> None:
    url, root = small_site
    listed, dual, indexes, boards, year = company
    shown = _fill(visit, f"{url}{prefix}/obligations/", listed, dual, indexes, boards, year)
    args = [a for v in listed for a in ("--listed", v)] + (["--dual-listed", dual] if dual else [])
    args += [a for i in indexes for a in ("--index", i)] + [a for b in boards for a in ("--board", b)]
    code, out, _ = run_lode("obligations", *args, "--year", str(year), "--root", str(root), "--format", "json")
    expected = [(o["ref"], o["entry"], o["requirement"], o["report-due"]) for o in json.loads(out)["obligations"]]
    assert code == 0 and shown == expected and shown
    if boards == ["gem"]:  # by board: GEM's Part D is voluntary, the Main Board's is not
        assert ("hkex-esg@2025", "hkex-2025-gem-part-d", "voluntary", "2026-05-31") in shown
    assert not visit.errors and not visit.foreign()


def test_the_chinese_page_is_chinese_and_lists_every_entry(small_site, visit: Visit) -> None:  # noqa: F811
    url, _ = small_site
    visit.page.goto(f"{url}/obligations/")
    text = visit.page.locator("article").inner_text()
    assert "谁须披露" in text and "上市地点" in text and "财务年度" in text
    for entry in ("上交所", "深交所", "北交所"):
        assert entry in text
    # each index and board is named in Chinese, never by the id the data keys it with
    labels = visit.page.eval_on_selector_all(
        "input[name=index], input[name=board]", "els => els.map(e => [e.value, e.parentElement.textContent.trim()])")
    assert labels and all(name != value and re.search("[\u4e00-\u9fff]", name) for value, name in labels), labels


def test_only_the_obligations_page_loads_its_script(small_site, visit: Visit) -> None:  # noqa: F811
    url, _ = small_site
    for path in ("/", "/en/", "/standards/"):
        visit.page.goto(url + path)
        assert not [r for r in visit.requests if r.endswith("obligations.js")], path
    visit.page.goto(f"{url}/en/obligations/")
    visit.page.wait_for_selector("#lode-obligations[data-ready]")
    assert [r for r in visit.requests if r.endswith("/assets/obligations.js")]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_result_is_cards_on_a_phone_and_a_table_on_a_desktop(small_site, visit: Visit, prefix: str,  # noqa: F811
                                                                   width: int) -> None:
    url, _ = small_site
    visit.page.set_viewport_size({"width": width, "height": 900})
    rows = _fill(visit, f"{url}{prefix}/obligations/", ["sse"], "hkex", ["sse-180"], ["main"], 2025)
    assert rows
    page = visit.page
    result = page.locator("#lode-obligations-result")
    shown = page.evaluate("""() => {
        const box = document.getElementById("lode-obligations-result");
        const row = box.querySelector("tbody tr"), head = box.querySelector("thead");
        const label = getComputedStyle(row.querySelector("td"), "::before").content;
        return {row: getComputedStyle(row).display, head: getComputedStyle(head).display, label: label,
                wide: box.scrollWidth > box.clientWidth + 1};
    }""")
    cols = ["要求", "报告截止"] if prefix == "" else ["Requirement", "Report due"]
    if width < 600:
        assert shown["row"] == "block" and shown["head"] == "none", shown
        assert shown["label"].strip('"').rstrip("：: ") == cols[0], shown  # each field after its column's name
        assert not shown["wide"], shown  # nothing to scroll sideways on a phone
    else:
        assert shown["row"] == "table-row" and shown["head"] != "none", shown
        assert cols[1] in page.locator("#lode-obligations-result thead").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"obligations{prefix.replace('/', '-') or '-zh'}-{width}.png"), full_page=False)
    assert not visit.errors


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_every_entry_fits_the_page_and_an_editions_code_is_never_cut_inside_a_word(
        small_site, visit: Visit, prefix: str, width: int) -> None:  # noqa: F811
    url, _ = small_site
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{url}{prefix}/obligations/#entries")
    shown = page.evaluate("""() => {
        const box = document.querySelector(".lode-editions-named");
        const row = box.querySelector("tbody tr");
        const cells = [...box.querySelectorAll("th, td")];
        // A code's lines: where it wraps, each line must end at a hyphen, never mid-word.
        const cut = [...box.querySelectorAll("td code")].filter(c => {
            const r = document.createRange(); const t = c.firstChild; let top = null, prev = "";
            for (let i = 0; i < t.length; i++) {
                r.setStart(t, i); r.setEnd(t, i + 1);
                const y = r.getBoundingClientRect().top;
                if (top !== null && y > top + 1 && prev !== "-") return true;
                top = y; prev = t.data[i];
            }
            return false;
        }).map(c => c.textContent);
        return {row: getComputedStyle(row).display,
                label: getComputedStyle(row.querySelector("td"), "::before").content,
                page: document.documentElement.scrollWidth,
                // what scrolls sideways when a table is too wide (Material's wrapper, else the block)
                box: [box.querySelector(".md-typeset__scrollwrap") || box].some(e => e.scrollWidth > e.clientWidth + 1),
                spill: cells.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent),
                cut: cut, codes: box.querySelectorAll("td code").length};
    }""")
    assert shown["codes"] and not shown["cut"], shown
    assert shown["page"] <= width and not shown["box"] and not shown["spill"], shown  # no sideways scroll, no overlap
    if width < 600:  # a card per entry, each value after its column's name
        assert shown["row"] == "block" and shown["label"].strip('"').rstrip("：: ") == \
            ("框架及版次" if prefix == "" else "Framework and edition"), shown
    else:
        assert shown["row"] == "table-row", shown
    page.screenshot(path=str(ARTIFACTS / f"obligations-entries{prefix.replace('/', '-') or '-zh'}-{width}.png"))
    assert not visit.errors
