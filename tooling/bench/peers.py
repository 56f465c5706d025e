"""The same synthetic content in the formats of Lode's peers, Doorstop and StrictDoc.

Each edition of the synthetic corpus becomes one peer document with every node as one
item: its id, its number as the item's level, its title as the header, and its summary
in ONE language (English) as the text: the peers publish one language, and giving
them both languages' text in one item would make their pages twice the size of a
one-language page. The topologies, stated in the bench's table:

- Doorstop, linked (the default): one document per edition; a standard's later edition
  is the child document of the edition before it, and each of its items links to the
  item of the same node id there (what Lode's editions are: the same ids, edition to
  edition). The first edition of each standard is a child of the corpus's first
  document, without links (Doorstop needs one tree).
- Doorstop, no links: every edition a child of the first document, ``links: []``
  (the topology measured before issue 26, reported beside the linked one).
- StrictDoc: one ``.sdoc`` document per edition, one requirement per node, no relations.

The peers run from their own virtual environment (``make bench-peers`` installs it
under ``build/peers-venv`` from ``peers-requirements.txt``); they are never Lode
dependencies.
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


LANG = "en"  # the one language the peers publish


def _items(edition: Any) -> Iterator[tuple[int, str, str, str, int]]:
    """(position, id, title, text, depth) of every node in document order, in ``LANG``."""
    for k, (n, _parent, depth, _index) in enumerate(edition.walk_tree()):
        title = n.title.get(LANG) or n.id
        text = (n.summary.get(LANG) if n.summary else None) or title
        yield k, n.id, title, text, depth


def _prefix(i: int) -> str:
    # Doorstop prefixes are letters and digits; one document per edition.
    return f"E{i:03d}"


# --- Doorstop ------------------------------------------------------------------------------

def _yaml_block(text: str, indent: str = "  ") -> str:
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in text.split("\n"))


def _yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def write_doorstop(editions: list[Any], root: Path, links: bool = True) -> int:
    """A Doorstop tree of one document per edition, one item file per node (the
    topologies are in this module's docstring). Returns the number of items."""
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)  # Doorstop finds its root by VCS
    count = 0
    last: dict[str, tuple[str, dict[str, str]]] = {}  # standard -> (prefix, node id -> uid) of its last edition
    for i, ed in enumerate(editions):
        prefix = _prefix(i)
        doc = root / "reqs" / prefix
        doc.mkdir(parents=True)
        settings = f"settings:\n  digits: 5\n  prefix: {prefix}\n  sep: ''\n"
        before = last.get(ed.standard) if links else None
        if i:
            settings += f"  parent: {before[0] if before else _prefix(0)}\n"
        (doc / ".doorstop.yml").write_text(settings, encoding="utf-8")
        levels: list[int] = []
        uids: dict[str, str] = {}
        for k, nid, title, text, depth in _items(ed):
            levels = levels[: depth + 1]
            if len(levels) <= depth:
                levels += [0] * (depth + 1 - len(levels))
            levels[depth] += 1
            uid = uids[nid] = f"{prefix}{k + 1:05d}"
            parent = before[1].get(nid) if before else None
            link = f"links:\n- {parent}: null\n" if parent else "links: []\n"
            item = (f"active: true\nderived: {'false' if parent or not i else 'true'}\nheader: {_yaml_str(title)}\n"
                    f"level: {_yaml_str('.'.join(map(str, levels)))}\n{link}normative: true\nref: ''\n"
                    f"reviewed: null\ntext: {_yaml_block(text)}")
            (doc / f"{uid}.yml").write_text(item, encoding="utf-8")
            count += 1
        last[ed.standard] = (prefix, uids)
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
