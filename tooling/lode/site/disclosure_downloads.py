"""The disclosure downloads of an edition that has metrics: its disclosure JSON Schema
and its Excel template, as ``{site path: bytes}`` (the site build adds them beside the
edition's other downloads)."""

from __future__ import annotations

from typing import Callable

from ..disclose.schema import schema_bytes
from ..disclose.spec import build_spec
from ..disclose.template import write_template
from ..model.edition import Edition
from ..validate.cache import Cache

LABELS = {"-disclosure.schema.json": "Disclosure JSON Schema", "-template.xlsx": "Disclosure template (Excel)"}


# Both files are a function of the edition's canonical bytes, and writing the workbook is
# the dearest part of generating the site: the files of an edition are kept for the
# process's life (`mkdocs serve` regenerates at every save) and, given a cache, on disk
# by digest, so a cold build of an unchanged edition writes no workbook either.
_MEMO: dict[tuple[str, str, str | None], dict[str, bytes]] = {}
_MEMO_SIZE = 64


class Later:
    """Bytes made when first asked for (``later()``), then kept: an edition's Excel
    template under ``mkdocs serve``, made after the save's pages are on show."""

    def __init__(self, make: Callable[[], bytes]) -> None:
        self._make: Callable[[], bytes] | None = make
        self._value: bytes | None = None

    def __call__(self) -> bytes:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value] - set by the line above

    @property
    def made(self) -> bool:
        return self._make is None


def disclosure_downloads(edition: Edition, base: str, digest: str, pin: str | None = None,
                         cache: Cache | None = None, later: bool = False) -> dict[str, bytes | Later]:
    """``base`` is the edition's download path without suffix (``std/ed/std-ed``);
    ``digest`` the edition's ``sha256:`` digest, which the caller has already computed;
    ``pin`` the release the template is pinned to (``std@ed/rN``; default: the edition,
    unpinned). ``cache``: the validation cache's store, keyed by digest, base, pin and
    Lode's own code. ``later``: a workbook not already kept is returned as a
    :class:`Later` (its schema, cheap, is made now)."""
    key = (digest, base, pin)
    if key not in _MEMO and later:
        disk = Cache.key(f"{digest}\0{base}\0{pin or ''}".encode(), "disclosure-downloads") if cache else ""
        kept = cache.get(disk) if cache else None
        if isinstance(kept, dict):
            _MEMO[key] = kept
        else:
            spec = build_spec(edition)
            if not spec.metrics:
                return {}
            schema = schema_bytes(spec, digest)

            def make() -> bytes:
                files = {base + "-disclosure.schema.json": schema,
                         base + "-template.xlsx": write_template(spec, pin or spec.ref, digest)}
                _MEMO[key] = files
                if cache:
                    cache.put(disk, files)
                return files[base + "-template.xlsx"]

            return {base + "-disclosure.schema.json": schema, base + "-template.xlsx": Later(make)}
    if key not in _MEMO:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        disk = Cache.key(f"{digest}\0{base}\0{pin or ''}".encode(), "disclosure-downloads") if cache else ""
        files = cache.get(disk) if cache else None
        if not isinstance(files, dict):
            spec = build_spec(edition)
            files = {} if not spec.metrics else {
                base + "-disclosure.schema.json": schema_bytes(spec, digest),
                base + "-template.xlsx": write_template(spec, pin or spec.ref, digest)}
            if cache:
                cache.put(disk, files)
        _MEMO[key] = files
    return dict(_MEMO[key])


def label(path: str) -> str:
    return next(v for k, v in LABELS.items() if path.endswith(k))
