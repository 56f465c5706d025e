"""The diff engine: matching, classification, redlines; with Hypothesis properties."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lode.diff.engine import concordance, diff_editions
from lode.diff.redline import redline
from lode.model.edition import build_edition

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)


def edition(nodes: list[dict[str, Any]], edition: str = "2024", **extra: Any):
    data = {"standard": "demo", "edition": edition, "title": {"en": "Demo"}, "status": "published",
            "language": "zh", "sources": [{"id": "src", "title": "Source"}], "nodes": nodes, **extra}
    return build_edition(data, "standards/demo/x.yaml")


def node(id: str, number: str | None = None, kind: str = "clause", children: list | None = None,
         **fields: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"id": id, "kind": kind, "title": {"en": id.replace("-", " ").title()},
                         "fidelity": "inferred", "sources": ["src"], **fields}
    if number:
        d["number"] = number
    if children:
        d["children"] = children
    return d


def only(d, nid):
    return next(nd for nd in d.nodes if (nd.new or nd.old) == nid)


def kinds(d, nid) -> set[str]:
    return set(only(d, nid).kinds)


# --- matching and classification -----------------------------------------------------------

def test_renumbering_every_clause_is_not_a_rewrite() -> None:
    a = edition([node(f"c{i}", str(i)) for i in range(1, 6)])
    b = edition([node("c0", "1")] + [node(f"c{i}", str(i + 1)) for i in range(1, 6)])
    d = diff_editions(a, b)
    assert d.added() == {"c0"} and d.removed() == set()
    assert {nd.new for nd in d.nodes if "renumbered" in nd.kinds} == {f"c{i}" for i in range(1, 6)}
    assert not any("moved" in nd.kinds for nd in d.nodes)  # an insertion moves nothing else
    assert all(nd.impact == "editorial" for nd in d.nodes if nd.old)


def test_reordering_marks_only_the_node_that_moved() -> None:
    a = edition([node("a"), node("b"), node("c"), node("d")])
    b = edition([node("a"), node("c"), node("d"), node("b")])
    d = diff_editions(a, b)
    assert [nd.new for nd in d.nodes if "moved" in nd.kinds] == ["b"]


def test_a_new_parent_is_a_move() -> None:
    a = edition([node("ch1", children=[node("x")]), node("ch2")])
    b = edition([node("ch1"), node("ch2", children=[node("x")])])
    d = diff_editions(a, b)
    assert kinds(d, "x") == {"moved"}
    assert only(d, "x").impact == "editorial"
    assert {r.old: r.status for r in d.concordance}["x"] == "moved"


def test_lineage_renames_merges_and_splits() -> None:
    a = edition([node("old-audit"), node("p1"), node("p2"), node("big")])
    b = edition([node("audit", replaces=["old-audit"]), node("p", replaces=["p1", "p2"]),
                 node("big"), node("big-part", replaces=["big"])])
    d = diff_editions(a, b)
    status = {r.old: (r.new, r.status) for r in d.concordance if r.old}
    assert status["old-audit"] == (("audit",), "renamed")
    assert status["p1"] == (("p",), "merged") and status["p2"] == (("p",), "merged")
    assert status["big"] == (("big", "big-part"), "split")
    assert d.added() == set() and d.removed() == set()
    assert concordance(a, b) == {"old-audit": "audit", "p1": "p", "p2": "p", "big": "big"}


def test_obligation_and_requirement_directions() -> None:
    a = edition([node("o", obligation="should"), node("m", kind="metric", requirement="recommended",
                                                      value={"type": "number"})])
    b = edition([node("o", obligation="shall"), node("m", kind="metric", requirement="required",
                                                     value={"type": "number"})])
    d = diff_editions(a, b)
    [ob] = only(d, "o").changes
    assert (ob.kind, ob.direction, ob.impact) == ("obligation", "strengthened", "technical")
    [rq] = only(d, "m").changes
    assert (rq.kind, rq.direction, rq.impact) == ("requirement", "strengthened", "breaking-for-disclosers")
    back = diff_editions(b, a)
    assert only(back, "o").changes[0].direction == "weakened"
    assert only(back, "m").impact == "technical"  # a weaker requirement breaks no discloser


def metric(value: dict, requirement: str = "required") -> dict:
    return node("m", kind="metric", requirement=requirement, value=value)


def test_value_spec_changes_that_can_invalidate_a_disclosure_are_breaking() -> None:
    base = {"type": "number", "unit": "t", "minimum": 0}
    cases = [({"type": "number", "unit": "kt", "minimum": 0}, "breaking-for-disclosers"),  # unit
             ({"type": "integer", "unit": "t", "minimum": 0}, "breaking-for-disclosers"),  # type
             ({"type": "number", "unit": "t", "minimum": 1}, "breaking-for-disclosers"),  # narrower
             ({"type": "number", "unit": "t"}, "technical")]  # wider
    for after, impact in cases:
        d = diff_editions(edition([metric(base)]), edition([metric(after)]))
        [c] = only(d, "m").changes
        assert (c.kind, c.impact) == ("value-spec", impact), after
    enum = {"type": "enum", "values": ["a", "b"]}
    assert only(diff_editions(edition([metric(enum)]), edition([metric({"type": "enum", "values": ["a"]})])),
                "m").impact == "breaking-for-disclosers"
    assert only(diff_editions(edition([metric(enum)]), edition([metric({"type": "enum", "values": ["a", "b", "c"]})])),
                "m").impact == "technical"


def test_added_required_metric_is_breaking_and_added_chapter_is_technical() -> None:
    d = diff_editions(edition([]), edition([metric({"type": "number"}), node("ch", kind="chapter")]))
    assert only(d, "m").impact == "breaking-for-disclosers"
    assert only(d, "ch").impact == "technical"


def test_punctuation_only_and_translation_only_edits_are_editorial() -> None:
    a = edition([node("x", summary={"zh": "企业应公开政策", "en": "The company publishes its policy"})])
    punct = edition([node("x", summary={"zh": "企业应公开政策。", "en": "The company publishes its policy."})])
    transl = edition([node("x", summary={"zh": "企业应公开政策", "en": "Companies publish their policy"})])
    words = edition([node("x", summary={"zh": "企业宜公开政策", "en": "The company publishes its policy"})])
    assert only(diff_editions(a, punct), "x").impact == "editorial"
    assert only(diff_editions(a, transl), "x").impact == "editorial"  # zh is authoritative
    assert only(diff_editions(a, words), "x").impact == "technical"


def test_a_dropped_translation_is_metadata_not_a_retitle() -> None:
    a = edition([node("x", title={"zh": "范围", "en": "Scope"})])
    b = edition([node("x", title={"en": "Scope"})])
    [c] = only(diff_editions(a, b), "x").changes
    assert (c.kind, c.field) == ("metadata", "title languages")


def test_a_number_one_side_does_not_record_is_not_a_renumbering() -> None:
    d = diff_editions(edition([node("x", "1")]), edition([node("x")]))
    [c] = only(d, "x").changes
    assert c.kind == "metadata" and c.field == "number"
    assert {r.status for r in d.concordance} == {"same"}


def test_similar_removed_and_added_nodes_get_a_hint_not_a_match() -> None:
    a = edition([node("grievance", summary={"en": "Companies set up a grievance mechanism for communities."})])
    b = edition([node("complaints", title={"en": "Grievance"},
                      summary={"en": "Companies set up a grievance mechanism for local communities."})])
    d = diff_editions(a, b)
    assert d.removed() == {"grievance"} and d.added() == {"complaints"}
    assert only(d, "grievance").similar[0] == "complaints"
    far = edition([node("water", summary={"en": "Water use is measured and reported every year."})])
    assert only(diff_editions(a, far), "grievance").similar is None


def test_incomplete_editions_carry_a_caveat() -> None:
    d = diff_editions(edition([node("a")]), edition([node("b")], expected={"clause": 3}))
    assert len(d.caveats) == 1 and "unauthored rather than withdrawn" in d.caveats[0]


# --- redlines --------------------------------------------------------------------------

def test_english_is_compared_by_word_and_chinese_by_character() -> None:
    assert redline("make it public", "make it known") == (("=", "make it "), ("-", "public"), ("+", "known"))
    assert redline("企业应公开", "企业宜公开") == (("=", "企业"), ("-", "应"), ("+", "宜"), ("=", "公开"))


def test_a_huge_text_is_shown_replaced_whole() -> None:
    a, b = "word " * 5000, "word " * 4999 + "other"
    assert redline(a, b) == (("-", a), ("+", b))


TEXT = st.text(alphabet=st.sampled_from(list("ab cd,.企业应宜公开\n")), max_size=40)


@SETTINGS
@given(TEXT, TEXT)
def test_redline_segments_rebuild_both_sides(a: str, b: str) -> None:
    segs = redline(a, b)
    assert "".join(t for op, t in segs if op != "+") == a
    assert "".join(t for op, t in segs if op != "-") == b
    assert all(t for _, t in segs)
    assert all(not (x[0] == y[0]) for x, y in zip(segs, segs[1:]))  # runs are merged


# --- properties over generated editions ------------------------------------------------

IDS = [f"n{i}" for i in range(12)]


@st.composite
def editions(draw) -> list[dict[str, Any]]:
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=10))
    flat: list[dict[str, Any]] = []
    roots: list[dict[str, Any]] = []
    for i in ids:
        n = node(i, draw(st.sampled_from([None, "1", "2", "3"])),
                 obligation=draw(st.sampled_from(["shall", "should", "may"])),
                 summary={"en": draw(st.sampled_from(["alpha beta", "alpha gamma", "delta"]))})
        parent = draw(st.sampled_from([None, *range(len(flat))])) if flat else None
        (roots if parent is None else flat[parent].setdefault("children", [])).append(n)
        flat.append(n)
    return roots


@SETTINGS
@given(editions())
def test_an_edition_against_itself_is_empty(nodes) -> None:
    a = edition(nodes)
    d = diff_editions(a, edition(copy.deepcopy(nodes)))
    assert d.empty and d.added() == set() and d.removed() == set()
    assert all(r.status == "same" for r in d.concordance)


@SETTINGS
@given(editions(), editions())
def test_added_one_way_is_removed_the_other(x, y) -> None:
    a, b = edition(x), edition(y)
    assert diff_editions(a, b).added() == diff_editions(b, a).removed()
    assert diff_editions(a, b).removed() == diff_editions(b, a).added()


@SETTINGS
@given(editions(), editions())
def test_the_concordance_maps_every_surviving_id(x, y) -> None:
    a, b = edition(x), edition(y)
    old_ids, new_ids = {n.id for n in a.walk()}, {n.id for n in b.walk()}
    # old id -> the new id it became (the first, for a split), or None if withdrawn
    mapping = {r.old: (r.new[0] if r.new else None) for r in diff_editions(a, b).concordance if r.old is not None}
    assert set(mapping) == old_ids
    for oid, nid in mapping.items():
        assert nid == (oid if oid in new_ids else None)
    assert mapping == concordance(a, b)


# --- renderers -------------------------------------------------------------------------

def test_markdown_escapes_data_and_text_colours_only_when_asked() -> None:
    from lode.render.diff import render_concordance, render_markdown, render_text

    payload = "<script>alert(1)</script> [x](javascript:alert(1))"
    a = edition([node("x", summary={"en": "plain"})])
    b = edition([node("x", title={"en": payload}, summary={"en": payload}), node("=cmd", kind="clause")])
    d = diff_editions(a, b)
    md = render_markdown(d)
    assert "<script" not in md and "](javascript" not in md
    assert "&#60;script&#62;" in md and "<ins>" in md and "<del>plain</del>" in md
    assert "\x1b[" not in render_text(d) and "{+" in render_text(d)
    assert "\x1b[32;4m" in render_text(d, color=True)
    assert "\n,,'=cmd,,new\n" in render_concordance(d)  # no spreadsheet formula


def test_long_sections_fold_in_markdown() -> None:
    from lode.render.diff import render_markdown

    long_a, long_b = " ".join(f"w{i}" for i in range(300)), " ".join(f"v{i}" for i in range(300))
    d = diff_editions(edition([node("x", summary={"en": long_a})]), edition([node("x", summary={"en": long_b})]))
    assert "<details><summary>" in render_markdown(d)
    short = diff_editions(edition([node("x", summary={"en": "a"})]), edition([node("x", summary={"en": "b"})]))
    assert "<details>" not in render_markdown(short)


# --- readable redlines (issue 13, item 5) --------------------------------------------------

def test_a_text_that_keeps_too_few_words_is_shown_old_and_new_side_by_side() -> None:
    from lode.render.diff import REWRITE_KEPT, kept_share, render_markdown, render_text, rewritten

    old = "The company publishes its supply chain policy to all suppliers every year"
    # Just above the threshold: most words kept -> interleaved redline.
    kept = diff_editions(edition([node("x", summary={"en": old})]),
                         edition([node("x", summary={"en": old.replace("every year", "each quarter")})]))
    segs = only(kept, "x").changes[0].redline["en"]
    assert kept_share(segs) >= REWRITE_KEPT and not rewritten(segs)
    md = render_markdown(kept)
    assert "- summary (en): The company" in md and "after (rewritten)" not in md
    # Just below: a wholly new text -> a before/after table, each side with its own marks.
    new = "Audits by a third party check smelters against the risk list before any purchase"
    swapped = diff_editions(edition([node("x", summary={"en": old})]), edition([node("x", summary={"en": new})]))
    segs = only(swapped, "x").changes[0].redline["en"]
    assert kept_share(segs) < REWRITE_KEPT and rewritten(segs)
    md = render_markdown(swapped)
    assert "| summary (en), before | after (rewritten) |" in md
    row = next(line for line in md.splitlines() if line.startswith("| <del>"))
    before, after = row.split(" | ")[:2]
    assert "<ins>" not in before and "<del>" not in after and "Audits" in after
    assert "summary (en) rewritten:" in render_text(swapped)
    # A short title rewritten whole stays a redline: it reads well either way.
    short = diff_editions(edition([node("x")]), edition([node("x", title={"en": "Something else"})]))
    assert not rewritten(only(short, "x").changes[0].redline["en"])


def test_edition_metadata_is_a_before_after_table_without_json() -> None:
    from lode.render.diff import render_markdown, render_text

    a = edition([node("x")], dates={"published": "2015-12-05"}, expected={"clause": 3})
    b = edition([node("x")], dates={"published": "2022-01-01", "effective": "2022-03-01"}, expected={"clause": 1})
    d = diff_editions(a, b)
    md = render_markdown(d)
    assert "| field | before | after |" in md
    assert "| dates | published&#58; 2015&#45;12&#45;05 | effective&#58; 2022&#45;03&#45;01; published&#58; 2022&#45;01&#45;01 |" in md
    assert "&#123;" not in md and "&#34;" not in md  # no { or " of a JSON object
    assert "edition dates: published: 2015-12-05 → effective: 2022-03-01; published: 2022-01-01" in render_text(d)


def test_the_gbt_list_says_deleted_only_when_the_new_edition_is_complete() -> None:
    from lode.render.changes import render_changes

    old = edition([node("kept", "1"), node("gone", "2", title={"zh": "旧条款", "en": "Old clause"}),
                   node("unnumbered")], edition="2015")
    complete = edition([node("kept", "1")], edition="2022", expected={"clause": 1})
    partial = edition([node("kept", "1")], edition="2022", expected={"clause": 3})
    zh = render_changes(diff_editions(old, complete), lang="zh")
    assert "删除了“旧条款”（见2015年版的2）" in zh and "未收录" not in zh
    zh = render_changes(diff_editions(old, partial), lang="zh")
    assert "未收录（语料不完整）：“旧条款”（见2015年版的2）" in zh and "删除了" not in zh
    en = render_changes(diff_editions(old, partial), lang="en")
    assert "not included (incomplete corpus): “Old clause” (the 2015 edition: 2)" in en and "deleted" not in en
    # Titles in the list's language; a clause without a number is never named by its id.
    assert "“Unnumbered”（见2015年版）" in zh and "unnumbered）" not in zh and "见unnumbered" not in zh


def test_redline_page_in_each_language_reads_without_ids_or_json() -> None:
    from conftest import REPO
    from lode.model.corpus import Corpus
    from lode.site.compare_pages import changes_page

    corpus = Corpus.load(REPO)
    d = diff_editions(corpus.edition("cccmc-gsrm@2014"), corpus.edition("cccmc-gsrm@2017"))
    std = corpus.standards["cccmc-gsrm"]
    en, zh = changes_page(std, d, lang="en"), changes_page(std, d, lang="zh")
    # The title's punctuation is each language's own (a Chinese title took an ASCII colon).
    assert "\n# GSRM：2014 → 2017 {#_top}\n" in zh and "\n# GSRM: 2014 → 2017 {#_top}\n" in en
    for page in (en, zh):
        assert "&#123;&#34;" not in page  # no JSON object anywhere
        assert "未收录（语料不完整）" in page and "删除了" not in page  # 2017 is incomplete in the corpus
    # Dates in the before/after table, their kind in the reader's words; no translation fingerprints.
    assert "published 2014&#45;10&#45;24" in en and "发布日期 2014&#45;10&#45;24" in zh
    assert "<th>field</th><th>before</th><th>after</th>" in en and "<th>项目</th><th>修改前</th><th>修改后</th>" in zh
    assert "<th>summary (English): before</th><th>after (rewritten)</th>" in en  # the foreword was rewritten
    assert "<th>摘要（中文）：修改前</th><th>修改后（整段改写）</th>" in zh
    # The other language's redlines and list are there, folded (one click away).
    assert '<details class="lode-other-lang" id="_main-changes-other">' in en and "英文文本的修改" in zh
    assert "## Main technical changes" in en and "## 主要技术变化" in zh
    # The reader's language first, then the other, each marked with its language.
    assert en.index('<div class="lode-gbt" lang="en">') < en.index('<div class="lode-gbt" lang="zh">')
    assert zh.index('<div class="lode-gbt" lang="zh">') < zh.index('<div class="lode-gbt" lang="en">')
    # Titles in the list's language; an English-only title in the Chinese list is marked as English.
    assert "增加了“避免非自愿移民安置”" in zh and "added “Avoiding involuntary resettlement”" in en.replace("&#8220;", "“")
    no_zh = corpus.editions[("cccmc-gsrm", "2017")]  # frozen: _without_zh_title builds a new one
    d2 = diff_editions(corpus.edition("cccmc-gsrm@2014"), _without_zh_title(no_zh, "involuntary-resettlement"))
    assert '增加了“<span lang="en">Avoiding involuntary resettlement</span>”' in changes_page(std, d2, lang="zh")


def _without_zh_title(ed, node_id: str):
    import dataclasses

    from lode.model.edition import Text

    def strip(n):
        kids = tuple(strip(c) for c in n.children)
        if n.id == node_id:
            return dataclasses.replace(n, title=Text({"en": n.title.get("en")}), children=kids)
        return dataclasses.replace(n, children=kids)
    return dataclasses.replace(ed, nodes=tuple(strip(n) for n in ed.nodes))
