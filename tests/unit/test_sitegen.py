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
    assert f"SHA-256 `{digest}`" in site.page(Paths.edition("cccmc-ddg", "2022"))


def test_every_node_has_its_id_as_anchor(corpus: Corpus, site: sitegen.Site) -> None:
    for (std, ed), edition in corpus.editions.items():
        page = site.page(Paths.edition(std, ed))
        anchors = re.findall(r'<h\d class="lode-node" id="([a-z0-9.-]+)">', page)  # type: ignore[arg-type]
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
    nav = sitegen.expand_nav([{"Home": "index.md"}, {"Standards": Paths.catalogue}, {"X": "x.md"}], site.nav["en"])
    assert [next(iter(e)) for e in nav] == ["Home", "Standards", "X"]
    flat = json.dumps(nav)
    for std, ed in corpus.editions:
        assert json.dumps(Paths.edition(std, ed)) in flat
    assert sitegen.expand_nav([{"Home": "index.md"}], site.nav["en"])[-1] == {"Standards": site.nav["en"]}


def test_aliases_add_anchors_before_the_node(corpus: Corpus) -> None:
    site = sitegen.build(corpus, aliases={("cccmc-ddg", "2022"): {"step-6": ["old-step-6"]}})
    page = site.page(Paths.edition("cccmc-ddg", "2022"))
    assert re.search(r'<span id="old-step-6" class="lode-alias"></span>\s*<h\d class="lode-node" id="step-6">', page)  # type: ignore[arg-type]
    assert "old-step-6" not in sitegen.build(corpus).page(Paths.edition("cccmc-ddg", "2022"))  # type: ignore[operator]


def test_files_are_rewritten_only_when_their_content_changes(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards", root / "standards")
    out = tmp_path / "generated"
    first = sitegen.write_changed(out, sitegen.build(Corpus.load(root)).outputs())
    assert "en/" + Paths.edition("cccmc-ddg", "2022") in first and "zh/" + Paths.edition("cccmc-ddg", "2022") in first
    assert sitegen.write_changed(out, sitegen.build(Corpus.load(root)).outputs()) == []
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Sets out which companies", "Says which companies"),
                    encoding="utf-8")
    written = sitegen.write_changed(out, sitegen.build(Corpus.load(root)).outputs())
    # the edition, its redline from 2015 and the draft's redline from it, in both languages
    pages = [f"{lang}/{p}" for lang in ("zh", "en") for p in (Paths.edition("cccmc-ddg", "2022"),
                                                            Paths.changes("cccmc-ddg", "2022"),
                                                            Paths.changes("cccmc-ddg", "2026-draft"))]
    assert sorted(written) == sorted([*pages, Paths.download("cccmc-ddg", "2022", ".json"),
                                      Paths.download("cccmc-ddg", "2022", ".json.sha256"),
                                      Paths.download("cccmc-ddg", "2022", "-nodes.csv")])


def test_redline_pages_aliases_and_crosswalk_pages(tmp_path: Path) -> None:
    site = sitegen.build(Corpus.load(REPO))
    redline = site.page(Paths.changes("cccmc-ddg", "2022"))
    # step 6, inserted whole (its title in whichever language the redline shows first)
    assert "<ins>Provide for or cooperate in remediation" in redline or "<ins>适当时提供或配合补救" in redline
    assert "主要技术变化如下" in redline and "main technical changes are as follows" in redline
    assert Paths.changes("cccmc-ddg", "2015") not in site.files  # the first edition has no predecessor
    edition = site.page(Paths.edition("cccmc-ddg", "2022"))
    assert "changes.md" in edition
    # A concordance rename becomes an alias anchor on the new node.
    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards", root / "standards")
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  - id: step-6\n") == 1
    path.write_text(text.replace("  - id: step-6\n", "  - id: step-remediation\n    replaces: [step-5]\n"),
                    encoding="utf-8")
    renamed = sitegen.build(Corpus.load(root)).page(Paths.edition("cccmc-ddg", "2022"))
    assert '<span id="step-5" class="lode-alias">' not in renamed  # step-5 is still used in 2022
    path.write_text(text.replace("  - id: step-1\n", "  - id: step-one\n    replaces: [step-1]\n"), encoding="utf-8")
    renamed = sitegen.build(Corpus.load(root)).page(Paths.edition("cccmc-ddg", "2022"))
    assert '<span id="step-1" class="lode-alias"></span>' in renamed
    # Crosswalks: a page each, and every mapped clause lists its mappings, linking across.
    cw = site.page("crosswalks/cma-esg-disclosure-2025--gri-14-2024.md")
    assert "Rights of Indigenous Peoples" in cw and 'class="lode-bar"' in cw
    gri = site.page(Paths.edition("gri-14", "2024"))
    assert "Mappings:" in gri and 'href="../../cma-esg-disclosure/2025/#climate-ghg"' in gri


# --- both languages ------------------------------------------------------------------

def test_every_generated_page_exists_in_both_languages(site: sitegen.Site) -> None:
    assert set(site.pages["zh"]) == set(site.pages["en"]) and len(site.pages["zh"]) > 20
    for path, zh in site.pages["zh"].items():
        assert zh != site.pages["en"][path] or path.endswith("changes.md") or path.startswith("crosswalks/"), path
    assert "关于本版次" in site.page(Paths.edition("cccmc-ddg", "2022"), "zh")
    assert "About this edition" not in site.page(Paths.edition("cccmc-ddg", "2022"), "zh")


def test_interface_table_is_complete_and_has_no_duplicate_keys() -> None:
    import ast

    from lode.site import i18n

    source = (REPO / "tooling/lode/site/i18n.py").read_text(encoding="utf-8")
    tables = [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.AnnAssign)
              and isinstance(n.target, ast.Name) and n.target.id == "_T"]
    keys = [k.value for k in tables[0].keys]  # type: ignore[union-attr]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    for key in keys:
        zh, en = (i18n.t(key, lg) for lg in ("zh", "en"))
        assert zh and en and zh != en or key in ("lang-zh",), key
        assert not re.search(r"[\u4e00-\u9fff]", en) or "Lode" in en, key  # no Chinese on English pages


def test_other_language_text_is_marked_with_lang(tmp_path: Path) -> None:
    # Step 6 with its Chinese title removed: on the Chinese page its English title is marked as English.
    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards", root / "standards", ignore=shutil.ignore_patterns("comments"))
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(  - id: step-6\n(?:.*\n)*?    title:\n)      zh: [^\n]*\n((?:.*\n)*?)      translated-from:\n        zh: [^\n]*\n",
                  r"\1\2", text, count=1)
    path.write_text(text, encoding="utf-8")
    site = sitegen.build(Corpus.load(root))
    zh = site.page(Paths.edition("cccmc-ddg", "2022"), "zh")
    en = site.page(Paths.edition("cccmc-ddg", "2022"), "en")
    assert re.search(r'<h\d class="lode-node" id="step-6">第六步 <span lang="en">Provide for or cooperate in remediation', zh)
    assert re.search(r'<h\d class="lode-node" id="step-6">Step 6 Provide for or cooperate in remediation', en)
    assert '<p lang="en">' in zh and '<p lang="zh">' in en  # the other language's tab panels


def test_notice_and_disclaimer_are_kept_out_of_search(tmp_path: Path) -> None:
    # A node with no Chinese at all (every text of the corpus is in both languages now):
    # its Chinese tab says so, and search skips the notice.
    import yaml

    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards", root / "standards", ignore=shutil.ignore_patterns("comments"))
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n["id"] == "appendix-4-gold")
    for key in ("title", "summary", "note"):
        if key in node:
            node[key] = {"en": node[key]["en"]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = sitegen.build(Corpus.load(root))
    for lang in ("zh", "en"):
        page = site.page(Paths.edition("cccmc-ddg", "2022"), lang)
        assert '<div class="admonition warning" data-search-exclude markdown>' in page
        notices = re.findall(r'<span class="lode-missing"[^>]*>', page)
        assert notices and all("data-search-exclude" in n for n in notices)


def _step6(page: str) -> str:
    block = page[page.index('id="step-6"'):]
    end = block.find('class="lode-node"', 20)
    return block if end < 0 else block[:end]


def test_lode_translation_is_marked_and_counted(tmp_path: Path) -> None:
    from lode.site.pages import translation_share

    corpus = Corpus.load(REPO)
    site = sitegen.build(corpus)
    n, total = translation_share(corpus.edition("cccmc-ddg@2022"))
    assert 0 < n < total
    en = site.page(Paths.edition("cccmc-ddg", "2022"), "en")
    zh = site.page(Paths.edition("cccmc-ddg", "2022"), "zh")
    # Step 6's Chinese title and summary are Lode's translation of its English: the mark is
    # on the Chinese strings, in both languages' pages.
    assert "Lode 译" in _step6(zh) and "lode-translated" in _step6(en)
    assert f"({n} of {total} strings are Lode&#39;s translation)" in en or \
        f"({n} of {total} strings are Lode's translation)" in en
    assert f"共 {total} 条文字中 {n} 条为 Lode 译" in zh
    # Without the marks, no badge.
    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards", root / "standards", ignore=shutil.ignore_patterns("comments"))
    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    path.write_text(re.sub(r"\n +translated-from:\n +zh: en:[0-9a-f]+", "", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    plain = sitegen.build(Corpus.load(root)).page(Paths.edition("cccmc-ddg", "2022"), "en")
    assert "lode-translated" not in _step6(plain)


def test_metrics_page_columns_titles_and_tier_path(site: sitegen.Site, corpus: Corpus) -> None:
    edition = corpus.edition("cma-esg-disclosure@2025")
    metric = downloads.metrics(edition)[0]
    for lang in ("zh", "en"):
        page = site.page(Paths.metrics("cma-esg-disclosure", "2025"), lang)
        header = re.findall(r"<th>(.*?)</th>", page)
        body = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr><td[^>]*>.*?</tr>", page)]
        for col in range(len(header)):  # no column is empty in every row
            assert any(r[col].strip() for r in body), (lang, header)
        assert len(body) == len(downloads.metrics(edition))
        body = ["".join(r) for r in body]
        assert 'class="lode-tier"' in body[0] and " › " in body[0]  # the indicator tier path
        title = metric.title.get(lang) or metric.title.get("en")
        assert escape_(title) in body[0]
    assert "披露要求" in site.page(Paths.metrics("cma-esg-disclosure", "2025"), "zh")


def escape_(s: str) -> str:
    from lode.render.markup import escape

    return escape(s)


def test_nav_names_crosswalks_once_in_each_language(site: sitegen.Site) -> None:
    for lang, label in (("en", "Crosswalks"), ("zh", "对照表")):
        flat = json.dumps(site.nav[lang], ensure_ascii=False)
        assert flat.count(f'"{label}"') == 1, lang
        assert '"crosswalks.md"' in flat  # the drafting guide leads the section
    assert "crosswalks.md" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_dirty_build_warning_is_dropped_and_nothing_else() -> None:
    import logging

    from lode.site.mkdocs_plugin import _QuietDirty

    def record(msg: str) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.commands.build", logging.WARNING, __file__, 1, msg, None, None)

    f = _QuietDirty()
    assert not f.filter(record("A 'dirty' build is being performed, this will likely lead to inaccurate navigation"))
    assert f.filter(record("Doc file 'x.md' contains a link to 'y.md' which is not found"))


def test_metrics_page_leaves_out_a_column_no_metric_fills(corpus: Corpus) -> None:
    from lode.site.listing import metrics_page

    edition = corpus.edition("cma-esg-disclosure@2025")
    std = corpus.standards["cma-esg-disclosure"]
    unconditional = [n for n in downloads.metrics(edition) if n.condition is None]
    conditional = [n for n in downloads.metrics(edition) if n.condition is not None]
    assert unconditional and conditional
    for lang, header in (("en", "<th>condition</th>"), ("zh", "<th>披露条件</th>")):
        assert header not in metrics_page(std, edition, unconditional, lang)
        assert header in metrics_page(std, edition, conditional, lang)


def test_jieba_segments_each_chinese_run_once_per_process() -> None:
    from lode.site.material_search import _MemoJieba

    calls: list[object] = []

    class FakeJieba:
        def cut(self, text: bytes) -> list[str]:
            calls.append(text)
            return [text.decode()[:2], text.decode()[2:]]

        def set_dictionary(self, path: str) -> str:
            return path

    memo = _MemoJieba(FakeJieba())
    first = "尽责管理".encode()
    assert list(memo.cut(first)) == ["尽责", "管理"] and list(memo.cut(first)) == ["尽责", "管理"]
    assert list(memo.cut("社区参与".encode())) == ["社区", "参与"]
    assert calls == [first, "社区参与".encode()]  # the repeated text was not segmented again
    assert memo.set_dictionary("d.txt") == "d.txt"  # everything else passes through
