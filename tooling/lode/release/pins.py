"""Pins: ``std@edition/rN`` (optionally with a digest) names an edition at a release, and
resolving it proves which text a verdict used.

Resolving reads the edition *as it was at the tag* (git objects, no checkout, size
checked before the blob is read, the same safe loader and schema as a file on disk),
recomputes the digest, and checks the tag against the release log
(``standards/<std>/releases.yaml``). Every way this can fail is a coded refusal with
exit 4 (``pin-syntax`` is a usage error, exit 2). ``std@edition`` alone is *unpinned*:
the work tree, with its digest but no release. An offline bundle (``release/bundle.py``)
resolves the same way without the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping


from ..core import signing
from ..core.errors import LodeError
from ..core.findings import Finding
from ..model import versions, window
from ..read.schemas import load_checked
from ..model.edition import Edition, Ref, build_edition
from ..read.git import blob_at, open_repo
from . import bundle, tags
from .log import read_log_at, tag_name
from .make import digest_of
from ..core.i18n import N_, msg

_PIN = re.compile(r"^(?P<ref>[^/\s]+?)(?:/r(?P<n>[1-9][0-9]{0,5}))?$")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class Pin:
    """``std@edition/rN`` with an optional digest; ``std@edition`` alone is unpinned."""

    ref: Ref
    release: int | None
    digest: str | None = None

    @classmethod
    def parse(cls, text: str, digest: str | None = None) -> Pin:
        m = _PIN.match(text.strip()) if isinstance(text, str) else None
        try:
            ref = Ref.parse(m["ref"]) if m else None
        except ValueError:
            ref = None
        if ref is None or ref.node or ref.edition == "latest" and m["n"]:
            raise LodeError.of("pin-syntax", msg("{text!r} is not a pin", text=text), str(text))
        if digest is not None and not _DIGEST.match(digest):
            raise LodeError.of("pin-syntax", msg("{digest!r} is not a digest", digest=digest), str(text))
        return cls(ref, int(m["n"]) if m["n"] else None, digest)

    @property
    def tag(self) -> str | None:
        return tag_name(self.ref.standard, self.ref.edition, self.release) if self.release else None

    def __str__(self) -> str:
        return f"{self.ref}/r{self.release}" if self.release else str(self.ref)


# Which witness a pinned text was resolved from (DESIGN.md, Versioning, "Trust chain").
WITNESS_TAG = N_("tag")
WITNESS_LOG = N_("release log; tag not in this clone")
WITNESS_BUNDLE = N_("bundle")
WITNESS_SIGNED_BUNDLE = N_("signed bundle")
WITNESS_WORK_TREE = N_("work tree")


@dataclass(frozen=True)
class Resolved:
    pin: Pin
    edition: Edition  # its ``data`` is the text the digest is of
    digest: str
    tag: str | None
    commit: str | None
    date: str | None
    signer: str | None
    illustrative_allowed: bool
    log_entry: dict | None
    # Beyond the contract, for reports: whether ``signer`` was verified now (else it is
    # what the release log recorded), and where the text came from.
    signature_verified: bool = False
    source: str = "work tree"          # "git" | "bundle" | "work tree"
    witness: str = WITNESS_WORK_TREE   # what proved the association of pin and text
    # Illustrative nodes in the text itself, counted, not claimed. A bundle's
    # ``illustrative_allowed`` is also true when the text has any, whatever its manifest says.
    illustrative: int = 0
    # Fields a report prints that nothing checked (a bundle's manifest says them, no
    # signature vouches for them): every report labels them "unchecked".
    unchecked: tuple[str, ...] = ()

    @property
    def pinned(self) -> bool:
        return self.pin.release is not None

    @property
    def data(self) -> Mapping[str, Any]:
        """The edition's plain data, as read (its canonical JSON is what ``digest`` is of)."""
        return self.edition.data

    def to_dict(self) -> dict[str, Any]:
        return {"pin": str(self.pin), "pinned": self.pinned, "source": self.source, "witness": self.witness,
                "tag": self.tag, "commit": self.commit, "date": self.date, "digest": self.digest,
                "signer": self.signer, "signature-verified": self.signature_verified,
                "illustrative-allowed": self.illustrative_allowed, "illustrative-nodes": self.illustrative,
                "unchecked": list(self.unchecked),
                "effective": self.edition.effective, "last-reportable": self.edition.last_reportable,
                "log-entry": self.log_entry}


def resolve(root: Path, pin: Pin | str | Path, *, verify_signature: bool = False,
            allowed_signers: Path | None = None) -> Resolved:
    """A pin (or a path to an offline bundle manifest/JSON) resolved and verified;
    LodeError exit 4 on every refusal."""
    if isinstance(pin, Path):
        return _from_bundle(pin, verify_signature, allowed_signers)
    if isinstance(pin, str):
        try:
            pin = Pin.parse(pin)
        except LodeError:
            if Path(pin).is_file():
                return _from_bundle(Path(pin), verify_signature, allowed_signers)
            raise
    if pin.release is None:
        if verify_signature:
            raise LodeError.of("pin-signature", msg("{pin} is unpinned (the work tree): there is no signed tag to verify", pin=pin), str(pin), hint=msg("name a release: std@edition/rN"))
        return _unpinned(Path(root), pin)
    return _at_release(Path(root), pin, verify_signature, allowed_signers)


def _check_pin_digest(pin: Pin, digest: str, where: str) -> None:
    if pin.digest and pin.digest != digest:
        raise LodeError.of("pin-digest", msg("{pin} has digest {digest}, the pin says {digest2}", pin=pin, digest=digest, digest2=pin.digest), where)


def _illustrative(edition: Edition) -> int:
    return sum(1 for n in edition.walk() if n.fidelity == "illustrative")


def _unpinned(root: Path, pin: Pin) -> Resolved:
    ref = _readable(lambda: versions.resolve(root, pin.ref), str(pin))
    path = versions.edition_file(root, ref)
    if not path.is_file():
        raise LodeError.of("pin-unknown", msg("{standard} has no edition {edition!r}", standard=ref.standard, edition=ref.edition), str(pin))
    display = path.relative_to(root).as_posix()
    data = _readable(lambda: load_checked(path, display, "edition").data, display)
    digest = digest_of(data)
    _check_pin_digest(pin, digest, display)
    edition = build_edition(data, display)
    n = _illustrative(edition)
    return Resolved(Pin(ref, None, pin.digest), edition, digest, None, None, None,
                    None, False, None, illustrative=n)


def _at_release(root: Path, pin: Pin, verify_signature: bool, allowed_signers: Path | None) -> Resolved:
    """A release pin, witnessed by its tag when this clone has it, else by the release
    log as committed at HEAD (never the work tree) and the blob at the recorded commit."""
    try:
        repo = open_repo(root)
    except LodeError:
        raise LodeError.of("pin-no-repo", msg("{root} is not inside a git clone, so {pin} cannot be resolved", root=root, pin=pin),
                           str(pin)) from None
    name = pin.tag or ""  # a pinned Pin always names its tag (unpinned pins returned above)
    log_display = f"standards/{pin.ref.standard}/releases.yaml@HEAD"
    log = _readable(lambda: read_log_at(repo, pin.ref.standard), log_display)
    entry = log.entry(pin.ref.edition, pin.release)  # type: ignore[arg-type]
    info = tags.read_tag(repo, name)
    if info is None:
        if entry is None:
            if tags.is_shallow(repo):
                raise LodeError.of("pin-shallow", msg("tag {name} is not in this shallow clone", name=name), name)
            known = ", ".join(f"r{e['release']}" for e in log.of(pin.ref.edition)) or "none"
            raise LodeError.of("pin-unknown", msg("no release {pin}: no tag {name} and no entry in the release log committed at HEAD (releases of {ref}: {known})", pin=pin, name=name, ref=pin.ref, known=known), name)
        return _from_log(repo, pin, entry, verify_signature, allowed_signers)
    if not info.annotated:
        raise LodeError.of("pin-lightweight", msg("tag {name} is a lightweight tag (a bare ref to {value}), not the annotated release tag", name=name, value=(info.commit or '?')[:12]), name)
    if entry is None:
        raise LodeError.of("pin-unlogged", msg("tag {name} is not in standards/{standard}/releases.yaml as committed at HEAD", name=name, standard=pin.ref.standard), name)
    if info.commit is None:
        code = "pin-shallow" if tags.is_shallow(repo) else "pin-moved"
        raise LodeError.of(code, msg("the commit tag {name} points at is not in this clone", name=name), name)
    if info.tag_object != entry["tag-object"] or info.commit != entry["commit"]:
        what = ("points at another commit" if info.commit != entry["commit"]
                else "was re-created on the same commit")
        raise LodeError.of("pin-moved", msg("tag {name} {what}: the release log records tag object {value} on {value2}, the tag is now {value3} on {value4}", name=name, what=what, value=entry['tag-object'][:12], value2=entry['commit'][:12], value3=info.tag_object[:12], value4=info.commit[:12]), name)  # type: ignore[index]
    fields = tags.parse_message(info.message)
    if fields.get("Digest") != entry["digest"] or fields.get("Blob") != entry["blob"]:
        raise LodeError.of("pin-moved", msg("tag {name}'s message does not record the logged digest and blob", name=name), name)
    edition, data, digest = _released_text(repo, pin, entry, name)
    signer, verified = entry.get("signer"), False
    if verify_signature:
        allowed = allowed_signers or Path(repo.working_tree_dir) / tags.ALLOWED_SIGNERS
        if not info.signed:
            raise LodeError.of("pin-signature", msg("tag {name} is not signed", name=name), name)
        sig = tags.verify_signature(repo, info.tag_object, allowed if allowed.is_file() else None)  # type: ignore
        if not sig.ok:
            raise LodeError.of("pin-signature", msg("tag {name}: {detail}", name=name, detail=sig.detail), name)
        signer, verified = sig.signer, True
    n = _illustrative(edition)
    return Resolved(pin, edition, digest, name, info.commit, entry["date"], signer,
                    bool(entry["allow-illustrative"]), dict(entry), verified, "git", WITNESS_TAG, n)


def _from_log(repo: Any, pin: Pin, entry: Mapping[str, Any], verify_signature: bool,
              allowed_signers: Path | None) -> Resolved:
    """The release as the committed log records it: its commit must be in this clone and
    in HEAD's history, its blob the recorded one, its digest recomputed."""
    name, commit = entry["tag"], entry["commit"]
    if tags.run_git(repo, "cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
        code = "pin-shallow" if tags.is_shallow(repo) else "pin-moved"
        raise LodeError.of(code, msg("tag {name} is not in this clone and the commit the release log records ({value}) is not either", name=name, value=commit[:12]), name)
    if tags.run_git(repo, "merge-base", "--is-ancestor", commit, "HEAD").returncode != 0:
        raise LodeError.of("pin-moved", msg("the release log records {name} on {value}, which is not in the history of HEAD", name=name, value=commit[:12]), name)
    edition, data, digest = _released_text(repo, pin, entry, name)
    signer, verified = entry.get("signer"), False
    if verify_signature:
        signer = _verify_logged_bundle(repo, entry, data, allowed_signers)
        verified = True
    n = _illustrative(edition)
    return Resolved(pin, edition, digest, name, commit, entry["date"], signer,
                    bool(entry["allow-illustrative"]), dict(entry), verified, "git", WITNESS_LOG, n)


def _verify_logged_bundle(repo: Any, entry: Mapping[str, Any], data: dict, allowed_signers: Path | None) -> str:
    """Without the tag, a signature can still be checked: the bundle manifest's, which
    ``lode release --sign KEY`` recorded in the log entry."""
    name = entry["tag"]
    if not entry.get("bundle-signature"):
        raise LodeError.of("pin-signature", msg("tag {name} is not in this clone and its release carries no bundle signature: there is no signature to verify", name=name), name,
                           hint="fetch the signed tag (`git fetch origin tag " + name + "`), or verify the "
                                "signed bundle from the site with --allowed-signers")
    allowed = allowed_signers or Path(repo.working_tree_dir) / tags.ALLOWED_SIGNERS
    standard = name.split("/", 1)[0]
    manifest = bundle.manifest_bytes(data, entry, standard)
    try:
        return signing.verify(manifest, entry["bundle-signature"].encode("utf-8"), allowed,
                              signing.NAMESPACE_BUNDLE)
    except LodeError as e:
        raise LodeError.of("pin-signature", msg("the bundle signature of {name}: {message}", name=name, message=e.finding.message), name) from None


def _released_text(repo: Any, pin: Pin, entry: Mapping[str, Any], name: str) -> tuple[Edition, dict, str]:
    """The edition at the release's commit, checked against the log: blob id, standard
    and edition, digest recomputed (and the pin's own digest, if it carries one)."""
    display = f"{entry['path']}@{name}"
    content = _readable(lambda: blob_at(repo, entry["commit"], entry["path"], str(pin)), display)
    blob = repo.commit(entry["commit"]).tree / entry["path"]
    if blob.hexsha != entry["blob"]:
        raise LodeError.of("pin-digest", msg("{path} at {name} is blob {value}, the release recorded {value2}", path=entry['path'], name=name, value=blob.hexsha[:12], value2=entry['blob'][:12]), display)
    data = _readable(lambda: load_checked(content, display, "edition").data, display)
    if (data["standard"], data["edition"]) != (pin.ref.standard, pin.ref.edition):
        raise LodeError.of("pin-moved", msg("{display} holds {standard}@{edition}, not {ref}", display=display, standard=data['standard'], edition=data['edition'], ref=pin.ref),
                           display)
    digest = digest_of(data)
    if digest != entry["digest"]:
        raise LodeError.of("pin-digest", msg("{display} has digest {digest}, the release recorded {digest2}", display=display, digest=digest, digest2=entry['digest']), display)
    _check_pin_digest(pin, digest, display)
    return build_edition(data, display), data, digest


def _from_bundle(path: Path, verify_signature: bool, allowed_signers: Path | None) -> Resolved:
    """An offline bundle. Its digest is always checked against its bytes; what its
    manifest says (tag, commit, date, signer) is checked only by its signature: without
    ``allowed_signers`` those fields are reported as unchecked."""
    if verify_signature and allowed_signers is None:
        raise LodeError.of("pin-signature", msg("an offline bundle's signature is checked against the association's allowed-signers file: pass it with --allowed-signers"), str(path))
    b = _readable(lambda: bundle.read_bundle(path, allowed_signers), str(path))
    manifest, data, digest = b.manifest, b.data, b.digest
    pin = Pin.parse(manifest["pin"])
    display = path.with_name(manifest["file"]).as_posix()
    edition = build_edition(data, display)
    n = _illustrative(edition)
    unchecked = () if b.signer else ("tag", "commit", "date", "signer")
    return Resolved(pin, edition, digest, manifest["tag"], manifest["commit"],
                    manifest["date"], b.signer or manifest.get("signer"),
                    bool(manifest["illustrative-allowed"]) or bool(n), dict(manifest["log-entry"]),
                    b.signer is not None, "bundle", WITNESS_SIGNED_BUNDLE if b.signer else WITNESS_BUNDLE, n,
                    unchecked)


def _readable(read: Any, display: str) -> Any:
    """``read()``, with every refusal that is not already a pin failure (a blob over the
    size limit, YAML the loader rejects, a schema error) headed by ``pin-unreadable``, so
    resolving a pin always exits 4."""
    try:
        return read()
    except LodeError as e:
        if e.exit_code == 4:
            raise
        head = Finding.make("pin-unreadable", msg("{display} cannot be used to resolve the pin", display=display), display)
        raise LodeError([head, *e.findings]) from None


# --- the reporting window ---------------------------------------------------------------

def applicability(edition: Edition, period: str, where: str = "", line: int = 0, col: int = 0) -> list[Finding]:
    """``period-window`` findings when a reporting period (``--period``: ``YYYY``,
    ``YYYY-MM-DD`` or ``START/END``) is outside the edition's window (``model/window.py``,
    the rule ``lode check`` applies to a disclosure's period)."""
    try:
        start, end = window.parse_period(period)
    except ValueError:
        raise LodeError.of("usage", msg("{period!r} is not a reporting period", period=period),
                           hint=msg("write a year (2025), an end date (2025-12-31) or START/END")) from None
    return [Finding.make("period-window", p, where, line, col) for p in window.problems(str(edition.ref), edition.dates,
                                                                                        start, end)]


def describe(entry: Mapping[str, Any]) -> str:
    """One line on a release for people: tag, date, digest and the illustrative flag (a
    message: shown in the reader's language)."""
    if entry.get("allow-illustrative"):
        return msg("{tag}  {date}  {digest} [illustrative allowed]", tag=entry["tag"], date=entry["date"],
                   digest=entry["digest"])
    return f"{entry['tag']}  {entry['date']}  {entry['digest']}"
