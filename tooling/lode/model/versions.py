"""Resolving ``std@edition`` to an :class:`Edition`: from the files on disk, or as the
edition was at a git revision (its bytes from ``read.git``, then the same safe loader
and schema as a file on disk)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import LodeError
from ..read.git import blob_at, repo_path
from ..read.schemas import did_you_mean
from .corpus import edition_from_bytes, latest_name, standard_from_bytes
from .edition import Edition, Ref
from ..core.i18n import msg

if TYPE_CHECKING:
    import git  # annotations only: read.git imports gitpython when it reads a revision


def resolve(root: Path, ref: Ref) -> Ref:
    """``std@latest`` -> the last edition standard.yaml lists that is not a draft; other refs unchanged,
    after checking that the standard exists."""
    std_file = Path(root) / "standards" / ref.standard / "standard.yaml"
    # lexists, not is_file: a FIFO or a link out of the repository is refused by the
    # reader with its own code, not reported as a missing standard.
    if not os.path.lexists(std_file):
        known = [p.parent.name for p in (Path(root) / "standards").glob("*/standard.yaml")]
        raise LodeError.of("unknown-edition", msg("no standard {standard!r} in {root}/standards{value}", standard=ref.standard, root=root, value=did_you_mean(ref.standard, known)), str(ref))
    if ref.edition != "latest":
        return ref
    std = standard_from_bytes(std_file, std_file.relative_to(root).as_posix(), Path(root))
    return Ref(ref.standard, latest_name(std.editions, lambda e: on_disk(root, Ref(ref.standard, e)).status))


def edition_file(root: Path, ref: Ref) -> Path:
    return Path(root) / "standards" / ref.standard / f"{ref.edition}.yaml"


def on_disk(root: Path, ref: Ref) -> Edition:
    """The edition as it is in the work tree."""
    path = edition_file(root, ref)
    if not os.path.lexists(path):
        known = sorted(p.stem for p in path.parent.glob("*.yaml") if p.name not in ("standard.yaml", "releases.yaml"))
        raise LodeError.of("unknown-edition", msg("{standard} has no edition {edition!r}{value} (no {value2}; editions: {value3})", standard=ref.standard, edition=ref.edition, value=did_you_mean(ref.edition, known), value2=path.relative_to(root).as_posix(), value3=', '.join(known) or 'none'), str(ref))
    return edition_from_bytes(path, path.relative_to(root).as_posix(), Path(root))


def edition_at(repo: git.Repo, root: Path, ref: Ref, rev: str) -> Edition:
    """The edition ``ref`` names, as committed at ``rev`` (a branch, tag or commit)."""
    rel = repo_path(repo, edition_file(root, ref))
    return edition_from_bytes(blob_at(repo, rev, rel, str(ref)), f"{rel}@{rev}")
