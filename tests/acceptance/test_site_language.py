"""Each language's pages speak that language (issue 23): a real ``mkdocs build`` of the
shipped corpus, then the text a reader sees without a click on every generated page
(editions, metrics, redlines, crosswalks, standards, the catalogue), in both languages.

Visible means: not inside ``translate="no"``, ``<code>``, scripts or styles; not in a
content tab other than the first (the page's language is always first); not in a
closed ``<details>`` (its summary is visible); not in Material's hidden menus. What is
left must be in the page's language: on Chinese pages at most 20 English words in all
(acronyms such as ESG or GRI are not words of either language, nor is the name Lode),
on English pages at most 20 Chinese characters in all. The page set is found from the
corpus, so a standard added later is covered without changing this test.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest
from conftest import REPO, build_site

from lode.core import glossary
from lode.model.corpus import Corpus

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "svg", "template", "noscript", "title"}
# Material's parts that are hidden until clicked or hovered: the language menu, the
# search overlay, the skip link.
_HIDDEN_CLASSES = {"md-select__inner", "md-search", "md-skip"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_NAMES = {"Lode"}  # the product's name is the same in both languages
LIMIT = 20


class _Visible(html.parser.HTMLParser):
    """The text of a page a reader sees without a click."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.tabsets: list[list[int]] = []  # per open tab set: [blocks seen, its depth]
        self.details: list[int] = []  # depths of open, closed-by-default <details>
        self.in_summary = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        a = dict(attrs)
        cls = set((a.get("class") or "").split())
        hidden = (tag in _SKIP_TAGS or a.get("translate") == "no" or "hidden" in a
                  or a.get("aria-hidden") == "true" or bool(cls & _HIDDEN_CLASSES))
        if "tabbed-block" in cls and self.tabsets:
            hidden = hidden or self.tabsets[-1][0] > 0  # only the first tab shows
            self.tabsets[-1][0] += 1
        if "tabbed-content" in cls:
            self.tabsets.append([0, len(self.stack)])
        if tag == "details" and "open" not in a:
            self.details.append(len(self.stack))
        if tag == "summary":
            self.in_summary += 1
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            depth = len(self.stack)
            if self.tabsets and self.tabsets[-1][1] == depth:
                self.tabsets.pop()
            if self.details and self.details[-1] == depth:
                self.details.pop()
            if t == "summary":
                self.in_summary -= 1
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(h for _, h in self.stack):
            return
        if self.details and not self.in_summary:
            return
        self.text.append(data)


def visible_text(page: Path) -> str:
    v = _Visible()
    v.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(v.text).split())


def english_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not w.isupper() and w not in _NAMES]


def generated_pages(site: Path) -> list[str]:
    """Every generated page of the Chinese site, relative to it: each standard's pages
    (standard, editions, metrics, redlines), the crosswalks and the catalogue."""
    corpus = Corpus.load(REPO)
    out = ["standards/index.html"]
    for sid in sorted(corpus.standards):
        out += sorted(p.relative_to(site).as_posix() for p in (site / sid).rglob("index.html")
                      if "latest" not in p.parts)
    out += sorted(p.relative_to(site).as_posix() for p in (site / "crosswalks").glob("*/index.html"))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO, tmp_path_factory.mktemp("language"))


def test_the_page_set_covers_every_kind_of_generated_page(site: Path) -> None:
    pages = generated_pages(site)
    for expected in ("cccmc-ddg/2022/index.html", "cma-esg-disclosure/2025/metrics/index.html",
                     "cccmc-gsrm/2017/changes/index.html", "crosswalks/cma-esg-disclosure-2025--gri-14-2024/index.html"):
        assert expected in pages
    assert all((site / "en" / p).is_file() for p in pages)


def test_chinese_pages_show_at_most_twenty_english_words(site: Path) -> None:
    found = {p: english_words(visible_text(site / p)) for p in generated_pages(site)}
    leaks = {p: w for p, w in found.items() if w}
    assert sum(len(w) for w in leaks.values()) <= LIMIT, leaks


def test_english_pages_show_at_most_twenty_chinese_characters(site: Path) -> None:
    found = {p: _HAN.findall(visible_text(site / "en" / p)) for p in generated_pages(site)}
    leaks = {p: "".join(c) for p, c in found.items() if c}
    assert sum(len(c) for c in leaks.values()) <= LIMIT, leaks


def test_no_missing_text_notice_and_no_internal_fingerprints(site: Path) -> None:
    for p in generated_pages(site):
        for lang_page in (site / p, site / "en" / p):
            shown = visible_text(lang_page)
            assert "未提供中文" not in shown, lang_page
            assert "No Chinese text is authored" not in shown, lang_page
            raw = lang_page.read_text(encoding="utf-8")
            assert "翻译依据" not in raw and "translated from" not in raw, lang_page
            assert not re.search(r"\b(?:en|zh):[0-9a-f]{12}\b", raw), lang_page


def test_steps_and_risk_types_are_numbered_in_chinese_in_headings_and_toc(site: Path) -> None:
    zh = (site / "cccmc-ddg/2022/index.html").read_text(encoding="utf-8")
    assert "第一步" in zh and "第六步" in zh and "第二类" in zh
    headings = " ".join(re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", zh)) + " ".join(
        re.findall(r'class="md-nav__link"[^>]*>(.*?)</a>', zh, re.S))
    assert "Step" not in headings and "Type 1" not in headings
    en = (site / "en/cccmc-ddg/2022/index.html").read_text(encoding="utf-8")
    assert "Step 6" in en and "附录四" not in visible_text(site / "en/cccmc-ddg/2022/index.html")
    assert "Appendix 4" in en


def test_one_translation_badge_per_panel_not_per_string(site: Path) -> None:
    zh = (site / "cccmc-ddg/2022/index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="tabbed-block">(.*?)</div>', zh, re.S)
    assert blocks
    assert all(b.count("lode-translated") <= 1 for b in blocks)


def test_published_means_one_thing_and_the_glossary_terms_are_used(site: Path) -> None:
    """已发布 is an edition's status (its issuer published it); a Lode release is a 发布版本
    and "not released" is 尚无发布版本, never 尚未发布. No page or Chinese guide uses a
    Chinese word the glossary says to avoid (核验者 for 核验方, 锁定版本 for 固定版本, …)."""
    # The terms whose avoided variants are never right in running text (失败 or 版本号, say,
    # are ordinary words elsewhere: "the build fails", "Lode's version number").
    # ("verified" is left out: its avoided 已核验 is right for a signature, which is 核验ed.)
    terms = ("validator", "pin", "unpinned", "release", "published", "illustrative", "node")
    avoid = {w: key for key in terms for w in glossary.TERMS[key].get("avoid", ())}  # type: ignore[union-attr]
    texts = {p: visible_text(site / p) for p in generated_pages(site)}
    texts.update({str(p.relative_to(REPO)): p.read_text(encoding="utf-8")
                  for p in sorted((REPO / "site").rglob("*.zh.md"))})
    # The reference pages and the crosswalk guide are Chinese pages of their own (not
    # English pages served on the Chinese site), so they are among those checked.
    assert {"site/reference/cli.zh.md", "site/reference/diff-json.zh.md",
            "site/reference/disclosure-json.zh.md", "site/crosswalks.zh.md"} <= set(texts)
    for name, text in texts.items():
        assert "尚未发布" not in text, name
        used = [w for w in avoid if w in text]
        assert not used, (name, [(w, glossary.zh(avoid[w])) for w in used])
    assert glossary.zh("validator") in (REPO / "site/guides/validators.zh.md").read_text(encoding="utf-8")


def test_the_build_reports_no_missing_anchor(site: Path) -> None:
    """Links to provisions land on ids in the pages' HTML part; mkdocs used to report
    each one as missing (326 false lines per build)."""
    log = (site.parent / "build.log").read_text()
    assert "Documentation built" in log
    assert "does not contain an anchor" not in log, [x for x in log.splitlines() if "anchor" in x][:5]


def test_the_build_log_has_no_segmenter_noise(site: Path) -> None:
    """Material segments Chinese with jieba, which logged two DEBUG lines about its
    dictionary on every build: noise between mkdocs' own lines."""
    log = (site.parent / "build.log").read_text()
    assert "Documentation built" in log
    assert "prefix dict" not in log.lower(), [x for x in log.splitlines() if "dict" in x.lower()]


def test_the_glossary_page_lists_every_term_in_both_languages(site: Path) -> None:
    zh = (site / "reference/glossary/index.html").read_text(encoding="utf-8")
    en = (site / "en/reference/glossary/index.html").read_text(encoding="utf-8")
    for term in glossary.TERMS.values():
        assert f"<strong>{term['zh']}</strong>" in zh, term["zh"]
        assert f"<strong>{term['en']}</strong>" in en, term["en"]
    # The other language's word is there, marked as such.
    assert '<span translate="no" lang="en">validator</span>' in zh
    assert '<span translate="no" lang="zh">核验方</span>' in en
    assert "术语表" in visible_text(site / "reference/glossary/index.html")


def test_a_missing_page_is_answered_in_each_language(site: Path) -> None:
    """A host serves the root's 404.html for any missing path: on a Chinese-first site it
    is Chinese (every language's pass wrote it and the last, English, won); English
    readers have theirs under /en/."""
    import re

    zh, en = (site / "404.html").read_text(encoding="utf-8"), (site / "en/404.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="zh', zh) and re.search(r'<html lang="en"', en)
    assert "<h1>404 - 找不到页面</h1>" in zh and "Not found" not in zh and "<h1>404 - Not found</h1>" in en
    # each leads to its language's home: a 404 page is served at any depth, so the link is absolute
    assert '<a href="/">首页</a>' in zh and '<a href="/en/">home page</a>' in en
