"""The disclosure downloads of an edition that has metrics: its disclosure JSON Schema
and its Excel template, as ``{site path: bytes}`` (the site build adds them beside the
edition's other downloads)."""

from __future__ import annotations

from typing import Any, Mapping

from ..disclose.schema import schema_bytes
from ..disclose.spec import build_spec
from ..disclose.template import write_template
from ..model.canonical import canonical_json, digest

LABELS = {"-disclosure.schema.json": "Disclosure JSON Schema", "-template.xlsx": "Disclosure template (Excel)"}


def disclosure_downloads(data: Mapping[str, Any], base: str) -> dict[str, bytes]:
    """``base`` is the edition's download path without suffix (``std/ed/std-ed``)."""
    spec = build_spec(data)
    if not spec.metrics:
        return {}
    d = "sha256:" + digest(canonical_json(data))
    return {base + "-disclosure.schema.json": schema_bytes(spec, d),
            base + "-template.xlsx": write_template(spec, spec.ref, d)}


def label(path: str) -> str:
    return next(v for k, v in LABELS.items() if path.endswith(k))
