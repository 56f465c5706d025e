"""JSON that Lode writes is strict JSON: no `NaN` or `Infinity` tokens, which other JSON
readers refuse. Every `json.dumps` call in the package says `allow_nan=False`, so a
non-finite number that reached an output would be an error, never a forged token."""

from __future__ import annotations

import ast

from conftest import REPO


def test_every_json_dumps_refuses_nan() -> None:
    loose = []
    for path in sorted((REPO / "tooling/lode").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("dumps", "dump") and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "json"):
                strict = any(k.arg == "allow_nan" and isinstance(k.value, ast.Constant) and k.value.value is False
                             for k in node.keywords)
                if not strict:
                    loose.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not loose, f"json.dumps without allow_nan=False: {loose}"
