"""The editor copies of the schemas (draft-07, for the YAML language server) say what the
2020-12 originals say: the same verdict on every document of every validate case folder
and of the corpus, descriptions on every property, and modelines that point at them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from conftest import REPO
from lode.core.errors import LoadError
from lode.edit.fmt import modeline
from lode.model.layout import document_kind
from lode.read import schemas
from lode.read.loader import load_file

_spec = importlib.util.spec_from_file_location("editor_schemas", REPO / "tooling" / "editor_schemas.py")
editor_schemas = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(editor_schemas)  # type: ignore[union-attr]

EDITOR = REPO / "schemas" / "editor"


def _editor_validator(kind: str) -> Draft7Validator:
    docs = {n: json.loads(t) for n, t in editor_schemas.render().items()}
    # No $id in the copies: relative refs resolve by file name, as beside the file on disk.
    registry = Registry().with_resources((n, Resource.from_contents(d, default_specification=DRAFT7))
                                         for n, d in docs.items())
    schema = docs[f"{kind}.schema.json"]
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, registry=registry, format_checker=FormatChecker())


def _documents() -> list[tuple[str, Path]]:
    out = []
    for p in sorted((REPO / "tests" / "cases" / "validate").rglob("standards/**/*.yaml")) + \
            sorted((REPO / "standards").rglob("*.yaml")):
        rel = p.as_posix().split("/standards/", 1)[1]
        out.append((document_kind("standards/" + rel), p))
    return out


def test_committed_copies_are_up_to_date() -> None:
    assert editor_schemas.main(["--check"]) == 0, "run python tooling/editor_schemas.py"


def test_copies_are_draft_07_without_2020_keywords() -> None:
    for name, text in editor_schemas.render().items():
        assert json.loads(text)["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert "$defs" not in text and "$id" not in text and "lode.invalid" not in text, name


def test_same_verdict_as_the_2020_12_originals_on_every_case_and_the_corpus() -> None:
    checked = rejected = 0
    for kind, path in _documents():
        try:
            data = load_file(path, path.name).data
        except LoadError:
            continue  # refused before any schema runs: nothing for an editor schema to say
        original: Draft202012Validator = schemas.validator(kind)
        a = original.is_valid(data)
        b = _editor_validator(kind).is_valid(data)
        assert a == b, f"{path.relative_to(REPO)}: 2020-12 says {a}, draft-07 copy says {b}"
        checked += 1
        rejected += not a
    # the comparison means something only if both kinds of verdict occur
    assert checked > 100 and rejected > 10


def _properties(node, where=""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/{name}", sub
        for k, v in node.items():
            if k != "if":  # conditions name properties, they do not define them
                yield from _properties(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _properties(v, f"{where}/{i}")


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "schemas").glob("*.schema.json")))
def test_every_property_has_a_description_for_hover(name: str) -> None:
    docs = schemas.documents()
    missing = []
    for where, sub in _properties(docs[name]):
        target = sub
        if "description" not in sub and isinstance(sub.get("$ref"), str):
            file, _, frag = sub["$ref"].partition("#")
            target = docs[file.rsplit("/", 1)[-1] or name]
            for part in filter(None, frag.split("/")):
                target = target[part]
        if "description" not in target:
            missing.append(where)
    assert not missing, f"{name}: properties without a description: {missing}"


def test_every_corpus_file_names_its_editor_schema_on_its_first_line() -> None:
    for path in sorted((REPO / "standards").rglob("*.yaml")):
        rel = path.relative_to(REPO).as_posix()
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == modeline(rel, document_kind(rel)), rel
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file() and target.parent == EDITOR, rel
