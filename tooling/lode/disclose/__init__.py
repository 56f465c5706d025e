"""Disclosure checking: a company's disclosure file against a pinned edition.

Importing the package defines its finding codes, so every consumer (the CLI, the site's
codes page) knows them."""

from . import codes  # noqa: F401
