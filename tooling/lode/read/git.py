"""Reading files as they were at a git revision: from the object database with
gitpython, no checkout and no worktree (performance.md: a tree-blob read is 2.8x faster
than ``git show``). A blob's size is checked before it is read, so a huge blob costs
nothing; what the bytes mean is the YAML reader's business.

Every way a revision can fail to name a file is a coded :class:`LodeError` (exit 4
for a revision or file that is not there, 2 outside a git work tree).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import LodeError
from .loader import STANDARD_LIMITS, Limits
from ..core.i18n import msg

if TYPE_CHECKING:
    import git

# gitpython is imported by the functions that read git, not here: it cost a fifth of the
# CLI's start-up, and most commands (validate, diff of two work-tree editions) never read git.


def open_repo(root: Path) -> git.Repo:
    """The git repository that contains ``root``."""
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise LodeError.of("not-a-git-repo", msg("{root} is not inside a git work tree", root=root), str(root)) from None


def repo_path(repo: git.Repo, path: Path) -> str:
    """``path`` (on disk) as a path inside the repository, for tree look-ups."""
    # The folder is resolved, not the file: a symlinked file is looked up as itself.
    path = Path(path)
    return (path.parent.resolve() / path.name).relative_to(Path(repo.working_tree_dir).resolve()).as_posix()


def commit_at(repo: git.Repo, rev: str, display: str) -> git.Commit:
    """The commit ``rev`` names (branch, tag or commit), or a coded refusal.

    git itself parses the spec (``git rev-parse --verify``, after ``--end-of-options`` so
    a spec can never be an option): gitpython's own parser raised uncoded errors on
    ``HEAD:..``, ``@{-1}`` or ``HEAD@{yesterday}``. A spec that names a tree or a file
    says so, and an annotated tag is peeled to its commit."""
    import git
    from gitdb.exc import BadName, BadObject

    try:
        sha = repo.git.rev_parse("--verify", "--quiet", "--end-of-options", rev).strip()
        obj = repo.rev_parse(sha)
        while obj.type == "tag":
            obj = obj.object
    except (BadName, BadObject, ValueError, IndexError, git.GitCommandError):
        shallow = Path(repo.git_dir, "shallow").exists()
        code = "revision-shallow" if shallow else "revision-unknown"
        why = " (this clone is shallow: older history is not here)" if shallow else ""
        raise LodeError.of(code, msg("git revision {rev!r} not found{why}", rev=rev, why=why), display) from None
    if obj.type != "commit":
        what = {"tree": "a folder (a git tree)", "blob": "a file (a git blob)"}.get(obj.type, f"a git {obj.type}")
        raise LodeError.of("revision-not-commit", msg("git revision {rev!r} names {what}, not a commit", rev=rev, what=what), display)
    return obj


def blob_at(repo: git.Repo, rev: str, rel: str, what: str, limits: Limits = STANDARD_LIMITS) -> bytes:
    """The bytes of ``rel`` as committed at ``rev``; ``what`` names it in refusals."""
    display = f"{rel}@{rev}"
    commit = commit_at(repo, rev, display)
    try:
        blob = commit.tree / rel
    except KeyError:
        raise LodeError.of("revision-no-file", msg("{what} does not exist at {rev} ({value}): no {rel}", what=what, rev=rev, value=commit.hexsha[:12], rel=rel),
                           display) from None
    if blob.type != "blob":
        raise LodeError.of("revision-no-file", msg("{rel} is not a file at {rev}", rel=rel, rev=rev), display)
    if blob.size > limits.max_bytes:
        raise LodeError.of("input-size", msg("{rel} at {rev} is {size} bytes; the limit is {max_bytes}", rel=rel, rev=rev, size=blob.size, max_bytes=limits.max_bytes),
                           display)
    return blob.data_stream.read()
