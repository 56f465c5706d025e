"""Reading the shipped corpus in tests: plain data through the real loader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lode.read.loader import load_file

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


def assert_provenance(data: dict[str, Any], fidelities: set[str]) -> list[dict[str, Any]]:
    """Every node has an allowed fidelity, cites sources, cites only declared sources,
    and reproduces no official text. Returns the nodes for further, corpus-specific rules."""
    declared = {s["id"] for s in data["sources"]}
    nodes = all_nodes(data)
    assert nodes
    for n in nodes:
        where = f"{data['standard']}@{data['edition']}#{n['id']}"
        assert n.get("fidelity") in fidelities, where
        assert "text" not in n, f"{where}: no official text may be reproduced"
        assert n.get("sources"), f"{where}: no sources"
        assert set(n["sources"]) <= declared, f"{where}: cites an undeclared source"
    return nodes
