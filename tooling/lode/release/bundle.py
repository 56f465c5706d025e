"""The offline bundle of a release: what a validator needs to check a disclosure without
the repository. Three files, published on the site beside the edition:

- ``<std>-<edition>-rN.json``: the edition's canonical JSON as it was at the tag;
- ``<std>-<edition>-rN.json.sha256``: its digest, in ``sha256sum -c`` format;
- ``<std>-<edition>-rN.manifest.json``: the pin, tag, commit, tag object, date, digest,
  signer, whether illustrative content was allowed, and the release-log entry;
- ``<std>-<edition>-rN.manifest.json.sig``: when the release was made with
  ``lode release --sign KEY``, the manifest's ssh signature (``core/signing.py``).

Reading a bundle checks the bytes against the manifest's digest *and* that they are the
canonical JSON of what the safe loader reads from them, so the data a verdict is made
from is exactly the data that was hashed. The manifest is checked against
``schemas/bundle-manifest.schema.json`` (after a depth count that needs no parser) and
against its own log entry; only its signature, checked against an allowed-signers
file, vouches for the rest (tag, commit, date, signer), and reports say so.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..core import signing
from ..core.errors import LodeError
from ..model import canonical
from ..read.schemas import load_checked
from ..read import schemas
from ..read.loader import STANDARD_LIMITS, read_file
from .log import tag_name
from ..core.i18n import msg

FORMAT = 1
_MANIFEST_LIMIT = 64 * 1024     # a real manifest is about 2 KB
_MAX_DEPTH = 8                  # a real manifest nests 3 deep (manifest, log-entry, fidelity)
SIGNATURE_SUFFIX = ".sig"       # <name>.manifest.json.sig: the manifest's ssh signature


def stem(standard: str, edition: str, n: int) -> str:
    return f"{standard}-{edition}-r{n}"


def manifest_bytes(data: Mapping[str, Any], entry: Mapping[str, Any], standard: str) -> bytes:
    """The manifest of the release ``entry`` records, as bytes: a function of the entry
    and the text only (sorted keys), so ``lode release --sign`` signs at release time
    exactly the bytes every later site build publishes."""
    name = stem(standard, entry["edition"], entry["release"])
    content = canonical.canonical_json(data)
    logged = {k: v for k, v in entry.items() if k != "bundle-signature"}  # it signs this very manifest
    manifest = {
        "lode-bundle": FORMAT, "pin": f"{standard}@{entry['edition']}/r{entry['release']}",
        "standard": standard, "edition": entry["edition"], "release": entry["release"], "tag": entry["tag"],
        "commit": entry["commit"], "tag-object": entry["tag-object"], "date": entry["date"],
        "digest": "sha256:" + canonical.digest(content), "signer": entry.get("signer"),
        "signed": entry.get("signed", False), "illustrative-allowed": entry.get("allow-illustrative", False),
        "file": f"{name}.json", "log-entry": logged,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n").encode("utf-8")


def bundle_files(data: Mapping[str, Any], entry: Mapping[str, Any], standard: str) -> dict[str, bytes]:
    """File name -> bytes of the bundle of the release ``entry`` records, from the
    edition's plain ``data`` at the tagged commit; with the manifest's signature when the
    release recorded one."""
    name = stem(standard, entry["edition"], entry["release"])
    content = canonical.canonical_json(data)
    files = {f"{name}.json": content,
             f"{name}.json.sha256": canonical.sha256_file(content, f"{name}.json"),
             f"{name}.manifest.json": manifest_bytes(data, entry, standard)}
    if entry.get("bundle-signature"):
        files[f"{name}.manifest.json{SIGNATURE_SUFFIX}"] = entry["bundle-signature"].encode("utf-8")
    return files


def is_bundle(pin: str | None) -> bool:
    """Whether ``pin`` names an offline bundle file (its .manifest.json or .json) rather
    than a release (``std@edition/rN``)."""
    return bool(pin) and pin.endswith(".json") and Path(pin).is_file()  # type: ignore[union-attr]


def manifest_path(path: Path) -> Path:
    """The manifest of a bundle, given its manifest or its edition JSON."""
    path = Path(path)
    if path.name.endswith(".manifest.json"):
        return path
    if path.name.endswith(".json"):
        return path.with_name(path.name[: -len(".json")] + ".manifest.json")
    raise LodeError.of("bundle-invalid", msg("{path} is not a bundle file (.manifest.json or .json)", path=path), str(path))


@dataclass(frozen=True)
class Bundle:
    manifest: dict[str, Any]
    data: dict[str, Any]
    digest: str                 # recomputed from the edition file's bytes
    signer: str | None = None   # the principal whose signature of the manifest verified


def read_bundle(path: Path, allowed_signers: Path | None = None) -> Bundle:
    """A verified offline bundle. The manifest is schema-checked and consistent with its
    own release-log entry and with the edition file; the edition's bytes hash to the
    digest and are canonical. With ``allowed_signers`` the manifest's signature
    (``<manifest>.sig`` beside it) must verify, and its principal is returned."""
    mpath = manifest_path(path)
    raw = _read(mpath, _MANIFEST_LIMIT)
    manifest = _manifest(raw, mpath)
    signer = None
    if allowed_signers is not None:
        sig_path = mpath.with_name(mpath.name + SIGNATURE_SUFFIX)
        if not sig_path.is_file():
            raise LodeError.of("pin-signature", msg("{name} has no signature beside it ({name2}): the release was not signed, or the signature was not downloaded", name=mpath.name, name2=sig_path.name), str(mpath))
        try:
            signer = signing.verify(raw, _read(sig_path, signing.MAX_SIGNATURE), allowed_signers,
                                    signing.NAMESPACE_BUNDLE)
        except LodeError as e:
            raise LodeError.of("pin-signature", msg("{name}: {message}", name=sig_path.name, message=e.finding.message), str(sig_path),
                               hint=e.finding.hint) from None
    display = mpath.with_name(manifest["file"]).as_posix()
    content = _read(mpath.with_name(manifest["file"]), STANDARD_LIMITS.max_bytes)
    got = "sha256:" + hashlib.sha256(content).hexdigest()
    if got != manifest["digest"]:
        raise LodeError.of("pin-digest", msg("{display} has digest {got}, the manifest records {digest}", display=display, got=got, digest=manifest['digest']),
                           display)
    checksum = mpath.with_name(manifest["file"] + ".sha256")
    if checksum.is_file():
        line = _read(checksum, 4096).decode("utf-8", "replace").split()
        if not line or "sha256:" + line[0] != got:
            raise LodeError.of("pin-digest", msg("{name} does not match {file}", name=checksum.name, file=manifest['file']), str(checksum))
    data = load_checked(content, display, "edition").data
    if canonical.canonical_json(data) != content:
        raise LodeError.of("pin-digest", msg("{display} is not canonical JSON: its data does not hash to its digest", display=display), display)
    if (data["standard"], data["edition"]) != (manifest["standard"], manifest["edition"]):
        raise LodeError.of("bundle-invalid", msg("{display} holds {standard}@{edition}, the manifest says {pin}", display=display, standard=data['standard'], edition=data['edition'], pin=manifest['pin']), display)
    if signer is not None and manifest_bytes(data, manifest["log-entry"], manifest["standard"]) != raw:
        raise LodeError.of("bundle-invalid", msg("{name} is signed but is not the manifest Lode makes from its own log entry", name=mpath.name), str(mpath))
    return Bundle(manifest, data, got, signer)


# The manifest's own fields that must say what its release-log entry says (manifest key,
# log key); a forged field that disagrees with the entry is refused, not shown.
_AGREE = (("edition", "edition"), ("release", "release"), ("tag", "tag"), ("commit", "commit"),
          ("tag-object", "tag-object"), ("date", "date"), ("digest", "digest"), ("signed", "signed"),
          ("illustrative-allowed", "allow-illustrative"))


def _manifest(raw: bytes, path: Path) -> dict[str, Any]:
    depth = json_depth(raw)
    if depth > _MAX_DEPTH:
        raise LodeError.of("bundle-invalid", msg("{name} nests deeper than {MAX_DEPTH} levels", name=path.name, MAX_DEPTH=_MAX_DEPTH), str(path))
    try:
        m = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise LodeError.of("bundle-invalid", msg("{name} is not JSON: {e}", name=path.name, e=e), str(path)) from None
    if not isinstance(m, dict) or m.get("lode-bundle") != FORMAT:
        raise LodeError.of("bundle-invalid", msg("{name} is not a Lode bundle manifest (format {FORMAT})", name=path.name, FORMAT=FORMAT),
                           str(path))
    errors = sorted(schemas.validator("bundle-manifest").iter_errors(m), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        raise LodeError.of("bundle-invalid", msg("{name}: {where}: {value}", name=path.name, where=where, value=_short(e.message)), str(path))
    entry = m["log-entry"]
    wrong = [k for k, lk in _AGREE if m[k] != entry.get(lk)] + (["signer"] if m.get("signer") != entry.get("signer")
                                                               else [])
    if m["pin"] != f"{m['standard']}@{m['edition']}/r{m['release']}" or m["tag"] != tag_name(
            m["standard"], m["edition"], m["release"]):
        wrong.append("pin")
    if m["file"] != f"{stem(m['standard'], m['edition'], m['release'])}.json" or not entry["path"].startswith(
            f"standards/{m['standard']}/"):
        wrong.append("file")
    if wrong:
        raise LodeError.of("bundle-invalid", msg("{name}: {items} disagree(s) with the manifest's own release-log entry, pin or file name", name=path.name, items=', '.join(wrong)), str(path))
    return m


def json_depth(raw: bytes) -> int:
    """How deep ``raw`` nests arrays and objects, counted without parsing (so a hostile
    file cannot exhaust the parser's recursion before it is refused)."""
    depth = deepest = 0
    in_string = escaped = False
    for b in raw:
        if in_string:
            if escaped:
                escaped = False
            elif b == 0x5C:
                escaped = True
            elif b == 0x22:
                in_string = False
        elif b == 0x22:
            in_string = True
        elif b in (0x5B, 0x7B):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > _MAX_DEPTH:
                    return deepest
        elif b in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _short(message: str) -> str:
    """A schema message, on one line and short: it quotes the offending value, which is
    the attacker's text."""
    text = " ".join(message.split())
    return text if len(text) <= 160 else text[:157] + "..."


def _read(path: Path, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise LodeError.of("bundle-invalid", msg("{name} is larger than {limit:,} bytes", name=path.name, limit=limit), str(path))
        content = read_file(path, STANDARD_LIMITS)
    except OSError as e:
        raise LodeError.of("bundle-invalid", msg("cannot read {path}: {value}", path=path, value=e.strerror or e), str(path)) from None
    return content
