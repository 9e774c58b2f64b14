"""The command line: the typer app, its commands (one module per group), the root options, and `main`.

Each command loads, computes, renders and writes; the library's errors are mapped to exit codes
once, at the edge (`cli.edge`), by the command class every command is built with.

Start-up stays light: the command modules import the library (loading, the core, reports,
output, texts, the models) inside the commands, and the help's renderer (rich) when help is
shown, so `--help` and `--version` import little beyond typer (tests/test_cli_help.py keeps that).
The command modules do without `from __future__ import annotations`: typer reads every command's
annotations three times as it builds the app, and as objects they need not be compiled at each start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from initiatief import __version__
from initiatief.cli.edge import errors_to_exit_codes
from initiatief.cli.init import init
from initiatief.cli.inspect import explain, validate
from initiatief.cli.intake import import_
from initiatief.cli.letters import letters
from initiatief.cli.pb import import_pb
from initiatief.cli.reports import compare, compare_methods, report
from initiatief.cli.results import export, score, winners
from initiatief.cli.rounds import new
from initiatief.cli.schema import schema
from initiatief.cli.sheets import sheets


class Command(TyperCommand):
    """Every command: the library's errors mapped at the edge, and help as `cli.help` renders it."""

    def invoke(self, ctx: Any) -> Any:
        with errors_to_exit_codes():
            return super().invoke(ctx)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        from initiatief.cli.help import usage_pieces

        return usage_pieces(self, ctx)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from initiatief.cli.help import render

        formatter.write(render(self, ctx))


class Group(TyperGroup):
    """The app itself: help as `cli.help` renders it, the commands in the order they are added."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # The same on every click: some write [COMMAND] once the root may run without a command.
        return ["[OPTIONS]", "COMMAND [ARGS]..."]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from initiatief.cli.help import render

        formatter.write(render(self, ctx))


app = typer.Typer(
    cls=Group,
    name="initiatief",
    context_settings={"help_option_names": ["--help", "-h"]},
    pretty_exceptions_enable=False,
)

COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("validate", validate),
    ("score", score),
    ("winners", winners),
    ("explain", explain),
    ("report", report),
    ("export", export),
    ("compare-methods", compare_methods),
    ("compare", compare),
    ("init", init),
    ("import", import_),
    ("import-pb", import_pb),
    ("sheets", sheets),
    ("letters", letters),
    ("new", new),
    ("schema", schema),
)
"""The commands, in the order `--help` lists them (the README's)."""
for name, command in COMMANDS:
    app.command(name, cls=Command)(command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"initiatief {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Run a municipal funding round: eligibility, scores, ranking, budget pots and prizes."""
    if ctx.invoked_subcommand is None:  # a bare `initiatief` shows the help, and that is no error
        from initiatief.cli.help import render

        typer.echo(render(ctx.command, ctx), nl=False)  # our own help, whatever typer and click do here
        raise typer.Exit()


def main() -> None:
    """Run the command line."""
    app()
