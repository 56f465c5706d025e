"""`make serve` after a save (issue 26): a real `mkdocs serve --dirty` on a free port, the
corpus edited as a drafter would, and every HTML page the server then shows, with its
search index, compared with a cold `mkdocs build` of the same files. Saves that change
only generated pages take the page-by-page path (site/mkdocs_rebuild.py); the others
(a title in the navigation) take mkdocs' whole build; both must show what a cold build
shows. A file that no longer validates shows its finding in place of the pages, and the
fix brings the pages back. Every wait is on a condition (the HTTP response), bounded
only to fail instead of hanging; nothing is timed."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import REPO

HANG_S = 120  # a bound on a wait, to fail rather than hang; never a timing assertion
_LIVERELOAD = re.compile(rb"<script>\s*var livereload = function.*?</script>(?=</body>)", re.S)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(work: Path, root: Path, port: int, site: Path) -> Path:
    """The repository's mkdocs.yml over a copy of its pages, reading the corpus at ``root``."""
    docs = work / "docs"
    if not docs.exists():
        shutil.copytree(REPO / "site", docs)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: site", f"docs_dir: {docs}").replace("site_dir: build/site", f"site_dir: {site}")
    text = text.replace("  - standards\n  - schemas\n", f"  - {root / 'standards'}\n  - {root / 'schemas'}\n")
    text = text.replace("  - lode\n", f"  - lode:\n      root: {root}\n      generated_dir: {work / ('gen-' + site.name)}\n")
    text = f"site_url: http://127.0.0.1:{port}/\n" + text
    config = work / f"mkdocs-{site.name}.yml"
    config.write_text(text, encoding="utf-8")
    return config


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=HANG_S) as resp:  # noqa: S310 - loopback only
            return bytes(resp.read())
    except urllib.error.HTTPError as e:
        return None if e.code == 404 else b"HTTP %d" % e.code
    except OSError:
        return None


def _until(proc: subprocess.Popen[bytes], url: str, ok: Callable[[bytes], bool]) -> bytes:
    end = time.monotonic() + HANG_S
    while time.monotonic() < end:
        assert proc.poll() is None, "mkdocs serve exited"
        body = _get(url)
        if body is not None and ok(body):
            return body
        time.sleep(0.05)  # the pace of polling, not a wait for the result
    raise AssertionError(f"{url} never met the condition")


def _pages(site: Path) -> dict[str, Path]:
    """URL path -> file of every HTML page of a built site (directory URLs)."""
    out = {}
    for p in site.rglob("*.html"):
        rel = p.relative_to(site).as_posix()
        out[rel[: -len("index.html")] if rel.endswith("index.html") else rel] = p
    return out


def _index(data: bytes) -> tuple[object, list[str]]:
    index = json.loads(data)
    return index["config"], sorted(json.dumps(e, sort_keys=True, ensure_ascii=False) for e in index["docs"])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.Popen[bytes], str, Path, Path]]:
    work = tmp_path_factory.mktemp("serve")
    root = work / "repo"
    for part in ("standards", "schemas"):
        shutil.copytree(REPO / part, root / part)
    port = _free_port()
    config = _config(work, root, port, work / "served")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LODE_CACHE_DIR": str(work / "cache")}
    (work / "log").mkdir()
    with (work / "log" / "serve.log").open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}",
                                 "-f", str(config)], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
        try:
            base = f"http://127.0.0.1:{port}/"
            _until(proc, base, lambda b: b"<html" in b)
            yield proc, base, root, work
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _cold(work: Path, root: Path, base: str, name: str) -> Path:
    """A cold `mkdocs build` of the files as they are now, with the server's site URL."""
    port = int(base.rsplit(":", 1)[1].strip("/"))
    site = work / name
    config = _config(work, root, port, site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LODE_CACHE_DIR": str(work / f"cache-{name}")}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], capture_output=True, env=env,
                          cwd=work, timeout=HANG_S * 2)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return site


def _fast_rebuilds(work: Path) -> int:
    """How many saves the server answered page by page (its log says so for each)."""
    return (work / "log" / "serve.log").read_text(encoding="utf-8", errors="replace").count(" rendered again ")


def _same_as_cold(served: tuple[subprocess.Popen[bytes], str, Path, Path], name: str) -> None:
    proc, base, root, work = served
    site = _cold(work, root, base, name)
    pages = _pages(site)
    assert len(pages) > 100
    differ = []
    for url, path in sorted(pages.items()):
        body = _get(base + url)
        assert body is not None, url
        if _LIVERELOAD.sub(b"", body) != path.read_bytes():
            differ.append(url)
    assert differ == [], f"served pages that differ from a cold build: {differ[:10]}"
    downloads = [p for p in site.rglob("*") if p.suffix in {".xlsx", ".csv", ".sha256", ".json"}
                 and p.parts[-2] != "search" and p.name != "obligations.json"]
    assert any(p.suffix == ".xlsx" for p in downloads)
    stale = [p.relative_to(site).as_posix() for p in downloads
             if _until(proc, base + p.relative_to(site).as_posix(), lambda b: True) != p.read_bytes()]
    assert stale == [], f"served downloads that differ from a cold build: {stale[:10]}"
    served_index = _get(base + "search/search_index.json")
    assert served_index is not None
    assert _index(served_index) == _index((site / "search" / "search_index.json").read_bytes())
    shutil.rmtree(site)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DDG = Path("standards/cccmc-ddg")


def test_an_edited_clause_shows_what_a_cold_build_shows(served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    proc, base, root, work = served
    fast = _fast_rebuilds(work)
    _edit(root / DDG / "2022.yaml", "where appropriate, the company provides",
          "where appropriate, Lodeeditword the company provides")
    _until(proc, base + "en/cccmc-ddg/2022/", lambda b: b"Lodeeditword" in b)
    assert _fast_rebuilds(work) > fast  # the page-by-page path, not mkdocs' whole build
    _same_as_cold(served, "cold-clause")


def test_an_added_node_shows_what_a_cold_build_shows(served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    proc, base, root, _work = served
    _edit(root / DDG / "2022.yaml", "  - id: appendix-4-gold\n", (
        "  - id: appendix-9-test\n    number: \"附录九\"\n    kind: appendix\n    title:\n      zh: 测试附录\n"
        "      en: Lodeaddedword appendix\n    summary:\n      zh: 为测试新增的条目。\n      en: A node added by a test.\n"
        "    fidelity: secondary\n    sources: [dicarlo]\n  - id: appendix-4-gold\n"))
    _until(proc, base + "en/cccmc-ddg/2022/", lambda b: b"Lodeaddedword" in b)
    _same_as_cold(served, "cold-node")


def test_a_renamed_title_shows_what_a_cold_build_shows(served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    # A provision's title is on its page only; the edition's title is the page's title,
    # which every page's navigation shows: mkdocs' whole build, every page rendered.
    proc, base, root, work = served
    fast = _fast_rebuilds(work)
    _edit(root / DDG / "2022.yaml", "en: Provide for or cooperate in remediation when appropriate",
          "en: Lodetitleword remediation when appropriate")
    _until(proc, base + "en/cccmc-ddg/2022/", lambda b: b"Lodetitleword" in b)
    assert _fast_rebuilds(work) > fast
    _edit(root / DDG / "2022.yaml", "  en: Chinese Due Diligence Guidelines for Mineral Supply Chain (Second Edition)",
          "  en: Lodeedtitle Due Diligence Guidelines for Mineral Supply Chain (Second Edition)")
    _until(proc, base + "en/cccmc-ddg/2022/", lambda b: b"Lodeedtitle" in b)
    _same_as_cold(served, "cold-title")


def test_an_edit_in_standard_yaml_shows_what_a_cold_build_shows(
        served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    # The description is on the standard's pages; its short title names its section in the
    # navigation of every page.
    proc, base, root, _work = served
    _edit(root / DDG / "standard.yaml", "Voluntary industry guidelines", "Lodestdword voluntary industry guidelines")
    _edit(root / DDG / "standard.yaml", "  en: CCCMC Due Diligence Guidelines\n", "  en: Lodenavword Due Diligence Guidelines\n")
    _until(proc, base + "en/cccmc-ddg/", lambda b: b"Lodestdword" in b)
    _until(proc, base + "en/oecd-ddg/", lambda b: b"Lodenavword" in b)  # another standard's page: its nav
    _same_as_cold(served, "cold-standard")


def test_a_crosswalk_edit_shows_what_a_cold_build_shows(served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    proc, base, root, work = served
    fast = _fast_rebuilds(work)
    _edit(root / DDG / "crosswalks" / "2022--oecd-ddg@3.yaml", "Both step titles read",
          "Lodecwword: both step titles read")
    _until(proc, base + "en/cccmc-ddg/2022/", lambda b: b"Lodecwword" in b)
    assert _fast_rebuilds(work) > fast
    _same_as_cold(served, "cold-crosswalk")


def _provision(page: bytes, node: str) -> bytes:
    """One provision's block of an edition page, from its heading to the next one's."""
    start = page.index(f'class="lode-node" id="{node}"'.encode())
    end = page.find(b'class="lode-node"', start + 1)
    return page[start:end if end >= 0 else len(page)]


def test_a_mapping_relation_changes_the_badge_of_provisions_that_did_not_change(
        served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    # A provision's block is kept across saves while everything it is made from is the
    # same: a crosswalk row is part of that on both sides, though neither edition changed.
    proc, base, root, work = served
    fast = _fast_rebuilds(work)
    _edit(root / DDG / "crosswalks" / "2022--oecd-ddg@3.yaml", "    to: oecd-ddg@3#step-1\n    relation: equal\n",
          "    to: oecd-ddg@3#step-1\n    relation: intersects-with\n")
    for url in ("en/cccmc-ddg/2022/", "oecd-ddg/3/"):
        _until(proc, base + url, lambda b: b"lode-relation-intersects-with" in _provision(b, "step-1"))
    assert _fast_rebuilds(work) > fast
    _same_as_cold(served, "cold-relation")


def test_an_alias_and_a_previous_editions_title_show_what_a_cold_build_shows(
        served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    # An old id the next edition's provision replaces becomes an anchor on it; a title
    # reworded in the previous edition changes a clause of the next edition's changes page.
    proc, base, root, work = served
    fast = _fast_rebuilds(work)
    _edit(root / DDG / "2022.yaml", "  - id: scope\n", "  - id: scope\n    replaces: [about-these-guidelines]\n")
    _until(proc, base + "en/cccmc-ddg/2022/", lambda b: b'id="about-these-guidelines"' in b)
    _edit(root / DDG / "2015.yaml", "      en: Risks of serious misconduct in environmental",
          "      en: Lodeoldtitle risks of serious misconduct in environmental")
    _until(proc, base + "en/cccmc-ddg/2022/changes/", lambda b: b"Lodeoldtitle" in b)
    assert _fast_rebuilds(work) > fast + 1
    _same_as_cold(served, "cold-alias")


def test_an_edition_with_metrics_never_serves_its_last_downloads_as_current(
        served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    # The Excel template and the disclosure schema carry the edition's digest, the nodes'
    # CSV the reworded text: a save changes each. They are made after the page is on show;
    # until then the server has none (404), never the last one.
    proc, base, root, work = served
    urls = [base + "hkex-esg/2025/hkex-esg-2025" + suffix
            for suffix in ("-template.xlsx", "-disclosure.schema.json", "-nodes.csv")]
    old = {url: _until(proc, url, lambda b: True) for url in urls}  # a save before may still be making them
    assert old[urls[0]].startswith(b"PK")
    fast = _fast_rebuilds(work)
    _edit(root / "standards/hkex-esg/2025.yaml", "the comply-or-explain approach",
          "the Lodexlsxword comply-or-explain approach")
    _until(proc, base + "en/hkex-esg/2025/", lambda b: b"Lodexlsxword" in b)
    assert _fast_rebuilds(work) > fast
    for url in urls:
        end = time.monotonic() + HANG_S
        while (seen := _get(url)) is None:  # not made yet: no file at all, which is honest
            assert time.monotonic() < end, f"{url} never came back"
            time.sleep(0.05)
        assert seen != old[url], url  # the page shows the save: so does each download
    assert b"Lodexlsxword" in seen
    _same_as_cold(served, "cold-metrics")


def test_a_file_that_becomes_invalid_shows_the_error_then_the_fixed_site(
        served: tuple[subprocess.Popen[bytes], str, Path, Path]) -> None:
    proc, base, root, _work = served
    path = root / DDG / "2022.yaml"
    good = path.read_text(encoding="utf-8")
    _edit(path, "\nstatus: published\n", "\nstatus: Lodebadstatus\n")
    for url in ("cccmc-ddg/2022/", "en/cccmc-ddg/2022/", "oecd-ddg/3/", "standards/"):
        body = _until(proc, base + url, lambda b: b"2022.yaml" in b and b"<h1>" in b)
        assert ("校验发现错误" if not url.startswith("en/") else "validation found errors").encode() in body
        assert b"md-content" not in body  # the error page, not the last good page
    path.write_text(good.replace("remediation itself or cooperates", "remediation itself or Lodefixword cooperates"),
                    encoding="utf-8")
    _until(proc, base + "en/cccmc-ddg/2022/", lambda b: b"Lodefixword" in b)
    _same_as_cold(served, "cold-fixed")
