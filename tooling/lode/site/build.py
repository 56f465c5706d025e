"""The generated part of the documentation site: pages (Markdown), downloads (bytes)
and the navigation of the standards section.

This module knows nothing of mkdocs (see DESIGN.md: Material for MkDocs reaches end of
life on 2027-05-05, so the site generator must be replaceable); ``mkdocs_plugin`` is
the thin adapter that hands these files to mkdocs. Text that comes from data is
escaped (``markup``) before Markdown ever sees it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..core.codes import CODES, Code
from ..core.fsutil import write_atomic
from ..diff.engine import diff_editions
from ..diff.result import Diff
from ..model import canonical
from ..model.corpus import Corpus
from ..model.crosswalk import INVERSE, SIDES, Crosswalk, read_crosswalk
from ..read import schemas
from ..render.markup import escape
from . import downloads, releases
from .disclosure_downloads import disclosure_downloads, label
from .compare_pages import changes_page, crosswalk_page
from .pages import catalogue_page, edition_page, latest_page, metrics_page, short_name, standard_page
from .paths import Download, Mapping_, Paths

EXIT_BY_CLASS = {"input": "3", "content": "1 (errors) / 0 (warnings, unless `--strict`)", "config": "2", "pin": "4",
                 "write": "5", "internal": "70"}
CODES_PAGE = "reference/codes.md"
# Not mkdocs' logger: `mkdocs build --strict` fails on its warnings, and a release left
# out of a shallow CI clone must not fail the build (site/releases.py).
_log = logging.getLogger(__name__)


def _code_row(c: Code) -> str:
    rel = c.reliability or ""
    return (f"| `{c.name}` | {c.severity.value} | {EXIT_BY_CLASS[c.klass]} | {escape(c.summary)} | "
            f"{escape(c.hint)} | {rel} |")


def codes_page() -> str:
    """The reference page of every finding code, from the registry in ``core/codes.py``."""
    lines = [
        "# Finding codes",
        "",
        "Every problem Lode reports has a stable code. This page is generated from "
        "`tooling/lode/core/codes.py`; the *requirement* column names the requirement in the "
        "project's reliability research that the code implements.",
        "",
        "| code | severity | exit code | what it means | hint | requirement |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [_code_row(c) for c in CODES.values()]
    return "\n".join(lines) + "\n"


NavEntry = dict[str, Any]


@dataclass
class Site:
    """Everything generated: site path -> content (Markdown as str, downloads as bytes),
    and the standards section of the navigation in the mkdocs.yml ``nav`` format (plain
    data: titles are already escaped, since themes print nav titles as HTML)."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)


def _downloads(corpus: Corpus, std: str, ed: str, site: Site) -> list[Download]:
    edition = corpus.editions[(std, ed)]
    content = canonical.canonical_json(corpus.data[(std, ed)])
    json_path = Paths.download(std, ed, ".json")
    site.files[json_path] = content
    site.files[json_path + ".sha256"] = canonical.sha256_file(content, json_path.rsplit("/", 1)[-1])
    out = [Download("Edition as canonical JSON", json_path, canonical.digest(content), json_path + ".sha256")]
    site.files[Paths.download(std, ed, "-nodes.csv")] = downloads.nodes_csv(edition)
    out.append(Download("Nodes as CSV", Paths.download(std, ed, "-nodes.csv")))
    if downloads.metrics(edition):
        site.files[Paths.download(std, ed, "-metrics.csv")] = downloads.metrics_csv(edition)
        out.append(Download("Metrics as CSV", Paths.download(std, ed, "-metrics.csv")))
    for path, blob in disclosure_downloads(corpus.data[(std, ed)], Paths.download(std, ed, "")).items():
        site.files[path] = blob
        out.append(Download(label(path), path))
    out += [Download(f"JSON Schema: {name}", f"{Paths.schemas_dir}/{name}") for name in _schema_files()]
    return out


def _schema_files() -> list[str]:
    return sorted(p.name for p in schemas.schema_dir().glob("*.schema.json"))


def build(corpus: Corpus, aliases: Mapping[tuple[str, str], Mapping[str, Iterable[str]]] | None = None) -> Site:
    """The whole generated site for ``corpus`` (and the crosswalks in its repository).

    ``aliases`` maps (standard, edition) to {node id: extra anchor ids}; by default they
    come from the concordance of each pair of consecutive editions, so a link to an id an
    earlier edition used still lands on the provision that continues it."""
    site = Site({CODES_PAGE: codes_page()})
    published = releases.collect(corpus.root, list(corpus.standards))
    site.files.update(published.files)
    for warning in published.warnings:
        _log.warning("lode: %s", warning)
    for name in _schema_files():
        site.files[f"{Paths.schemas_dir}/{name}"] = (schemas.schema_dir() / name).read_bytes()
    known = set(corpus.editions)
    diffs = _consecutive_diffs(corpus)
    if aliases is None:
        aliases = _aliases(diffs)
    crosswalks = _crosswalks(corpus)
    mappings = _mappings(crosswalks)
    listing = []
    nav: list[NavEntry] = [{"Catalogue": Paths.catalogue}]
    for std in corpus.standards.values():
        editions = list(corpus.editions_of(std.id))
        listing.append((std, editions))
        site.files[Paths.standard(std.id)] = standard_page(std, editions)
        section: list[Any] = [Paths.standard(std.id)]
        for e in editions:
            key = (std.id, e.edition)
            metric_nodes = downloads.metrics(e)
            files = _downloads(corpus, std.id, e.edition, site)
            d = diffs.get(key)
            changes = Paths.changes(std.id, e.edition) if d else None
            site.files[Paths.edition(std.id, e.edition)] = edition_page(
                std, e, files, bool(metric_nodes), known, aliases.get(key), mappings.get(key), changes
            ) + published.fragment(std.id, e.edition, "en")
            pages: list[Any] = [Paths.edition(std.id, e.edition)]
            if metric_nodes:
                site.files[Paths.metrics(std.id, e.edition)] = metrics_page(std, e, metric_nodes)
                pages.append({"Metrics": Paths.metrics(std.id, e.edition)})
            if d and changes:
                site.files[changes] = changes_page(std, d, lang="en")
                pages.append({f"Changes from {escape(d.old_edition.edition)}": changes})
            section.append({escape(e.edition): pages if len(pages) > 1 else pages[0]})
        if editions:
            site.files[Paths.latest(std.id)] = latest_page(std, corpus.edition(f"{std.id}@latest"))
        nav.append({escape(short_name(std)): section})
    if crosswalks:
        cw_nav = []
        for file, cw in crosswalks:
            path = Paths.crosswalk(cw.source, cw.target)
            site.files[path] = crosswalk_page(corpus, cw, file, lang="en", known=known)
            cw_nav.append({escape(f"{cw.source} → {cw.target}"): path})
        nav.append({"Crosswalks": cw_nav})
    site.files[Paths.catalogue] = catalogue_page(listing)
    site.nav = nav
    return site


def _consecutive_diffs(corpus: Corpus) -> dict[tuple[str, str], Diff]:
    """(standard, edition) -> the diff from the edition listed before it."""
    out = {}
    for std in corpus.standards.values():
        eds = list(corpus.editions_of(std.id))
        for old, new in zip(eds, eds[1:]):
            out[(std.id, new.edition)] = diff_editions(old, new)
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


def _crosswalks(corpus: Corpus) -> list[tuple[str, Crosswalk]]:
    """Every crosswalk whose two editions are in the corpus (validation has checked them)."""
    out = []
    for path in sorted((corpus.root / "standards").glob("*/crosswalks/*.yaml")):
        display = path.relative_to(corpus.root).as_posix()
        _, cw = read_crosswalk(path, display)
        if all((r.standard, r.edition) in corpus.editions for r in (cw.source, cw.target)):
            out.append((display, cw))
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
                text = row.rationale.get("en", "zh") or ""
                out.setdefault((here.standard, here.edition), {}).setdefault(here.node, []).append(
                    Mapping_(relation, there, text, page))
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


def write_changed(out: Path, files: Mapping[str, str | bytes]) -> list[str]:
    """Write each file under ``out`` only if its content differs from what is there, so
    an incremental build (mkdocs serve --dirty) sees only what an edit changed; returns
    the site paths written."""
    written = []
    for path, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = out / path
        try:
            if target.read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        write_atomic(target, data)
        written.append(path)
    return written
