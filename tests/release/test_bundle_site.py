"""The offline bundle and the site's releases: built from the release log's commits (so a
clone without tags still publishes them), verified by Lode and by ``sha256sum``, shown on
the edition page with the newest marked, and skipped with a warning (never a crash) where
the commit is not in the clone."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import build_site
from release_helpers import commit_edit, git, isolated_git, repo  # noqa: F401 - fixtures

from lode.core.errors import LodeError
from lode.release import make
from lode.release.pins import Pin, resolve
from lode.site import build as sitegen
from lode.site import releases as site_releases

ED_2020 = "standards/demo/2020.yaml"
BUNDLE = ("demo-2020-r1.json", "demo-2020-r1.json.sha256", "demo-2020-r1.manifest.json")


def published(root: Path, out: Path) -> Path:
    """The site's files of demo@2020 written to ``out`` (what a validator downloads)."""
    site = sitegen.build(*sitegen.load(root))
    for path, content in site.files.items():
        if path.startswith("demo/2020/") and not path.endswith(".md"):
            target = out / path.rsplit("/", 1)[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode())
    return out


def test_the_bundle_verifies_offline_and_by_sha256sum(repo: Path, tmp_path: Path, run_lode) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    pinned = resolve(repo, "demo@2020/r1")
    out = published(repo, tmp_path / "download")
    assert all((out / name).is_file() for name in BUNDLE)
    offline = resolve(tmp_path, out / "demo-2020-r1.manifest.json")
    assert (offline.digest, offline.tag, offline.commit, offline.source) == (pinned.digest, pinned.tag,
                                                                             pinned.commit, "bundle")
    assert offline.data == pinned.data and str(offline.pin) == "demo@2020/r1"
    assert resolve(tmp_path, out / "demo-2020-r1.json").digest == pinned.digest  # the JSON finds its manifest
    code, text, err = run_lode("verify", str(out / "demo-2020-r1.manifest.json"), "--digest", pinned.digest)
    assert code == 0 and "from an offline bundle" in text and pinned.digest in text, err
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "demo-2020-r1.json.sha256"], cwd=out, capture_output=True,
                               text=True)
        assert check.returncode == 0 and "demo-2020-r1.json: OK" in check.stdout


def test_a_tampered_bundle_is_refused(repo: Path, tmp_path: Path, run_lode) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    out = published(repo, tmp_path / "download")
    edition = out / "demo-2020-r1.json"
    edition.write_bytes(edition.read_bytes().replace(b'"Audit"', b'"Audlt"'))
    code, _, err = run_lode("verify", str(out / "demo-2020-r1.manifest.json"))
    assert code == 4 and "error[pin-digest]" in err
    if shutil.which("sha256sum"):
        assert subprocess.run(["sha256sum", "-c", "demo-2020-r1.json.sha256"], cwd=out,
                              capture_output=True).returncode != 0


def test_a_bundle_whose_digest_was_rewritten_too_is_still_caught(repo: Path, tmp_path: Path) -> None:
    # Rewriting the manifest's digest to match altered bytes fails on the log entry it carries.
    make.release(repo, Pin.parse("demo@2020").ref)
    out = published(repo, tmp_path / "download")
    import hashlib
    import json

    edition = out / "demo-2020-r1.json"
    edition.write_bytes(edition.read_bytes().replace(b'"Audit"', b'"Audlt"'))
    manifest = json.loads((out / "demo-2020-r1.manifest.json").read_text())
    manifest["digest"] = "sha256:" + hashlib.sha256(edition.read_bytes()).hexdigest()
    (out / "demo-2020-r1.manifest.json").write_text(json.dumps(manifest))
    (out / "demo-2020-r1.json.sha256").unlink()
    with pytest.raises(LodeError) as exc:
        resolve(tmp_path, out / "demo-2020-r1.manifest.json")
    assert (exc.value.exit_code, exc.value.finding.code) == (4, "bundle-invalid")


def test_the_edition_page_lists_releases_newest_marked(repo: Path) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    commit_edit(repo, ED_2020, "en: Audit", "en: Audit (errata)")
    make.release(repo, Pin.parse("demo@2020").ref)
    make.release(repo, Pin.parse("demo@2024").ref, allow_illustrative=True)
    site = sitegen.build(*sitegen.load(repo))
    page = site.page("demo/2020/index.md")
    assert page.index("`demo@2020/r2` **newest**") < page.index("`demo@2020/r1`")
    assert "`demo@2020/r1` **newest**" not in page
    assert "demo-2020-r2.manifest.json" in page
    illustrative = site.page("demo/2024/index.md")
    assert "`demo@2024/r1` **newest**" in illustrative and "allowed (placeholders" in illustrative
    zh = site_releases.collect(repo, ["demo"]).fragment("demo", "2024", "zh")
    assert "发布版本" in zh and "最新" in zh and "允许" in zh


def test_a_clone_without_tags_still_publishes_every_bundle(repo: Path, tmp_path: Path) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--no-tags", f"file://{repo}", str(clone))
    assert git(clone, "tag", "-l") == ""
    result = site_releases.collect(clone, ["demo"])
    assert result.warnings == []
    assert result.files["demo/2020/demo-2020-r1.json"] == sitegen.build(*sitegen.load(repo)).files[
        "demo/2020/demo-2020-r1.json"]


def test_a_release_whose_commit_is_missing_is_skipped_with_a_warning(repo: Path, tmp_path: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    commit_edit(repo, ED_2020, "en: Audit", "en: Audit and review", "later work")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    with caplog.at_level(logging.WARNING, logger="lode.site.build"):
        site = sitegen.build(*sitegen.load(shallow))
    assert "demo/2020/demo-2020-r1.json" not in site.files
    assert any("demo/2020/r1 is left out of the site" in r.getMessage() and "git fetch --unshallow" in
               r.getMessage() for r in caplog.records)
    assert "has no release yet" in site.page("demo/2020/index.md")


def test_a_log_entry_whose_digest_does_not_match_is_not_published(repo: Path) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    log = repo / "standards/demo/releases.yaml"
    digest = resolve(repo, "demo@2020/r1").digest
    log.write_text(log.read_text().replace(digest, "sha256:" + "1" * 64))
    # Uncommitted, the edit is not the release log: the committed one is published.
    assert "demo/2020/demo-2020-r1.json" in site_releases.collect(repo, ["demo"]).files
    git(repo, "commit", "-qam", "forged digest")
    result = site_releases.collect(repo, ["demo"])
    assert not result.files and "does not verify in this clone" in result.warnings[0]
    assert "pin-moved" in result.warnings[0]  # the tag's message records the real digest
    git(repo, "tag", "-d", "demo/2020/r1")  # a clone without the tag: the log alone, digest recomputed
    result = site_releases.collect(repo, ["demo"])
    assert not result.files and "release recorded sha256:1111" in result.warnings[0]


def test_a_release_whose_tag_does_not_verify_is_not_published(repo: Path) -> None:
    # The log's commit and digest still match, but the tag in this clone was moved: the
    # building clone cannot verify the release, so the site does not publish it.
    make.release(repo, Pin.parse("demo@2020").ref)
    commit_edit(repo, ED_2020, "en: Audit", "en: Audit and review", "later work")
    git(repo, "tag", "-f", "-a", "-m", "moved", "demo/2020/r1", "HEAD")
    result = site_releases.collect(repo, ["demo"])
    assert not result.files and "pin-moved" in result.warnings[0]


def test_the_release_template_is_pinned_to_its_release(repo: Path) -> None:
    import io

    from openpyxl import load_workbook

    make.release(repo, Pin.parse("demo@2024").ref, allow_illustrative=True)
    r = resolve(repo, "demo@2024/r1")
    files = site_releases.collect(repo, ["demo"]).files
    ws = load_workbook(io.BytesIO(files["demo/2024/demo-2024-r1-template.xlsx"]), read_only=True).active
    assert ws["B2"].value == "demo@2024/r1" and r.digest in ws["C1"].value


def test_mkdocs_builds_the_site_with_a_release(repo: Path, tmp_path: Path) -> None:
    make.release(repo, Pin.parse("demo@2024").ref, allow_illustrative=True)
    (tmp_path / "build").mkdir()
    site = build_site(repo, tmp_path / "build")
    html = (site / "en/demo/2024/index.html").read_text()  # Chinese is at /, English under /en/
    assert "demo@2024/r1" in html and "newest" in html
    assert "demo@2024/r1" in (site / "demo/2024/index.html").read_text()
    assert (site / "demo/2024/demo-2024-r1.manifest.json").is_file()


def test_the_site_is_built_from_the_releases_loaded_before_it(repo: Path, tmp_path: Path) -> None:
    # site.build opens no git repository: the releases are loaded with the corpus
    # (sitegen.load), and the site builds the same once the clone is gone.
    make.release(repo, Pin.parse("demo@2020").ref)
    corpus, releases = sitegen.load(repo)
    before = sitegen.build(corpus, releases).outputs()
    assert "demo/2020/demo-2020-r1.json" in before
    shutil.move(str(repo), str(tmp_path / "moved"))
    assert sitegen.build(corpus, releases).outputs() == before
