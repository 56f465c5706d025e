"""The service's limits on their own: a worker that overruns is killed and replaced
while the pool goes on; a zip that lies about its sizes is refused; the anonymous rate
limit answers a coded 429 on a real server."""

from __future__ import annotations

import dataclasses
import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from service_helpers import EX, REPO, env_for, shared_server, start

from lode.core.errors import LodeError
from lode.service.limits import Limits
from lode.service.pool import WorkerPool
from lode.service.uploads import Upload, expand_zip
from lode.service.worker import Task


def test_a_worker_over_its_time_is_killed_and_replaced_and_the_pool_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "passing.yaml"
    f.write_bytes((EX / "passing.yaml").read_bytes())
    task = Task(str(f), "passing.yaml", str(REPO))
    # a budget no check can meet (the first check resolves and compiles the edition)
    pool = WorkerPool(2, Limits(check_seconds=0.001), str(REPO), [])
    try:
        first = pool._idle.queue[0].process.pid
        with pytest.raises(LodeError) as e:
            pool.run(task)
        assert e.value.finding.code == "check-timeout" and pool.replaced == 1
        assert first not in {w.process.pid for w in pool._idle.queue} and len(pool._idle.queue) == 2
        with pytest.raises(LodeError) as e:  # a batch's chunk: the same budget per file
            pool.run_many([task] * 3)
        assert e.value.finding.code == "check-timeout" and pool.replaced == 2
        pool.limits = dataclasses.replace(pool.limits, check_seconds=120)
        assert [pool.run(task).verdicts[0].status for _ in range(3)] == ["PASS"] * 3
        assert [o.verdicts[0].status for o in pool.run_many([task] * 3)] == ["PASS"] * 3
    finally:
        pool.close()


def _lying_zip() -> bytes:
    """A zip whose entry says it expands to 10 bytes and expands to 1 MiB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.yaml", b"0" * (1024 * 1024))
    data = bytearray(buf.getvalue())
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size, local and central
        i = data.index(sig)
        data[i + offset:i + offset + 4] = struct.pack("<I", 10)
    return bytes(data)


def test_a_zip_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in.zip").write_bytes(_lying_zip())
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(LodeError) as e:
        expand_zip(Upload(tmp_path / "in.zip", "in.zip"), out, Limits(), 1)
    assert e.value.finding.code in ("zip-invalid", "zip-expansion")
    assert all(p.stat().st_size <= 1024 * 1024 for p in out.iterdir())


def test_anonymous_checks_are_rate_limited_per_client_with_a_coded_429(tmp_path: Path) -> None:
    env = env_for(tmp_path / "cache")
    gen = start(shared_server().repo, tmp_path, env, "--rate-limit", "2", "--workers", "1", "--no-receipts")
    server = next(gen)
    try:
        data = (EX / "passing.yaml").read_bytes()
        answers = [server.post("/api/v1/checks", [("file", "passing.yaml", data)]) for _ in range(3)]
        assert [a[0] for a in answers] == [200, 200, 429]
        doc = json.loads(answers[2][2])
        assert doc["code"] == "rate-limited" and int(answers[2][1]["retry-after"]) >= 1
        assert "lode-receipt" not in answers[0][1]  # --no-receipts
        # batches are not anonymous, so not rate-limited: the token is the limit
        status, _, _ = server.post("/api/v1/batches", [("file", "passing.yaml", data)], token=server.token)
        assert status == 202
    finally:
        gen.close()


def _vm_size(pid: int) -> int:
    line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmSize:"))
    return int(line.split()[1]) * 1024


def test_a_file_that_needs_more_memory_than_a_check_may_use_is_refused_and_the_pool_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    rows = [f"  m{i}: {{value: [{', '.join(map(str, range(20)))}]}}" for i in range(48_000)]
    big.write_text("lode-disclosure: 1\npin: cma-esg-disclosure@2025\nfacts:\n" + "\n".join(rows) + "\n")
    probe = WorkerPool(1, Limits(), str(REPO), [])
    try:
        baseline = _vm_size(probe._idle.queue[0].process.pid)
    finally:
        probe.close()
    # a worker may grow 28 MiB beyond what it holds idle: a real check fits, this file does not
    pool = WorkerPool(1, Limits(worker_memory=baseline + 28 * 1024 * 1024), str(REPO), [])
    try:
        try:
            code = pool.run(Task(str(big), "big.yaml", str(REPO))).verdicts[0].findings[0].code
        except LodeError as e:
            code = e.finding.code
        # the reader's own refusal if it ran out while parsing, the service's if the worker died
        assert code in ("input-resource", "check-resources")
        ok = Task(str(EX / "passing.yaml"), "passing.yaml", str(REPO))
        assert pool.run(ok).verdicts[0].status == "PASS"
    finally:
        pool.close()
