"""The CSV downloads of an edition (its nodes, its metrics) that the site publishes
beside the canonical JSON (``model/canonical.py``). Nothing here knows about pages or mkdocs.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from ..core.cells import safe_cell
from ..model.edition import Edition, Node, Text


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
