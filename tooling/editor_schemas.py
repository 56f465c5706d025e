"""Write the editor copies of the schemas: ``schemas/editor/*.schema.json``, JSON Schema
draft-07, for the YAML language server (VS Code's YAML extension and the editors that
embed it), which reads draft-07 and below: its 2019-09/2020-12 support was merged and
reverted (redhat-developer/yaml-language-server #1006, #1112; #856 is still open).

The 2020-12 files in ``schemas/`` stay the truth that ``lode validate`` uses; the copies
say the same thing in draft-07 terms:

- ``$schema`` is draft-07's, ``$defs`` becomes ``definitions`` (and every ``$ref`` follows);
- ``$id`` is dropped, so ``common.schema.json#…`` resolves next to the file on disk
  instead of at the ``.invalid`` host, which an editor would try to fetch;
- a ``$ref`` with sibling keywords (draft-07 ignores them, so the hover text would be lost)
  becomes ``{"description": …, "allOf": [{"$ref": …}]}``.

A test validates every case folder under ``tests/cases/validate`` with both and requires
the same verdict, and fails when the committed copies are out of date.

    python tooling/editor_schemas.py          # rewrite schemas/editor/
    python tooling/editor_schemas.py --check  # exit 1 if they are out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "schemas"
TARGET = SOURCE / "editor"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def convert(node: Any) -> Any:
    if isinstance(node, list):
        return [convert(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for k, v in node.items():
        if k == "$schema":
            out[k] = DRAFT_07
        elif k == "$id":
            continue
        elif k == "$defs":
            out["definitions"] = {name: convert(d) for name, d in v.items()}
        elif k == "$ref":
            out[k] = v.replace("#/$defs/", "#/definitions/")
        elif k in ("properties", "patternProperties"):
            out[k] = {name: convert(d) for name, d in v.items()}
        else:
            out[k] = convert(v)
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}, *out.get("allOf", [])]
    return out


def render() -> dict[str, str]:
    """File name -> the text of its editor copy."""
    out = {}
    for p in sorted(SOURCE.glob("*.schema.json")):
        schema = convert(json.loads(p.read_text(encoding="utf-8")))
        schema["$comment"] = (f"Generated from schemas/{p.name} (JSON Schema 2020-12) by tooling/editor_schemas.py "
                              "for editors that read draft-07; do not edit.")
        out[p.name] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def main(argv: list[str]) -> int:
    files = render()
    stale = [n for n, text in files.items()
             if not (TARGET / n).is_file() or (TARGET / n).read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for n in stale:
            print(f"schemas/editor/{n} is out of date: run python tooling/editor_schemas.py", file=sys.stderr)
        return 1 if stale else 0
    TARGET.mkdir(exist_ok=True)
    for n in stale:
        (TARGET / n).write_text(files[n], encoding="utf-8")
        print(f"wrote schemas/editor/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
