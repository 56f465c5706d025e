"""The schemas: valid 2020-12, resolved locally only, every format enforced."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from lode.read import schemas
from referencing.exceptions import Unresolvable

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
    used = {o["format"] for s in schemas.documents().values() for o in schemas._objects(s)
            if isinstance(o.get("format"), str)}
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


def _documents():
    from conftest import REPO
    from lode.read.loader import LoadError, load_file

    for path in sorted([*REPO.glob("tests/cases/validate/*/*/standards/*/*.yaml"), *REPO.glob("standards/*/*.yaml")]):
        try:
            doc = load_file(path, str(path))
        except LoadError:
            continue
        yield ("standard" if path.name == "standard.yaml" else "edition"), doc.data


def test_both_engines_agree_on_every_fixture_and_corpus_file() -> None:
    seen = {True: 0, False: 0}
    for kind, data in _documents():
        fast = schemas.fast_validator(kind).is_valid(data)
        reference = schemas.validator(kind).is_valid(data)
        assert fast == reference, (kind, data.get("id") or data.get("edition"))
        seen[fast] += 1
    assert seen[True] > 20 and seen[False] > 10  # both verdicts were exercised


def test_remote_refs_are_refused_by_the_fast_engine_too() -> None:
    import jsonschema_rs

    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.validator_for({"$ref": "https://example.com/x.json"},
                                    registry=jsonschema_rs.Registry([]), offline=True).is_valid(1)
