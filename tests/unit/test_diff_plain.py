"""The diff reads two editions' plain data and builds only the nodes that changed
(issue 26): its results must be those of the diff over fully built models, on generated
pairs of editions that differ the ways drafters change them."""

from __future__ import annotations

import copy
import dataclasses
import random
from typing import Any

import pytest
from lode.diff.engine import concordance, diff_editions
from lode.model.deferred import plain_nodes, tree_built
from lode.model.edition import Edition, build_edition
from lode.render.diff import render_concordance, render_json, render_markdown, render_text

ZH = "披露范围尾矿设施水资源排放职业健康安全社区治理"
EN = ["tailings", "water", "disclose", "scope", "facility", "community", "emissions", "safety", "report"]


def _node(rng: random.Random, i: int) -> dict[str, Any]:
    d: dict[str, Any] = {"id": f"n{i}", "kind": rng.choice(["clause", "section", "metric"]),
                         "title": {"zh": "".join(rng.choices(ZH, k=6)), "en": " ".join(rng.choices(EN, k=3))},
                         "fidelity": rng.choice(["paraphrase", "inferred"]), "sources": ["src"]}
    if rng.random() < 0.7:
        d["number"] = f"{i}.{rng.randint(1, 9)}"
    if rng.random() < 0.6:
        d["summary"] = {"zh": "".join(rng.choices(ZH, k=20)), "en": " ".join(rng.choices(EN, k=12))}
    if "summary" in d and rng.random() < 0.3:
        d["summary"]["translated-from"] = {"en": "0123456789ab"}  # the English is Lode's translation
    if rng.random() < 0.3:
        d["obligation"] = rng.choice(["shall", "should", "may"])
    if d["kind"] == "metric":
        d["requirement"] = rng.choice(["required", "recommended", "conditional"])
        d["value"] = rng.choice([{"type": "number", "unit": "t", "minimum": 0},
                                 {"type": "enum", "values": ["a", "b", "c"]},
                                 {"type": "table", "columns": [{"id": "c1", "type": "text"}]}])
    return d


def _tree(rng: random.Random, count: int) -> list[dict[str, Any]]:
    nodes = [_node(rng, i) for i in range(count)]
    top: list[dict[str, Any]] = []
    for k, d in enumerate(nodes):
        parents = [p for p in nodes[:k] if p["kind"] == "section"]
        if parents and rng.random() < 0.7:
            rng.choice(parents).setdefault("children", []).append(d)
        else:
            top.append(d)
    return top


def _all(nodes: list[dict[str, Any]]) -> list[tuple[list[dict[str, Any]], dict[str, Any]]]:
    out = []
    for d in nodes:
        out.append((nodes, d))
        out.extend(_all(d.get("children", [])))
    return out


def _vary(rng: random.Random, old: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The next edition: texts edited in zh and en, moves, renames, splits, merges,
    insertions in the middle of sibling lists, removals, value specs and obligations changed."""
    new = copy.deepcopy(old)
    fresh = 1000
    for _ in range(max(3, count // 4)):
        flat = _all(new)
        if not flat:
            break
        siblings, d = rng.choice(flat)
        what = rng.randrange(12)
        if what == 0 and "summary" in d:
            d["summary"]["zh"] = d["summary"]["zh"][:5] + "修订" + d["summary"]["zh"][5:]
        elif what == 1:
            d["title"]["en"] = d["title"]["en"] + rng.choice([".", " revised"])
        elif what == 2:  # moved: to another list, or within its own
            siblings.remove(d)
            target = rng.choice([new] + [p["children"] for _, p in _all(new) if p.get("children")])
            target.insert(rng.randint(0, len(target)), d)
        elif what == 3:  # renamed
            d["replaces"] = [d["id"]]
            d["id"] = f"r{fresh}"
            fresh += 1
        elif what == 4:  # inserted in the middle of a sibling list
            siblings.insert(rng.randint(0, len(siblings)), _node(rng, fresh))
            fresh += 1
        elif what == 5 and d is not new[0]:  # removed with its children
            siblings.remove(d)
        elif what == 6 and "value" in d:
            d["value"] = {**d["value"], "unit": "kt"} if "unit" in d["value"] else \
                {**d["value"], "values": ["a", "b"]} if "values" in d["value"] else {"type": "number"}
        elif what == 7:
            d["obligation"] = rng.choice(["shall", "shall-not", "may"])
        elif what == 8:  # split: the old id continues itself and a new node replaces it too
            extra = _node(rng, fresh)
            extra["replaces"] = [d["id"]]
            siblings.insert(siblings.index(d) + 1, extra)
            fresh += 1
        elif what == 9 and len(siblings) > 1:  # merged: a sibling replaces two old ids
            other = next(s for s in siblings if s is not d)
            d.setdefault("replaces", []).append(other["id"])
            siblings.remove(other)
        elif what == 10:
            d["number"] = f"{rng.randint(1, 99)}"
        elif what == 11:  # a leaf becomes a parent, or a parent's own fields change
            d.setdefault("children", []).append(_node(rng, fresh))
            fresh += 1
            d["fidelity"] = "verbatim"
    return new


def _data(nodes: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return {"standard": "demo", "edition": name, "title": {"en": "Demo", "zh": "示例"}, "status": "published",
            "language": "zh", "sources": [{"id": "src", "title": "Source"}], "nodes": nodes}


def _built(ed: Edition) -> Edition:
    """The same edition as an object made by its constructor: no plain data, every node built
    (the path the diff took before it read plain data)."""
    out = dataclasses.replace(ed)
    assert plain_nodes(out) is None and out.nodes == ed.nodes
    return out


def _outputs(d) -> tuple:
    return (d.edition_changes, d.nodes, d.concordance, d.caveats, render_text(d), render_markdown(d),
            render_json(d), render_concordance(d))


@pytest.mark.parametrize("seed", range(40))
def test_the_plain_diff_reports_what_the_model_diff_reports(seed: int) -> None:
    rng = random.Random(seed)
    old_nodes = _tree(rng, rng.randint(8, 60))
    new_nodes = _vary(rng, old_nodes, len(_all(old_nodes)))
    a, b = build_edition(_data(old_nodes, "2020"), "standards/demo/2020.yaml"), \
        build_edition(_data(new_nodes, "2025"), "standards/demo/2025.yaml")
    plain = diff_editions(a, b)
    assert not tree_built(a) and not tree_built(b), "the plain diff built a whole tree"
    reference = diff_editions(_built(a), _built(b))
    assert reference.nodes, "the generated pair differs"
    assert _outputs(plain) == _outputs(reference)
    assert concordance(a, b) == concordance(_built(a), _built(b))
    # With the trees built since, the nodes the diff builds are the trees' own.
    again = diff_editions(a, b)
    assert _outputs(again) == _outputs(reference)


def test_the_nodes_built_ahead_are_the_nodes_of_the_tree() -> None:
    rng = random.Random(7)
    old_nodes = _tree(rng, 40)
    a = build_edition(_data(old_nodes, "2020"), "standards/demo/2020.yaml")
    b = build_edition(_data(_vary(rng, old_nodes, 40), "2025"), "standards/demo/2025.yaml")
    d = diff_editions(a, b)
    assert d.nodes
    eager = build_edition(_data(old_nodes, "2020"), "standards/demo/2020.yaml")
    assert a.nodes == _built(eager).nodes  # reading the tree after the diff: the same model
    assert [n.where for n in a.walk()] == [n.where for n in eager.walk()]


def test_a_node_built_ahead_is_the_one_in_the_tree() -> None:
    from lode.model.deferred import node_at

    nodes = _tree(random.Random(3), 20)
    ed = build_edition(_data(nodes, "2020"), "standards/demo/2020.yaml")
    ahead = node_at(ed, nodes[-1], ("nodes", len(nodes) - 1))
    assert not tree_built(ed)
    assert ed.nodes[-1] is ahead  # one object per node, whichever was asked first
    assert node_at(ed, nodes[0], ("nodes", 0)) is ed.nodes[0]
