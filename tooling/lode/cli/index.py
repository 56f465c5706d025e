"""``lode index``: the content index of a passing disclosure."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.i18n import msg, tr
from ..core.fsutil import write_atomic
from ..disclose.index import content_index, markdown, xlsx
from ..model.layout import find_root
from .common import emit


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pin", metavar="STD@EDITION[/rN]", help="The edition, if the file names none.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "xlsx"]), default=None,
              help="markdown or xlsx. Default: from the -o suffix, else markdown.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically); xlsx needs it.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Repository root (the folder holding standards/). Default: found from the current folder.")
def index(file: Path, pin: str | None, fmt: str | None, output: Path | None, root: Path | None) -> None:
    """Turn a passing disclosure into a GRI-style content index (metric, value or
    omission, evidence, GRI 14 topics), with the pin and digests in its header. A failing
    disclosure gets its errors instead (exit 1).

    \b
    lode index examples/disclosures/passing.yaml -o index.xlsx
    """
    fmt = fmt or ("xlsx" if output is not None and output.suffix.lower() == ".xlsx" else "markdown")
    verdict, rows = content_index(file, root or find_root(Path.cwd()), pin)
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError(tr(msg("--format xlsx needs --output FILE.xlsx")))
        write_atomic(output, xlsx(verdict, rows))
        click.echo(tr(msg("wrote {output}: {n} metrics", output=output, n=len(rows))))
    else:
        emit(markdown(verdict, rows), output)
