"""The mkdocs plugin: a thin adapter from mkdocs to Lode's library.

It validates the repository when the site is built (errors stop the build), puts the
standards section into the nav, and adds the generated pages and downloads from
``site.build``. Generated files are written to ``build/generated/`` and rewritten only
when their content changes, so ``mkdocs serve --dirty`` rebuilds only what an edit
touched (pages handed to mkdocs in memory count as modified on every build; see
DESIGN.md, performance principles).

Languages: mkdocs-static-i18n builds the site once per language, calling mkdocs'
``build`` again for each language after the first, which runs every plugin's
``on_config`` again. The corpus is validated, loaded and turned into pages (both
languages) once, in the first language's pass; the later passes only pick that
language's pages. The generated pages live outside ``docs_dir``, where static-i18n does
not look, so this adapter gives them the language prefix and the alternate links that
static-i18n gives hand-written pages.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink

from ..core import forked
from ..core.codes import Severity
from ..model.corpus import Corpus
from ..read.reparse import Reparse
from ..render.markup import HTML_BELOW, anchor_ids
from ..site import build as sitegen
from ..site import i18n, material_search, search_index, search_sections
from ..site import language_passes, mkdocs_rebuild
from ..site.disclosure_downloads import Later
from ..site.mkdocs_rebuild import AfterSave, LiveSite
from ..site.watch import use_event_observer
from ..validate.cache import Cache, default_dir
from ..validate.run import validate

log = get_plugin_logger(__name__)


class _LodeConfig(Config):
    root = c.Type(str, default=".")
    generated_dir = c.Type(str, default="build/generated")
    # `mkdocs serve` watches with file-system events (inotify); false keeps mkdocs' 0.5 s
    # polling, for file systems that send no events (some network and container mounts).
    watch_events = c.Type(bool, default=True)
    # Processes that make the editions' pages and downloads in a one-off `mkdocs build`
    # (0: one per processor); `mkdocs serve` makes them in its own process.
    jobs = c.Type(int, default=0)


class _QuietDirty(logging.Filter):
    """Drops mkdocs' warning that a dirty build may have stale links: `make serve` asks
    for dirty builds on purpose (generated files are rewritten only when they change,
    so an edit rebuilds one page), and the warning at every edit teaches readers to
    ignore warnings."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


THEME_DIR = str(Path(__file__).parent / "theme")
# The top-level headings of a page's HTML part: the table of contents lists them (the
# chapters of an edition) and no deeper, as a reader scans it; every provision keeps
# its anchor and its own entry in the search index.
_H2 = re.compile(r'<h2[^>]* id="([^"]+)">(.*?)<a class="headerlink"')
_TAG = re.compile(r"<[^>]+>")


def _extend_toc(page: Any, html: str) -> None:
    items = page.toc.items
    if len(items) == 1 and items[0].level == 1:  # the page's title: its sections are its children
        items = items[0].children
    for anchor, inner in _H2.findall(html):
        items.append(AnchorLink(_TAG.sub("", inner).strip(), anchor, 2))


class LodePlugin(BasePlugin[_LodeConfig]):
    site: sitegen.Site | None = None

    def __init__(self) -> None:
        super().__init__()
        self._html_below: set[str] = set()  # site paths of the pages of this pass that have an HTML part
        # A page being rendered whose HTML part's search sections its generator wrote:
        # the HTML of its Markdown part and those sections, until the search index takes them.
        self._written_search: dict[str, tuple[str, list[Any]]] = {}
        self._tails: dict[str, str] = {}  # ... and its HTML part, put back after Material's search has read it
        # Under `mkdocs serve`: the search entries of the sections generators wrote, for the next save.
        self._entries: material_search.Entries | None = None
        self._templates = mkdocs_rebuild.CompiledTemplates()
        # The search index as the last rebuild wrote it, and as this rebuild started.
        self._search_last: list[dict[str, Any]] | None = None
        self._search_base: list[dict[str, Any]] | None = None
        # Under `mkdocs serve` (on_startup): the last build's corpus, pages and generated files.
        self._memo: sitegen.Memo | None = None
        self._reparse: Reparse | None = None  # an edited file's changed item parsed alone (read/reparse.py)
        self._corpus: Corpus | None = None
        self._written: dict[str, str | bytes] = {}
        # Under `mkdocs serve`: the last full build's state, for a save that changes only
        # generated pages (site/mkdocs_rebuild.py); the findings of a build that failed;
        # whether the site shows those findings (until the next full build).
        self._live: LiveSite | None = None
        self._errors: list[str] = []
        self._broken = False
        self._index_json = search_index.IndexJson()
        # The downloads a save left to be made after its pages are on show, and the thread making them.
        self._later: dict[str, Any] = {}
        self._making: AfterSave | None = None
        # A one-off build: the child building the other languages (language_passes.other_languages_forked).
        self._others: Any = None
        self._not_found = language_passes.NotFoundPages()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with
        # it what the last rebuild made: a save regenerates only what it touched.
        if command == "serve":
            self._memo, self._reparse = sitegen.Memo(), Reparse()
            self._live = LiveSite()
            self._entries = material_search.Entries()
        material_search.memoize_jieba(serve=command == "serve")
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())

    def _inner_pass(self, config: MkDocsConfig) -> bool:
        """Whether this is a later language's pass of one build (static-i18n is building)."""
        return bool(getattr(config.plugins.get("i18n"), "building", False)) and self.site is not None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:  # the HTML parts of the pages link by directory URLs
            raise PluginError("lode: the site needs `use_directory_urls: true` in mkdocs.yml")
        # The theme's head without the alternate links that made every page request
        # <page>/sitemap.xml (site/theme/main.html says why).
        if THEME_DIR not in config.theme.dirs:
            config.theme.dirs.insert(0, THEME_DIR)
        lang, _ = language_passes.languages(config)
        language_passes.fresh_alternates(config)
        if not self._inner_pass(config):
            self._search_base = self._search_last
            self._nav = copy.deepcopy(config.nav)
            material_search.linear_duplicates(config)
            self._generate(config)
            if self._live is not None:
                self._live.begin(config)
        if self.site is None:  # mkdocs calls on_config before any other event: a bug if not
            raise PluginError("lode: the site was not generated before this event")
        config.nav = sitegen.expand_nav(i18n.translate_nav(self._nav, lang), self.site.nav[lang])
        return config

    def _generate(self, config: MkDocsConfig, later: bool = False) -> list[str]:
        """Validate, then generate every page and download (both languages) into the
        generated folder; returns the outputs written (under `serve`: those that changed).
        ``later``: the downloads no page shows, not made yet, are left for after the pages
        (``mkdocs_rebuild``)."""
        base = Path(config.config_file_path).parent
        self.root = (base / self.config.root).resolve()
        self.out = (base / self.config.generated_dir).resolve()
        parsed: dict[str, Any] = {}  # each file parsed once: the validator's data feeds the model
        cache = Cache(default_dir())
        report = validate(self.root, cache=cache, parsed=parsed, parse=self._reparse.build if self._reparse else None)
        errors = [f for f in report.findings if f.severity is Severity.ERROR]
        self._errors = [f"{f.path}:{f.line}:{f.col}: [{f.code}] {f.message}" for f in errors]
        for line in self._errors:
            log.error(line)
        if report.rejected or errors:
            self._errors = self._errors or [f"[{f.code}] {f.message}" for f in report.findings]
            raise PluginError(f"lode validate found {len(errors)} error(s); run `lode validate` for details")
        # Warnings go through mkdocs' own warning channel, so `mkdocs build --strict` fails
        # on them; completeness (`incomplete`) is info and never fails a build.
        for f in report.findings:
            if f.severity is Severity.WARNING:
                log.warning(f"{f.path}:{f.line}:{f.col}: [{f.code}] {f.message}")
        if self._memo is None:  # a one-off build: each file written as it is made, only paths kept (memory)
            # The Chinese segmentation of the sections Lode writes is done with their pages.
            segment = material_search.segmenter() if material_search.index_of(config) is not None else None
            self.site = sitegen.build(*sitegen.load(self.root, parsed), cache=cache, sink=sitegen.write_one(self.out),
                                      jobs=self._jobs(), segment=segment)
            return []
        corpus, published = sitegen.load(self.root, parsed, previous=self._corpus, track=True)
        self.site = sitegen.build(corpus, published, cache=cache, memo=self._memo, later=later)
        outputs = self.site.outputs()
        laters = {p: c for p, c in outputs.items() if isinstance(c, Later)}
        self._later = {p: c for p, c in laters.items() if later and not c.made}
        # A full build makes them now (a mkdocs build copies every download it lists).
        outputs.update({p: c() for p, c in laters.items() if p not in self._later})
        # A page or download the memo reused is the same object as last written: not even compared.
        written = sitegen.write_changed(self.out, {p: c for p, c in outputs.items()
                                                   if self._written.get(p) is not c and not isinstance(c, Later)})
        self._corpus, self._written = corpus, outputs
        return written

    # After static-i18n (-100), which keeps only this language's hand-written pages.
    @event_priority(-200)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.site is None:  # mkdocs calls on_config before any other event: a bug if not
            raise PluginError("lode: the site was not generated before this event")
        lang, default = language_passes.languages(config)
        pages = self.site.pages[lang]
        clash = [uri for uri in pages if files.get_file_from_path(uri)]
        if clash:
            raise PluginError(f"generated pages would replace hand-written ones: {', '.join(clash)}")
        for uri in self.site.files:
            files.append(File.generated(config, uri, abs_src_path=str(self.out / uri)))
        if self._live is not None:
            self._live.keep(lang, files=files)
        for uri in pages:
            # The latest routes only forward to an edition: they belong in no nav.
            inclusion = InclusionLevel.NOT_IN_NAV if uri.endswith("/latest/index.md") else InclusionLevel.UNDEFINED
            f = File.generated(config, uri, abs_src_path=str(self.out / lang / uri), inclusion=inclusion)
            f.dest_uri = f.dest_uri if lang == default else f"{lang}/{f.dest_uri}"
            self._alternates(f, uri, lang, default, config)
            files.append(f)
        return files

    def _jobs(self) -> int:
        if isinstance(self.config.jobs, bool) or self.config.jobs < 0:  # never a silent serial build
            raise PluginError(f"lode: jobs is {self.config.jobs!r}; give 0 (one per processor) or a number of processes")
        return self.config.jobs or forked.workers()

    def on_build_error(self, *, error: Exception) -> None:
        self.on_shutdown()

    def on_shutdown(self) -> None:
        """The child building the other languages, stopped if this build failed first, and
        the file its work came back in closed."""
        others, self._others = self._others, None
        if others is not None:
            others.cancel()

    @staticmethod
    def _alternates(f: File, uri: str, lang: str, default: str, config: MkDocsConfig) -> None:
        """The attributes static-i18n reads to point the header's language switch at the
        same page in the other language (every generated page exists in every language)."""
        f.locale = f.localization = f.locale_alternate_of = lang  # type: ignore[attr-defined]
        f.norm_src_uri = uri  # type: ignore[attr-defined]
        alternates = {}
        for lg in i18n.LANGS:
            alt = f if lg == lang else File.generated(config, uri, content="")
            if alt is not f and lg != default:
                alt.dest_uri = f"{lg}/{alt.dest_uri}"
            alternates[lg] = alt
        f.alternates = alternates  # type: ignore[attr-defined]

    @event_priority(-200)  # the navigation as static-i18n left it
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self._live is not None:
            self._live.keep(language_passes.languages(config)[0], nav=nav)
        if self._memo is None and not self._inner_pass(config) and self._jobs() > 1:  # a one-off build
            self._others = language_passes.other_languages_forked(config)
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if env.bytecode_cache is None:
            env.bytecode_cache = self._templates
        if self._live is not None:
            self._live.keep(language_passes.languages(config)[0], env=env)
        return env

    def on_page_read_source(self, *, page: Any, config: MkDocsConfig) -> str | None:
        """Under `mkdocs serve`, a generated page as it was written, as mkdocs' own read gives
        it (universal newlines): reading 1.8 MB back and decoding it was a sixth of rendering
        a save's pages at 10,000 nodes. None: mkdocs reads the file."""
        text = self._written.get(f"{language_passes.languages(config)[0]}/{page.file.src_uri}") \
            if self._memo is not None and self._generated(page) else None
        if not isinstance(text, str):
            return None
        text = text[1:] if text.startswith("\ufeff") else text  # utf-8-sig drops a byte-order mark
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    # Before static-i18n (50), which reads every line of a page's Markdown for admonition
    # titles: the HTML part has none, and it was a tenth of rendering a save's pages.
    @event_priority(60)
    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        # The HTML part of a generated page (markup.HTML_BELOW) skips Markdown. mkdocs
        # converts every page before it writes any: the HTML part is read back from the
        # generated file only when the page is written (on_page_context) and let go after
        # (on_post_page), so a build never holds all of them (memory at 100,000 nodes).
        head, marker, _tail = markdown.partition(HTML_BELOW)
        if marker:
            self._html_below.add(page.file.src_uri)
        return head

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self._html_below:
            return html
        # A hand-written page without a language suffix is English (the drafters',
        # validators' and reference pages written before the site was bilingual): on a
        # page of another language its content is marked as English.
        lang, _ = language_passes.languages(config)
        if lang != "en" and getattr(page.file, "localization", "x") is None:
            return f'<div lang="en">{html}</div>'
        return html

    @event_priority(100)  # before Material's search reads the page and the theme renders it
    def _page_context_first(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        index = material_search.index_of(config)
        if index is not None:
            material_search.read_generated_pages(index, self._generated, self._search_of, self._entries)
        if page.file.src_uri in self._html_below:
            tail = (self.on_page_read_source(page=page, config=config) or page.file.content_string
                    ).partition(HTML_BELOW)[2]  # as mkdocs read it
            _extend_toc(page, tail)
            # The HTML part's ids are on the page, but Markdown never saw them: without
            # them mkdocs reports every link to a provision as a missing anchor (the 326
            # false "does not contain an anchor" lines of a build). mkdocs checks anchors
            # after every page is written, so registering them here is in time.
            if getattr(page, "present_anchor_ids", None) is not None:
                page.present_anchor_ids |= anchor_ids(tail)
            head = page.content or ""
            page.content = head + tail
            lang, _ = language_passes.languages(config)
            # The sections of the HTML part as its generator wrote them: the search index
            # reads only the Markdown part's HTML (a one-off build lets them go once used),
            # and the HTML part joins the page once Material's search is done with it
            # (:meth:`_page_context_last`), so its pass over the content skips it.
            search = self.site.search[lang] if self.site is not None else {}
            uri = page.file.src_uri
            if uri in search and material_search.reads_written(index):
                found = search.get(uri) if self._memo is not None else search.pop(uri)
                if found is None:  # a one-off build wrote them beside the page, segmented
                    found, segmented = search_sections.loads_segmented(
                        (self.out / lang / (uri + sitegen.SEARCH_FILE)).read_text("utf-8"))
                    material_search.segmented(segmented)
                self._written_search[uri] = (head, found)
                self._tails[uri] = tail
                page.content = head
        return context

    @event_priority(-100)  # after Material's search (0) and static-i18n (50) read the page
    def _page_context_last(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        tail = self._tails.pop(page.file.src_uri, None)
        if tail is not None:
            page.content = (page.content or "") + material_search.without_search_attributes(tail)
        return context

    on_page_context = CombinedEvent(_page_context_first, _page_context_last)

    def _search_of(self, page: Any) -> tuple[str, list[Any]] | None:
        return self._written_search.pop(page.file.src_uri, None)

    def _generated(self, page: Any) -> bool:
        """Whether ``page`` is one this plugin generated (the same paths in every language)."""
        return (getattr(page.file, "generated_by", None) is not None and self.site is not None
                and page.file.src_uri in self.site.pages[i18n.DEFAULT])

    @event_priority(-100)  # after every other plugin has read the page
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        if page.file.src_uri in self._html_below:
            page.content = None  # written: the HTML part is not held to the end of the build
        return output

    @event_priority(100)  # before the search plugin writes its index (and static-i18n's final pass)
    def _post_build_first(self, *, config: MkDocsConfig) -> None:
        index = material_search.index_of(config)
        if index is not None:
            # Under `mkdocs serve`, the writer remembers each page's bytes for the next save.
            material_search.merge_rebuilds(index, lambda: self._search_base, self._keep_search,
                                           self._index_json if self._live is not None
                                           else search_index.IndexJson(remember=False))
            if self._memo is None:
                material_search.superseded(config, index)

    @event_priority(-200)  # after static-i18n's passes (-100)
    def _post_build_last(self, *, config: MkDocsConfig) -> None:
        self._not_found.restore(config)

    on_post_build = CombinedEvent(_post_build_first, _post_build_last)

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self._not_found.rendered(output, config) if template_name == "404.html" else output

    def _keep_search(self, entries: list[dict[str, Any]]) -> None:
        self._search_last = entries

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        # Event-based file watching (site/watch.py): a save shows without mkdocs' 0.5 s poll.
        if self.config.watch_events and use_event_observer(server):
            log.info("watching for changes with file-system events")
        if self._live is not None:
            self._live.finished(self.root / "standards")  # the first build, made before on_serve
            if getattr(server, "builder", None) is builder:
                server.builder = functools.partial(mkdocs_rebuild.rebuild, self, builder)
        return server
