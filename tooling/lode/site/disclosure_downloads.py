"""The disclosure downloads of an edition that has metrics: its disclosure JSON Schema
and its Excel template, as ``{site path: bytes}`` (the site build adds them beside the
edition's other downloads)."""

from __future__ import annotations

from typing import Any, Mapping

from ..disclose.schema import schema_bytes
from ..disclose.spec import build_spec
from ..disclose.template import write_template

LABELS = {"-disclosure.schema.json": "Disclosure JSON Schema", "-template.xlsx": "Disclosure template (Excel)"}


# Both files are a function of the edition's canonical bytes, and writing the workbook is
# the dearest part of generating the site: `mkdocs serve` regenerates the site at every
# save, so the files of an edition that did not change are kept for the process's life.
_MEMO: dict[tuple[str, str, str | None], dict[str, bytes]] = {}
_MEMO_SIZE = 64


def disclosure_downloads(data: Mapping[str, Any], base: str, digest: str, pin: str | None = None
                         ) -> dict[str, bytes]:
    """``base`` is the edition's download path without suffix (``std/ed/std-ed``);
    ``digest`` the edition's ``sha256:`` digest, which the caller has already computed;
    ``pin`` the release the template is pinned to (``std@ed/rN``; default: the edition,
    unpinned)."""
    key = (digest, base, pin)
    if key not in _MEMO:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        spec = build_spec(data)
        _MEMO[key] = {} if not spec.metrics else {
            base + "-disclosure.schema.json": schema_bytes(spec, digest),
            base + "-template.xlsx": write_template(spec, pin or spec.ref, digest)}
    return dict(_MEMO[key])


def label(path: str) -> str:
    return next(v for k, v in LABELS.items() if path.endswith(k))
