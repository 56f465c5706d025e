"""Resolving a disclosure's pin to the edition it is checked against.

A stand-in for ``lode.release.pins`` (the release machinery, built separately) with
exactly its API, implementing only the unpinned case: ``std@edition`` is the work tree,
``pinned`` is False and every verdict says UNPINNED. A ``/rN`` pin is refused (exit 4)
rather than resolved from guessed tags: a verdict must never claim a release it did not
verify. Every use in Lode goes through this module, so swapping it for
``lode.release.pins`` is a one-line change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import LodeError
from ..model.canonical import canonical_json, digest as sha256
from ..model.corpus import load_checked
from ..model.edition import Edition, Ref, build_edition
from ..model.versions import edition_file, resolve as resolve_latest
from . import codes  # noqa: F401 - defines the codes used below

_PIN = re.compile(r"^(?P<ref>[^/\s]+?)(?:/r(?P<rel>[1-9][0-9]{0,5}))?$")


@dataclass(frozen=True)
class Pin:
    """``std@edition/r1`` (a release) or ``std@edition`` (unpinned: the work tree)."""

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
        if ref is None or ref.node:
            raise LodeError.of("pin-syntax", f"{text!r} is not a pin (STD@EDITION/rN or STD@EDITION)")
        return cls(ref, int(m["rel"]) if m["rel"] else None, digest)

    def __str__(self) -> str:
        return f"{self.ref}" + (f"/r{self.release}" if self.release else "")


@dataclass(frozen=True)
class Resolved:
    pin: Pin
    edition: Edition
    data: dict
    digest: str  # "sha256:<hex>", recomputed from the edition's canonical JSON
    tag: str | None = None
    commit: str | None = None
    date: str | None = None
    signer: str | None = None
    illustrative_allowed: bool = False
    log_entry: dict | None = None

    @property
    def pinned(self) -> bool:
        return self.pin.release is not None and self.tag is not None


def resolve(root: Path, pin: Pin | str | Path, *, verify_signature: bool = False) -> Resolved:
    """The edition a pin names. Only unpinned pins resolve here (see the module note)."""
    pin = pin if isinstance(pin, Pin) else Pin.parse(str(pin))
    if pin.release is not None:
        raise LodeError.of("release-unavailable", f"{pin}: releases are not available in this version")
    root = Path(root)
    ref = resolve_latest(root, pin.ref)
    path = edition_file(root, ref)
    if not path.is_file():
        raise LodeError.of("unknown-edition", f"{ref.standard} has no edition {ref.edition!r}", str(pin))
    display = path.relative_to(root).as_posix()
    data = load_checked(path, display, "edition").data
    digest = "sha256:" + sha256(canonical_json(data))
    if pin.digest is not None and pin.digest != digest:
        raise LodeError.of("digest-mismatch", f"{pin}: the disclosure names {pin.digest}, the edition in the "
                           f"work tree is {digest}", str(pin))
    return Resolved(Pin(ref, None, pin.digest), build_edition(data, display), data, digest)
