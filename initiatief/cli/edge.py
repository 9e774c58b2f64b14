"""The edge: errors a user can fix become `error: …` on stderr and an exit code; usage errors exit 2.

This is the only place that turns an `InitiatiefError` into an exit code. Every command runs
inside `errors_to_exit_codes` (the app's command class does that, see `cli.app`), so a command
just lets the library's errors go. Nothing else is caught: a bug keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import NoReturn

import typer

from initiatief.cli.terminal import note


class ExitStatus(IntEnum):
    """Exit codes: documented in the README for scripts."""

    OK = 0
    INPUT = 1  # bad input, an output that cannot be written, a failed check
    USAGE = 2  # unknown command or option, a missing argument, options that do not go together


@contextmanager
def errors_to_exit_codes() -> Iterator[None]:
    """Print an InitiatiefError (InputError, OutputError, …) as `error: …` on stderr and exit 1."""
    from initiatief.errors import InitiatiefError

    try:
        yield
    except InitiatiefError as exc:
        note(f"error: {exc}")
        raise typer.Exit(ExitStatus.INPUT) from None


def failed_check() -> NoReturn:
    """Exit 1 after the command printed its own report of what failed (e.g. `validate --format json`)."""
    raise typer.Exit(ExitStatus.INPUT)


class ConflictingOptions(typer.BadParameter):
    """Options that do not go together (exit 2): the message says it all, with no "Invalid value for" before it."""

    def format_message(self) -> str:
        return self.message


def usage_error(message: str, option: str | None = None) -> NoReturn:
    """Stop with a usage error (exit 2), before anything is read or written: a bad value of `option`, if given."""
    from initiatief.output.safe_text import for_terminal

    # The message echoes what was typed: an escape or a bidi override in it is shown, not obeyed by the terminal.
    message = for_terminal(message).replace("\x1b", "\\x1b")
    if option:
        raise typer.BadParameter(message, param_hint=option)
    raise ConflictingOptions(message)
