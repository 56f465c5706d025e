"""TABs the round-trip parser cannot read: found for the loader, which refuses them."""

from __future__ import annotations

import bisect
import re


def stray_tab(text: str, allowed: list[tuple[int, int]]) -> int | None:
    """The offset of the first TAB in block context outside a quoted or block scalar and outside a
    comment (``a: b<TAB>c``, ``key<TAB>: v``, ``a:<TAB>b``). libyaml reads these; ruamel's
    round-trip scanner, which every rewriting command (fmt, new-edition, stage, …) uses,
    does not. The loader refuses them, which keeps one answer to "is this file valid".
    ``allowed`` holds the (start, end) offsets of the quoted and block scalars and flow
    collections, as the parser's marks give them."""
    merged: list[tuple[int, int]] = []  # scalars nest inside flow collections: the union
    for a, b in sorted(allowed):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    allowed = merged
    starts = [a for a, _ in allowed]

    def inside(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and allowed[k][0] <= i < allowed[k][1]

    for m in re.finditer("\t", text):
        i = m.start()
        if inside(i):
            continue
        line_start = text.rfind("\n", 0, i) + 1
        before = text[line_start:i]
        # a comment: '#' at the start of the line or after white space, itself outside a scalar
        if any(c == "#" and (j == 0 or before[j - 1] in " \t") and not inside(line_start + j)
               for j, c in enumerate(before)):
            continue
        return i
    return None
