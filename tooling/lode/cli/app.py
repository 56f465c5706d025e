"""The ``lode`` command line: thin wrappers over the library.

Each command parses its options, calls one library function, renders the result and
exits with the code of the contract (see ``codes.py`` and the README):
0 clean, 1 findings, 2 usage/configuration, 3 input rejected, 4 pin/integrity,
5 write failure, 70 internal error. Only this module prints or exits.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

import click

from .. import __version__

from ..model import versions
from ..validate.cache import Cache, default_dir
from ..crosswalk import io as crosswalk_io
from ..crosswalk import write as crosswalk_write
from ..crosswalk import views as views
from ..core.codes import CODES, EXIT_BY_CLASS, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_WRITE, Severity
from ..model.corpus import Corpus, CorpusError
from ..model.crosswalk import SIDES, read_crosswalk
from ..diff.engine import diff_editions
from ..render.diff import RENDERERS as DIFF_RENDERERS
from ..core.findings import Report
from ..core.fsutil import WriteError, write_atomic
from ..model.edition import Ref
from ..render.report import RENDERER_BY_FORMAT
from ..read.schemas import SchemaConfigError
from ..validate.run import ConfigError, find_root, validate as validate_repo

FORMATS = click.Choice(sorted(RENDERER_BY_FORMAT))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lode")
def cli() -> None:
    """Lode: mining-sector ESG standards as schema-validated YAML in git."""


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


class _Progress:
    """A one-line progress counter on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, path: str) -> None:
        if self.enabled and total > 20:
            click.echo(f"\rchecking {done}/{total} files", nl=False, err=True)
            if done == total:
                click.echo("\r" + " " * 40 + "\r", nl=False, err=True)


@cli.command()
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
            raise click.BadParameter(f"{p} does not exist", param_hint="PATHS")
    root = root or find_root(paths[0] if paths else Path.cwd())
    cache = None if no_cache else Cache(default_dir())
    report = validate_repo(root, paths, cache=cache, progress=_Progress())
    _emit(RENDERER_BY_FORMAT[fmt](report), output)
    ctx.exit(report.exit_code(strict))


def _ref(value: str, param: str) -> Ref:
    try:
        ref = Ref.parse(value)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint=param) from None
    if ref.node:
        raise click.BadParameter(f"{value}: name an edition (std@edition), not a node", param_hint=param)
    return ref


@cli.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--from", "rev_from", metavar="REV",
              help="Read OLD as committed at this git revision (branch, tag or commit).")
@click.option("--to", "rev_to", metavar="REV",
              help="Read NEW (or OLD, when NEW is not given) at this git revision. Default: the work tree.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Repository root (the folder holding standards/). Default: found from the current folder.")
@click.option("--format", "fmt", type=click.Choice(sorted(DIFF_RENDERERS)), default="text", show_default=True,
              help="text, markdown (a pull-request comment), json, concordance (CSV) or changes "
                   "(the GB/T 1.1 list of main technical changes).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of --format changes.")
@click.option("--color/--no-color", default=None, help="Colour the redlines. Default: when writing to a terminal.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of standard output.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences, 0 when there are none.")
@click.pass_context
def diff(ctx: click.Context, old: str, new: str | None, rev_from: str | None, rev_to: str | None,
         root: Path | None, fmt: str, lang: str, color: bool | None, output: Path | None, exit_code: bool) -> None:
    """Compare two editions clause by clause, or one edition at two git revisions.

    \b
    lode diff cccmc-ddg@2015 cccmc-ddg@2022
    lode diff cccmc-ddg@2022 --from main            (main against the work tree)
    lode diff cccmc-ddg@2022 --from v1.0 --to HEAD
    """
    old_ref, new_ref = _ref(old, "OLD"), _ref(new, "NEW") if new else None
    if new_ref is None and not (rev_from or rev_to):
        raise click.UsageError("give two editions (OLD NEW), or one edition with --from/--to")
    if new_ref is None and not rev_from:
        raise click.UsageError("--to needs --from (the revision to compare against)")
    new_ref = new_ref or old_ref
    if old_ref.standard != new_ref.standard:
        raise ConfigError("diff-standards", f"{old_ref} and {new_ref} are editions of different standards")
    root = root or find_root(Path.cwd())
    old_ref, new_ref = versions.resolve(root, old_ref), versions.resolve(root, new_ref)
    repo = versions.open_repo(root) if rev_from or rev_to else None

    def load(ref: Ref, rev: str | None) -> tuple[object, str]:
        if rev is None:
            return versions.on_disk(root, ref), str(ref) + (" (work tree)" if repo else "")
        return versions.edition_at(repo, root, ref, rev), f"{ref} ({rev})"

    (a, a_label), (b, b_label) = load(old_ref, rev_from), load(new_ref, rev_to)
    result = diff_editions(a, b, old_label=a_label, new_label=b_label)  # type: ignore[arg-type]
    if color is None:
        color = output is None and sys.stdout.isatty()
    _emit(DIFF_RENDERERS[fmt](result, color=color, lang=lang), output)
    ctx.exit(EXIT_FINDINGS if exit_code and not result.empty else EXIT_OK)


# --- crosswalks --------------------------------------------------------------------------

@cli.group()
def crosswalk() -> None:
    """Crosswalks between editions: show coverage and gaps, export, import, restamp."""


def _crosswalk_file(path: Path, root: Path | None) -> tuple[Path, str]:
    if not path.is_file():
        raise click.BadParameter(f"{path} is not a file", param_hint="FILE")
    root = root or find_root(path)
    try:
        display = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        display = path.as_posix()
    return root, display


ROOT_OPTION = click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                           help="Repository root (the folder holding standards/). Default: found from the file "
                                "or the current folder.")


@crosswalk.command("show")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(sorted(views.RENDERERS)), default="text", show_default=True,
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
    try:
        ov, mx = views.show(root, _ref(source, "FROM"), _ref(target, "TO"), with_drift=with_drift)
    except views.NoCrosswalk as e:
        raise ConfigError("usage", str(e)) from None
    _emit(views.RENDERERS[fmt](ov, mx if with_matrix else None), output)


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
        raise click.UsageError("--format xlsx needs --output FILE.xlsx")
    root, display = _crosswalk_file(file, root)
    doc, cw = read_crosswalk(file, display)
    corpus = Corpus.load(root)
    try:
        editions = {side: corpus.edition(cw.edition(side)) for side in SIDES}
    except KeyError as e:
        raise ConfigError("usage", f"{display}: {e.args[0]}") from None
    data = (crosswalk_io.to_sssom(cw, editions, base_uri, license_) if fmt == "sssom"
            else {"csv": crosswalk_io.to_csv, "json": crosswalk_io.to_json,
                  "xlsx": crosswalk_io.to_xlsx}[fmt](doc.data, editions))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"wrote {output} ({len(cw.mappings)} rows)")


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
    if not sheet.is_file():
        raise click.BadParameter(f"{sheet} is not a file", param_hint="SHEET")
    _root, display = _crosswalk_file(into, root)
    result = crosswalk_write.import_sheet(into, display, sheet, sheet.as_posix())
    for c in result.changes:
        click.echo(str(c))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors:
        click.echo(f"the imported crosswalk would not be valid; nothing written to {display}")
        raise CorpusError(errors)
    _finish_rewrite(into, display, result.content, len(result.changes), "row change(s)", dry_run)


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
        click.echo(f"{len(result.skipped)} side(s) cannot be stamped; nothing written to {display} "
                   "(fix those rows, or leave them out with --row)")
        raise CorpusError(result.skipped)
    _finish_rewrite(file, display, result.content, len(result.changes), "stamp change(s)", dry_run)


def _finish_rewrite(path: Path, display: str, content: bytes, changes: int, what: str, dry_run: bool) -> None:
    """The end of every command that rewrites a file: say what happened, write atomically."""
    if not changes:
        click.echo(f"no changes to {display}")
    elif dry_run:
        click.echo(f"dry run: {changes} {what}; nothing written to {display}")
    else:
        write_atomic(path, content)
        click.echo(f"wrote {display}: {changes} {what}")


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI and map every outcome to the exit-code contract."""
    code: Any
    try:
        code = cli.main(args=argv, prog_name="lode", standalone_mode=False)
    except click.exceptions.Exit as e:
        code = e.exit_code
    except click.UsageError as e:
        e.show()
        code = EXIT_USAGE
    except click.ClickException as e:
        e.show()
        code = EXIT_USAGE
    except click.Abort:
        click.echo("aborted", err=True)
        code = 130
    except (ConfigError, SchemaConfigError) as e:
        click.echo(f"lode: error[{getattr(e, 'code', 'schema-ref')}] {e}", err=True)
        code = EXIT_USAGE
    except versions.VersionError as e:
        f = e.finding
        click.echo(f"lode: error[{f.code}] {f.message} (hint: {f.hint})", err=True)
        code = EXIT_BY_CLASS[CODES[f.code].klass]
    except CorpusError as e:
        click.echo(RENDERER_BY_FORMAT["text"](Report.of(e.findings, files=1)), err=True, nl=False)
        code = Report.of(e.findings, files=1).exit_code()
    except WriteError as e:
        click.echo(f"lode: error[write-failed] {e} (nothing was changed)", err=True)
        code = EXIT_WRITE
    except Exception:  # noqa: BLE001 - the contract: a bug exits 70, with a pointer to report it
        if os.environ.get("LODE_DEBUG"):
            traceback.print_exc()
        exc = sys.exc_info()[1]
        click.echo(f"lode: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in Lode; please report it (set LODE_DEBUG=1 for a traceback).", err=True)
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
