"""Post the review comment (step two, privileged: may comment, runs no pull-request code).

The artifact was made by code from the pull request, so nothing in it is trusted: the
number must be a number, the commit must be the one this workflow run was for, that
commit must still be the pull request's head, and the comment must be Lode's (it starts
with the marker) and fit GitHub's limit. An earlier Lode comment on the pull request is
updated rather than a new one added. Standard library only: nothing is installed here.

    GITHUB_TOKEN=… REPOSITORY=owner/repo RUN_HEAD_SHA=<sha> python3 post_review.py review/
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.request
from pathlib import Path
from typing import Any

MARKER = "<!-- lode-review -->"
LIMIT = 65_536  # characters, as GitHub counts them and len() does: a Chinese comment's 字 counts one


class Refused(Exception):
    pass


def read_artifact(folder: Path, run_head_sha: str) -> tuple[int, str, str]:
    """(pull request number, head sha, comment body), or Refused."""
    try:
        number = (folder / "pr-number").read_text().strip()
        sha = (folder / "head-sha").read_text().strip()
        body = (folder / "comment.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise Refused(f"artifact incomplete: {e}") from None
    if not re.fullmatch(r"[0-9]{1,9}", number):
        raise Refused("pr-number is not a number")
    if not re.fullmatch(r"[0-9a-f]{40}", sha) or sha != run_head_sha:
        raise Refused("head-sha is not the commit this workflow run reviewed")
    if not body.startswith(MARKER) or len(body) > LIMIT:
        raise Refused("comment.md is not a Lode review comment of at most 65,536 characters")
    return int(number), sha, body


class GitHub:
    def __init__(self, api: str, repo: str, token: str) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
            raise Refused("REPOSITORY is not owner/name")
        self.api, self.repo, self.token = api.rstrip("/"), repo, token

    def call(self, method: str, path: str, data: dict[str, Any] | None = None) -> Any:
        req = urllib.request.Request(f"{self.api}/repos/{self.repo}{path}", method=method,
                                     data=json.dumps(data).encode() if data is not None else None,
                                     headers={"Authorization": f"Bearer {self.token}",
                                              "Accept": "application/vnd.github+json",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310 - the API URL comes from the runner
            return json.loads(r.read() or b"null")


def post(gh: GitHub, number: int, sha: str, body: str) -> str:
    pr = gh.call("GET", f"/pulls/{number}")
    if pr.get("head", {}).get("sha") != sha:
        raise Refused(f"pull request #{number} is not at {sha[:12]} (its head moved, or the number is wrong)")
    comments = gh.call("GET", f"/issues/{number}/comments?per_page=100")
    mine = [c for c in comments if str(c.get("body", "")).startswith(MARKER)
            and c.get("user", {}).get("type") == "Bot"]
    if mine:
        gh.call("PATCH", f"/issues/comments/{mine[-1]['id']}", {"body": body})
        return f"updated comment {mine[-1]['id']} on #{number}"
    gh.call("POST", f"/issues/{number}/comments", {"body": body})
    return f"commented on #{number}"


def main(argv: list[str]) -> int:
    env = os.environ
    try:
        number, sha, body = read_artifact(Path(argv[0] if argv else "review"), env.get("RUN_HEAD_SHA", ""))
        gh = GitHub(env.get("GITHUB_API_URL", "https://api.github.com"), env.get("REPOSITORY", ""),
                    env.get("GITHUB_TOKEN", ""))
        print(post(gh, number, sha, body))
    except Refused as e:
        print(f"post_review: refused: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
