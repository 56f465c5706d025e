"""``lode comments`` (import and export comment forms) and ``lode stage`` (move a draft on)."""

from __future__ import annotations

from pathlib import Path

import click

from ..consult import exchange, forms, stages
from ..core.errors import LodeError
from ..core.fsutil import write_atomic
from ..model.consult import STAGES, TYPES
from ..model.edition import Ref
from ..model.versions import on_disk, resolve
from ..model.layout import find_root
from .common import ROOT_OPTION, edition_ref, finish_rewrite
from ..core.i18n import msg, tr


@click.group()
def comments() -> None:
    """Consultation comments: import filled comment forms, export the disposition table."""


def _target(into: Path, root: Path | None) -> tuple[Path, Ref]:
    root = root or find_root(into.parent if not into.exists() else into)
    parts = into.resolve().relative_to(root.resolve()).parts if into.resolve().is_relative_to(root.resolve()) else ()
    if len(parts) != 4 or parts[0] != "standards" or parts[2] != "comments" or not parts[3].endswith(".yaml"):
        raise click.BadParameter(tr(msg("{into} is not standards/<id>/comments/<edition>.yaml", into=into)), param_hint="--into")
    return root, Ref(parts[1], parts[3][: -len(".yaml")])


@comments.command("import")
@click.argument("form", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "into", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The comments file, standards/<id>/comments/<edition>.yaml (created if missing).")
@click.option("--stage", type=click.Choice(STAGES), help="The stage the comments were made on. Default: the "
              "draft's current stage.")
@click.option("--sheet", help="The sheet that holds the form. Default: the first sheet.")
@click.option("--organisation", help="For rows whose 提出单位 / MB column is empty (a form from one organisation).")
@click.option("--type", "type_", type=click.Choice(TYPES), help="For rows without a comment type (the GB/T form "
              "has no type column).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@ROOT_OPTION
def comments_import(form: Path, into: Path, stage: str | None, sheet: str | None, organisation: str | None,
                    type_: str | None, dry_run: bool, root: Path | None) -> None:
    """Read a filled GB/T comment form (征求意见表 / 征求意见汇总处理表) or a CEN/ISO commenting
    template (either in Chinese or English) into the comments file. Each row's clause is resolved
    to a node id through the numbers of that stage's draft; unresolved rows are reported and
    nothing is written. A row whose 序号 is an existing comment id sets its disposition."""
    if not form.is_file():
        raise click.BadParameter(tr(msg("{form} is not a file", form=form)), param_hint="FORM")
    root, ref = _target(into, root)
    stage = stage or on_disk(root, ref).stage
    if stage is None:
        raise LodeError.of("stage-order", msg("{ref} has no stage yet: start it with `lode stage {ref} consultation`", ref=ref),
                           str(ref))
    parsed = forms.read_form(form, form.as_posix(), sheet)
    path, display, result = exchange.import_form(root, ref, parsed, form.as_posix(), stage, organisation, type_)
    click.echo(tr(msg("{value}: {layout} form ({lang}), {n} row(s), {stage} draft", value=form.as_posix(), layout=parsed.layout, lang=parsed.lang, n=len(parsed.rows), stage=stage)))
    for cid in result.added:
        click.echo(tr(msg("added {cid}", cid=cid)))
    for cid in result.disposed:
        click.echo(tr(msg("disposition {cid}", cid=cid)))
    for what in result.skipped:
        click.echo(tr(msg("skipped {what}: already in {display}", what=what, display=display)))
    finish_rewrite(path, display, result.content, result.changes, "comment change(s)", dry_run, result.source)


@comments.command("export")
@click.argument("edition", metavar="STD@ED")
@click.option("--layout", type=click.Choice(("gbt", "iso")), default="gbt", show_default=True,
              help="gbt: the 征求意见汇总处理表 (7 columns + type); iso: the CEN/ISO 8-column template.")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True,
              help="Language of the headers and texts (a text only in the other language is shown as it is).")
@click.option("--stage", type=click.Choice(STAGES), help="Only the comments made on this stage. Default: all.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .xlsx file to write (atomically).")
@ROOT_OPTION
def comments_export(edition: str, layout: str, lang: str, stage: str | None, output: Path,
                    root: Path | None) -> None:
    """Write the disposition table of STD@ED: every comment with its clause's current number,
    its decision and reason (an empty form while there are no comments yet)."""
    root = root or find_root(Path.cwd())
    ref = resolve(root, edition_ref(edition, "STD@ED"))
    current = on_disk(root, ref)
    cf, _doc = stages.load_comments(root, ref)
    # No comments yet: an empty form to send out with the draft.
    rows = exchange.export_rows(cf, current, layout, lang, stage) if cf else []
    title = current.title.get(lang, "en" if lang == "zh" else "zh") or str(ref)
    write_atomic(output, forms.to_xlsx(layout, lang, title, rows))
    click.echo(tr(msg("wrote {output} ({n} comment(s), {layout}, {lang})", output=output, n=len(rows), layout=layout, lang=lang)))


@click.command()
@click.argument("edition", metavar="STD@ED")
@click.argument("stage_name", metavar="STAGE", type=click.Choice(STAGES))
@click.option("--date", help="The stage's date (YYYY-MM-DD). Default: today.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@ROOT_OPTION
def stage(edition: str, stage_name: str, date: str | None, dry_run: bool, root: Path | None) -> None:
    """Move the draft STD@ED to STAGE (consultation 征求意见稿 → review 送审稿 → approval 报批稿),
    recording the committed text (HEAD) as that stage's draft. Refused while any comment has
    no disposition, and while the edition file has uncommitted changes."""
    root = root or find_root(Path.cwd())
    ref = resolve(root, edition_ref(edition, "STD@ED"))
    moved = stages.move(root, ref, stage_name, date)
    click.echo(moved.summary())
    finish_rewrite(moved.path, moved.display, moved.content, 1, "stage change", dry_run, moved.source)
