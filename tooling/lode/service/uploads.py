"""Request bodies into files: a multipart form streamed into the request's own folder,
counted as it arrives, and a zip of disclosures expanded there under limits.

No name a client sends is ever a path: a file is stored as ``NNNNN<suffix>`` inside the
request's temporary folder, and its name (directories and control characters stripped)
is only the name its verdict shows, as ``lode check`` shows the path it was given.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, AsyncIterator

from python_multipart.multipart import MultipartParser, parse_options_header

from ..core.errors import LodeError
from ..disclose.document import SUFFIXES
from .limits import MIB, Limits

_CHUNK = 64 * 1024
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass
class Upload:
    """One file of a request: where it was stored, the name it came with, its digest."""

    path: Path
    name: str
    size: int = 0
    digest: str = ""


@dataclass
class Form:
    files: dict[str, list[Upload]] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)

    def field(self, name: str) -> str | None:
        values = [v for v in self.fields.get(name, []) if v.strip()]
        return values[0].strip() if values else None


def display_name(raw: str, keep_folders: bool = False) -> str:
    """A client's file name made fit to show: no control or direction characters, no
    absolute or parent parts, at most 200 characters (never used to open anything)."""
    text = _UNSAFE.sub("", raw).replace("\\", "/")
    parts = [p for p in PurePosixPath(text).parts if p not in ("/", "..", ".", "")]
    if not keep_folders:
        parts = parts[-1:]
    name = "/".join(parts)[-200:]
    return name or "upload"


def suffix_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


class _Parts:
    """python-multipart's callbacks, writing file parts into ``folder``."""

    def __init__(self, folder: Path, limits: Limits, max_files: int) -> None:
        self.folder, self.limits, self.max_files = folder, limits, max_files
        self.form = Form()
        self._headers: dict[bytes, bytes] = {}
        self._field, self._value = b"", b""
        self._name: str | None = None
        self._file: Any = None
        self._upload: Upload | None = None
        self._hash: Any = None
        self._buffer = bytearray()
        self._count = 0

    def callbacks(self) -> dict[str, Any]:
        return {"on_part_begin": self.begin, "on_header_field": self.header_field,
                "on_header_value": self.header_value, "on_header_end": self.header_end,
                "on_headers_finished": self.headers_done, "on_part_data": self.data, "on_part_end": self.end}

    def begin(self) -> None:
        self._headers, self._field, self._value = {}, b"", b""

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def headers_done(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        self._name = name
        if b"filename" in options:
            self._count += 1
            if self._count > self.max_files:
                if self.max_files == 1:
                    raise LodeError.of("upload-form", "send exactly one file, in the form field `file`", "")
                raise LodeError.of("upload-size", f"more than {self.max_files:,} files in one request", "")
            raw = options[b"filename"].decode("utf-8", "replace")
            path = self.folder / f"{self._count:05d}{suffix_of(raw)[:8]}"
            self._upload = Upload(path, display_name(raw))
            self._file = open(path, "xb")  # noqa: SIM115 - closed in end()
            self._hash = hashlib.sha256()
        else:
            self._upload, self._buffer = None, bytearray()

    def data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._upload is not None:
            self._file.write(chunk)
            self._hash.update(chunk)
            self._upload.size += len(chunk)
        else:
            self._buffer += chunk
            if len(self._buffer) > self.limits.field_bytes:
                raise LodeError.of("upload-form", f"the form field {self._name!r} is longer than "
                                   f"{self.limits.field_bytes} bytes", "")

    def end(self) -> None:
        if self._upload is not None:
            self._file.close()
            self._upload.digest = "sha256:" + self._hash.hexdigest()
            self.form.files.setdefault(self._name or "", []).append(self._upload)
            self._upload = self._file = None
        else:
            self.form.fields.setdefault(self._name or "", []).append(self._buffer.decode("utf-8", "replace"))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


async def read_form(headers: Any, body: AsyncIterator[bytes], folder: Path, limits: Limits,
                    max_bytes: int, max_files: int) -> Form:
    """The multipart form of a request, its files stored in ``folder``; LodeError
    (``upload-form``, ``upload-size``, ``upload-slow``) for a body that is not one."""
    ctype, options = parse_options_header(headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise LodeError.of("upload-form", "the request is not multipart/form-data", "")
    declared = headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise LodeError.of("upload-size", f"the request has {int(declared):,} bytes; the limit is "
                           f"{max_bytes:,} ({max_bytes / MIB:g} MiB)", "")
    parts = _Parts(folder, limits, max_files)
    parser = MultipartParser(boundary, parts.callbacks())
    received = 0
    try:
        async with asyncio.timeout(limits.upload_seconds):
            async for chunk in body:
                received += len(chunk)
                if received > max_bytes:
                    raise LodeError.of("upload-size", f"the request is larger than {max_bytes:,} bytes "
                                       f"({max_bytes / MIB:g} MiB)", "")
                parser.write(chunk)
        parser.finalize()
    except TimeoutError:
        raise LodeError.of("upload-slow", f"the request body took longer than {limits.upload_seconds:g} s",
                           "") from None
    except LodeError:
        raise
    except Exception as e:  # noqa: BLE001 - python-multipart's parse errors have no common base
        raise LodeError.of("upload-form", f"the multipart body cannot be read: {e}", "") from None
    finally:
        parts.close()
    return parts.form


def expand_zip(upload: Upload, folder: Path, limits: Limits, first: int) -> list[Upload]:
    """The disclosure files of a zip, written into ``folder`` as ``NNNNN<suffix>``
    (numbered from ``first``). Measured before anything is expanded (entries, declared
    sizes, ratio) and again while expanding (an entry that lies about its size)."""
    try:
        zf = zipfile.ZipFile(upload.path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise LodeError.of("zip-invalid", f"not a zip archive: {e}", upload.name) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.zip_entries:
            raise LodeError.of("zip-entries", f"the archive has {len(infos):,} entries; the limit is "
                               f"{limits.zip_entries:,}", upload.name)
        wanted = [i for i in infos if not i.is_dir() and suffix_of(i.filename) in SUFFIXES
                  and not any(p.startswith((".", "__MACOSX")) for p in PurePosixPath(i.filename).parts)]
        if len(wanted) > limits.batch_files:
            raise LodeError.of("zip-entries", f"the archive has {len(wanted):,} disclosures; the limit is "
                               f"{limits.batch_files:,}", upload.name)
        total = sum(i.file_size for i in wanted)
        if total > limits.zip_expanded:
            raise LodeError.of("zip-expansion", f"the archive expands to {total:,} bytes; the limit is "
                               f"{limits.zip_expanded:,}", upload.name)
        for i in wanted:
            if i.flag_bits & 0x1:
                raise LodeError.of("zip-invalid", f"{display_name(i.filename, True)} is encrypted", upload.name)
            if i.file_size > limits.upload_bytes or (
                    i.file_size > _CHUNK and i.file_size > limits.zip_ratio * max(i.compress_size, 1)):
                raise LodeError.of("zip-expansion", f"{display_name(i.filename, True)} expands from "
                                   f"{i.compress_size:,} to {i.file_size:,} bytes", upload.name)
        out = []
        for n, i in enumerate(wanted, first):
            target = folder / f"{n:05d}{suffix_of(i.filename)}"
            out.append(_extract(zf, i, target, upload.name))
        return out


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, where: str) -> Upload:
    h, size = hashlib.sha256(), 0
    try:
        with zf.open(info) as src, open(target, "xb") as dst:
            while chunk := src.read(_CHUNK):
                size += len(chunk)
                if size > info.file_size:  # the header lied: stop before it costs anything
                    raise LodeError.of("zip-expansion", f"{display_name(info.filename, True)} expands beyond "
                                       "its declared size", where)
                h.update(chunk)
                dst.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as e:
        raise LodeError.of("zip-invalid", f"{display_name(info.filename, True)} cannot be expanded: {e}",
                           where) from None
    return Upload(target, display_name(info.filename, keep_folders=True), size, "sha256:" + h.hexdigest())
