"""The command line's arguments and options, each defined once; the output formats and each command's subset."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from initiatief.choices import Method


class Format(StrEnum):
    """Every output format; each command allows its own subset (see `format_option`)."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    XLSX = "xlsx"


# Each command's formats, in the order its help lists them.
CHECK_FORMATS = (Format.TABLE, Format.JSON)  # validate, explain
RESULT_FORMATS = (Format.TABLE, Format.CSV, Format.JSON, Format.MARKDOWN)  # score, winners, compare, compare-methods
FILE_FORMATS = (Format.CSV, Format.JSON, Format.MARKDOWN, Format.HTML)  # export
REPORT_FORMATS = (Format.TABLE, Format.MARKDOWN, Format.HTML, Format.JSON)  # report
SHEET_FORMATS = (Format.XLSX, Format.CSV)  # sheets

SUFFIX_FORMATS = {".csv": Format.CSV, ".json": Format.JSON, ".md": Format.MARKDOWN, ".markdown": Format.MARKDOWN,
                  ".html": Format.HTML, ".htm": Format.HTML}
"""export's format by the output file's suffix."""


def format_option(*allowed: Format, help: str = "Output format.") -> Any:
    """Return the `--format`/`-f` option of a command that allows only `allowed`.

    Its help lists only those; any other value is a usage error (exit 2) naming them.
    """
    names = [f.value for f in allowed]

    def parse(value: str | Format) -> Format:
        if isinstance(value, Format) and value in allowed:  # the default
            return value
        if value not in names:
            raise typer.BadParameter(f"'{value}' is not one of: {', '.join(names)}")
        return Format(value)

    def complete(incomplete: str) -> list[str]:
        return [name for name in names if name.startswith(incomplete)]

    return typer.Option("--format", "-f", parser=parse, metavar="|".join(names), autocompletion=complete, help=help)


def given_path(value: str | Path) -> Path:
    """Return a path argument as given; an empty one is a usage error (Path('') would silently be this folder)."""
    if isinstance(value, Path):
        return value
    if not value.strip():
        raise typer.BadParameter("is empty; expected a path (. for the current folder)")
    return Path(value)


RoundArg = Annotated[
    Path, typer.Argument(metavar="FOLDER", help="The round folder (holding round.yaml).", show_default=False,
                         parser=given_path)
]
SubmissionArg = Annotated[str, typer.Argument(metavar="ID", help="The submission's id.", show_default=False)]
_METHODS = ", ".join(m.value for m in Method)
MethodOpt = Annotated[
    Method | None,
    typer.Option("--method", "-m", metavar="METHOD",
                 help=f"Use this distribution method instead of the round's (a what-if run): {_METHODS}."),
]
ExcelOpt = Annotated[
    bool,
    typer.Option("--excel", help="CSV for Dutch Excel: semicolons, decimal commas, UTF-8 with a byte-order mark."),
]
PersonalOpt = Annotated[
    bool, typer.Option("--include-personal", help="Show private applicants' names and contact details.")
]
def not_standard_output(what: str, hint: str | None = None) -> Any:
    """Return the callback of an --output option that names `what` ("a file", "a folder"): never `-`.

    `-o -` means standard output to most tools; initiatief would write a file or folder named `-`.
    """

    def check(value: Path | None) -> Path | None:
        if value is not None and str(value) == "-":
            raise typer.BadParameter(f"'-' would be {what} named '-', not standard output; give {what}'s name"
                                     + (f" ({hint})" if hint else ""))
        return value

    return check


OutputOpt = Annotated[
    Path, typer.Option("--output", "-o", metavar="FILE", help="The file to write.", show_default=False,
                       callback=not_standard_output("a file", "score, winners and report print to standard "
                                                    "output, in every --format"))
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Show no progress on stderr (it shows only when stderr is a terminal)."),
]
