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
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..core.errors import LoadError, LodeError
from ..read.loader import STANDARD_LIMITS, Document, load_bytes
from ..core.i18n import msg

# edit(data, new_map): change ``data`` in place; ``new_map(pairs, flow)`` makes a mapping
# of the right type for the tree being edited (dict, or ruamel's CommentedMap).
NewMap = Callable[[list[tuple[str, Any]], bool], Any]
Edit = Callable[[Any, NewMap], None]

# The corpus' own layout: two-space mappings, list items indented two under their key.
INDENT = {"mapping": 2, "sequence": 4, "offset": 2}


def yaml(width: int = 4096) -> YAML:
    """A round-trip YAML instance with the project's indentation. The default width never
    folds a line, so a rewrite changes only what the edit changed."""
    y = YAML()
    y.preserve_quotes = True
    y.width = width
    y.indent(**INDENT)
    return y


def load_tree(source: bytes, y: YAML | None = None) -> Any:
    return (y or yaml()).load(source.decode("utf-8-sig"))


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
        raise LodeError.of("internal", msg("rewritten {display} does not load: {e}", display=display, e=e), display) from None
    if again != intended:
        raise LodeError.of("internal", msg("rewritten {display} does not read back as intended", display=display), display)
    return new


def rewrite(doc: Document, source: bytes, edit: Edit) -> bytes:
    """``source`` with ``edit`` applied, comments and formatting kept, verified by reading
    the result back through the strict loader."""
    tree = load_tree(source)
    edit(tree, rt_map)
    new = dump_tree(tree)
    intended = copy.deepcopy(doc.data)
    edit(intended, plain_map)
    return verify(new, doc.path, intended)
