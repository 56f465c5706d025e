"""The ``lode`` command line: click only, thin over the library (see ``app.py``)."""

from .app import cli, main

__all__ = ["cli", "main"]
