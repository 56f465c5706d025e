"""Validation of a Lode repository: load every file, check its schema, build the
model, run the semantic checks, and return one :class:`Report`.

The repository layout this module knows::

    standards/<id>/standard.yaml        kind "standard"
    standards/<id>/<edition>.yaml       kind "edition"
    standards/<id>/crosswalks/*.yaml    kind "crosswalk" (model and checks in crosswalk.py)
    standards/<id>/comments/*.yaml      kind "comment" (a draft's consultation; comments.py)
    standards/<id>/releases.yaml        kind "release-log" (written by ``lode release``)

Per-file work (parse, schema, model, the per-edition checks) is cached by content hash
(``cache.py``) together with the small *facts* the cross-file checks need; only those
checks run on every run, over the facts of all files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..core.codes import Severity
from ..core.errors import LoadError, LodeError
from ..core.findings import Finding, Report
from ..core.perf import gc_paused
from ..model.crosswalk import build_crosswalk
from ..model.edition import Where, authoring_progress, build_edition, build_standard
from ..read import schemas
from ..read.files import entry_kind
from ..read.loader import STANDARD_LIMITS, Document, Parse, load_bytes, read_file
from . import comments as comment_checks, registry
from .cache import Cache, StatIndex
from .crosswalks import CrosswalkFacts, EditionIndex, crosswalk_facts
from .facts import EditionFacts, Locate, StandardFacts, edition_facts, standard_facts
from ..core.i18n import freeze, msg, thaw

Progress = Callable[[int, int, str], None]


@dataclass
class FileResult:
    """What one file gave: its findings, and the facts the cross-file checks need
    (None if the file did not load or validate)."""

    path: str
    kind: str
    findings: list[Finding] = field(default_factory=list)
    facts: StandardFacts | EditionFacts | CrosswalkFacts | comment_checks.CommentsFacts | None = None
    stats: list[dict[str, Any]] = field(default_factory=list)
    # The file's parsed, schema-valid data when this run parsed it (never cached): the
    # site build hands it to the corpus model so the file is not parsed a second time.
    data: Any = None


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """The files to check, as (path, kind), in a stable order; plus layout findings.

    Every entry's type is taken through ``read/files.py`` (symlinks followed only inside
    the repository), so a link out of it, a loop or a FIFO is a finding, never a hang or
    a traceback; paths stay as found, so a linked standard folder keeps its name."""
    base = root / "standards"
    if not base.is_dir():
        raise LodeError.of("no-standards", msg("{root} has no standards/ folder", root=root))
    files: list[tuple[Path, str]] = []
    findings: list[Finding] = []
    for d in sorted(base.iterdir()):
        if d.name.startswith("."):
            continue
        kind = _kind(root, d, findings)
        if kind is None:
            continue
        if kind != "dir":
            findings.append(Finding.make("unexpected-file", msg("{name} is not a standard folder", name=d.name), _rel(root, d)))
            continue
        std = d / "standard.yaml"
        if os.path.lexists(std):
            files.append((std, "standard"))  # check_file reports a link out, a loop or a FIFO
        else:
            findings.append(Finding.make("edition-list", msg("{value}/ has no standard.yaml", value=_rel(root, d)), _rel(root, d),
                                         hint=msg("create {value}/standard.yaml (see schemas/standard.schema.json)", value=_rel(root, d))))
        for p in sorted(d.iterdir()):
            if p.name.startswith(".") or p.name == "standard.yaml":
                continue
            kind = _kind(root, p, findings)
            if kind is None:
                continue
            if kind == "dir" and p.name in _FOLDERS:
                files.extend((f, _FOLDERS[p.name]) for f, _k in _discover_crosswalks(root, p, findings))
            elif p.suffix == ".yaml" and kind != "dir":
                files.append((p, "release-log" if p.name == "releases.yaml" else "edition"))
            else:
                findings.append(_unexpected(root, p))
    return files, findings


_FOLDERS = {"crosswalks": "crosswalk", "comments": "comment"}


def _kind(root: Path, p: Path, findings: list[Finding]) -> str | None:
    """What ``p`` is ("file", "dir", "other"), or None with the refusal added to findings."""
    try:
        return entry_kind(p, _rel(root, p), root)
    except LoadError as e:
        findings.extend(e.findings)
        return None


def _discover_crosswalks(root: Path, folder: Path, findings: list[Finding]) -> Iterator[tuple[Path, str]]:
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue
        kind = _kind(root, p, findings)
        if kind is None:
            continue
        if kind != "dir" and p.suffix == ".yaml":
            yield p, "crosswalk"
        else:
            findings.append(_unexpected(root, p))


def _unexpected(root: Path, p: Path) -> Finding:
    return Finding.make("unexpected-file", msg("{name} is not part of the standards layout", name=p.name), _rel(root, p))


def _rel(root: Path, p: Path) -> str:
    """``p`` relative to ``root`` as found (lexically): never where a symlink points."""
    a, b = Path(os.path.abspath(p)), Path(os.path.abspath(root))
    try:
        return a.relative_to(b).as_posix()
    except ValueError:
        try:  # a target given through another spelling of the root (e.g. a linked checkout)
            return Path(os.path.realpath(p)).relative_to(os.path.realpath(root)).as_posix()
        except (ValueError, OSError):
            return p.as_posix()


def check_file(path: Path, display: str, kind: str, cache: Cache | None = None,
               root: Path | None = None, index: StatIndex | None = None, parse: Parse | None = None) -> FileResult:
    """Everything Lode checks within one file -- loading, schema, the per-edition
    semantic checks -- plus the facts for the cross-file checks. Cached by content;
    with an ``index``, an unchanged file (same lstat signature) is not even read. Only
    a file ``read_file`` accepted (its type and symlink rules) is ever indexed, and a
    symlink never is, so those rules hold for every file the index skips."""
    sig = StatIndex.signature(path) if cache and index else None
    if cache and index:
        key = index.lookup(path, kind, sig)
        hit = cache.get(key) if key else None
        if hit is not None:
            index.record(path, kind, sig, key)
            return _from_cached(display, kind, hit)
    try:
        content = read_file(path, STANDARD_LIMITS, display, root)
    except LoadError as e:
        return FileResult(display, kind, list(e.findings))
    if kind == "comment":  # not cached: its checks read git on every run (comments.py)
        return FileResult(display, kind, *comment_checks.load_comments(content, display))
    key = Cache.key(content, kind) if cache else ""
    if cache and index and len(content) <= STANDARD_LIMITS.max_bytes:
        index.record(path, kind, sig, key)
    hit = cache.get(key) if cache else None
    if hit is not None:
        return _from_cached(display, kind, hit)
    result = check_content(content, display, kind, parse)
    if cache:
        cache.put(key, _to_cached(result))
    return result


def check_content(content: bytes, display: str, kind: str, parse: Parse | None = None) -> FileResult:
    """The per-file checks of :func:`check_file` on bytes in memory (also used to check a
    rewritten file before it is written)."""
    try:
        doc = load_bytes(content, display, STANDARD_LIMITS, parse)
    except LoadError as e:
        return FileResult(display, kind, [e.finding])
    findings = doc.findings + schemas.check(doc, kind)
    if any(f.severity is Severity.ERROR for f in findings):
        return FileResult(display, kind, findings)
    if kind == "release-log":  # appended by `lode release`; its schema is its only check
        return FileResult(display, kind, findings)
    locate = _locator(doc)
    if kind == "crosswalk":
        cw = build_crosswalk(doc.data, display)
        findings += registry.run("crosswalk", cw, locate)
        return FileResult(display, kind, findings, crosswalk_facts(cw, locate), data=doc.data)
    if kind == "standard":
        return FileResult(display, kind, findings, standard_facts(build_standard(doc.data, display), locate),
                          data=doc.data)
    ed = build_edition(doc.data, display)
    findings += registry.run("edition", ed, locate)
    return FileResult(display, kind, findings, edition_facts(ed, locate), authoring_progress(ed), data=doc.data)


def _to_cached(r: FileResult) -> tuple[Any, ...]:
    fs = tuple((f.code, freeze(f.message), f.line, f.col, freeze(f.hint), f.pointer, f.severity.value)
               for f in r.findings)
    return fs, (r.facts.plain() if r.facts else None), r.stats


def _from_cached(display: str, kind: str, entry: tuple[Any, ...]) -> FileResult:
    fs, facts, stats = entry
    findings = [Finding(c, thaw(m), display, ln, col, thaw(h), p, Severity(s)) for c, m, ln, col, h, p, s in fs]
    if facts is not None:
        facts = (StandardFacts.from_plain(facts) if kind == "standard" else CrosswalkFacts.from_plain(facts)
                 if kind == "crosswalk" else EditionFacts.from_plain(facts))
        facts = facts._replace(file=display)
    return FileResult(display, kind, findings, facts, stats)


def validate(root: Path, targets: Sequence[Path] = (), *, cache: Cache | None = None,
             progress: Progress | None = None, parsed: dict[str, Any] | None = None,
             parse: Parse | None = None) -> Report:
    """Validate the repository at ``root``.

    Args:
        root: a directory containing ``standards/``.
        targets: files or folders to report on (default: everything). Cross-file checks
            always see the whole repository, so a reference into another standard is
            still resolved.
        cache: per-file result cache, or None to check everything from scratch.
        progress: called as ``progress(done, total, path)`` after each file.
        parsed: if given, filled with ``{path: data}`` for every standard, edition and
            crosswalk this run parsed and found schema-valid (a file the cache answered
            is not parsed, so not in it): ``Corpus.load(root, parsed)`` then parses only
            the others, and no file is parsed twice in one site build.
        parse: how a file's YAML text is parsed (``loader.load_bytes``'s ``parse``):
            under ``mkdocs serve``, ``reparse.Reparse.build``.

    Returns:
        A report of every finding, sorted by file, line and column.
    """
    with gc_paused():
        return _validate(Path(root), targets, cache, progress, parsed, parse)


def _validate(root: Path, targets: Sequence[Path], cache: Cache | None, progress: Progress | None,
              parsed: dict[str, Any] | None, parse: Parse | None) -> Report:
    files, findings = discover(root)
    results: list[FileResult] = []
    index = StatIndex(cache, root) if cache else None
    for i, (path, kind) in enumerate(files):
        r = check_file(path, _rel(root, path), kind, cache, root, index, parse)
        if parsed is not None and r.data is not None:
            parsed[r.path] = r.data
        elif parsed is not None and isinstance(r.facts, comment_checks.CommentsFacts):
            parsed[r.path] = r.facts.data
        r.data = None  # not kept past this loop: at 100k nodes the data is most of the memory
        results.append(r)
        findings.extend(r.findings)
        if progress:
            progress(i + 1, len(files), r.path)
    if index:
        index.save()
    findings.extend(cross_check(results))
    findings.extend(comment_checks.check_comments(root, [r.facts for r in results
                                                         if isinstance(r.facts, comment_checks.CommentsFacts)], parsed))
    # Completeness is reported for editions their standard lists (the others are findings).
    listed = {(r.facts.id, e) for r in results if isinstance(r.facts, StandardFacts) for e in r.facts.editions}
    stats = {"completeness": [c for r in results if isinstance(r.facts, EditionFacts)
                              and (r.facts.standard, r.facts.edition) in listed for c in r.stats]}
    if targets:
        wanted = [_rel(root, t) for t in targets]
        findings = [f for f in findings if _under(f.path, wanted)]
        stats["completeness"] = [c for c in stats["completeness"] if _under(_edition_path(c["edition"]), wanted)]
    return Report.of(findings, files=len(files), stats=stats)


def _under(path: str, wanted: list[str]) -> bool:
    return any(path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)


def _edition_path(ref: str) -> str:
    std, ed = ref.split("@")
    return f"standards/{std}/{ed}.yaml"


def cross_check(results: Iterable[FileResult]) -> list[Finding]:
    """The checks that need more than one file: layout and identity, id stability and
    lineage across editions, supersedes chains, references between standards, and
    crosswalk rows against the editions they map."""
    findings: list[Finding] = []
    standards: dict[str, StandardFacts] = {}
    on_disk: dict[str, dict[str, FileResult]] = {}
    crosswalks: list[CrosswalkFacts] = []
    incomplete: set[str] = set()
    for r in results:
        folder = r.path.split("/")[1]
        if r.kind in ("release-log", "comment"):
            continue
        if r.kind == "crosswalk":
            if isinstance(r.facts, CrosswalkFacts):
                crosswalks.append(r.facts)
        elif r.kind == "standard":
            if isinstance(r.facts, StandardFacts):
                standards[folder] = r.facts
            else:
                incomplete.add(folder)
        else:
            on_disk.setdefault(folder, {})[r.path.rsplit("/", 1)[1][: -len(".yaml")]] = r
    good_editions: list[EditionFacts] = []
    for folder in sorted(set(standards) | set(on_disk)):
        std = standards.get(folder)
        if std is None:
            incomplete.add(folder)
            continue
        if std.id != folder:
            findings.append(Finding.make("identity-mismatch", msg("standard id {id!r} does not match its folder {folder!r}", id=std.id, folder=folder), std.file, *std.id_pos, pointer="/id"))
            incomplete.add(folder)
            continue
        eds = on_disk.get(folder, {})
        for i, name in enumerate(std.editions):
            if name not in eds:
                findings.append(Finding.make("edition-list", msg("edition {name!r} is listed but standards/{folder}/{name}.yaml is missing", name=name, folder=folder), std.file,
                                             *std.editions_pos[i], pointer=f"/editions/{i}"))
        editions: dict[str, EditionFacts] = {}
        for name, er in eds.items():
            if name not in std.editions:
                findings.append(Finding.make("edition-list", msg("edition file {name}.yaml is not listed in standards/{folder}/standard.yaml", name=name, folder=folder), er.path))
            ed = er.facts
            if not isinstance(ed, EditionFacts):
                incomplete.add(folder)
                continue
            mismatch = False
            if ed.standard != folder:
                findings.append(Finding.make("identity-mismatch", msg("edition says standard {standard!r} but is in standards/{folder}/", standard=ed.standard, folder=folder), ed.file, *ed.at["standard"], pointer="/standard"))
                mismatch = True
            if ed.edition != name:
                findings.append(Finding.make("identity-mismatch", msg("edition says {edition!r} but the file is {name}.yaml", edition=ed.edition, name=name), ed.file, *ed.at["edition"], pointer="/edition"))
                mismatch = True
            if mismatch:
                incomplete.add(folder)
            elif name in std.editions:
                editions[name] = ed
        good_editions.extend(editions.values())
        if folder not in incomplete:
            findings.extend(registry.run("standard", std, editions))
    findings.extend(registry.run("corpus", good_editions, standards, incomplete))
    indexes = {(ed.standard, ed.edition): EditionIndex.from_facts(ed.nodes) for ed in good_editions}
    for cw in crosswalks:
        findings.extend(registry.run("crosswalk-links", cw, indexes, standards, incomplete))
    return findings


def _locator(doc: Document) -> Locate:
    def locate(where: Where, sub: tuple, key: bool) -> tuple[int, int]:
        return doc.where(where.path + tuple(sub), key=key)

    return locate
