"""Validation of a Lode repository: load every file, check its schema, build the
model, run the semantic checks, and return one :class:`Report`.

The repository layout this module knows::

    standards/<id>/standard.yaml        kind "standard"
    standards/<id>/<edition>.yaml       kind "edition"
    standards/<id>/crosswalks/*.yaml    crosswalks (checked by the crosswalk module)

Per-file work (parse + schema) is cached by content hash (``cache.py``); the model and
the cross-file checks are rebuilt on every run because they depend on all files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from . import checks, schemas
from .cache import Cache
from .codes import Severity
from .findings import Finding, Report
from .loader import STANDARD_LIMITS, Document, LoadError, load_bytes, read_file
from .model import Corpus, StandardEntry, Where, build_edition, build_standard

Progress = Callable[[int, int, str], None]


class ConfigError(Exception):
    """Lode cannot run as asked (exit 2). ``code`` is a registry code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class FileResult:
    """What one file gave: its document (if it loaded) and its per-file findings."""

    path: str
    kind: str
    document: Document | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Loaded, and no error from the loader or the schema."""
        return self.document is not None and not any(f.severity is Severity.ERROR for f in self.findings)


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` that has a ``standards/`` folder."""
    start = start.resolve()
    for d in [start, *start.parents] if start.is_dir() else list(start.parents):
        if (d / "standards").is_dir():
            return d
    raise ConfigError("no-standards", f"no standards/ folder at or above {start}")


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """The files to check, as (path, kind), in a stable order; plus layout findings."""
    base = root / "standards"
    if not base.is_dir():
        raise ConfigError("no-standards", f"{root} has no standards/ folder")
    files: list[tuple[Path, str]] = []
    findings: list[Finding] = []
    for d in sorted(base.iterdir()):
        if d.name.startswith("."):
            continue
        if not d.is_dir():
            findings.append(Finding.make("unexpected-file", f"{d.name} is not a standard folder", _rel(root, d)))
            continue
        std = d / "standard.yaml"
        if std.is_file():
            files.append((std, "standard"))
        else:
            findings.append(Finding.make("edition-list", f"{_rel(root, d)}/ has no standard.yaml", _rel(root, d),
                                         hint=f"create {_rel(root, d)}/standard.yaml (see schemas/standard.schema.json)"))
        for p in sorted(d.iterdir()):
            if p.name.startswith(".") or p.name == "standard.yaml" or (p.is_dir() and p.name == "crosswalks"):
                continue
            if p.is_file() and p.suffix == ".yaml":
                files.append((p, "edition"))
            else:
                findings.append(Finding.make("unexpected-file", f"{p.name} is not part of the standards layout",
                                             _rel(root, p)))
    return files, findings


def _rel(root: Path, p: Path) -> str:
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def check_file(path: Path, display: str, kind: str, cache: Cache | None = None) -> FileResult:
    """Load one file and validate it against its schema, using the cache when possible."""
    try:
        content = read_file(path, STANDARD_LIMITS)
    except OSError as e:
        return FileResult(display, kind, None, [Finding.make("input-unreadable", f"cannot read file: {e.strerror}",
                                                             display)])
    key = Cache.key(content, kind) if cache else ""
    hit = cache.get(key) if cache else None
    if hit is not None:
        return _from_cached(display, kind, hit)
    try:
        doc = load_bytes(content, display, STANDARD_LIMITS)
    except LoadError as e:
        result = FileResult(display, kind, None, [e.finding])
    else:
        result = FileResult(display, kind, doc, doc.findings + schemas.check(doc, kind))
    if cache:
        cache.put(key, _to_cached(result))
    return result


def _to_cached(r: FileResult) -> tuple[Any, ...]:
    fs = tuple((f.code, f.message, f.line, f.col, f.hint, f.pointer, f.severity.value) for f in r.findings)
    d = r.document
    return (fs, None) if d is None else (fs, (d.data, d.positions, d.key_positions, d.raw))


def _from_cached(display: str, kind: str, entry: tuple[Any, ...]) -> FileResult:
    fs, doc = entry
    findings = [Finding(c, m, display, ln, col, h, p, Severity(s)) for c, m, ln, col, h, p, s in fs]
    document = None if doc is None else Document(display, *doc)
    return FileResult(display, kind, document, findings)


def validate(root: Path, targets: Sequence[Path] = (), *, cache: Cache | None = None,
             progress: Progress | None = None) -> Report:
    """Validate the repository at ``root``.

    Args:
        root: a directory containing ``standards/``.
        targets: files or folders to report on (default: everything). Cross-file checks
            always see the whole repository, so a reference into another standard is
            still resolved.
        cache: per-file result cache, or None to parse everything.
        progress: called as ``progress(done, total, path)`` after each file.

    Returns:
        A report of every finding, sorted by file, line and column.
    """
    root = Path(root)
    files, findings = discover(root)
    results: list[FileResult] = []
    for i, (path, kind) in enumerate(files):
        r = check_file(path, _rel(root, path), kind, cache)
        results.append(r)
        findings.extend(r.findings)
        if progress:
            progress(i + 1, len(files), r.path)
    corpus, docs, layout = build_corpus(root, results)
    findings.extend(layout)
    findings.extend(checks.check_corpus(corpus, _locator(docs)))
    stats = {"completeness": [c for ed in corpus.editions() for c in checks.completeness(ed)]}
    if targets:
        wanted = [_rel(root, t) for t in targets]
        findings = [f for f in findings if any(f.path == w or f.path.startswith(w.rstrip("/") + "/")
                                               for w in wanted)]
        stats["completeness"] = [c for c in stats["completeness"] if _edition_in(c["edition"], wanted)]
    return Report.of(findings, files=len(files), stats=stats)


def _edition_in(ref: str, wanted: list[str]) -> bool:
    std, ed = ref.split("@")
    path = f"standards/{std}/{ed}.yaml"
    return any(path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)


def build_corpus(root: Path, results: Iterable[FileResult]) -> tuple[Corpus, dict[str, Document], list[Finding]]:
    """Build the model from the files that are valid, with identity and layout checks."""
    corpus = Corpus()
    docs: dict[str, Document] = {}
    editions_on_disk: dict[str, dict[str, FileResult]] = {}
    standards: dict[str, FileResult] = {}
    findings: list[Finding] = []
    for r in results:
        folder = r.path.split("/")[1]
        if r.kind == "standard":
            standards[folder] = r
        else:
            editions_on_disk.setdefault(folder, {})[r.path.rsplit("/", 1)[1][: -len(".yaml")]] = r
        if r.document is not None:
            docs[r.path] = r.document
    locate = _locator(docs)
    for folder in sorted(set(standards) | set(editions_on_disk)):
        sr = standards.get(folder)
        eds = editions_on_disk.get(folder, {})
        if sr is None or not sr.valid:
            corpus.incomplete.add(folder)
            continue
        std = build_standard(sr.document.data, sr.path)  # type: ignore[union-attr]
        if std.id != folder:
            findings.append(checks.finding_at(locate, "identity-mismatch", std.where, ("id",),
                                       f"standard id {std.id!r} does not match its folder {folder!r}"))
            corpus.incomplete.add(folder)
            continue
        entry = StandardEntry(std)
        corpus.standards[std.id] = entry
        for name in std.editions:
            if name not in eds:
                i = std.editions.index(name)
                findings.append(checks.finding_at(locate, "edition-list", std.where, ("editions", i),
                                           f"edition {name!r} is listed but standards/{folder}/{name}.yaml is missing"))
        for name, er in eds.items():
            if name not in std.editions:
                findings.append(Finding.make("edition-list", f"edition file {name}.yaml is not listed in "
                                             f"standards/{folder}/standard.yaml", er.path))
            if not er.valid:
                corpus.incomplete.add(folder)
                continue
            ed = build_edition(er.document.data, er.path)  # type: ignore[union-attr]
            bad = False
            if ed.standard != folder:
                findings.append(checks.finding_at(locate, "identity-mismatch", ed.where, ("standard",),
                                           f"edition says standard {ed.standard!r} but is in standards/{folder}/"))
                bad = True
            if ed.edition != name:
                findings.append(checks.finding_at(locate, "identity-mismatch", ed.where, ("edition",),
                                           f"edition says {ed.edition!r} but the file is {name}.yaml"))
                bad = True
            if bad:
                corpus.incomplete.add(folder)
            elif name in std.editions:
                entry.editions[name] = ed
        entry.editions = {n: entry.editions[n] for n in std.editions if n in entry.editions}
    return corpus, docs, findings


def _locator(docs: dict[str, Document]) -> checks.Locate:
    def locate(where: Where, sub: tuple, key: bool) -> tuple[int, int]:
        doc = docs.get(where.file)
        if doc is None:
            return (0, 0)
        return doc.where(where.path + tuple(sub), key=key)

    return locate
