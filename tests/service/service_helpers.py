"""Helpers of the service tests: a released repository, the real server started on a
free port (readiness polled on the port, never a fixed sleep), and a plain HTTP client
that sends multipart forms (the standard library's, so the test exercises the server,
not a client library's conveniences)."""

from __future__ import annotations

import atexit
import http.client
import tempfile
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parents[2]
EX = REPO / "examples" / "disclosures"
PIN = "cma-esg-disclosure@2025/r1"
LODE = [sys.executable, "-m", "lode.cli"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def released_repo(where: Path, env: dict[str, str]) -> Path:
    """A real git repository with this repository's standards and the CMA edition
    released through `lode release` (tag cma-esg-disclosure/2025/r1)."""
    repo = where / "repo"
    shutil.copytree(REPO / "standards", repo / "standards", ignore=shutil.ignore_patterns("comments", "releases.yaml"))
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "corpus")
    subprocess.run([*LODE, "release", "cma-esg-disclosure@2025", "--allow-illustrative"], cwd=repo, env=env,
                   check=True, capture_output=True)
    return repo


def pinned(text: str) -> str:
    return text.replace("pin: cma-esg-disclosure@2025\n", f"pin: {PIN}\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    port: int
    repo: Path
    token: str
    allowed_signers: Path
    process: subprocess.Popen

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def post(self, path: str, files: list[tuple[str, str, bytes]], fields: dict[str, str] | None = None,
             token: str | None = None) -> tuple[int, dict[str, str], bytes]:
        body, ctype = multipart(files, fields or {})
        headers = {"Content-Type": ctype}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.request("POST", path, body, headers)

    def json(self, method: str, path: str, token: str | None = None) -> tuple[int, Any]:
        status, _, body = self.request(method, path, headers={"Authorization": f"Bearer {token}"} if token else {})
        return status, json.loads(body)


def multipart(files: list[tuple[str, str, bytes]], fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = "lode" + secrets.token_hex(12)
    out = bytearray()
    for name, value in fields.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n').encode()
    for field, filename, data in files:
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def wait_for_port(port: int, process: subprocess.Popen, deadline: float = 90) -> None:
    """Until the server accepts a connection (or its process ends: then fail with its log)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            try:
                process.wait(timeout=0.05)  # returns at once if the server died
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"the server exited with {process.returncode}: {process.stderr.read().decode()}")
    raise RuntimeError(f"the server did not listen on port {port} within {deadline} s")


def start(repo: Path, where: Path, env: dict[str, str], *extra: str) -> Iterator[Server]:
    config = where / "service.json"
    token = subprocess.run([*LODE, "serve-checks", "token", "create", "--name", "tests", "--config", str(config)],
                           env=env, check=True, capture_output=True, text=True).stdout.strip()
    port = free_port()
    process = subprocess.Popen([*LODE, "serve-checks", "--root", str(repo), "--port", str(port), "--config",
                                str(config), "--workers", "2", "--principal", "tests@lode", *extra],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process)
        allowed = where / "allowed_signers"
        server = Server(f"http://127.0.0.1:{port}", port, repo, token, allowed, process)
        status, _, body = server.request("GET", "/api/v1/allowed-signers")
        if status == 200:
            allowed.write_bytes(body)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


def env_for(cache: Path) -> dict[str, str]:
    env = {**os.environ, "LODE_CACHE_DIR": str(cache), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "tooling"), env.get("PYTHONPATH")) if p)
    return env


_SHARED: list[Any] = []


def shared_server() -> Server:
    """One released repository and one real server for every service test module of the
    run (started on first use, stopped when the test process exits)."""
    if not _SHARED:
        where = Path(tempfile.mkdtemp(prefix="lode-service-test-"))
        env = env_for(where / "cache")
        repo = released_repo(where, env)
        gen = start(repo, where, env, "--rate-limit", "0", "--key", str(where / "key"), "--max-upload-mb", "6",
                    "--max-batch-mb", "64", "--max-batch-files", "3000")
        _SHARED.append(next(gen))

        def stop() -> None:
            gen.close()
            shutil.rmtree(where, ignore_errors=True)
        atexit.register(stop)
    return _SHARED[0]
