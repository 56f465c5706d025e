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

import hashlib
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import jsonschema_rs

from .. import PACKAGE_DIR
from ..core.errors import LodeError
from ..core.findings import Finding
from ..read.loader import Document, pointer

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry, Resource

# python-jsonschema and referencing are imported where used, not here: every clean file
# gets its verdict from jsonschema-rs, and importing python-jsonschema cost about a third
# of `lode validate`'s start-up (`python -X importtime`) for files that never fail.

BASE = "https://lode.invalid/schemas/"
KINDS = ("standard", "edition", "crosswalk")


def schema_dir() -> Path:
    """Where the schemas live: the packaged copy (``lode/_schemas`` in a wheel) first,
    else the ``schemas/`` folder of the source checkout the package sits in."""
    packaged = resources.files("lode") / "_schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    for d in PACKAGE_DIR.parents:
        if (d / "schemas" / "edition.schema.json").is_file():
            return d / "schemas"
    raise LodeError.of("schema-ref", f"no schemas/ folder found above {PACKAGE_DIR}",
                       hint="reinstall Lode (`make test` sets up .venv from the checkout)")


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for p in sorted(schema_dir().glob("*.schema.json")):
        out[p.name] = json.loads(p.read_text(encoding="utf-8"))
    return out


def _refuse_remote(uri: str) -> Resource:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)


@cache
def registry() -> Registry:
    from referencing import Registry, Resource

    resources_ = [(s["$id"], Resource.from_contents(s)) for s in _schemas().values()]
    return Registry(retrieve=_refuse_remote).with_resources(resources_)


@cache
def digest() -> str:
    """A fingerprint of all schemas (part of every cache key)."""
    h = hashlib.sha256()
    for name, s in sorted(_schemas().items()):
        h.update(name.encode())
        h.update(json.dumps(s, sort_keys=True).encode())
    return h.hexdigest()[:16]


@cache
def validator(kind: str) -> Draft202012Validator:
    """The compiled validator for a document kind, with format checking on."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing.exceptions import Unresolvable

    schema = _schemas()[f"{kind}.schema.json"]
    Draft202012Validator.check_schema(schema)
    v = Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())
    try:  # resolve every $ref now, so a broken schema fails before any file is checked
        _resolve_all(v, schema)
    except Unresolvable as e:
        raise LodeError.of("schema-ref", f"{kind}.schema.json: cannot resolve $ref {e}") from e
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
        raise LodeError.of("schema-ref", f"{kind}.schema.json: {e}") from e


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


def formats_used() -> set[str]:
    """Every ``format`` keyword used in the schemas (tests check each is enforced)."""
    return {o["format"] for s in _schemas().values() for o in _objects(s) if isinstance(o.get("format"), str)}


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
    if fast_validator(kind).is_valid(doc.data):
        return []
    return [f for e in validator(kind).iter_errors(doc.data) for f in _findings(doc, e)]


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
                options = "language codes (zh, en, zh-Hant)" + (f" and {options}" if options else "")
            yield Finding.make(code, f"key {k!r} is not allowed here", doc.path, line, col,
                               pointer=pointer(path + (k,)), hint=f"allowed keys: {options}")
        return
    if keyword == "required":
        line, col = doc.where(path)
        what = pointer(path) or "the top level"
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        message = f"{what} is missing the required key {missing!r}"
    else:
        line, col = doc.where(path)
        if keyword == "type" and path in doc.raw:
            src = doc.raw[path]
            message = f"{src} is read as {_yaml_type(error.instance)}, not {error.validator_value}"
            hint = f'quote the value: "{src}"'
        elif keyword == "format":
            message = f"{error.instance!r} is not a valid {error.validator_value}"
        elif keyword == "pattern":
            message = f"{error.instance!r} does not match the pattern for this field"
        # A schema's own description is the best hint for what it wants.
        if hint is None and keyword in ("pattern", "format", "type", "enum") and error.schema.get("description"):
            hint = str(error.schema["description"])
    yield Finding.make(code, message, doc.path, line, col, pointer=pointer(path), hint=hint)


def _yaml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if value is None:
        return "null"
    return type(value).__name__
