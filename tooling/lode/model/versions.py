"""Resolving ``std@edition`` to an :class:`Edition`: from the files on disk, or as the
edition was at a git revision.

Revisions are read from git objects with gitpython -- no checkout and no worktree: the
blob comes from the object database (performance.md: a tree-blob read is 2.8x faster than
``git show``), its size is checked before it is read, and it goes through the same safe
loader and schema as a file on disk.
"""

from __future__ import annotations

from pathlib import Path

import git
from gitdb.exc import BadName, BadObject

from ..model.corpus import edition_from_bytes, standard_from_bytes
from ..core.findings import Finding
from ..read.loader import STANDARD_LIMITS
from ..model.edition import Edition, Ref


class VersionError(Exception):
    """An edition cannot be found at the place or revision asked; ``finding`` says why."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def resolve(root: Path, ref: Ref) -> Ref:
    """``std@latest`` -> the last edition standard.yaml lists; other refs unchanged,
    after checking that the standard exists."""
    std_file = Path(root) / "standards" / ref.standard / "standard.yaml"
    if not std_file.is_file():
        raise VersionError(Finding.make("unknown-edition", f"no standard {ref.standard!r} in {root}/standards",
                                        str(ref)))
    if ref.edition != "latest":
        return ref
    std = standard_from_bytes(std_file, std_file.relative_to(root).as_posix())
    return Ref(ref.standard, std.editions[-1])


def on_disk(root: Path, ref: Ref) -> Edition:
    """The edition as it is in the work tree."""
    path = Path(root) / "standards" / ref.standard / f"{ref.edition}.yaml"
    if not path.is_file():
        raise VersionError(Finding.make("unknown-edition", f"{ref.standard} has no edition {ref.edition!r} "
                                        f"(no {path.relative_to(root).as_posix()})", str(ref)))
    return edition_from_bytes(path, path.relative_to(root).as_posix())


def open_repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise VersionError(Finding.make("not-a-git-repo", f"{root} is not inside a git work tree",
                                         str(root))) from None


def edition_at(repo: git.Repo, root: Path, ref: Ref, rev: str) -> Edition:
    """The edition ``ref`` names, as committed at ``rev`` (a branch, tag or commit)."""
    rel = (Path(root).resolve() / "standards" / ref.standard / f"{ref.edition}.yaml").relative_to(
        Path(repo.working_tree_dir).resolve()).as_posix()
    display = f"{rel}@{rev}"
    try:
        commit = repo.commit(rev)
    except (BadName, BadObject, ValueError, git.GitCommandError):
        shallow = Path(repo.git_dir, "shallow").exists()
        code = "revision-shallow" if shallow else "revision-unknown"
        why = " (this clone is shallow: older history is not here)" if shallow else ""
        raise VersionError(Finding.make(code, f"git revision {rev!r} not found{why}", display)) from None
    try:
        blob = commit.tree / rel
    except KeyError:
        raise VersionError(Finding.make("revision-no-file", f"{ref} does not exist at {rev} "
                                         f"({commit.hexsha[:12]}): no {rel}", display)) from None
    if blob.type != "blob":
        raise VersionError(Finding.make("revision-no-file", f"{rel} is not a file at {rev}", display))
    if blob.size > STANDARD_LIMITS.max_bytes:
        raise VersionError(Finding.make("input-size", f"{rel} at {rev} is {blob.size} bytes; the limit is "
                                         f"{STANDARD_LIMITS.max_bytes}", display))
    return edition_from_bytes(blob.data_stream.read(), display)
