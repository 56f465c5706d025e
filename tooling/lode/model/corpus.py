"""The corpus as model objects: every standard and edition of a repository, loaded for
the commands that read content (diff, site, crosswalks) rather than check it.

Files are read through the same safe loader and schema as ``lode validate``; a file that
does not load or does not match its schema raises :class:`~lode.core.errors.LodeError` with the
findings, so no consumer ever builds pages or diffs from invalid data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..core.codes import Severity
from ..core.errors import LodeError
from ..read import schemas
from ..read.loader import STANDARD_LIMITS, Document, load_bytes, load_file
from .edition import Edition, Ref, Standard, build_edition, build_standard


def load_checked(content: bytes | Path, display: str, kind: str, root: Path | None = None) -> Document:
    """A file (or a git blob's bytes) loaded and schema-checked as ``kind``; raises
    :class:`~lode.core.errors.LodeError` with the findings if it cannot be used. A file is
    read through ``read/files.py`` (regular files only, symlinks only within ``root``)."""
    doc = (load_file(content, display, STANDARD_LIMITS, root) if isinstance(content, Path)
           else load_bytes(content, display, STANDARD_LIMITS))
    errors = [f for f in doc.findings + schemas.check(doc, kind) if f.severity is Severity.ERROR]
    if errors:
        raise LodeError(errors)
    return doc


def _data(content: bytes | Path, display: str, kind: str, root: Path | None = None) -> dict:
    return load_checked(content, display, kind, root).data


def edition_from_bytes(content: bytes | Path, display: str, root: Path | None = None) -> Edition:
    """An edition from file content (a git blob) or a file on disk."""
    return build_edition(_data(content, display, "edition", root), display)


def standard_from_bytes(content: bytes | Path, display: str, root: Path | None = None) -> Standard:
    return build_standard(_data(content, display, "standard", root), display)


@dataclass
class Corpus:
    """Standards by id and editions by (standard, edition), in the order standards list them."""

    root: Path
    standards: dict[str, Standard] = field(default_factory=dict)
    editions: dict[tuple[str, str], Edition] = field(default_factory=dict)
    # The plain data each edition was built from, kept so exports (canonical JSON, its
    # digest) use exactly what the YAML says without parsing the file a second time.
    data: dict[tuple[str, str], dict] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Corpus:
        root = Path(root)
        corpus = cls(root)
        base = root / "standards"
        for std_file in sorted(base.glob("*/standard.yaml")):
            display = std_file.relative_to(root).as_posix()
            std = standard_from_bytes(std_file, display, root)
            corpus.standards[std.id] = std
            for name in std.editions:
                path = std_file.parent / f"{name}.yaml"
                display = path.relative_to(root).as_posix()
                data = _data(path, display, "edition", root)
                corpus.editions[(std.id, name)] = build_edition(data, display)
                corpus.data[(std.id, name)] = data
        return corpus

    def edition(self, ref: Ref | str) -> Edition:
        """The edition a reference names (``std@ed``; ``std@latest`` is the last listed)."""
        ref = Ref.parse(ref) if isinstance(ref, str) else ref
        std = self.standards.get(ref.standard)
        if std is None:
            raise KeyError(f"no standard {ref.standard!r}")
        name = std.editions[-1] if ref.edition == "latest" else ref.edition
        if (ref.standard, name) not in self.editions:
            raise KeyError(f"{ref.standard} has no edition {name!r} (editions: {', '.join(std.editions)})")
        return self.editions[(ref.standard, name)]

    def editions_of(self, standard: str) -> Iterator[Edition]:
        for name in self.standards[standard].editions:
            yield self.editions[(standard, name)]
