"""`mkdocs serve` after one save (issue 26): the plugin regenerates only what the edit
touches, and what it then holds and writes equals a fresh build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

from conftest import REPO
from lode.model.corpus import Corpus
from lode.site import build as sitegen
from lode.site import search_sections
from lode.site.mkdocs_plugin import LodePlugin
from lode.site.paths import Paths


def _serving(tmp: Path, root: Path) -> tuple[LodePlugin, SimpleNamespace]:
    plugin = LodePlugin()
    plugin.load_config({"root": str(root), "generated_dir": str(tmp / "generated")})
    plugin.on_startup(command="serve", dirty=True)
    return plugin, SimpleNamespace(config_file_path=str(tmp / "mkdocs.yml"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_save_regenerates_its_edition_and_what_names_it_and_equals_a_fresh_build(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for part in ("standards", "schemas"):
        shutil.copytree(REPO / part, root / part)
    plugin, config = _serving(tmp_path / "serve", root)
    plugin._generate(config)  # noqa: SLF001 - the first build: everything is made
    plugin._generate(config)  # noqa: SLF001 - nothing changed: nothing is made again
    assert plugin._memo.made == []  # noqa: SLF001

    path = root / "standards" / "cccmc-ddg" / "2022.yaml"
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^( +)summary:\n(?:\1  (?!en:)[^\n]*\n)*\1  en: >-\n\1    ", text, re.M)
    assert m is not None  # a clause's folded English summary, reworded as a drafter would
    path.write_text(text[:m.end()] + "Reworded in the test. " + text[m.end():], encoding="utf-8")
    plugin._generate(config)  # noqa: SLF001
    made = sorted(str(k) for k in plugin._memo.made)  # noqa: SLF001
    assert made == sorted(str(k) for k in [
        ("downloads", "cccmc-ddg", "2022"),
        ("diff", "cccmc-ddg", "2015", "2022"), ("diff", "cccmc-ddg", "2022", "2026-draft"),
        ("page", Paths.standard("cccmc-ddg")), ("page", Paths.latest("cccmc-ddg")), ("page", Paths.catalogue),
        ("page", Paths.edition("cccmc-ddg", "2022")), ("page", Paths.changes("cccmc-ddg", "2022")),
        ("page", Paths.changes("cccmc-ddg", "2026-draft")),
        *[("page", p) for p in plugin.site.pages["en"] if p.startswith("crosswalks/") and "cccmc-ddg-2022" in p],
    ]), made

    _same_as_fresh(tmp_path, plugin, root)

    # A second save of the file, a line longer: parsed as the one provision it changed
    # (read/reparse.py), every position after it a line lower; the site is still a fresh build's.
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:m.end()] + "A second save, a line more.\n" + m.group(1) + "    " + text[m.end():],
                    encoding="utf-8")
    plugin._generate(config)  # noqa: SLF001
    assert plugin._reparse.spliced == 1  # noqa: SLF001
    _same_as_fresh(tmp_path, plugin, root)


def _same_as_fresh(tmp_path: Path, plugin: LodePlugin, root: Path) -> None:
    fresh = sitegen.build(Corpus.load(root))
    assert plugin.site.pages == fresh.pages and plugin.site.files == fresh.files and plugin.site.nav == fresh.nav
    shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
    sitegen.write_changed(tmp_path / "fresh", fresh.outputs())
    assert _files(tmp_path / "serve" / "generated") == _files(tmp_path / "fresh")


def test_a_one_off_build_hands_each_file_to_its_sink_and_keeps_only_paths() -> None:
    corpus = Corpus.load(REPO)
    written: dict[str, str | bytes] = {}
    streamed = sitegen.build(corpus, sink=written.__setitem__)
    kept = sitegen.build(corpus)
    # ... and the search sections of the pages whose generator writes them, beside each page
    search = {p: c for p, c in written.items() if p.endswith(sitegen.SEARCH_FILE)}
    assert search == {f"{lang}/{p}{sitegen.SEARCH_FILE}": search_sections.dumps(found or [])
                      for lang, pages in kept.search.items() for p, found in pages.items()} != {}
    assert {p: c for p, c in written.items() if p not in search} == kept.outputs()
    assert set(streamed.outputs()) | set(search) == set(written) and not any(streamed.outputs().values())
    assert streamed.nav == kept.nav
