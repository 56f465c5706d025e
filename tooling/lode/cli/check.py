"""``lode check``: the verdict on company disclosures against a pinned edition."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.i18n import N_, msg, tr
from ..disclose.batch import check_many, collect
from ..render.verdict import VERDICT_RENDERERS
from ..model.layout import find_root
from .common import Progress, emit


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--pin", metavar="STD@EDITION[/rN]",
              help="The edition to check against, for files that name none (a file's own pin must agree).")
@click.option("--against", metavar="STD@EDITION",
              help="Also report what the disclosure must change to pass this (newer) edition.")
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
def check(ctx: click.Context, files: tuple[Path, ...], pin: str | None, against: str | None, fmt: str, jobs: int,
          strict: bool, root: Path | None, output: Path | None) -> None:
    """Check disclosure files (YAML, JSON or a filled-in template .xlsx) against the
    edition they pin. Folders are searched for *.yaml, *.yml, *.json and *.xlsx.

    \b
    lode check examples/disclosures/passing.yaml
    lode check filings/ --jobs 0 --format junit -o report.xml
    lode check filing.yaml --against cma-esg-disclosure@2026
    Exit 0 pass, 1 fail, 3 input rejected, 4 pin failure.
    """
    root = root or find_root(Path.cwd())
    paths = collect(files)
    if not paths:
        raise click.UsageError(tr(msg("no disclosure files (*.yaml, *.yml, *.json, *.xlsx) found")))
    progress = Progress(N_("disclosures")) if len(paths) > 1 else None
    verdicts = check_many(paths, root, pin, jobs, progress)
    text = VERDICT_RENDERERS[fmt](verdicts)
    if against:
        if len(verdicts) != 1:
            raise click.UsageError(tr(msg("--against takes one disclosure file")))
        from ..disclose.impact import upgrade_impact

        impact = upgrade_impact(paths[0], root, against, pin)
        if fmt == "json":  # the report stays one JSON document
            import json

            doc = json.loads(text)
            doc["upgrade-impact"] = {"against": against, "changes": [line.strip() for line in impact[1:]]}
            text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        elif fmt in ("text", "markdown"):
            text += "\n".join(impact) + "\n"
        else:  # JUnit and SARIF have no place for it: say it beside the report
            click.echo("\n".join(impact), err=True)
    emit(text, output)
    codes = [v.exit_code(strict) for v in verdicts]
    # The most specific failure wins, as for every command: pin, then input, then content.
    for code in (4, 3, 2, 1):
        if code in codes:
            ctx.exit(code)
    ctx.exit(0)

