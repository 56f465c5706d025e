"""What a save under `make serve` leaves for after its pages are on show
(site/mkdocs_rebuild.py), and what rendering a page no longer does: read the page's text
back from disk under serve, scan its HTML part with an expression for ids, hand that part
to static-i18n's line-by-line pass. The whole loop, against a cold build, is
tests/acceptance/test_serve_rebuild.py; these hold the parts it cannot see."""

from __future__ import annotations

import gc
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lode.render.markup import anchor_ids
from lode.site import i18n, mkdocs_rebuild
from lode.site.disclosure_downloads import Later
from lode.site.mkdocs_plugin import LodePlugin

_ID = re.compile(r'\sid="([^"]+)"')  # what the plugin matched before: anchor_ids must find the same
_PIECES = st.sampled_from(['id="a"', ' id="b"', '\tid="c"', '\nid="d"', 'xid="e"', '"', " ", "id=", "i", "d", '="',
                           "z", "\u00a0", "\x1c", 'id="', '\u2003id="q"', "<h2", ">", 'id=""', "\u00e9"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_the_ids_of_an_html_part_are_what_the_expression_finds(html: str) -> None:
    assert anchor_ids(html) == set(_ID.findall(html))


class _Live:
    def __init__(self) -> None:
        self.copied: list[str] = []
        self.held = 0

    def copy(self, uris: list[str]) -> None:
        self.copied += uris

    def hold(self, young: bool = False) -> None:
        self.held += 1


def _plugin(tmp_path: Path) -> Any:
    return SimpleNamespace(out=tmp_path, _written={}, _live=_Live())


def test_the_downloads_left_for_after_are_made_written_and_copied_and_the_collector_is_back(tmp_path: Path) -> None:
    plugin = _plugin(tmp_path)
    intervals = []

    def template() -> bytes:
        intervals.append(sys.getswitchinterval())  # the server's threads get the interpreter often meanwhile
        return b"PK"

    later = {"s/1/s-1-nodes.csv": Later(lambda: b"id,parent\r\n"), "s/1/s-1-template.xlsx": Later(template)}
    was, interval = gc.isenabled(), sys.getswitchinterval()
    gc.disable()
    try:
        mkdocs_rebuild._after(plugin, later, collecting=True)
        assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()
    assert intervals == [mkdocs_rebuild.AFTER_SWITCH_S] and sys.getswitchinterval() == interval
    assert (tmp_path / "s/1/s-1-nodes.csv").read_bytes() == b"id,parent\r\n"
    assert (tmp_path / "s/1/s-1-template.xlsx").read_bytes() == b"PK"
    assert plugin._written == {p: later[p]() for p in later}
    assert plugin._live.copied == list(later) and plugin._live.held == 1


def test_the_collector_and_the_switch_interval_come_back_when_a_download_fails(tmp_path: Path) -> None:
    plugin = _plugin(tmp_path)

    def broken() -> bytes:
        raise OSError("disk full")

    was, interval = gc.isenabled(), sys.getswitchinterval()
    gc.disable()
    try:
        with pytest.raises(OSError):
            mkdocs_rebuild._after(plugin, {"s/1/s-1-nodes.csv": Later(broken)}, collecting=True)
        assert gc.isenabled() and sys.getswitchinterval() == interval
        gc.disable()
        mkdocs_rebuild._after(plugin, {}, collecting=False)  # it was off before the save: it stays off
        assert not gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()


def test_the_work_after_a_save_waits_for_the_reloads_unless_the_next_save_needs_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    done = threading.Event()
    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(mkdocs_rebuild, "_after", lambda plugin, later, collecting: (runs.append(later), done.set()))
    later = {"s/1/s-1-nodes.csv": Later(lambda: b"")}
    monkeypatch.setattr(mkdocs_rebuild, "AFTER_DELAY_S", 600.0)
    waiting = mkdocs_rebuild.AfterSave(_plugin(tmp_path), later, collecting=True)
    assert not done.wait(0.2) and runs == []  # the open tabs reload meanwhile
    waiting.finish()  # the next save: the work is done before it starts
    assert runs == [later]
    done.clear()
    monkeypatch.setattr(mkdocs_rebuild, "AFTER_DELAY_S", 0.01)
    mkdocs_rebuild.AfterSave(_plugin(tmp_path), later, collecting=True)
    assert done.wait(60) and runs == [later, later]  # and with no next save, it starts by itself


def _serving(text: str | bytes) -> tuple[LodePlugin, Any, Any]:
    plugin = LodePlugin()
    plugin._memo = object()  # under `mkdocs serve`
    plugin.site = SimpleNamespace(pages={i18n.DEFAULT: {"s/1/index.md": ""}})
    plugin._written = {f"{i18n.DEFAULT}/s/1/index.md": text}
    page = SimpleNamespace(file=SimpleNamespace(src_uri="s/1/index.md", generated_by="lode"))
    config = SimpleNamespace(plugins={})
    return plugin, page, config


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\r\n", "\r", "\n", "\ufeff", "# Title", " ", "页", "\u2028", "\x0b", "x"]),
                max_size=12).map("".join))
def test_a_generated_page_is_read_as_written_as_a_file_read_gives_it(text: str) -> None:
    import tempfile

    plugin, page, config = _serving(text)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.md"
        path.write_bytes(text.encode("utf-8"))
        with open(path, encoding="utf-8-sig") as f:  # as mkdocs' File.content_string reads it
            assert plugin.on_page_read_source(page=page, config=config) == f.read()


def test_a_page_not_generated_or_outside_serve_is_read_by_mkdocs() -> None:
    plugin, page, config = _serving("# Title\n")
    page.file.generated_by = None  # a hand-written page
    assert plugin.on_page_read_source(page=page, config=config) is None
    plugin, page, config = _serving("# Title\n")
    plugin._memo = None  # a one-off build: the pages are on disk only
    assert plugin.on_page_read_source(page=page, config=config) is None
    plugin, page, config = _serving(b"bytes")  # a download, never a page
    assert plugin.on_page_read_source(page=page, config=config) is None


def test_the_html_part_is_set_aside_before_static_i18n_reads_the_markdown_line_by_line() -> None:
    from mkdocs.config import load_config

    from conftest import REPO

    config = load_config(str(REPO / "mkdocs.yml"))
    order = [type(getattr(m, "__self__", None)).__name__ for m in config.plugins.events["page_markdown"]]
    assert order.index("LodePlugin") < order.index("I18n"), order
