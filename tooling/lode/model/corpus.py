"""The corpus as model objects: every standard and edition of a repository, with the
crosswalks between its editions and its drafts' comments, loaded for the commands that
read content (diff, site, crosswalks) rather than check it.

Files are read through the same safe loader and schema as ``lode validate``; a file that
does not load or does not match its schema raises :class:`~lode.core.errors.LodeError` with the
findings, so no consumer ever builds pages or diffs from invalid data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from ..core.errors import LodeError
from ..read.loader import STANDARD_LIMITS, read_file
from ..read.schemas import load_checked
from .consult import CommentsFile, build_comments, comments_file
from .crosswalk import Crosswalk, build_crosswalk
from .edition import Edition, Ref, Standard, build_edition, build_standard


def _data(content: bytes | Path, display: str, kind: str, root: Path | None = None) -> dict:
    return load_checked(content, display, kind, root).data


def edition_from_bytes(content: bytes | Path, display: str, root: Path | None = None) -> Edition:
    """An edition from file content (a git blob) or a file on disk."""
    return build_edition(_data(content, display, "edition", root), display)


def standard_from_bytes(content: bytes | Path, display: str, root: Path | None = None) -> Standard:
    return build_standard(_data(content, display, "standard", root), display)


def latest_name(editions: tuple[str, ...], status: Callable[[str], str]) -> str:
    """The last listed edition whose status is not draft (the last one if all are drafts)."""
    return next((e for e in reversed(editions) if status(e) != "draft"), editions[-1])


@dataclass
class Corpus:
    """Standards by id and editions by (standard, edition), in the order standards list them."""

    root: Path
    standards: dict[str, Standard] = field(default_factory=dict)
    # Each edition keeps the plain data it was built from (``Edition.data``): exports
    # (canonical JSON, its digest) use exactly what the YAML says, parsed once.
    editions: dict[tuple[str, str], Edition] = field(default_factory=dict)
    # Every crosswalk whose two editions are in the corpus, by file (display path), in
    # file order; and the comments file of each draft with a stage history that has one.
    crosswalks: list[tuple[str, Crosswalk]] = field(default_factory=list)
    comments: dict[tuple[str, str], CommentsFile] = field(default_factory=dict)

    # With ``load(..., track=True)``: the sha256 of every file read, by path, and what
    # each standard or edition file gave (its data and model), for the next load to reuse.
    digests: dict[str, str] = field(default_factory=dict)
    # The plain data of each standard file, by path (its applicability, for obligations).
    standard_data: dict[str, dict] = field(default_factory=dict)
    _built: dict[str, tuple[dict, Any]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, root: Path, parsed: Mapping[str, Any] | None = None, previous: Corpus | None = None,
             track: bool = False, linked: bool = True) -> Corpus:
        """``parsed``: ``{path: data}`` of files already parsed and schema-checked in this
        process (``validate(..., parsed=...)`` fills it); those are not read again.
        ``track``: record each file's digest (``digests``), so that a later load given
        this corpus as ``previous`` reuses the model of every file whose bytes are the
        same (`mkdocs serve` rebuilds after one edit). ``linked``: load the crosswalks
        and comments files too (a command that reads one crosswalk itself passes False)."""
        root = Path(root)
        parsed = parsed or {}
        track = track or previous is not None
        corpus = cls(root)
        base = root / "standards"

        def built(path: Path, kind: str, make: Callable[[dict, str], Any]) -> tuple[dict, Any]:
            display = path.relative_to(root).as_posix()
            content: bytes | Path = path
            if track:
                content = read_file(path, STANDARD_LIMITS, display, root)
                digest = corpus.digests[display] = hashlib.sha256(content).hexdigest()
                if previous is not None and previous.digests.get(display) == digest and display in previous._built:
                    corpus._built[display] = previous._built[display]
                    return previous._built[display]
            known = parsed.get(display)
            data = known if known is not None else _data(content, display, kind, root)
            # An edited edition reuses the nodes its last model built from the same dicts.
            last = previous._built.get(display) if previous is not None and kind == "edition" else None
            out = (data, make(data, display, last[1]) if last else make(data, display))
            if track:
                corpus._built[display] = out
            return out

        for std_file in sorted(base.glob("*/standard.yaml")):
            data, std = built(std_file, "standard", build_standard)
            corpus.standards[std.id] = std
            corpus.standard_data[std_file.relative_to(root).as_posix()] = data
            for name in std.editions:
                corpus.editions[(std.id, name)] = built(std_file.parent / f"{name}.yaml", "edition", build_edition)[1]
        if not linked:
            return corpus
        for path in sorted(base.glob("*/crosswalks/*.yaml")):
            cw = built(path, "crosswalk", build_crosswalk)[1]
            if all((r.standard, r.edition) in corpus.editions for r in (cw.source, cw.target)):
                corpus.crosswalks.append((path.relative_to(root).as_posix(), cw))
        for key, ed in corpus.editions.items():
            path = comments_file(root, ed.ref)
            if ed.stages and path.is_file():
                try:
                    corpus.comments[key] = built(path, "comments", build_comments)[1]
                except LodeError:
                    pass  # validation reports the file (a build stops on its errors first)
        return corpus

    def digest(self, std: str, ed: str | None = None) -> str | None:
        """The sha256 of an edition's file (of the standard's file if ``ed`` is None), if tracked."""
        return self.digests.get(f"standards/{std}/{ed or 'standard'}.yaml")

    def edition(self, ref: Ref | str) -> Edition:
        """The edition a reference names (``std@ed``; ``std@latest`` is the last listed edition
        that is not a draft: a reader sent to "the latest" must never land on a draft)."""
        ref = Ref.parse(ref) if isinstance(ref, str) else ref
        std = self.standards.get(ref.standard)
        if std is None:
            raise KeyError(f"no standard {ref.standard!r}")
        name = latest_name(std.editions, lambda e: self.editions[(ref.standard, e)].status) \
            if ref.edition == "latest" else ref.edition
        if (ref.standard, name) not in self.editions:
            raise KeyError(f"{ref.standard} has no edition {name!r} (editions: {', '.join(std.editions)})")
        return self.editions[(ref.standard, name)]

    def editions_of(self, standard: str) -> Iterator[Edition]:
        for name in self.standards[standard].editions:
            yield self.editions[(standard, name)]
