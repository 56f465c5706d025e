"""Helpers of the browser tests: the built site in a real headless Chromium (Debian's ``chromium``),
driven by Playwright. ``make test`` installs chromium when it is missing; the tests
never run ``playwright install`` and never fetch anything.

Without /usr/bin/chromium the tests fail, saying how to get it. Set
``LODE_SKIP_BROWSER=1`` to skip them on purpose (for example on a machine without apt).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import REPO
from playwright.sync_api import Browser, Dialog, Route

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
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
