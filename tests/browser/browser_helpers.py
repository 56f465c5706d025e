"""Helpers of the browser tests: the built site in a real headless Chromium (Debian's ``chromium``),
driven by Playwright. ``make test`` installs chromium when it is missing; the tests
never run ``playwright install`` and never fetch anything.

Without /usr/bin/chromium the tests fail, saying how to get it. Set
``LODE_SKIP_BROWSER=1`` to skip them on purpose (for example on a machine without apt).
"""

from __future__ import annotations

import atexit
import functools
import http.server
import os
import re
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import REPO
from playwright.sync_api import Browser, Dialog, Page, Playwright, Route, expect, sync_playwright

from chromium import ARGS, CHROMIUM

ARTIFACTS = REPO / "build" / "test-artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass  # the test output is for the tests, not the access log


@functools.cache
def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("LODE_SKIP_BROWSER") == "1":
        pytest.skip("LODE_SKIP_BROWSER=1: browser tests skipped on purpose")
    pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) or "
                "`apt-get install --no-install-recommends chromium`; set LODE_SKIP_BROWSER=1 to skip on purpose")


_PLAYWRIGHT: list[Playwright] = []


def shared_browser() -> Browser:
    """One Chromium for every browser test module (Playwright's sync API allows one
    driver per thread); closed when the test process exits."""
    require_chromium()
    if not _PLAYWRIGHT:
        _PLAYWRIGHT.append(sync_playwright().start())
        atexit.register(_PLAYWRIGHT[0].stop)
    return _PLAYWRIGHT[0].chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Visit:
    """A fresh browser context whose every request is recorded, and to other hosts refused."""

    def __init__(self, browser: Browser) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def foreign(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).hostname != "127.0.0.1" and not u.startswith("data:")]


# Material's result line, in either interface language: the answer has arrived.
_ANSWER = re.compile(r"matching document|符合条件的结果")
# Shown until the search worker has loaded and indexed search_index.json.
_INITIALIZING = re.compile(r"Initializing search|正在初始化搜索引擎")


def search(page: Page, term: str) -> list[dict[str, str]]:
    """Type ``term`` into Material's search box; the results as {"text", "href"}.

    Waits on the worker, never on time: a query typed while the worker is still building
    its index is answered with nothing and never re-run, so the box is used only once
    the "initializing" line has gone (under load the index of both languages took longer
    than the old loop's 20 x 1.5 s of re-typing: the timeout of
    ``test_search_finds_chinese_and_english[remediation-remediation]``). Chinese text
    arrives as IME input (no key events), so a key is pressed after it, as an IME does
    when a word is committed."""
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_have_text(_INITIALIZING, timeout=120_000)
    box.press_sequentially(term)
    box.press("End")
    expect(meta).to_have_text(_ANSWER, timeout=60_000)
    # Every result link: a page's best match and, folded under it, its other sections.
    return page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link",
        "els => els.map(a => ({text: a.textContent, href: a.href}))")


# --- fixtures every browser module imports: one Chromium for the whole run and one build
# of the shipped site (a conftest.py here would shadow tests/conftest.py's module name).

@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    b = shared_browser()
    yield b
    b.close()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped corpus, built once with ``mkdocs build --strict`` and served locally."""
    require_chromium()
    from conftest import build_site

    yield from serve(build_site(REPO, tmp_path_factory.mktemp("browser-build")))


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.context.close()
