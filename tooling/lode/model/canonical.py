"""The canonical JSON of an edition and its digest: what a release pins (DESIGN.md,
Versioning) and what the site publishes as a download.

Canonical means: the plain data of the YAML file, keys sorted, no positions, no
insignificant whitespace, UTF-8. Two files with the same data have the same digest,
whatever their comments, quoting or key order.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping


def canonical_json(data: Mapping[str, Any]) -> bytes:
    """The edition's plain data as canonical JSON: sorted keys, no insignificant
    whitespace, non-ASCII kept as UTF-8 (``ensure_ascii=False``), no trailing newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def digest(content: bytes) -> str:
    """The sha256 hex digest that pins an edition's canonical JSON."""
    return hashlib.sha256(content).hexdigest()


def sha256_file(content: bytes, filename: str) -> bytes:
    """A ``sha256sum``-compatible line, so ``sha256sum -c`` checks a download."""
    return f"{digest(content)}  {filename}\n".encode("utf-8")
