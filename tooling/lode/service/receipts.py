"""Receipts: what the service checked, against what, with which Lode and when, signed
with the service's ssh key (``ssh-keygen -Y sign`` through ``core.signing``), so a
validator can prove a verdict later without the service: ``lode verify-receipt``.

A receipt is a text file of two parts: one line of canonical JSON (the payload), then
the armored ssh signature of exactly those bytes. Reading is strict, so *any* byte
changed voids it: the payload must be canonical (no whitespace to play with), the
signature must be the armor ssh-keygen writes, its base64 re-encoded to the same bytes
(no spare padding bits), and nothing may follow it.

The payload binds the verdict: ``verdict-digest`` is the sha256 of the JSON verdict the
service returned (the CLI's ``--format json`` bytes); a batch receipt lists one entry
per file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from .. import __version__
from ..core import signing
from ..core.errors import LodeError
from ..model.canonical import canonical_json

NAMESPACE = "lode-receipt@lode"
FORMAT = 1
MAX_RECEIPT = 8 * 1024 * 1024
_BEGIN, _END = b"-----BEGIN SSH SIGNATURE-----\n", b"-----END SSH SIGNATURE-----\n"
_B64 = re.compile(rb"^[A-Za-z0-9+/]*={0,2}$")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def entry(verdicts: list[Any], submission_digest: str, verdict_json: bytes) -> dict[str, Any]:
    """What a receipt says of one checked file: its digest, the digest of the JSON
    verdict returned, and each pin's status and edition digest."""
    return {"file": verdicts[0].file, "submission-digest": submission_digest, "verdict-digest": digest(verdict_json),
            "verdicts": [{"status": v.status, "pin": v.pin, "pinned": v.pinned, "edition-digest": v.edition_digest}
                         for v in verdicts]}


def payload(kind: str, entries: list[Mapping[str, Any]], service: str, when: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"lode-receipt": FORMAT, "kind": kind, "service": service, "lode-version": __version__,
                            "time": when or now()}
    if kind == "check":
        body.update(entries[0])
    else:
        body["files"] = list(entries)
    return body


def make(body: Mapping[str, Any], key: Path) -> bytes:
    """The receipt file: the canonical payload line and its signature."""
    line = canonical_json(body)
    return line + b"\n" + signing.sign(line, key, NAMESPACE)


def read(data: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    """(payload, signed bytes, signature) of a receipt, refusing any deviation from the
    exact form :func:`make` writes (``receipt-invalid``, exit 4)."""
    def bad(why: str) -> LodeError:
        return LodeError.of("receipt-invalid", f"not a valid receipt: {why}", "")

    if len(data) > MAX_RECEIPT:
        raise bad(f"larger than {MAX_RECEIPT:,} bytes")
    line, sep, sig = data.partition(b"\n")
    if not sep or not sig.startswith(_BEGIN) or not sig.endswith(_END):
        raise bad("it is not a payload line followed by an ssh signature")
    try:
        body = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bad("the payload line is not JSON") from None
    if not isinstance(body, dict) or body.get("lode-receipt") != FORMAT or canonical_json(body) != line:
        raise bad(f"the payload is not a canonical Lode receipt (format {FORMAT})")
    lines = sig[len(_BEGIN):-len(_END)].split(b"\n")
    if not lines or lines[-1] != b"" or any(not _B64.match(x) or len(x) > 70 for x in lines[:-1]):
        raise bad("the signature's armor is damaged")
    packed = b"".join(lines[:-1])
    try:
        raw = base64.b64decode(packed, validate=True)
    except ValueError:
        raise bad("the signature's armor is damaged") from None
    again = base64.b64encode(raw)
    if b"\n".join(again[i:i + 70] for i in range(0, len(again), 70)) + b"\n" != b"\n".join(lines):
        raise bad("the signature's armor is not as ssh-keygen writes it")
    return body, line, sig


def verify(data: bytes, allowed_signers: Path) -> tuple[str, dict[str, Any]]:
    """(the signer's principal, the payload) of a receipt whose signature verifies."""
    body, line, sig = read(data)
    return signing.verify(line, sig, allowed_signers, NAMESPACE), body


def ensure_key(path: Path, principal: str) -> str:
    """The service's signing key at ``path`` (an ed25519 key made there if there is none);
    returns its ``allowed_signers`` line, for validators to trust."""
    path = Path(path)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            out = subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", principal, "-f", str(path)],
                                 capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise LodeError.of("signature-tool", f"ssh-keygen did not run: {e}", str(path)) from None
        if out.returncode != 0:
            raise LodeError.of("signature-key", f"ssh-keygen could not make a key at {path}: "
                               f"{out.stderr.decode('utf-8', 'replace').strip()}", str(path))
    pub = path.with_name(path.name + ".pub")
    if not pub.is_file():
        raise LodeError.of("signature-key", f"the public key {pub} is missing", str(pub),
                           hint="keep the key's .pub file beside it (ssh-keygen -y -f KEY > KEY.pub)")
    fields = pub.read_text(encoding="utf-8").split()
    if len(fields) < 2:
        raise LodeError.of("signature-key", f"{pub} is not an ssh public key", str(pub))
    return f'{principal} namespaces="{NAMESPACE}" {fields[0]} {fields[1]}\n'
