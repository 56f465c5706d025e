"""Disclosure checking: a company's disclosure file against a pinned edition.

Importing the package defines its finding codes (``codes.py`` and the decorators of the
checks in ``checks.py``), so every consumer (the CLI, the site's codes page) knows them."""

from . import checks, codes  # noqa: F401
from .examples import check_examples  # noqa: E402,F401  (lode review compares examples at base and head)
