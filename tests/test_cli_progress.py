"""Progress on stderr: shown to a person at a terminal, never on a pipe or with --quiet; stdout and files the same."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import EXAMPLES, MINIMAL, process_env

from initiatief.cli import terminal

pty = pytest.importorskip("pty")

COMMANDS = {  # a command, the words its progress shows on a terminal, and the files it writes (under OUT)
    "score": (["score", MINIMAL], [b"scoring the round", b"reading submissions"]),
    "score-json": (["score", MINIMAL, "-f", "json"], [b"scoring the round"]),  # written while progress shows
    "score-json-optimal": (["score", MINIMAL, "-f", "json", "-m", "optimal"], [b"scoring the round"]),
    "compare-methods": (["compare-methods", MINIMAL, "-f", "json"], [b"comparing the methods", b"methods"]),
    "validate": (["validate", MINIMAL], [b"checking the round"]),
    "export": (["export", MINIMAL, "-o", "OUT/results.csv"], [b"writing the results"]),
    "sheets": (["sheets", MINIMAL, "-o", "OUT/sheets", "--assessor", "jury"], [b"making the score sheets"]),
    "letters": (["letters", EXAMPLES / "committee-decisions", "-o", "OUT/letters"], [b"writing the letters"]),
}


def run(args: list[object], out: Path, *, tty: bool) -> tuple[bytes, bytes, dict[str, bytes]]:
    """Run `initiatief ARGS…` with stdout to a file and stderr to a terminal (tty) or a pipe.

    Return stdout, stderr and the files written under `out`, by name.
    """
    out.mkdir()
    command = [sys.executable, "-m", "initiatief", *(str(a).replace("OUT", str(out)) for a in args)]
    env = process_env(TERM="xterm", INITIATIEF_PROGRESS_DELAY="0")  # show at once: these rounds are quick
    env.pop("FORCE_COLOR", None)
    with open(out.parent / f"{out.name}.stdout", "w+b") as stdout:
        if tty:
            main, other = pty.openpty()
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=other, env=env)
            os.close(other)
            err = b""
            while True:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the terminal closed: the command ended
                    break
                if not chunk:
                    break
                err += chunk
            os.close(main)
            process.wait()
        else:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE,
                                       env=env)
            err = process.communicate()[1]
        assert process.returncode == 0, err.decode(errors="replace")
        stdout.seek(0)
        written = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        return stdout.read(), err, written


@pytest.mark.parametrize("name", list(COMMANDS))
def test_progress_shows_on_a_terminal_only_and_changes_nothing_else(name: str, tmp_path: Path) -> None:
    args, words = COMMANDS[name]
    shown_out, shown_err, shown_files = run(args, tmp_path / "terminal", tty=True)
    piped_out, piped_err, piped_files = run(args, tmp_path / "pipe", tty=False)
    quiet_out, quiet_err, quiet_files = run([*args, "--quiet"], tmp_path / "quiet", tty=True)
    for word in words:
        assert word in shown_err, shown_err
    assert not any(note in shown_err for note in (b"Traceback", b"error"))
    assert _notes(piped_err) == _notes(quiet_err)  # the lines a command always says ("wrote …"), and only those
    assert not any(word in piped_err + quiet_err for word in words)
    assert b"\x1b" not in piped_err + quiet_err  # no cursor movement, no colour
    assert shown_out == piped_out == quiet_out
    assert shown_files == piped_files == quiet_files
    if name in ("score", "validate", "compare-methods", "score-json-optimal"):
        assert piped_err == quiet_err == b""


def _notes(err: bytes) -> list[bytes]:
    return [line.replace(b"/pipe/", b"/OUT/").replace(b"/quiet/", b"/OUT/") for line in err.splitlines()]


def test_quiet_is_offered_by_every_command_that_shows_progress() -> None:
    from helpers import run as run_cli

    for command in ("validate", "score", "winners", "explain", "report", "export", "compare-methods", "compare",
                    "import", "import-pb", "sheets", "letters", "new"):
        code, out, _ = run_cli(command, "--help")
        assert code == 0 and "--quiet" in out and "-q" in out, command


def test_no_progress_without_a_person_watching(monkeypatch: pytest.MonkeyPatch) -> None:
    # a pipe, a file or a log: the library is not even asked for its progress
    monkeypatch.setattr(terminal, "watched", lambda: False)
    with terminal.progress("working", quiet=False) as shown:
        assert shown is None
    monkeypatch.setattr(terminal, "watched", lambda: True)
    with terminal.progress("working", quiet=True) as shown:
        assert shown is None


def _watched_console(monkeypatch: pytest.MonkeyPatch, delay: str) -> io.StringIO:
    from rich.console import Console

    written = io.StringIO()
    monkeypatch.setattr(terminal, "_console", Console(file=written, force_terminal=True, width=80))
    monkeypatch.setattr(terminal, "watched", lambda: True)
    monkeypatch.setenv("INITIATIEF_PROGRESS_DELAY", delay)
    return written


def test_quick_work_shows_no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    # Work that ends before the delay never draws: a quick command does not flash a spinner.
    written = _watched_console(monkeypatch, "30")
    with terminal.progress("working", quiet=False) as shown:
        assert shown is not None
        shown("reading submissions", 1, 2)
    assert written.getvalue() == ""


def test_work_that_takes_longer_than_the_delay_shows_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    written = _watched_console(monkeypatch, "0.01")
    with terminal.progress("working", quiet=False) as shown:
        assert shown is not None
        shown("reading submissions", 1, 2)
        for _ in range(500):  # wait for the timer (at most 5 s), not for a fixed time
            if "working" in written.getvalue():
                break
            time.sleep(0.01)
    assert "working" in written.getvalue() and "reading submissions" in written.getvalue()


@pytest.mark.parametrize("given", ["", "soon", "-1", "inf", "nan"])
def test_a_delay_that_is_not_a_number_of_seconds_is_the_default(given: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INITIATIEF_PROGRESS_DELAY", given)
    assert terminal._delay() == terminal.PROGRESS_DELAY
