"""The site offers each edition's disclosure JSON Schema and template; the schema works
with a plain JSON Schema tool, offline, and gives the same verdict as lode check."""

from __future__ import annotations

import io
import json

from conftest import REPO
from jsonschema import Draft202012Validator, FormatChecker

from lode.model.corpus import Corpus
from lode.model.edition import build_edition
from lode.read.loader import load_file
from lode.site import build as sitegen
from lode.site.paths import Paths


def test_edition_page_offers_schema_and_template() -> None:
    from openpyxl import load_workbook

    site = sitegen.build(Corpus.load(REPO))
    schema_path = Paths.download("cma-esg-disclosure", "2025", "-disclosure.schema.json")
    template_path = Paths.download("cma-esg-disclosure", "2025", "-template.xlsx")
    page = site.page(Paths.edition("cma-esg-disclosure", "2025"))
    assert "cma-esg-disclosure-2025-disclosure.schema.json)" in page and "cma-esg-disclosure-2025-template.xlsx)" in page
    schema = json.loads(site.files[schema_path])
    Draft202012Validator.check_schema(schema)
    v = Draft202012Validator(schema, format_checker=FormatChecker())  # no registry: self-contained
    for name, ok in (("passing", True), ("failing", False)):
        data = load_file(REPO / "examples" / "disclosures" / f"{name}.yaml", name).data
        assert (not list(v.iter_errors(data))) is ok, name
    assert load_workbook(io.BytesIO(site.files[template_path]))["Disclosure"]["A9"].value == "ghg-scope-1"
    # editions without metrics get neither
    assert not any(p.endswith("-template.xlsx") for p in site.files if p.startswith("iso-26000/"))


def test_downloads_kept_between_rebuilds_follow_every_edit() -> None:
    # `mkdocs serve` keeps an edition's schema and workbook between rebuilds
    # (site/disclosure_downloads.py): an edit must never be served the old files.
    from openpyxl import load_workbook

    from lode.release.make import digest_of
    from lode.site import disclosure_downloads as dd

    edition = Corpus.load(REPO).edition("cma-esg-disclosure@2025")
    data = edition.data
    base = "cma-esg-disclosure/2025/cma-esg-disclosure-2025"
    first = dd.disclosure_downloads(edition, base, digest_of(data))
    assert dd.disclosure_downloads(edition, base, digest_of(data)) == first
    edited = json.loads(json.dumps(data))
    metric = next(n for n in _walk(edited["nodes"]) if n.get("kind") == "metric")
    metric["title"]["en"] = "Retitled for the test"
    after = dd.disclosure_downloads(build_edition(edited, "edited.yaml"), base, digest_of(edited))
    assert after != first
    sheet = load_workbook(io.BytesIO(after[base + "-template.xlsx"])).active
    assert any(c.value == "Retitled for the test" for row in sheet.iter_rows() for c in row)
    dd._MEMO.clear()
    assert dd.disclosure_downloads(build_edition(edited, "edited.yaml"), base, digest_of(edited))[base + "-disclosure.schema.json"] == \
        after[base + "-disclosure.schema.json"]


def _walk(nodes: list) -> list:
    return [x for n in nodes for x in [n, *_walk(n.get("children", []))]]
