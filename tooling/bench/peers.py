"""The same synthetic content in the formats of Lode's peers, Doorstop and StrictDoc.

Each edition of the synthetic corpus becomes one peer document with every node as one
item: its id, its number as the item's level, its title as the header, and both
languages of its summary as the text, so that each tool reads and publishes what Lode
reads and publishes (the nodes, their titles and their bilingual summaries). The peers
run from their own virtual environment (``make bench-peers`` installs it under
``build/peers-venv`` from ``peers-requirements.txt``); they are never Lode dependencies.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any, Iterator

PEERS_VENV = Path(__file__).resolve().parents[2] / "build" / "peers-venv"


def peer_bin(name: str) -> Path | None:
    p = PEERS_VENV / "bin" / name
    return p if p.exists() else None


def _items(edition: Any) -> Iterator[tuple[int, str, str, str, int]]:
    """(position, id, title, text, depth) of every node in document order."""
    for k, (n, _parent, depth, _index) in enumerate(edition.walk_tree()):
        title = n.title.get("en") or n.title.get("zh") or n.id
        summary = n.summary.by_lang if n.summary else {}
        text = "\n\n".join(summary[lg] for lg in ("zh", "en") if summary.get(lg)) or title
        yield k, n.id, title, text, depth


def _prefix(i: int) -> str:
    # Doorstop prefixes are letters and digits; one document per edition.
    return f"E{i:03d}"


# --- Doorstop ------------------------------------------------------------------------------

def _yaml_block(text: str, indent: str = "  ") -> str:
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in text.split("\n"))


def _yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def write_doorstop(editions: list[Any], root: Path) -> int:
    """A Doorstop tree: one document per edition (the first the root, the others its
    children, as Doorstop requires one tree), one item file per node. Returns the items."""
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)  # Doorstop finds its root by VCS
    count = 0
    for i, ed in enumerate(editions):
        prefix = _prefix(i)
        doc = root / "reqs" / prefix
        doc.mkdir(parents=True)
        settings = f"settings:\n  digits: 5\n  prefix: {prefix}\n  sep: ''\n"
        if i:
            settings += f"  parent: {_prefix(0)}\n"
        (doc / ".doorstop.yml").write_text(settings, encoding="utf-8")
        levels: list[int] = []
        for k, _nid, title, text, depth in _items(ed):
            levels = levels[: depth + 1]
            if len(levels) <= depth:
                levels += [0] * (depth + 1 - len(levels))
            levels[depth] += 1
            item = (f"active: true\nderived: {'true' if i else 'false'}\nheader: {_yaml_str(title)}\n"
                    f"level: {_yaml_str('.'.join(map(str, levels)))}\nlinks: []\nnormative: true\nref: ''\n"
                    f"reviewed: null\ntext: {_yaml_block(text)}")
            (doc / f"{prefix}{k + 1:05d}.yml").write_text(item, encoding="utf-8")
            count += 1
    return count


# --- StrictDoc ----------------------------------------------------------------------------

_SDOC_UNSAFE = re.compile(r"^(\[|<<<|>>>)", re.M)


def _sdoc_text(text: str) -> str:
    # A line starting with a bracket or a fence marker would end the field early.
    return _SDOC_UNSAFE.sub(r" \1", text)


def write_strictdoc(editions: list[Any], root: Path) -> int:
    """One ``.sdoc`` document per edition, each node one requirement (nested sections
    are not used: StrictDoc's TOC then lists every requirement, as Lode's does)."""
    root.mkdir(parents=True)
    (root / "strictdoc.toml").write_text('[project]\ntitle = "Lode peer benchmark"\n', encoding="utf-8")
    count = 0
    for i, ed in enumerate(editions):
        out = [f"[DOCUMENT]\nTITLE: {ed.standard} {ed.edition}\n"]
        for k, nid, title, text, _depth in _items(ed):
            uid = re.sub(r"[^A-Za-z0-9_-]", "-", f"{_prefix(i)}-{nid}")
            out.append(f"\n[REQUIREMENT]\nUID: {uid}\nTITLE: {title}\nSTATEMENT: >>>\n{_sdoc_text(text)}\n<<<\n")
            count += 1
        (root / f"{_prefix(i)}.sdoc").write_text("".join(out), encoding="utf-8")
    return count
