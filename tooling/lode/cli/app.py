"""The ``lode`` command group and the exit-code contract, in one place.

Commands live one module per command group (``cli/validate.py``, ``cli/diff.py``, …) and
are imported only when invoked, so ``lode --version`` or ``lode diff`` never pays for
openpyxl or the site generator. The library raises :class:`LodeError` for every
refusal; :func:`main` turns it into the report on stderr and the exit code of the
contract (``core/codes.py``): 0 clean, 1 findings, 2 usage/configuration, 3 input
rejected, 4 pin/integrity, 5 write failure, 70 internal error. Only the CLI prints or exits.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Any, NoReturn

import click

from .. import __version__
from ..core.codes import EXIT_INTERNAL, EXIT_USAGE
from ..core.errors import LodeError

# command name -> "module:attribute" (relative to lode.cli). Adding a command is one
# module and one line here.
COMMANDS = {
    "validate": "validate:validate",
    "diff": "diff:diff",
    "crosswalk": "crosswalk:crosswalk",
    "translations": "translations:translations",
    "release": "release:release",
    "verify": "release:verify",
    "releases": "release:releases",
    "check": "check:check",
    "template": "template:template",
    "index": "index:index",
    "obligations": "obligations:obligations",
    "fmt": "fmt:fmt",
    "new-edition": "new_edition:new_edition",
    "review": "review:review",
    "comments": "comments:comments",
    "stage": "comments:stage",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when used (click's documented lazy pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(f"{__package__}.{module}"), attr)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, Any, list[str]]:
        # click's own "No such command" message, plus a did-you-mean from the known names.
        name = click.utils.make_str(args[0]) if args else None
        if name is not None and name not in COMMANDS and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, COMMANDS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint} Commands: {', '.join(sorted(COMMANDS))}.")
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lode")
def cli() -> None:
    """Lode: mining-sector ESG standards as schema-validated YAML in git."""


def refusal_text(error: LodeError) -> str:
    """A refusal for people: one ``file:line:col: error[code] message (hint: …)`` line per
    finding (``lode:`` where no file is concerned)."""
    from ..render.report import finding_line

    return "".join(finding_line(f) + "\n" for f in error.findings)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI and map every outcome to the exit-code contract."""
    code: Any
    try:
        code = cli.main(args=argv, prog_name="lode", standalone_mode=False)
    except click.exceptions.Exit as e:
        code = e.exit_code
    except click.ClickException as e:  # UsageError and BadParameter included
        e.show()
        code = EXIT_USAGE
    except click.Abort:
        click.echo("aborted", err=True)
        code = 130
    except LodeError as e:
        click.echo(refusal_text(e), err=True, nl=False)
        code = e.exit_code
    except Exception:  # noqa: BLE001 - the contract: a bug exits 70, with a pointer to report it
        if os.environ.get("LODE_DEBUG"):
            traceback.print_exc()
        exc = sys.exc_info()[1]
        click.echo(f"lode: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in Lode; please report it (set LODE_DEBUG=1 for a traceback).", err=True)
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else 0)
