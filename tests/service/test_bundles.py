"""Serving a folder of offline bundles: the releases are listed from their manifests, and
a disclosure checked against the folder gets the verdict it gets against the repository
(`lode check --root BUNDLES` too, so the service's verdict stays the CLI's)."""

from __future__ import annotations

import json
from pathlib import Path

from service_helpers import EX, PIN, pinned, shared_server

from lode.disclose.run import target
from lode.release.bundle import bundle_files
from lode.release.log import read_log
from lode.service.catalog import releases


def test_a_folder_of_bundles_serves_the_same_verdicts_as_the_repository(tmp_path: Path, run_lode,
                                                                         monkeypatch) -> None:
    repo = shared_server().repo
    entry = read_log(repo, "cma-esg-disclosure").entry("2025", 1)
    folder = tmp_path / "bundles"
    folder.mkdir()
    for name, data in bundle_files(target(repo, PIN).resolved.data, entry, "cma-esg-disclosure").items():
        (folder / name).write_bytes(data)
    assert [r.pin for r in releases(folder)] == [r.pin for r in releases(repo)] == [PIN]
    work = tmp_path / "work"
    work.mkdir()
    (work / "failing.yaml").write_text(pinned((EX / "failing.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.chdir(work)
    code_r, from_repo, _ = run_lode("check", "failing.yaml", "--root", str(repo), "--format", "json")
    code_b, from_bundles, _ = run_lode("check", "failing.yaml", "--root", str(folder), "--format", "json")
    assert code_r == code_b == 1
    # the same verdict, but for what it rests on: a tag in the repository, the bundle's
    # manifest in the folder (which says what it cannot check); the bytes may differ in
    # the key order of the tiers' titles (a bundle's edition is canonical JSON, keys sorted)
    a, b = json.loads(from_repo), json.loads(from_bundles)
    for doc in (a, b):
        for k in ("witness", "unchecked"):
            doc["verdicts"][0]["checked-against"].pop(k, None)
    assert a == b
    # a release the folder does not hold is a pin failure, as in a repository without it
    (work / "r2.yaml").write_text((work / "failing.yaml").read_text(encoding="utf-8").replace(PIN, PIN[:-1] + "2"),
                                  encoding="utf-8")
    code, out, _ = run_lode("check", "r2.yaml", "--root", str(folder), "--format", "json")
    assert code == 4 and json.loads(out)["verdicts"][0]["status"] == "PIN FAILED"
