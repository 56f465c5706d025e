"""Hostile bundles and release logs, by example and by property (hypothesis): a forged
field is refused or printed as unchecked, never as checked; a newline in a manifest
string cannot print a line of its own; nesting, junk and wrong types are coded
refusals (exit 4), never exit 70; the illustrative caveat comes from the text itself.
The release-log class: a mutated committed entry never makes other text verify, and
`lode review` flags every mutation."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from release_helpers import git, isolated_git, repo  # noqa: F401 - fixtures
from test_bundle_site import published

from lode.core.errors import LodeError
from lode.release import make
from lode.release.log import ReleaseLog, read_log, render_log
from lode.release.pins import Pin, resolve
from lode.review.review import release_log_rewrites

MANIFEST = "demo-2020-r1.manifest.json"
PRINTED = ("tag", "commit", "date", "signer")


@pytest.fixture
def bundle(repo: Path, tmp_path: Path) -> Path:
    make.release(repo, Pin.parse("demo@2020").ref)
    return published(repo, tmp_path / "download")


def rewrite(path: Path, change) -> None:
    m = json.loads(path.read_text())
    change(m)
    path.write_text(json.dumps(m, indent=2, sort_keys=True) + "\n")


def test_forged_commit_date_and_signer_print_as_unchecked(bundle: Path, run_lode) -> None:
    def forge(m: dict) -> None:
        for d in (m, m["log-entry"]):
            d["commit"], d["date"], d["signer"] = "f" * 40, "1999-09-09", "ceo@association.example"
    rewrite(bundle / MANIFEST, forge)
    code, out, _ = run_lode("verify", str(bundle / MANIFEST))
    assert code == 0
    lines = {x.split()[0]: x for x in out.splitlines()[1:]}
    assert lines["commit"].endswith("(unchecked: the manifest's word)") and "f" * 40 in lines["commit"]
    assert lines["date"].endswith("(unchecked: the manifest's word)")
    assert "ceo@association.example (unchecked" in lines["signer"]


@pytest.mark.parametrize("field,value", [("commit", "f" * 40), ("date", "1999-09-09"), ("signer", "eve"),
                                         ("tag-object", "e" * 40), ("illustrative-allowed", True)])
def test_a_manifest_that_disagrees_with_its_own_log_entry_is_refused(bundle: Path, field: str, value,
                                                                     run_lode) -> None:
    rewrite(bundle / MANIFEST, lambda m: m.__setitem__(field, value))
    code, _, err = run_lode("verify", str(bundle / MANIFEST))
    assert code == 4 and "error[bundle-invalid]" in err and field in err


@pytest.mark.parametrize("value", ["2025-13-45", "20251201", "yesterday", "2025-01-01\nforged: line"])
def test_dates_must_be_iso(bundle: Path, value: str, run_lode) -> None:
    def forge(m: dict) -> None:
        m["date"] = m["log-entry"]["date"] = value
    rewrite(bundle / MANIFEST, forge)
    code, out, err = run_lode("verify", str(bundle / MANIFEST))
    assert code == 4 and "error[bundle-invalid]" in err and out == ""


def test_a_newline_in_a_manifest_string_cannot_print_a_forged_line(bundle: Path, run_lode) -> None:
    def forge(m: dict) -> None:
        m["signer"] = m["log-entry"]["signer"] = "x\n  signer  alice (signature verified)"
    rewrite(bundle / MANIFEST, forge)
    code, out, err = run_lode("verify", str(bundle / MANIFEST))
    assert code == 4 and "error[bundle-invalid]" in err
    assert "\n  signer  alice" not in out + err


@pytest.mark.parametrize("depth", [9, 1000, 200_000])
def test_a_deeply_nested_manifest_is_a_coded_refusal(bundle: Path, depth: int, run_lode) -> None:
    m = json.loads((bundle / MANIFEST).read_text())
    text = json.dumps(m)[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    (bundle / MANIFEST).write_text(text)
    code, _, err = run_lode("verify", str(bundle / MANIFEST))
    assert code == 4 and "error[bundle-invalid]" in err


def test_the_illustrative_caveat_comes_from_the_text(repo: Path, tmp_path: Path, run_lode) -> None:
    make.release(repo, Pin.parse("demo@2024").ref, allow_illustrative=True)
    out = published(repo, tmp_path / "download")  # noqa: F841 - demo@2020 only; build 2024's below
    site_files = {}
    from lode.site import build as sitegen

    for path, content in sitegen.build(*sitegen.load(repo)).files.items():
        if path.startswith("demo/2024/demo-2024-r1"):
            site_files[path.rsplit("/", 1)[1]] = content
    folder = tmp_path / "b2024"
    folder.mkdir()
    for name, content in site_files.items():
        (folder / name).write_bytes(content)

    def forge(m: dict) -> None:
        m["illustrative-allowed"] = m["log-entry"]["allow-illustrative"] = False
    rewrite(folder / "demo-2024-r1.manifest.json", forge)
    code, text, _ = run_lode("verify", str(folder / "demo-2024-r1.manifest.json"))
    assert code == 0 and "ILLUSTRATIVE:" in text
    r = resolve(folder, folder / "demo-2024-r1.manifest.json")
    assert r.illustrative > 0 and r.illustrative_allowed  # what `lode check` verdicts repeat


# --- properties -----------------------------------------------------------------------

_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                       st.text(max_size=40))
_json = st.recursive(_json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                     max_leaves=12)
_FIELDS = ["pin", "standard", "edition", "release", "tag", "commit", "tag-object", "date", "digest", "signer",
           "signed", "illustrative-allowed", "file", "log-entry", "lode-bundle", "extra"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_property_mutated_manifests_are_refused_or_print_nothing_forged_as_checked(bundle: Path,
                                                                                   data: st.DataObject) -> None:
    original = json.loads((bundle / MANIFEST).read_text())
    m = json.loads(json.dumps(original))
    for _ in range(data.draw(st.integers(1, 3))):
        entry = m.get("log-entry")
        where = m if data.draw(st.booleans()) or not isinstance(entry, dict) else entry
        key = data.draw(st.sampled_from(_FIELDS + list(original["log-entry"])))
        if data.draw(st.integers(0, 4)) == 0:
            where.pop(key, None)
        else:
            where[key] = data.draw(_json)
    target = bundle.parent / "mutant"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(bundle, target)
    (target / MANIFEST).write_text(json.dumps(m, indent=2))
    try:
        r = resolve(target, target / MANIFEST)
    except LodeError as e:
        assert e.exit_code in (3, 4), e
        return
    assert r.digest == original["digest"] and r.data is not None
    for name in PRINTED:  # whatever differs from the release is labelled, never shown as checked
        if getattr(r, name) != original.get(name):
            assert name in r.unchecked, name
    for value in (r.tag, r.commit, r.date, r.signer):
        assert value is None or ("\n" not in value and "\r" not in value)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_property_mutated_log_entries_never_verify_other_text(repo: Path, data: st.DataObject) -> None:
    # One repository for every example: the release is made once, its tag deleted (the
    # log is the only witness), and each example commits a mutated entry on a branch.
    if not (repo / "standards/demo/releases.yaml").exists():
        make.release(repo, Pin.parse("demo@2020").ref)
        git(repo, "tag", "-d", "demo/2020/r1")
        git(repo, "commit", "-q", "--allow-empty", "-m", "later")
    git(repo, "checkout", "-q", "-f", "main")
    good = resolve(repo, "demo@2020/r1")
    entry = dict(read_log(repo, "demo").entry("2020", 1))
    key = data.draw(st.sampled_from(["commit", "blob", "digest", "path", "tag-object", "release", "edition",
                                     "tag", "date"]))
    head = git(repo, "rev-parse", "HEAD")
    choices = {"commit": st.sampled_from([head, git(repo, "rev-parse", "HEAD~1"), "0" * 40]),
               "blob": st.sampled_from([git(repo, "rev-parse", "HEAD:standards/demo/2024.yaml"), "1" * 40]),
               "digest": st.sampled_from(["sha256:" + "2" * 64, resolve(repo, "demo@2024").digest]),
               "path": st.sampled_from(["standards/demo/2024.yaml", "standards/demo/none.yaml"])}
    value = data.draw(choices.get(key, st.one_of(st.text(max_size=20), st.integers(0, 5))))
    mutated = {**entry, key: value}
    git(repo, "checkout", "-q", "-B", "attack")
    (repo / "standards/demo/releases.yaml").write_bytes(render_log(ReleaseLog("demo", (mutated,))))
    git(repo, "commit", "-q", "-am", "mutate", check=False)
    try:
        r = resolve(repo, "demo@2020/r1")
    except LodeError as e:
        assert e.exit_code == 4, e
    else:
        assert (r.digest, r.data) == (good.digest, good.data)  # only a harmless field changed
        assert r.witness == "release log; tag not in this clone"
    if mutated != entry:  # and the review of the change flags it
        base = repo / "_base"
        subprocess.run(["git", "worktree", "add", "-q", "-f", str(base), "main"], cwd=repo, check=True,
                       capture_output=True)
        try:
            assert release_log_rewrites(base, repo, "standards/demo/releases.yaml")
        finally:
            subprocess.run(["git", "worktree", "remove", "-f", str(base)], cwd=repo, capture_output=True)


@pytest.mark.parametrize("attack", ["deep", "forged date", "bad pin", "no bundle file"])
def test_verify_json_is_json_on_failure_too(bundle: Path, attack: str, run_lode) -> None:
    target = str(bundle / MANIFEST)
    if attack == "deep":
        (bundle / MANIFEST).write_text('{"x": ' + "[" * 5000 + "]" * 5000 + "}")
    elif attack == "forged date":
        rewrite(bundle / MANIFEST, lambda m: m.__setitem__("date", "2001-01-01\x1b[2J"))
    elif attack == "bad pin":
        target = "demo@2020/r1\n::error::pwned"
    else:
        (bundle / "demo-2020-r1.json").unlink()
    code, out, err = run_lode("verify", target, "--format", "json")
    doc = json.loads(out, parse_constant=lambda c: pytest.fail(f"not strict JSON: {c}"))
    assert code in (2, 4) and doc["verified"] is False and doc["exit"] == code and doc["findings"]
    assert out.isascii() and "\n::error" not in out and "error[" in err
