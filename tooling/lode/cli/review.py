"""``lode review``."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.codes import EXIT_FINDINGS, EXIT_OK
from ..review.comment import render_json, render_markdown, render_text
from ..review.review import review as build_review
from ..model.layout import find_root
from .common import ROOT_OPTION, emit


@click.command()
@click.option("--base", required=True, metavar="REV", help="The revision the change is compared with (e.g. main).")
@click.option("--head", metavar="REV", help="The revision under review. Default: the work tree.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text (for a terminal), markdown (one pull-request comment, under GitHub's 65,536-character "
                   "limit) or json (everything).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of standard output.")
@ROOT_OPTION
@click.pass_context
def review(ctx: click.Context, base: str, head: str | None, fmt: str, output: Path | None,
           root: Path | None) -> None:
    """Review a change: changed editions and crosswalks, new findings, a redline of each
    changed edition, crosswalk rows that went suspect, disclosures that would flip.
    Exits 1 when the head has validation errors.

    \b
    lode review --base main
    lode review --base main --format markdown      (the pull-request comment)
    lode review --base origin/main --head HEAD --format json -o review.json
    """
    root = (root or find_root(Path.cwd())).resolve()
    r = build_review(root, base, head)
    emit({"text": render_text, "markdown": render_markdown, "json": render_json}[fmt](r), output)
    ctx.exit(EXIT_FINDINGS if r.errors else EXIT_OK)
