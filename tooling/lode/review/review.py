"""``lode review --base REV [--head REV]``: what a pull request changes, in one value.

Both sides are read from git objects (``read.git``): each revision's ``standards/`` is
written into a temporary folder (every blob size-checked first), so the same validator,
loader and schema judge both sides; a head that is not given is the work tree, so a
drafter can review before committing. From the two trees:

- the editions and crosswalks whose bytes differ;
- the validation findings at head that base did not have (a PR is judged on what it
  adds, not on problems it inherited), and the head's totals;
- a clause-level diff of each changed edition (``diff.engine``); a new edition is
  diffed against the edition it supersedes, which is how a new draft is reviewed;
- crosswalk rows that went suspect, broken, unresolved or re-based at head;
- the example disclosures that would flip from pass to fail (:func:`disclosure_flips`).

Nothing here prints, writes outside its temporary folders, or checks out code.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import git

from ..core.codes import Severity
from ..core.errors import LodeError
from ..core.findings import Finding, Report
from ..diff.engine import diff_editions
from ..diff.result import Diff
from ..model.layout import document_kind
from ..model.corpus import edition_from_bytes
from ..model.edition import Ref
from ..read.git import blob_at, commit_at, open_repo, repo_path
from ..validate.run import validate
from ..core.i18n import msg

DRIFT_CODES = ("crosswalk-suspect", "crosswalk-broken", "crosswalk-unresolved", "crosswalk-rebased")


@dataclass
class EditionReview:
    ref: str                       # std@edition at head (or at base, when removed)
    status: str                    # "added" | "changed" | "removed"
    compared_with: str | None      # the base side of the diff: std@edition (rev)
    diff: Diff | None
    error: list[Finding] = field(default_factory=list)  # why it could not be diffed


@dataclass
class Review:
    base: str
    head: str
    changed: list[tuple[str, str]]            # (path, "added" | "changed" | "removed")
    head_report: Report
    new_findings: list[Finding]
    editions: list[EditionReview]
    drift: list[Finding]
    disclosures: list[dict[str, Any]] | None  # None: the disclosure checker is not available
    # Released entries of a release log that the head changed, removed or re-ordered (also
    # in new_findings): a release is history, so each one fails the review.
    log_rewrites: list[Finding] = field(default_factory=list)
    # Files under standards/ that the work tree has and git does not track: reviewed here,
    # but not in any commit (a new edition left out of `git commit -am`).
    untracked: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.head_report.findings) + len(self.log_rewrites)


def review(root: Path, base: str, head: str | None = None) -> Review:
    """The review of ``head`` (a revision, or the work tree when None) against ``base``."""
    root = Path(root).resolve()
    repo = open_repo(root)
    base_sha = commit_at(repo, base, base).hexsha[:12]
    # messages: a Chinese comment writes 工作区 and full-width brackets, English is unchanged
    head_label = msg("work tree") if head is None else msg("{ref} ({revision})", ref=head,
                                                            revision=commit_at(repo, head, head).hexsha[:12])
    base_label = msg("{ref} ({revision})", ref=base, revision=base_sha)
    with tempfile.TemporaryDirectory(prefix="lode-review-") as tmp:
        base_root = _materialize(repo, root, base, Path(tmp) / "base")
        head_root = root if head is None else _materialize(repo, root, head, Path(tmp) / "head")
        changed = _changed(base_root, head_root)
        base_report, head_report = validate(base_root), validate(head_root)
        seen = {_key(f) for f in base_report.findings}
        new = [f for f in head_report.findings if _key(f) not in seen]
        drift = [f for f in new if f.code in DRIFT_CODES]
        new = [f for f in new if f.code not in DRIFT_CODES]
        editions = list(_edition_reviews(base_root, head_root, changed, base_label, head_label))
        flips = disclosure_flips(base_root, head_root, root / "examples" / "disclosures")
        rewrites = [f for rel, status in changed if document_kind(rel) == "release-log"
                    for f in release_log_rewrites(base_root, head_root, rel)]
        untracked = _untracked(repo, root) if head is None else []
    return Review(base_label, head_label, changed, head_report, rewrites + new, editions, drift, flips,
                  untracked=untracked, log_rewrites=rewrites)


def release_log_rewrites(base_root: Path, head_root: Path, rel: str) -> list[Finding]:
    """A finding for each release of the base's log that the head's log does not keep
    exactly, in the same place: a release log only ever grows at its end."""
    from ..read.schemas import load_checked

    def entries(root: Path) -> tuple[list[Any], Any]:
        if not (root / rel).is_file():
            return [], None
        try:
            doc = load_checked(root / rel, rel, "release-log")
        except LodeError:
            return [], None  # an unreadable log is the validation section's finding
        return list(doc.data["releases"]), doc

    old, _ = entries(base_root)
    new, doc = entries(head_root)
    if not (head_root / rel).is_file() and old:
        return [Finding.make("release-log-rewritten", msg("the release log with {n} release(s) was removed", n=len(old)), rel)]
    out = []
    for i, entry in enumerate(old):
        name = entry.get("tag", f"entry {i + 1}")
        if i >= len(new):
            out.append(Finding.make("release-log-rewritten", msg("release {name} was removed from the log", name=name), rel))
        elif dict(new[i]) != dict(entry):
            line, col = doc.where(("releases", i)) if doc is not None else (0, 0)
            moved = any(dict(e) == dict(entry) for e in new)
            what = "moved to another place in the log" if moved else "rewritten: " + ", ".join(
                sorted(k for k in set(entry) | set(new[i]) if entry.get(k) != new[i].get(k)))
            out.append(Finding.make("release-log-rewritten", msg("release {name} was {what}", name=name, what=what), rel, line, col))
    return out


def _untracked(repo: git.Repo, root: Path) -> list[str]:
    prefix = repo_path(repo, root / "standards")
    out = repo.git.ls_files("--others", "--exclude-standard", "--", prefix)
    top = Path(repo.working_tree_dir).resolve()
    return sorted((top / p).relative_to(root).as_posix() for p in out.splitlines() if p)


def disclosure_flips(base_root: Path, head_root: Path, examples: Path) -> list[dict[str, Any]] | None:
    """The example disclosures (those of the head, in ``examples``) that pass against the
    base's standards and fail against the head's, or None when this version of Lode has no
    disclosure checker to ask (never a made-up result). ``lode.disclose.check_examples``
    gives each example's verdict against one root."""
    try:
        from .. import disclose
    except ImportError:  # pragma: no cover - the package ships an empty disclose/
        return None
    check = getattr(disclose, "check_examples", None)
    if not callable(check):
        return None
    before, after = check(base_root, examples), check(head_root, examples)
    return [{"disclosure": name, "base": "pass", "head": "fail"}
            for name, ok in sorted(after.items()) if not ok and before.get(name) is True]


def _key(f: Finding) -> tuple[str, str, str]:
    # Not the line: an edit above a finding moves it without making it new.
    return (f.code, f.path, f.message)


def _materialize(repo: git.Repo, root: Path, rev: str, dest: Path) -> Path:
    """``standards/`` as committed at ``rev``, written under ``dest``."""
    prefix = repo_path(repo, root / "standards")
    commit = commit_at(repo, rev, rev)
    (dest / "standards").mkdir(parents=True)
    try:
        tree = commit.tree / prefix
    except KeyError:
        raise LodeError.of("revision-no-file", msg("there is no standards/ folder at {rev}", rev=rev), rev) from None
    for item in tree.traverse():
        if item.type != "blob":
            continue
        rel = Path(item.path).relative_to(prefix)
        out = dest / "standards" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(blob_at(repo, commit.hexsha, item.path, f"{rel} at {rev}"))
    return dest


def _files(root: Path) -> dict[str, Path]:
    base = root / "standards"
    return {p.relative_to(root).as_posix(): p for p in sorted(base.rglob("*.yaml"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(base).parts)}


def _changed(base_root: Path, head_root: Path) -> list[tuple[str, str]]:
    a, b = _files(base_root), _files(head_root)
    out = []
    for rel in sorted(set(a) | set(b)):
        if rel not in b:
            out.append((rel, "removed"))
        elif rel not in a:
            out.append((rel, "added"))
        elif a[rel].read_bytes() != b[rel].read_bytes():
            out.append((rel, "changed"))
    return out


def _edition_reviews(base_root: Path, head_root: Path, changed: list[tuple[str, str]],
                     base_label: str, head_label: str) -> Iterator[EditionReview]:
    for rel, status in changed:
        if document_kind(rel) != "edition":
            continue
        std, name = rel.split("/")[1], rel.rsplit("/", 1)[1][: -len(".yaml")]
        ref = str(Ref(std, name))
        if status == "removed":
            yield EditionReview(ref, status, None, None)
            continue
        try:
            new = edition_from_bytes(head_root / rel, rel)
            if status == "changed":
                old, label = edition_from_bytes(base_root / rel, rel), msg("{ref} ({revision})", ref=ref,
                                                                             revision=base_label)
            elif new.supersedes and (head_root / "standards" / std / f"{new.supersedes}.yaml").is_file():
                # A new edition: reviewed as the change from the edition it supersedes.
                prev = f"standards/{std}/{new.supersedes}.yaml"
                old, label = edition_from_bytes(head_root / prev, prev), f"{std}@{new.supersedes}"
            else:
                yield EditionReview(ref, status, None, None)
                continue
        except LodeError as e:  # invalid at head: the validation section says why
            yield EditionReview(ref, status, None, None, e.findings)
            continue
        # a message: "work tree" in it is shown in the reader's language (工作区)
        new_label = msg("{ref} ({revision})", ref=ref, revision=head_label)
        yield EditionReview(ref, status, label, diff_editions(old, new, old_label=label, new_label=new_label))
