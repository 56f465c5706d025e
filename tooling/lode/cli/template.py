"""``lode template``: the company's Excel template for an edition."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.i18n import msg, tr

from ..core.fsutil import write_atomic
from ..disclose.carry import links
from ..disclose.run import target
from ..disclose.template import write_templates
from ..model.layout import find_root


@click.command()
@click.argument("pins", metavar="STD@EDITION[/rN]...", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .xlsx file to write (atomically).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Repository root (the folder holding standards/). Default: found from the current folder.")
def template(pins: tuple[str, ...], output: Path, root: Path | None) -> None:
    """Write the disclosure template workbook of an edition: one row per metric with a
    value column and an omission column, one sheet per table metric. Fill it in and check
    it with `lode check t.xlsx`. Several editions give one workbook for all of them: one
    row per concept (metrics an `equal` crosswalk row joins share a row), each framework's
    id in a column of its own; `lode check` gives one verdict per edition.

    \b
    lode template cma-esg-disclosure@2025 -o template.xlsx
    lode template cma-esg-disclosure@2025 cn-exchanges-sr@2024 -o both.xlsx
    """
    root = root or find_root(Path.cwd())
    pins = tuple(dict.fromkeys(pins))
    targets = [target(root, p) for p in pins]
    specs = [t.spec for t in targets]
    found = links(root, specs) if len(specs) > 1 else []
    write_atomic(output, write_templates(specs, pins, [t.digest for t in targets], found))
    made = tr(msg(", ")).join(tr(msg("{n} metrics of {ref}", n=len(s.metrics), ref=s.ref)) for s in specs)
    shared = tr(msg("; {n} metric pairs share a row", n=len(found))) if found else ""
    click.echo(tr(msg("wrote {output}: {made}{shared}", output=output, made=made, shared=shared)))
