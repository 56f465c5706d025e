"""The parts of a page kept across `mkdocs serve` saves (site/memo.py): a provision's
block, a changed clause's block and a metric's row are reused only while everything they
are made from is the same. Each test changes one thing a part is made from and holds
the kept part to what a fresh making gives; the memo's own bookkeeping (what is kept,
for how long) is tested on its own."""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace
from typing import Any, Callable

import pytest
from conftest import REPO
from lode.diff.redline import Redlines
from lode.diff.result import Change, NodeDiff
from lode.model.corpus import Corpus
from lode.model.crosswalk import Crosswalk
from lode.model.edition import Node, Ref, Text, ValueSpec, Where
from lode.site import build as sitegen
from lode.site import compare_pages, listing, material_search, memo, pages
from lode.site.memo import Memo, Parts
from lode.site.paths import Mapping_, Paths


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load(REPO)


# --- the memo itself ----------------------------------------------------------------------

def test_a_part_is_reused_while_its_inputs_are_equal_and_only_the_last_makings_are_kept() -> None:
    made: list[str] = []

    def make(value: str) -> Callable[[], str]:
        return lambda: made.append(value) or value  # type: ignore[func-returns-value]

    first = Parts()
    assert first.get("a", 1, make("a1")) == "a1" and first.get("b", 1, make("b1")) == "b1"
    second = Parts(first)
    assert second.get("a", 1, make("a2")) == "a1"  # same inputs: kept
    assert second.get("b", 2, make("b2")) == "b2"  # other inputs: made again
    assert (made, second.made) == (["a1", "b1", "b2"], 1)
    third = Parts(second)  # "c" was never made; "a" and "b" were used by the last making only
    assert third.get("c", 1, make("c3")) == "c3" and third.get("a", 1, make("a3")) == "a1"
    assert set(Parts(third)._last) == {"a", "c"}  # noqa: SLF001 - "b" went with the making that left it out


def test_a_page_reused_whole_keeps_its_parts_for_the_build_that_remakes_it() -> None:
    m = Memo()
    makings: list[int] = []

    def page(version: int) -> Callable[[], str]:
        def make() -> str:
            parts = m.parts("p")
            assert m.parts("p") is parts  # one object for every language of the page
            parts.get("block", "x", lambda: "block")
            makings.append(parts.made)
            return f"page{version}"
        return make

    for version in (1, 1, 1, 2):  # made, reused twice (its parts carried), made again
        m.start()
        m.get("p", version, page(version))
    assert makings == [1, 0]  # the block made once, then reused after two builds that did not make the page
    m.start()  # a build without the page: its parts are gone with it
    m.get("q", 1, lambda: "q")
    m.start()
    assert m.parts("p").get("block", "x", lambda: "new") == "new"


def test_a_page_reused_whole_holds_one_making_of_its_parts_not_two() -> None:
    import gc
    import weakref

    class Inputs:  # a node's key: what a block is made from (weakly referable)
        def __eq__(self, other: object) -> bool:
            return isinstance(other, Inputs)

        __hash__ = object.__hash__

    m = Memo()
    made: list[Inputs] = []

    def page() -> str:
        made.append(Inputs())
        m.parts("p").get("block", made[-1], lambda: "block")
        return "page"

    for version in (1, 2, 2):  # made, remade after a save, then reused whole
        m.start()
        m.get("p", version, page)
    first = weakref.ref(made[0])
    del made[0]
    gc.collect()
    assert first() is None  # the first making's inputs went with it
    m.start()
    m.get("p", 3, page)  # made again: its block is still the carried one
    assert m.parts("p").made == 0


def test_a_clauses_key_computes_no_redline_and_tells_texts_apart() -> None:
    def nd(after: str) -> NodeDiff:
        lines = Redlines({"en": ("the old text", after)})
        return NodeDiff("a", "a", "1", "1", {"en": "A"}, "clause",
                        (Change("text", "technical", "summary", {"en": "the old text"}, {"en": after}, redline=lines),))

    one, same, other = nd("the new text"), nd("the new text"), nd("the newer text")
    assert memo.clause_key(one) == memo.clause_key(same) != memo.clause_key(other)
    for d in (one, same, other):
        assert d.changes[0].redline._done == {}  # noqa: SLF001 - nothing computed to compare


def test_the_block_key_is_every_node_field_but_its_children_and_where_it_was_written() -> None:
    names = {f.name for f in dataclasses.fields(Node)}
    assert set(memo._NODE_FIELDS) == names - {"children", "where"}  # noqa: SLF001


# --- a provision's block ------------------------------------------------------------------

def _node_args(corpus: Corpus) -> dict[str, Any]:
    node = next(n for n in corpus.editions[("cccmc-ddg", "2022")].walk() if n.id == "step-1")
    maps = sitegen._mappings(corpus.crosswalks)[("cccmc-ddg", "2022")]["step-1"]  # noqa: SLF001
    return {"page": Paths.edition("cccmc-ddg", "2022"), "node": node, "depth": 1, "lang": "en",
            "aliases": ("an-old-id",), "known": frozenset(corpus.editions), "mappings": tuple(maps)}


def _block(args: dict[str, Any], parts: Parts | None) -> tuple[str, list[tuple[Any, ...]]]:
    found: list[Any] = []
    html = pages._node_block(args["page"], args["node"], args["depth"], args["lang"], args["aliases"],  # noqa: SLF001
                             args["known"], args["mappings"], found, parts)
    return html, [(s.id, "".join(s.title), "".join(s.text)) for s in found]


_TEXT = Text.of({"en": "Lodevary words", "zh": "改动的文字"})
# A value for each field of a node that its block shows (a field added to Node needs one here).
_NODE_VARIANTS: dict[str, Any] = {
    "id": "lodevary-id", "kind": "section", "title": _TEXT, "fidelity": "inferred", "number": "9.9",
    "summary": _TEXT, "text": _TEXT, "obligation": "should", "requirement": "required", "condition": _TEXT,
    "value": ValueSpec("number", "t", 0), "sources": ("lodevary-source",), "replaces": ("lodevary-old",),
    "refs": ("oecd-ddg@3#step-1",), "note": _TEXT,
}


def _changed(args: dict[str, Any], corpus: Corpus) -> dict[str, dict[str, Any]]:
    """One change to each thing a block is made from."""
    node, maps = args["node"], args["mappings"]
    out = {f"node.{k}": {**args, "node": dataclasses.replace(node, **{k: v})} for k, v in _NODE_VARIANTS.items()}
    out.update({
        "page": {**args, "page": "a/deeper/page/index.md"},  # links are relative to the page
        "depth": {**args, "depth": 3},
        "lang": {**args, "lang": "zh"},
        "aliases": {**args, "aliases": ("an-old-id", "another-old-id")},
        "mappings.rationale": {**args, "mappings": (dataclasses.replace(maps[0], rationale=_TEXT),)},
        "mappings.relation": {**args, "mappings": (dataclasses.replace(maps[0], relation="subset-of"),)},
        "mappings.other": {**args, "mappings": (dataclasses.replace(maps[0], other=Ref("oecd-ddg", "3", "step-2")),)},
        "mappings.crosswalk": {**args, "mappings": (dataclasses.replace(maps[0], crosswalk="crosswalks/x.md"),)},
        "mappings.gone": {**args, "mappings": ()},
    })
    return out


def test_a_kept_block_is_what_a_fresh_block_is_whatever_it_is_made_from_changes(corpus: Corpus) -> None:
    args = _node_args(corpus)
    cases = [(args, changed, name) for name, changed in _changed(args, corpus).items()]
    # an edition the site no longer has: a reference to it becomes plain text
    with_ref = {**args, "node": dataclasses.replace(args["node"], refs=("oecd-ddg@3#step-1",))}
    cases.append((with_ref, {**with_ref, "known": frozenset(corpus.editions) - {("oecd-ddg", "3")}}, "known"))
    for before, changed, name in cases:
        kept = Parts()
        _block(before, kept)  # the last build's block
        fresh = _block(changed, None)
        assert fresh != _block(before, None), name  # the change shows on the page
        assert _block(changed, Parts(kept)) == fresh, name  # ... so the kept block is not used


def test_a_block_reads_neither_its_nodes_children_nor_where_it_was_written(corpus: Corpus) -> None:
    args = _node_args(corpus)
    kept = Parts()
    base = _block(args, kept)
    child = dataclasses.replace(args["node"], id="a-child")
    moved = dataclasses.replace(args["node"], children=(child,), where=Where("elsewhere.yaml", ("nodes", 7)))
    assert _block({**args, "node": moved}, None) == base
    again = Parts(kept)
    assert _block({**args, "node": moved}, again) == base and again.made == 0


# --- a changed clause's block ---------------------------------------------------------------

def _changes(std: Any, d: Any, lang: str, parts: Parts | None) -> tuple[str, list[tuple[Any, ...]]]:
    found: list[Any] = []
    page = compare_pages.changes_page(std, d, lang=lang, search=found, parts=parts)
    return page, [(s.id, "".join(s.title), "".join(s.text)) for s in found]


def _clause_variants(corpus: Corpus, d: Any) -> dict[str, Any]:
    """The diff with one thing changed that one clause's block is made from."""
    nd = next(x for x in d.nodes if x.new == "step-4")  # a reworded summary and note, and metadata
    text = nd.changes[0]

    def clause(**kw: Any) -> Any:
        return dataclasses.replace(d, nodes=tuple(dataclasses.replace(x, **kw) if x is nd else x for x in d.nodes))

    def change(c: Change) -> Any:
        return clause(changes=(c, *nd.changes[1:]))

    added = next(x for x in d.nodes if x.old is None and not x.folded)
    node = next(n for n in d.new_edition.walk() if n.id == added.new)
    removed = next(x for x in d.nodes if x.new is None and not x.folded)
    return {
        "old": clause(old="lodevary-old"), "new_number": clause(new_number="9.9"),
        "title": clause(title={"en": "Lodevary title", "zh": "改动的标题"}),
        "similar": clause(similar=("lodevary-twin", 0.5)),
        "changes.redline": change(dataclasses.replace(text, redline=Redlines(  # the same languages, other words
            {lg: (before, after + " Lodevary") for lg, (before, after) in text.redline.pairs.items()}))),
        "changes.impact": change(dataclasses.replace(text, impact="breaking-for-disclosers")),
        "changes.field": change(dataclasses.replace(text, field="condition")),
        "changes.direction": change(Change("obligation", "technical", "obligation", "should", "shall", "strengthened")),
        "changes.before": change(Change("obligation", "technical", "obligation", "should", "shall", "weakened")),
        "changes.detail": change(Change("metadata", "editorial", "sources", detail="lodevary")),
        "changes.gone": clause(changes=nd.changes[1:]),
        # an added clause shows its summary, read from the new edition
        "summary": dataclasses.replace(d, new_edition=_with_node(d.new_edition, node, dataclasses.replace(
            node, summary=_TEXT))),
        # a removed clause links to the old edition
        "old edition": dataclasses.replace(d, old_edition=dataclasses.replace(d.old_edition, edition="2010")),
        "removed": dataclasses.replace(d, nodes=tuple(dataclasses.replace(x, old_number="8.8") if x is removed else x
                                                      for x in d.nodes)),
    }


def test_a_kept_clause_is_what_a_fresh_clause_is_whatever_it_is_made_from_changes(corpus: Corpus) -> None:
    d = sitegen._consecutive_diffs(corpus)[("cccmc-ddg", "2022")]  # noqa: SLF001
    std = corpus.standards["cccmc-ddg"]
    variants = _clause_variants(corpus, d)
    variants["standard"] = d  # the same diff on another standard's page
    for lang in ("en", "zh"):
        base = _changes(std, d, lang, None)
        for name, changed in variants.items():
            on = dataclasses.replace(std, id="oecd-ddg") if name == "standard" else std
            kept = Parts()
            _changes(std, d, lang, kept)
            fresh = _changes(on, changed, lang, None)
            assert fresh != base, name
            again = Parts(kept)
            assert _changes(on, changed, lang, again) == fresh, name
            assert 0 < again.made < 5 or name in ("standard", "old edition"), (name, again.made)  # the others kept


def test_kept_pages_in_both_languages_are_the_fresh_pages(corpus: Corpus) -> None:
    # One making of a page makes every language with the same parts, as a build does.
    d = sitegen._consecutive_diffs(corpus)[("cccmc-ddg", "2022")]  # noqa: SLF001
    std = corpus.standards["cccmc-ddg"]
    edition = corpus.editions[("cccmc-ddg", "2022")]
    known = set(corpus.editions)
    mappings = sitegen._mappings(corpus.crosswalks)[("cccmc-ddg", "2022")]  # noqa: SLF001

    def both(parts: Parts | None) -> list[Any]:
        out = []
        for lang in ("en", "zh"):
            found: list[Any] = []
            out += [compare_pages.changes_page(std, d, lang=lang, search=found, parts=parts),
                    [(s.id, s.title, s.text) for s in found]]
            found = []
            out += [pages.edition_page(std, edition, [], False, known, {"step-1": ["an-old-id"]}, mappings,
                                       lang=lang, search=found, parts=parts), [(s.id, s.title, s.text) for s in found]]
        return out

    kept = Parts()
    both(kept)
    again = Parts(kept)
    assert both(again) == both(None) and again.made == 0


# --- a metric's row ---------------------------------------------------------------------------

def test_a_kept_metric_row_is_what_a_fresh_row_is(corpus: Corpus) -> None:
    std = corpus.standards["hkex-esg"]
    edition = corpus.editions[("hkex-esg", "2025")]
    from lode.site.disclosure_downloads import metrics as metric_nodes

    metrics = metric_nodes(edition)
    metric = metrics[0]
    parent = next(n for n in edition.walk() if metric in n.children)
    for lang in ("en", "zh"):
        kept = Parts()
        listing.metrics_page(std, edition, metrics, lang, kept)
        for name, changed_metric, changed_parent in (
                ("title", dataclasses.replace(metric, title=_TEXT), parent),
                ("condition", dataclasses.replace(metric, condition=_TEXT), parent),
                ("value", dataclasses.replace(metric, value=ValueSpec("number", "t", 0)), parent),
                ("tier title", metric, dataclasses.replace(parent, title=_TEXT))):
            nodes = tuple(changed_metric if n is metric else n for n in parent.children)
            new_parent = dataclasses.replace(changed_parent, children=nodes)
            ed = _with_node(edition, parent, new_parent)
            ms = [changed_metric if m is metric else m for m in metrics]
            fresh = listing.metrics_page(std, ed, ms, lang)
            assert fresh != listing.metrics_page(std, edition, metrics, lang), name
            assert listing.metrics_page(std, ed, ms, lang, Parts(kept)) == fresh, name


def _with_node(edition: Any, old: Node, new: Node) -> Any:
    def swap(n: Node) -> Node:
        if n is old:
            return new
        kids = tuple(swap(c) for c in n.children)
        return n if all(a is b for a, b in zip(kids, n.children)) else dataclasses.replace(n, children=kids)
    return dataclasses.replace(edition, nodes=tuple(swap(n) for n in edition.nodes))


# --- Material's entries of kept sections ------------------------------------------------------

def _index() -> Any:
    from material.plugins.search.plugin import SearchIndex

    return SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})


def _page(url: str = "a/", title: str = "Page", meta: dict[str, Any] | None = None) -> Any:
    return SimpleNamespace(url=url, title=title, meta=meta if meta is not None else {"title": title}, toc=[])


def test_an_entry_is_reused_for_the_same_section_of_the_same_page() -> None:
    from lode.site.search_sections import Written

    kept = material_search.Entries()
    sections = [Written("a", "A").para("one").gap(), Written("b", "B").para("two").gap()]
    first = _index()
    kept.add(first, _page(), sections)
    again = _index()
    kept.add(again, _page(), [sections[0], Written("b", "B").para("two, reworded").gap()])
    assert again.entries[0] is first.entries[0] and again.entries[1] is not first.entries[1]
    fresh = _index()
    for s in [sections[0], Written("b", "B").para("two, reworded").gap()]:
        fresh.create_entry_for_section(s, [], "a/", _page())
    assert again.entries == fresh.entries
    # what the entry takes from the page: its URL, its tags and boost
    for page in (_page(url="b/"), _page(meta={"title": "Page", "tags": ["x"]}),
                 _page(meta={"title": "Page", "search": {"boost": 2}})):
        later = _index()
        kept.add(later, page, sections)
        fresh = _index()
        for s in sections:
            fresh.create_entry_for_section(s, [], page.url, page)
        assert later.entries == fresh.entries


def test_a_section_without_a_title_never_keeps_a_pages_title() -> None:
    from lode.site.search_sections import Written

    kept = material_search.Entries()
    untitled = Written("a", "").para("text").gap()
    kept.add(_index(), _page(title="First"), [untitled])
    assert untitled.title == []  # Material titled a copy, not the kept section
    later = _index()
    kept.add(later, _page(title="Second", meta={}), [untitled])
    assert later.entries[0]["title"] == "Second"


@pytest.mark.parametrize("html", [
    "", "<p>no attributes</p>", '<span data-search-exclude>x</span>', '<p data-search-boost="2">x</p>',
    '<p\ndata-search-x="a">y</p> <i data-search-y="">z</i> data-search-z="w"',
])
def test_search_attributes_go_as_materials_expression_takes_them(html: str) -> None:
    material = re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", html)  # material/plugins/search/plugin.py, 9.8.1
    assert material_search.without_search_attributes(html) == material
