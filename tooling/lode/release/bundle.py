"""The offline bundle of a release: what a validator needs to check a disclosure without
the repository. Three files, published on the site beside the edition:

- ``<std>-<edition>-rN.json``: the edition's canonical JSON as it was at the tag;
- ``<std>-<edition>-rN.json.sha256``: its digest, in ``sha256sum -c`` format;
- ``<std>-<edition>-rN.manifest.json``: the pin, tag, commit, tag object, date, digest,
  signer, whether illustrative content was allowed, and the release-log entry.

Reading a bundle checks the bytes against the manifest's digest *and* that they are the
canonical JSON of what the safe loader reads from them, so the data a verdict is made
from is exactly the data that was hashed.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Mapping

from ..core.errors import LodeError
from ..model import canonical
from ..model.corpus import load_checked
from ..read.loader import STANDARD_LIMITS, read_file
from .log import tag_name
from ..core.i18n import msg

FORMAT = 1
_MANIFEST_LIMIT = 1024 * 1024
_REQUIRED = {"pin": str, "standard": str, "edition": str, "release": int, "tag": str, "commit": str,
             "date": str, "digest": str, "file": str, "illustrative-allowed": bool, "log-entry": dict}


def stem(standard: str, edition: str, n: int) -> str:
    return f"{standard}-{edition}-r{n}"


def bundle_files(data: Mapping[str, Any], entry: Mapping[str, Any], standard: str) -> dict[str, bytes]:
    """File name -> bytes of the bundle of the release ``entry`` records, from the
    edition's plain ``data`` at the tagged commit."""
    name = stem(standard, entry["edition"], entry["release"])
    content = canonical.canonical_json(data)
    manifest = {
        "lode-bundle": FORMAT, "pin": f"{standard}@{entry['edition']}/r{entry['release']}",
        "standard": standard, "edition": entry["edition"], "release": entry["release"], "tag": entry["tag"],
        "commit": entry["commit"], "tag-object": entry["tag-object"], "date": entry["date"],
        "digest": "sha256:" + canonical.digest(content), "signer": entry.get("signer"),
        "signed": entry.get("signed", False), "illustrative-allowed": entry.get("allow-illustrative", False),
        "file": f"{name}.json", "log-entry": dict(entry),
    }
    return {f"{name}.json": content,
            f"{name}.json.sha256": canonical.sha256_file(content, f"{name}.json"),
            f"{name}.manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}


def manifest_path(path: Path) -> Path:
    """The manifest of a bundle, given its manifest or its edition JSON."""
    path = Path(path)
    if path.name.endswith(".manifest.json"):
        return path
    if path.name.endswith(".json"):
        return path.with_name(path.name[: -len(".json")] + ".manifest.json")
    raise LodeError.of("bundle-invalid", msg("{path} is not a bundle file (.manifest.json or .json)", path=path), str(path))


def read_bundle(path: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(manifest, edition data, recomputed digest) of a verified offline bundle."""
    mpath = manifest_path(path)
    manifest = _manifest(mpath)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.json", manifest["file"]):
        raise LodeError.of("bundle-invalid", msg("the manifest names {file!r}: a bundle's files sit beside its manifest", file=manifest['file']), str(mpath))
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
    entry = manifest["log-entry"]
    if entry.get("digest") != got or entry.get("tag") != manifest["tag"]:
        raise LodeError.of("bundle-invalid", msg("the manifest's release-log entry disagrees with its digest or tag"),
                           str(mpath))
    return manifest, data, got


def _manifest(path: Path) -> dict[str, Any]:
    raw = _read(path, _MANIFEST_LIMIT)
    try:
        m = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise LodeError.of("bundle-invalid", msg("{name} is not JSON: {e}", name=path.name, e=e), str(path)) from None
    if not isinstance(m, dict) or m.get("lode-bundle") != FORMAT:
        raise LodeError.of("bundle-invalid", msg("{name} is not a Lode bundle manifest (format {FORMAT})", name=path.name, FORMAT=FORMAT),
                           str(path))
    for key, typ in _REQUIRED.items():
        if not isinstance(m.get(key), typ) or (typ is int and isinstance(m.get(key), bool)):
            raise LodeError.of("bundle-invalid", msg("{name}: {key!r} is missing or not a {name2}", name=path.name, key=key, name2=typ.__name__),
                               str(path))
    if m["pin"] != f"{m['standard']}@{m['edition']}/r{m['release']}" or m["tag"] != tag_name(
            m["standard"], m["edition"], m["release"]):
        raise LodeError.of("bundle-invalid", msg("{name}: pin {pin!r} and tag {tag!r} do not name the same release", name=path.name, pin=m['pin'], tag=m['tag']), str(path))
    return m


def _read(path: Path, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise LodeError.of("bundle-invalid", msg("{name} is larger than {limit:,} bytes", name=path.name, limit=limit), str(path))
        content = read_file(path, STANDARD_LIMITS)
    except OSError as e:
        raise LodeError.of("bundle-invalid", msg("cannot read {path}: {value}", path=path, value=e.strerror or e), str(path)) from None
    return content
