"""The reference page of every finding code (``reference/codes``), zh and en, from the
registry in ``core/codes.py``."""

from __future__ import annotations

from ..core.codes import CODES, EXIT_BY_CLASS, Code
from ..core.i18n import tr
from ..render.markup import HTML_BELOW, code_spans, escape, front_matter, heading, html_table
from ..service import codes as _service_codes  # noqa: F401 - the checking service's codes, for the codes page
from .i18n import t

# A content finding's exit depends on its severity; every other class has one exit (core/codes).
_EXIT_CONTENT = {"zh": "1（错误）/ 0（警告；<code>--strict</code> 时为 1）",
                 "en": "1 (errors) / 0 (warnings, unless <code>--strict</code>)"}
CODES_PAGE = "reference/codes.md"


def _code_row(c: Code, lang: str) -> list[str]:
    exit_ = _EXIT_CONTENT[lang] if c.klass == "content" else str(EXIT_BY_CLASS[c.klass])
    return [f"<code>{escape(c.name)}</code>", f"<code>{c.severity.value}</code>", exit_,
            code_spans(tr(c.summary, lang)), code_spans(tr(c.hint, lang)), escape(c.reliability or "")]


def codes_page(lang: str = "en") -> str:
    """The reference page of every finding code, from the registry in ``core/codes.py``:
    each summary and hint in the page's language, as the command line prints them in
    that language (the catalog has every one: tests/unit/test_i18n_catalog.py). An HTML
    table whose rows are cards on a phone (lode.css, .lode-cards)."""
    header = [t(k, lang) for k in ("col-code", "col-severity", "col-exit", "col-means", "col-hint", "col-req")]
    return "\n".join([front_matter(t("codes-title", lang)) + heading(1, t("codes-title", lang), "_top"), "",
                      t("codes-intro", lang), "", t("codes-note", lang), "", HTML_BELOW,
                      f'<div class="lode-cards lode-codes">{html_table(header, [_code_row(c, lang) for c in CODES.values()])}'
                      "</div>", ""])
