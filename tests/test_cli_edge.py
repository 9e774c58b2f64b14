"""The edge: every command maps the library's errors to `error: …` and exit 1, in one place; bugs keep a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import MINIMAL, invoke, run

from initiatief.cli import terminal
from initiatief.cli.app import COMMANDS
from initiatief.errors import InitiatiefError, OutputError, Problem
from initiatief.models import Round

ARGUMENTS: dict[str, list[str | Path]] = {  # each command's arguments, for a run that reaches the loading of a round
    "validate": [MINIMAL], "score": [MINIMAL], "winners": [MINIMAL], "explain": [MINIMAL, "moestuin"],
    "report": [MINIMAL], "export": [MINIMAL, "-o", "out.csv"], "compare-methods": [MINIMAL],
    "compare": [MINIMAL, MINIMAL], "new": ["next", "--from", MINIMAL],
    "sheets": [MINIMAL, "-o", "sheets", "--assessor", "jury"],
    "letters": [MINIMAL, "-o", "letters"],
    "import": [MINIMAL, MINIMAL / "round.yaml"],
}


NO_ROUND_READ: dict[str, list[str | Path]] = {  # commands that read no round: a library error of their own instead
    "init": [MINIMAL], "schema": ["round", "-o", MINIMAL.parent / "yearly.sh"],
    "import-pb": [MINIMAL / "round.yaml", "-o", MINIMAL],
}


def test_every_command_is_tested_here() -> None:
    assert set(ARGUMENTS) | set(NO_ROUND_READ) == {name for name, _ in COMMANDS}


@pytest.mark.parametrize("command", list(NO_ROUND_READ))
def test_a_command_that_reads_no_round_maps_its_errors_too(command: str) -> None:
    result = invoke(command, *NO_ROUND_READ[command])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and "already exists" in result.stderr


@pytest.mark.parametrize("error", [InitiatiefError, OutputError])
@pytest.mark.parametrize("command", list(ARGUMENTS))
def test_a_library_error_is_one_line_on_stderr_and_exit_1(
    command: str, error: type[InitiatiefError], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    def broken(folder: Path, **_: object) -> Round:
        raise error(f"cannot read {folder.name} [bold]as given[/bold]")

    monkeypatch.setattr(terminal, "load", broken)
    monkeypatch.setattr(terminal, "definition", broken)
    monkeypatch.chdir(tmp_path)
    result = invoke(command, *ARGUMENTS[command])
    assert result.exit_code == 1
    assert result.stdout == ""
    # printed as it is: a round's text is data, never rich markup
    assert result.stderr == "error: cannot read minimal [bold]as given[/bold]\n"
    assert list(tmp_path.iterdir()) == []


def test_a_message_echoes_a_value_as_written_never_as_an_emoji_or_a_terminal_control(tmp_path: Path) -> None:
    # rich made ':x: :smile:' in a problem '❌ 😄' (not the value in the file), and printed the ESC and the bidi
    # override of an id typed for explain raw, for the terminal to obey.
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    sub = folder / "submissions" / "buurtfeest.yaml"
    sub.write_text(sub.read_text(encoding="utf-8").replace("requested: 3000", 'requested: ":x: :smile:"'),
                   encoding="utf-8")
    code, _, err = run("validate", folder)
    assert code == 1 and "requested is ':x: :smile:'" in err, err
    code, _, err = run("explain", MINIMAL, "\x1b[31mx\u202ey")
    assert code == 1 and err == "error: no submission '\\x1b[31mx\\u202ey' in " + f"{MINIMAL}\n", err


@pytest.mark.parametrize("command", ["score", "explain", "new"])
def test_a_bug_is_not_caught(command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def buggy(folder: Path, **_: object) -> Round:
        raise RuntimeError("a bug")

    monkeypatch.setattr(terminal, "load", buggy)
    monkeypatch.chdir(tmp_path)
    result = invoke(command, *ARGUMENTS[command])
    assert isinstance(result.exception, RuntimeError)
    assert not result.stderr.startswith("error:")



@pytest.mark.parametrize("args", [("score", ""), ("validate", " "), ("compare", "", "."), ("new", "", "--from", "."),
                                  ("init", ""), ("letters", "", "-o", "x")])
def test_an_empty_path_is_a_usage_error_not_the_current_folder(args: tuple[str, ...]) -> None:
    # Path('') is '.': `initiatief score ""` (an unset shell variable) read the current folder without a word.
    code, _, err = run(*args)
    assert code == 2 and "is empty; expected a path (. for the current folder)" in " ".join(err.split())


@pytest.mark.parametrize("command", list(ARGUMENTS))
def test_a_command_runs_without_the_collector_and_restores_it(
    command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A command loads its round without the cyclic collector and freezes it (the collector would only rescan
    it, up to 1.6 s at 50,000 submissions), then runs with the collector on, which collects the cycles that
    writing leaves (.docx letters, workbooks); it is on when the command ends, whether it succeeded or not."""
    import gc

    from initiatief.api import load_round, warnings

    seen: list[tuple[str, bool]] = []

    def loaded(*args: object, **kwargs: object) -> Round:
        round_ = load_round(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(("loading", gc.isenabled()))
        return round_

    def warned(round_: Round) -> list[Problem]:
        seen.append(("after", gc.isenabled()))
        return warnings(round_)

    monkeypatch.setattr("initiatief.api.load_round", loaded)
    monkeypatch.setattr("initiatief.api.warnings", warned)
    monkeypatch.chdir(tmp_path)
    assert gc.isenabled()
    invoke(command, *ARGUMENTS[command])
    assert gc.isenabled()
    if command != "import":  # import reads round.yaml alone (terminal.definition), a small read
        assert ("loading", False) in seen and ("loading", True) not in seen
        assert all(on for when, on in seen if when == "after")


def test_what_a_command_loads_and_evaluates_is_frozen_and_the_collector_restored() -> None:
    import gc

    frozen = gc.get_freeze_count()
    states: list[bool] = []
    def make() -> list[list[int]]:
        states.append(gc.isenabled())
        return [[1], [2]]

    made = terminal._kept(make)
    assert made == [[1], [2]] and states == [False]
    assert gc.isenabled() and gc.get_freeze_count() > frozen


def test_the_collector_is_restored_after_a_failed_command(tmp_path: Path) -> None:
    import gc

    (tmp_path / "round.yaml").write_text("name: [\n", encoding="utf-8")
    assert gc.isenabled()
    assert invoke("score", tmp_path).exit_code == 1
    assert gc.isenabled()
