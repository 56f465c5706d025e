"""The checking service's API against the real server: the JSON verdict is the CLI's,
byte for byte; hostile input is refused with the CLI's codes and the server goes on;
batches need a token, lose nothing and agree with `lode check`; receipts verify offline."""

from __future__ import annotations

import base64
import io
import json
import re
import socket
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from service_helpers import EX, PIN, Server, pinned, shared_server


@pytest.fixture(scope="module")
def server() -> Server:
    return shared_server()


def cli_json(run_lode, folder: Path, *names: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes]:
    """`lode check NAMES --format json` run in ``folder``, as a validator would."""
    monkeypatch.chdir(folder)
    code, out, _ = run_lode("check", *names, "--root", str(root), "--format", "json", "--jobs", "2")
    return code, out.encode("utf-8")


def samples() -> dict[str, bytes]:
    passing = pinned((EX / "passing.yaml").read_text(encoding="utf-8"))
    failing = pinned((EX / "failing.yaml").read_text(encoding="utf-8"))
    return {"passing.yaml": passing.encode(), "failing.yaml": failing.encode(),
            "passing.json": json.dumps({**json.loads((EX / "passing.json").read_text(encoding="utf-8")),
                                        "pin": PIN}).encode(),
            "unpinned.yaml": (EX / "passing.yaml").read_bytes()}


def test_a_single_check_answers_the_clis_json_verdict_byte_for_byte(server: Server, tmp_path: Path, run_lode,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for name, data in samples().items():
        (tmp_path / name).write_bytes(data)
        status, headers, body = server.post("/api/v1/checks", [("file", name, data)])
        code, expected = cli_json(run_lode, tmp_path, name, root=server.repo, monkeypatch=monkeypatch)
        assert body == expected, name
        assert status == 200 and headers["lode-status"] == json.loads(body)["verdicts"][0]["status"]
        assert code in (0, 1)
    # and with the pin given in the form, as --pin
    data = (EX / "passing.yaml").read_text(encoding="utf-8").replace("pin: cma-esg-disclosure@2025\n", "")
    (tmp_path / "nopin.yaml").write_text(data, encoding="utf-8")
    _, _, body = server.post("/api/v1/checks", [("file", "nopin.yaml", data.encode())], {"pin": PIN})
    monkeypatch.chdir(tmp_path)
    _, out, _ = run_lode("check", "nopin.yaml", "--pin", PIN, "--root", str(server.repo), "--format", "json")
    assert body == out.encode() and json.loads(body)["verdicts"][0]["checked-against"]["pinned"] is True


HOSTILE = {
    "alias.yaml": b"lode-disclosure: 1\npin: x@1\nfacts:\n  a: &a {value: 1}\n  b: *a\n",
    "tag.yaml": b"lode-disclosure: 1\nfacts: !!python/object:os.system {}\n",
    "deep.yaml": b"lode-disclosure: 1\nfacts: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "multidoc.yaml": b"lode-disclosure: 1\n---\nlode-disclosure: 1\n",
    "latin1.yaml": b"lode-disclosure: 1\nentity: {name: \xe9}\n",
    "bom.yaml": b"lode-disclosure: 1\nentity: {name: a\xef\xbb\xbfb}\n",
    "control.yaml": b"lode-disclosure: 1\nentity: {name: \"a\x07\"}\n",
    "dupkey.json": b'{"lode-disclosure": 1, "pin": "a@1", "pin": "b@1"}',
    "list.json": b"[1, 2, 3]",
    "empty.yaml": b"",
    "big-scalar.yaml": b"lode-disclosure: 1\nentity: {name: " + b"x" * 200_000 + b"}\n",
    "not-a-workbook.xlsx": b"PK\x03\x04 this is no zip",
}


def _bomb_workbook() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.xml", b"0" * (60 * 1024 * 1024))
    return buf.getvalue()


def test_hostile_disclosures_are_refused_with_the_clis_codes_and_the_server_goes_on(
        server: Server, tmp_path: Path, run_lode, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = {**HOSTILE, "bomb.xlsx": _bomb_workbook()}
    for name, data in hostile.items():
        (tmp_path / name).write_bytes(data)
        status, headers, body = server.post("/api/v1/checks", [("file", name, data)])
        code, expected = cli_json(run_lode, tmp_path, name, root=server.repo, monkeypatch=monkeypatch)
        assert code == 3, name
        assert status == 422 and headers["lode-status"] == "REJECTED", (name, status, body[:300])
        assert body == expected, name
        assert json.loads(body)["verdicts"][0]["findings"][0]["code"], name
    assert server.request("GET", "/healthz")[0] == 200
    assert server.post("/api/v1/checks", [("file", "passing.yaml", samples()["passing.yaml"])])[0] == 200


def _zip(entries: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", level) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_zip_bomb_and_other_bad_requests_get_coded_4xx_never_a_500(server: Server) -> None:
    t = server.token
    cases = [
        ("zip bomb", server.post("/api/v1/batches", [("file", "b.zip", _zip({"a.yaml": b"a: " + b"0" * 50_000_000}))],
                                 token=t), 413, "zip-expansion"),
        ("too many entries", server.post("/api/v1/batches", [("file", "m.zip", _zip(
            {f"e{i}.txt": b"" for i in range(4100)}, zipfile.ZIP_STORED))], token=t), 413, "zip-entries"),
        ("not a zip", server.post("/api/v1/batches", [("file", "n.zip", b"PK no zip")], token=t), 422, "zip-invalid"),
        ("not multipart", server.request("POST", "/api/v1/checks", b"{}", {"Content-Type": "application/json"}),
         400, "upload-form"),
        ("two files", server.post("/api/v1/checks", [("file", "a.yaml", b"x"), ("file", "b.yaml", b"y")]), 400,
         "upload-form"),
        ("a path for a pin", server.post("/api/v1/checks", [("file", "a.yaml", b"x")], {"pin": "/etc/passwd"}), 400,
         "pin-syntax"),
        ("unknown route", server.request("GET", "/../../etc/passwd"), 404, "not-found"),
        ("unknown release", server.request("GET", "/template?pin=x@1/r1"), 404, "not-found"),
    ]
    for what, (status, _, body), want_status, want_code in cases:
        doc = json.loads(body) if body.startswith(b"{") else None
        assert status == want_status, (what, status, body[:300])
        if doc is not None:
            assert doc["code"] == want_code and doc["findings"][0]["hint"], what
        else:
            assert want_code.encode() in body, what
        assert b"Traceback" not in body, what
    # a body larger than the limit is refused from its Content-Length, before it is read
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(b"POST /api/v1/checks HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                  b"Content-Length: 999999999\r\n\r\n")
        answer = b""
        while b"}]}" not in answer and (chunk := s.recv(65536)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413") and b"upload-size" in answer
    status, _, _ = server.request("GET", "/healthz")
    assert status == 200


def test_a_file_name_is_never_a_path(server: Server, tmp_path: Path) -> None:
    data = samples()["passing.yaml"]
    status, _, body = server.post("/api/v1/checks", [("file", "../../../tmp/evil\x1b[31m.yaml", data)])
    assert status == 200 and json.loads(body)["verdicts"][0]["file"] == "evil[31m.yaml"
    assert not Path("/tmp/evil.yaml").exists()


def test_batch_endpoints_refuse_a_request_without_a_valid_token(server: Server) -> None:
    files = [("file", "passing.yaml", samples()["passing.yaml"])]
    for token in (None, "lode_wrong", server.token + "x"):
        status, _, body = server.post("/api/v1/batches", files, token=token)
        assert status == 401 and json.loads(body)["code"] == "token-required"
    assert server.json("GET", "/api/v1/batches/0123")[0] == 401


def test_200_concurrent_checks_lose_nothing_and_each_is_the_clis(server: Server, tmp_path: Path, run_lode,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    files = samples()
    expected = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        expected[name] = cli_json(run_lode, tmp_path, name, root=server.repo, monkeypatch=monkeypatch)[1]
    names = [list(files)[i % len(files)] for i in range(200)]
    start = threading.Barrier(50)

    def one(name: str) -> tuple[str, int, bytes]:
        try:
            start.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass
        status, _, body = server.post("/api/v1/checks", [("file", name, files[name])])
        return name, status, body

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(one, names))
    assert len(results) == 200
    assert all(status == 200 and body == expected[name] for name, status, body in results)


def _batch_files(n: int) -> dict[str, bytes]:
    """n disclosures: mostly passing with varied figures, every 10th missing a required
    metric (FAIL), every 97th with a YAML alias (REJECTED)."""
    base = samples()["passing.yaml"].decode()
    out = {}
    for i in range(n):
        text = base.replace("ghg-scope-1: {value: 120,", f"ghg-scope-1: {{value: {100 + i},")
        if i % 10 == 3:
            text = text.replace("  board-esg-oversight: {value: true}\n", "")
        if i % 97 == 5:
            text += "extra: &a {x: 1}\nmore: *a\n"
        out[f"f{i:04d}.yaml"] = text.encode()
    return out


def _wait_done(server: Server, job: str) -> dict:
    """Poll the job until it is done, watching progress only ever grow."""
    seen = -1
    while True:
        status, doc = server.json("GET", f"/api/v1/batches/{job}", server.token)
        assert status == 200 and doc["done"] >= seen
        seen = doc["done"]
        if doc["state"] == "done":
            return doc
        time.sleep(0.2)


def test_two_1000_file_batches_lose_nothing_and_match_the_cli(server: Server, tmp_path: Path, run_lode,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    files = _batch_files(1000)
    folder = tmp_path / "filings"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    zipped = _zip({f"filings/{n}": d for n, d in sorted(files.items())})
    status_a, _, a = server.post("/api/v1/batches", [("file", "season.zip", zipped)], {"retain": "600"},
                                 token=server.token)
    status_b, _, b = server.post("/api/v1/batches", [("file", n, d) for n, d in files.items()], token=server.token)
    assert status_a == status_b == 202
    job_a, job_b = json.loads(a)["job"], json.loads(b)["job"]
    done_a, done_b = _wait_done(server, job_a), _wait_done(server, job_b)
    assert done_a["total"] == done_b["total"] == done_a["done"] == done_b["done"] == 1000
    rejected = sum(1 for i in range(1000) if i % 97 == 5)
    failed = sum(1 for i in range(1000) if i % 10 == 3 and i % 97 != 5)
    assert done_a["summary"] == done_b["summary"] == {"(none)": {"REJECTED": rejected},
                                                      PIN: {"FAIL": failed, "PASS": 1000 - rejected - failed}}
    # the zipped batch's verdicts are `lode check filings/ --format json`, byte for byte
    code, expected = cli_json(run_lode, tmp_path, "filings", root=server.repo, monkeypatch=monkeypatch)
    status, _, verdicts_a = server.request("GET", f"/api/v1/batches/{job_a}/verdicts",
                                                 headers={"Authorization": f"Bearer {server.token}"})
    assert status == 200 and verdicts_a == expected and code == 3
    # the other batch's, file by file (its names came without a folder)
    _, doc_b = server.json("GET", f"/api/v1/batches/{job_b}/verdicts", server.token)
    mine = {v["file"]: v for v in json.loads(expected)["verdicts"]}
    assert [v["file"] for v in doc_b["verdicts"]] == list(files)
    assert all(v == {**mine[f"filings/{v['file']}"], "file": v["file"]} | _files_of(mine[f"filings/{v['file']}"], v)
               for v in doc_b["verdicts"])
    # one receipt over the batch, naming every file's verdict
    status, _, receipt = server.request("GET", f"/api/v1/batches/{job_a}/receipt",
                                        headers={"Authorization": f"Bearer {server.token}"})
    body = json.loads(receipt.split(b"\n", 1)[0])
    assert body["kind"] == "batch" and len(body["files"]) == 1000
    (tmp_path / "season.receipt").write_bytes(receipt)
    assert run_lode("verify-receipt", str(tmp_path / "season.receipt"), "--allowed-signers",
                    str(server.allowed_signers))[0] == 0
    assert server.request("DELETE", f"/api/v1/batches/{job_b}",
                          headers={"Authorization": f"Bearer {server.token}"})[0] == 204
    assert server.json("GET", f"/api/v1/batches/{job_b}", server.token)[0] == 404


def _files_of(cli: dict, mine: dict) -> dict:
    """The CLI verdict's findings name the file as the CLI was given it (filings/NAME);
    the batch's name it as it was uploaded (NAME): compare them with that one difference."""
    return {"findings": [{**f, "path": mine["file"] if f["path"] == cli["file"] else f["path"]}
                         for f in cli["findings"]]}


def test_a_receipt_verifies_offline_and_not_with_one_byte_changed(server: Server, tmp_path: Path, run_lode) -> None:
    data = samples()["failing.yaml"]
    _, headers, body = server.post("/api/v1/checks", [("file", "failing.yaml", data)])
    receipt = base64.b64decode(headers["lode-receipt"])
    path = tmp_path / "failing.receipt"
    path.write_bytes(receipt)
    code, out, err = run_lode("verify-receipt", str(path), "--allowed-signers", str(server.allowed_signers),
                              "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    import hashlib

    assert doc["signer"] == "tests@lode" and doc["receipt"]["verdict-digest"] == \
        "sha256:" + hashlib.sha256(body).hexdigest()
    assert doc["receipt"]["submission-digest"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert doc["receipt"]["verdicts"] == [{"status": "FAIL", "pin": PIN, "pinned": True, "edition-digest":
                                           json.loads(body)["verdicts"][0]["checked-against"]["edition-digest"]}]
    # one byte changed, anywhere (sampled: payload, armor, base64, the end): exit 4
    positions = sorted({0, 1, len(receipt) - 1, len(receipt) - 2, receipt.index(b"\n"),
                        receipt.index(b"\n") + 5, *range(2, len(receipt) - 2, 23)})
    for i in positions:
        changed = bytearray(receipt)
        changed[i] = changed[i] ^ 0x01 if chr(changed[i] ^ 0x01).isprintable() else ord("A") if changed[i] != 65 \
            else ord("B")
        path.write_bytes(bytes(changed))
        code, _, err = run_lode("verify-receipt", str(path), "--allowed-signers", str(server.allowed_signers))
        assert code == 4, (i, err)


def test_the_page_escapes_what_it_was_sent_and_offers_the_index_of_a_passing_file(server: Server) -> None:
    data = samples()["passing.yaml"]
    name = '<img src=x onerror="alert(1)">.yaml'
    status, _, html = server.post("/check", [("file", name, data)], {"lang": "en", "pin": PIN})
    page = html.decode("utf-8")
    assert status == 200 and "<img" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.yaml" in page
    assert 'class="status PASS"' in page
    links = {name.split(".", 1)[1]: data for data, name in
             re.findall(r'<a href="data:[^;]+;base64,([^"]+)" download="([^"]*)"', page)}
    assert set(links) == {"verdict.json", "receipt", "index.md"}
    assert base64.b64decode(links["index.md"]).decode().startswith("# Content index: ")
    status, _, refused_page = server.post("/check", [("file", "a.yaml", b"x: &a 1\ny: *a\n")])
    assert status == 422 and "yaml-alias" in refused_page.decode() and 'lang="zh-CN"' in refused_page.decode()


def test_the_openapi_document_is_served_and_lists_every_endpoint(server: Server) -> None:
    status, doc = server.json("GET", "/api/v1/openapi.json")
    assert status == 200
    assert {"/api/v1/checks", "/api/v1/batches", "/api/v1/batches/{job_id}", "/api/v1/batches/{job_id}/verdicts",
            "/api/v1/batches/{job_id}/receipt", "/api/v1/releases"} <= set(doc["paths"])
    assert "multipart/form-data" in doc["paths"]["/api/v1/checks"]["post"]["requestBody"]["content"]
    status, _, html = server.request("GET", "/api")
    assert status == 200 and b"/api/v1/checks" in html and b"<script" not in html
    status, releases = server.json("GET", "/api/v1/releases")
    assert status == 200 and [r["pin"] for r in releases["releases"]] == [PIN]


def test_a_pin_written_in_an_upload_never_opens_a_file_of_the_server(server: Server, tmp_path: Path) -> None:
    # a .json file on the server's disk, named by the disclosure's own pin: the checker
    # must not read it (a bundle path is a command-line option, never a file's pin)
    secret = tmp_path / "secret.manifest.json"
    secret.write_text('{"lode-bundle": 1, "pin": "top-secret"}', encoding="utf-8")
    data = samples()["passing.yaml"].replace(f"pin: {PIN}".encode(), f"pin: {secret}".encode())
    status, _, body = server.post("/api/v1/checks", [("file", "sneaky.yaml", data)])
    verdict = json.loads(body)["verdicts"][0]
    assert status == 422 and [f["code"] for f in verdict["findings"]] == ["pin-syntax"]
    assert "top-secret" not in body.decode() and "bundle" not in body.decode()
