"""``lode fmt``."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from ..core.i18n import msg, tr
from ..core.codes import EXIT_FINDINGS, EXIT_OK
from ..core.fsutil import write_atomic
from ..edit.fmt import format_file
from ..model.layout import find_root
from ..validate.run import discover
from .common import ROOT_OPTION


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True,
              help="Write nothing; print the diff of every file that is not in the canonical layout and exit 1.")
@ROOT_OPTION
@click.pass_context
def fmt(ctx: click.Context, paths: tuple[Path, ...], check: bool, root: Path | None) -> None:
    """Put YAML files in the canonical layout (key order from the schema, double quotes,
    indentation, the editor modeline), keeping comments. The data is never changed.

    \b
    lode fmt                                  (every file under standards/)
    lode fmt standards/cccmc-ddg/2026.yaml
    lode fmt --check                          (in CI or a pre-commit hook)
    """
    root = (root or find_root(paths[0] if paths else Path.cwd())).resolve()
    changed = 0
    files = _files(root, paths)
    for path, rel in files:
        result = format_file(path, rel)
        if not result.changed:
            continue
        changed += 1
        if check:
            click.echo("".join(difflib.unified_diff(
                result.before.decode("utf-8-sig").splitlines(keepends=True),
                result.after.decode("utf-8").splitlines(keepends=True), f"a/{rel}", f"b/{rel}")), nl=False)
        else:
            write_atomic(path, result.after, expect=result.before)
            click.echo(tr(msg("formatted {rel}", rel=rel)))
    if check:
        verdict = f"{changed} of {_files_n(len(files))} would be reformatted" if changed else \
            f"{_files_n(len(files))} already formatted"
        click.echo(verdict + (" (run `lode fmt`)" if changed else ""), err=True)
        ctx.exit(EXIT_FINDINGS if changed else EXIT_OK)
    if not changed:
        click.echo(tr(msg("{value} already formatted", value=_files_n(len(files)))))


def _files_n(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _files(root: Path, paths: tuple[Path, ...]) -> list[tuple[Path, str]]:
    if not paths:
        return [(p, _rel(root, p)) for p, _kind in discover(root)[0]]
    out: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_dir():
            out += [(f, _rel(root, f)) for f in sorted(p.rglob("*.yaml")) if not any(
                part.startswith(".") for part in f.relative_to(p).parts)]
        else:
            out.append((p, _rel(root, p)))
    return out


def _rel(root: Path, p: Path) -> str:
    try:
        return p.resolve().relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()
