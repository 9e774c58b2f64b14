"""`--help` as initiatief shows it, the same with every typer version it allows.

`Usage: initiatief score [OPTIONS] FOLDER`: arguments in capitals; a flag has nothing after it;
an option that takes a value shows it (`FILE`, or its choices `table|json`). Typer's own help
changed between versions (`{folder} <path>`, `<bool>` after every flag since 0.2x), so the
commands render their help here from the parameters' plain attributes (opts, metavar, help,
required, default), which are the same in every version. Help texts are printed as they are,
never as rich markup.

The parameters and contexts are typed `Any`: typer vendors its own copy of click since 0.2x,
so their classes differ between the versions this code runs with.
"""

from __future__ import annotations

import inspect
import io
import shutil
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

MAX_WIDTH = 100


def usage_pieces(command: Any, ctx: Any) -> list[str]:
    """Return what follows the command's path on its usage line: `[OPTIONS] FOLDER ID`."""
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = argument_name(param)
            name = name if param.required else f"[{name}]"
            pieces.append(name if param.nargs == 1 else f"{name}...")
    subcommand = getattr(command, "subcommand_metavar", None)
    if subcommand:
        pieces.append(subcommand)
    return pieces


def argument_name(param: Any) -> str:
    """Return an argument's name as help shows it: its metavar, or its name in capitals."""
    return str(param.metavar or param.name or "").upper()


def render(command: Any, ctx: Any) -> str:
    """Return the whole help of a command or of the app, as text for stdout (coloured on a terminal)."""
    out = io.StringIO()
    width = min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)
    console = Console(file=out, width=width, force_terminal=sys.stdout.isatty(), highlight=False)
    console.print(Group(*_parts(command, ctx)))
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def _parts(command: Any, ctx: Any) -> list[RenderableType]:
    usage = Text("Usage: ", style="yellow")
    usage.append(" ".join([ctx.command_path, *usage_pieces(command, ctx)]), style="bold")
    parts: list[RenderableType] = [Text(), _indented(usage), Text()]
    if command.help:
        parts += [_indented(Text(_first_paragraphs(command.help))), Text()]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    if arguments:
        parts.append(_panel("Arguments", [(Text(argument_name(p), style="bold cyan"), _help(p)) for p in arguments]))
    if options:
        parts.append(_panel("Options", [_option_row(p) for p in options]))
    if hasattr(command, "list_commands"):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((Text(name, style="bold cyan"), Text(_first_paragraphs(sub.help or "", 1))))
        if rows:
            parts.append(_panel("Commands", rows))
    if command.epilog:
        parts.append(_indented(Text(_first_paragraphs(command.epilog))))
    return parts


def _indented(text: Text) -> Padding:
    return Padding(text, (0, 0, 0, 1), expand=False)


def _option_row(param: Any) -> tuple[Text, Text, Text, Text]:
    names = [*param.opts, *param.secondary_opts]
    long = ", ".join(n for n in names if n.startswith("--"))
    short = ", ".join(n for n in names if not n.startswith("--"))
    takes_value = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
    value = str(param.metavar or (param.name or "").upper()) if takes_value else ""
    return Text(long, style="bold cyan"), Text(short, style="bold green"), Text(value, style="yellow"), _help(param)


def _help(param: Any) -> Text:
    text = Text(" ".join((getattr(param, "help", None) or "").split()))
    extras = []
    default = _default(param)
    if default is not None:
        extras.append(f"[default: {default}]")
    if param.required:
        extras.append("[required]")
    for extra in extras:
        text.append(("  " if text else "") + extra, style="dim")
    return text


def _default(param: Any) -> str | None:
    shown = getattr(param, "show_default", None)
    if isinstance(shown, str):
        return shown
    value = param.default
    if shown is False or getattr(param, "is_flag", False) or value is None or callable(value):
        return None
    return str(value.value if isinstance(value, Enum) else value)


def _panel(title: str, rows: Sequence[tuple[Text, ...]]) -> Panel:
    table = Table.grid(padding=(0, 2), expand=True)
    for _ in rows[0][:-1]:
        table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for row in rows:
        table.add_row(*row)
    return Panel(table, title=title, title_align="left", border_style="dim")


def _first_paragraphs(text: str, count: int | None = None) -> str:
    paragraphs = [" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n")]
    return "\n\n".join(paragraphs[:count])
