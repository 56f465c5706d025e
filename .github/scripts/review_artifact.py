"""Build the review artifact of a pull request (step one, unprivileged).

Writes into --out: comment.md (the Markdown comment, under GitHub's limit, in --lang:
zh, the default, or en), review.json (the full review, every language), pr-number and
head-sha (what step two checks before posting). Validation errors at head do not fail
this step: they are what the comment reports.

    python .github/scripts/review_artifact.py --base origin/main --pr 12 --sha <head sha> --lang zh --out review
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--pr", required=True)
    p.add_argument("--sha", required=True)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="the comment's language (default: zh)")
    p.add_argument("--root", type=Path, default=Path.cwd())
    a = p.parse_args(argv)
    if not re.fullmatch(r"[0-9]+", a.pr) or not re.fullmatch(r"[0-9a-f]{40}", a.sha):
        print("review_artifact: --pr must be a number and --sha a full commit id", file=sys.stderr)
        return 2
    lode = shutil.which("lode") or str(Path(sys.executable).with_name("lode"))
    a.out.mkdir(parents=True, exist_ok=True)
    for fmt, name in (("markdown", "comment.md"), ("json", "review.json")):
        done = subprocess.run([lode, "--lang", a.lang, "review", "--base", a.base, "--head", a.sha, "--root", str(a.root),
                               "--format", fmt, "--output", str(a.out / name)], check=False)
        if done.returncode not in (0, 1):  # 1: the head has findings, which the comment reports
            return done.returncode
    (a.out / "pr-number").write_text(a.pr + "\n")
    (a.out / "head-sha").write_text(a.sha + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
