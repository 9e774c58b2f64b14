"""What the command line reads and prints: the round (with a progress bar for people), data on stdout, notes on stderr.

Every text printed here is data: rich markup is never interpreted, so a round's own text
(a title with [brackets]) is shown as it is.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from rich.console import Console, RenderableType
from rich.progress import Progress, TaskID

from initiatief.api import load_definition, load_round, warnings
from initiatief.errors import OutputError
from initiatief.models import Round
from initiatief.output.safe_text import for_terminal

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def load(folder: Path, *, scores: bool = True) -> Round:
    """Return the round in `folder`; a progress bar shows on stderr only when a person watches it.

    Without `scores`, scores the round still lacks are no problem (api.load_round).
    """
    round_ = _load(folder, scores)
    for warning in warnings(round_):
        note(f"warning: {warning}")
    return round_


def _load(folder: Path, scores: bool) -> Round:
    if not stderr.is_terminal:
        return load_round(folder, scores=scores)
    with Progress(transient=True, console=stderr) as bar:
        tasks: dict[str, TaskID] = {}

        def show(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(f"reading {step}", total=total)
            bar.update(tasks[step], completed=done)

        return load_round(folder, show, scores=scores)


def definition(folder: Path) -> Round:
    """Return the round in `folder` as round.yaml defines it, for a command that fills the round (`import`)."""
    return load_definition(folder)


def write(text: str) -> None:
    """Write data (csv, json, markdown, html) to stdout as it is."""
    _stdout(text)


def say(text: str) -> None:
    """Write plain text for people (explain, validate's line) to stdout, made safe for a terminal."""
    _stdout(for_terminal(text))


def _stdout(text: str) -> None:
    """Write to stdout; a closed or full stdout is an OutputError (exit 1), a reader that stopped reading
    (`| head`) ends the command quietly with exit 1."""
    if sys.stdout is None:
        raise OutputError("standard output is closed; nothing was written")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away: say nothing more, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def show(*renderables: RenderableType) -> None:
    """Print rich tables to stdout for people, at the terminal's width.

    No text in them is read as rich markup or emoji codes (a title '[/b]' or ':x:' is shown as
    written), and the rendered output is made safe for a terminal (bidi overrides escaped).
    """
    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, markup=False, emoji=False, width=width(),
                      force_terminal=_stdout_is_terminal(), color_system="auto")
    for renderable in renderables:
        console.print(renderable)
    _stdout(for_terminal(buffer.getvalue()))


def _stdout_is_terminal() -> bool:
    return Console().is_terminal


def width() -> int:
    """Return the width of stdout as rich sees it (80 for a pipe or a log)."""
    return Console().width


def note(text: str) -> None:
    """Print a message for the person running the command on stderr (never markup)."""
    stderr.print(text, markup=False)


def note_personal(include_personal: bool) -> None:
    """Warn on stderr when the output holds personal data."""
    if include_personal:
        note("note: the output includes personal data (--include-personal); do not publish it.")
