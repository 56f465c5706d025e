"""The release log, ``standards/<std>/releases.yaml``: every release of a standard's
editions as ``lode release`` recorded it, committed beside the editions.

A tag alone proves nothing: maintainers re-tag, CI scripts fetch with ``--force``, and a
re-created tag looks as valid as the first one. The log records the tag *object* id, the
commit, the blob and the digest at release time, so a pin is checked against what was
released, not against whatever the tag says today. The log is read through the same
safe loader and schema (``release-log.schema.json``) as every other file, and written
by Lode only, in one fixed layout, atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..core.errors import LodeError
from ..core.fsutil import write_atomic
from ..read.schemas import load_checked

LOG_NAME = "releases.yaml"

# The order keys are written in (the schema's order of importance for a reader).
_KEYS = ("edition", "release", "tag", "commit", "tag-object", "path", "blob", "digest", "date", "tagger",
         "lode-version", "signed", "signer", "allow-illustrative", "fidelity")


def tag_name(standard: str, edition: str, n: int) -> str:
    """The tag of release ``n`` of an edition: ``std/edition/rN``."""
    return f"{standard}/{edition}/r{n}"


def log_path(root: Path, standard: str) -> Path:
    return Path(root) / "standards" / standard / LOG_NAME


@dataclass(frozen=True)
class ReleaseLog:
    """The releases of one standard, in the order they were made."""

    standard: str
    entries: tuple[Mapping[str, Any], ...] = ()

    def of(self, edition: str) -> list[Mapping[str, Any]]:
        return [e for e in self.entries if e["edition"] == edition]

    def entry(self, edition: str, n: int) -> Mapping[str, Any] | None:
        return next((e for e in self.entries if e["edition"] == edition and e["release"] == n), None)

    def latest(self, edition: str) -> Mapping[str, Any] | None:
        mine = self.of(edition)
        return max(mine, key=lambda e: e["release"]) if mine else None

    def appended(self, entry: Mapping[str, Any]) -> ReleaseLog:
        return ReleaseLog(self.standard, self.entries + (dict(entry),))


def read_log(root: Path, standard: str) -> ReleaseLog:
    """The work tree's release log of ``standard`` (empty if it has none); a log that
    does not load or match its schema raises the loader's coded error."""
    path = log_path(root, standard)
    if not path.is_file():
        return ReleaseLog(standard)
    return parse_log(path, path.relative_to(root).as_posix())


def read_log_at(repo: Any, standard: str, rev: str = "HEAD") -> ReleaseLog:
    """The release log of ``standard`` as committed at ``rev`` (empty if it has none
    there). This is the log a pin is checked against: an edit of the work-tree file,
    committed or not, proves nothing until it is committed, and then ``lode review``
    refuses any change to an entry that was already released."""
    from ..read.git import blob_at

    rel = f"standards/{standard}/{LOG_NAME}"
    try:
        content = blob_at(repo, rev, rel, rel)
    except LodeError as e:
        if e.finding.code in ("revision-no-file", "revision-unknown"):  # no log, or no commit yet
            return ReleaseLog(standard)
        raise
    return parse_log(content, f"{rel}@{rev}")


def parse_log(content: bytes | Path, display: str) -> ReleaseLog:
    data = load_checked(content, display, "release-log").data
    return ReleaseLog(data["standard"], tuple(data["releases"]))


def render_log(log: ReleaseLog) -> bytes:
    """The log as YAML in Lode's one layout. Every scalar is written as JSON (a YAML 1.2
    subset), so no value can change type or meaning on the way back in."""
    lines = ["# yaml-language-server: $schema=../../schemas/editor/release-log.schema.json",
             f"# Release log of {log.standard}: appended by `lode release`; never edit or re-order it by hand.",
             f"standard: {json.dumps(log.standard, allow_nan=False)}", "releases:" + ("" if log.entries else " []")]
    for e in log.entries:
        keys = [k for k in _KEYS if k in e] + sorted(k for k in e if k not in _KEYS)
        for i, k in enumerate(keys):
            lines.append(("  - " if i == 0 else "    ") + f"{k}: {_scalar(e[k])}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _scalar(v: Any) -> str:
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{json.dumps(k, allow_nan=False)}: {_scalar(x)}" for k, x in v.items()) + "}"
    return json.dumps(v, ensure_ascii=False, allow_nan=False)


def write_log(root: Path, log: ReleaseLog) -> Path:
    path = log_path(root, log.standard)
    write_atomic(path, render_log(log))
    return path


def fidelity_totals(nodes: Iterable[Any]) -> dict[str, int]:
    """Nodes per fidelity level, every level present (zero included), in the schema's order."""
    out = dict.fromkeys(("official", "verified", "secondary", "inferred", "illustrative"), 0)
    for n in nodes:
        out[n.fidelity] = out.get(n.fidelity, 0) + 1
    return out
