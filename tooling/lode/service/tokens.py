"""API tokens for the batch endpoints, stored hashed in the service's config file.

A token is 32 random bytes (``secrets``), shown once when it is made; the config file
keeps only its sha256, so a copy of the file lets no one call the API. sha256 is enough
here (no salt, no slow hash): a token is random, not a password a person chose.

The config file is JSON: ``{"lode-service": 1, "tokens": [{"name", "sha256", "created"}]}``,
written atomically and readable by its owner only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from ..core.errors import LodeError
from ..core.fsutil import write_atomic
from .receipts import now

FORMAT = 1
PREFIX = "lode_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def read_config(path: Path) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        return {"lode-service": FORMAT, "tokens": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise LodeError.of("usage", f"the service config {path} cannot be read: {e}", str(path)) from None
    if not isinstance(data, dict) or data.get("lode-service") != FORMAT or not isinstance(data.get("tokens"), list):
        raise LodeError.of("usage", f"{path} is not a Lode service config (format {FORMAT})", str(path))
    return data


def create(path: Path, name: str) -> str:
    """A new token named ``name``, its hash added to the config file; the token itself
    is returned once and stored nowhere."""
    data = read_config(path)
    if any(t.get("name") == name for t in data["tokens"]):
        raise LodeError.of("usage", f"a token named {name!r} exists; revoke it first or pick another name",
                           str(path))
    token = PREFIX + secrets.token_urlsafe(32)
    data["tokens"].append({"name": name, "sha256": _hash(token), "created": now()})
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomic(Path(path), (json.dumps(data, indent=2, allow_nan=False) + "\n").encode("utf-8"))
    os.chmod(path, 0o600)
    return token


def revoke(path: Path, name: str) -> bool:
    data = read_config(path)
    kept = [t for t in data["tokens"] if t.get("name") != name]
    if len(kept) == len(data["tokens"]):
        return False
    data["tokens"] = kept
    write_atomic(Path(path), (json.dumps(data, indent=2, allow_nan=False) + "\n").encode("utf-8"))
    return True


class Tokens:
    """The hashes of the config file, checked in constant time."""

    def __init__(self, path: Path | None) -> None:
        self.hashes = [str(t["sha256"]) for t in read_config(path)["tokens"]] if path else []

    def allows(self, header: str | None) -> bool:
        if not header or not header.startswith("Bearer "):
            return False
        given = _hash(header[len("Bearer "):].strip())
        return any(hmac.compare_digest(given, h) for h in self.hashes)
