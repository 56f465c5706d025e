"""The downloads of an edition the site publishes: its canonical JSON
(``model/canonical.py``) with a checksum line, the CSV files of its nodes and metrics, and,
when it has metrics, its disclosure schema and template (``disclosure_downloads``).
Nothing here knows about pages or mkdocs.
"""

from __future__ import annotations

import csv
import io
from functools import partial
from typing import Any, Callable, Iterable

from ..core.cells import safe_cell
from ..model import canonical
from ..model.edition import Edition, Text
from ..read import schemas
from ..validate.cache import Cache
from .disclosure_downloads import Later, disclosure_downloads, metrics
from .paths import Paths


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


def metrics_csv(edition: Edition) -> bytes:
    return _csv(METRIC_COLUMNS, (
        [n.id, n.number, _lang(n.title, "zh"), _lang(n.title, "en"), n.requirement, n.value.type, n.value.unit,
         n.value.minimum, n.value.maximum, " | ".join(n.value.values),
         " ".join(c["id"] for c in n.value.columns), _lang(n.condition, "zh"), _lang(n.condition, "en"), n.fidelity]
        for n in metrics(edition)))


# (label key, label arguments, site path, digest shown, checksum file) of each download
Item = tuple[str, tuple[str, ...], str, str | None, str | None]


def edition_downloads(edition: Edition, cache: Cache | None, later: bool = False
                      ) -> tuple[dict[str, bytes | Later[bytes]], list[Item]]:
    """The edition's downloads (site path -> bytes) and how its page lists them.
    ``cache``: see ``disclosure_downloads``. ``later`` (under `mkdocs serve`): the files
    no page needs (the JSON's digest is on the edition page) are :class:`Later`, made
    after a save's pages are on show: 40-60 ms of a save at 1,000 nodes an edition."""
    std, ed = edition.standard, edition.edition
    content = canonical.canonical_json(edition.data)
    hexdigest = canonical.digest(content)
    json_path = Paths.download(std, ed, ".json")
    files: dict[str, bytes | Later[bytes]] = {
        json_path: content, json_path + ".sha256": canonical.sha256_file(content, json_path.rsplit("/", 1)[-1])}
    items: list[Item] = [("dl-json", (), json_path, hexdigest, json_path + ".sha256")]
    files[Paths.download(std, ed, "-nodes.csv")] = _when(later, partial(nodes_csv, edition))
    items.append(("dl-nodes", (), Paths.download(std, ed, "-nodes.csv"), None, None))
    if metrics(edition):  # the disclosure files too: an edition without metrics has none
        files[Paths.download(std, ed, "-metrics.csv")] = _when(later, partial(metrics_csv, edition))
        items.append(("dl-metrics", (), Paths.download(std, ed, "-metrics.csv"), None, None))
        for path, blob in disclosure_downloads(edition, Paths.download(std, ed, ""),
                                               "sha256:" + hexdigest, cache=cache, later=later).items():
            files[path] = blob
            items.append(("dl-template" if path.endswith(".xlsx") else "dl-disclosure-schema", (), path, None, None))
    items += [("dl-schema", (name,), f"{Paths.schemas_dir}/{name}", None, None) for name in schema_files()]
    return files, items


def _when(later: bool, make: Callable[[], bytes]) -> bytes | Later[bytes]:
    return Later(make) if later else make()


def schema_files() -> list[str]:
    """The names of Lode's JSON Schemas, which the site publishes beside the editions."""
    return sorted(p.name for p in schemas.schema_dir().glob("*.schema.json"))
