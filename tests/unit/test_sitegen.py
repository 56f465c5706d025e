"""Site generation without mkdocs: exports, page content and the write-only-on-change rule."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from lode.core.cells import safe_cell
from lode.model.corpus import Corpus
from lode.read.loader import load_file
from lode.site import build as sitegen
from lode.site import downloads
from lode.site.paths import Paths


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load(REPO)


@pytest.fixture(scope="module")
def site(corpus: Corpus) -> sitegen.Site:
    return sitegen.build(corpus)


def test_canonical_json_is_the_yaml_data_sorted_and_utf8(corpus: Corpus, site: sitegen.Site) -> None:
    for (std, ed) in corpus.editions:
        content = site.files[Paths.download(std, ed, ".json")]
        assert isinstance(content, bytes)
        path = REPO / "standards" / std / f"{ed}.yaml"
        assert json.loads(content) == load_file(path, "x").data
        assert content == json.dumps(json.loads(content), sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode()
    assert "中国矿产供应链尽责管理指南".encode() in site.files[Paths.download("cccmc-ddg", "2022", ".json")]


def test_digest_on_the_page_matches_the_json_and_its_sha256_file(site: sitegen.Site) -> None:
    content = site.files[Paths.download("cccmc-ddg", "2022", ".json")]
    digest = hashlib.sha256(content).hexdigest()  # type: ignore[arg-type]
    assert site.files[Paths.download("cccmc-ddg", "2022", ".json.sha256")] == f"{digest}  cccmc-ddg-2022.json\n".encode()
    assert f"sha256 `{digest}`" in site.files[Paths.edition("cccmc-ddg", "2022")]


def test_every_node_has_its_id_as_anchor(corpus: Corpus, site: sitegen.Site) -> None:
    for (std, ed), edition in corpus.editions.items():
        page = site.files[Paths.edition(std, ed)]
        anchors = re.findall(r"\{#([a-z0-9.-]+) \.lode-node\}", page)  # type: ignore[arg-type]
        assert anchors == [n.id for n in edition.walk()], (std, ed)


def test_csv_cells_cannot_start_a_formula() -> None:
    for payload in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", "\n=x"]:
        assert safe_cell(payload) == "'" + payload
    assert safe_cell("\r=x") == "'\n=x"  # a bare CR would end the row in a spreadsheet
    assert safe_cell("plain = fine") == "plain = fine"
    assert safe_cell(None) == "" and safe_cell(3) == "3"


def test_nodes_and_metrics_csv_round_trip(corpus: Corpus, site: sitegen.Site) -> None:
    edition = corpus.edition("cma-esg-disclosure@2025")
    rows = list(csv.DictReader(io.StringIO(site.files[Paths.download(
        "cma-esg-disclosure", "2025", "-nodes.csv")].decode("utf-8-sig"))))  # type: ignore[union-attr]
    assert [r["id"] for r in rows] == [n.id for n in edition.walk()]
    metrics = list(csv.DictReader(io.StringIO(site.files[Paths.download(
        "cma-esg-disclosure", "2025", "-metrics.csv")].decode("utf-8-sig"))))  # type: ignore[union-attr]
    assert [m["id"] for m in metrics] == [n.id for n in downloads.metrics(edition)] and metrics
    assert Paths.download("cccmc-ddg", "2022", "-metrics.csv") not in site.files  # no metrics, no file


def test_nav_lists_every_edition_and_replaces_the_catalogue_entry(corpus: Corpus, site: sitegen.Site) -> None:
    nav = sitegen.expand_nav([{"Home": "index.md"}, {"Standards": Paths.catalogue}, {"X": "x.md"}], site.nav)
    assert [next(iter(e)) for e in nav] == ["Home", "Standards", "X"]
    flat = json.dumps(nav)
    for std, ed in corpus.editions:
        assert json.dumps(Paths.edition(std, ed)) in flat
    assert sitegen.expand_nav([{"Home": "index.md"}], site.nav)[-1] == {"Standards": site.nav}


def test_aliases_add_anchors_before_the_node(corpus: Corpus) -> None:
    site = sitegen.build(corpus, aliases={("cccmc-ddg", "2022"): {"step-6": ["old-step-6"]}})
    page = site.files[Paths.edition("cccmc-ddg", "2022")]
    assert re.search(r'<span id="old-step-6" class="lode-alias"></span>\s+#+ [^\n]*\{#step-6 ', page)  # type: ignore[arg-type]
    assert "old-step-6" not in sitegen.build(corpus).files[Paths.edition("cccmc-ddg", "2022")]  # type: ignore[operator]


def test_files_are_rewritten_only_when_their_content_changes(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards", root / "standards")
    out = tmp_path / "generated"
    first = sitegen.write_changed(out, sitegen.build(Corpus.load(root)).files)
    assert Paths.edition("cccmc-ddg", "2022") in first
    assert sitegen.write_changed(out, sitegen.build(Corpus.load(root)).files) == []
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Sets out which companies", "Says which companies"),
                    encoding="utf-8")
    written = sitegen.write_changed(out, sitegen.build(Corpus.load(root)).files)
    assert sorted(written) == sorted([Paths.edition("cccmc-ddg", "2022"), Paths.download("cccmc-ddg", "2022", ".json"),
                                      Paths.download("cccmc-ddg", "2022", ".json.sha256"),
                                      Paths.download("cccmc-ddg", "2022", "-nodes.csv"),
                                      Paths.changes("cccmc-ddg", "2022")])  # its redline from 2015


def test_redline_pages_aliases_and_crosswalk_pages(tmp_path: Path) -> None:
    site = sitegen.build(Corpus.load(REPO))
    redline = site.files[Paths.changes("cccmc-ddg", "2022")]
    # step 6, inserted whole (its title in whichever language the redline shows first)
    assert "<ins>Provide for or cooperate in remediation" in redline or "<ins>适当时提供或配合补救" in redline
    assert "主要技术变化如下" in redline and "main technical changes are as follows" in redline
    assert Paths.changes("cccmc-ddg", "2015") not in site.files  # the first edition has no predecessor
    edition = site.files[Paths.edition("cccmc-ddg", "2022")]
    assert "changes.md" in edition
    # A concordance rename becomes an alias anchor on the new node.
    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards", root / "standards")
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  - id: step-6\n") == 1
    path.write_text(text.replace("  - id: step-6\n", "  - id: step-remediation\n    replaces: [step-5]\n"),
                    encoding="utf-8")
    renamed = sitegen.build(Corpus.load(root)).files[Paths.edition("cccmc-ddg", "2022")]
    assert '<span id="step-5" class="lode-alias">' not in renamed  # step-5 is still used in 2022
    path.write_text(text.replace("  - id: step-1\n", "  - id: step-one\n    replaces: [step-1]\n"), encoding="utf-8")
    renamed = sitegen.build(Corpus.load(root)).files[Paths.edition("cccmc-ddg", "2022")]
    assert '<span id="step-1" class="lode-alias"></span>' in renamed
    # Crosswalks: a page each, and every mapped clause lists its mappings, linking across.
    cw = site.files["crosswalks/cma-esg-disclosure-2025--gri-14-2024.md"]
    assert "Rights of Indigenous Peoples" in cw and 'class="lode-bar"' in cw
    gri = site.files[Paths.edition("gri-14", "2024")]
    assert "Mappings:" in gri and "(../../cma-esg-disclosure/2025/index.md#climate-ghg)" in gri
