"""Stamping translation fingerprints: ``lode translations stamp``.

A localized string marks its Lode-made translations under ``translated-from`` (the forms are
described in ``schemas/common.schema.json``, ``localized``). Nobody should compute a
fingerprint by hand: a translator writes the bare source language (``translated-from: {zh:
en}``) or leaves an old fingerprint after reviewing the translation, and :func:`stamp`
records the fingerprint of the source text as it is now.

Rewriting goes through ``edit/roundtrip.rewrite``, the one rewrite every command uses
(comments and quoting kept, the result read back by the strict loader before anything is
written). Nothing here touches the file system; the caller writes atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..core.findings import Finding
from ..read.schemas import load_checked
from ..model.edition import fingerprint, translation_mark
from ..model.layout import document_kind
from ..read.loader import pointer
from ..validate import checks as _checks  # noqa: F401 - registers the translation codes used below
from .roundtrip import rewrite
from ..core.i18n import msg

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Change:
    """One ``translated-from`` entry that gets a new value."""

    line: int
    col: int
    pointer: str
    lang: str
    source: str
    old: str
    new: str

    def describe(self, display: str) -> str:
        why = "stamped" if ":" not in self.old and len(self.old) < 12 else "refreshed"
        return (f"{display}:{self.line}:{self.col}: {why} {self.pointer} "
                f"({self.lang} from {self.source}): {self.old} -> {self.new}")


@dataclass
class Stamp:
    content: bytes
    source: bytes  # the bytes read: the write is refused if the file moved on
    changes: list[Change] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)  # marks that cannot be stamped, and why


def stamp(path: Path, display: str) -> Stamp:
    """The file at ``path`` with every ``translated-from`` entry set to the fingerprint of its
    source text as it is now. Raises :class:`LodeError` if the file does not load or fails
    its schema (nothing can be stamped in a file Lode cannot read)."""
    source = path.read_bytes()
    doc = load_checked(source, display, document_kind(path.as_posix()))
    authoritative = doc.data.get("language") if document_kind(path.as_posix()) == "edition" else None
    result = Stamp(source, source)
    plan: list[tuple[KeyPath, str, str]] = []
    for where, loc in _localized(doc.data):
        for lang, value in loc["translated-from"].items():
            src_lang, recorded = translation_mark(value, authoritative)
            text = loc.get(src_lang) if src_lang and src_lang != lang else None
            line, col = doc.where(where + ("translated-from", lang))
            if text is None or lang not in loc:
                result.skipped.append(Finding.make(
                    "translation-source-missing",
                    msg("{value}: the {lang} text is marked as translated from {value2}, but that text is missing (not stamped)", value=pointer(where), lang=lang, value2=src_lang or 'the authoritative language, which a standard.yaml does not have'), display, line, col,
                    hint=None if src_lang else "write the source language: translated-from: {zh: en}"))
                continue
            current = fingerprint(text)
            explicit = ":" in value or src_lang != authoritative
            new = f"{src_lang}:{current}" if explicit else current
            if new != value:
                plan.append((where, lang, new))
                result.changes.append(Change(line, col, pointer(where + ("translated-from", lang)),
                                             lang, src_lang, value, new))
    if plan:
        result.content = rewrite(doc, source, lambda data, _new_map: _apply(data, plan), document_kind(path.as_posix()))
    return result


def _localized(data: Any) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """Every mapping with a ``translated-from`` key, with its path, in document order (iterative)."""
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("translated-from"), dict):
                yield where, value
                continue
            stack.extend((where + (k,), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((where + (i,), v) for i, v in reversed(list(enumerate(value))))


def _apply(data: Any, plan: list[tuple[KeyPath, str, str]]) -> None:
    for where, lang, new in plan:
        node = data
        for k in where:
            node = node[k]
        node["translated-from"][lang] = new
