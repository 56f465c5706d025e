"""A diff's names and values in the reader's words: a change kind, an impact, a field, an
enumerated value, a node kind, a caveat, the line for a change without a redline. English
keeps the data's own names (scripts grep for them; the documentation uses them); a Chinese
reader gets the words of ``render/words.py``, which the site's changes pages use too.
Shared by the diff's renderers (``render/diff.py``) and the review comment."""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..core.i18n import Msg, tr
from ..diff.result import Change
from .words import DIRECTION, ENUM_WORDS, FIELDS, KIND, LANGUAGE, NODE_KIND, zh_reader


def say(table: Mapping[str, Mapping[str, str]], key: str) -> str:
    """A change kind, impact, field or status in the reader's words; English keeps the
    data's own names, which scripts grep for and the documentation uses."""
    return table.get(key, {}).get("zh", key) if zh_reader() else key


def in_lang(lg: str | None) -> str:
    """" (zh)" after a field's name, or （中文） for a Chinese reader."""
    if lg is None:
        return ""
    return f"（{LANGUAGE[lg]['zh']}）" if zh_reader() and lg in LANGUAGE else f" ({lg})"


def colon() -> str:
    return "：" if zh_reader() else ": "


def value_text(v: Any) -> str:
    """A field's value as a reader writes it: ``published: 2015-12-05``, ``a, b``, never JSON."""
    if v is None or v == {} or v == []:
        return "（无）" if zh_reader() else "(none)"
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return ("是" if v else "否") if zh_reader() else ("yes" if v else "no")
    if isinstance(v, Mapping):
        return "; ".join(f"{k}: {value_text(x)}" for k, x in sorted(v.items()))
    if isinstance(v, (list, tuple)):
        return ", ".join(value_text(x) for x in v)
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True, allow_nan=False)


def enum_text(field: str | None, v: Any) -> str:
    """A field's value; for a Chinese reader, an enumerated value (a status, a fidelity,
    an obligation or requirement) in the words the site and the glossary use."""
    words = ENUM_WORDS.get(field or "")
    if zh_reader() and isinstance(v, str) and words and v in words:
        return words[v][0]
    if zh_reader() and field in ("expected", "dates") and isinstance(v, Mapping) and v:  # 步骤：6；发布日期：…
        name = kind_word if field == "expected" else lambda k: ENUM_WORDS["dates"].get(k, (k,))[0]
        return "；".join(f"{name(k)}：{value_text(x)}" for k, x in sorted(v.items()))
    return value_text(v)


def kind_word(kind: str) -> str:
    """A node kind as a Chinese reader reads it on the site (``words.NODE_KIND``)."""
    return NODE_KIND.get(kind, (kind,))[0]


def caveat_text(cav: str) -> str:
    """A diff's caveat in the reader's language; it names a node kind by its id
    (``characteristic``), which a Chinese reader reads as the site's word (特征)."""
    if zh_reader() and isinstance(cav, Msg) and isinstance(cav.args.get("kind"), str):
        cav = Msg(cav.template, cav.plural, **{**cav.args, "kind": kind_word(cav.args["kind"])})
    return tr(cav)


def describe(c: Change) -> str:
    """One line for a change without a redline, in the run's language."""
    if c.kind in ("added", "removed"):
        return say(KIND, c.kind)
    what = say(FIELDS, c.field) if c.field else say(KIND, c.kind)
    arrow = f"{enum_text(c.field, c.before)} → {enum_text(c.field, c.after)}"
    if c.direction:
        return (f"{what}{DIRECTION[c.direction]['zh']}：{arrow}" if zh_reader()
                else f"{what} {c.direction}: {arrow}")
    if c.kind == "moved":
        return "位置调整（上级条款或顺序改变）" if zh_reader() else "moved (new parent or order)"
    if c.detail and c.kind == "value-spec":
        return f"{say(KIND, 'value-spec')}（{c.detail}）：{arrow}" if zh_reader() else f"value spec ({c.detail}): {arrow}"
    if c.detail:
        return f"{what}{colon()}{c.detail}"
    return f"{what}{colon()}{arrow}"
