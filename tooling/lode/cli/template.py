"""``lode template``: the company's Excel template for an edition."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.i18n import msg, tr
from ..core.fsutil import write_atomic
from ..disclose.run import target
from ..disclose.template import write_template
from ..model.layout import find_root


@click.command()
@click.argument("pin", metavar="STD@EDITION[/rN]")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .xlsx file to write (atomically).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Repository root (the folder holding standards/). Default: found from the current folder.")
def template(pin: str, output: Path, root: Path | None) -> None:
    """Write the disclosure template workbook of an edition: one row per metric with a
    value column and an omission column, one sheet per table metric. Fill it in and check
    it with `lode check t.xlsx`.

    \b
    lode template cma-esg-disclosure@2025 -o template.xlsx
    """
    t = target(root or find_root(Path.cwd()), pin)
    write_atomic(output, write_template(t.spec, pin, t.digest))
    click.echo(tr(msg("wrote {output}: {n} metrics of {ref}", output=output, n=len(t.spec.metrics), ref=t.spec.ref)))
