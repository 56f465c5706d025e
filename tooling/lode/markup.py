"""Escaping text from data for Markdown and HTML outputs (the site, pull-request comments).

Shared by every renderer that puts YAML text into Markdown, so that no clause can inject
HTML, script or Markdown structure anywhere Lode publishes it.
"""

from __future__ import annotations

import html


def escape(text: str) -> str:
    """Entity-encode every character Markdown, HTML or Jinja could act on.

    Backslash escapes are not enough (``:``, ``~``, ``^`` and ``=`` cannot be escaped in
    Python-Markdown), so each significant character becomes a numeric entity.
    """
    out = html.escape(text, quote=True)
    return "".join(f"&#{ord(c)};" if c in _SIGNIFICANT else c for c in out)


_SIGNIFICANT = set("\\`*_[](){}#+-.!|~^=:<>\"'")
