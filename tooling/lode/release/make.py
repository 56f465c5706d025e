"""``lode release``: freeze a published edition at HEAD as an annotated tag
``std/edition/rN`` and record it in the release log (DESIGN.md, Versioning).

Every refusal comes before anything is written. The tag and the log commit are the two
writes; if the second fails the first is undone, so a release is either complete (tag
plus committed log entry) or absent. The whole of plan → tag → log → commit runs under
one lock per repository, so two releases at once cannot both plan the same release.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import git

from .. import __version__
from ..consult.stages import undisposed
from ..core import signing
from ..core.codes import Severity
from ..core.errors import LodeError
from ..core.findings import Finding
from ..model import canonical, versions
from ..read.schemas import load_checked
from ..model.edition import Edition, Ref, build_edition
from ..read.git import blob_at, open_repo, repo_path
from ..validate.run import validate
from . import bundle, tags
from .log import fidelity_totals, log_path, read_log, tag_name, write_log
from ..core.i18n import msg


@dataclass
class Plan:
    """What a release tags (or, after :func:`release`, tagged)."""

    ref: Ref
    release: int
    tag: str
    commit: str
    path: str
    blob: str
    digest: str
    message: str
    illustrative: int
    allow_illustrative: bool
    sign: bool
    fidelity: dict[str, int]
    previous: str | None = None       # tag of the previous release of the edition
    entry: dict[str, Any] = field(default_factory=dict)  # the log entry, once made
    data: dict[str, Any] = field(default_factory=dict)   # the edition's plain data at HEAD
    log_commit: str | None = None


def digest_of(data: dict) -> str:
    """The pinned digest of an edition's plain data: ``sha256:<hex>`` of its canonical JSON."""
    return "sha256:" + canonical.digest(canonical.canonical_json(data))


def plan(root: Path, ref: Ref, *, allow_illustrative: bool = False, sign: bool = False) -> Plan:
    """Check that ``ref`` can be released at HEAD and say what the tag would be; raises
    the coded refusal otherwise. Writes nothing."""
    root = Path(root)
    repo = open_repo(root)
    ref = versions.resolve(root, ref)
    path = versions.edition_file(root, ref)
    if not path.is_file():
        raise LodeError.of("unknown-edition", msg("{standard} has no edition {edition!r}", standard=ref.standard, edition=ref.edition), str(ref))
    rel = repo_path(repo, path)
    head = _head(repo)
    committed = _committed(repo, rel)
    if committed is None or committed != path.read_bytes():
        why = "is not committed" if committed is None else "has changes not committed at HEAD"
        raise LodeError.of("release-dirty", msg("{rel} {why}", rel=rel, why=why), rel)
    log_file = log_path(root, ref.standard)
    log_rel = repo_path(repo, log_file)
    if log_file.exists() and _committed(repo, log_rel) != log_file.read_bytes():
        raise LodeError.of("release-dirty", msg("{log_rel} has changes not committed at HEAD", log_rel=log_rel), log_rel)
    doc = load_checked(committed, f"{rel}@HEAD", "edition")
    edition = build_edition(doc.data, rel)
    if edition.status == "draft":
        raise LodeError.of("release-draft", msg("{ref} has status: draft", ref=ref), rel, *doc.where(("status",)))
    left = undisposed(root, ref)  # every comment of its consultation answered (issue 15)
    if left:
        raise LodeError(left)
    _refuse_invalid(root, path, ref)
    fidelity = fidelity_totals(edition.walk())
    if fidelity["illustrative"] and not allow_illustrative:
        raise LodeError.of("release-illustrative", msg("{ref} has {illustrative} illustrative node(s), e.g. {value}", ref=ref, illustrative=fidelity['illustrative'], value=_first_illustrative(edition)), rel)
    digest = digest_of(doc.data)
    log = read_log(root, ref.standard)
    last = log.latest(ref.edition)
    if last and last["digest"] == digest:
        raise LodeError.of("release-unchanged", msg("{ref} is unchanged since {tag} ({digest})", ref=ref, tag=last['tag'], digest=digest), rel)
    n = last["release"] + 1 if last else 1
    name = tag_name(ref.standard, ref.edition, n)
    if tags.read_tag(repo, name) is not None:
        raise LodeError.of("release-exists", msg("tag {name} already exists but the release log has no entry for it", name=name), log_rel)
    blob = (repo.commit(head).tree / rel).hexsha
    fields = {"Edition": str(ref), "Release": str(n), "Digest": digest, "Path": rel, "Blob": blob,
              "Version": __version__,
              "Fidelity": " ".join(f"{k}={v}" for k, v in fidelity.items()),
              "Illustrative": (f"allowed ({fidelity['illustrative']} illustrative nodes; released with "
                               "--allow-illustrative)") if fidelity["illustrative"] else "none"}
    message = tags.compose_message(f"{ref}/r{n}: release {n} of {ref}", fields)
    return Plan(ref, n, name, head, rel, blob, digest, message, fidelity["illustrative"],
                bool(fidelity["illustrative"]) and allow_illustrative, sign, fidelity,
                last["tag"] if last else None, data=doc.data)


def release(root: Path, ref: Ref, *, allow_illustrative: bool = False, sign: bool = False,
            allowed_signers: Path | None = None, key: Path | None = None) -> Plan:
    """Make the release :func:`plan` describes: the tag, then the log entry, committed,
    all under the repository's release lock. ``key`` (an ssh private key) signs both the
    tag and the bundle manifest, whose signature the log entry records."""
    root = Path(root)
    repo = open_repo(root)
    with release_lock(repo):
        p = plan(root, ref, allow_illustrative=allow_illustrative, sign=sign or key is not None)
        log = read_log(root, p.ref.standard)
        log_file = log_path(root, p.ref.standard)
        before = log_file.read_bytes() if log_file.exists() else None
        allowed = allowed_signers or (Path(repo.working_tree_dir) / tags.ALLOWED_SIGNERS)
        config = {"gpg.format": "ssh", "user.signingkey": str(Path(key).absolute())} if key else None
        if key is not None and not Path(key).is_file():
            raise LodeError.of("signature-key", msg("no private key file {key}", key=key), str(key))
        tags.create_tag(repo, p.tag, p.commit, p.message, sign=p.sign, config=config)
        info = tags.read_tag(repo, p.tag)
        try:
            if info is None or not info.tag_object:  # git said it made the tag; a bug if it is not there
                raise LodeError.of("internal", msg("the tag {tag} was created but cannot be read back", tag=p.tag), p.tag)
            signer = None
            if p.sign:
                sig = tags.verify_signature(repo, info.tag_object, allowed if allowed.is_file() else None)
                if not sig.ok:
                    raise LodeError.of("release-git", msg("the signed tag {tag} does not verify: {detail}", tag=p.tag, detail=sig.detail),
                                       p.tag, hint=msg("add your signing key to allowed_signers (ssh) or your keyring (gpg), commit it, and release again"))
                signer = sig.signer
            p.entry = _entry(p, info, signer)
            if key is not None:
                p.entry["bundle-signature"] = _sign_bundle(p, key, allowed)
            write_log(root, log.appended(p.entry))
            p.log_commit = _commit_log(repo, log_file, p)
        except BaseException:
            if info is not None and info.tag_object:
                tags.delete_tag(repo, p.tag, info.tag_object)
            _restore(log_file, before)
            tags.run_git(repo, "reset", "-q", "--", repo_path(repo, log_file))  # un-stage what _commit_log added
            raise
    return p


@contextmanager
def release_lock(repo: git.Repo) -> Iterator[None]:
    """The repository's release lock: two releases at once would both plan release N
    from the same log. An OS lock (flock) on the git directory itself: no file is
    created, and a killed release never leaves a stale lock behind."""
    import fcntl
    import os

    fd = os.open(repo.git_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise LodeError.of("release-locked", msg("another `lode release` holds the release lock of this repository"), str(repo.working_tree_dir)) from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _sign_bundle(p: Plan, key: Path, allowed: Path) -> str:
    """The signature of the bundle manifest this release will publish, checked at once
    against the allowed signers: a signature nobody can verify is refused."""
    manifest = bundle.manifest_bytes(p.data, p.entry, p.ref.standard)
    sig = signing.sign(manifest, key, signing.NAMESPACE_BUNDLE)
    try:
        signing.verify(manifest, sig, allowed, signing.NAMESPACE_BUNDLE)
    except LodeError as e:
        raise LodeError.of("release-git", msg("the bundle signature of {tag} does not verify: {message}", tag=p.tag, message=e.finding.message), p.tag, hint=msg("add the key's public half to allowed_signers, commit it, and release again")) from None
    return sig.decode("utf-8")


def _entry(p: Plan, info: tags.TagInfo, signer: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "edition": p.ref.edition, "release": p.release, "tag": p.tag, "commit": p.commit,
        "tag-object": info.tag_object, "path": p.path, "blob": p.blob, "digest": p.digest, "date": info.date,
        "tagger": info.tagger, "lode-version": __version__, "signed": info.signed,
        "allow-illustrative": p.allow_illustrative, "fidelity": p.fidelity}
    if signer:
        entry["signer"] = signer
    return entry


def _commit_log(repo: git.Repo, log_file: Path, p: Plan) -> str:
    rel = repo_path(repo, log_file)
    for args in (("add", "--", rel),
                 ("commit", "-q", "-m", f"Release {p.tag} ({p.digest})", "--only", "--", rel)):
        out = tags.run_git(repo, *args)
        if out.returncode != 0:
            raise LodeError.of("release-git", msg("git {value} of the release log failed: {value2}", value=args[0], value2=out.stderr.strip() or out.stdout.strip()), rel)
    return _head(repo)


def _restore(path: Path, before: bytes | None) -> None:
    from ..core.fsutil import write_atomic

    if before is None:
        path.unlink(missing_ok=True)
    elif path.read_bytes() != before:
        write_atomic(path, before)


def _head(repo: git.Repo) -> str:
    if repo.head.is_detached:
        raise LodeError.of("release-dirty", msg("HEAD is detached: the release-log commit would be on no branch"),
                           str(repo.working_tree_dir), hint=msg("check out the branch to release from (e.g. main)"))
    try:
        return repo.head.commit.hexsha
    except ValueError:
        raise LodeError.of("release-dirty", msg("the repository has no commit yet"), str(repo.working_tree_dir)) from None


def _committed(repo: git.Repo, rel: str) -> bytes | None:
    try:
        return blob_at(repo, "HEAD", rel, rel)
    except LodeError as e:
        if e.finding.code == "revision-no-file":
            return None
        raise


def _refuse_invalid(root: Path, path: Path, ref: Ref) -> None:
    report = validate(root, [path])
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    if errors:
        head = Finding.make("release-invalid", msg("{ref} has {n} validation error(s)", ref=ref, n=len(errors)),
                            errors[0].path)
        raise LodeError([head, *errors])


def _first_illustrative(edition: Edition) -> str:
    return next(n.id for n in edition.walk() if n.fidelity == "illustrative")

