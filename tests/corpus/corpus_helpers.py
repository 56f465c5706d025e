"""Reading the shipped corpus in tests: plain data through the real loader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lode.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = ROOT / "standards"


def load(path: Path) -> dict[str, Any]:
    return load_file(path, str(path.relative_to(ROOT))).data


def standard(std: str) -> dict[str, Any]:
    return load(STANDARDS / std / "standard.yaml")


def edition(std: str, ed: str) -> dict[str, Any]:
    return load(STANDARDS / std / f"{ed}.yaml")


def walk(nodes: list[dict[str, Any]], parent: dict[str, Any] | None = None) -> Iterator[tuple[dict, dict | None]]:
    """Every node in document order (depth first), with its parent (None at top level)."""
    for node in nodes:
        yield node, parent
        yield from walk(node.get("children", []), node)


def all_nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n, _ in walk(data["nodes"])]
