"""``lode fmt``: one canonical layout for every Lode YAML file.

The layout: keys in the order the schema lists them (language keys of a localized text
first, as authored, then the schema's own keys), strings that need quotes in double
quotes, two-space indentation with list items two in, no line folded by the tool (see
``WIDTH``), and the editor modeline (``# yaml-language-server: $schema=…``) on the
first line. Comments stay where they were, attached to the key they follow.

Formatting changes the layout only: the result is read back by the strict loader and
must give exactly the data the original gave (``roundtrip.verify``), so a formatter bug
can never change what a standard says. Formatting twice gives what formatting once gave
(a Hypothesis property in ``tests/drafters``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ..core.errors import LodeError
from ..model.layout import document_kind
from ..read import schemas
from ..read.loader import STANDARD_LIMITS, load_bytes
from .roundtrip import dump_tree, load_tree, verify, yaml
from ..core.i18n import msg

# The line width is the author's: tried at 100 over the corpus, ruamel re-folded `>-` blocks
# leaving one word on a line, and broke plain scalars with trailing spaces and bare URLs on
# their own line. Drafters fold long text in `>-` blocks themselves; the tool never folds.
WIDTH = 4096
MODELINE = "# yaml-language-server: $schema="
# The editor copies of the schemas (draft-07: what the YAML language server reads).
EDITOR_SCHEMAS = "schemas/editor"


@dataclass(frozen=True)
class Formatted:
    path: str
    before: bytes
    after: bytes

    @property
    def changed(self) -> bool:
        return self.before != self.after


def kind_of(rel: str) -> str:
    """The document kind of a file from its place in the layout."""
    return document_kind(rel)


def modeline(rel: str, kind: str) -> str:
    """The modeline for the file at ``rel`` (relative to the repository root)."""
    up = os.path.relpath(f"{EDITOR_SCHEMAS}/{kind}.schema.json", str(PurePosixPath(rel).parent))
    return f"{MODELINE}{PurePosixPath(up)}"


def format_bytes(source: bytes, rel: str, kind: str | None = None) -> bytes:
    """``source`` in the canonical layout; refuses (:class:`LodeError`) a file the strict
    loader refuses, since a layout cannot be given to what cannot be read."""
    kind = kind or kind_of(rel)
    data = load_bytes(source, rel, STANDARD_LIMITS).data
    y = yaml(WIDTH)
    tree = load_tree(source, y)
    _canonical(tree, _Schema.root(kind))
    out = _with_modeline(dump_tree(tree, y).decode("utf-8"), rel, kind).encode("utf-8")
    return verify(out, rel, data)


def format_file(path: Path, rel: str) -> Formatted:
    try:
        before = path.read_bytes()
    except OSError as e:
        raise LodeError.of("input-unreadable", msg("cannot read file: {strerror}", strerror=e.strerror), rel) from None
    return Formatted(rel, before, format_bytes(before, rel))


def _with_modeline(text: str, rel: str, kind: str) -> str:
    # An existing modeline is the drafter's choice (a repository may point at a URL); only
    # a missing one is added.
    if text.startswith(MODELINE):
        return text
    return modeline(rel, kind) + "\n" + text


# --- the schema as a guide to key order ----------------------------------------------

class _Schema:
    """One subschema with its document, so ``$ref`` resolves relative to where it is."""

    def __init__(self, node: dict[str, Any], doc: str) -> None:
        self.node, self.doc = self._deref(node, doc)

    @classmethod
    def root(cls, kind: str) -> _Schema:
        return cls(schemas.documents()[f"{kind}.schema.json"], f"{kind}.schema.json")

    @staticmethod
    def _deref(node: dict[str, Any], doc: str) -> tuple[dict[str, Any], str]:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
            target, _, frag = node["$ref"].partition("#")
            doc = target.rsplit("/", 1)[-1] or doc
            node = schemas.documents()[doc]
            for part in [p for p in frag.split("/") if p]:
                node = node[part]
            seen += 1
        return (node if isinstance(node, dict) else {}), doc

    def properties(self) -> list[str]:
        return list(self.node.get("properties", {}))

    def patterns(self) -> list[str]:
        return list(self.node.get("patternProperties", {}))

    def child(self, key: str) -> _Schema | None:
        if key in self.node.get("properties", {}):
            return _Schema(self.node["properties"][key], self.doc)
        for pattern, sub in self.node.get("patternProperties", {}).items():
            if re.search(pattern, key):
                return _Schema(sub, self.doc)
        extra = self.node.get("additionalProperties")
        return _Schema(extra, self.doc) if isinstance(extra, dict) else None

    def items(self) -> _Schema | None:
        sub = self.node.get("items")
        return _Schema(sub, self.doc) if isinstance(sub, dict) else None


def _canonical(tree: Any, schema: _Schema | None) -> None:
    """Reorder keys and normalise quotes, iteratively (depth is bounded by the loader,
    but recursion would still be the one unbounded thing here)."""
    stack: list[tuple[Any, _Schema | None]] = [(tree, schema)]
    while stack:
        node, sch = stack.pop()
        if isinstance(node, CommentedMap):
            if sch is not None:
                _reorder(node, sch)
            for k in list(node):
                node[k] = _quoted(node[k])
                stack.append((node[k], sch.child(k) if sch else None))
        elif isinstance(node, CommentedSeq):
            sub = sch.items() if sch else None
            for i, v in enumerate(node):
                node[i] = _quoted(v)
                stack.append((node[i], sub))


def _reorder(m: CommentedMap, sch: _Schema) -> None:
    props = sch.properties()
    patterns = sch.patterns()
    keys = list(m)
    by_pattern = [k for k in keys if k not in props and any(re.search(p, k) for p in patterns)]
    known = sorted((k for k in keys if k in props), key=props.index)
    rest = [k for k in keys if k not in by_pattern and k not in known]
    order = by_pattern + known + rest
    if order != keys:
        for k in order:
            m.move_to_end(k)


def _quoted(value: Any) -> Any:
    # One quoting style: double quotes (they can carry any character as an escape).
    if isinstance(value, SingleQuotedScalarString):
        return DoubleQuotedScalarString(str(value))
    return value
