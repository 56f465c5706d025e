"""Edit -> visible under ``mkdocs serve``: a save that changes only the corpus re-renders
only the generated pages whose Markdown changed, in every language, through mkdocs' own
page functions, with the files, navigation and theme environment each language's pass
of the last full build made (issue 26).

A whole mkdocs rebuild, even ``--dirty``, costs seconds at 10,000 nodes before any page is
rendered: mkdocs collects every file, builds the navigation, runs every plugin's events
and writes the whole search index, once per language, and static-i18n rebuilds the
second language in full. What a corpus edit can change, though, is known exactly: the
generated pages whose Markdown differs (``site/build.py``'s ``Memo`` makes only those) and
the downloads beside them. When the navigation and the set of pages are the ones of the
last full build, and nothing outside the corpus changed (docs, mkdocs.yml, theme,
schemas), those pages are rendered again with the last build's state and written; the
search entries of exactly those pages are replaced. Anything else (a page added or gone,
a title or the nav changed, a hand-written page or the config edited) is a full mkdocs
build, as before. A test holds what a save shows to what a cold build of the same files
shows.

This is the second half of the mkdocs adapter (``mkdocs_plugin`` is the first); it reaches
into ``mkdocs.commands.build``'s page functions (``mkdocs==1.6.1``, pinned), and into
Material's and static-i18n's internals only through ``material_search``.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
import jinja2.bccache
from mkdocs.commands import build as mkbuild
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils.meta import get_data

from ..read.files import inside
from ..render.markup import HTML_BELOW
from . import build as sitegen
from . import i18n, material_search, search_index
from .disclosure_downloads import Later
from .i18n import LANGS, t

log = get_plugin_logger("lode.site.mkdocs_plugin")
# mkdocs' private page functions (_populate_page, _build_page) as this version has them;
# a test holds the pin in pyproject.toml to it.
VERSIONS = {"mkdocs": "1.6.1"}


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process: mkdocs makes a new Jinja
    environment at every rebuild, and compiling Material's templates again for each
    language was about a third of a `serve` rebuild. Jinja keys each entry by the
    template's name and checks its source's checksum, so an edited template recompiles."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass
class Pass:
    """What one language's pass of a full build made, kept for later page renders
    (:attr:`LiveSite.ready` says when every part of every language's pass is there)."""

    files: Any = None
    nav: Any = None
    env: Any = None


class LiveSite:
    """The state of the last full build under ``mkdocs serve``, per language, and the
    page-by-page rebuild that uses it."""

    def __init__(self) -> None:
        self.passes: dict[str, Pass] = {}
        self.config: Any = None
        self.ready = False  # the last full build finished and every language's pass is kept
        self._outside: dict[str, tuple[int, int]] | None = None
        self._held = 0  # objects frozen after the last full collection (:meth:`hold`)

    # -- during a full build ------------------------------------------------------------

    def begin(self, config: Any) -> None:
        """A full build starts: what the last one kept no longer describes the site."""
        self.passes, self.config, self.ready = {}, config, False

    def keep(self, lang: str, **parts: Any) -> None:
        p = self.passes.setdefault(lang, Pass())
        for name, value in parts.items():
            setattr(p, name, value)

    def finished(self, skip: Path) -> None:
        """The full build returned: page renders may use its state from now on."""
        kept = [self.passes.get(lang) for lang in LANGS]
        self.ready = all(p is not None and p.files is not None and p.nav is not None and p.env is not None
                         for p in kept)
        self._outside = self.outside(skip)
        self.hold(young=True)

    def hold(self, young: bool = False) -> None:
        """After a build or a save (and its downloads): what the site holds now is kept
        out of the cyclic collector's reach (``gc.freeze``). At 10,000 nodes a full
        collection, every second or third save, rescanned it all (0.1-0.5 s of a save).
        What is not frozen yet is collected first: the young generations only after a
        full build (``young``: a longer collection would hold the interpreter while the
        server answers), every generation after a save, once its pages are on show (it
        ran with the collector paused, and openpyxl's cells are cyclic). Cyclic garbage
        made of frozen objects (the last full build's pages and navigation, once a full
        build replaces them) waits until the frozen heap has grown by half since the
        last full collection, then goes in one (the first build ends with one)."""
        gc.collect(1 if young else 2)
        gc.freeze()
        if gc.get_freeze_count() > self._held * 3 // 2:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._held = gc.get_freeze_count()

    # -- what a save changed ------------------------------------------------------------

    def outside(self, skip: Path) -> dict[str, tuple[int, int]]:
        """(mtime, size) of every file mkdocs watches except under ``skip`` (the corpus,
        which Lode's own model tracks by content): the hand-written pages, mkdocs.yml,
        the schemas."""
        config = self.config
        roots = [config.docs_dir, config.config_file_path, *config.watch]
        seen: dict[str, tuple[int, int]] = {}
        skip_s = str(skip)
        for root in roots:
            if root:
                _scan(os.path.abspath(root), skip_s, seen)
        return seen

    def outside_changed(self, skip: Path) -> bool:
        return self._outside is None or self.outside(skip) != self._outside

    # -- a save that changed only Lode's pages ------------------------------------------

    def render(self, pages: Iterable[str]) -> list[dict[str, Any]]:
        """Render the generated pages at site paths ``pages`` in every language and write
        them; returns their new search entries (every language, duplicates dropped as
        static-i18n does). The caller has checked that no title changed (every page's
        navigation shows the titles: see :func:`title`)."""
        config, wanted = self.config, sorted(set(pages))
        entries: list[dict[str, Any]] = []
        for lang in LANGS:
            p = self.passes[lang]
            material_search.language_pass(config, lang)
            doc_files = p.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            todo = [f.page for f in (p.files.get_file_from_path(uri) for uri in wanted) if f is not None and f.page]
            for page in todo:
                mkbuild._populate_page(page, config, p.files)  # noqa: SLF001 - mkdocs' own page reader
            with material_search.fresh_index(config) as index:
                for page in todo:
                    mkbuild._build_page(page, config, doc_files, p.nav, p.env)  # noqa: SLF001 - and writer
                entries += index.entries
        material_search.drop_duplicates(config, entries)
        return entries

    def copy(self, uris: Iterable[str]) -> None:
        """Copy the shared generated files (downloads) at ``uris`` into the site."""
        files = self.passes[LANGS[0]].files
        for uri in uris:
            f = files.get_file_from_path(uri) if files is not None else None
            if f is not None:
                f.copy_file()

    def drop_pages(self) -> None:
        """Remove every page of the last full build from the site, so that the next
        ``--dirty`` build renders them all (a dirty build renders only pages whose source
        is newer than their output, and a title or nav change shows on every page)."""
        for p in self.passes.values():
            for f in (p.files.documentation_pages() if p.files is not None else ()):
                Path(f.abs_dest_path).unlink(missing_ok=True)

    def withdraw(self, uris: Iterable[str]) -> None:
        """Remove the shared files at ``uris`` from the site until they are made again."""
        files = self.passes[LANGS[0]].files
        for uri in uris:
            f = files.get_file_from_path(uri) if files is not None else None
            if f is not None:
                Path(f.abs_dest_path).unlink(missing_ok=True)

    def show_error(self, generated_dir: Path, findings: list[str]) -> None:
        """Every generated page of the site replaced by a page that shows why the site was
        not updated (a file no longer validates): a save must not leave the last good pages
        on show as if they were current."""
        for lang in LANGS:
            p = self.passes.get(lang)
            if p is None or p.files is None:
                continue
            page = _error_page(findings, lang).encode("utf-8")
            for f in p.files.documentation_pages():
                if f.abs_src_path and Path(f.abs_src_path).is_relative_to(generated_dir):
                    os.makedirs(os.path.dirname(f.abs_dest_path), exist_ok=True)
                    Path(f.abs_dest_path).write_bytes(page)


def rebuild(plugin: Any, full: Callable[[], None]) -> None:
    """The server's rebuild after a save (``on_serve`` hands it to mkdocs' server with
    ``full``, mkdocs' own): only the generated pages that changed, when nothing else did,
    else mkdocs' whole build. ``plugin`` is the Lode plugin, the other half of this
    adapter: its last generated site, outputs, search index and findings. mkdocs' server
    holds every request until this returns: what no page needs is left for after
    (:func:`_after`)."""
    _wait_later(plugin)
    live, corpus = plugin._live, plugin.root / "standards"
    if live is None or not live.ready or plugin._broken or plugin.site is None or live.outside_changed(corpus):
        return _full(plugin, full)
    # The cyclic collector waits for the save's end (its collections during a save were a
    # tenth of it at 10,000 nodes), and past it: re-enabled at once, its first collection
    # would walk everything the save made (30 ms) before the server shows the pages.
    collecting = gc.isenabled()
    gc.disable()
    try:
        outcome = _pages_only(plugin, live)
    except BaseException:
        _collect_again(collecting)
        raise
    if outcome is not None:
        _collect_again(collecting)
        return _show_error(plugin) if outcome == "error" else _full(plugin, full, every_page=True)
    # The downloads no page shows follow the pages; the last ones are withdrawn meanwhile
    # (a request gets a 404, never a stale file as the current one).
    live.withdraw(list(plugin._later))
    plugin._making = AfterSave(plugin, dict(plugin._later), collecting)


def _collect_again(collecting: bool) -> None:
    if collecting:
        gc.enable()


def _pages_only(plugin: Any, live: LiveSite) -> str | None:
    """The generated pages a save changed, rendered again; "full" when the save needs
    mkdocs' whole build (a page added or gone, a title in the navigation changed),
    "error" when a file no longer validates."""
    pages_before, nav_before = {lang: set(p) for lang, p in plugin.site.pages.items()}, plugin.site.nav
    written_before = dict(plugin._written)
    try:
        written = plugin._generate(live.config, later=True)
    except PluginError:
        return "error"
    if {lang: set(p) for lang, p in plugin.site.pages.items()} != pages_before or plugin.site.nav != nav_before:
        return "full"  # a page added or gone, a nav title changed: every page's nav
    pages = {path.partition("/")[2] for path in written
             if path.partition("/")[0] in plugin.site.pages and path.partition("/")[2] in plugin.site.pages[i18n.DEFAULT]}
    if any(title(str(written_before.get(f"{lang}/{p}", ""))) != title(str(plugin._written[f"{lang}/{p}"]))
           for p in pages for lang in plugin.site.pages):
        return "full"  # a page's title changed: every page's nav shows it
    entries = live.render(pages) if pages else []
    live.copy([path for path in written if path in plugin.site.files])
    if entries and plugin._search_last is not None:
        plugin._search_last = search_index.merge_rebuilt(plugin._search_last, entries)
        material_search.write_index(live.config, plugin._search_last, plugin._index_json)
    log.info(f"lode: {len(pages)} generated page(s) rendered again in each language")
    return None


# How long the work a save leaves for after its pages waits before it starts. mkdocs'
# live reload tells each open tab to reload once the rebuild returns, and the tab asks
# for the page at once: answered while the downloads are made and the collector runs, it
# shared the interpreter with them (at 10,000 nodes 130 ms of downloads, then a 45-70 ms
# collection that holds the interpreter throughout), and the new word showed 0.15-0.2 s
# later in a browser (tooling/bench/RESULTS.md, goal 1). The reload of the edition page
# there takes 0.3-0.4 s. The next save does not wait: it starts the work at once.
AFTER_DELAY_S = 0.5

# The interpreter's switch interval while the downloads are made: the request the
# server answers meanwhile (the page the save changed) waits for the interpreter at each
# 8 KB of its body, up to 5 ms each by default. At 10,000 nodes the page then showed 100-110
# ms after the rebuild ended in half the saves, and 10-20 ms with this interval.
AFTER_SWITCH_S = 0.0005


class AfterSave:
    """The work a save left for after its pages (:func:`_after`), in a thread that starts
    it ``AFTER_DELAY_S`` later, or as soon as :meth:`finish` (the next rebuild) asks."""

    def __init__(self, plugin: Any, later: dict[str, Later[bytes]], collecting: bool) -> None:
        self._now = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(plugin, later, collecting), daemon=True)
        self._thread.start()

    def _run(self, plugin: Any, later: dict[str, Later[bytes]], collecting: bool) -> None:
        self._now.wait(AFTER_DELAY_S)
        _after(plugin, later, collecting)

    def finish(self) -> None:
        """Start the work now if it is still waiting, and return once it is done."""
        self._now.set()
        self._thread.join()


def _after(plugin: Any, later: dict[str, Later[bytes]], collecting: bool) -> None:
    """What a save leaves for after its pages are on show: the downloads no page needs,
    made, written and copied into the site; then what the save made, collected and frozen
    (:meth:`LiveSite.hold`), and the collector back as it was."""
    interval = sys.getswitchinterval()
    try:
        sys.setswitchinterval(AFTER_SWITCH_S)
        try:
            made = {path: make() for path, make in later.items()}
        finally:
            sys.setswitchinterval(interval)
        if made:
            sitegen.write_changed(plugin.out, made)
            plugin._written.update(made)
            plugin._live.copy(list(made))
            log.info(f"lode: {len(made)} download(s) made after the pages")
        plugin._live.hold()  # the workbooks' garbage (openpyxl's cells are cyclic) collected, not frozen
    finally:
        _collect_again(collecting)


def _wait_later(plugin: Any) -> None:
    """The next rebuild starts once the last one's work left for after it is done."""
    if plugin._making is not None:
        plugin._making.finish()
        plugin._making = None


def _full(plugin: Any, full: Callable[[], None], every_page: bool = False) -> None:
    """mkdocs' whole build; ``every_page``: every page rendered, not only those whose
    source changed (the navigation changed, or the site shows an error page)."""
    _wait_later(plugin)
    live = plugin._live
    if every_page or plugin._broken:
        live.drop_pages()
    plugin._broken = False
    try:
        full()
    except Exception:
        if not plugin._errors:
            raise
        return _show_error(plugin)
    live.finished(plugin.root / "standards")


def _show_error(plugin: Any) -> None:
    """The site shows why it was not updated, in place of every generated page."""
    plugin._live.show_error(plugin.out, plugin._errors)
    plugin._broken, plugin._live.ready = True, False


def title(markdown: str) -> tuple[Any, str | None]:
    """What mkdocs takes a page's title from: its front matter's ``title``, else its first
    level-one heading (Lode's pages have front matter), which is in the page's Markdown
    part: mkdocs never sees the HTML part below ``markup.HTML_BELOW`` as Markdown (and it is
    most of a large page)."""
    text, meta = get_data(markdown.partition(HTML_BELOW)[0])
    h1 = next((line for line in text.splitlines() if line.startswith("# ")), None)
    return meta.get("title"), h1


def _scan(path: str, skip: str, seen: dict[str, tuple[int, int]]) -> None:
    if inside(path, skip):
        return
    try:
        st = os.stat(path)
    except OSError:
        seen[path] = (-1, -1)
        return
    if not os.path.isdir(path):
        seen[path] = (st.st_mtime_ns, st.st_size)
        return
    with os.scandir(path) as it:
        for entry in it:
            _scan(entry.path, skip, seen)


def _error_page(findings: list[str], lang: str) -> str:
    """A plain page (no theme: the build that would render one failed); mkdocs' server
    adds its live-reload script to it, so the page shows the fixed site by itself."""
    items = "\n".join(f"<li><code>{escape(f)}</code></li>" for f in findings)
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(t('serve-error-title', lang))}</title></head>\n<body>\n"
            f"<h1>{escape(t('serve-error-title', lang))}</h1>\n<p>{escape(t('serve-error-intro', lang))}</p>\n"
            f"<ul>\n{items}\n</ul>\n</body></html>\n")
