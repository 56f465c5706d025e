"""Similarity hints: for a removed node, the added node that may be the same provision
under a new id -- a hint for a reviewer, never a match."""

from __future__ import annotations

import difflib
from collections import Counter

from ..model.edition import Node
from .redline import TOKEN

# A removed and an added node at least this similar are hinted as possibly the same provision.
SIMILARITY_HINT = 0.6
# Pairs compared for those hints at most; beyond it only same-title pairs are hinted.
SIMILARITY_MAX_PAIRS = 40_000


def _words_of(n: Node) -> list[str]:
    t = [n.title.get("en") or n.title.get("zh") or ""]
    if n.summary:
        t.append(n.summary.get("en") or n.summary.get("zh") or "")
    return TOKEN.findall(" ".join(t).casefold())


def similar(removed: list[Node], added: list[Node]) -> dict[str, tuple[str, float]]:
    """For each removed node, the most similar added node of the same kind, if similar
    enough: a hint for a reviewer, never a match (the ids stay removed and added).

    Compared word by word (CJK character by character); a bag-of-words bound rules out
    most pairs before the sequence comparison.
    """
    hints: dict[str, tuple[str, float]] = {}
    if not removed or not added:
        return hints
    if len(removed) * len(added) > SIMILARITY_MAX_PAIRS:
        by_title = {(a.kind, a.title.get("en") or a.title.get("zh")): a for a in added}
        for r in removed:
            a = by_title.get((r.kind, r.title.get("en") or r.title.get("zh")))
            if a is not None:
                hints[r.id] = (a.id, 1.0)
        return hints
    words = {a.id: _words_of(a) for a in added}
    bags = {a.id: Counter(w) for a, w in ((a, words[a.id]) for a in added)}
    for r in removed:
        wr = _words_of(r)
        br = Counter(wr)
        best: tuple[str, float] | None = None
        for a in added:
            wa = words[a.id]
            # 2 * |common multiset| / total is an upper bound of SequenceMatcher.ratio().
            if a.kind != r.kind or 2 * sum((br & bags[a.id]).values()) < SIMILARITY_HINT * (len(wr) + len(wa)):
                continue
            ratio = difflib.SequenceMatcher(None, wr, wa, autojunk=False).ratio()
            if ratio >= SIMILARITY_HINT and (best is None or ratio > best[1]):
                best = (a.id, ratio)
        if best:
            hints[r.id] = best
    return hints
