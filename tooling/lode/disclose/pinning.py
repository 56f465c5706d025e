"""Resolving a disclosure's pin to the edition it is checked against: the release
machinery's pins (``lode.release.pins``), re-exported so every use in ``disclose/`` goes
through one module."""

from __future__ import annotations

from ..release.pins import Pin, Resolved, resolve

__all__ = ["Pin", "Resolved", "resolve"]
