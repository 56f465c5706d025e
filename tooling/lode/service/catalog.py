"""What the service checks against: the releases of a repository (from its committed
release logs) or of a folder of offline bundles (their manifests), newest first.

The page lists these and the template download takes only a pin from this list, so no
request names a file. A disclosure may still pin another edition, as it may for ``lode
check``: the worker resolves it exactly as the CLI does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core.errors import LodeError
from ..disclose.run import target
from ..disclose.template import write_template
from ..release.bundle import read_bundle
from ..release.log import read_log


@dataclass(frozen=True)
class Release:
    pin: str
    standard: str
    edition: str
    release: int
    date: str
    digest: str
    illustrative: bool

    def to_dict(self) -> dict[str, Any]:
        return {"pin": self.pin, "standard": self.standard, "edition": self.edition, "release": self.release,
                "date": self.date, "digest": self.digest, "illustrative-allowed": self.illustrative}


def _of(standard: str, entry: dict[str, Any]) -> Release:
    return Release(f"{standard}@{entry['edition']}/r{entry['release']}", standard, entry["edition"],
                   entry["release"], entry["date"], entry["digest"], bool(entry.get("allow-illustrative")))


def releases(root: Path) -> list[Release]:
    """Every release served from ``root`` (a repository or a folder of bundles), newest first."""
    root = Path(root)
    out: list[Release] = []
    if (root / "standards").is_dir():
        for folder in sorted(p for p in (root / "standards").iterdir() if (p / "standard.yaml").is_file()):
            out += [_of(folder.name, dict(e)) for e in read_log(root, folder.name).entries]
    else:
        for manifest in sorted(root.glob("*.manifest.json")):
            m = read_bundle(manifest).manifest
            out.append(_of(m["standard"], m["log-entry"]))
    return sorted(out, key=lambda r: (r.date, r.standard, r.edition, r.release), reverse=True)


class Catalog:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.releases = releases(self.root)
        self._by_pin = {r.pin: r for r in self.releases}

    def get(self, pin: str) -> Release:
        r = self._by_pin.get(pin)
        if r is None:
            raise LodeError.of("not-found", f"this service serves no release {pin!r}", pin,
                               hint="pick one of the releases the page (or /api/v1/releases) lists")
        return r

    def title(self, pin: str) -> dict[str, str]:
        """The edition's title in Chinese and English (resolved once per release)."""
        return _title(self.root, self.get(pin).pin)

    def template(self, pin: str) -> bytes:
        """The template workbook of a served release (made once, from the released text)."""
        return _template(self.root, self.get(pin).pin)


@lru_cache(maxsize=64)
def _title(root: Path, pin: str) -> dict[str, str]:
    try:
        title = target(root, pin).resolved.edition.title
    except LodeError:
        return {}
    return {lang: text for lang in ("zh", "en") if (text := title.get(lang))}


@lru_cache(maxsize=16)
def _template(root: Path, pin: str) -> bytes:
    t = target(root, pin)
    return write_template(t.spec, pin, t.digest)
