"""Similarity hints: for a removed node, the added node that may be the same provision
under a new id -- a hint for a reviewer, never a match.

Comparing every removed node with every added one grows with the square of the change
count (a quarter of a 100,000-node diff). Instead an index proposes candidates: a pair
can reach ``SIMILARITY_HINT`` only if the two nodes share many words, and then they
share one of their *rarest* words (the prefix filter of set-similarity joins, Chaudhuri
et al. 2006; Bayardo et al. 2007), so each node is indexed by its rarest words only and
the frequent ones ("the", spaces) never produce a candidate. The hints are exactly those
of the all-pairs comparison (``tests/unit/test_similar.py`` checks it on random edits).
"""

from __future__ import annotations

import difflib
import math
from collections import Counter, defaultdict

from ..model.edition import Node
from .redline import TOKEN

# A removed and an added node at least this similar are hinted as possibly the same provision.
SIMILARITY_HINT = 0.6
# Candidate pairs verified with the sequence comparison at most (a bound for a pull-request
# bot facing a rewritten standard); beyond it only same-title pairs are hinted.
SIMILARITY_MAX_PAIRS = 40_000

Element = tuple[str, int]  # a word and its occurrence: a multiset as a set


def _words_of(n: Node) -> list[str]:
    # Spaces are not words: counted as tokens they made any two English texts of equal
    # length half similar, so unrelated clauses passed every bound and were compared.
    t = [n.title.get("en") or n.title.get("zh") or ""]
    if n.summary:
        t.append(n.summary.get("en") or n.summary.get("zh") or "")
    return [w for w in TOKEN.findall(" ".join(t).casefold()) if not w.isspace()]


def _elements(words: list[str]) -> list[Element]:
    seen: Counter[str] = Counter()
    out = []
    for w in words:
        out.append((w, seen[w]))
        seen[w] += 1
    return out


def _prefix_len(size: int) -> int:
    """How many of a node's rarest elements any qualifying partner must share one of.

    A pair reaches the hint only if ``2 * overlap >= t * (|x| + |y|)`` with overlap at
    most ``min(|x|, |y|)``, hence ``overlap >= t / (2 - t) * |x|`` for either side; a
    shared element then lies among the first ``|x| - overlap + 1`` of each. The
    tolerance keeps a product that floating point puts just above a whole number from
    shortening the prefix (which would lose a pair).
    """
    least = math.ceil(SIMILARITY_HINT / (2 - SIMILARITY_HINT) * size - 1e-9)
    return min(size, size - least + 1)


def _by_title(removed: list[Node], added: list[Node]) -> dict[str, tuple[str, float]]:
    hints: dict[str, tuple[str, float]] = {}
    by_title = {(a.kind, a.title.get("en") or a.title.get("zh")): a for a in added}
    for r in removed:
        a = by_title.get((r.kind, r.title.get("en") or r.title.get("zh")))
        if a is not None:
            hints[r.id] = (a.id, 1.0)
    return hints


def candidates(removed: list[list[str]], added: list[list[str]]) -> list[list[int]]:
    """For each removed word list, the indexes (ascending) of the added word lists that
    may be similar enough: every pair that can reach the hint, and usually few others."""
    elems_r = [_elements(w) for w in removed]
    elems_a = [_elements(w) for w in added]
    freq: Counter[Element] = Counter(e for es in (*elems_r, *elems_a) for e in es)
    order = lambda e: (freq[e], e)  # noqa: E731 - rarest first, ties in a fixed order
    index: defaultdict[Element, list[int]] = defaultdict(list)
    empty_a = [j for j, es in enumerate(elems_a) if not es]
    for j, es in enumerate(elems_a):
        for e in sorted(es, key=order)[:_prefix_len(len(es))]:
            index[e].append(j)
    out = []
    for es in elems_r:
        if not es:  # two empty texts are equal (ratio 1): only empty partners qualify
            out.append(empty_a)
            continue
        found: set[int] = set()
        for e in sorted(es, key=order)[:_prefix_len(len(es))]:
            found.update(index.get(e, ()))
        out.append(sorted(found))
    return out


def similar(removed: list[Node], added: list[Node]) -> dict[str, tuple[str, float]]:
    """For each removed node, the most similar added node of the same kind, if similar
    enough: a hint for a reviewer, never a match (the ids stay removed and added).

    Compared word by word (CJK character by character). The index proposes candidates;
    a bag-of-words bound rules out most of them before the sequence comparison; among
    equally similar nodes the first added one wins.
    """
    hints: dict[str, tuple[str, float]] = {}
    if not removed or not added:
        return hints
    kinds: defaultdict[str, tuple[list[Node], list[Node]]] = defaultdict(lambda: ([], []))
    for r in removed:
        kinds[r.kind][0].append(r)
    for a in added:
        kinds[a.kind][1].append(a)
    plans = []
    for rs, as_ in kinds.values():
        if rs and as_:
            wr, wa = [_words_of(r) for r in rs], [_words_of(a) for a in as_]
            plans.append((rs, as_, wr, wa, candidates(wr, wa)))
    if sum(len(c) for *_, cands in plans for c in cands) > SIMILARITY_MAX_PAIRS:
        return _by_title(removed, added)
    for rs, as_, wr, wa, cands in plans:
        ratios = _ratios(wr, wa, cands)
        for i, (r, cand) in enumerate(zip(rs, cands)):
            best: tuple[str, float] | None = None
            for j in cand:
                ratio = ratios.get((i, j), 0.0)
                if ratio >= SIMILARITY_HINT and (best is None or ratio > best[1]):
                    best = (as_[j].id, ratio)
            if best:
                hints[r.id] = best
    return hints


def _ratios(wr: list[list[str]], wa: list[list[str]], cands: list[list[int]]) -> dict[tuple[int, int], float]:
    """SequenceMatcher ratios of the candidate pairs that pass the bag-of-words bound,
    grouped by added node so that each one's analysis (``set_seq2``) is built once."""
    by_added: defaultdict[int, list[int]] = defaultdict(list)
    for i, cand in enumerate(cands):
        for j in cand:
            by_added[j].append(i)
    bags_r = [Counter(w) for w in wr]
    out = {}
    sm = difflib.SequenceMatcher(None, autojunk=False)
    for j, rows in by_added.items():
        bag = Counter(wa[j])
        sm.set_seq2(wa[j])
        for i in rows:
            # 2 * |common multiset| / total is an upper bound of SequenceMatcher.ratio().
            if 2 * sum((bags_r[i] & bag).values()) >= SIMILARITY_HINT * (len(wr[i]) + len(wa[j])):
                sm.set_seq1(wr[i])
                out[i, j] = sm.ratio()
    return out
