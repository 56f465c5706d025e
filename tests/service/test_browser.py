"""The companies' page in a real chromium, through the real file input, in Chinese and
English, on a desktop and a phone width, with JavaScript off (the basic flow is a plain
form POST): download the template, fill it in, upload it, read the verdict."""

from __future__ import annotations

import base64
import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from service_helpers import PIN, Server, shared_server

# The browser tests share one Playwright driver per process (its sync API allows one per
# thread): use the helpers of tests/browser/ rather than start a second.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from browser_helpers import shared_browser  # noqa: E402

# Screenshots to look at, kept with the other browser tests' artifacts (build/ is ignored).
SHOTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts" / "service"


@pytest.fixture(scope="module")
def server() -> Server:
    return shared_server()


@pytest.fixture(scope="module")
def workbook(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The served release's template, downloaded from the service and filled in: one
    figure typed as text (a finding at its cell), the rest left empty (missing)."""
    from openpyxl import load_workbook

    from lode.disclose.template import COL, HEADER_ROWS, TABLE_HEADER

    status, headers, data = server.request("GET", "/template?pin=" + PIN.replace("/", "%2F"))
    assert status == 200 and "template.xlsx" in headers["content-disposition"]
    where = tmp_path_factory.mktemp("workbook")
    (where / "t.xlsx").write_bytes(data)
    wb = load_workbook(where / "t.xlsx")
    ws = wb["Disclosure"]
    ws.cell(HEADER_ROWS["entity-name"], 2, "示例矿业 <script>alert(1)</script>")
    ws.cell(HEADER_ROWS["period-start"], 2, dt.date(2025, 1, 1))
    ws.cell(HEADER_ROWS["period-end"], 2, dt.date(2025, 12, 31))
    rows = {ws.cell(r, 1).value: r for r in range(TABLE_HEADER + 1, ws.max_row + 1)}
    ws.cell(rows["ghg-scope-1"], COL["value"], "1,2")
    out = where / "填报.xlsx"
    wb.save(out)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_a_company_uploads_its_workbook_and_reads_the_verdict(server: Server, workbook: Path, lang: str,
                                                              width: int) -> None:
    browser = shared_browser()
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False,
                                  accept_downloads=True)
    page = context.new_page()
    # The first check of a fresh server compiles the edition's schema in a worker: on a
    # loaded 2-core machine that took over playwright's default 30 s. The condition waited
    # on is the navigation itself; the bound only keeps a hang from blocking the run.
    page.set_default_navigation_timeout(180_000)
    try:
        page.goto(server.url + ("/?lang=en" if lang == "en" else "/"))
        assert page.locator("h1").inner_text() == ("ESG 披露自检" if lang == "zh" else "ESG disclosure check")
        assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
        page.check(f'input[name=pin][value="{PIN}"]')
        # the file's bytes handed to the real file input (a path did not always reach a
        # headless chromium launched from the test process: "No file chosen")
        page.locator("input[type=file]").set_input_files(files=[{
            "name": workbook.name, "buffer": workbook.read_bytes(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
        assert page.locator("input[type=file]").evaluate("e => e.files.length") == 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"form-{lang}-{width}.png"), full_page=True)
        with page.expect_navigation(timeout=180_000):
            page.click("button[type=submit]")
        status = page.locator(".status").first.inner_text()
        assert status.startswith("未通过" if lang == "zh" else "Fail") and "FAIL" in status
        text = page.locator("main").inner_text()
        # the typed-as-text figure is found at its cell, with the fix in words
        assert "Disclosure!I" in text and ("怎么改" if lang == "zh" else "How to fix") in text
        assert ("请注意" if lang == "zh" else "Caveats") in text and ("示意" if lang == "zh" else "illustrative") in text
        assert ("完整度" if lang == "zh" else "Completeness per tier") in text
        assert "<script>" not in page.content().split("</style>", 1)[1]
        # the verdict download is the API's JSON verdict for the same file and pin
        href = page.locator("ul.downloads a").first.get_attribute("href")
        verdict = base64.b64decode(href.split(",", 1)[1])
        _, _, api = server.post("/api/v1/checks", [("file", workbook.name, workbook.read_bytes())], {"pin": PIN})
        assert verdict == api and json.loads(verdict)["verdicts"][0]["file"] == "填报.xlsx"
        assert page.locator("ul.downloads a").count() == 2  # verdict and receipt; no index for a failing file
        page.screenshot(path=str(SHOTS / f"verdict-{lang}-{width}.png"), full_page=True)
        page.screenshot(path=str(SHOTS / f"verdict-top-{lang}-{width}.png"))
        page.locator("div.scroll").screenshot(path=str(SHOTS / f"completeness-{lang}-{width}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_file_picker_speaks_the_pages_language_and_shows_when_a_file_is_chosen(server: Server, lang: str,
                                                                                   width: int) -> None:
    """A browser writes a file input's button and state ("Choose File", "No file chosen")
    in its own language: the page draws them in its own, from the input's validity, with
    JavaScript off. The input stays in the form, focusable, and reached by its label."""
    browser = shared_browser()
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.url + ("/?lang=en" if lang == "en" else "/"))
        words = {"zh": ("选择文件…", "尚未选择文件", "已选择文件"), "en": ("Choose a file…", "No file chosen yet", "File chosen")}
        choose, none, chosen = words[lang]
        file_input = page.locator("input[type=file]")
        # the native control is out of sight (its text is the browser's), yet in the form
        box = file_input.bounding_box()
        assert box is not None and box["width"] <= 1 and box["height"] <= 1
        assert file_input.evaluate("e => getComputedStyle(e).opacity") == "0"
        assert file_input.evaluate("e => e.form !== null && e.required")
        pick = page.locator("label.pick")
        assert pick.inner_text() == choose and pick.is_visible()
        assert page.locator(".none").is_visible() and page.locator(".none").inner_text() == none
        assert not page.locator(".chosen").is_visible()
        # the whole picker within the page's width: nothing to scroll sideways on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # the label opens the input's chooser (a click on it is a click on the input)
        with page.expect_file_chooser() as chooser:
            pick.click()
        chooser.value.set_files(files=[{"name": "d.yaml", "buffer": b"pin: x\n", "mimeType": "text/yaml"}])
        assert file_input.evaluate("e => e.files.length") == 1
        assert page.locator(".chosen").is_visible() and chosen in page.locator(".chosen").inner_text()
        assert not page.locator(".none").is_visible()
        # reached from the keyboard: focus on the input draws a ring around its label
        file_input.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "file"
        assert pick.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("p.picker").screenshot(path=str(SHOTS / f"picker-{lang}-{width}.png"))
    finally:
        context.close()
