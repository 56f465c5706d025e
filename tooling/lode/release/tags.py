"""Release tags in git: the tag message Lode writes and reads, creating a tag, reading
one back, and verifying its signature.

git is run with a fixed argv (never a user-controlled option: GitPython's history of
argument-injection CVEs is why) and, for verification, with ``-c`` options naming the
repository's allowed-signers file, so the user's own git configuration decides nothing
about whether a release is trusted.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import git

from ..core.errors import LodeError
from ..core.i18n import msg

# The allowed-signers file (ssh "allowed_signers" format) committed at the repository root.
ALLOWED_SIGNERS = "allowed_signers"

_TRAILER = re.compile(r"^Lode-([A-Za-z-]+): (.*)$", re.M)
_SIG_START = re.compile(r"^-----BEGIN (?:PGP|SSH) SIGNATURE-----$|^-----BEGIN SIGNED MESSAGE-----$", re.M)


def compose_message(title: str, fields: Mapping[str, str]) -> str:
    """A tag message: a title line for people, then one ``Lode-<Field>: value`` line per field."""
    return title + "\n\n" + "".join(f"Lode-{k}: {v}\n" for k, v in fields.items())


def parse_message(message: str) -> dict[str, str]:
    """The ``Lode-*`` fields of a tag message (a signature appended to it is ignored)."""
    body = _SIG_START.split(message, 1)[0]
    return {m[1]: m[2].strip() for m in _TRAILER.finditer(body)}


@dataclass(frozen=True)
class TagInfo:
    """What a tag ref is now: its type and, for an annotated tag, the tag object."""

    name: str
    annotated: bool
    commit: str | None          # None when the commit is not in this clone (shallow)
    tag_object: str | None = None
    message: str = ""
    tagger: str | None = None
    date: str | None = None     # ISO date (UTC) of the tagger line
    signed: bool = False


def run_git(repo: git.Repo, *args: str, stdin: str | None = None, config: Mapping[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    argv = ["git"]
    for k, v in (config or {}).items():
        argv += ["-c", f"{k}={v}"]
    return subprocess.run([*argv, *args], cwd=repo.working_tree_dir or repo.git_dir, input=stdin,
                          capture_output=True, text=True, timeout=120)


def is_shallow(repo: git.Repo) -> bool:
    return Path(repo.git_dir, "shallow").exists()


def read_tag(repo: git.Repo, name: str) -> TagInfo | None:
    """The tag ``name`` as this clone has it, or None if there is no such ref."""
    ref = f"refs/tags/{name}"
    out = run_git(repo, "rev-parse", "--verify", "--quiet", ref)
    if out.returncode != 0:
        return None
    target = out.stdout.strip()
    kind = run_git(repo, "cat-file", "-t", target).stdout.strip()
    if kind != "tag":
        return TagInfo(name, False, target if kind == "commit" else None)
    obj = repo.odb.stream(bytes.fromhex(target)).read().decode("utf-8", "replace")
    header, _, message = obj.partition("\n\n")
    fields = dict(line.split(" ", 1) for line in header.splitlines() if " " in line)
    commit = fields.get("object") if fields.get("type") == "commit" else None
    if commit and run_git(repo, "cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
        commit = None  # the tag object is here, its commit is not (shallow boundary)
    tagger, date = _tagger(fields.get("tagger", ""))
    return TagInfo(name, True, commit, target, message, tagger, date, bool(_SIG_START.search(message)))


def _tagger(line: str) -> tuple[str | None, str | None]:
    m = re.match(r"^(.*?) (\d+) ([+-]\d{4})$", line)
    if not m:
        return (line or None), None
    when = dt.datetime.fromtimestamp(int(m[2]), dt.timezone.utc)
    return m[1], when.date().isoformat()


def create_tag(repo: git.Repo, name: str, commit: str, message: str, *, sign: bool,
               config: Mapping[str, str] | None = None) -> None:
    """An annotated (``sign``: signed, with the user's own signing set-up, or the one
    ``config`` sets for this command only) tag on ``commit``."""
    out = run_git(repo, "tag", "-s" if sign else "-a", "--cleanup=verbatim", "-F", "-", name, commit,
                  stdin=message, config=config)
    if out.returncode != 0:
        raise LodeError.of("release-git", msg("git tag {name} failed: {value}", name=name, value=out.stderr.strip() or out.stdout.strip()),
                           name)


def delete_tag(repo: git.Repo, name: str, tag_object: str) -> None:
    """Delete the tag ``name`` only if it is still ``tag_object``: a roll-back never
    deletes a tag that someone else made meanwhile."""
    run_git(repo, "update-ref", "-d", f"refs/tags/{name}", tag_object)


@dataclass(frozen=True)
class Signature:
    ok: bool
    signer: str | None
    detail: str


def verify_signature(repo: git.Repo, tag_object: str, allowed_signers: Path | None) -> Signature:
    """``git verify-tag --raw`` on the tag object, trusting only ``allowed_signers`` for
    ssh signatures (gpg signatures are checked against the user's keyring: gpg has no
    per-command trust file). The signer is the ssh principal or the gpg key's user id."""
    config = {"gpg.ssh.allowedSignersFile": str(allowed_signers) if allowed_signers else "/dev/null"}
    out = run_git(repo, "verify-tag", "--raw", tag_object, config=config)
    text = (out.stderr + out.stdout).strip()
    ssh = re.search(r'Good "git" signature for (\S+) with', text)
    gpg = re.search(r"^\[GNUPG:\] GOODSIG \S+ (.+)$", text, re.M)
    signer = ssh[1] if ssh else gpg[1] if gpg else None
    if out.returncode == 0 and signer:
        return Signature(True, signer, text)
    return Signature(False, None, text.splitlines()[-1] if text else "no signature")
