"""Releases and pins in a real git repository (issue 11, "Done when")."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import tree_digest
from release_helpers import commit_edit, git, isolated_git, repo  # noqa: F401 - fixtures

from lode.core.errors import LodeError
from lode.release import make
from lode.release.log import read_log
from lode.release.pins import Pin, resolve
from lode.site import build as sitegen

ED_2020 = "standards/demo/2020.yaml"


def refusal(fn, *args, **kwargs) -> LodeError:
    with pytest.raises(LodeError) as exc:
        fn(*args, **kwargs)
    return exc.value


def test_release_then_verify_digest_equals_the_site_download(repo: Path, run_lode) -> None:
    code, out, err = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 0, err
    assert "tagged demo/2020/r1" in out
    tag_type = git(repo, "cat-file", "-t", "demo/2020/r1")
    assert tag_type == "tag"  # annotated
    message = git(repo, "cat-file", "-p", "demo/2020/r1")
    r = resolve(repo, "demo@2020/r1")
    assert f"Lode-Digest: {r.digest}" in message
    assert r.tag == "demo/2020/r1" and r.commit == git(repo, "rev-parse", "demo/2020/r1^{commit}")
    # The release log is committed on top of the tagged commit, and nothing is left uncommitted.
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "HEAD~1") == r.commit
    site = sitegen.build(*sitegen.load(repo))
    published = site.files["demo/2020/demo-2020.json.sha256"].decode().split()[0]
    assert r.digest == f"sha256:{published}"
    code, out, _ = run_lode("verify", "demo@2020/r1", "--root", str(repo))
    assert code == 0
    for value in (r.tag, r.commit, r.date, r.digest):
        assert value in out
    code, out, _ = run_lode("verify", "demo@2020/r1", "--root", str(repo), "--format", "json")
    data = json.loads(out)
    assert (code, data["digest"], data["tag"], data["pinned"]) == (0, r.digest, "demo/2020/r1", True)
    assert data["log-entry"]["tag-object"] == git(repo, "rev-parse", "demo/2020/r1")


def test_edit_commit_and_retag_the_same_name_is_refused(repo: Path, run_lode) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    commit_edit(repo, ED_2020, "en: Policy", "en: Policy (amended)")
    git(repo, "tag", "-f", "-a", "-m", "moved", "demo/2020/r1")
    code, _, err = run_lode("verify", "demo@2020/r1", "--root", str(repo))
    assert code == 4 and "error[pin-moved]" in err and "points at another commit" in err


def test_a_tag_recreated_on_the_same_commit_is_refused(repo: Path) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    target = git(repo, "rev-parse", "demo/2020/r1^{commit}")
    message = git(repo, "cat-file", "-p", "demo/2020/r1").split("\n\n", 1)[1]
    git(repo, "tag", "-d", "demo/2020/r1")
    # Same commit, same message: only the tag object differs (its date), and that is enough.
    subprocess.run(["git", "tag", "-a", "--cleanup=verbatim", "-F", "-", "demo/2020/r1", target], cwd=repo,
                   input=message, text=True, check=True, env={**__import__("os").environ,
                                                              "GIT_COMMITTER_DATE": "2030-01-01T00:00:00Z"})
    e = refusal(resolve, repo, "demo@2020/r1")
    assert (e.exit_code, e.finding.code) == (4, "pin-moved")
    assert "re-created on the same commit" in e.finding.message


def test_a_lightweight_tag_of_the_same_name_is_refused(repo: Path, run_lode) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    target = git(repo, "rev-parse", "demo/2020/r1^{commit}")
    git(repo, "tag", "-d", "demo/2020/r1")
    git(repo, "tag", "demo/2020/r1", target)  # what a CI checkout leaves behind
    code, _, err = run_lode("verify", "demo@2020/r1", "--root", str(repo))
    assert code == 4 and "error[pin-lightweight]" in err and "git fetch origin +refs/tags/" in err


def test_without_its_tag_a_release_resolves_from_the_committed_log(repo: Path, run_lode) -> None:
    # Tags do not travel with every clone: the release log committed at HEAD plus the
    # blob at the recorded commit is the second witness, and the verdict names it.
    make.release(repo, Pin.parse("demo@2020").ref)
    tagged = resolve(repo, "demo@2020/r1")
    git(repo, "tag", "-d", "demo/2020/r1")
    code, out, err = run_lode("verify", "demo@2020/r1", "--root", str(repo))
    assert code == 0, err
    assert "witness release log; tag not in this clone" in out and tagged.digest in out
    code, out, _ = run_lode("verify", "demo@2020/r1", "--format", "json", "--root", str(repo))
    doc = json.loads(out)
    assert (doc["witness"], doc["digest"], doc["commit"]) == ("release log; tag not in this clone",
                                                             tagged.digest, tagged.commit)
    assert tagged.witness == "tag"


def test_a_clone_without_tags_resolves_from_the_log(repo: Path, tmp_path: Path) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-tags", f"file://{repo}", str(clone))
    assert git(clone, "tag", "-l") == ""
    r = resolve(clone, "demo@2020/r1")
    assert r.witness == "release log; tag not in this clone" and r.digest == resolve(repo, "demo@2020/r1").digest


def test_an_uncommitted_log_is_never_trusted(repo: Path, run_lode) -> None:
    # A release only the work-tree log knows of does not exist; a work-tree entry that
    # differs from the committed one is ignored (the committed one is checked).
    make.release(repo, Pin.parse("demo@2020").ref)
    log = repo / "standards/demo/releases.yaml"
    committed = log.read_text()
    git(repo, "tag", "-d", "demo/2020/r1")
    entry = read_log(repo, "demo").entry("2020", 1)
    log.write_text(committed + committed.split("releases:\n", 1)[1].replace("release: 1", "release: 2")
                   .replace("demo/2020/r1", "demo/2020/r2"))
    assert read_log(repo, "demo").entry("2020", 2) is not None  # the work tree says r2 exists
    e = refusal(resolve, repo, "demo@2020/r2")
    assert (e.exit_code, e.finding.code) == (4, "pin-unknown") and "committed at HEAD" in e.finding.message
    _, out, _ = run_lode("releases", "demo", "--root", str(repo))
    assert "demo@2020/r1" in out and "demo@2020/r2" not in out
    commit_edit(repo, ED_2020, "en: Policy", "en: Policy (forged)")
    new_blob = git(repo, "rev-parse", f"HEAD:{ED_2020}")
    log.write_text(committed.replace(entry["commit"], git(repo, "rev-parse", "HEAD")).replace(entry["blob"], new_blob))
    assert resolve(repo, "demo@2020/r1").commit == entry["commit"]  # the committed entry, not the edited one


def test_a_log_entry_naming_a_commit_outside_heads_history_is_refused(repo: Path) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    git(repo, "tag", "-d", "demo/2020/r1")
    entry = read_log(repo, "demo").entry("2020", 1)
    git(repo, "checkout", "-q", "-b", "side", entry["commit"])
    git(repo, "commit", "-q", "--allow-empty", "-m", "elsewhere")
    side = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "main")
    log = repo / "standards/demo/releases.yaml"
    log.write_text(log.read_text().replace(entry["commit"], side))
    git(repo, "commit", "-q", "-am", "forged log")
    e = refusal(resolve, repo, "demo@2020/r1")
    assert (e.exit_code, e.finding.code) == (4, "pin-moved") and "history of HEAD" in e.finding.message


def test_a_shallow_clone_without_the_tag_is_refused_with_the_unshallow_hint(repo: Path, tmp_path: Path,
                                                                            run_lode) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    commit_edit(repo, ED_2020, "en: Audit", "en: Audit and review", "later work")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    assert (shallow / ".git" / "shallow").exists()
    assert (shallow / "standards/demo/releases.yaml").exists()
    code, _, err = run_lode("verify", "demo@2020/r1", "--root", str(shallow))
    assert code == 4 and "error[pin-shallow]" in err and "git fetch --tags --unshallow" in err
    git(shallow, "fetch", "-q", "--tags", "--unshallow")
    assert resolve(shallow, "demo@2020/r1").digest == resolve(repo, "demo@2020/r1").digest


def test_a_clone_with_the_tags_verifies(repo: Path, tmp_path: Path) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repo}", str(clone))
    assert resolve(clone, "demo@2020/r1").tag == "demo/2020/r1"


def test_a_release_that_is_not_in_the_log_is_refused(repo: Path) -> None:
    git(repo, "tag", "-a", "-m", "hand-made", "demo/2020/r1")
    e = refusal(resolve, repo, "demo@2020/r1")
    assert (e.exit_code, e.finding.code) == (4, "pin-unlogged")
    e = refusal(resolve, repo, "demo@2020/r7")
    assert (e.exit_code, e.finding.code) == (4, "pin-unknown")


def test_a_pin_digest_mismatch_is_refused(repo: Path, run_lode) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    good = resolve(repo, "demo@2020/r1").digest
    assert resolve(repo, Pin.parse("demo@2020/r1", good)).digest == good
    code, _, err = run_lode("verify", "demo@2020/r1", "--digest", "sha256:" + "0" * 64, "--root", str(repo))
    assert code == 4 and "error[pin-digest]" in err


def test_a_forged_log_entry_does_not_make_other_text_verify(repo: Path) -> None:
    # Edit, re-tag with a message naming the new blob, and rewrite the log's commit, tag
    # object and blob to match: only the recorded digest is left, and it is recomputed from
    # the blob at the tag.
    make.release(repo, Pin.parse("demo@2020").ref)
    entry = read_log(repo, "demo").entry("2020", 1)
    log = (repo / "standards/demo/releases.yaml").read_text()
    commit_edit(repo, ED_2020, "en: Policy", "en: Policy (forged)")
    new_blob = git(repo, "rev-parse", f"HEAD:{ED_2020}")
    message = git(repo, "cat-file", "-p", "demo/2020/r1").split("\n\n", 1)[1].replace(entry["blob"], new_blob)
    subprocess.run(["git", "tag", "-f", "-a", "--cleanup=verbatim", "-F", "-", "demo/2020/r1", "HEAD"], cwd=repo,
                   input=message, text=True, check=True)
    forged = (log.replace(entry["commit"], git(repo, "rev-parse", "HEAD"))
              .replace(entry["tag-object"], git(repo, "rev-parse", "demo/2020/r1")).replace(entry["blob"], new_blob))
    (repo / "standards/demo/releases.yaml").write_text(forged)
    # Uncommitted, the forged log is not even read: the re-created tag disagrees with the
    # committed entry.
    e = refusal(resolve, repo, "demo@2020/r1")
    assert (e.exit_code, e.finding.code) == (4, "pin-moved")
    git(repo, "commit", "-q", "-am", "forged log")  # committed (review refuses it: test_review_release_log)
    e = refusal(resolve, repo, "demo@2020/r1")
    assert (e.exit_code, e.finding.code) == (4, "pin-digest")
    assert "the release recorded " + entry["digest"] in e.finding.message


def test_allow_illustrative_is_required_and_recorded(repo: Path, run_lode) -> None:
    before = tree_digest(repo)
    code, _, err = run_lode("release", "demo@2024", "--root", str(repo))
    assert code == 2 and "error[release-illustrative]" in err
    assert tree_digest(repo) == before and git(repo, "tag", "-l") == ""
    code, out, err = run_lode("release", "demo@2024", "--allow-illustrative", "--root", str(repo))
    assert code == 0, err
    assert "Lode-Illustrative: allowed (3 illustrative nodes" in git(repo, "cat-file", "-p", "demo/2024/r1")
    r = resolve(repo, "demo@2024/r1")
    assert r.illustrative_allowed and r.log_entry["allow-illustrative"] is True
    assert r.log_entry["fidelity"]["illustrative"] == 3
    _, out, _ = run_lode("verify", "demo@2024/r1", "--root", str(repo))
    assert "ILLUSTRATIVE" in out
    _, out, _ = run_lode("releases", "demo", "--root", str(repo))
    assert "demo@2024/r1" in out and "[illustrative allowed]" in out
    _, out, _ = run_lode("releases", "--root", str(repo), "--format", "json")
    assert json.loads(out)["releases"][0]["allow-illustrative"] is True


def test_errata_make_the_next_release_and_an_unchanged_edition_is_refused(repo: Path, run_lode) -> None:
    make.release(repo, Pin.parse("demo@2020").ref)
    before = tree_digest(repo)
    code, _, err = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 2 and "error[release-unchanged]" in err and tree_digest(repo) == before
    commit_edit(repo, ED_2020, "en: Audit", "en: Audit (errata)")
    code, out, _ = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 0 and "demo/2020/r2" in out
    r1, r2 = resolve(repo, "demo@2020/r1"), resolve(repo, "demo@2020/r2")
    assert r1.digest != r2.digest
    assert r1.edition.nodes[1].children[1].title.get("en") == "Audit"  # r1 is the text as it was at its tag
    assert r2.edition.nodes[1].children[1].title.get("en") == "Audit (errata)"
    _, out, _ = run_lode("releases", "demo", "--root", str(repo))
    assert out.index("demo/2020/r1") < out.index("demo/2020/r2")


def test_release_refuses_uncommitted_changes_and_writes_nothing(repo: Path, run_lode) -> None:
    path = repo / ED_2020
    path.write_text(path.read_text().replace("en: Audit", "en: Audit (draft)"))
    before = tree_digest(repo)
    code, _, err = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 2 and "error[release-dirty]" in err
    assert tree_digest(repo) == before and git(repo, "tag", "-l") == ""


def test_release_refuses_a_draft_and_validation_errors(repo: Path, run_lode) -> None:
    commit_edit(repo, ED_2020, "status: superseded", "status: draft")
    code, _, err = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 2 and "error[release-draft]" in err and "2020.yaml:7:9" in err
    commit_edit(repo, ED_2020, "status: draft", "status: superseded")
    commit_edit(repo, ED_2020, "sources: [src]", "sources: [nowhere]")
    code, _, err = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 1 and "error[release-invalid]" in err
    assert git(repo, "tag", "-l") == ""


def test_dry_run_writes_nothing(repo: Path, run_lode) -> None:
    before, head = tree_digest(repo), git(repo, "rev-parse", "HEAD")
    code, out, _ = run_lode("release", "demo@2020", "--dry-run", "--root", str(repo))
    assert code == 0 and "would tag demo/2020/r1" in out and "Lode-Digest: sha256:" in out
    assert tree_digest(repo) == before and git(repo, "tag", "-l") == "" and git(repo, "rev-parse", "HEAD") == head


def test_a_failed_log_commit_undoes_the_tag(repo: Path, run_lode) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by hook >&2\nexit 1\n")
    hook.chmod(0o755)
    before, head = tree_digest(repo / "standards"), git(repo, "rev-parse", "HEAD")
    code, _, err = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 2 and "error[release-git]" in err and "refused by hook" in err
    assert git(repo, "tag", "-l") == "" and tree_digest(repo / "standards") == before
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == "" and git(repo, "diff", "--cached", "--name-only") == ""


def test_unpinned_is_the_work_tree(repo: Path) -> None:
    r = resolve(repo, "demo@2020")
    assert not r.pinned and r.tag is None and r.digest.startswith("sha256:")
    assert refusal(resolve, repo, "demo@2020", verify_signature=True).finding.code == "pin-signature"
    assert refusal(resolve, repo, "nope@2020").exit_code == 4


def test_release_refuses_a_detached_head(repo: Path, run_lode) -> None:
    git(repo, "checkout", "-q", "--detach")
    code, _, err = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 2 and "error[release-dirty]" in err and "detached" in err and git(repo, "tag", "-l") == ""


@pytest.mark.parametrize("text", ["demo", "demo@2020/r0", "demo@2020/1", "demo@2020#scope/r1", "Demo@2020/r1",
                                  "demo@latest/r1", "demo@2020/r1/r2"])
def test_bad_pins_are_usage_errors(text: str, run_lode, repo: Path) -> None:
    e = refusal(Pin.parse, text)
    assert (e.finding.code, e.exit_code) == ("pin-syntax", 2)
    code, _, err = run_lode("verify", text, "--root", str(repo))
    assert code == 2 and "error[pin-syntax]" in err


def test_pin_round_trips() -> None:
    p = Pin.parse("cma-esg-disclosure@2025/r1", "sha256:" + "a" * 64)
    assert (str(p), p.release, p.ref.edition, p.tag) == ("cma-esg-disclosure@2025/r1", 1, "2025",
                                                        "cma-esg-disclosure/2025/r1")
    assert Pin.parse(str(p)).ref == p.ref
    assert refusal(Pin.parse, "demo@2020/r1", "sha256:xyz").finding.code == "pin-syntax"


def test_outside_a_git_clone_a_pin_is_refused_with_exit_4(tmp_path: Path, repo: Path) -> None:
    import shutil

    plain = tmp_path / "plain"
    shutil.copytree(repo / "standards", plain / "standards")
    e = refusal(resolve, plain, "demo@2020/r1")
    assert (e.exit_code, e.finding.code) == (4, "pin-no-repo")


def test_the_users_git_config_is_not_read(isolated_git: Path, repo: Path) -> None:
    # The fixture points git at a temp global config; a release made here records that
    # config's identity, which proves the real ~/.gitconfig was not consulted.
    make.release(repo, Pin.parse("demo@2020").ref)
    assert read_log(repo, "demo").entry("2020", 1)["tagger"] == "Release Tester <tester@example.org>"
