"""Resolving a disclosure's pin to the edition it is checked against: the release
machinery's pins (``lode.release.pins``), re-exported so every use in ``disclose/`` goes
through one module."""

from __future__ import annotations

from pathlib import Path

from ..release.pins import Pin, Resolved, resolve

__all__ = ["Pin", "Resolved", "resolve", "is_bundle"]


def is_bundle(pin: str | None) -> bool:
    """Whether ``pin`` names an offline bundle file (its .manifest.json or .json)."""
    return bool(pin) and pin.endswith(".json") and Path(pin).is_file()  # type: ignore[union-attr]
