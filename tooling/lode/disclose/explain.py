"""Explaining why a disclosure failed its edition's schema, one finding per problem.

Only files the compiled validator rejected get here. The failing facts' errors come
from jsonschema-rs where they are certainly python-jsonschema's (``schema.FactError``),
else from python-jsonschema itself; this module keeps those about a fact's value (the
envelope has its own schema check, and unknown or duplicate metric ids are judged in
``checks.py`` with a did-you-mean), gives each a disclosure code, and keeps one finding
per location: a value of the wrong type is one finding, not a type error plus a bounds
error plus an enum error.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from jsonschema.exceptions import ValidationError

from ..core.findings import Finding
from ..read.loader import pointer
from .disclosure import Disclosure
from .schema import FactError
from .spec import Spec
from ..core.i18n import msg

_TYPE_WORDS = {"number": msg("a number"), "integer": msg("a whole number"), "boolean": msg("true or false"),
               "string": msg("a text"), "array": msg("a list of table rows"), "object": msg("a table row (a mapping)")}
# When several keywords fail at one place, the first of these explains it best.
_RANK = ("type", "required", "additionalProperties", "format", "enum", "minimum", "maximum", "minLength")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (dict, list)):
        return msg("a mapping") if isinstance(value, dict) else msg("a list")
    return repr(value)


def _finding(d: Disclosure, spec: Spec, path: tuple, e: ValidationError | FactError) -> Iterator[Finding]:
    metric = spec.by_id[path[1]]
    where = d.doc.where(path)
    ptr = pointer(path)
    kw = str(e.validator)
    in_table = len(path) > 3
    column = next((c for c in metric.columns if len(path) > 4 and c["id"] == path[4]), None)
    what: str = metric.id
    if in_table:
        what = msg("{id} row {row}", id=metric.id, row=path[3] + 1)
    if column:
        what = msg("{what} column {column}", what=what, column=column["id"])
    if kw == "type":
        want = e.validator_value if isinstance(e.validator_value, str) else "/".join(e.validator_value)
        hint = None
        if d.doc.raw_at(path) is not None or (isinstance(e.instance, str) and want in ("number", "integer")):
            hint = None if not isinstance(e.instance, str) else (
                msg("type the number itself in {cell} as a number cell (1.2, not \"1,2\")", cell=d.cell(where))
                if d.workbook else msg("type the number itself (1.2, not \"1,2\"), unquoted"))
        yield Finding.make("fact-type", msg("{what}: {value} is not {value2}", what=what, value=_describe(e.instance), value2=_TYPE_WORDS.get(want, want)),
                           d.path, *where, pointer=ptr, hint=hint)
    elif kw == "format":
        yield Finding.make("fact-date", msg("{what}: {value} is not a calendar date YYYY-MM-DD", what=what, value=_describe(e.instance)),
                           d.path, *where, pointer=ptr)
    elif kw in ("enum", "const"):
        allowed = ", ".join(metric.value.get("values", ()))
        yield Finding.make("fact-enum", msg("{what}: {value} is not one of the allowed values", what=what, value=_describe(e.instance)),
                           d.path, *where, pointer=ptr, hint=msg("allowed: {allowed}", allowed=allowed))
    elif kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        side = msg("below the minimum") if "inimum" in kw else msg("above the maximum")
        unit = f" {metric.unit}" if metric.unit else ""
        yield Finding.make("fact-bounds", msg("{what}: {value}{unit} is {side} {validator_value}{unit}", what=what, value=_describe(e.instance), unit=unit, side=side, validator_value=e.validator_value),
                           d.path, *where, pointer=ptr)
    elif kw == "additionalProperties" and isinstance(e.instance, dict):
        known = [c["id"] for c in metric.columns]
        for k in (k for k in e.instance if k not in known):
            yield Finding.make("table-column", msg("{what}: unknown column {k!r}", what=what, k=k), d.path,
                               *d.doc.where(path + (k,), key=True), pointer=pointer(path + (k,)),
                               hint=msg("the columns are: {items}", items=', '.join(known)))
    elif kw == "required" and in_table:
        missing = [c for c in e.validator_value if c not in e.instance]
        yield Finding.make("table-column", msg("{what}: missing column {items}", what=what, items=', '.join(map(repr, missing))),
                           d.path, *where, pointer=ptr,
                           hint=msg("give every row the columns: {items}", items=', '.join(c['id'] for c in metric.columns)))
    elif kw == "minLength":
        yield Finding.make("fact-type", msg("{what}: an empty text is not a value", what=what), d.path, *where, pointer=ptr,
                           hint=f"type the text in {d.cell(where)}, or choose an omission reason on the metric's "
                           "row" if d.workbook else "write the text, or omit the metric with a reason under `omissions:`")
    else:
        yield Finding.make("fact-type", msg("{what}: {message}", what=what, message=e.message), d.path, *where, pointer=ptr)


def _rank(e: ValidationError | FactError) -> int:
    kw = str(e.validator)
    return _RANK.index(kw) if kw in _RANK else len(_RANK)


def explain(d: Disclosure, spec: Spec, errors: Iterable[tuple[tuple, ValidationError | FactError]]) -> list[Finding]:
    """Findings for (path from the root, error) pairs, one per location."""
    best: dict[tuple, ValidationError | FactError] = {}
    for path, e in errors:
        if len(path) < 3 or path[0] != "facts" or path[2] != "value" or path[1] not in spec.by_id:
            continue
        # A table row with a wrong or missing column is one place; its cells are others.
        if path not in best or _rank(e) < _rank(best[path]):
            best[path] = e
    out: list[Finding] = []
    for path in sorted(best, key=lambda p: tuple(map(str, p))):
        out.extend(_finding(d, spec, path, best[path]))
    return out
