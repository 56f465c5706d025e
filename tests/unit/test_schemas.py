"""The schemas: valid 2020-12, resolved locally only, every format enforced."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from lode import schemas

BAD_VALUE_BY_FORMAT = {"date": "2024-02-30"}


def test_every_schema_is_valid_draft_2020_12() -> None:
    for path in sorted(schemas.schema_dir().glob("*.schema.json")):
        schema = json.loads(path.read_text())
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_validators_compile_with_all_refs_resolved(kind: str) -> None:
    assert schemas.validator(kind).format_checker is not None


def test_every_format_used_is_actually_checked() -> None:
    used = schemas.formats_used()
    assert used <= set(BAD_VALUE_BY_FORMAT), f"add a known-bad value for {used - set(BAD_VALUE_BY_FORMAT)}"
    checker = schemas.validator("edition").format_checker
    for fmt in used:
        assert not checker.conforms(BAD_VALUE_BY_FORMAT[fmt], fmt)


def test_remote_refs_are_never_fetched() -> None:
    v = Draft202012Validator({"$ref": "https://example.com/remote.schema.json"}, registry=schemas.registry())
    with pytest.raises(Unresolvable):
        v.is_valid({})


def test_no_schema_pattern_has_nested_quantifiers() -> None:
    # ReDoS guard (reliability.md R-SCHEMA-TRUST): a group that is one quantified atom,
    # quantified again -- (a+)+, (.*)*, ([a-z]+)* -- backtracks exponentially. A group led
    # by a literal separator, such as (?:-[a-z0-9]+)*, is unambiguous and allowed.
    import re

    nested = re.compile(r"\((?:\?:)?(?:\\.|\[[^\]]*\]|[^()\[\\])[+*]\)[+*{]")
    assert nested.search("^(a+)+$") and nested.search("(.*)*") and nested.search("([a-z]+)*")
    assert not nested.search("^[a-z0-9]+(?:-[a-z0-9]+)*$")
    for path in schemas.schema_dir().glob("*.schema.json"):
        for m in re.finditer(r'"pattern": "([^"]*)"', path.read_text()):
            assert not nested.search(m.group(1)), f"{path.name}: {m.group(1)}"
