"""The disclosure downloads of an edition that has metrics: its disclosure JSON Schema
and its Excel template, as ``{site path: bytes}`` (the site build adds them beside the
edition's other downloads)."""

from __future__ import annotations

from functools import partial
from typing import Callable, Generic, TypeVar

from ..disclose.schema import schema_bytes
from ..disclose.spec import build_spec
from ..disclose.template import write_template
from ..model.edition import Edition, Node
from ..validate.cache import Cache

LABELS = {"-disclosure.schema.json": "Disclosure JSON Schema", "-template.xlsx": "Disclosure template (Excel)"}


# Both files are a function of the edition's canonical bytes, and writing the workbook is
# the dearest part of generating the site: the files of an edition are kept for the
# process's life (`mkdocs serve` regenerates at every save) and, given a cache, on disk
# by digest, so a cold build of an unchanged edition writes no workbook either.
_MEMO: dict[tuple[str, str, str | None], dict[str, bytes]] = {}
_MEMO_SIZE = 64
T = TypeVar("T")


def metrics(edition: Edition) -> list[Node]:
    """The nodes that specify a disclosed value (metrics), in document order."""
    return [n for n in edition.walk() if n.value is not None]


class Later(Generic[T]):
    """A value made when first asked for (``later()``), then kept: under ``mkdocs serve``,
    the downloads a save changed, made after the save's pages are on show."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None

    def __call__(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value] - set by the line above

    @property
    def made(self) -> bool:
        return self._make is None


def disclosure_downloads(edition: Edition, base: str, digest: str, pin: str | None = None,
                         cache: Cache | None = None, later: bool = False) -> dict[str, bytes | Later[bytes]]:
    """``base`` is the edition's download path without suffix (``std/ed/std-ed``);
    ``digest`` the edition's ``sha256:`` digest, which the caller has already computed;
    ``pin`` the release the template is pinned to (``std@ed/rN``; default: the edition,
    unpinned). ``cache``: the validation cache's store, keyed by digest, base, pin and
    Lode's own code. ``later``: files not already kept are returned as :class:`Later`
    (both are made on the first call of either)."""
    key = (digest, base, pin)
    if key not in _MEMO:
        disk = Cache.key(f"{digest}\0{base}\0{pin or ''}".encode(), "disclosure-downloads") if cache else ""
        kept = cache.get(disk) if cache else None
        if isinstance(kept, dict):
            _keep(key, kept)
        else:
            if not metrics(edition):
                return {}
            both = Later(lambda: _keep(key, _files(edition, base, digest, pin), cache, disk))
            if later:
                return {path: Later(partial(_one, both, path))
                        for path in (base + "-disclosure.schema.json", base + "-template.xlsx")}
            both()
    return dict(_MEMO[key])


def _files(edition: Edition, base: str, digest: str, pin: str | None) -> dict[str, bytes]:
    spec = build_spec(edition)
    return {base + "-disclosure.schema.json": schema_bytes(spec, digest),
            base + "-template.xlsx": write_template(spec, pin or spec.ref, digest)}


def _keep(key: tuple[str, str, str | None], files: dict[str, bytes], cache: Cache | None = None,
          disk: str = "") -> dict[str, bytes]:
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[key] = files
    if cache:
        cache.put(disk, files)
    return files


def _one(both: Later[dict[str, bytes]], path: str) -> bytes:
    return both()[path]


def label(path: str) -> str:
    return next(v for k, v in LABELS.items() if path.endswith(k))
