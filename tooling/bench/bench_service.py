"""``service``: the checking service (``lode serve-checks``) on a real port.

Single-file checks per second and p50/p95 latency at 1, 10 and 50 concurrent clients
(each request a new connection, a multipart upload, the CLI's JSON verdict and a signed
receipt back), beside the CLI floor for one file (``lode check FILE --format json``, a
process per file, as a script would call it). Then a batch of N generated files (the
disclosures benchmark's generator, ``--disclosures``) sent as one zip, from the upload
to the last verdict, in files per second per core, against ``lode check DIR --jobs 0``
on the same files in the same rounds. The service's verdicts are checked against the
CLI's before any figure is printed.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import secrets
import socket
import statistics
import subprocess
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from common import LODE, REPO, Measured, benchmark, cmd, fmt_stat, interleaved, print_table, progress

CLIENTS = (1, 10, 50)


def _multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    b = "bench" + secrets.token_hex(8)
    out = bytearray()
    for name, data in files:
        out += (f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n').encode()
        out += data + b"\r\n"
    return bytes(out + f"--{b}--\r\n".encode()), f"multipart/form-data; boundary={b}"


def _call(port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
          ) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def _start(tmp: Path, cores: int) -> tuple[subprocess.Popen, int, str]:
    config = tmp / "service.json"
    token = subprocess.run([str(LODE), "serve-checks", "token", "create", "--name", "bench", "--config", str(config)],
                           check=True, capture_output=True, text=True).stdout.strip()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.Popen([str(LODE), "serve-checks", "--root", str(REPO), "--port", str(port), "--config", str(config),
                          "--key", str(tmp / "key"), "--workers", str(cores), "--rate-limit", "0",
                          "--max-batch-files", "200000", "--max-batch-mb", "4096"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:  # ready when it accepts a connection
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return p, port, token
        except OSError:
            if p.poll() is not None:
                raise RuntimeError("lode serve-checks exited") from None
            time.sleep(0.05)


def _clients(port: int, files: list[tuple[str, bytes]], clients: int, requests: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        body, ctype = _multipart([files[i % len(files)]])
        t = time.perf_counter()
        status, _ = _call(port, "POST", "/api/v1/checks", body, {"Content-Type": ctype})
        s = time.perf_counter() - t
        if status != 200:
            raise AssertionError(f"status {status}")
        with lock:
            latencies.append(s)

    t = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(requests)))
    return time.perf_counter() - t, latencies


@benchmark("service", "lode serve-checks: single checks/s and p50/p95 at 1, 10, 50 clients; a zipped batch in "
           "files/s/core against lode check --jobs 0")
def bench_service(ctx: Any) -> dict[str, Any]:
    import disclosures

    cores = os.cpu_count() or 1
    n = ctx.disclosures
    progress(f"service: generating {n:,} files ...")
    paths = disclosures.generate(ctx.tmp / "service-files", n, ctx.seed)
    files = [(p.name, p.read_bytes()) for p in paths]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            z.writestr(f"service-files/{name}", data)
    zipped = buf.getvalue()
    server, port, token = _start(ctx.tmp, cores)
    auth = {"Authorization": f"Bearer {token}"}
    out: dict[str, Any] = {"files": n, "cores": cores, "single": {}}
    try:
        # the CLI's verdicts are the reference: check the service against them first
        cli = cmd([str(LODE), "check", "service-files", "--jobs", "0", "--format", "json", "--root", str(REPO)],
                  cwd=ctx.tmp, ok=lambda p: p.returncode in (0, 1)).value.stdout

        def batch(_: int) -> Measured:
            body, ctype = _multipart([("season.zip", zipped)])
            t = time.perf_counter()
            status, answer = _call(port, "POST", "/api/v1/batches", body, {"Content-Type": ctype, **auth})
            if status != 202:
                raise AssertionError(f"batch: status {status}: {answer[:300]!r}")
            job = json.loads(answer)["job"]
            while json.loads(_call(port, "GET", f"/api/v1/batches/{job}", headers=auth)[1])["state"] != "done":
                time.sleep(0.05)
            s = time.perf_counter() - t
            status, verdicts = _call(port, "GET", f"/api/v1/batches/{job}/verdicts", headers=auth)
            if verdicts.decode("utf-8") != cli:
                raise AssertionError("the service's batch verdicts differ from lode check's")
            _call(port, "DELETE", f"/api/v1/batches/{job}", headers=auth)
            return Measured(s)

        def jobs(_: int) -> Measured:
            return cmd([str(LODE), "check", "service-files", "--jobs", "0", "--format", "json", "--root", str(REPO)],
                       cwd=ctx.tmp, ok=lambda p: p.returncode in (0, 1))

        progress(f"service: batch of {n:,} files against lode check --jobs 0 ...")
        r = interleaved(ctx.runs(1), {"batch": batch, "cli": jobs})
        out["batch"], out["cli_jobs"] = r["batch"], r["cli"]
        one_file = ctx.tmp / "service-files" / paths[0].name

        def cli_one(_: int) -> Measured:
            return cmd([str(LODE), "check", str(one_file), "--format", "json", "--root", str(REPO)],
                       ok=lambda p: p.returncode in (0, 1))

        out["cli_one"] = interleaved(ctx.runs(1), {"one": cli_one})["one"]
        rows = []
        for c in CLIENTS:
            requests = max(100, 4 * c)
            progress(f"service: {requests} single checks from {c} client(s) ...")
            walls, lat = [], []
            for _ in range(ctx.runs(1)):
                wall, ls = _clients(port, files, c, requests)
                walls.append(wall)
                lat += ls
            lat.sort()
            per_s = requests / statistics.median(walls)
            p50, p95 = lat[len(lat) // 2], lat[int(len(lat) * 0.95)]
            out["single"][c] = {"requests": requests, "checks_per_s": per_s, "p50_s": p50, "p95_s": p95,
                                "walls": walls}
            rows.append([f"single checks, {c} concurrent client(s), {requests} requests/round", f"{per_s:,.1f}/s",
                         f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"])
    finally:
        server.terminate()
        server.wait(30)
    b, cj = out["batch"]["median"], out["cli_jobs"]["median"]
    out.update({"batch_files_per_s_core": n / b / cores, "cli_files_per_s_core": n / cj / cores,
                "ratio_cli_batch": b / cj})
    rows += [[f"CLI floor: lode check ONE FILE --format json (process start included)", fmt_stat(out["cli_one"]),
              f"{1 / out['cli_one']['median']:,.1f}/s"],
             [f"batch: {n:,} files as one zip, upload to last verdict ({cores} workers)", fmt_stat(out["batch"]),
              f"{out['batch_files_per_s_core']:,.0f} files/s/core"],
             [f"lode check DIR --jobs 0 --format json, same files", fmt_stat(out["cli_jobs"]),
              f"{out['cli_files_per_s_core']:,.0f} files/s/core"]]
    print_table("service", ["measure", "median (min–max) or rate", "figure"], rows,
                [f"{ctx.runs(1)} rounds; the batch takes {out['ratio_cli_batch']:.2f}x the CLI's wall time; "
                 "verdicts identical to the CLI's"])
    return out
