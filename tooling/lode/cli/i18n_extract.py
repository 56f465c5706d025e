"""Babel extractors for the strings that are not written as ``msg(…)`` calls: every
finding code's summary and hint (they live in a registry filled by ``define()`` and
``code()`` across the library) and every command's help text (click decorators).
``tooling/lode/locale/babel.cfg`` maps them on ``core/codes.py`` and on this file;
``make i18n`` runs them. Both import Lode and read the registries themselves, so a
code or option added anywhere is extracted without marking it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import IO, Any, Iterator

import click

# Babel's extractor protocol: (lineno, funcname, message, comments).
Extracted = tuple[int, str | None, str, list[str]]


def _import_all() -> None:
    """Import every module of Lode, so every ``define()`` and ``code()`` has run."""
    import lode

    for info in pkgutil.walk_packages(lode.__path__, "lode."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)


def extract_codes(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    """Every code's summary and hint (the comment names the code for translators)."""
    from ..core.codes import CODES

    _import_all()
    for c in sorted(CODES.values(), key=lambda c: c.name):
        yield 0, None, c.summary, [f"summary of the finding code {c.name}"]
        yield 0, None, c.hint, [f"hint of the finding code {c.name}"]


def command_texts(cmd: click.Command, path: str) -> Iterator[tuple[str, str]]:
    """(where, text) for a command's help, short help and options' help, depth first."""
    for attr in ("help", "short_help", "epilog"):
        text = getattr(cmd, attr, None)
        if text:
            yield f"{path} {attr}", text
    for p in cmd.params:
        if getattr(p, "help", None):
            yield f"{path} {p.opts[-1] if p.opts else p.name}", p.help  # type: ignore[attr-defined]
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd)
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None:
                yield from command_texts(sub, f"{path} {name}")


def extract_cli(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Extracted]:
    """Every help text of the ``lode`` command line."""
    from .app import cli

    for where, text in command_texts(cli, "lode"):
        yield 0, None, text, [where]
