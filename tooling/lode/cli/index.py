"""``lode index``: the index each pinned framework asks for, from a passing disclosure."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.i18n import current_lang, msg, tr
from ..core.fsutil import write_atomic
from ..disclose.index import LANGS, indexes, markdown, xlsx
from ..model.layout import find_root
from .common import emit


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pin", "pins", metavar="STD@EDITION[/rN]", multiple=True,
              help="The editions, if the file names none (repeatable, as for `lode check`).")
@click.option("--framework", "only", metavar="STD[@EDITION]", multiple=True,
              help="Only the index of this pinned framework (repeatable). Default: one index per pin.")
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="The language of the index: zh or en. Default: the run's language (lode --lang, or the locale).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "xlsx"]), default=None,
              help="markdown or xlsx. Default: from the -o suffix, else markdown.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically); xlsx needs it.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Repository root (the folder holding standards/). Default: found from the current folder.")
def index(file: Path, pins: tuple[str, ...], only: tuple[str, ...], lang: str, fmt: str | None,
          output: Path | None, root: Path | None) -> None:
    """Turn a passing disclosure into the index each framework it pins asks for: the
    exchanges' topic index (议题索引表), HKEX's content index with comply-or-explain per
    KPI, a GRI content index -- every metric of the edition in its order, with its topic,
    whether it was disclosed or explained, the value, where it is shown and the mapping a
    fact came through. Each index is headed by its pin and digests. A disclosure that fails
    any pin gets its errors instead (exit 1).

    \b
    lode index filing.yaml --lang zh -o index.xlsx
    lode index filing.yaml --framework hkex-esg --lang en
    """
    lang = lang or current_lang()
    fmt = fmt or ("xlsx" if output is not None and output.suffix.lower() == ".xlsx" else "markdown")
    found = indexes(file, root or find_root(Path.cwd()), pins, only)
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError(tr(msg("--format xlsx needs --output FILE.xlsx")))
        write_atomic(output, xlsx(found, lang))
        click.echo(tr(msg("wrote {output}: {n} index{value}, {value2} rows", output=output, n=len(found), value='es' if len(found) != 1 else '', value2=sum(len(ix.rows) for ix in found))))
    else:
        emit(markdown(found, lang), output)
