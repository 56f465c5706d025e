"""Machine-readable exports of an edition: canonical JSON with its digest, and CSV.

These are the downloads the site publishes, and the canonical JSON is the one a
release's digest is computed over (DESIGN.md, Versioning): the plain data of the YAML
file, keys sorted, no positions, UTF-8. Nothing here knows about pages or mkdocs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any, Iterable, Mapping

from ..model.edition import Edition, Node, Text

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection);
# tab and carriage return are in OWASP's list too, because some importers strip them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet will evaluate: a leading formula character is
    prefixed with an apostrophe (the convention Excel and LibreOffice display as text)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180 line ends
    w.writerow(header)
    w.writerows([safe_cell(v) for v in row] for row in rows)
    # The BOM lets Excel, which companies open these files with, detect UTF-8 (Chinese).
    return buf.getvalue().encode("utf-8-sig")


def _lang(t: Text | None, lang: str) -> str | None:
    return t.get(lang) if t else None


NODE_COLUMNS = ["id", "parent", "depth", "number", "kind", "title_zh", "title_en", "summary_zh", "summary_en",
                "text_zh", "text_en", "obligation", "requirement", "fidelity", "sources", "replaces", "refs"]


def nodes_csv(edition: Edition) -> bytes:
    """Every node of the edition in document order, one row each."""
    return _csv(NODE_COLUMNS, (
        [n.id, parent, depth, n.number, n.kind, _lang(n.title, "zh"), _lang(n.title, "en"),
         _lang(n.summary, "zh"), _lang(n.summary, "en"), _lang(n.text, "zh"), _lang(n.text, "en"),
         n.obligation, n.requirement, n.fidelity, " ".join(n.sources), " ".join(n.replaces), " ".join(n.refs)]
        for n, parent, depth, _ in edition.walk_tree()))


METRIC_COLUMNS = ["id", "number", "title_zh", "title_en", "requirement", "value_type", "unit", "minimum",
                  "maximum", "values", "columns", "condition_zh", "condition_en", "fidelity"]


def metrics(edition: Edition) -> list[Node]:
    """The nodes that specify a disclosed value (metrics), in document order."""
    return [n for n in edition.walk() if n.value is not None]


def metrics_csv(edition: Edition) -> bytes:
    return _csv(METRIC_COLUMNS, (
        [n.id, n.number, _lang(n.title, "zh"), _lang(n.title, "en"), n.requirement, n.value.type, n.value.unit,
         n.value.minimum, n.value.maximum, " | ".join(n.value.values),
         " ".join(c["id"] for c in n.value.columns), _lang(n.condition, "zh"), _lang(n.condition, "en"), n.fidelity]
        for n in metrics(edition)))
