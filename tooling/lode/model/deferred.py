"""An edition's node tree built when first read (``Edition.nodes``), and single nodes
built ahead of it.

Comparing two editions needs only the nodes that changed: ``diff/engine.py`` compares
the plain data the editions are built from and builds those nodes alone. Building all
200,000 frozen nodes of two 100,000-node editions first was two thirds of such a diff.
Everything else that reads ``Edition.nodes`` (the site, the checks, the crosswalks) gets
the same tree as before, built on that first read.

Under ``mkdocs serve`` an edition built again after a save is given the model its file had
before (``lends``): a node whose plain dict is the very object the last model's node at the
same place was built from is that node. A save's splice keeps every unchanged item's dicts
(``read/reparse.py``), so a save that rewords one provision builds one chapter again, not
a thousand nodes, and what compares nodes (the site's kept parts, the diff) finds the same
objects.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Mapping

from ..core.perf import gc_paused

# edition.py imports this module (Edition.nodes' default); this one names its types only
# in words, so the two do not import each other.
KeyPath = tuple[str | int, ...]
Edition = Any  # model/edition.py: Edition
Node = Any  # model/edition.py: Node
Build = Callable[[Mapping[str, Any], str, KeyPath], Node]  # edition.py: _build_node

_BUILDING = threading.Lock()  # two threads reading one edition get one tree


class Plain:
    """The schema-valid data an edition's nodes are built from, its builder, and the
    nodes built ahead of the tree (:func:`node_at`). The data is the loader's, never
    changed after loading (``Edition.data`` holds the same dicts)."""

    __slots__ = ("nodes", "file", "build", "built", "lends")

    def __init__(self, nodes: list[Mapping[str, Any]], file: str, build: Build, lends: Edition | None) -> None:
        self.nodes, self.file, self.build = nodes, file, build
        self.built: dict[KeyPath, Node] = {}  # where a plain node is -> its Node, built ahead
        # The last model of the same file, if it was built from plain data and its tree has
        # been read; dropped once this tree is (so no chain of old models is kept).
        last: Plain | None = lends.__dict__.get("_plain") if lends is not None else None
        self.lends = lends if last is not None and last.file == file and "nodes" in lends.__dict__ else None

    def lent(self, d: Mapping[str, Any], path: KeyPath) -> Node | None:
        """The last model's node at ``path`` (``("nodes", 2, "children", 0)``) if it was
        built from ``d`` itself."""
        if self.lends is None:
            return None
        steps = path[1::2]
        try:
            node, plain = self.lends.nodes[steps[0]], self.lends.__dict__["_plain"].nodes[steps[0]]
            for k in steps[1:]:
                node, plain = node.children[k], plain["children"][k]
        except (IndexError, KeyError):
            return None
        return node if plain is d else None


class DeferredNodes:
    """The default of ``Edition.nodes``: ``()`` for an edition made by its constructor;
    for one made by :func:`defer`, its tree built on the first read and kept as an
    ordinary instance attribute (which later reads find before this class attribute)."""

    def __get__(self, ed: Edition | None, owner: type | None = None) -> tuple[Node, ...]:
        if ed is None:
            return ()  # the dataclass reads the field's default here
        with _BUILDING:
            done = ed.__dict__.get("nodes")
            if done is None:
                plain: Plain = ed.__dict__["_plain"]
                # A tree of frozen, acyclic objects: see build_edition on the collector.
                with gc_paused():
                    done = tuple([plain.built.get(("nodes", i)) or plain.lent(n, ("nodes", i))
                                  or plain.build(n, plain.file, ("nodes", i)) for i, n in enumerate(plain.nodes)])
                ed.__dict__["nodes"] = done
                plain.built.clear()
                plain.lends = None
            return done


def defer(ed: Edition, nodes: list[Mapping[str, Any]], file: str, build: Build, lends: Edition | None = None) -> None:
    """Make ``ed`` (just constructed, its ``nodes`` the default) build its tree from ``nodes``
    with ``build`` when first read, taking each node ``lends`` (the last model of the same
    file) built from the same dict at the same place."""
    del ed.__dict__["nodes"]
    ed.__dict__["_plain"] = Plain(nodes, file, build, lends)


def plain_nodes(ed: Edition) -> list[Mapping[str, Any]] | None:
    """The schema-valid plain nodes ``ed``'s tree is built from (None for an edition made
    by its constructor): what a comparison reads before it builds any node."""
    plain = ed.__dict__.get("_plain")
    return plain.nodes if plain is not None else None


def tree_built(ed: Edition) -> bool:
    return "nodes" in ed.__dict__


def node_at(ed: Edition, plain: Mapping[str, Any], path: KeyPath) -> Node:
    """The node of ``ed`` built from ``plain``, one of :func:`plain_nodes`' dicts, found at
    ``path`` (``("nodes", 2, "children", 0)``): the one in ``ed.nodes`` if the tree is
    built, else built alone (with its children) and reused when the tree is."""
    tree = ed.__dict__.get("nodes")
    if tree is not None:
        node = tree[path[1]]  # type: ignore[index]
        for k in path[3::2]:
            node = node.children[k]  # type: ignore[index]
        return node
    with _BUILDING:
        p: Plain = ed.__dict__["_plain"]
        node = p.built.get(path)
        if node is None:
            with gc_paused():
                node = p.built[path] = p.lent(plain, path) or p.build(plain, p.file, path)
        return node
