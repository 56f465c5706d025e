"""Safe YAML loading: the only place in Lode that reads YAML.

Everything Lode reads (standards, editions, crosswalks, disclosures) may be hostile:
a pull request from a fork, a company's disclosure file. The libraries are not safe
by default (see ``shared/reference/reliability.md``), so this module defines what
"safe" means and enforces it before any data exists:

1. the byte size is capped before anything is decoded;
2. the bytes must be strict UTF-8 (one leading BOM tolerated), without control
   characters, stray BOMs, non-characters or surrogates;
3. **one pass over libyaml's event stream** (ruamel's C parser) rejects anchors,
   aliases, merge keys, tags, directives, extra documents, excess depth, node count
   and scalar length, duplicate and non-string keys -- and, in the same pass, builds
   the plain JSON-compatible data and records the line and column of every key and
   value.

Design note (a change from DESIGN.md, which describes a guard pass followed by a
C-accelerated load): building the data from the guard's own event stream parses the
file once instead of twice, and skips ruamel's pure-Python constructor, which is where
a "C-accelerated" safe load spends most of its time. Measured on a 2.6 MB edition:
events alone 0.15 s, this builder 0.30 s, ``YAML(typ='safe').load`` 1.78 s.

Scalars are resolved by the YAML 1.2 core schema, written out here so that typing
never depends on an installed library version: ``no`` stays a string, ``1.10`` is a
float (and a schema expecting a string says "quote the value"), and timestamps are
never converted, so ``2024-02-30`` reaches the schema as a string and fails
``format: date`` with a position instead of raising ``ValueError``.

The event pass is iterative, so depth limits hold before anything recursive runs.
Every exception the parser can raise is mapped to a coded finding with a position.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..core.errors import LoadError
from ..core.findings import Finding
from . import jsonfast
from .document import Document, KeyPath, Pos, pointer
from .files import read_input
from .libyaml_words import said
from .tabs import stray_tab
from .text import BIDI, CONTROL, text_checks
from ..core.i18n import msg

__all__ = ["Document", "Limits", "Parse", "build", "load_bytes", "load_file", "pointer", "read_file"]

# Fail at import, not silently 5x slower: ruamel.yaml 0.19.1 no longer installs its C
# extension, and without ruamel.yaml.clib YAML(typ='safe') quietly runs pure Python.
# A plain check, not an ``assert``: ``python -O`` strips asserts.
try:
    from _ruamel_yaml import CParser
except ImportError as exc:  # pragma: no cover - exercised only on a broken install
    raise ImportError("Lode needs ruamel.yaml.clib (the C parser); reinstall with `make test`") from exc
if YAML(typ="safe").Parser is not CParser:  # pragma: no cover - a broken install
    raise ImportError("ruamel.yaml is not using its C parser; reinstall with `make test`")

@dataclass(frozen=True)
class Limits:
    """Resource limits, checked before and during parsing (reliability.md section 7 A)."""

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 200_000
    max_scalar: int = 100_000


STANDARD_LIMITS = Limits()
DISCLOSURE_LIMITS = Limits(max_bytes=5 * 1024 * 1024)
# How decoded YAML text becomes a document: (text, display, limits) -> Document.
Parse = Callable[[str, str, Limits], Document]


_UTF16_32_BOMS = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\xfe\xff", b"\xff\xfe")

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9]+\Z")
_INT8 = re.compile(r"0o[0-7]+\Z")
_INT16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NONFINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z")
_INF = float("inf")
_MAX_SAFE_INT = 2**53  # beyond this, JavaScript readers of our JSON lose precision

_NOT_STR = object()


def _resolve_plain(v: str) -> Any:
    """Type a plain (unquoted) scalar by the YAML 1.2 core schema."""
    c = v[:1]
    if not c or c in "~nNtTfF":
        if v in _NULLS:
            return None
        if v in _BOOLS:
            return _BOOLS[v]
        return v
    if c in "0123456789+-.":
        if len(v) > 40 and _INT10.match(v):  # never ask int() for thousands of digits
            raise _Reject("yaml-number", msg("integer {value}… is beyond 2^53", value=v[:20]))
        if _INT10.match(v):
            n = int(v)
        elif _INT8.match(v):
            n = int(v[2:], 8)
        elif _INT16.match(v):
            n = int(v[2:], 16)
        elif _FLOAT.match(v):
            x = float(v)
            if x in (_INF, -_INF):  # 1e400 overflows: refused like .inf, never read as infinity
                raise _Reject("yaml-number", msg("number {value!r} is beyond the range of a float", value=v[:40]))
            return x
        elif _NONFINITE.match(v):
            raise _Reject("yaml-number", msg("non-finite number {v!r} is not allowed", v=v))
        else:
            return v
        if abs(n) > _MAX_SAFE_INT:
            raise _Reject("yaml-number", msg("integer {v} is beyond 2^53", v=v))
        return n
    return v


def _resolve_at(v: str, pos: Pos) -> Any:
    try:
        return _resolve_plain(v)
    except _Reject as r:
        r.pos = pos
        raise


class _Reject(Exception):
    def __init__(self, code: str, message: str, pos: Pos | None = None, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.pos, self.hint = code, message, pos, hint


def _line_col(text: str, offset: int) -> Pos:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _decode(data: bytes) -> str:
    """Strict UTF-8 decode; raises _Reject with the position of the first bad byte."""
    if data.startswith(_UTF16_32_BOMS):
        raise _Reject("enc-utf16", msg("file starts with a UTF-16/UTF-32 byte-order mark"), (1, 1))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        start = e.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        col = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        raise _Reject("enc-utf8", msg("invalid UTF-8 byte 0x{value:02x}", value=data[start]), (line, col)) from None
    bom = text.find("\ufeff")
    if bom >= 0:
        raise _Reject("enc-bom", msg("byte-order mark U+FEFF inside the file"), _line_col(text, bom))
    m = CONTROL.search(text)
    if m:
        raise _Reject("enc-control", msg("character U+{value:04X} is not allowed", value=ord(m.group())),
                      _line_col(text, m.start()))
    return text


def read_file(path: Path, limits: Limits = STANDARD_LIMITS, display: str | None = None,
              root: Path | None = None) -> bytes:
    """Read at most ``max_bytes + 1`` bytes, so a huge file is never read in full; through
    ``read/files.py``, so FIFOs, devices and symlinks out of the repository are refused."""
    return read_input(path, display if display is not None else str(path), limits.max_bytes, root)


def load_file(path: Path, display: str, limits: Limits = STANDARD_LIMITS, root: Path | None = None) -> Document:
    """Read and load one file. Raises :class:`LoadError` for any rejected input."""
    return load_bytes(read_file(path, limits, display, root), display, limits)


def load_bytes(data: bytes, display: str, limits: Limits = STANDARD_LIMITS,
               parse: Parse | None = None) -> Document:
    """Load YAML bytes into a :class:`Document`, or raise :class:`LoadError`.

    ``display`` is the name used in findings (a path, or ``rev:path`` for a git blob).
    ``parse``: how decoded YAML text becomes a document (default :func:`build`; ``mkdocs
    serve`` passes ``reparse.Reparse.build``, which parses an edited file's changed item).
    """
    try:
        if len(data) > limits.max_bytes:
            raise _Reject("input-size", msg("file is {n:,} bytes or more; the limit is {max_bytes:,}", n=len(data), max_bytes=limits.max_bytes),
                          (0, 0))
        text = _decode(data)
        # The JSON test first: a YAML file is not scanned for bidi and NFC twice.
        if jsonfast.may_be_json(text) and BIDI.search(text) is None and unicodedata.is_normalized("NFC", text):
            fast = jsonfast.parse(text, limits.max_depth, limits.max_nodes, limits.max_scalar, _MAX_SAFE_INT)
            if fast is not None:
                return jsonfast.LazyDocument(display, fast, text, lambda: jsonfast.locate(text, display)
                                             or build(text, display, limits))
        return (parse or build)(text, display, limits)
    except _Reject as r:
        line, col = r.pos or (0, 0)
        raise LoadError(Finding.make(r.code, r.message, display, line, col, hint=r.hint)) from None
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = e.problem or e.context or "invalid YAML"
        if "<document start>" in problem:  # libyaml's words for content after '...'
            raise LoadError(Finding.make("yaml-multidoc", msg("content after the end of the document"), display,
                                         line, col)) from None
        context = msg(" ({context} at {line}:{col})", context=said(e.context), line=e.context_mark.line + 1,
                      col=e.context_mark.column + 1) if e.context and e.context_mark is not None and e.problem else ""
        raise LoadError(Finding.make("yaml-syntax", msg("{problem}{context}", problem=said(problem), context=context),
                                     display, line, col)) from None
    except (YAMLError, ValueError, TypeError, AssertionError, NotImplementedError, UnicodeError) as e:
        raise LoadError(Finding.make("yaml-syntax", msg("unreadable YAML: {e}", e=e), display)) from None
    except (RecursionError, MemoryError) as e:
        raise LoadError(Finding.make("input-resource", msg("{name} while reading", name=type(e).__name__), display)) from None


def build(text: str, display: str, limits: Limits) -> Document:
    """Decoded YAML text as a :class:`Document` (the one pass over the events described
    above); raises ``_Reject`` or the parser's own errors, which :func:`load_bytes` words."""
    parser = CParser(text)
    get_event = parser.get_event
    positions: dict[KeyPath, Pos] = {}
    key_positions: dict[KeyPath, Pos] = {}
    raw: dict[KeyPath, str] = {}
    findings: list[Finding] = []
    check_bidi = BIDI.search(text) is not None
    check_nfc = not unicodedata.is_normalized("NFC", text)
    # Where a TAB may stand (quoted and block scalars, flow collections): see tabs.py.
    tab_ok: list[tuple[int, int]] | None = [] if "\t" in text else None
    flow_starts: list[int] = []

    # Stack frames: [container, is_mapping, path, pending_key, pending_key_pos]
    stack: list[list[Any]] = []
    root: Any = _NOT_STR
    documents = nodes = 0
    max_depth, max_nodes, max_scalar = limits.max_depth, limits.max_nodes, limits.max_scalar

    def text_findings(value: str, pos: Pos, pth: KeyPath, is_key: bool, escaped: bool) -> None:
        # Escapes in double-quoted scalars ("\a", "\ud800") can produce what the raw
        # text check could not see.
        if escaped and CONTROL.search(value):
            raise _Reject("enc-control", msg("escape sequence produces a control character or surrogate"), pos)
        if check_bidi or check_nfc or escaped:
            findings.extend(text_checks(value, display, pos, pth, is_key=is_key, bidi=check_bidi or escaped,
                                        nfc=check_nfc or escaped))

    while True:
        ev = get_event()
        t = type(ev)
        if t is ScalarEvent or t is MappingStartEvent or t is SequenceStartEvent:
            nodes += 1
            mark = ev.start_mark
            pos = (mark.line + 1, mark.column + 1)
            if nodes > max_nodes:
                raise _Reject("yaml-nodes", msg("more than {max_nodes:,} YAML nodes", max_nodes=max_nodes), pos)
            if ev.anchor is not None:
                raise _Reject("yaml-alias", msg("anchor &{anchor} is not allowed", anchor=ev.anchor), pos)
            if ev.tag is not None:
                raise _Reject("yaml-tag", msg("explicit tag {tag} is not allowed", tag=ev.tag), pos)
        if t is ScalarEvent:
            sv = ev.value
            if len(sv) > max_scalar:
                raise _Reject("yaml-scalar", msg("scalar of {n:,} characters; the limit is {max_scalar:,}", n=len(sv), max_scalar=max_scalar), pos)
            plain = not ev.style
            escaped = ev.style == '"'  # only double quotes have escape sequences
            if tab_ok is not None and not plain:
                tab_ok.append((ev.start_mark.index, ev.end_mark.index))
            if not stack:
                raise _Reject("yaml-root" if sv.strip() else "yaml-empty",
                              "top level is a single value, not a mapping" if sv.strip() else "document is empty",
                              pos)
            frame = stack[-1]
            container, is_map, pth = frame[0], frame[1], frame[2]
            if is_map and frame[3] is _NOT_STR:  # this scalar is a key
                if plain:
                    if sv == "<<":
                        raise _Reject("yaml-alias", msg("merge key << is not allowed"), pos)
                    if not isinstance(_resolve_at(sv, pos), str):
                        raise _Reject("yaml-keytype", msg("key {value!r} is not a string", value=sv or '(empty)'), pos,
                                      hint=msg("quote the key: \"{sv}\":", sv=sv))
                if sv in container:
                    first = key_positions[pth + (sv,)]
                    raise _Reject("yaml-dupkey",
                                  msg("duplicate key {sv!r}: first at {value}:{value2}, again at {value3}:{value4}", sv=sv, value=first[0], value2=first[1], value3=pos[0], value4=pos[1]),
                                  pos)
                text_findings(sv, pos, pth + (sv,), True, escaped)
                frame[3] = sv
                key_positions[pth + (sv,)] = pos
                continue
            value = _resolve_at(sv, pos) if plain else sv
            if is_map:
                key = frame[3]
                frame[3] = _NOT_STR
                vpath = pth + (key,)
                container[key] = value
            else:
                vpath = pth + (len(container),)
                container.append(value)
            positions[vpath] = pos
            if value is sv:
                text_findings(sv, pos, vpath, False, escaped)
            elif not isinstance(value, str):
                raw[vpath] = sv
        elif t is MappingStartEvent or t is SequenceStartEvent:
            if len(stack) >= max_depth:
                raise _Reject("yaml-depth", msg("nesting deeper than {max_depth} levels", max_depth=max_depth), pos)
            new: Any = {} if t is MappingStartEvent else []
            if stack:
                frame = stack[-1]
                container, is_map, pth = frame[0], frame[1], frame[2]
                if is_map:
                    if frame[3] is _NOT_STR:
                        raise _Reject("yaml-keytype", msg("a mapping or sequence cannot be a key"), pos,
                                      hint=msg("keys are plain words or quoted strings"))
                    npath = pth + (frame[3],)
                    container[frame[3]] = new
                    frame[3] = _NOT_STR
                else:
                    npath = pth + (len(container),)
                    container.append(new)
            else:
                if t is SequenceStartEvent:
                    raise _Reject("yaml-root", msg("top level is a sequence, not a mapping"), pos)
                root, npath = new, ()
            positions[npath] = pos
            stack.append([new, t is MappingStartEvent, npath, _NOT_STR])
            if tab_ok is not None:
                flow_starts.append(mark.index if ev.flow_style else -1)
        elif t is MappingEndEvent or t is SequenceEndEvent:
            stack.pop()
            if tab_ok is not None:
                start = flow_starts.pop()
                if start >= 0:
                    tab_ok.append((start, ev.end_mark.index))
        elif t is AliasEvent:
            mark = ev.start_mark
            raise _Reject("yaml-alias", msg("alias *{anchor} is not allowed", anchor=ev.anchor), (mark.line + 1, mark.column + 1))
        elif t is DocumentStartEvent:
            documents += 1
            mark = ev.start_mark
            pos = (mark.line + 1, mark.column + 1)
            if documents > 1:
                raise _Reject("yaml-multidoc", msg("a second YAML document starts here"), pos)
            if ev.version is not None or ev.tags:
                # %YAML 1.1 would let the file choose the typing rules (no -> false).
                raise _Reject("yaml-directive", msg("%YAML/%TAG directive is not allowed"), (1, 1))
        elif t is StreamEndEvent:
            break
    if root is _NOT_STR:
        raise _Reject("yaml-empty", msg("file has no YAML content"), (1, 1))
    if tab_ok is not None:
        at = stray_tab(text, tab_ok)
        if at is not None:
            raise _Reject("yaml-tab", msg("TAB character outside quotes"), _line_col(text, at))
    return Document(display, root, positions, key_positions, raw, findings)
