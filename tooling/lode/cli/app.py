"""The ``lode`` command group and the exit-code contract, in one place.

Commands live one module per command group (``cli/validate.py``, ``cli/diff.py``, …) and
are imported only when invoked, so ``lode --version`` or ``lode diff`` never pays for
openpyxl or the site generator. The library raises :class:`LodeError` for every
refusal; :func:`main` turns it into the report on stderr and the exit code of the
contract (``core/codes.py``): 0 clean, 1 findings, 2 usage/configuration, 3 input
rejected, 4 pin/integrity, 5 write failure, 70 internal error. Only the CLI prints or exits.

The language of a run (``--lang``, else the locale) is chosen here too: :func:`main` sets
it for the run, and the help texts of each command are shown through the catalogs
(``core/i18n.py``) when the command is looked up.
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
from ..core.i18n import LANGS, N_, current_lang, lang_from_env, msg, set_lang, tr, use_lang

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
    "serve-checks": "serve:serve_checks",
    "verify-receipt": "serve:verify_receipt",
}


# click's own words that `lode --help` and usage errors show, translated through Lode's
# catalog: click looks each up with the `_` of its modules, which localize_click() points
# at the catalogs (click reads only the locale, never `--lang`).
CLICK_TEXTS = (N_("Usage:"), N_("Options"), N_("Commands"), N_("Show this message and exit."),
               N_("Show the version and exit."), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
               N_("Missing argument"), N_("Missing option"), N_("Missing parameter"), N_("Missing command."),
               N_("No such option {name!r}."), N_("Invalid value for {param_hint}: {message}"),
               N_("Invalid value: {message}"), N_("Got unexpected extra argument ({args})"),
               N_("Option {name!r} requires an argument."), N_("default: {default}"), N_("Aborted!"),
               N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a directory."),
               N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
               N_("required"))
# Not the names of click's types ("file", "directory"): click fixes them when a command is
# imported, so a translated name would outlive the run that imported it.


def localize_click() -> None:
    for module in ("core", "decorators", "exceptions", "formatting", "parser", "types"):
        setattr(importlib.import_module(f"click.{module}"), "_", tr)


def localize_help(cmd: click.Command) -> click.Command:
    """Show ``cmd``'s help texts (and its subcommands') in the run's language. The
    English, the catalogs' key, is kept on the object so a later run can switch back."""
    for obj, attrs in ((cmd, ("help", "short_help", "epilog")), *((p, ("help",)) for p in cmd.params)):
        english = obj.__dict__.setdefault("_lode_english", {a: getattr(obj, a, None) for a in attrs})
        for attr, text in english.items():
            setattr(obj, attr, tr(text) if text else text)
    if not cmd._lode_english["short_help"] and cmd.help and current_lang() != "en":  # type: ignore[attr-defined]
        cmd.short_help = _first_sentence(cmd.help)
    help_option = getattr(cmd, "_help_option", None)  # click builds it once, maybe before --lang was read
    if help_option is not None:
        help_option.help = tr("Show this message and exit.")
    if isinstance(cmd, click.Group) and not isinstance(cmd, LazyGroup):
        for sub in cmd.commands.values():
            localize_help(sub)
    return cmd


def _first_sentence(text: str, width: int = 40) -> str:
    """A command's summary for the list of commands: click shortens at spaces, which
    Chinese has none of, so the first sentence is cut here."""
    first = text.strip().split("\n\n")[0].split("。")[0].replace("\n", "").strip()
    return first if len(first) <= width else first[: width - 1] + "…"


def _choose_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        set_lang(value)


class LazyGroup(click.Group):
    """A group whose commands are imported when used (click's documented lazy pattern)."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        localize_help(self)
        super().format_help(ctx, formatter)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return localize_help(getattr(importlib.import_module(f"{__package__}.{module}"), attr))

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, Any, list[str]]:
        # click's own "No such command" message, plus a did-you-mean from the known names.
        name = click.utils.make_str(args[0]) if args else None
        if name is not None and name not in COMMANDS and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, COMMANDS, n=1)
            hint = (" " + tr(msg("Did you mean {name!r}?", name=close[0]))) if close else ""
            ctx.fail(tr(msg("No such command {name!r}.", name=name)) + hint + " "
                     + tr(msg("Commands: {names}.", names=", ".join(sorted(COMMANDS)))))
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lode")
@click.option("--lang", type=click.Choice(LANGS), is_eager=True, expose_value=False, callback=_choose_lang,
              help="Language of messages, hints, verdicts and help: en or zh. Default: the locale "
                   "(LANGUAGE, LC_ALL, LC_MESSAGES, LANG), English unless it names Chinese.")
def cli() -> None:
    """Lode: mining-sector ESG standards as schema-validated YAML in git."""


def refusal_text(error: LodeError) -> str:
    """A refusal for people: one ``file:line:col: error[code] message (hint: …)`` line per
    finding (``lode:`` where no file is concerned)."""
    from ..render.report import finding_line

    return "".join(finding_line(f) + "\n" for f in error.findings)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI and map every outcome to the exit-code contract."""
    localize_click()
    with use_lang(lang_from_env()):
        code = _run(argv)
    sys.exit(code if isinstance(code, int) else 0)


def _run(argv: list[str] | None) -> Any:
    code: Any
    try:
        code = cli.main(args=argv, prog_name="lode", standalone_mode=False)
    except click.exceptions.Exit as e:
        code = e.exit_code
    except click.ClickException as e:  # UsageError and BadParameter included
        e.show()
        code = EXIT_USAGE
    except click.Abort:
        click.echo(tr(msg("aborted")), err=True)
        code = 130
    except LodeError as e:
        click.echo(refusal_text(e), err=True, nl=False)
        code = e.exit_code
    except Exception:  # noqa: BLE001 - the contract: a bug exits 70, with a pointer to report it
        if os.environ.get("LODE_DEBUG"):
            traceback.print_exc()
        exc = sys.exc_info()[1]
        error = f"{type(exc).__name__}: {exc}"
        click.echo(tr(msg("lode: internal error: {error}\n"
                          "This is a bug in Lode; please report it (set LODE_DEBUG=1 for a traceback).",
                          error=error)), err=True)
        code = EXIT_INTERNAL
    return code
