"""Which kind of document a file under ``standards/`` holds, from its place in the
layout (DESIGN.md, "Repository layout"): the one answer every rewriting command uses."""

from __future__ import annotations

from pathlib import PurePosixPath


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
