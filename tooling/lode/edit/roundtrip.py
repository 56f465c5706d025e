"""Round-trip YAML: the one place files are loaded for rewriting and dumped again.

Reading always goes through ``read/loader.py``; ruamel's round-trip loader is used only
to rewrite a file, so its comments, quoting and key order survive (settings measured in
reliability.md section 5.1: ``preserve_quotes`` and a wide line width make an unedited
dump byte-identical).

The write protocol (reliability.md section 5.2): the edit is applied twice -- to the
round-trip tree and to the plain data the loader gave -- the round-trip tree is
serialised to memory, those bytes are parsed again with the strict loader, and they
must give exactly the plain data the edit intended. Only then may the caller write,
atomically (``fsutil.write_atomic``). Nothing here touches the file system.
"""

from __future__ import annotations

import copy
import io
import re
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ..core.errors import LoadError, LodeError
from ..model.layout import document_kind
from ..read import schemas
from ..read.loader import STANDARD_LIMITS, Document, load_bytes
from ..core.i18n import msg

# edit(data, new_map): change ``data`` in place; ``new_map(pairs, flow)`` makes a mapping
# of the right type for the tree being edited (dict, or ruamel's CommentedMap).
NewMap = Callable[[list[tuple[str, Any]], bool], Any]
Edit = Callable[[Any, NewMap], None]

# The loader's limits: a rewrite that exceeds one was asked for too much, it is not a bug.
_LIMIT_CODES = frozenset({"input-size", "yaml-nodes", "yaml-scalar", "yaml-depth"})

# The corpus' own layout: two-space mappings, list items indented two under their key.
INDENT = {"mapping": 2, "sequence": 4, "offset": 2}


class _Emitter(Emitter):
    """One quoting style for what Lode itself writes: a new string that cannot stay plain
    (a date-like ``2026-12-06``, a number-like ``4.6``, ``zh:79a4`` in a flow mapping)
    gets double quotes, the style ``lode fmt`` asks for, instead of ruamel's single quotes
    or a plain scalar the strict loader refuses. Scalars read from the file
    keep the style they had (``preserve_quotes``); ``fmt`` normalises those."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if self.event.style:
            return style
        if style == "'":
            return '"'
        if not style and self.flow_level and ":" in self.event.value:
            # ruamel writes `{en: zh:79a4}` plain; libyaml (the strict loader) refuses a
            # ':' inside a plain scalar of a flow collection
            return '"'
        return style


def yaml(width: int = 4096) -> YAML:
    """A round-trip YAML instance with the project's indentation. The default width never
    folds a line, so a rewrite changes only what the edit changed."""
    y = YAML()
    y.Emitter = _Emitter
    y.preserve_quotes = True
    y.width = width
    y.indent(**INDENT)
    return y


def load_tree(source: bytes, display: str, y: YAML | None = None) -> Any:
    """The round-trip tree of ``source``, which the strict loader has already accepted.
    ruamel's pure-Python scanner is stricter than libyaml in places the strict loader
    does not refuse; such a file is a coded refusal at its position, never a crash."""
    try:
        return (y or yaml()).load(source.decode("utf-8-sig"))
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        raise LodeError.of("yaml-syntax", msg("the round-trip parser cannot read this: {value}", value=e.problem or e),
                           display, line, col) from None
    except YAMLError as e:
        raise LodeError.of("yaml-syntax", msg("the round-trip parser cannot read this: {e}", e=e), display) from None


def dump_tree(tree: Any, y: YAML | None = None) -> bytes:
    out = io.StringIO()
    (y or yaml()).dump(tree, out)
    return out.getvalue().encode("utf-8")


def plain_map(pairs: list[tuple[str, Any]], flow: bool) -> dict[str, Any]:
    return dict(pairs)


def rt_map(pairs: list[tuple[str, Any]], flow: bool) -> CommentedMap:
    m = CommentedMap(pairs)
    if flow:
        m.fa.set_flow_style()
    return m


def verify(new: bytes, display: str, intended: Any) -> bytes:
    """``new`` if the strict loader reads it back as ``intended``; else an internal error
    (a bug in the rewrite, never the user's content), so nothing is written."""
    try:
        again = load_bytes(new, display, STANDARD_LIMITS).data
    except LoadError as e:
        over = [f for f in e.findings if f.code in _LIMIT_CODES]
        if over:
            # the change itself is too large (a huge comment form): the user's to split, not a bug
            raise LodeError.of(over[0].code, msg("{display} would be over a limit after this change: {message}", display=display, message=over[0].message),
                               display, hint=msg("split the input (e.g. the form) into smaller parts; nothing was written")) from None
        raise LodeError.of("internal", msg("rewritten {display} does not load: {e}", display=display, e=e), display) from None
    if not same_data(again, intended):
        raise LodeError.of("internal", msg("rewritten {display} does not read back as intended", display=display), display)
    return new


def same_data(a: Any, b: Any) -> bool:
    """Equal as data *and* in type: ``==`` would take ``true`` for ``1`` and ``1.0`` for
    ``1``, and a rewrite that turned one into the other would pass (iterative: the depth
    is the loader's to bound, not the stack's)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            if x.keys() != y.keys():
                return False
            stack.extend((x[k], y[k]) for k in x)
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y))
        elif x != y:
            return False
    return True


def rewrite(doc: Document, source: bytes, edit: Edit, kind: str | None = None) -> bytes:
    """``source`` with ``edit`` applied, comments and formatting kept, verified by reading
    the result back through the strict loader. The result is in ``lode fmt``'s layout
    (keys in schema order, Lode's quoting), so what a command writes passes
    ``lode fmt --check``; ``kind`` defaults to the document kind of the file's place."""
    tree = load_tree(source, doc.path)
    edit(tree, rt_map)
    canonical(tree, kind or document_kind(doc.path))
    new = dump_tree(tree)
    intended = copy.deepcopy(doc.data)
    edit(intended, plain_map)
    return verify(new, doc.path, intended)


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


def canonical(tree: Any, kind: str) -> None:
    """Reorder keys and normalise quotes, iteratively (depth is bounded by the loader,
    but recursion would still be the one unbounded thing here)."""
    stack: list[tuple[Any, _Schema | None]] = [(tree, _Schema.root(kind))]
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
