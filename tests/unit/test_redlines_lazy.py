"""Redlines are computed when a renderer reads them, not by the diff itself, and what
is read is the same as computing them eagerly."""

from __future__ import annotations

from dataclasses import replace

from lode.diff import redline as rl
from lode.diff.engine import diff_editions
from lode.render.diff import RENDERERS

from test_diff import edition, node


def _pair():
    a = edition([node("a", summary={"en": "The company shall report water use.", "zh": "企业应报告用水量。"}),
                 node("b", summary={"en": "Unchanged text."})])
    b = edition([node("a", summary={"en": "The company shall publish water use yearly.", "zh": "企业应公开用水量。"}),
                 node("b", summary={"en": "Unchanged text."})], edition="2025")
    return a, b


def test_diff_computes_no_redline_until_one_is_read(monkeypatch) -> None:
    calls: list[tuple[str, str]] = []
    real = rl.redline
    monkeypatch.setattr(rl, "redline", lambda x, y: calls.append((x, y)) or real(x, y))
    d = diff_editions(*_pair())
    assert calls == []
    assert d.counts()["text"] == 1 and calls == []  # a summary reads no redline
    [change] = [c for nd in d.nodes for c in nd.changes if c.kind == "text"]
    assert sorted(change.redline) == ["en", "zh"] and calls == []  # nor do the languages
    segs = change.redline["en"]
    assert segs == real("The company shall report water use.", "The company shall publish water use yearly.")
    assert len(calls) == 1
    change.redline["en"]
    assert len(calls) == 1  # computed once


def test_lazy_redlines_render_as_the_eager_ones() -> None:
    d = diff_editions(*_pair())
    [change] = [c for nd in d.nodes for c in nd.changes if c.kind == "text"]
    eager = {lg: rl.redline(*change.redline._pairs[lg]) for lg in change.redline}  # noqa: SLF001
    assert change.redline == eager and dict(change.redline) == eager
    assert d.to_dict()["nodes"][0]["changes"][0]["redline"] == {lg: [list(s) for s in v] for lg, v in eager.items()}
    # Every renderer gives byte for byte what it gives on the same diff with plain dicts.
    plain = replace(d, nodes=tuple(replace(nd, changes=tuple(
        replace(c, redline=dict(c.redline) if c.redline is not None else None) for c in nd.changes))
        for nd in d.nodes))
    assert isinstance(change.redline, rl.Redlines)
    assert not any(isinstance(c.redline, rl.Redlines) for nd in plain.nodes for c in nd.changes)
    for name, render in RENDERERS.items():
        assert render(diff_editions(*_pair())) == render(plain), name
    assert "publish" in RENDERERS["text"](d)
