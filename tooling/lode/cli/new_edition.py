"""``lode new-edition``."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from ..core.i18n import msg, tr
from ..core.fsutil import ABSENT, write_atomic
from ..edit.new_edition import new_edition as plan_new_edition
from ..render.report import finding_line
from ..model.layout import find_root
from .common import ROOT_OPTION, edition_ref


@click.command("new-edition")
@click.argument("source", metavar="STD@EDITION")
@click.option("--as", "name", required=True, metavar="NEW", help="The name of the new edition, e.g. 2026.")
@click.option("--dry-run", is_flag=True, help="Show what would be written (as a diff) and write nothing.")
@ROOT_OPTION
def new_edition(source: str, name: str, dry_run: bool, root: Path | None) -> None:
    """Start a draft edition from an existing one: comments, key order and node ids kept,
    `status: draft`, `supersedes` set, dates cleared, listed in standard.yaml.

    \b
    lode new-edition cccmc-ddg@2022 --as 2026
    lode new-edition cccmc-ddg@latest --as 2026 --dry-run
    """
    root = (root or find_root(Path.cwd())).resolve()
    plan = plan_new_edition(root, edition_ref(source, "STD@EDITION"), name)
    rel = plan.path.relative_to(root).as_posix()
    std_rel = plan.standard_path.relative_to(root).as_posix()
    src_rel = f"standards/{plan.source.standard}/{plan.source.edition}.yaml"
    if dry_run:
        click.echo(_diff(plan.source_content, plan.content, src_rel, rel), nl=False)
        click.echo(_diff(plan.standard_before, plan.standard_after, std_rel, std_rel), nl=False)
        click.echo(tr(msg("dry run: would create {rel} and list {name!r} in {std_rel}; nothing written", rel=rel, name=name, std_rel=std_rel)))
        return
    write_atomic(plan.path, plan.content, expect=ABSENT)
    write_atomic(plan.standard_path, plan.standard_after, expect=plan.standard_before)
    click.echo(tr(msg("created {rel} (status: draft, supersedes: {edition!r}, dates cleared)", rel=rel, edition=plan.source.edition)))
    click.echo(tr(msg("listed {name!r} in {std_rel}", name=name, std_rel=std_rel)))
    for f in plan.findings:
        click.echo(finding_line(f))


def _diff(a: bytes, b: bytes, a_name: str, b_name: str) -> str:
    return "".join(difflib.unified_diff(a.decode("utf-8-sig").splitlines(keepends=True),
                                        b.decode("utf-8").splitlines(keepends=True), f"a/{a_name}", f"b/{b_name}"))
