"""``lode diff``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.codes import EXIT_FINDINGS, EXIT_OK
from ..core.errors import LodeError
from ..diff.engine import diff_editions
from ..model import versions
from ..model.edition import Ref
from ..read.git import open_repo
from ..render.diff import RENDERERS as DIFF_RENDERERS
from ..model.layout import find_root
from .common import edition_ref, emit
from ..core.i18n import current_lang, msg, tr, use_lang


@click.command()
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
@click.option("--lang", type=click.Choice(["zh", "en"]),
              help="Language of the output (text, markdown, changes; json and concordance have none). "
                   "Default: changes in Chinese, text and markdown in the run's language (lode --lang, "
                   "else the locale).")
@click.option("--color/--no-color", default=None, help="Colour the redlines. Default: when writing to a terminal.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of standard output.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences, 0 when there are none.")
@click.pass_context
def diff(ctx: click.Context, old: str, new: str | None, rev_from: str | None, rev_to: str | None,
         root: Path | None, fmt: str, lang: str | None, color: bool | None, output: Path | None,
         exit_code: bool) -> None:
    """Compare two editions clause by clause, or one edition at two git revisions.

    \b
    lode diff cccmc-ddg@2015 cccmc-ddg@2022
    lode diff cccmc-ddg@2022 --from main            (main against the work tree)
    lode diff cccmc-ddg@2022 --from v1.0 --to HEAD
    """
    old_ref, new_ref = edition_ref(old, "OLD"), edition_ref(new, "NEW") if new else None
    if new_ref is None and not (rev_from or rev_to):
        raise click.UsageError(tr(msg("give two editions (OLD NEW), or one edition with --from/--to")))
    if new_ref is None and not rev_from:
        raise click.UsageError(tr(msg("--to needs --from (the revision to compare against)")))
    new_ref = new_ref or old_ref
    if old_ref.standard != new_ref.standard:
        raise LodeError.of("diff-standards", msg("{old_ref} and {new_ref} are editions of different standards", old_ref=old_ref, new_ref=new_ref))
    root = root or find_root(Path.cwd())
    old_ref, new_ref = versions.resolve(root, old_ref), versions.resolve(root, new_ref)
    repo = open_repo(root) if rev_from or rev_to else None

    def load(ref: Ref, rev: str | None) -> tuple[object, str]:
        if rev is None:
            here = msg("work tree")  # messages, so that a Chinese reader's heading says 工作区
            return versions.on_disk(root, ref), msg("{ref} ({revision})", ref=str(ref), revision=here) if repo else str(ref)
        return versions.edition_at(repo, root, ref, rev), msg("{ref} ({revision})", ref=str(ref), revision=rev)

    (a, a_label), (b, b_label) = load(old_ref, rev_from), load(new_ref, rev_to)
    result = diff_editions(a, b, old_label=a_label, new_label=b_label)  # type: ignore[arg-type]
    if color is None:
        color = output is None and sys.stdout.isatty()
    # The GB/T list is a foreword's text: Chinese unless asked, whoever runs the command;
    # what a person reads here (text, markdown) follows --lang, else the run's language.
    with use_lang(lang or (current_lang() if fmt != "changes" else "zh")):
        emit(DIFF_RENDERERS[fmt](result, color=color, lang=current_lang()), output)
    ctx.exit(EXIT_FINDINGS if exit_code and not result.empty else EXIT_OK)
