"""``lode new-edition``: what it writes, what it keeps, and what it refuses."""

from __future__ import annotations

from pathlib import Path

from conftest import tree_digest
from drafters_helpers import corpus_repo
from lode.read.loader import load_file


def test_new_edition_keeps_comments_ids_and_text_and_resets_the_metadata(run_lode, tmp_path: Path,
                                                                       monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    code, out, err = run_lode("new-edition", "cccmc-ddg@latest", "--as", "2026")
    assert code == 0, err
    old = load_file(root / "standards/cccmc-ddg/2022.yaml", "old").data
    new = load_file(root / "standards/cccmc-ddg/2026.yaml", "new").data
    assert new["edition"] == "2026" and new["status"] == "draft" and new["supersedes"] == "2022"
    assert "dates" not in new
    assert new["nodes"] == old["nodes"]  # every node, id and text kept
    assert {k: v for k, v in new.items() if k not in ("edition", "status", "supersedes")} == \
        {k: v for k, v in old.items() if k not in ("edition", "status", "supersedes", "dates")}
    text = (root / "standards/cccmc-ddg/2026.yaml").read_text()
    assert "# CCCMC Due Diligence Guidelines, second edition (2022)." in text.split("\n")[1]
    code, out, _ = run_lode("validate", "--no-cache")
    assert code == 0, out


def test_dry_run_shows_the_diff_and_writes_nothing(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    before = tree_digest(root / "standards")
    code, out, _ = run_lode("new-edition", "cccmc-ddg@2022", "--as", "2026", "--dry-run")
    assert code == 0
    assert "+++ b/standards/cccmc-ddg/2026.yaml" in out and '+edition: "2026"' in out
    assert "-status: published" in out and "+status: draft" in out and '+  - "2026"' in out
    assert "nothing written" in out
    assert tree_digest(root / "standards") == before


def test_refusals_are_coded_and_write_nothing(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    before = tree_digest(root / "standards")
    code, _, err = run_lode("new-edition", "cccmc-ddg@2022", "--as", "2015")
    assert code == 2 and "edition-exists" in err
    code, _, err = run_lode("new-edition", "cccmc-ddg@2021", "--as", "2026")
    assert code == 2 and "unknown-edition" in err and "did you mean" in err and "'2022'" in err
    code, _, err = run_lode("new-edition", "cccmc-dgd@2022", "--as", "2026")
    assert code == 2 and "did you mean 'cccmc-ddg'?" in err
    code, _, err = run_lode("new-edition", "cccmc-ddg@2022", "--as", "Draft 2026")
    assert code == 2 and "not a valid edition name" in err
    assert tree_digest(root / "standards") == before


def test_a_result_that_does_not_validate_is_not_written(run_lode, tmp_path: Path, monkeypatch) -> None:
    root = corpus_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    # 2026 would be listed after an edition that already supersedes 2022: two successors
    std = root / "standards/cccmc-ddg/standard.yaml"
    (root / "standards/cccmc-ddg/2024.yaml").write_text(
        (root / "standards/cccmc-ddg/2022.yaml").read_text().replace('edition: "2022"', 'edition: "2024"')
        .replace('supersedes: "2015"', 'supersedes: "2022"').replace("status: published", "status: draft"))
    std.write_text(std.read_text().replace('  - "2022"\n', '  - "2022"\n  - "2024"\n'))
    before = tree_digest(root / "standards")
    code, _, err = run_lode("new-edition", "cccmc-ddg@2022", "--as", "2026")
    assert code == 1 and "error[supersedes]" in err, err
    assert tree_digest(root / "standards") == before
