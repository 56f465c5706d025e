"""JSON Schemas: loading them from a local registry, and turning errors into findings.

The schemas are part of the tool, not of the repository being checked: they are read
from the installed package (``lode/_schemas`` in a wheel) or from the source tree's
``schemas/``, never from the files under validation and never from the network. A
``$ref`` that the local registry cannot resolve is a configuration error.

Each schema is compiled once per process and reused, by two engines: jsonschema-rs
gives the verdict (about 130x faster: 4.5 ms against 594 ms on a 1.2 MB edition), and
python-jsonschema, the reference implementation with the best error explanations,
explains only the documents that fail. Tests check that the two agree on every
fixture and under fuzzing.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import jsonschema_rs

from .. import PACKAGE_DIR
from ..core.codes import Severity
from ..core.errors import LodeError
from ..core.findings import Finding
from ..read.loader import STANDARD_LIMITS, Document, load_bytes, load_file, pointer
from ..core.i18n import msg

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry, Resource

# python-jsonschema and referencing are imported where used, not here: every clean file
# gets its verdict from jsonschema-rs, and importing python-jsonschema cost about a third
# of `lode validate`'s start-up (`python -X importtime`) for files that never fail.

BASE = "https://lode.invalid/schemas/"
KINDS = ("standard", "edition", "crosswalk", "comments")


def schema_dir() -> Path:
    """Where the schemas live: the packaged copy (``lode/_schemas`` in a wheel) first,
    else the ``schemas/`` folder of the source checkout the package sits in."""
    packaged = resources.files("lode") / "_schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    for d in PACKAGE_DIR.parents:
        if (d / "schemas" / "edition.schema.json").is_file():
            return d / "schemas"
    raise LodeError.of("schema-ref", msg("no schemas/ folder found above {PACKAGE_DIR}", PACKAGE_DIR=PACKAGE_DIR),
                       hint=msg("reinstall Lode (`make test` sets up .venv from the checkout)"))


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for p in sorted(schema_dir().glob("*.schema.json")):
        out[p.name] = json.loads(p.read_text(encoding="utf-8"))
    return out


def python_pattern(pattern: str) -> str:
    r"""A JSON Schema (ECMA-262) pattern as Python ``re`` must read it to mean the same.

    In ECMA-262 (and jsonschema-rs) ``$`` matches only at the very end; in Python it also
    matches before a final newline, so python-jsonschema accepted ``"an-id\n"`` for
    ``^[a-z-]+$``. Every ``$`` outside a character class becomes ``\Z``."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append("\\Z" if c == "$" and not in_class else c)
        i += 1
    return "".join(out)


def _python_view(node: Any) -> Any:
    """A schema with every pattern (``pattern``, ``patternProperties`` keys) rewritten by
    :func:`python_pattern`, for python-jsonschema."""
    if isinstance(node, list):
        return [_python_view(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == "pattern" and isinstance(v, str):
            out[k] = python_pattern(v)
        elif k == "patternProperties" and isinstance(v, dict):
            out[k] = {python_pattern(p): _python_view(sub) for p, sub in v.items()}
        else:
            out[k] = _python_view(v)
    return out


@cache
def _python_schemas() -> dict[str, dict[str, Any]]:
    return {name: _python_view(s) for name, s in _schemas().items()}


def documents() -> dict[str, dict[str, Any]]:
    """Every schema by file name (``edition.schema.json``), as loaded (do not modify)."""
    return _schemas()


def _refuse_remote(uri: str) -> Resource:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)


@cache
def registry() -> Registry:
    from referencing import Registry, Resource

    resources_ = [(s["$id"], Resource.from_contents(s)) for s in _python_schemas().values()]
    return Registry(retrieve=_refuse_remote).with_resources(resources_)


@cache
def digest() -> str:
    """A fingerprint of all schemas (part of every cache key)."""
    h = hashlib.sha256()
    for name, s in sorted(_schemas().items()):
        h.update(name.encode())
        h.update(json.dumps(s, sort_keys=True, allow_nan=False).encode())
    return h.hexdigest()[:16]


@cache
def validator(kind: str) -> Draft202012Validator:
    """The compiled validator for a document kind, with format checking on."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing.exceptions import Unresolvable

    schema = _python_schemas()[f"{kind}.schema.json"]
    Draft202012Validator.check_schema(schema)
    v = Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())
    try:  # resolve every $ref now, so a broken schema fails before any file is checked
        _resolve_all(v, schema)
    except Unresolvable as e:
        raise LodeError.of("schema-ref", msg("{kind}.schema.json: cannot resolve $ref {e}", kind=kind, e=e)) from e
    return v


@cache
def fast_validator(kind: str) -> Any:
    """The compiled jsonschema-rs validator for a kind: formats on, never fetches."""
    schema = _schemas()[f"{kind}.schema.json"]
    try:
        # The registry resolves references as it is built: a remote $ref fails here
        # (ValueError: "does not fetch resources"), never reaching the network.
        rs_registry = jsonschema_rs.Registry([(s["$id"], s) for s in _schemas().values()])
        return jsonschema_rs.validator_for(schema, registry=rs_registry, validate_formats=True, offline=True)
    except (jsonschema_rs.ReferencingError, ValueError) as e:
        raise LodeError.of("schema-ref", msg("{kind}.schema.json: {e}", kind=kind, e=e)) from e


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside a schema (iteratively)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            yield n
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)


def _resolve_all(v: Draft202012Validator, schema: dict[str, Any]) -> None:
    for obj in _objects(schema):
        if isinstance(obj.get("$ref"), str):
            v._resolver.lookup(obj["$ref"])  # noqa: SLF001 - the public API resolves lazily only


def enum(kind: str, pointer: str) -> tuple[str, ...]:
    """The ``enum`` at a JSON pointer of a kind's schema (``enum("common", "/$defs/fidelity")``):
    the closed vocabularies are read from the schemas, so code and schema never disagree."""
    node: Any = _schemas()[f"{kind}.schema.json"]
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return tuple(node["enum"])


_CODE_BY_KEYWORD = {
    "type": "schema-type",
    "required": "schema-required",
    "additionalProperties": "schema-unknown-key",
    "unevaluatedProperties": "schema-unknown-key",
    "enum": "schema-enum",
    "const": "schema-enum",
    "pattern": "schema-pattern",
    "propertyNames": "schema-pattern",
    "format": "schema-format",
}


def check(doc: Document, kind: str) -> list[Finding]:
    """Validate a loaded document against the schema of ``kind``; one finding per error."""
    fast = fast_validator(kind)
    if fast.is_valid(doc.data):
        return []
    found = [f for e in validator(kind).iter_errors(doc.data) for f in _findings(doc, e)]
    if found:
        return found
    # The verdict is jsonschema-rs's: a file it rejects is never "valid" because the
    # explainer found nothing to say. Its own errors carry the path and the keyword.
    return [_fast_finding(doc, e) for e in fast.iter_errors(doc.data)] or [
        Finding.make("schema-constraint", msg("the file does not match its schema"), doc.path, 1, 1)]


def _fast_finding(doc: Document, error: Any) -> Finding:
    path = tuple(error.instance_path)
    kind = type(error.kind).__name__.lower()  # ValidationErrorKind.Pattern -> "pattern"
    code = next((c for k, c in _CODE_BY_KEYWORD.items() if k.lower() == kind), "schema-constraint")
    line, col = doc.where(path)
    return Finding.make(code, str(error.message), doc.path, line, col, pointer=pointer(path))


def _findings(doc: Document, error: ValidationError) -> Iterator[Finding]:
    # For anyOf/oneOf, the most relevant sub-error explains more than "is not valid under
    # any of the given schemas".
    from jsonschema.exceptions import best_match

    if error.validator in ("anyOf", "oneOf") and error.context:
        error = best_match(error.context)
    path = tuple(error.absolute_path)
    keyword = str(error.validator)
    code = _CODE_BY_KEYWORD.get(keyword, "schema-constraint")
    hint = None
    message = error.message
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        patterns = error.schema.get("patternProperties", {})
        extra = [k for k in error.instance
                 if k not in allowed and not any(re.search(p, k) for p in patterns)]
        for k in extra:
            line, col = doc.where(path + (k,), key=True)
            options = ", ".join(sorted(allowed))
            if patterns:
                options = msg("language codes (zh, en, zh-Hant) and {options}", options=options) if options \
                    else msg("language codes (zh, en, zh-Hant)")
            yield Finding.make(code, msg("key {k!r} is not allowed here{value}", k=k, value=did_you_mean(k, allowed)), doc.path, line,
                               col, pointer=pointer(path + (k,)), hint=msg("allowed keys: {options}", options=options))
        return
    line, col = doc.where(path)
    src = doc.raw_at(path)
    if keyword == "required":
        what = pointer(path) or msg("the top level")
        if len(path) >= 2 and isinstance(error.instance, dict) and isinstance(error.instance.get("id"), str):
            # the id the drafter wrote, not a JSON pointer into the tree
            what = msg("{item} {id!r}", item=_ITEM_WORDS.get(str(path[-2]), _ITEM), id=error.instance["id"])
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        message = msg("{what} is missing the required key {missing!r}", what=what, missing=missing)
    elif keyword == "type" and error.instance is None and path and isinstance(path[-1], str) and \
            _wants_container(error.validator_value):
        # `summary:` with nothing after it, then the next lines not indented under it.
        key = path[-1]
        message = msg("`{key}:` has no value, but {type} is expected here", key=key,
                      type=_type_words(error.validator_value))
        hint = msg("is the next line indented under `{key}:`? Its entries go two spaces further in", key=key)
    elif keyword == "type" and src is not None:
        message = msg("{src} is read as {type}, not {expected}", src=src or msg("(nothing)"),
                      type=_yaml_type(error.instance), expected=_type_words(error.validator_value))
        hint = msg('quote the value: "{src}"', src=src)
    elif keyword in ("enum", "const"):
        allowed = error.validator_value if keyword == "enum" else [error.validator_value]
        values = ", ".join(_words(v) for v in allowed)
        if src is not None and not isinstance(error.instance, str):
            message = msg("{src} is read as {type}; the value must be one of: {values}", src=src,
                          type=_yaml_type(error.instance), values=values)
            hint = msg('write one of the values; quote it ("{src}") only where you mean the word itself', src=src)
        else:
            message = msg("{value} is not one of: {values}{close}", value=_words(error.instance), values=values,
                          close=did_you_mean(_words(error.instance), [_words(v) for v in allowed]))
            hint = msg("use one of: {values}", values=values)
    elif keyword == "format":
        message = msg("{value!r} is not a valid {format}", value=error.instance, format=error.validator_value)
    elif keyword == "pattern":
        message = msg("{value!r} does not match the pattern for this field", value=error.instance)
    elif keyword == "not" and "reserved" in str(error.validator_value.get("$ref", "")):
        code = "schema-reserved"
        message = msg("{value!r} is a reserved name", value=error.instance)
    elif keyword in _PLAIN:
        message = _PLAIN[keyword](error.validator_value)
    # A schema's own description is the best hint for what it wants.
    if hint is None and keyword in ("pattern", "format", "type", "enum") and error.schema.get("description"):
        hint = str(error.schema["description"])
    yield Finding.make(code, message, doc.path, line, col, pointer=pointer(path), hint=hint)


def did_you_mean(word: str, choices: Any) -> str:  # a Msg ("" when nothing is close)
    """``; did you mean 'x'?`` for the closest of ``choices`` (difflib's ratio, the cutoff
    of ``get_close_matches``), or nothing."""
    scored = []
    for c in sorted(set(map(str, choices))):
        m = difflib.SequenceMatcher(None, word, c)
        if m.real_quick_ratio() >= 0.6 and m.quick_ratio() >= 0.6 and m.ratio() >= 0.6:
            scored.append((m.ratio(), c))
    if not scored:
        return ""
    # Equally close candidates are all named (2021 is as close to 2020 as to 2022).
    best = max(r for r, _ in scored)
    close = [c for r, c in scored if r == best][:3]
    return msg("; did you mean {names}?", names=msg(" or ").join(map(repr, close)))


# jsonschema's own wording of these shows Python reprs ([], {}, None); say it plainly.
_PLAIN = {
    "minItems": lambda n: msg("the list is empty; give at least one item") if n == 1 else msg("give at least {n} items", n=n),
    "minProperties": lambda n: msg("the mapping is empty; give at least one key") if n == 1 else msg("give at least {n} keys", n=n),
    "minLength": lambda n: msg("the text is empty") if n == 1 else msg("the text is shorter than {n} characters", n=n),
    "maxLength": lambda n: msg("the text is longer than {n} characters", n=n),
    "uniqueItems": lambda _v: msg("the list has the same item twice"),
    "minimum": lambda n: msg("the value is below the minimum of {n}", n=n),
    "maximum": lambda n: msg("the value is above the maximum of {n}", n=n),
}

_ITEM = msg("item")
_ITEM_WORDS = {"nodes": msg("node"), "children": msg("node"), "mappings": msg("row"), "sources": msg("source"),
               "columns": msg("column")}

_TYPE_WORDS = {"object": msg("a mapping (indented `key: value` lines)"), "array": msg("a list (`- item` lines)"),
               "string": msg("text"), "integer": msg("a whole number"), "number": msg("a number"),
               "boolean": msg("true or false"), "null": msg("nothing")}


def _type_words(t: Any) -> str:
    words = [_TYPE_WORDS.get(x, str(x)) for x in (t if isinstance(t, list) else [t])]
    return words[0] if len(words) == 1 else msg("{first} or {second}", first=words[0], second=msg(" or ").join(words[1:]))


def _wants_container(t: Any) -> bool:
    return bool({"object", "array"} & set(t if isinstance(t, list) else [t]))


def _words(v: Any) -> str:
    """A value as the user wrote it in YAML, not as Python prints it."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    return str(v)


def _yaml_type(value: Any) -> str:
    if isinstance(value, bool):
        return msg("a boolean")
    if isinstance(value, int):
        return msg("an integer")
    if isinstance(value, float):
        return msg("a number")
    if value is None:
        return msg("null (no value)")
    return type(value).__name__


def load_checked(content: bytes | Path, display: str, kind: str, root: Path | None = None) -> Document:
    """A file (or a git blob's bytes) loaded and schema-checked as ``kind``; raises
    :class:`~lode.core.errors.LodeError` with the findings if it cannot be used. A file is
    read through ``read/files.py`` (regular files only, symlinks only within ``root``)."""
    doc = (load_file(content, display, STANDARD_LIMITS, root) if isinstance(content, Path)
           else load_bytes(content, display, STANDARD_LIMITS))
    errors = [f for f in doc.findings + check(doc, kind) if f.severity is Severity.ERROR]
    if errors:
        raise LodeError(errors)
    return doc
