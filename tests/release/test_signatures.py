"""Signed releases with a real ssh key made in the temp dir, and ``--verify-signature``
against the repository's allowed-signers file: a good signature, an unsigned tag, an
unknown signer. The signing set-up lives in the temp repository's own config."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from release_helpers import git, isolated_git, keypair, repo  # noqa: F401 - fixtures

from lode.core.errors import LodeError
from lode.release import make
from lode.release.log import read_log
from lode.release.pins import Pin, resolve

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None,
                                reason="ssh-keygen is not installed: git cannot make or check ssh signatures here")



@pytest.fixture
def signing(repo: Path, tmp_path: Path) -> Path:
    """``repo`` set up to sign with an ssh key whose principal is in allowed_signers."""
    key, public = keypair(tmp_path, "alice")
    git(repo, "config", "gpg.format", "ssh")
    git(repo, "config", "user.signingkey", str(key))
    (repo / "allowed_signers").write_text(f"alice@example.org {public}\n")
    git(repo, "add", "allowed_signers")
    git(repo, "commit", "-q", "-m", "release signers")
    return repo


def test_a_signed_release_verifies_and_names_its_signer(signing: Path, run_lode) -> None:
    code, out, err = run_lode("release", "demo@2020", "--sign", "--root", str(signing))
    assert code == 0, err
    assert "-----BEGIN SSH SIGNATURE-----" in git(signing, "cat-file", "-p", "demo/2020/r1")
    entry = read_log(signing, "demo").entry("2020", 1)
    assert entry["signed"] is True and entry["signer"] == "alice@example.org"
    code, out, err = run_lode("verify", "demo@2020/r1", "--verify-signature", "--root", str(signing))
    assert code == 0, err
    assert "alice@example.org (signature verified)" in out
    r = resolve(signing, "demo@2020/r1", verify_signature=True)
    assert r.signature_verified and r.signer == "alice@example.org"


def test_an_unsigned_release_is_refused_with_verify_signature(signing: Path, run_lode) -> None:
    make.release(signing, Pin.parse("demo@2020").ref)
    assert resolve(signing, "demo@2020/r1").signer is None  # without the flag it verifies, unsigned
    code, _, err = run_lode("verify", "demo@2020/r1", "--verify-signature", "--root", str(signing))
    assert code == 4 and "error[pin-signature]" in err and "not signed" in err


def test_an_unknown_signer_is_refused(signing: Path, tmp_path: Path) -> None:
    make.release(signing, Pin.parse("demo@2020").ref, sign=True)
    _, other = keypair(tmp_path, "mallory")
    (signing / "allowed_signers").write_text(f"mallory@example.org {other}\n")
    with pytest.raises(LodeError) as exc:
        resolve(signing, "demo@2020/r1", verify_signature=True)
    assert (exc.value.exit_code, exc.value.finding.code) == (4, "pin-signature")


def test_a_signed_release_needs_a_signer_the_repository_trusts(signing: Path, tmp_path: Path, run_lode) -> None:
    # Signing with a key that is not in allowed_signers makes a release nobody can verify:
    # refused, and the tag is undone.
    key, _ = keypair(tmp_path, "stranger")
    git(signing, "config", "user.signingkey", str(key))
    code, _, err = run_lode("release", "demo@2020", "--sign", "--root", str(signing))
    assert code == 2 and "error[release-git]" in err and "does not verify" in err
    assert git(signing, "tag", "-l") == "" and not (signing / "standards/demo/releases.yaml").exists()


def test_verification_ignores_the_users_allowed_signers(signing: Path, isolated_git: Path, tmp_path: Path) -> None:
    # A user-level gpg.ssh.allowedSignersFile that trusts a stranger changes nothing: Lode
    # passes the repository's file with -c.
    make.release(signing, Pin.parse("demo@2020").ref, sign=True)
    _, other = keypair(tmp_path, "mallory")
    mine = tmp_path / "user_allowed"
    mine.write_text(f"mallory@example.org {other}\n")
    with isolated_git.open("a") as f:
        f.write(f"[gpg \"ssh\"]\n\tallowedSignersFile = {mine}\n")
    assert resolve(signing, "demo@2020/r1", verify_signature=True).signer == "alice@example.org"
