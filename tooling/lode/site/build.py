"""The generated part of the documentation site: pages (Markdown, the largest with an HTML part), downloads
(bytes) and the navigation of the standards section.

This module knows nothing of mkdocs (see DESIGN.md: Material for MkDocs reaches end of
life on 2027-05-05, so the site generator must be replaceable); ``mkdocs_plugin`` is
the thin adapter that hands these files to mkdocs. Text that comes from data is
escaped (``markup``) before Markdown or HTML ever holds it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..core import forked
from ..diff.engine import diff_editions
from ..diff.result import Diff
from ..model.corpus import Corpus
from ..model.crosswalk import INVERSE, SIDES, Crosswalk
from ..model.obligations import entries_of
from ..validate.cache import Cache
from ..read import schemas
from ..render.markup import escape
from . import consult_pages, downloads, obligations, releases, search_sections
from .codes_page import CODES_PAGE, codes_page
from .compare_pages import changes_page, crosswalk_label, crosswalk_page
from .disclosure_downloads import metrics
from .glossary_page import GLOSSARY_PAGE, glossary_page
from .i18n import LANGS, edition_label, t
from .listing import catalogue_page, latest_page, metrics_page, standard_page
from .memo import Memo, Parts
from .outputs import WrittenFiles, write_changed, write_one  # noqa: F401 - write_*: the site's writers, used through here
from .pages import edition_page, short_name
from .search_sections import Written
from .paths import CROSSWALKS_GUIDE, Download, Mapping_, Paths

# Not mkdocs' logger: a release whose commit a shallow clone lacks is skipped with a
# warning that must not fail `mkdocs build --strict` (the site still builds; see releases.py).
_log = logging.getLogger(__name__)


NavEntry = dict[str, Any]
# Beside a generated page, the search sections of its HTML part (a build with a sink).
SEARCH_FILE = ".search.json"


@dataclass
class Site:
    """Everything generated, from one pass over the corpus.

    ``files``: site path -> bytes of what every language shares (downloads, schemas).
    ``pages``: language -> site path -> Markdown of that language's page (the same paths
    in every language; the mkdocs adapter puts each language under its own URL prefix).
    ``nav``: language -> the standards section of the navigation in the mkdocs.yml
    ``nav`` format (plain data: titles are already escaped, since themes print nav titles
    as HTML)."""

    files: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, dict[str, str]] = field(default_factory=lambda: {lang: {} for lang in LANGS})
    nav: dict[str, list[NavEntry]] = field(default_factory=lambda: {lang: [] for lang in LANGS})
    # language -> site path -> the search sections of the page's HTML part, for a page
    # whose generator hands them over (``search_sections.Written``): the index takes
    # them instead of reading that HTML back. With a sink, None: they are in the output
    # ``<lang>/<site path>`` + :data:`SEARCH_FILE` (``search_sections.loads`` reads it).
    search: dict[str, dict[str, list[Written] | None]] = field(default_factory=lambda: {lang: {} for lang in LANGS})
    memo: Memo | None = field(default=None, repr=False)
    # Given, every page and file goes to ``sink(output path, content)`` as soon as it is
    # made and the site keeps only paths (a one-off build of 100,000 nodes held them all).
    sink: Callable[[str, str | bytes], None] | None = field(default=None, repr=False)
    # With a sink: the search index's segmentation of a text (``material_search.segmenter``),
    # written beside each section so that the index need not segment it again.
    segment: Callable[[str], str] | None = field(default=None, repr=False)
    # With a sink and no memo: processes that run the work :meth:`defer` queues (a one-off build).
    jobs: int = field(default=1, repr=False)
    _queued: list[tuple[Callable[[Site], None], int]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.sink is not None:
            self.files = WrittenFiles(self.sink)

    def defer(self, work: Callable[[Site], None], weight: int = 1) -> None:
        """``work(self)``: now, or with :attr:`jobs` (one-off builds), in :meth:`finish`,
        in parallel with the rest of the queued work, the heaviest (``weight``) first.
        Every page is made through here (:meth:`add`), so the pages come in the order
        of the calls either way."""
        if self.jobs <= 1 or self.sink is None or self.memo is not None:
            work(self)
            return
        self._queued.append((work, weight))

    def finish(self) -> None:
        """Run the work :meth:`defer` queued (``core.forked``: in forked processes, each
        piece writing its files through the sink) and take in the paths each added, in
        the order of the queue; the first failure in that order is raised, as a serial
        build raises it."""
        queued, self._queued = self._queued, []
        if not queued:
            return
        order = sorted(range(len(queued)), key=lambda k: -queued[k][1])
        for files, pages, search in forked.run([partial(_record, self, work) for work, _ in queued], self.jobs, order):
            dict.update(self.files, dict.fromkeys(files, b""))  # written: not handed to the sink again
            for lang in LANGS:
                self.pages[lang].update(dict.fromkeys(pages[lang], ""))
                self.search[lang].update(dict.fromkeys(search[lang]))

    def add(self, path: str, make: Callable[[str], str | tuple[str, list[Written]]], inputs: Any = None) -> None:
        """The page at ``path`` in every language: ``make(lang)`` returns its Markdown, or
        its Markdown and the search sections of its HTML part (:attr:`search`).
        ``inputs``: everything the page is made from, as comparable values; with a
        :class:`Memo`, the last build's page is reused if they are the same. Made now, or
        in :meth:`finish` (:meth:`defer`)."""
        self.defer(lambda site: site._add(path, make, inputs))

    def _add(self, path: str, make: Callable[[str], str | tuple[str, list[Written]]], inputs: Any) -> None:
        if self.memo is None or inputs is None:
            texts = {lang: make(lang) for lang in LANGS}
        else:
            texts = self.memo.get(("page", path), inputs, lambda: {lang: make(lang) for lang in LANGS})
        for lang in LANGS:
            text = texts[lang]
            if isinstance(text, tuple):
                text, found = text
                if self.sink is not None:  # written beside the page, read back when it is rendered
                    self.sink(f"{lang}/{path}{SEARCH_FILE}", search_sections.dumps(found, self.segment))
                    found = None
                self.search[lang][path] = found
            if self.sink is not None:
                self.sink(f"{lang}/{path}", text)
            self.pages[lang][path] = "" if self.sink is not None else text

    def parts(self, path: str) -> Parts | None:
        """With a :class:`Memo`, the reusable parts of the page at ``path`` (call it while
        making the page: a page reused whole keeps its parts without making any)."""
        return self.memo.parts(("page", path)) if self.memo is not None else None

    def page(self, path: str, lang: str = "en") -> str:
        return self.pages[lang][path]

    def outputs(self) -> dict[str, str | bytes]:
        """Every file to write below the generated directory: shared files at their site
        path, pages at ``<lang>/<site path>``."""
        out: dict[str, str | bytes] = dict(self.files)
        for lang, pages in self.pages.items():
            out.update({f"{lang}/{p}": md for p, md in pages.items()})
        return out


def _record(site: Site, work: Callable[[Site], None]) -> tuple[list[str], dict[str, list[str]], dict[str, list[str]]]:
    """``work`` done on an empty site like ``site`` (in a forked process): the paths it added."""
    part = Site(sink=site.sink, segment=site.segment)
    work(part)
    return list(part.files), {lang: list(p) for lang, p in part.pages.items()}, \
        {lang: list(p) for lang, p in part.search.items()}


def _downloads(corpus: Corpus, std: str, ed: str, site: Site, cache: Cache | None,
               later: bool = False) -> Callable[[str], list[Download]]:
    """Writes the edition's downloads into ``site``; returns their labels in a language."""
    source = corpus.digest(std, ed)
    if site.memo is None or source is None:
        files, items = downloads.edition_downloads(corpus.editions[(std, ed)], cache)
    else:
        files, items = site.memo.get(("downloads", std, ed), source,
                                     lambda: downloads.edition_downloads(corpus.editions[(std, ed)], cache, later))
    site.files.update(files)
    return lambda lang: [Download(t(key, lang, *args), path, digest, check) for key, args, path, digest, check in items]


def load(root: Path, parsed: Mapping[str, Any] | None = None, previous: Corpus | None = None,
         track: bool = False) -> tuple[Corpus, releases.SiteReleases]:
    """What :func:`build` renders, read from the repository at ``root``: the corpus (its
    editions, crosswalks and comments; ``Corpus.load`` explains the arguments) and the
    releases that verify in this clone. The site's one reader: ``build`` reads nothing."""
    corpus = Corpus.load(root, parsed, previous=previous, track=track)
    return corpus, releases.collect(corpus.root, list(corpus.standards))


def build(corpus: Corpus, published: releases.SiteReleases | None = None,
          aliases: Mapping[tuple[str, str], Mapping[str, Iterable[str]]] | None = None,
          cache: Cache | None = None, memo: Memo | None = None,
          sink: Callable[[str, str | bytes], None] | None = None, later: bool = False, jobs: int = 1,
          segment: Callable[[str], str] | None = None) -> Site:
    """The whole generated site for ``corpus`` (its editions, crosswalks and comments, as
    ``Corpus.load`` loaded them) and ``published`` (its releases, as ``releases.collect``
    verified them; none by default), in every language, from one pass: the diffs are
    computed once and each page function is then called once per language. Nothing here
    opens git or reads the repository: the caller loads both.

    ``aliases`` maps (standard, edition) to {node id: extra anchor ids}; by default they
    come from the concordance of each pair of consecutive editions, so a link to an id an
    earlier edition used still lands on the provision that continues it.

    ``cache`` keeps the disclosure downloads (the Excel templates) by digest across builds.
    ``memo`` (with a corpus loaded with ``track=True``, and the default aliases): the
    pages, diffs and downloads of the last build with the same inputs are reused, and a
    page made again reuses its unchanged parts (``memo.Parts``: provisions, clauses, rows).
    ``sink``: every output is handed to it as it is made (``Site.sink``), not kept.
    ``later`` (with ``memo``): the downloads no page shows (the CSV files, the disclosure
    schema and Excel template), when not made before, are left in ``files`` as
    :class:`~.disclosure_downloads.Later`, for the caller to make once the pages are out.
    ``jobs`` (with a sink, without ``memo``): processes that make the editions' pages and
    downloads (``Site.defer``); the outputs are those of a serial build.
    ``segment`` (with a sink): see ``Site.segment``."""
    if memo is not None:
        memo.start()
    site = Site(memo=memo if corpus.digests and aliases is None else None, sink=sink,
                segment=segment if sink is not None else None, jobs=jobs)
    site.add(CODES_PAGE, codes_page, inputs=())
    site.add(GLOSSARY_PAGE, glossary_page, inputs=())
    found = entries_of(corpus.standard_data.values())
    site.files[obligations.DATA] = obligations.data(found)
    site.add(obligations.PAGE, partial(obligations.page, found))
    published = published or releases.SiteReleases()
    site.files.update(published.files)
    for warning in published.warnings:
        _log.warning("lode: %s", warning)
    for name in downloads.schema_files():
        site.files[f"{Paths.schemas_dir}/{name}"] = (schemas.schema_dir() / name).read_bytes()
    known = set(corpus.editions)
    diffs = _consecutive_diffs(corpus, site.memo)
    if aliases is None:
        aliases = _aliases(diffs)
    crosswalks = corpus.crosswalks
    mappings = _mappings(crosswalks)
    dig = corpus.digest
    # What every page may show of the rest of the corpus: which editions exist (links),
    # and the crosswalks (the mappings beside each provision).
    whole = (tuple(sorted(known)), tuple((file, corpus.digests.get(file)) for file, _ in crosswalks))
    listing = []
    nav: dict[str, list[Any]] = {lang: [{t("catalogue", lang): Paths.catalogue}] for lang in LANGS}
    for std in corpus.standards.values():
        editions = list(corpus.editions_of(std.id))
        listing.append((std, editions))
        family = (whole, dig(std.id), tuple(dig(std.id, e.edition) for e in editions))  # a standard's pages
        site.add(Paths.standard(std.id), partial(standard_page, std, editions), inputs=family)
        section: dict[str, list[Any]] = {lang: [Paths.standard(std.id)] for lang in LANGS}
        previous: str | None = None
        for e in editions:
            key = (std.id, e.edition)
            metric_nodes = metrics(e)
            d = diffs.get(key)
            changes = Paths.changes(std.id, e.edition) if d else None
            consultation, consult_nav = consult_pages.add(corpus, e, site)
            sections = {lang: published.fragment(std.id, e.edition, lang) + consultation(lang) for lang in LANGS}
            # The edition, what the one before it gives it (aliases, a changes link), its
            # standard, the rest: an edit to the previous edition that moves no id leaves it.
            inputs = (whole, dig(std.id), dig(std.id, e.edition), changes,
                      sorted((k, tuple(v)) for k, v in (aliases.get(key) or {}).items()), tuple(sections.values()))
            site.defer(partial(_edition, corpus, std, e, cache, later, known, aliases.get(key), mappings.get(key),
                               changes, sections, inputs, metric_nodes), weight=4)
            pages: dict[str, list[Any]] = {lang: [Paths.edition(std.id, e.edition), *consult_nav(lang)]
                                           for lang in LANGS}
            if metric_nodes:
                for lang in LANGS:
                    pages[lang].append({t("metrics", lang): Paths.metrics(std.id, e.edition)})
            if d and changes:
                site.defer(partial(_changes, std, d, changes, (whole, dig(std.id), dig(std.id, e.edition), previous)),
                           weight=3)
                for lang in LANGS:
                    pages[lang].append({t("changes-from", lang, escape(d.old_edition.edition)): changes})
            for lang in LANGS:
                section[lang].append({escape(edition_label(e.edition, lang)): pages[lang] if len(pages[lang]) > 1 else pages[lang][0]})
            previous = dig(std.id, e.edition)
        if editions:
            site.add(Paths.latest(std.id), partial(latest_page, std, corpus.edition(f"{std.id}@latest")), inputs=family)
        for lang in LANGS:
            nav[lang].append({escape(short_name(std, lang)): section[lang]})
    if crosswalks:
        cw_nav: dict[str, list[Any]] = {lang: [] for lang in LANGS}
        for file, cw in crosswalks:
            path = Paths.crosswalk(cw.source, cw.target)
            # Both editions, and both standards (the page names each by its short title).
            site.add(path, partial(_crosswalk_page, corpus, cw, file, known), inputs=(
                whole, *(dig(r.standard, r.edition) for r in (cw.source, cw.target)),
                *(dig(r.standard) for r in (cw.source, cw.target))))
            for lang in LANGS:
                cw_nav[lang].append({escape(crosswalk_label(corpus, cw, lang)): path})
        for lang in LANGS:
            # The hand-written "how to draft a crosswalk" page leads the section, so the
            # nav names "Crosswalks" once (issue 13, item 7).
            nav[lang].append({t("crosswalks", lang): [{t("crosswalk-guide", lang): CROSSWALKS_GUIDE}, *cw_nav[lang]]})
    site.add(Paths.catalogue, partial(catalogue_page, listing), inputs=(whole, tuple(sorted(corpus.digests.items()))))
    site.finish()
    site.nav = nav
    return site


def _edition(corpus: Corpus, std: Any, e: Any, cache: Cache | None, later: bool, known: set[tuple[str, str]],
             aliases: Any, mappings: Any, changes: str | None, sections: dict[str, str], inputs: Any,
             metric_nodes: Any, site: Site) -> None:
    """An edition's downloads, its page and its metrics page (one piece of ``Site.defer``)."""
    files = _downloads(corpus, std.id, e.edition, site, cache, later)
    site.add(Paths.edition(std.id, e.edition), lambda lang: _searched(partial(
        edition_page, std, e, files(lang), bool(metric_nodes), known, aliases, mappings, changes,
        lang=lang, sections=sections[lang], parts=site.parts(Paths.edition(std.id, e.edition)))), inputs=inputs)
    if metric_nodes:
        site.add(Paths.metrics(std.id, e.edition), lambda lang: metrics_page(
            std, e, metric_nodes, lang, site.parts(Paths.metrics(std.id, e.edition))), inputs=inputs)


def _crosswalk_page(corpus: Corpus, cw: Crosswalk, file: str, known: set[tuple[str, str]], lang: str) -> str:
    return crosswalk_page(corpus, cw, file, lang=lang, known=known)


def _changes(std: Any, d: Diff, path: str, inputs: Any, site: Site) -> None:
    """The changes page of an edition (one piece of ``Site.defer``)."""
    site.add(path, lambda lang: _searched(partial(changes_page, std, d, lang=lang, parts=site.parts(path))), inputs=inputs)


def _searched(make: Callable[..., str]) -> tuple[str, list[Written]]:
    """A page and the search sections its generator wrote beside it (``search=``)."""
    found: list[Written] = []
    return make(search=found), found


def _consecutive_diffs(corpus: Corpus, memo: Memo | None = None) -> dict[tuple[str, str], Diff]:
    """(standard, edition) -> the diff from the edition listed before it (the last
    build's, from ``memo``, if neither edition changed)."""
    out = {}
    for std in corpus.standards.values():
        eds = list(corpus.editions_of(std.id))
        for old, new in zip(eds, eds[1:]):
            make = partial(diff_editions, old, new)
            out[(std.id, new.edition)] = make() if memo is None else memo.get(
                ("diff", std.id, old.edition, new.edition), (corpus.digest(std.id, old.edition),
                                                             corpus.digest(std.id, new.edition)), make)
    return out


def _aliases(diffs: Mapping[tuple[str, str], Diff]) -> dict[tuple[str, str], dict[str, list[str]]]:
    """Old ids the concordance moved to another id, as extra anchors on the new node
    (unless the new edition still uses the old id itself)."""
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    for key, d in diffs.items():
        present = {n.id for n in d.new_edition.walk()}
        for row in d.concordance:
            if row.old and row.new and row.old not in present:
                out.setdefault(key, {}).setdefault(row.new[0], []).append(row.old)
    return out


def _mappings(crosswalks: list[tuple[str, Crosswalk]]) -> dict[tuple[str, str], dict[str, list[Mapping_]]]:
    """(standard, edition) -> node id -> the rows that map it, read from that node's side."""
    out: dict[tuple[str, str], dict[str, list[Mapping_]]] = {}
    for _, cw in crosswalks:
        page = Paths.crosswalk(cw.source, cw.target)
        for row in cw.mappings:
            for k, side in enumerate(SIDES):
                here, there = row.side(side), row.sides[1 - k]
                if not here.node:
                    continue
                relation = row.relation if side == "from" else INVERSE[row.relation]
                out.setdefault((here.standard, here.edition), {}).setdefault(here.node, []).append(
                    Mapping_(relation, there, row.rationale, page))
    return out


def expand_nav(nav: list[Any] | None, section: list[NavEntry]) -> list[Any]:
    """``nav`` with its entry that points at the catalogue replaced by the whole standards
    section (so mkdocs.yml decides where the section goes); appended if there is none."""
    out, placed = [], False
    for entry in nav or []:
        if isinstance(entry, dict) and list(entry.values()) == [Paths.catalogue]:
            out.append({next(iter(entry)): section})
            placed = True
        else:
            out.append(entry)
    return out if placed else out + [{"Standards": section}]
