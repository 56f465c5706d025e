"""One parse per file (issue 26): the site build hands the validator's parsed data to
the corpus model, and keeps the disclosure downloads by digest across builds."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO
from lode.read import jsonfast, loader
from lode.site import disclosure_downloads as dd
from lode.site.mkdocs_plugin import LodePlugin


def _generate(tmp: Path, root: Path) -> LodePlugin:
    """The plugin's own generation step (validate, model, pages, downloads), as a build runs it,
    in this process (``jobs: 1``: the calls counted here are made in it)."""
    plugin = LodePlugin()
    plugin.load_config({"root": str(root), "generated_dir": str(tmp / "generated"), "jobs": 1})
    plugin._generate(SimpleNamespace(config_file_path=str(tmp / "mkdocs.yml")))  # noqa: SLF001
    return plugin


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every full parse of a file (the YAML builder or the JSON fast path), by file."""
    seen: Counter[str] = Counter()
    build, fast = loader.build, jsonfast.parse

    def counted_build(text: str, display: str, limits: loader.Limits) -> loader.Document:
        seen[display] += 1
        return build(text, display, limits)

    monkeypatch.setattr(loader, "build", counted_build)
    monkeypatch.setattr(jsonfast, "parse", lambda *a, **k: seen.update(["<json>"]) or fast(*a, **k))
    return seen


def test_a_cold_build_parses_each_file_once_and_a_warm_one_at_most_once(tmp_path: Path, parses: Counter[str]) -> None:
    root = tmp_path / "repo"
    for part in ("standards", "schemas"):
        shutil.copytree(REPO / part, root / part)
    files = sorted(p.relative_to(root).as_posix() for p in (root / "standards").glob("*/**/*.yaml")
                   if "/comments/" not in p.as_posix() and p.name != "releases.yaml")
    _generate(tmp_path, root)
    assert {f: parses[f] for f in files} == {f: 1 for f in files}  # the validator parsed; the model did not
    parses.clear()
    dd._MEMO.clear()  # noqa: SLF001 - as a new process would start
    _generate(tmp_path, root)  # the validation cache answers: the model parses each file, once
    assert {f: parses[f] for f in files} == {f: 1 for f in files}


def test_disclosure_downloads_come_from_the_cache_in_a_new_process_and_only_for_metrics(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    for part in ("standards", "schemas"):
        shutil.copytree(REPO / part, root / part)
    written: list[str] = []
    real = dd.write_template
    monkeypatch.setattr(dd, "write_template", lambda spec, *a: written.append(spec.ref) or real(spec, *a))
    dd._MEMO.clear()  # noqa: SLF001
    first = _generate(tmp_path / "one", root).site
    assert written, "the shipped corpus has editions with metrics"
    with_metrics = {p for p in first.files if p.endswith("-metrics.csv")}
    templates = {p for p in first.files if p.endswith("-template.xlsx")}
    blobs = lambda folder: {p: (folder / "generated" / p).read_bytes() for p in templates}  # noqa: E731
    assert {p.removesuffix("-template.xlsx") for p in templates} == {p.removesuffix("-metrics.csv") for p in with_metrics}
    assert len(written) == len(templates)  # none built for an edition without metrics
    written.clear()
    dd._MEMO.clear()  # noqa: SLF001 - a new process, the same cache directory
    _generate(tmp_path / "two", root)
    assert written == []
    assert blobs(tmp_path / "two") == blobs(tmp_path / "one")
