"""An edition built again after a save takes the nodes its last model built from the very
same dicts at the same place (``model/deferred.py``, ``lends``): the tree is the one a
fresh build gives, and only what the save changed is new."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from conftest import REPO
from lode.model.deferred import node_at, plain_nodes
from lode.model.edition import build_edition
from lode.read.loader import load_file

FILE = "standards/cccmc-ddg/2022.yaml"


def _data() -> dict[str, Any]:
    return load_file(REPO / FILE, FILE).data


def _saved(data: dict[str, Any], k: int) -> dict[str, Any]:
    """``data`` as a splice leaves it after a save that rewords item ``k``: new dicts on
    that item's path, the same objects everywhere else."""
    out = dict(data)
    out["nodes"] = list(data["nodes"])
    item = out["nodes"][k] = copy.deepcopy(data["nodes"][k])
    item["title"]["en"] += " (reworded)"
    return out


def test_a_rebuilt_edition_takes_the_unchanged_nodes_and_equals_a_fresh_build() -> None:
    data = _data()
    last = build_edition(data, FILE)
    assert last.nodes  # the tree is built: it can lend
    new = _saved(data, 3)
    again = build_edition(new, FILE, lends=last)
    assert again.nodes == build_edition(new, FILE).nodes
    assert [a is b for a, b in zip(again.nodes, last.nodes)] == [i != 3 for i in range(len(last.nodes))]
    assert again.nodes[3].title.by_lang["en"].endswith("(reworded)")
    assert again.__dict__["_plain"].lends is None  # the last model is let go once the tree is built


def test_a_node_is_lent_only_from_the_same_dict_at_the_same_place_of_the_same_file() -> None:
    data = _data()
    last = build_edition(data, FILE)
    last.nodes  # noqa: B018 - build the tree
    moved = dict(data)
    moved["nodes"] = [data["nodes"][1], data["nodes"][0], *data["nodes"][2:]]  # two items swap places
    swapped = build_edition(moved, FILE, lends=last)
    assert swapped.nodes[0] is not last.nodes[1] and swapped.nodes[0].where.path == ("nodes", 0)
    assert swapped.nodes[2] is last.nodes[2]
    elsewhere = build_edition(data, "standards/cccmc-ddg/2015.yaml", lends=last)
    assert not any(a is b for a, b in zip(elsewhere.nodes, last.nodes))
    assert elsewhere.nodes[0].where.file == "standards/cccmc-ddg/2015.yaml"
    unbuilt = build_edition(data, FILE)  # its tree never read: nothing to lend
    assert build_edition(data, FILE, lends=unbuilt).__dict__["_plain"].lends is None
    made = dataclasses.replace(last, nodes=last.nodes)  # made by its constructor: no plain data
    assert build_edition(data, FILE, lends=made).nodes == last.nodes


def test_a_node_built_ahead_of_the_tree_is_lent_too() -> None:
    # The diff builds single nodes before any tree (node_at): those are lent the same way.
    data = _data()
    last = build_edition(data, FILE)
    last.nodes  # noqa: B018 - build the tree
    new = _saved(data, 3)
    again = build_edition(new, FILE, lends=last)
    parent = next(i for i, d in enumerate(plain_nodes(again)) if d.get("children") and i != 3)
    child = plain_nodes(again)[parent]["children"][0]
    path = ("nodes", parent, "children", 0)
    assert node_at(again, child, path) is last.nodes[parent].children[0]
    changed = plain_nodes(again)[3]
    assert node_at(again, changed, ("nodes", 3)) is not last.nodes[3]
    assert again.nodes == build_edition(new, FILE).nodes
