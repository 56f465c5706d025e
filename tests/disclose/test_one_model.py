"""One edition model (issue 25): the checker's spec is a view of the same ``Edition`` the
site's pages render, built without a second parse, and a release read back from its
canonical JSON gives the same spec as the work tree."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from openpyxl import load_workbook
from lode.disclose import spec as spec_mod
from lode.disclose.run import target
from lode.model import canonical
from lode.model.corpus import Corpus
from lode.model.edition import build_edition
from lode.read import jsonfast, loader
from lode.site import build as sitegen
from lode.site import disclosure_downloads as dd
from lode.site.paths import Paths

REF = ("cma-esg-disclosure", "2025")
METRIC = "ghg-scope-1"
NEW = "Scope 1 emissions, retitled for the test"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    seen: Counter[str] = Counter()
    build, fast = loader.build, jsonfast.parse
    monkeypatch.setattr(loader, "build", lambda text, display, limits: seen.update([display]) or build(text, display, limits))
    monkeypatch.setattr(jsonfast, "parse", lambda *a, **k: seen.update(["<json>"]) or fast(*a, **k))
    return seen


def _retitled(tmp: Path) -> Path:
    root = tmp / "repo"
    for part in ("standards", "schemas"):
        shutil.copytree(REPO / part, root / part)
    f = root / "standards" / REF[0] / f"{REF[1]}.yaml"
    old = "en: Direct (Scope 1) greenhouse gas emissions\n"
    text = f.read_text(encoding="utf-8")
    assert text.count(old) == 1
    f.write_text(text.replace(old, f"en: {NEW}\n"), encoding="utf-8")
    return root


def test_the_spec_the_site_uses_is_a_view_of_the_edition_its_pages_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: Counter[str]) -> None:
    root = _retitled(tmp_path)
    corpus = Corpus.load(root)
    edition = corpus.editions[REF]
    seen: list[Any] = []
    real = dd.build_spec
    monkeypatch.setattr(dd, "build_spec", lambda ed: seen.append(real(ed)) or seen[-1])
    dd._MEMO.clear()  # noqa: SLF001
    parses.clear()
    site = sitegen.build(corpus)
    assert not parses, f"the site build parsed again: {dict(parses)}"
    spec = next(s for s in seen if s.ref == "cma-esg-disclosure@2025")
    # the same object: the spec's edition is the one the pages were made from, each
    # metric's node is that edition's node
    assert spec.edition is edition
    node = next(n for n in edition.walk() if n.id == METRIC)
    assert spec.by_id[METRIC].node is node
    # and so the edit shows in both: the metrics page, and the template made from the spec
    assert NEW in site.page(Paths.metrics(*REF), "en")
    assert spec.by_id[METRIC].title["en"] == NEW == node.title.get("en")
    sheet = load_workbook(io.BytesIO(site.files[Paths.download(*REF, "-template.xlsx")]))["Disclosure"]
    assert [r[3].value for r in sheet.iter_rows() if r[0].value == METRIC] == [NEW]


def test_the_checker_sees_the_edit_and_a_release_read_back_gives_the_same_spec(tmp_path: Path,
                                                                             parses: Counter[str]) -> None:
    root = _retitled(tmp_path)
    checked = target(root, "cma-esg-disclosure@2025").spec
    assert checked.by_id[METRIC].title["en"] == NEW
    assert checked.by_id[METRIC].node is next(n for n in checked.edition.walk() if n.id == METRIC)
    # the pinned path: the canonical JSON a release freezes, read back, gives the same spec
    edition = Corpus.load(root).editions[REF]
    pinned = build_edition(json.loads(canonical.canonical_json(edition.data)), "pinned.json")
    parses.clear()
    assert spec_mod.build_spec(pinned) == spec_mod.build_spec(edition) == checked
    assert not parses, "building a spec parsed a file"
    assert any(m.applies_if for m in checked.metrics), "applies-if is read from the edition"
