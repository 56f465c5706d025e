"""The repository's layout: where its root is (the folder that holds ``standards/``), and
which kind of document a file under ``standards/`` holds, from its place: the one answer
every command uses."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from ..core.errors import LodeError
from ..core.i18n import msg
from ..read.files import repo_root_of


def document_kind(rel: str) -> str:
    """``standard``, ``edition``, ``crosswalk``, ``comments`` or ``release-log`` for a
    path such as ``standards/<id>/crosswalks/<file>.yaml``."""
    parts = PurePosixPath(rel).parts
    if len(parts) >= 2 and parts[-2] in ("crosswalks", "comments"):
        return "crosswalk" if parts[-2] == "crosswalks" else "comments"
    if parts[-1] == "standard.yaml":
        return "standard"
    if parts[-1] == "releases.yaml":
        return "release-log"
    return "edition"


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` that has a ``standards/`` folder: the
    symlink rule's root (``read/files.repo_root_of``), found lexically, or an error."""
    # Lexically: resolving would take a symlinked file's root from where it points,
    # and the symlink rule would then follow it out of the repository.
    root = repo_root_of(start)
    if root is None:
        raise LodeError.of("no-standards", msg("no standards/ folder at or above {start}",
                                               start=Path(os.path.abspath(start))))
    return root
