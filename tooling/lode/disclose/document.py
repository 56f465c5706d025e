"""Reading a disclosure file: YAML or JSON through the safe loader (the same limits,
no aliases or tags, exit 3 on hostile input), or a filled-in template workbook
(``workbook.py``). Every reader returns a :class:`~.disclosure.Disclosure`: the plain
data, where each piece came from, and the sha256 of the bytes the verdict is about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from ..core.errors import LoadError
from ..core.findings import Finding
from ..read.loader import DISCLOSURE_LIMITS, Document, load_bytes, read_file
from . import codes  # noqa: F401 - defines disclosure-version
from .disclosure import Disclosure, file_digest
from ..core.i18n import msg

FORMAT_VERSION = 1
SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def _refuse(code: str, message: str, path: str, line: int = 0, col: int = 0) -> LoadError:
    return LoadError(Finding.make(code, message, path, line, col))


def read_disclosure(path: Path, display: str | None = None) -> Disclosure:
    """Read one disclosure file; :class:`LoadError` (exit 3) for any rejected input."""
    path = Path(path)
    display = display or str(path)
    if _workbook(path):
        from .workbook import read_template  # here: a YAML check never loads the workbook reader

        return read_template(path, display)
    return from_bytes(_content(path, display), display)


# Input a group holds at most (or one file): a batch checks a group's documents back to
# back while it holds them all (batch.py), so a batch of large files, 5 MB each at most,
# holds one at a time, and one of small files some hundreds.
GROUP_BYTES = 1 << 20


def read_disclosures(paths: Sequence[Path], budget: int = GROUP_BYTES
                     ) -> Iterator[list[tuple[Path, Disclosure | LoadError]]]:
    """:func:`read_disclosure` for each of ``paths`` (shown as given), in order, the refusal
    in place of a file that cannot be read; in groups of at most ``budget`` bytes of input
    (or one file), each group's bytes read before any of it is parsed. Reading a file
    (system calls) and parsing one in turn evict each other's code and data from the
    processor's caches; grouped, 10,000 disclosures read 13% faster (tooling/bench/RESULTS.md,
    goal 5)."""
    # A refusal is kept as a new error with the same findings: the one raised holds its
    # traceback, whose frames hold the lists it is kept in (a reference cycle per
    # refused file, which a batch, pausing the cyclic collector, would keep).
    group: list[tuple[Path, bytes | LoadError | None]] = []
    size = 0
    for path in paths:
        try:
            content: bytes | LoadError | None = None if _workbook(path) else _content(path, str(path))
        except LoadError as e:
            content = LoadError(e.findings)
        n = len(content) if isinstance(content, bytes) else 0
        if group and size + n > budget:
            yield _parse(group)
            group, size = [], 0
        group.append((path, content))
        size += n
    if group:
        yield _parse(group)


def _parse(group: list[tuple[Path, bytes | LoadError | None]]) -> list[tuple[Path, Disclosure | LoadError]]:
    out: list[tuple[Path, Disclosure | LoadError]] = []
    for path, content in group:
        if isinstance(content, LoadError):
            out.append((path, content))
            continue
        try:  # a workbook (no content yet) is read by its own reader
            out.append((path, read_disclosure(path) if content is None else from_bytes(content, str(path))))
        except LoadError as e:
            out.append((path, LoadError(e.findings)))
    return out


def _workbook(path: Path) -> bool:
    return path.suffix.lower() == ".xlsx"


def _content(path: Path, display: str) -> bytes:
    try:
        return read_file(path, DISCLOSURE_LIMITS)
    except OSError as e:
        raise _refuse("input-unreadable", msg("cannot read file: {value}", value=e.strerror or e), display) from None


def from_bytes(content: bytes, display: str) -> Disclosure:
    doc = load_bytes(content, display, DISCLOSURE_LIMITS)
    check_version(doc)
    return Disclosure(doc, file_digest(content))


def check_version(doc: Document) -> None:
    version = doc.data.get("lode-disclosure")
    if version != FORMAT_VERSION or isinstance(version, bool):
        line, col = doc.where(("lode-disclosure",)) if "lode-disclosure" in doc.data else (1, 1)
        what = "has no `lode-disclosure:` key" if "lode-disclosure" not in doc.data else \
            f"says lode-disclosure: {version!r}; this Lode reads version {FORMAT_VERSION}"
        raise _refuse("disclosure-version", msg("the file {what}", what=what), doc.path, line, col)


