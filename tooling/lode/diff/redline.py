"""Redlines: the insertions and deletions between two texts, word by word for
alphabetic text and character by character for Chinese (which has no spaces, so the
character is the natural unit)."""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Iterator, Mapping

# Each CJK character is a token; other text splits into words, spaces and punctuation.
TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]|\w+|\s+|[^\w\s]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Beyond this many tokens a side is shown as replaced whole: SequenceMatcher is quadratic
# in the worst case, and a 100,000-character clause must not stall a pull-request bot.
REDLINE_MAX_TOKENS = 4000

Segment = tuple[str, str]  # ("=" | "-" | "+", text)


def redline(before: str, after: str) -> tuple[Segment, ...]:
    """Insertions and deletions between two strings: word-level for alphabetic text,
    character-level for CJK. Segments concatenate back to each side: the ``=`` and ``-``
    segments give ``before``, the ``=`` and ``+`` segments give ``after``."""
    a, b = TOKEN.findall(before), TOKEN.findall(after)
    if "".join(a) != before or "".join(b) != after:  # defensive: the token pattern covers every character
        a, b = list(before), list(after)
    if len(a) > REDLINE_MAX_TOKENS or len(b) > REDLINE_MAX_TOKENS:
        return _merge([("-", before), ("+", after)])
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
        else:
            out += [("-", "".join(a[i1:i2])), ("+", "".join(b[j1:j2]))]
    return _merge(_absorb_short(list(_merge(out))))


def _absorb_short(segs: list[Segment]) -> list[Segment]:
    # A space or a short word kept between two edits reads as noise ("[-a-] the [-b-]"):
    # fold it into both sides, as diff-match-patch's semantic clean-up does.
    out: list[Segment] = []
    for k, (op, t) in enumerate(segs):
        if (op == "=" and _is_noise(t) and "\n" not in t and 0 < k < len(segs) - 1
                and segs[k - 1][0] != "=" and segs[k + 1][0] != "="):
            out += [("-", t), ("+", t)]
        else:
            out.append((op, t))
    return out


def _is_noise(kept: str) -> bool:
    """Whether a kept run between two edits is too short to show on its own: counted in
    words for alphabetic text (one word of up to three letters: "a", "the", "of") and in
    characters for Chinese, where three characters are a whole word (供应商) and only a
    lone character (和, 的) is noise."""
    core = kept.strip()
    cjk = len(_CJK.findall(core))
    if cjk:
        return cjk == 1 and len(core) == 1
    words = [w for w in TOKEN.findall(core) if w.strip()]
    return len(words) <= 1 and len(core) <= 3


def _merge(segs: Iterable[Segment]) -> tuple[Segment, ...]:
    # Adjacent segments of one kind join; deletions always precede insertions in a run.
    out: list[list[str]] = []
    run_del, run_ins = "", ""
    for op, t in segs:
        if not t:
            continue
        if op == "-":
            run_del += t
        elif op == "+":
            run_ins += t
        else:
            if run_del or run_ins:
                out += [["-", run_del]] * bool(run_del) + [["+", run_ins]] * bool(run_ins)
                run_del = run_ins = ""
            if out and out[-1][0] == "=":
                out[-1][1] += t
            else:
                out.append(["=", t])
    out += [["-", run_del]] * bool(run_del) + [["+", run_ins]] * bool(run_ins)
    return tuple((op, t) for op, t in out)


class Redlines(Mapping[str, tuple[Segment, ...]]):
    """The redlines of one text change, language -> segments, each computed when first
    read: a diff of a large edition classifies hundreds of text changes, and the
    sequence comparison of each is most of that work, while a summary (``--format
    counts``, the crosswalk drift view) reads none of them. Compares equal to the plain
    dict of the same redlines."""

    __slots__ = ("_pairs", "_done")

    def __init__(self, pairs: Mapping[str, tuple[str, str]]) -> None:
        self._pairs = dict(pairs)
        self._done: dict[str, tuple[Segment, ...]] = {}

    @property
    def pairs(self) -> Mapping[str, tuple[str, str]]:
        """Language -> (before, after): what each redline is computed from (a redline is a
        function of its two texts, so equal pairs are equal redlines, compared without
        computing either)."""
        return self._pairs

    def __getitem__(self, lang: str) -> tuple[Segment, ...]:
        done = self._done.get(lang)
        if done is None:
            before, after = self._pairs[lang]
            done = self._done[lang] = redline(before, after)
        return done

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __repr__(self) -> str:
        return f"Redlines({dict(self)!r})"


def text_redlines(before: Mapping[str, str] | None, after: Mapping[str, str] | None) -> Redlines:
    before, after = before or {}, after or {}
    return Redlines({lang: (before.get(lang, ""), after.get(lang, ""))
                     for lang in dict.fromkeys([*before, *after]) if before.get(lang) != after.get(lang)})
