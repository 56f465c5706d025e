"""What every command shares: output, progress, edition arguments, the root option,
and the end of a command that rewrites a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.i18n import N_, msg, tr
from ..core.fsutil import ABSENT, write_atomic
from ..model.edition import Ref

ROOT_OPTION = click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                           help="Repository root (the folder holding standards/). Default: found from the file "
                                "or the current folder.")


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


class Progress:
    """A one-line progress counter on stderr, only when stderr is a terminal."""

    def __init__(self, what: str = N_("files")) -> None:
        self.enabled = sys.stderr.isatty()
        self.what = what

    def __call__(self, done: int, total: int, path: str) -> None:
        if self.enabled and total > 20:
            click.echo("\r" + tr(msg("checking {done}/{total} {what}", done=done, total=total, what=tr(self.what))),
                       nl=False, err=True)
            if done == total:
                click.echo("\r" + " " * 40 + "\r", nl=False, err=True)


def edition_ref(value: str, param: str) -> Ref:
    try:
        ref = Ref.parse(value)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint=param) from None
    if ref.node:
        raise click.BadParameter(tr(msg("{value}: name an edition (std@edition), not a node", value=value)), param_hint=param)
    return ref


def finish_rewrite(path: Path, display: str, content: bytes, changes: int, what: str, dry_run: bool,
                   source: bytes | None) -> None:
    """The end of every command that rewrites a file: say what happened, write atomically
    (refused with ``write-conflict`` if the file no longer holds ``source``, the bytes
    the change was made from; ``None`` for a new file, refused if one appeared)."""
    if not changes:
        click.echo(tr(msg("no changes to {display}", display=display)))
    elif dry_run:
        click.echo(tr(msg("dry run: {changes} {what}; nothing written to {display}", changes=changes, what=what, display=display)))
    else:
        write_atomic(path, content, expect=ABSENT if source is None else source)
        click.echo(tr(msg("wrote {display}: {changes} {what}", display=display, changes=changes, what=what)))
