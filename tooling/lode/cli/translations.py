"""``lode translations``: keep the translation marks of localized strings up to date."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.codes import EXIT_FINDINGS
from ..core.errors import LodeError
from ..core.findings import Finding
from ..core.i18n import msg
from ..core.i18n import tr as say  # `tr` here is the translations module
from ..edit import translations as tr
from ..model.layout import find_root
from .common import ROOT_OPTION, finish_rewrite


@click.group()
def translations() -> None:
    """Lode's translations of localized strings: record the fingerprints of their sources."""


def _files(paths: tuple[Path, ...]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.yaml") if q.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise click.BadParameter(say(msg("{p} does not exist", p=p)), param_hint="PATH")
    return list(dict.fromkeys(out))


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@translations.command("stamp")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True,
              help="Write nothing; list the fingerprints that would change and exit 1 if any would.")
@ROOT_OPTION
@click.pass_context
def stamp(ctx: click.Context, paths: tuple[Path, ...], check: bool, root: Path | None) -> None:
    """Record, for every string marked as Lode's translation (`translated-from`), the
    fingerprint of its source text as it is now. PATH is a standard or edition file, or a
    folder (every .yaml file under it). Run it after writing or reviewing a translation:
    mark a new one with the bare source language (`translated-from: {zh: en}`). A file with
    a mark whose source text is missing is not written."""
    files = _files(paths)
    root = root or find_root(files[0] if files else Path.cwd())
    skipped: list[Finding] = []
    pending = 0
    for path in files:
        display = _display(path, root)
        result = tr.stamp(path, display)
        for c in result.changes:
            click.echo(c.describe(display))
        if result.skipped:
            skipped.extend(result.skipped)
            click.echo(say(msg("{n} mark(s) cannot be stamped; nothing written to {display}", n=len(result.skipped), display=display)))
            continue
        pending += len(result.changes)
        if not check:
            finish_rewrite(path, display, result.content, len(result.changes), "fingerprint(s)", False,
                           result.source)
    if skipped:
        raise LodeError(skipped)
    if check:
        click.echo(f"{pending} fingerprint(s) to stamp in {len(files)} file(s)" if pending
                   else f"all translation fingerprints are current in {len(files)} file(s)")
        ctx.exit(EXIT_FINDINGS if pending else 0)
