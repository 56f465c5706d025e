"""Search entries of generated pages (site/search_sections.py through the adapter
site/material_search.py): the same index as Material's own reader gives, on a real
bilingual build of the shipped corpus, and the adapter's assumptions about the pinned
versions of the plugins it reaches into."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest
from conftest import REPO
from material.plugins.search.plugin import Parser
from lode.model.corpus import Corpus
from lode.site import material_search, search_sections


def _config(tmp: Path) -> Path:
    out, gen = tmp / "site", tmp / "generated"
    config = tmp / "mkdocs.yml"
    tmp.mkdir(parents=True, exist_ok=True)
    text = (REPO / "mkdocs.yml").read_text()
    text = text.replace("docs_dir: site", f"docs_dir: {REPO / 'site'}").replace("site_dir: build/site", f"site_dir: {out}")
    # jobs: 1 -- every page of both languages rendered in this process, where the test
    # watches the readers (test_parallel_site.py holds a parallel build to this one)
    text = text.replace("  - lode\n", f"  - lode:\n      root: {REPO}\n      generated_dir: {gen}\n      jobs: 1\n")
    text = text.replace("  - standards\n  - schemas\n", f"  - {REPO / 'standards'}\n")
    config.write_text(text)
    return config


def _build(tmp: Path) -> list[dict]:
    """A real bilingual `mkdocs build`, in this process; the search index's entries."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(_config(tmp)))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return json.loads((tmp / "site" / "search" / "search_index.json").read_text())["docs"]


def _material(html: str) -> list[tuple]:
    p = Parser()
    p.feed(html)
    p.close()
    return [(s.id, s.title, s.text, s.is_excluded()) for s in p.data]


def test_generated_pages_give_materials_sections_and_the_same_index(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    declined: list[str] = []
    ours = search_sections.sections

    def both(html: str) -> list[search_sections.Section] | None:
        found = ours(html)
        if found is None:
            declined.append(html)
            return None
        assert [(s.id, s.title, s.text, s.is_excluded()) for s in found] == _material(html)
        read.append(html)
        return ours(html)

    monkeypatch.setattr(material_search, "sections", both)
    # The pages whose HTML part's sections came from their generator, not from reading it.
    written: list[str] = []
    install = material_search.read_generated_pages

    def counted(index, generated, search_of, *rest):  # type: ignore[no-untyped-def]
        def search_of_counted(page):  # type: ignore[no-untyped-def]
            known = search_of(page)
            if known is not None:
                written.append(page.url)
                # the search reads the Markdown part only; the HTML part joins the page after
                assert page.content == known[0] and page.file.src_uri in plugin._tails  # noqa: SLF001
            return known
        plugin = generated.__self__  # the Lode plugin's own method
        install(index, generated, search_of_counted, *rest)

    monkeypatch.setattr(material_search, "read_generated_pages", counted)
    with_lode = _build(tmp_path / "lode")
    assert len(read) > 50  # the generated pages of both languages went through Lode's reader
    # ... all but the pages with a script, which Material's reader knows how to skip: the
    # "latest" routes and the obligations page (its form's script loads there only)
    assert declined and all('id="lode-latest-target"' in html or 'id="lode-obligations"' in html for html in declined)
    # every edition page and every changes page, in both languages, took the entries of
    # its provisions (changed clauses) from their generator
    corpus = Corpus.load(REPO)
    pages = [f"{std}/{ed}/" for std, ed in corpus.editions]
    pages += [f"{std}/{new.edition}/changes/" for std in corpus.standards
              for new in list(corpus.editions_of(std))[1:]]
    assert sorted(written) == sorted(f"{lang}{p}" for p in pages for lang in ("", "en/"))
    # Material reads every page itself, HTML parts included: the same index, and the
    # same pages (the HTML part, put back after Material's search read the page, is
    # left as Material's search would leave it)
    monkeypatch.setattr(material_search, "read_generated_pages", lambda *args: None)
    assert with_lode == _build(tmp_path / "material")
    pages = {p.relative_to(tmp_path / "lode" / "site"): p.read_bytes() for p in (tmp_path / "lode" / "site").rglob("*.html")}
    assert len(pages) > 100
    assert pages == {p.relative_to(tmp_path / "material" / "site"): p.read_bytes()
                     for p in (tmp_path / "material" / "site").rglob("*.html")}


@pytest.mark.parametrize("html", [
    '<h1 id="t">T<a class="headerlink" href="#t">&para;</a></h1><p>a &amp; b</p>\n<div><h2 id="x">X</h2><p>in</p></div>'
    '<p>after <code>c</code></p><p> </p><ul><li>one</li><li></li></ul>',
    '<p>pre</p><h3 id="a" data-search-exclude>A</h3><p>x<span data-search-exclude>hidden<span>in</span>shown</span></p>',
    '<h2 id="q">Q</h2><pre><code>a\n  b\n</code></pre><p>x<br/>y<br>z</p><!-- c --><sup>1</sup>',
])
def test_the_reader_follows_materials_rules_on_hand_made_html(html: str) -> None:
    found = search_sections.sections(html)
    assert found is not None
    assert [(s.id, s.title, s.text, s.is_excluded()) for s in found] == _material(html)


@pytest.mark.parametrize("html", ["<p>a < b</p>", "<script>x()</script><p>a</p>", "<p title=x>a</p>"])
def test_html_the_reader_does_not_expect_goes_to_material(html: str) -> None:
    assert search_sections.sections(html) is None


def test_the_plugins_reached_into_are_the_pinned_versions() -> None:
    """The adapter knows these versions' internals: a new version needs its tests re-read."""
    from lode.site import mkdocs_rebuild

    pins = (REPO / "pyproject.toml").read_text()
    for package, version in {**material_search.VERSIONS, **mkdocs_rebuild.VERSIONS}.items():
        assert f'"{package}=={version}"' in pins
        assert metadata.version(package) == version


def test_the_section_reader_unescapes_text_as_html_unescape_does() -> None:
    # The reader replaces the escaper's five entities itself and leaves any other text to
    # html.unescape; both must give the same text, whatever the mix of entities.
    import random
    from html import unescape

    from lode.site.search_sections import _unescape

    parts = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&amp;lt;", "&nbsp;", "&#20013;", "a", "中", " ",
             "&", "&amp;amp;", "&x", "&#39", ";", "&LT;", "&gt"]
    rnd = random.Random(0)
    for _ in range(20000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 8)))
        assert _unescape(text) == unescape(text), text


@pytest.mark.parametrize("corpus", ["shipped", "synthetic"])
def test_written_sections_are_what_the_reader_finds_in_the_html_part(corpus: str, tmp_path: Path) -> None:
    """Every edition and changes page of a corpus: the sections its generator wrote are
    those the section reader (held to Material's above) finds in its HTML part, in both
    languages; the synthetic corpus adds metrics, references and translated text."""
    import sys

    from lode.render.markup import HTML_BELOW
    from lode.site import build as sitegen

    root = REPO
    if corpus == "synthetic":
        sys.path.insert(0, str(REPO / "tooling" / "bench"))
        import synth

        root = synth.generate(tmp_path / "repo", standards=2, editions=3, nodes_per_edition=60, seed=5).root
    site = sitegen.build(*sitegen.load(root))
    checked = 0
    for lang, pages in site.search.items():
        for path, written in pages.items():
            assert written is not None
            tail = site.page(path, lang).partition(HTML_BELOW)[2]
            # a heading before the HTML part, as the Markdown part ends with one
            found = search_sections.sections('<h2 id="above">above</h2>' + tail)
            assert found is not None
            want = [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in found[2:]]
            assert [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in written] == want, path
            checked += len(want)
    assert checked > 100 and all(any(p.endswith("changes.md") for p in pages) for pages in site.search.values())


def test_the_index_written_page_by_page_is_the_file_material_writes(tmp_path: Path) -> None:
    """Material writes what ``generate_search_index`` returns as ``data.encode()``: under
    `mkdocs serve` the page-by-page writer's bytes (never decoded to text and encoded
    back), in a one-off build static-i18n's final pass, which streams them into the file
    (at 100,000 nodes 500 MB never held at once). Both are the bytes of Material's own."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    from lode.site.search_index import IndexJson

    config = {"lang": ["en", "zh"], "separator": "[\\s\\u200b]+", "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 1e3}, "text": {"boost": 1e0}, "tags": {"boost": 1e6}}}
    entries = [{"location": "a/#x", "title": "中文\u200b词语", "text": "<p>a &amp; b</p> \"quoted\" \\ tab\t"},
               {"location": "a/#y", "title": "y", "text": "", "tags": ["t"], "boost": 2},
               {"location": "b/", "title": "B", "text": "é ü ☃ \U0001f600"}]
    index = SearchIndex(**config)
    index.entries = [dict(e) for e in entries]
    want = index.generate_search_index(None).encode("utf-8")
    for remember in (True, False):
        served = SearchIndex(**config)
        served.entries = [dict(e) for e in entries]
        material_search.merge_rebuilds(served, lambda: None, lambda kept: None, IndexJson(remember=remember))
        data = served.generate_search_index(None)
        assert not isinstance(data, str) and data.encode("utf-8") == want
    # static-i18n's final pass calls the search plugin's on_post_build on the instance (so
    # the streamed one installed there), and Material's is what stream_final does
    import inspect

    from material.plugins.search.plugin import SearchPlugin
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    assert "plugin.on_post_build(config=config)" in inspect.getsource(ExtendedPlugin.reconfigure_search_index)
    material = inspect.getsource(SearchPlugin.on_post_build)
    assert "generate_search_index(self.search_index_prev)" in material and "self.is_dirty" in material
    final = SearchIndex(**config)
    final.entries = [dict(e) for e in entries]
    material_search.merge_rebuilds(final, lambda: None, lambda kept: None, IndexJson(remember=False))
    search = SimpleNamespace(config=SimpleNamespace(enabled=True), search_index=final, search_index_prev=None,
                             is_dirty=False)
    i18n = SimpleNamespace(reconfigure_search_index=lambda config: None)
    site = SimpleNamespace(site_dir=str(tmp_path), plugins={"material/search": search, "i18n": i18n})
    material_search.superseded(site, final)
    assert final.generate_search_index(None) == '{"config": ' + json.dumps(material_search._settings(final)) \
        + ', "docs": []}'  # a language's own pass: empty, written again at the end
    search.on_post_build(config=site)
    assert (tmp_path / "search" / "search_index.json").read_bytes() == want
