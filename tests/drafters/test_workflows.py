"""The GitHub workflows pass actionlint, and the scripts they call work: the artifact
builder on a real git repository, the poster against a local stand-in for the GitHub API
(loopback only), refusing whatever in the artifact it cannot trust."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import REPO
from drafters_helpers import corpus_repo, git, replace_once

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
SCRIPTS = REPO / ".github" / "scripts"


def _actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert found, "actionlint is not installed (pyproject.toml dev extras)"
    return found


def test_actionlint_passes_on_every_workflow() -> None:
    assert {p.name for p in WORKFLOWS} == {"validate.yml", "review.yml", "review-comment.yml", "site.yml"}
    done = subprocess.run([_actionlint(), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text((REPO / ".github/workflows/review.yml").read_text().replace(
        "github.event.pull_request.number", "github.event.pull_request.numbr").replace("runs-on:", "run-on:"))
    done = subprocess.run([_actionlint(), "-no-color", str(bad)], capture_output=True, text=True)
    assert done.returncode != 0


def test_the_privileged_job_never_checks_out_the_pull_request() -> None:
    text = (REPO / ".github/workflows/review-comment.yml").read_text()
    assert "workflow_run" in text and "pull_request_target" not in text
    assert "ref: ${{ github.event.repository.default_branch }}" in text
    assert "pip install" not in text and "lode " not in text  # nothing from the PR is installed or run
    unprivileged = (REPO / ".github/workflows/review.yml").read_text()
    assert "pull-requests: write" not in unprivileged and "contents: read" in unprivileged


def test_review_artifact_on_a_real_repository(tmp_path: Path) -> None:
    root = corpus_repo(tmp_path / "repo")
    git(root, "checkout", "-qb", "pr")
    replace_once(root / "standards/cccmc-ddg/2022.yaml",
                 "The company sets up the management systems it needs to handle supply-chain risk.",
                 "The company sets up the management systems it needs to handle every supply-chain risk.")
    git(root, "commit", "-qam", "edit step 1")
    sha = git(root, "rev-parse", "HEAD").strip()
    out = tmp_path / "artifact"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, str(SCRIPTS / "review_artifact.py"), "--base", "main", "--pr", "7",
                           "--sha", sha, "--out", str(out), "--root", str(root)], capture_output=True, text=True,
                          env=env, cwd=root)
    assert done.returncode == 0, done.stderr
    assert (out / "pr-number").read_text() == "7\n" and (out / "head-sha").read_text() == sha + "\n"
    md = (out / "comment.md").read_text()
    assert md.startswith("<!-- lode-review -->") and "<ins>every </ins>" in md
    assert json.loads((out / "review.json").read_text())["changed"] == [
        {"path": "standards/cccmc-ddg/2022.yaml", "status": "changed"}]
    bad = subprocess.run([sys.executable, str(SCRIPTS / "review_artifact.py"), "--base", "main", "--pr", "7; rm",
                          "--sha", sha, "--out", str(out)], capture_output=True, text=True, env=env, cwd=root)
    assert bad.returncode == 2


class _FakeGitHub(BaseHTTPRequestHandler):
    head = "a" * 40
    comments: list[dict] = []
    calls: list[tuple[str, str, dict | None]] = []

    def _reply(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict | None:
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n)) if n else None

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.calls.append(("GET", self.path, None))
        if self.path == "/repos/o/r/pulls/7":
            self._reply({"number": 7, "head": {"sha": self.head}})
        else:
            self._reply(self.comments)

    def do_POST(self) -> None:  # noqa: N802
        self.calls.append(("POST", self.path, self._body()))
        self._reply({"id": 1})

    def do_PATCH(self) -> None:  # noqa: N802
        self.calls.append(("PATCH", self.path, self._body()))
        self._reply({"id": 1})

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeGitHub.calls, _FakeGitHub.comments = [], []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _post(api: str, folder: Path, run_sha: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GITHUB_API_URL": api, "REPOSITORY": "o/r", "GITHUB_TOKEN": "t", "RUN_HEAD_SHA": run_sha}
    return subprocess.run([sys.executable, str(SCRIPTS / "post_review.py"), str(folder)], capture_output=True,
                          text=True, env=env)


def _artifact(folder: Path, body: str = "<!-- lode-review -->\n## Lode review\n", pr: str = "7",
              sha: str = "a" * 40) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "comment.md").write_text(body)
    (folder / "pr-number").write_text(pr + "\n")
    (folder / "head-sha").write_text(sha + "\n")
    return folder


def test_post_review_creates_then_updates_its_comment(api: str, tmp_path: Path) -> None:
    art = _artifact(tmp_path / "a")
    done = _post(api, art, "a" * 40)
    assert done.returncode == 0, done.stderr
    assert _FakeGitHub.calls[-1] == ("POST", "/repos/o/r/issues/7/comments",
                                     {"body": "<!-- lode-review -->\n## Lode review\n"})
    _FakeGitHub.comments = [{"id": 99, "body": "<!-- lode-review -->\nold", "user": {"type": "Bot"}},
                            {"id": 5, "body": "<!-- lode-review --> by a person", "user": {"type": "User"}}]
    done = _post(api, art, "a" * 40)
    assert done.returncode == 0 and _FakeGitHub.calls[-1][:2] == ("PATCH", "/repos/o/r/issues/comments/99")


@pytest.mark.parametrize("what", ["other-run", "moved-head", "not-a-number", "not-lode", "too-long"])
def test_post_review_refuses_what_it_cannot_trust(api: str, tmp_path: Path, what: str) -> None:
    sha = "a" * 40
    art = {"other-run": lambda: _artifact(tmp_path / "a", sha="b" * 40),
           "moved-head": lambda: _artifact(tmp_path / "a", sha="c" * 40),
           "not-a-number": lambda: _artifact(tmp_path / "a", pr="7/../../8"),
           "not-lode": lambda: _artifact(tmp_path / "a", body="@everyone look here"),
           "too-long": lambda: _artifact(tmp_path / "a", body="<!-- lode-review -->" + "x" * 70_000)}[what]()
    run_sha = "c" * 40 if what == "moved-head" else sha
    done = _post(api, art, run_sha)
    assert done.returncode == 1 and "refused" in done.stderr
    assert not [c for c in _FakeGitHub.calls if c[0] in ("POST", "PATCH")]
