"""``site.build`` is a function of what ``site.build.load`` read (issue 25): the corpus
with its crosswalks and comments, and the releases. Once loaded, the site builds the
same with the repository gone: the build opens no file and no git repository."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO
from lode.read import files, jsonfast, loader
from lode.site import build as sitegen
from lode.site.paths import Paths


def test_the_site_builds_from_its_loaded_inputs_with_the_repository_gone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    for part in ("standards", "schemas"):
        shutil.copytree(REPO / part, root / part)
    corpus, published = sitegen.load(root)
    assert corpus.crosswalks and corpus.comments, "the shipped corpus has crosswalks and a draft's comments"
    before = sitegen.build(corpus, published).outputs()
    shutil.rmtree(root)
    opened: Counter[str] = Counter()
    real = files.read_input
    monkeypatch.setattr(files, "read_input", lambda *a, **k: opened.update([str(a[0])]) or real(*a, **k))
    build, fast = loader.build, jsonfast.parse
    monkeypatch.setattr(loader, "build", lambda *a: opened.update(["<yaml parse>"]) or build(*a))
    monkeypatch.setattr(jsonfast, "parse", lambda *a, **k: opened.update(["<json parse>"]) or fast(*a, **k))
    after = sitegen.build(corpus, published).outputs()
    assert not opened, f"the build read: {dict(opened)}"
    assert after == before
    cw = corpus.crosswalks[0][1]
    assert f"en/{Paths.crosswalk(cw.source, cw.target)}" in after  # crosswalk pages, from the corpus
    assert any(p.startswith("en/") and "/comments" in p for p in after)  # a draft's comments page
