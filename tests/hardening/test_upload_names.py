"""The checking service's upload surface: the file name a client sends. Whatever the
name (control and direction characters, parent parts, absolute paths, NUL, thousands of
characters), the file is stored inside the request's folder as ``NNNNN<suffix>``, the name
shown is fit to show, and a body that cannot be stored is a coded refusal, never another
exception."""

from __future__ import annotations

import asyncio
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Coroutine

from hypothesis import given, settings
from hypothesis import strategies as st

from lode.core.errors import LodeError
from lode.service.limits import Limits
from lode.service.uploads import Form, display_name, read_form

SETTINGS = settings(max_examples=200, deadline=None)
# Names an attacker would try, mixed with anything at all.
_PIECES = st.sampled_from(["..", "/", "\\", ".", "C:", "~", "\x00", "\r\n", "\u202e", "\u2066", "\u2028",
                           "\x7f", ".json", ".yaml", ".xlsx", "\"", ";", "填报", " "])
NAMES = st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=12).map("".join) \
    | st.text(min_size=190, max_size=600)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@SETTINGS
@given(NAMES, st.booleans())
def test_a_shown_name_is_never_a_path_out_nor_a_control_character(raw: str, keep_folders: bool) -> None:
    shown = display_name(raw, keep_folders)
    assert shown and len(shown) <= 200 and not _UNSAFE.search(shown)
    assert not shown.startswith("/") and ".." not in shown.split("/") and "\\" not in shown
    if not keep_folders:
        assert "/" not in shown


def _body(filename: bytes, content: bytes) -> tuple[dict[str, str], bytes]:
    boundary = "lodeBoundary7MA4YWxk"
    body = (f"--{boundary}\r\n".encode() + b'Content-Disposition: form-data; name="file"; filename="'
            + filename + b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + content
            + f"\r\n--{boundary}--\r\n".encode())
    return {"content-type": f"multipart/form-data; boundary={boundary}", "content-length": str(len(body))}, body


async def _chunks(body: bytes) -> AsyncIterator[bytes]:
    for i in range(0, len(body), 7):  # small pieces: a header split anywhere
        yield body[i:i + 7]


def _run(make: Callable[[], Coroutine[Any, Any, Form]]) -> Form:
    # On a thread with its own event loop: a browser test of the same run leaves
    # Playwright's loop running on this one, where asyncio.run refuses to start.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


@SETTINGS
@given(NAMES, st.binary(max_size=64))
def test_an_uploaded_file_is_stored_in_its_folder_under_a_number_whatever_its_name(raw: str,
                                                                                     content: bytes) -> None:
    # A quote or a line break ends the header where the client put it: the name as sent.
    filename = raw.encode("utf-8", "surrogatepass").replace(b'"', b"").replace(b"\r", b"").replace(b"\n", b"")
    headers, body = _body(filename, content)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "request"
        folder.mkdir()
        try:
            form = _run(lambda: read_form(headers, _chunks(body), folder, Limits(), 1 << 20, 1))
        except LodeError as e:  # refused with a code: nothing but the folder's own files
            assert e.findings[0].code.startswith("upload-")
            assert all(p.parent == folder for p in Path(tmp).rglob("*") if p != folder)
            return
        [upload] = form.files["file"]
        assert upload.path.parent == folder and re.fullmatch(r"00001(\.[^/\x00]{0,7})?", upload.path.name)
        assert upload.path.read_bytes() == content and upload.size == len(content)
        assert [p for p in Path(tmp).rglob("*") if p != folder] == [upload.path]
        assert not _UNSAFE.search(upload.name) and "/" not in upload.name and len(upload.name) <= 200
