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
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.errors import LodeError
from ..model.layout import document_kind
from ..read.loader import STANDARD_LIMITS, load_bytes
from .roundtrip import canonical, dump_tree, load_tree, verify, yaml
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


def modeline(rel: str, kind: str) -> str:
    """The modeline for the file at ``rel`` (relative to the repository root)."""
    up = os.path.relpath(f"{EDITOR_SCHEMAS}/{kind}.schema.json", str(PurePosixPath(rel).parent))
    return f"{MODELINE}{PurePosixPath(up)}"


def format_bytes(source: bytes, rel: str, kind: str | None = None) -> bytes:
    """``source`` in the canonical layout; refuses (:class:`LodeError`) a file the strict
    loader refuses, since a layout cannot be given to what cannot be read."""
    kind = kind or document_kind(rel)
    data = load_bytes(source, rel, STANDARD_LIMITS).data
    y = yaml(WIDTH)
    tree = load_tree(source, rel, y)
    canonical(tree, kind)
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
