"""``lode obligations``: the frameworks a company must (or may) report under."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.i18n import msg, tr
from ..model.obligations import VENUES, Company, entries, obligations as find
from ..render.obligations import as_json, text
from ..model.layout import find_root
from .common import emit


@click.command()
@click.option("--listed", "listed", multiple=True, type=click.Choice(VENUES), metavar="VENUE",
              help="Where the company is listed: sse, szse, bse or hkex (repeatable).")
@click.option("--dual-listed", "dual", multiple=True, type=click.Choice(VENUES), metavar="VENUE",
              help="Also listed at this venue (e.g. an SSE company with H shares: --listed sse --dual-listed hkex).")
@click.option("--index", "indexes", multiple=True, metavar="ID",
              help="An index the company is a constituent of: sse-180, star-50, szse-100, chinext, … (repeatable).")
@click.option("--board", "boards", multiple=True, type=click.Choice(["main", "star", "chinext", "gem"]),
              help="The board it is listed on (repeatable): main, star, chinext or gem. HKEX's Code applies "
                   "by board, so an H-share issuer says --board main.")
@click.option("--year", type=click.IntRange(1990, 2100), required=True, help="The financial year reported on.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Repository root (the folder holding standards/). Default: found from the current folder.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of standard output.")
def obligations(listed: tuple[str, ...], dual: tuple[str, ...], indexes: tuple[str, ...], boards: tuple[str, ...],
                year: int, fmt: str, root: Path | None, output: Path | None) -> None:
    """List the frameworks and editions a company reports under for a financial year,
    mandatory or voluntary, with the first year and the due date, from the
    applicability data of the standards.

    \b
    lode obligations --listed sse --index sse-180 --dual-listed hkex --board main --year 2025
    lode obligations --listed hkex --year 2025 --format json
    """
    if not listed and not dual:
        raise click.UsageError(tr(msg("say where the company is listed: --listed VENUE")))
    company = Company(tuple(dict.fromkeys(listed + dual)), tuple(indexes), tuple(boards))
    found = find(entries(root or find_root(Path.cwd())), company, year)
    emit((as_json if fmt == "json" else text)(found, company, year), output)
