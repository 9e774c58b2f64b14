"""What the command line reads and prints: the round, data on stdout, notes and progress on stderr.

Every text printed here is data: rich markup is never interpreted, so a round's own text
(a title with [brackets]) is shown as it is. rich and the library are imported on first use,
so `--help` and `--version` start without them.

Progress (`progress`) shows only to a person watching stderr on a terminal, never on a pipe or
in a log, and not with `--quiet`; and only once the work has taken `PROGRESS_DELAY` seconds, so a
quick command does not flash it. It is gone when the work ends: a command writes stdout after
its progress block, so stdout and the files written are the same whether progress showed or not.
(JSON, made piece by piece as it is written, goes out inside the block when stdout is not a terminal,
`written_now`: progress never draws there.)
"""

from __future__ import annotations

import codecs
import io
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from initiatief.loading.layout import Progress
    from initiatief.models import Method, Outcome, Round

_console: Console | None = None
T = TypeVar("T")

PROGRESS_DELAY = 0.5
"""Seconds of work before progress shows; the environment's INITIATIEF_PROGRESS_DELAY (seconds, 0 or more)
sets it otherwise."""


def _delay() -> float:
    """Return the seconds to wait before progress shows: INITIATIEF_PROGRESS_DELAY if it is a number ≥ 0."""
    given = os.environ.get("INITIATIEF_PROGRESS_DELAY")
    if given is not None:
        try:
            seconds = float(given)
        except ValueError:
            return PROGRESS_DELAY
        if 0 <= seconds < float("inf"):
            return seconds
    return PROGRESS_DELAY


def _stderr() -> Console:
    """Return the console of stderr, made on first use."""
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # `:x:` in a value stays `:x:`
    return _console


def watched() -> bool:
    """Return whether a person watches stderr: a terminal rich draws on (not a pipe, a file, a log, a dumb terminal)."""
    try:
        if sys.stderr is None or not sys.stderr.isatty():
            return False
    except ValueError:  # closed
        return False
    console = _stderr()
    return console.is_terminal and not console.is_dumb_terminal


@contextmanager
def progress(what: str, *, quiet: bool) -> Iterator[Progress | None]:
    """Show the block's work on stderr while it runs, for a person watching (see `watched`), unless `quiet`.

    A spinner says `what`; each step the block reports through the callback it gets, called as
    `progress(step, done, total)` (the loading's Progress type), shows as a bar named by the step.
    The block gets None when nothing is shown, so the library skips its reports. Everything shown
    is gone when the block ends: write stdout after it.
    """
    if quiet or not watched():
        yield None
        return
    from rich.progress import BarColumn, SpinnerColumn, TaskID, TaskProgressColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    bars = Bars(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), TaskProgressColumn(),
                TimeElapsedColumn(), console=_stderr(), transient=True, redirect_stdout=False, redirect_stderr=False)
    bars.add_task(what, total=None)
    steps: dict[str, TaskID] = {}
    # The bars start drawing from a timer once the work has taken the delay; the lock keeps the timer's start and
    # the block's end apart, so the bars never start after the block is done.
    lock = threading.Lock()
    state = {"started": False, "done": False}

    def start() -> None:
        with lock:
            if not state["done"]:
                bars.start()
                state["started"] = True

    def show(step: str, done: int, total: int) -> None:
        task = steps.get(step)
        if task is None:
            steps[step] = bars.add_task(step, total=total, completed=done)
            if state["started"]:
                bars.refresh()
        else:
            bars.update(task, completed=done, total=total)

    delay = _delay()
    timer = threading.Timer(delay, start)
    timer.daemon = True
    if delay == 0:
        start()
    else:
        timer.start()
    try:
        yield show
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["started"]:
                bars.stop()


def load(folder: Path, *, progress: Progress | None = None, scores: bool = True) -> Round:
    """Return the round in `folder`, its warnings noted on stderr; each file kind read shows as a bar in `progress`.

    Without `scores`, scores the round still lacks are no problem (api.load_round).
    """
    from initiatief.api import load_round, warnings

    round_ = _kept(lambda: load_round(folder, _reading(progress), scores=scores))
    for warning in warnings(round_):
        note(f"warning: {warning}")
    return round_


def evaluate(round_: Round, method: Method | str | None = None) -> Outcome:
    """Return the round's outcome (api.evaluate), kept out of the garbage collector's sight (`_kept`)."""
    from initiatief.api import evaluate as outcome_of

    return _kept(lambda: outcome_of(round_, method))


def _kept(make: Callable[[], T]) -> T:
    """Return `make()`, made with the cyclic garbage collector paused, and frozen: kept out of its scans.

    The round and its outcome live until the command ends and form no cycles, and the collector would scan
    their millions of objects again and again for nothing (1.6 s of a `score` of 50,000 submissions, most of it
    right after the library's pauses, which leave a count of millions of new objects). Frozen (`gc.freeze`),
    they are never scanned again, while the collector goes on collecting the cycles that writing makes (a
    .docx letter or a workbook leaves cycles: 300 letters held 1.5 GB with the collector off).
    """
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        made = make()
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return made


def definition(folder: Path, *, progress: Progress | None = None) -> Round:
    """Return the round in `folder` as round.yaml defines it, for a command that fills the round (`import`)."""
    from initiatief.api import load_definition

    return load_definition(folder, _reading(progress))


def _reading(progress: Progress | None) -> Progress | None:
    """Return `progress` with each loading step named as what is being read ("reading submissions")."""
    if progress is None:
        return None
    shown = progress

    def reading(step: str, done: int, total: int) -> None:
        shown(f"reading {step}", done, total)

    return reading


def write(text: str | Iterable[bytes]) -> None:
    """Write data (csv, json, markdown, html) to stdout as it is; else pieces encoded by `encoder()`, in turn."""
    _stdout(text)


def written_now(text: str | Iterable[bytes]) -> bool:
    """In a progress block: write `text` now, and return True, if it is pieces made as they are written (JSON) and
    stdout is not a terminal, which progress might draw on; else return False, and the command writes it after
    the block. So a large document is made while its progress still shows, and never held whole."""
    if isinstance(text, str):
        return False
    try:
        if sys.stdout is not None and sys.stdout.isatty():
            return False
    except ValueError:  # closed: `_stdout` says so
        pass
    _stdout(text)
    return True


def encoder() -> Callable[[str], bytes] | None:
    """Return what writing text to stdout turns it into, when data may go to stdout's bytes as that (a text stream
    over a binary one, UTF-8, no line ends translated), for a large document held as bytes; else None."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    errors = getattr(stream, "errors", None) or "strict"
    if buffer is None or not isinstance(encoding, str) or not isinstance(errors, str) or os.linesep != "\n":
        return None
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        return None

    def encode(text: str) -> bytes:
        return text.encode("utf-8", errors)

    return encode


def say(text: str) -> None:
    """Write plain text for people (explain, validate's line) to stdout, made safe for a terminal."""
    from initiatief.output.safe_text import for_terminal

    _stdout(for_terminal(text))


def _stdout(text: str | Iterable[bytes]) -> None:
    """Write to stdout (a list: each piece in turn, to its bytes, see `encoder`); a closed or full stdout is an
    OutputError (exit 1), a reader that stopped reading (`| head`) ends the command quietly with exit 1."""
    from initiatief.errors import OutputError

    if sys.stdout is None:
        raise OutputError("standard output is closed; nothing was written")
    try:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            sys.stdout.flush()  # what was written as text goes first
            buffer = sys.stdout.buffer
            for piece in text:
                buffer.write(piece)
            buffer.flush()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away: say nothing more, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None
    except UnicodeEncodeError as exc:
        # Encoded as a whole before it is written, so nothing of this text went out.
        raise OutputError(
            f"standard output uses the encoding {exc.encoding}, which has no {exc.object[exc.start]!r} "
            f"(U+{ord(exc.object[exc.start]):04X}); set PYTHONIOENCODING=utf-8 or use a UTF-8 terminal"
        ) from None


def show(*renderables: RenderableType) -> None:
    """Print rich tables to stdout for people, at the terminal's width (see `drawn`)."""
    _stdout(drawn(*renderables))


def drawn(*renderables: RenderableType) -> str:
    """Return rich tables as the text `show` prints, to draw them inside a progress block and print after it.

    No text in them is read as rich markup or emoji codes (a title '[/b]' or ':x:' is shown as
    written), and the rendered output is made safe for a terminal (bidi overrides escaped).
    """
    from rich.console import Console

    from initiatief.output.safe_text import for_terminal

    buffer = io.StringIO()
    on_terminal = _stdout_is_terminal()
    console = Console(file=buffer, highlight=False, markup=False, emoji=False, width=width(),
                      force_terminal=on_terminal, color_system="auto")
    if not on_terminal and not os.environ.get("COLUMNS", "").strip().isdigit():
        # A pipe or a file has no width to fit, and rich would take the terminal's of stdin or stderr (the same
        # file would differ by the window it was made in), or 80, which leaves out rank and amount. So each table
        # is as wide as its columns need (up to PIPE_WIDTH), prose 80; COLUMNS chooses another width.
        from initiatief.output.table import PIPE_WIDTH, for_a_pipe

        console.width = PIPE_WIDTH
        for part, part_width in for_a_pipe(renderables, console):
            console.print(part, width=part_width)
    else:
        for renderable in renderables:
            console.print(renderable)
    return for_terminal(buffer.getvalue())


def _stdout_is_terminal() -> bool:
    from rich.console import Console

    return Console().is_terminal


def width() -> int:
    """Return the width of stdout as rich sees it (80 for a pipe or a log)."""
    from rich.console import Console

    return Console().width


def note(text: str) -> None:
    """Print a message for the person running the command on stderr (never markup, nor a control character)."""
    from initiatief.output.safe_text import for_terminal

    # A message may echo what was typed (explain's id, a path): an escape or a bidi override in it is shown, not
    # obeyed. No message carries rich's colours, so ESC is escaped too.
    _stderr().print(for_terminal(text).replace("\x1b", "\\x1b"), markup=False)


def note_personal(include_personal: bool) -> None:
    """Warn on stderr when the output holds personal data."""
    if include_personal:
        note("note: the output includes personal data (--include-personal); do not publish it.")
