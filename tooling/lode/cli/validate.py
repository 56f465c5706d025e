"""``lode validate``."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.i18n import msg, tr
from ..render.report import RENDERER_BY_FORMAT
from ..validate.cache import Cache, default_dir
from ..model.layout import find_root
from ..validate.run import validate as validate_repo
from .common import Progress, emit

FORMATS = click.Choice(sorted(RENDERER_BY_FORMAT))


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Repository root (the folder holding standards/). Default: found from PATHS or the current folder.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--no-cache", is_flag=True, help="Parse every file, ignoring and not filling the cache.")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], root: Path | None, fmt: str, strict: bool,
             output: Path | None, no_cache: bool) -> None:
    """Validate standards: YAML safety, JSON Schema and semantic checks.

    With no PATHS, checks the whole repository. With PATHS (files or folders), reports
    only on those, while cross-references are still resolved against everything.
    """
    for p in paths:
        if not p.exists():
            raise click.BadParameter(tr(msg("{p} does not exist", p=p)), param_hint="PATHS")
    root = root or find_root(paths[0] if paths else Path.cwd())
    cache = None if no_cache else Cache(default_dir())
    report = validate_repo(root, paths, cache=cache, progress=Progress())
    emit(RENDERER_BY_FORMAT[fmt](report), output)
    ctx.exit(report.exit_code(strict))
