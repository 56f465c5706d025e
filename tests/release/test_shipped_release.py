"""The shipped CMA disclosure edition (every metric illustrative) released in a copy of
the real corpus: refused without --allow-illustrative, released with it, and the flag
shows in `lode releases`, in `lode verify` and on the edition's site page."""

from __future__ import annotations

import shutil
from pathlib import Path

from release_helpers import REPO, git, isolated_git  # noqa: F401 - fixtures

from lode.release.pins import resolve
from lode.site import build as sitegen


def test_the_cma_disclosure_edition_releases_with_allow_illustrative(tmp_path: Path, run_lode) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(REPO / "standards", root / "standards", ignore=shutil.ignore_patterns("comments", "releases.yaml"))  # this repository's own history: the test makes its own
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "shipped corpus")
    code, _, err = run_lode("release", "cma-esg-disclosure@2025", "--root", str(root))
    assert code == 2 and "error[release-illustrative]" in err
    code, out, err = run_lode("release", "cma-esg-disclosure@2025", "--allow-illustrative", "--root", str(root))
    assert code == 0, err
    _, out, _ = run_lode("releases", "cma-esg-disclosure", "--root", str(root))
    assert "cma-esg-disclosure@2025/r1" in out and "[illustrative allowed]" in out and "(newest)" in out
    _, out, _ = run_lode("verify", "cma-esg-disclosure@2025/r1", "--root", str(root))
    assert "ILLUSTRATIVE" in out
    r = resolve(root, "cma-esg-disclosure@2025/r1")
    site = sitegen.build(*sitegen.load(root))
    page = site.page("cma-esg-disclosure/2025/index.md")
    assert "`cma-esg-disclosure@2025/r1` **newest**" in page and "allowed (placeholders" in page
    published = site.files["cma-esg-disclosure/2025/cma-esg-disclosure-2025.json.sha256"].decode().split()[0]
    assert r.digest == f"sha256:{published}"
    assert site.files["cma-esg-disclosure/2025/cma-esg-disclosure-2025-r1.json"] == \
        site.files["cma-esg-disclosure/2025/cma-esg-disclosure-2025.json"]
    # The release's own disclosure schema and template, for a validator without the repository.
    import io
    import json

    from openpyxl import load_workbook

    base = "cma-esg-disclosure/2025/cma-esg-disclosure-2025-r1"
    schema = json.loads(site.files[base + "-disclosure.schema.json"])
    assert r.digest in json.dumps(schema)
    wb = load_workbook(io.BytesIO(site.files[base + "-template.xlsx"]), read_only=True)
    assert wb.sheetnames and "-r1-template.xlsx" in page
