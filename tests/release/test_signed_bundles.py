"""Signed bundles: `core/signing.py` over real `ssh-keygen -Y`, `lode release --sign KEY`
signing the tag and the bundle manifest, the site publishing the signature beside the
bundle, and `lode verify BUNDLE --allowed-signers FILE` checking it with no repository.
Also `--verify-signature` in a clone without the tag (the logged bundle signature)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from release_helpers import git, isolated_git, keypair, repo  # noqa: F401 - fixtures
from test_bundle_site import published

from lode.core import signing
from lode.core.errors import LodeError
from lode.release.log import read_log
from lode.release.pins import resolve
from lode.site import build as sitegen

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")

MANIFEST = "demo-2020-r1.manifest.json"



@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    """alice (trusted) and mallory (not), and the allowed-signers file naming alice."""
    folder = tmp_path / "keys"
    folder.mkdir()
    alice, public = keypair(folder, "alice")
    mallory, other = keypair(folder, "mallory")
    allowed = folder / "allowed_signers"
    allowed.write_text(f"alice@example.org {public}\n")
    wrong = folder / "mallory_signers"
    wrong.write_text(f"mallory@example.org {other}\n")
    return {"alice": alice, "mallory": mallory, "allowed": allowed, "wrong": wrong}


# --- the module ---------------------------------------------------------------------

def test_sign_then_verify_names_the_principal(keys: dict[str, Path]) -> None:
    sig = signing.sign(b"payload", keys["alice"], "lode-test@lode")
    assert sig.startswith(b"-----BEGIN SSH SIGNATURE-----")
    assert signing.verify(b"payload", sig, keys["allowed"], "lode-test@lode") == "alice@example.org"


@pytest.mark.parametrize("case", ["changed payload", "other namespace", "untrusted key", "garbage",
                                  "no allowed signers"])
def test_every_bad_signature_is_a_coded_refusal(keys: dict[str, Path], tmp_path: Path, case: str) -> None:
    sig = signing.sign(b"payload", keys["alice"], "lode-test@lode")
    payload, namespace, allowed = b"payload", "lode-test@lode", keys["allowed"]
    if case == "changed payload":
        payload = b"payload!"
    elif case == "other namespace":
        namespace = "lode-other@lode"
    elif case == "untrusted key":
        sig = signing.sign(b"payload", keys["mallory"], "lode-test@lode")
    elif case == "garbage":
        sig = b"-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"
    else:
        allowed = tmp_path / "missing"
    with pytest.raises(LodeError) as exc:
        signing.verify(payload, sig, allowed, namespace)
    assert (exc.value.finding.code, exc.value.exit_code) == ("signature-invalid", 4)


def test_a_key_that_cannot_sign_is_a_coded_refusal(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-key"
    bad.write_text("hello\n")
    for key in (bad, tmp_path / "missing"):
        with pytest.raises(LodeError) as exc:
            signing.sign(b"x", key, "lode-test@lode")
        assert (exc.value.finding.code, exc.value.exit_code) == ("signature-key", 2)


# --- releases -----------------------------------------------------------------------

@pytest.fixture
def signed(repo: Path, keys: dict[str, Path], run_lode) -> Path:
    """demo@2020/r1 released with `--sign KEY`, alice trusted by the repository."""
    shutil.copy(keys["allowed"], repo / "allowed_signers")
    git(repo, "add", "allowed_signers")
    git(repo, "commit", "-q", "-m", "release signers")
    code, out, err = run_lode("release", "demo@2020", "--sign", str(keys["alice"]), "--root", str(repo))
    assert code == 0, err
    assert "bundle manifest signed" in out
    return repo


def test_release_sign_key_signs_the_tag_and_the_bundle(signed: Path, keys: dict[str, Path], tmp_path: Path,
                                                       run_lode) -> None:
    entry = read_log(signed, "demo").entry("2020", 1)
    assert entry["signed"] and entry["signer"] == "alice@example.org"
    assert entry["bundle-signature"].startswith("-----BEGIN SSH SIGNATURE-----")
    out = published(signed, tmp_path / "download")
    assert (out / (MANIFEST + ".sig")).read_text() == entry["bundle-signature"]
    page = sitegen.build(*sitegen.load(signed)).page("demo/2020/index.md")
    assert "(demo-2020-r1.manifest.json.sig)" in page
    # A validator with the bundle and the association's allowed_signers, no repository:
    alone = tmp_path / "alone"
    shutil.copytree(out, alone)
    code, text, err = run_lode("verify", str(alone / MANIFEST), "--allowed-signers", str(keys["allowed"]),
                               "--root", str(alone))
    assert code == 0, err
    assert "witness signed bundle" in text and "alice@example.org (signature verified)" in text
    assert "unchecked" not in text
    code, text, err = run_lode("verify", str(alone / MANIFEST), "--allowed-signers", str(keys["allowed"]),
                               "--format", "json", "--root", str(alone))
    doc = json.loads(text)
    assert doc["signature-verified"] is True and doc["unchecked"] == [] and doc["witness"] == "signed bundle"


@pytest.mark.parametrize("attack", ["unknown signer", "no signature", "manifest edited", "signature swapped"])
def test_a_bundle_whose_signature_fails_is_refused(signed: Path, keys: dict[str, Path], tmp_path: Path,
                                                   attack: str, run_lode) -> None:
    out = published(signed, tmp_path / "download")
    allowed = keys["allowed"]
    manifest, sig = out / MANIFEST, out / (MANIFEST + ".sig")
    if attack == "unknown signer":
        allowed = keys["wrong"]
    elif attack == "no signature":
        sig.unlink()
    elif attack == "manifest edited":  # a forged date, consistent with its own log entry
        m = json.loads(manifest.read_text())
        m["date"] = m["log-entry"]["date"] = "2001-01-01"
        manifest.write_text(json.dumps(m, indent=2, sort_keys=True) + "\n")
    else:  # a signature by a trusted key, over other bytes
        sig.write_bytes(signing.sign(b"something else", keys["alice"], signing.NAMESPACE_BUNDLE))
    code, text, err = run_lode("verify", str(manifest), "--allowed-signers", str(allowed))
    assert code == 4 and "error[pin-signature]" in err and "verified" not in text, err


def test_without_allowed_signers_a_bundles_claims_are_labelled_unchecked(signed: Path, tmp_path: Path,
                                                                         run_lode) -> None:
    out = published(signed, tmp_path / "download")
    code, text, _ = run_lode("verify", str(out / MANIFEST))
    assert code == 0
    for name in ("tag", "commit", "date"):
        line = next(x for x in text.splitlines() if x.strip().startswith(name + " "))
        assert line.endswith("(unchecked: the manifest's word)"), line
    assert "signature verified" not in text
    code, _, err = run_lode("verify", str(out / MANIFEST), "--verify-signature")
    assert code == 4 and "error[pin-signature]" in err and "--allowed-signers" in err


def test_verify_signature_without_the_tag_checks_the_logged_bundle_signature(signed: Path, keys: dict[str, Path],
                                                                             tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-tags", f"file://{signed}", str(clone))
    r = resolve(clone, "demo@2020/r1", verify_signature=True)
    assert (r.witness, r.signer, r.signature_verified) == ("release log; tag not in this clone",
                                                           "alice@example.org", True)
    with pytest.raises(LodeError) as exc:
        resolve(clone, "demo@2020/r1", verify_signature=True, allowed_signers=keys["wrong"])
    assert exc.value.finding.code == "pin-signature"


def test_verify_signature_without_the_tag_or_a_bundle_signature_is_refused(repo: Path, tmp_path: Path,
                                                                           run_lode) -> None:
    code, _, err = run_lode("release", "demo@2020", "--root", str(repo))
    assert code == 0, err
    git(repo, "tag", "-d", "demo/2020/r1")
    code, _, err = run_lode("verify", "demo@2020/r1", "--verify-signature", "--root", str(repo))
    assert code == 4 and "error[pin-signature]" in err and "no bundle signature" in err


def test_a_bundle_signature_nobody_can_verify_is_refused_at_release(repo: Path, keys: dict[str, Path],
                                                                    run_lode) -> None:
    shutil.copy(keys["allowed"], repo / "allowed_signers")
    git(repo, "add", "allowed_signers")
    git(repo, "commit", "-q", "-m", "release signers")
    code, _, err = run_lode("release", "demo@2020", "--sign", str(keys["mallory"]), "--root", str(repo))
    assert code == 2 and "error[release-git]" in err
    assert git(repo, "tag", "-l") == "" and not (repo / "standards/demo/releases.yaml").exists()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_property_a_mutated_signed_manifest_never_verifies(signed: Path, keys: dict[str, Path], tmp_path: Path,
                                                           data: st.DataObject) -> None:
    out = tmp_path / "download"
    if not out.exists():
        published(signed, out)
    original = json.loads((out / MANIFEST).read_text())
    m = json.loads(json.dumps(original))
    where = m if data.draw(st.booleans()) else m["log-entry"]
    key = data.draw(st.sampled_from(sorted(set(original) | set(original["log-entry"]))))
    where[key] = data.draw(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)))
    target = tmp_path / "mutant"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(out, target)
    (target / MANIFEST).write_text(json.dumps(m, indent=2, sort_keys=True) + "\n")
    try:
        r = resolve(target, target / MANIFEST, allowed_signers=keys["allowed"])
    except LodeError as e:
        assert e.exit_code == 4
    else:  # only a mutation that changed nothing verifies
        assert m == original and r.signature_verified and r.unchecked == ()


def test_a_key_with_a_passphrase_fails_at_once_without_prompting(tmp_path: Path) -> None:
    key = tmp_path / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", str(key)], check=True)
    with pytest.raises(LodeError) as exc:
        signing.sign(b"x", key, "lode-test@lode")
    assert exc.value.finding.code == "signature-key"
