"""``lode crosswalk``: show, export, import, restamp."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..core.codes import Severity
from ..core.errors import LodeError
from ..core.fsutil import write_atomic
from ..crosswalk import io as crosswalk_io
from ..crosswalk import views
from ..crosswalk import write as crosswalk_write
from ..model.corpus import Corpus
from ..model.crosswalk import SIDES, read_crosswalk
from ..render.crosswalk import RENDERERS as CROSSWALK_RENDERERS
from ..model.layout import find_root
from .common import ROOT_OPTION, edition_ref, emit, finish_rewrite
from ..core.i18n import msg, tr


@click.group()
def crosswalk() -> None:
    """Crosswalks between editions: show coverage and gaps, export, import, restamp."""


def _crosswalk_file(path: Path, root: Path | None) -> tuple[Path, str]:
    # lexists: a FIFO or a link out of the repository is the reader's refusal (its own code)
    if not os.path.lexists(path) or path.is_dir():
        raise click.BadParameter(tr(msg("{path} is not a file", path=path)), param_hint="FILE")
    root = root or find_root(path)
    try:  # as found, never where a symlink points
        display = Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        display = path.as_posix()
    return root, display



@crosswalk.command("show")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(sorted(CROSSWALK_RENDERERS)), default="text", show_default=True,
              help="Output format.")
@click.option("--matrix", "with_matrix", is_flag=True, help="Add the mapping matrix.")
@click.option("--drift", "with_drift", is_flag=True,
              help="Add what later editions of either side do to each mapped node (through the diff engine).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of standard output.")
def crosswalk_show(source: str, target: str, root: Path | None, fmt: str, with_matrix: bool,
                   with_drift: bool, output: Path | None) -> None:
    """Coverage figures and gaps of the crosswalk between FROM and TO (editions, e.g.
    cma-esg-disclosure@2025 gri-14@2024). A crosswalk authored TO -> FROM is read inverted."""
    root = root or find_root(Path.cwd())
    ov, mx = views.show(root, edition_ref(source, "FROM"), edition_ref(target, "TO"), with_drift=with_drift)
    emit(CROSSWALK_RENDERERS[fmt](ov, mx if with_matrix else None), output)


EXPORTS = ("csv", "json", "sssom", "xlsx")


@crosswalk.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORTS), required=True, help="Export format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically). Required for xlsx; else standard output.")
@ROOT_OPTION
@click.option("--base-uri", default=crosswalk_io.DEFAULT_BASE, show_default=True,
              help="SSSOM: the URI that node CURIEs expand under (<base><standard>/<edition>/#<node>).")
@click.option("--license", "license_", default=crosswalk_io.DEFAULT_LICENSE, show_default=True,
              help="SSSOM: the licence URI of the mapping set.")
def crosswalk_export(file: Path, fmt: str, output: Path | None, root: Path | None,
                     base_uri: str, license_: str) -> None:
    """Export the crosswalk FILE as CSV, XLSX (a drafter's workbook), JSON or SSSOM TSV."""
    if fmt == "xlsx" and output is None:
        raise click.UsageError(tr(msg("--format xlsx needs --output FILE.xlsx")))
    root, display = _crosswalk_file(file, root)
    doc, cw = read_crosswalk(file, display, root)
    corpus = Corpus.load(root, linked=False)
    try:
        editions = {side: corpus.edition(cw.edition(side)) for side in SIDES}
    except KeyError as e:
        raise LodeError.of("unknown-edition", msg("{display}: {value}", display=display, value=e.args[0]), display) from None
    data = (crosswalk_io.to_sssom(cw, editions, base_uri, license_) if fmt == "sssom"
            else {"csv": crosswalk_io.to_csv, "json": crosswalk_io.to_json,
                  "xlsx": crosswalk_io.to_xlsx}[fmt](doc.data, editions))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
        click.echo(tr(msg("wrote {output} ({n} rows)", output=output, n=len(cw.mappings))))


@crosswalk.command("import")
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "into", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The crosswalk YAML file to update.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@ROOT_OPTION
def crosswalk_import(sheet: Path, into: Path, dry_run: bool, root: Path | None) -> None:
    """Apply an edited XLSX workbook (from `lode crosswalk export --format xlsx`) to a
    crosswalk file: rows are matched by id and reported added, changed (field by field) or
    removed. Comments and formatting of the YAML file are kept; stamps are never imported."""
    if not os.path.lexists(sheet) or sheet.is_dir():  # a FIFO is the reader's refusal
        raise click.BadParameter(tr(msg("{sheet} is not a file", sheet=sheet)), param_hint="SHEET")
    root, display = _crosswalk_file(into, root)
    result = crosswalk_write.import_sheet(into, display, sheet, sheet.as_posix(), root)
    for c in result.changes:
        click.echo(str(c))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors:
        click.echo(tr(msg("the imported crosswalk would not be valid; nothing written to {display}", display=display)))
        raise LodeError(errors)
    finish_rewrite(into, display, result.content, len(result.changes), "row change(s)", dry_run, result.source)


@crosswalk.command("restamp")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--row", "rows", multiple=True, metavar="ID", help="Only this row (repeatable). Default: every row.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@ROOT_OPTION
def crosswalk_restamp(file: Path, rows: tuple[str, ...], dry_run: bool,
                      root: Path | None) -> None:
    """Record the current stamps (content, number, parent) of reviewed rows, after review.
    A side replaced through lineage is re-based onto its one successor. A broken side
    cannot be stamped: then nothing is written."""
    root, display = _crosswalk_file(file, root)
    try:
        result = crosswalk_write.restamp(root, file, display, set(rows) or None)
    except KeyError as e:
        raise click.BadParameter(str(e.args[0]), param_hint="--row") from None
    for c in result.changes:
        click.echo(str(c))
    if result.skipped:
        click.echo(tr(msg("{n} side(s) cannot be stamped; nothing written to {display} (fix those rows, or leave them out with --row)", n=len(result.skipped), display=display)))
        raise LodeError(result.skipped)
    finish_rewrite(file, display, result.content, len(result.changes), "stamp change(s)", dry_run, result.source)
