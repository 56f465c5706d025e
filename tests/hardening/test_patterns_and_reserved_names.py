"""Defects 6 and 10: patterns a trailing newline slipped past (python-jsonschema's ``$``
matches before a final ``\\n``), a "valid" verdict because the explainer found nothing,
Lode's own id regexes, a title whose line break lost its anchor; and ids that collide
with site routes or Windows device names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hardening_helpers import codes, make_repo

from lode.model.edition import Ref
from lode.read import schemas
from lode.read.loader import load_bytes
from lode.render import markup


def _validate(run_lode, root: Path) -> tuple[int, str]:
    code, out, err = run_lode("validate", "--root", str(root), "--no-cache")
    assert "Traceback" not in err
    return code, out


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    text = p.read_text()
    assert old in text, (rel, old)
    p.write_text(text.replace(old, new, 1))


def test_node_id_with_a_trailing_newline_is_refused(run_lode, tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    _edit(root, "standards/ref/1.yaml", "id: r-policy", 'id: "r-policy\\n"')
    code, out = _validate(run_lode, root)
    assert code == 1 and "schema-pattern" in codes(out), out


def test_url_with_a_trailing_newline_is_refused() -> None:
    v = schemas.validator("edition")
    url_schema = {"$ref": "https://lode.invalid/schemas/common.schema.json#/$defs/url"}
    from jsonschema import Draft202012Validator

    check = Draft202012Validator(url_schema, registry=schemas.registry())
    assert check.is_valid("https://example.org/a")
    assert not check.is_valid("https://example.org/a\n")
    assert v is not None


def test_every_schema_pattern_is_anchored_at_both_ends() -> None:
    for name, schema in schemas._schemas().items():
        for obj in schemas._objects(schema):
            pats = [obj["pattern"]] if isinstance(obj.get("pattern"), str) else []
            pats += list(obj.get("patternProperties", {}))
            for p in pats:
                assert p.startswith("^") and "$" in p, (name, p)  # anchored (windowsDevice: `(?:\\.|$)`)
                py = schemas.python_pattern(p)
                assert "$" not in py.replace("\\$", "") and "\\Z" in py, (name, p)


def test_a_rejection_the_explainer_cannot_explain_is_still_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_bytes(b'id: "x"\n', "std.yaml")

    class Silent:
        def iter_errors(self, data):  # the explainer finds nothing
            return iter(())

    monkeypatch.setattr(schemas, "validator", lambda kind: Silent())
    found = schemas.check(doc, "standard")
    assert found and all(f.severity.value == "error" for f in found)


def test_lode_own_id_regexes_refuse_a_trailing_newline() -> None:
    with pytest.raises(ValueError):
        Ref.parse("ref@1#r-policy\n")
    with pytest.raises(ValueError):
        markup.ident("r-policy\n")
    assert markup.external_link("https://x.org/\n", "t") == "t"


def test_title_with_a_newline_keeps_its_anchor() -> None:
    h = markup.heading(2, "first line\nsecond", "r-policy")
    assert "\n" not in h and h.endswith("{#r-policy}")
    assert "\n" not in markup.front_matter("a\nb").split("\n")[1]


@pytest.mark.parametrize("name", ["standards", "latest", "con", "nul", "aux", "prn", "com1", "lpt9", "search"])
def test_reserved_standard_ids(run_lode, tmp_path: Path, name: str) -> None:
    root = make_repo(tmp_path)
    (root / "standards" / "ref").rename(root / "standards" / name)
    _edit(root, f"standards/{name}/standard.yaml", "id: ref", f"id: {name}")
    code, out = _validate(run_lode, root)
    assert code == 1 and "schema-reserved" in codes(out), out
    assert f"'{name}' is a reserved name" in out


@pytest.mark.parametrize("name", ["latest", "nul", "con.2020", "index"])
def test_reserved_edition_names(name: str) -> None:
    doc = load_bytes(json.dumps({"edition": name}).encode(), "e.yaml")
    found = [f for f in schemas.check(doc, "edition") if f.pointer == "/edition"]
    assert [f.code for f in found] == ["schema-reserved"], found


def test_ordinary_names_are_not_reserved() -> None:
    doc = load_bytes(json.dumps({"edition": "2024"}).encode(), "e.yaml")
    assert not [f for f in schemas.check(doc, "edition") if f.pointer == "/edition"]
    doc = load_bytes(json.dumps({"edition": "console"}).encode(), "e.yaml")
    assert not [f for f in schemas.check(doc, "edition") if f.pointer == "/edition"]
