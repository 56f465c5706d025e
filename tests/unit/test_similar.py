"""Similarity hints from the candidate index give exactly the hints of comparing every
removed node with every added one (the reference below), on texts built to sit near
the threshold: few distinct words, reordered and partly replaced."""

from __future__ import annotations

import difflib
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from lode.diff import similar as sim
from lode.model.edition import build_edition

WORDS = ["the", "company", "shall", "report", "water", "use", "每", "年", "披", "露", "of", "and", "a", "site"]


def _nodes(specs: list[tuple[str, str, str]], prefix: str) -> list:
    data = {"standard": "demo", "edition": "2024", "title": {"en": "Demo"}, "status": "published",
            "language": "zh", "sources": [{"id": "src", "title": "Source"}],
            "nodes": [{"id": f"{prefix}-{i}", "kind": kind, "title": {"en": title}, "summary": {"en": summary},
                       "fidelity": "inferred", "sources": ["src"]} for i, (kind, title, summary) in enumerate(specs)]}
    return list(build_edition(data, "standards/demo/x.yaml").walk())


def _all_pairs(removed: list, added: list) -> dict[str, tuple[str, float]]:
    """The comparison the index replaces: every removed x added pair of one kind."""
    hints = {}
    for r in removed:
        wr = sim._words_of(r)
        best = None
        for a in added:
            wa = sim._words_of(a)
            if a.kind != r.kind:
                continue
            ratio = difflib.SequenceMatcher(None, wr, wa, autojunk=False).ratio()
            if ratio >= sim.SIMILARITY_HINT and (best is None or ratio > best[1]):
                best = (a.id, ratio)
        if best:
            hints[r.id] = best
    return hints


def _variant(rng: random.Random, base: list[str]) -> list[str]:
    out = list(base)
    for _ in range(rng.randrange(len(out) + 1)):
        op = rng.randrange(3)
        if op == 0 and out:
            del out[rng.randrange(len(out))]
        elif op == 1:
            out.insert(rng.randrange(len(out) + 1), rng.choice(WORDS))
        elif out:
            out[rng.randrange(len(out))] = rng.choice(WORDS)
    return out


@settings(max_examples=120, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), n_removed=st.integers(1, 12), n_added=st.integers(1, 12))
def test_index_gives_the_all_pairs_hints(seed: int, n_removed: int, n_added: int) -> None:
    rng = random.Random(seed)
    bases = [[rng.choice(WORDS) for _ in range(rng.randrange(1, 14))] for _ in range(3)]

    def spec() -> tuple[str, str, str]:
        words = _variant(rng, rng.choice(bases))
        return rng.choice(["clause", "item"]), rng.choice(["Water", "Report", "水"]), " ".join(words)

    removed = _nodes([spec() for _ in range(n_removed)], "old")
    added = _nodes([spec() for _ in range(n_added)], "new")
    assert sim.similar(removed, added) == _all_pairs(removed, added)


def test_frequent_words_yield_no_candidates() -> None:
    # Texts sharing only their frequent words ("the", "of") are never compared: the index
    # is what keeps the work below removed x added.
    common = "the of"
    removed = [common + "".join(f" {w}{i}" for w in ("al", "be", "ga", "de", "ep", "ze", "et", "th")) for i in range(30)]
    added = [common + "".join(f" {w}{i}" for w in ("io", "ka", "la", "mu", "nu", "xi", "om", "pi")) for i in range(30)]
    cands = sim.candidates([t.split() for t in removed], [t.split() for t in added])
    assert sum(map(len, cands)) == 0
    same = sim.candidates([t.split() for t in removed], [t.split() for t in removed])
    assert all(i in c for i, c in enumerate(same))  # and identical texts always are


def test_prefix_is_long_enough_at_the_threshold() -> None:
    # |x| = 8, |y| = 4, overlap 4: 2*4/12 = 0.67 reaches the hint, and the shared words are
    # the most frequent ones of x, so only a prefix of exactly the right length (5 of x's
    # 8 words, the 4 rare ones and 1 shared) finds the pair.
    x = ["c1", "c2", "c3", "c4", "r1", "r2", "r3", "r4"]
    y = ["c1", "c2", "c3", "c4"]
    noise = [["c1", "c2", "c3", "c4"]] * 5
    assert 2 * sum((Counter(x) & Counter(y)).values()) / (len(x) + len(y)) >= sim.SIMILARITY_HINT
    assert sim._prefix_len(len(x)) == 5
    assert 0 in sim.candidates([x], [y, *noise])[0]
