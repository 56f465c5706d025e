"""Pages generated for the documentation site, as Markdown strings.

This module knows nothing of mkdocs (see DESIGN.md: Material for MkDocs reaches end of
life on 2027-05-05, so the site generator must be replaceable); ``mkdocs_plugin`` is
the thin adapter that hands these pages to mkdocs. Text that comes from data is
escaped here, before Markdown ever sees it.
"""

from __future__ import annotations

from .codes import CODES, Code
from .markup import escape

EXIT_BY_CLASS = {"input": "3", "content": "1 (errors) / 0 (warnings, unless `--strict`)", "config": "2", "pin": "4"}


def _code_row(c: Code) -> str:
    rel = c.reliability or ""
    return (f"| `{c.name}` | {c.severity.value} | {EXIT_BY_CLASS[c.klass]} | {escape(c.summary)} | "
            f"{escape(c.hint)} | {rel} |")


def codes_page() -> str:
    """The reference page of every finding code, from the registry in ``codes.py``."""
    lines = [
        "# Finding codes",
        "",
        "Every problem Lode reports has a stable code. This page is generated from "
        "`tooling/lode/codes.py`; the *requirement* column names the requirement in the "
        "project's reliability research that the code implements.",
        "",
        "| code | severity | exit code | what it means | hint | requirement |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [_code_row(c) for c in CODES.values()]
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """Every generated page: site path -> Markdown."""
    return {"reference/codes.md": codes_page()}
