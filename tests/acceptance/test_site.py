"""The documentation site: a real `mkdocs build --strict` of this repository."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from conftest import REPO, build_site
from lode.cli import cli
from lode.core.codes import CODES
from lode.site import build as sitegen


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO, tmp_path_factory.mktemp("build"))


def test_strict_build_produces_the_pages(built_site: Path) -> None:
    for page in ["index.html", "provenance/index.html", "contributing/index.html",
                 "reference/cli/index.html", "reference/codes/index.html", "search/search_index.json"]:
        assert (built_site / page).is_file(), page


def test_every_edition_has_its_page_downloads_and_latest_route(built_site: Path) -> None:
    from lode.model.corpus import Corpus

    corpus = Corpus.load(REPO)
    for std, ed in corpus.editions:
        base = built_site / std / ed
        for name in ["index.html", f"{std}-{ed}.json", f"{std}-{ed}.json.sha256", f"{std}-{ed}-nodes.csv"]:
            assert (base / name).is_file(), (std, ed, name)
    for std in corpus.standards:
        assert (built_site / std / "latest" / "index.html").is_file()
    assert (built_site / "cma-esg-disclosure/2025/metrics/index.html").is_file()
    assert (built_site / "schemas/edition.schema.json").read_bytes() == (REPO / "schemas/edition.schema.json").read_bytes()


def test_search_index_holds_chinese_and_english_node_text(built_site: Path) -> None:
    import json

    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    ddg = " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith("cccmc-ddg/2022/"))
    assert "remediation" in ddg and "尽责" in ddg
    # jieba segments Chinese with U+200B, which the configured separator splits on.
    assert "尽责\u200b管理" in ddg


def test_codes_page_lists_every_code(built_site: Path) -> None:
    html = (built_site / "reference/codes/index.html").read_text()
    from html import unescape

    for name in CODES:
        assert f"<code>{name}</code>" in unescape(html), name
    # Each summary and hint in the page's language, as the command line says it in that language.
    from lode.core.i18n import tr
    def text(page: str) -> str:  # what a reader sees: tags dropped, `code` marks shown as code
        return unescape(re.sub(r"<[^>]+>", "", page))

    zh, en = text(html), text((built_site / "en/reference/codes/index.html").read_text())
    for c in CODES.values():
        for said, page in ((tr(c.summary, "zh"), zh), (tr(c.hint, "zh"), zh), (c.summary, en), (c.hint, en)):
            assert said.replace("`", "") in page, (c.name, said)
    assert "<code>unit:</code>" in unescape(html)  # a hint's `unit:` is code, not backquotes


def test_site_loads_nothing_from_other_hosts(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        for url in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', text):
            pytest.fail(f"{page}: external resource {url}")


def cli_names_missing_from(doc: str) -> list[str]:
    """Every command (as `lode NAME`) and option of the CLI that ``doc`` does not mention."""
    import click

    missing = []
    # cli is a lazy group: its .commands is empty until a command is looked up.
    commands = [(name, cli.get_command(None, name)) for name in cli.list_commands(None)]
    while commands:
        name, command = commands.pop()
        if f"`lode {name}`" not in doc:
            missing.append(f"lode {name}")
        if isinstance(command, click.Group):
            commands += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-") and opt not in ("--help", "-h") and opt not in doc:
                    missing.append(f"lode {name} {opt}")
    return missing


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_cli_option_is_documented(lang: str) -> None:
    """The command-line reference holds every command and option in each language: the
    Chinese page is a reference of its own, not a pointer to the English one."""
    doc = (REPO / "site" / "reference" / f"cli.{lang}.md").read_text(encoding="utf-8")
    assert cli_names_missing_from(doc) == []


def test_an_option_missing_from_one_language_is_caught() -> None:
    """The check above sees an option documented in one language only."""
    zh = (REPO / "site" / "reference" / "cli.zh.md").read_text(encoding="utf-8")
    assert cli_names_missing_from(zh.replace("--no-cache", "--no-kache")) == ["lode validate --no-cache"]


# The reference pages, the crosswalk guide and the contributors' guide, written in full in
# each language.
REFERENCE_PAGES = ["reference/cli", "reference/diff-json", "reference/disclosure-json", "crosswalks", "contributing"]
_HEADING = re.compile(r"^(#{2,6}) .*?(?:\{#([A-Za-z0-9_-]+)\})?\s*$")


def heading_ids(markdown: str) -> list[str | None]:
    """The explicit ``{#id}`` of each heading below the title (None where there is none),
    code fences skipped."""
    ids, fence = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and (m := _HEADING.match(line)):
            ids.append(m.group(2))
    return ids


@pytest.mark.parametrize("page", REFERENCE_PAGES)
def test_reference_pages_are_whole_in_chinese_and_keep_the_reader_s_place(page: str, built_site: Path) -> None:
    """The Chinese page holds its content itself (no link or notice sending the reader to the
    English page), and both languages have the same headings with the same explicit ids, so
    the language switch (which keeps the #anchor) lands on the same section."""
    zh = (REPO / "site" / f"{page}.zh.md").read_text(encoding="utf-8")
    en = (REPO / "site" / f"{page}.en.md").read_text(encoding="utf-8")
    assert not (REPO / "site" / f"{page}.md").exists(), "an unsuffixed page serves English on the Chinese site"
    assert 'hreflang="en"' not in zh and "英文版" not in zh, page
    assert not re.search(r"\]\((?:\.\./)*en/|href=\"(?:\.\./)*/?en/", zh), page
    zh_ids, en_ids = heading_ids(zh), heading_ids(en)
    assert None not in zh_ids and None not in en_ids, (page, zh_ids, en_ids)
    assert zh_ids == en_ids, page
    # As built: the same ids on both pages' headings, and the Chinese page is Chinese.
    built = [(built_site / prefix / page / "index.html").read_text(encoding="utf-8") for prefix in ("", "en")]
    ids = [re.findall(r'<h[2-6] id="([^"]+)"', html) for html in built]
    assert ids[0] == ids[1] == zh_ids, page
    article = built[0][built[0].index("<article"):built[0].index("</article>")]
    assert '<html lang="zh"' in built[0] and len(re.findall(r"[\u4e00-\u9fff]", article)) > 500, page


PAYLOADS = ["<script>alert(1)</script>", '<img src="x" onerror="alert(1)">', "[t](javascript:alert(1))",
            "{{ 7*7 }}", "a | b", "# heading", "![x](data:text/html;base64,AAAA)", "--8<-- \".env\""]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_leaves_no_markup(payload: str) -> None:
    import html

    out = sitegen.escape(payload)
    bare = re.sub(r"&(?:#[0-9]+|[a-z]+);", "", out)  # what remains outside entities
    for ch in "<>[]{}|#()!\"'=:":
        assert ch not in bare
    assert html.unescape(out) == payload


def test_every_page_is_built_in_both_languages(built_site: Path) -> None:
    from lode.model.corpus import Corpus

    corpus = Corpus.load(REPO)
    pages = [f"{std}/{ed}/index.html" for std, ed in corpus.editions] + [
        "index.html", "standards/index.html", "provenance/index.html", "guides/reading/index.html",
        "guides/companies/index.html", "crosswalks/index.html", "reference/codes/index.html",
        "reference/diff-json/index.html", "cma-esg-disclosure/2025/metrics/index.html"]
    for page in pages:
        for prefix, lang in (("", "zh"), ("en/", "en")):
            html = (built_site / prefix / page).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html, (prefix, page)
    # The downloads exist once, shared by both languages.
    assert not (built_site / "en" / "cccmc-ddg" / "2022" / "cccmc-ddg-2022.json").exists()


def test_search_index_has_no_notice_or_disclaimer(built_site: Path) -> None:
    import json

    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    assert any(d["location"].startswith("en/") for d in docs) and any(not d["location"].startswith("en/") for d in docs)
    for d in docs:
        text = (d["title"] + d["text"]).replace("\u200b", "")
        for banned in ("未提供中文", "No Chinese text is authored", "本页措辞均为", "the wording on this page is Lode"):
            assert banned not in text, (d["location"], banned)


def test_hand_written_pages_come_in_pairs_with_the_same_anchors() -> None:
    """A NAME.zh.md has its NAME.en.md and the same explicit heading ids, so the language
    switch, which keeps the #anchor, lands on the same section."""
    docs = REPO / "site"
    zh = sorted(p.relative_to(docs).as_posix()[:-6] for p in docs.rglob("*.zh.md"))
    en = sorted(p.relative_to(docs).as_posix()[:-6] for p in docs.rglob("*.en.md"))
    assert zh == en and len(zh) >= 6
    for name in zh:
        ids = [re.findall(r"^#+ .*\{#([\w-]+)\}\s*$", (docs / f"{name}.{lg}.md").read_text(encoding="utf-8"), re.M)
               for lg in ("zh", "en")]
        assert ids[0] == ids[1], name


def _target(page: Path, href: str, site: Path) -> tuple[Path | None, str]:
    """The built file a relative link points to (None if nothing is there), and its anchor."""
    path, _, anchor = href.partition("#")
    if not path:
        return page, anchor
    target = (page.parent / path).resolve()
    if target.is_dir():
        target = target / "index.html"
    return (target if target.is_file() and site.resolve() in target.parents else None), anchor


def test_every_relative_link_and_anchor_of_the_generated_pages_resolves(built_site: Path) -> None:
    # The HTML parts of the generated pages (markup.HTML_BELOW) compute their own URLs:
    # mkdocs neither rewrites nor checks them, so this test does, in both languages.
    ids: dict[Path, set[str]] = {}
    broken, checked = [], 0
    pages = [p for p in built_site.rglob("index.html")
             if not any(part in {"search", "assets"} for part in p.relative_to(built_site).parts)]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for href in map(unescape, re.findall(r'<a [^>]*href="([^"]+)"', html)):
            if re.match(r"[a-z]+:", href) or href.startswith("/"):
                continue
            target, anchor = _target(page, href, built_site)
            checked += 1
            if target is None:
                broken.append(f"{page.relative_to(built_site)}: {href}")
                continue
            if anchor and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(re.findall(r' id="([^"]+)"', target.read_text(encoding="utf-8")))
                if anchor not in ids[target]:
                    broken.append(f"{page.relative_to(built_site)}: {href} (no such anchor)")
    assert checked > 1000 and not broken, broken[:20]


def test_the_edition_toc_lists_its_chapters_and_no_deeper(built_site: Path) -> None:
    from lode.model.corpus import Corpus

    edition = Corpus.load(REPO).edition("cccmc-gsrm@2017")
    top = [n.id for n in edition.nodes]
    deeper = [c.id for n in edition.nodes for c in n.children]
    assert top and deeper
    for page in (built_site / "cccmc-gsrm/2017/index.html", built_site / "en/cccmc-gsrm/2017/index.html"):
        html = page.read_text(encoding="utf-8")
        toc = html[html.index('md-nav--secondary'):]
        toc = toc[:toc.index("</nav>")]
        assert all(f'href="#{nid}"' in toc for nid in top), page
        assert not any(f'href="#{nid}"' in toc for nid in deeper), page
        assert all(f'id="{nid}"' in html for nid in deeper)  # every provision keeps its anchor


def test_no_page_shows_an_escaped_character_as_its_entity(built_site: Path) -> None:
    """Generated pages entity-encode every character Markdown could act on
    (render/markup.escape); inside a Markdown code span an entity is not decoded, and a
    reader sees `cma&#45;esg&#45;disclosure`. What a reader sees on every page (tags
    dropped, entities decoded once) holds no entity."""
    shown = re.compile(r"&#\d+;|&#x[0-9a-fA-F]+;|&(?:amp|lt|gt|quot);")
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        body = page.read_text(encoding="utf-8")
        body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
        text = unescape(re.sub(r"<[^>]+>", "", body))
        found = shown.search(text)
        assert found is None, (page.relative_to(built_site), text[max(0, found.start() - 60):found.end() + 20])
