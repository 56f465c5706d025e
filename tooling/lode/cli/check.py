"""``lode check``: the verdict on company disclosures against a pinned edition."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.i18n import N_, msg, tr
from ..core.errors import worst_exit
from ..disclose.batch import check_many, collect
from ..release.bundle import is_bundle
from ..render.verdict import VERDICT_RENDERERS
from ..model.layout import find_root
from .common import Progress, emit


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--pin", "pins", metavar="STD@EDITION[/rN]|BUNDLE", multiple=True,
              help="The edition to check against, for files that name none (a file's own pins must agree). "
                   "Repeat it to check one set of facts against several editions: one verdict per pin. Or an "
                   "offline bundle's .manifest.json, which needs no repository.")
@click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path),
              help="With --pin BUNDLE: the association's allowed-signers file; the bundle's signature must verify.")
@click.option("--against", metavar="STD@EDITION[/rN]",
              help="Also report what the disclosure must change to pass this (newer) edition, in the report itself.")
@click.option("--format", "fmt", type=click.Choice(sorted(VERDICT_RENDERERS)), default="text", show_default=True,
              help="text, json (versioned), junit (JUnit XML), sarif (SARIF 2.1.0) or markdown.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes for a batch; 0 = one per core.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Repository root (the folder holding standards/). Default: found from the current folder.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (atomically) instead of standard output.")
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...], pins: tuple[str, ...], allowed_signers: Path | None,
          against: str | None, fmt: str, jobs: int, strict: bool, root: Path | None, output: Path | None) -> None:
    """Check disclosure files (YAML, JSON or a filled-in template .xlsx) against the
    edition they pin. Folders are searched for *.yaml, *.yml, *.json and *.xlsx.

    \b
    lode check examples/disclosures/passing.yaml
    lode check filings/ --jobs 0 --format junit -o report.xml
    lode check filing.yaml --against cma-esg-disclosure@2026
    lode check filing.yaml --pin cma-esg-disclosure@2025 --pin cn-exchanges-sr@2024
    lode check filing.xlsx --pin cma-esg-disclosure-2025-r1.manifest.json --allowed-signers allowed_signers
    Exit 0 pass, 1 fail, 3 input rejected, 4 pin failure.
    """
    bundles = bool(pins) and all(is_bundle(p) for p in pins)
    if allowed_signers is not None and not any(is_bundle(p) for p in pins):
        raise click.UsageError(tr(msg("--allowed-signers checks a bundle's signature: give the bundle with --pin")))
    root = root or (Path.cwd() if bundles else find_root(Path.cwd()))
    paths = collect(files)
    if not paths:
        raise click.UsageError(tr(msg("no disclosure files (*.yaml, *.yml, *.json, *.xlsx) found")))
    progress = Progress(N_("disclosures")) if len(paths) > 1 else None
    if against:
        if len(paths) != 1 or len(pins) > 1:
            raise click.UsageError(tr(msg("--against takes one disclosure file with one pin")))
        from ..disclose.impact import check_against

        verdicts = [check_against(paths[0], root, against, pins[0] if pins else None)]
    else:
        verdicts = check_many(paths, root, pins, jobs, progress, allowed_signers)
    emit(VERDICT_RENDERERS[fmt](verdicts), output)
    ctx.exit(worst_exit(v.exit_code(strict) for v in verdicts))
