"""The command line's help and usage errors: capitals for arguments, each command's own formats, -h, exit 2."""

from __future__ import annotations

import re

import pytest
from helpers import MINIMAL, run

from initiatief.models import Method

COMMANDS = {  # each command, its usage line after the command, and the formats it allows
    "validate": ("[OPTIONS] FOLDER", "table|json"),
    "score": ("[OPTIONS] FOLDER", "table|csv|json|markdown"),
    "winners": ("[OPTIONS] FOLDER", "table|csv|json|markdown"),
    "explain": ("[OPTIONS] FOLDER ID", "table|json"),
    "report": ("[OPTIONS] FOLDER", "table|markdown|html|json"),
    "export": ("[OPTIONS] FOLDER", "csv|json|markdown|html"),
    "compare-methods": ("[OPTIONS] FOLDER", "table|csv|json|markdown"),
    "compare": ("[OPTIONS] FIRST SECOND", "table|csv|json|markdown"),
    "init": ("[OPTIONS] FOLDER", None),
    "import": ("[OPTIONS] FOLDER EXPORT", None),
    "import-pb": ("[OPTIONS] FILE", None),
    "sheets": ("[OPTIONS] FOLDER", "xlsx|csv"),
    "letters": ("[OPTIONS] FOLDER", None),
    "new": ("[OPTIONS] NEXT", None),
    "schema": ("[OPTIONS] [KIND]", None),
}
ALL_FORMATS = ("table", "csv", "json", "markdown", "html")


def words(help_text: str) -> str:
    """Return the help's words, one space apart, without the panels' borders (lines wrap at the width)."""
    return " ".join(help_text.replace("│", " ").split())


@pytest.mark.parametrize("option", ["--help", "-h"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help_with_arguments_in_capitals(command: str, option: str) -> None:
    code, out, err = run(command, option)
    assert code == 0, err
    usage, _ = COMMANDS[command]
    assert f"Usage: initiatief {command} {usage}\n" in out
    assert "<bool>" not in out and "<path>" not in out and "{" not in out
    assert "--help" in out and "-h" in out


@pytest.mark.parametrize("command", [c for c, (_, formats) in COMMANDS.items() if formats])
def test_help_lists_only_the_formats_of_the_command(command: str) -> None:
    _, out, _ = run(command, "--help")
    _, formats = COMMANDS[command]
    assert formats is not None
    shown = re.search(r"--format\s+-f\s+(\S+)", out)
    assert shown is not None, out
    assert shown.group(1) == formats


@pytest.mark.parametrize("command", [c for c, (_, formats) in COMMANDS.items() if formats])
def test_a_format_the_command_does_not_have_is_a_usage_error_naming_those_it_has(command: str) -> None:
    usage, formats = COMMANDS[command]
    assert formats is not None
    other = next(f for f in ALL_FORMATS if f not in formats.split("|"))
    arguments = [MINIMAL] * usage.count(" ") + (["-o", "out.csv"] if command == "export" else [])
    if command == "explain":
        arguments = [MINIMAL, "moestuin"]
    code, out, err = run(command, *arguments, "--format", other)
    assert code == 2
    assert out == ""
    assert f"'{other}' is not one of: {formats.replace('|', ', ')}" in err
    assert f"Usage: initiatief {command} {usage}" in err


def test_a_flag_shows_no_value_and_a_value_option_its_metavar() -> None:
    _, out, _ = run("export", "--help")
    flags = [line.split()[1:3] for line in out.splitlines()
             if re.match(r"│ --(force|excel|register|include-personal) ", line)]
    # the help text follows the flag directly
    assert flags == [["--force", "Overwrite"], ["--excel", "CSV"], ["--register", "The"],
                     ["--include-personal", "Show"]]
    assert re.search(r"--output\s+-o\s+FILE\s+The file to write\.", out)
    assert re.search(r"--method\s+-m\s+METHOD\s+Use this distribution method", out)
    assert ", ".join(m.value for m in Method) in words(out)


def test_the_app_help_lists_the_commands_in_the_readme_order_and_completion() -> None:
    code, out, _ = run("--help")
    assert code == 0
    listed = re.findall(r"^│ ([a-z-]+)\s{2,}", out.split("Commands")[1], flags=re.M)
    assert listed == list(COMMANDS)
    assert "--install-completion" in out and "--show-completion" in out
    assert "--version" in out


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert re.fullmatch(r"initiatief \d+\.\d+\.\d+\n", out)


def test_help_texts_are_not_markup() -> None:
    # export's help holds "';'" and brackets appear in defaults: printed as they are
    _, out, _ = run("export", "--help")
    assert "(Amsterdam's open-data columns, ';', BOM)" in words(out)


@pytest.mark.parametrize("args", [["scroe"], ["score"], ["score", str(MINIMAL), "--nope"], ["new", "x"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert "Usage: initiatief" in err


_IMPORTED = """
import contextlib, io, json, runpy, sys
sys.argv = ["initiatief", *sys.argv[1:]]
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    runpy.run_module("initiatief", run_name="__main__")
print(json.dumps(sorted(sys.modules)))
"""
"""Run `initiatief ARGS…` and print every module it imported, as JSON."""

NEVER_AT_START = ("yaml", "tabulate", "jinja2", "openpyxl", "docx", "lxml", "ortools")
"""Libraries `--help` and `--version` never import: the commands that need them do (docs/performance.md)."""


@pytest.mark.parametrize("args", [["--help"], ["--version"], [], ["score", "--help"]])
def test_start_up_imports_only_the_command_line(args: list[str]) -> None:
    # The command modules import the library (loading, the core, reports, output, texts, the models)
    # inside the commands, and rich only to show help, so start-up is typer's own (docs/performance.md).
    # A module imported at the top of a command module again fails here.
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _IMPORTED, *args], capture_output=True, text=True, check=True)
    imported = set(json.loads(done.stdout))
    ours = {m for m in imported if m == "initiatief" or m.startswith("initiatief.")}
    assert {m for m in ours if not m.startswith("initiatief.cli.")} == {"initiatief", "initiatief.choices",
                                                                          "initiatief.cli"}
    assert not {m.split(".")[0] for m in imported} & set(NEVER_AT_START)
    if args == ["--version"]:
        assert "rich" not in imported and "initiatief.cli.help" not in imported
