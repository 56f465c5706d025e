"""One check, as the service makes it: the file goes to a worker, the verdict comes
back and is rendered by the CLI's own JSON renderer, and a receipt is signed over it.

This is the only place the service turns an upload into a verdict; the page, the API
and batches all come through :meth:`Checker.check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import LodeError
from ..disclose.document import SUFFIXES
from ..disclose.run import refused
from ..release.pins import Pin
from ..render.verdict import render_json
from . import receipts
from .catalog import Catalog
from .limits import Limits
from .pool import WorkerPool
from .uploads import Upload, suffix_of
from .worker import Task


@dataclass(frozen=True)
class Checked:
    verdicts: list[Any]  # disclose.verdict.Verdict, one per pin
    json: bytes          # exactly `lode check FILE --format json`
    digest: str          # of the submitted bytes
    index: str | None = None

    def entry(self) -> dict[str, Any]:
        return receipts.entry(self.verdicts, self.digest, self.json)

    @property
    def refused(self) -> bool:
        return any(v.refused for v in self.verdicts)

    @property
    def status(self) -> str:
        return ", ".join(dict.fromkeys(v.status for v in self.verdicts))


def parse_pins(pins: list[str]) -> tuple[str, ...]:
    """A client's pins, each refused unless it is a pin (``pin-syntax``, as ``lode check
    --pin`` refuses it): never a path, so no form field names a file."""
    out = tuple(dict.fromkeys(p.strip() for p in pins if p.strip()))
    for p in out:
        Pin.parse(p)
    return out


class Checker:
    def __init__(self, root: Path, limits: Limits, workers: int, key: Path | None, principal: str) -> None:
        self.root, self.limits, self.key, self.principal = Path(root), limits, key, principal
        self.catalog = Catalog(self.root)
        self.pool = WorkerPool(workers, limits, str(self.root), [r.pin for r in self.catalog.releases[:8]])

    def check(self, upload: Upload, pins: tuple[str, ...] = (), index: str | None = None) -> Checked:
        """The verdict on one stored upload (blocking: call it from a thread). A file the
        worker could not finish gets a refused verdict with the service's code, as a file
        the reader refuses gets the reader's."""
        if suffix_of(upload.name) not in SUFFIXES:
            return self._checked(upload, [refused(upload.name, LodeError.of(
                "upload-type", f"{upload.name} is not .xlsx, .yaml, .yml or .json", upload.name))])
        try:
            out = self.pool.run(Task(str(upload.path), upload.name, str(self.root), pins, index))
            v, idx = out.verdicts, out.index
        except LodeError as e:
            v, idx = [refused(upload.name, e)], None
        except RuntimeError as e:  # a bug in a check: that file is NOT CHECKED, the others go on
            v, idx = [refused(upload.name, LodeError.of("internal", str(e), upload.name))], None
        return self._checked(upload, v, idx)

    def check_many(self, uploads: list[Upload], pins: tuple[str, ...] = ()) -> list[Checked]:
        """The verdicts on a chunk of a batch: one worker round trip for the chunk, and
        one check at a time if any file of it overran (so only that file is refused)."""
        if len(uploads) == 1 or any(suffix_of(u.name) not in SUFFIXES for u in uploads):
            return [self.check(u, pins) for u in uploads]
        try:
            outs = self.pool.run_many([Task(str(u.path), u.name, str(self.root), pins) for u in uploads])
        except (LodeError, RuntimeError):
            return [self.check(u, pins) for u in uploads]
        return [self._checked(u, o.verdicts) for u, o in zip(uploads, outs)]

    @staticmethod
    def _checked(upload: Upload, verdicts: list[Any], index: str | None = None) -> Checked:
        return Checked(verdicts, render_json(verdicts).encode("utf-8"), upload.digest, index)

    def receipt(self, kind: str, entries: list[dict[str, Any]]) -> bytes | None:
        """The signed receipt of these checks, or None when the service has no key."""
        if self.key is None:
            return None
        return receipts.make(receipts.payload(kind, entries, self.principal), self.key)

    def close(self) -> None:
        self.pool.close()
