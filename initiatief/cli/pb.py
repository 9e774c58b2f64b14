"""`import-pb`: a round folder made from a pabulib `.pb` file (docs/votes.md, "pabulib in and out")."""

from pathlib import Path
from typing import Annotated

import typer

from initiatief.choices import Language
from initiatief.cli import terminal
from initiatief.cli.options import QuietOpt, given_path, not_standard_output
from initiatief.cli.terminal import note

_RULES = "greedy, equalshares, equalshares-comparison, equalshares/add1, equalshares/add1-comparison"


def import_pb(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The pabulib file (.pb): META, PROJECTS and VOTES.",
                             show_default=False, parser=given_path)
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FOLDER", help="The round folder to create.", show_default=False,
                           callback=not_standard_output("a folder"))
    ],
    language: Annotated[
        Language, typer.Option("--language", "-l", metavar="nl|en", help="The language of the round's outputs.")
    ] = Language.NL,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="N", min=1900, max=2200, show_default=False,
                     help="The round's year (default: the year of META date_begin, date_end or instance)."),
    ] = None,
    method: Annotated[
        str | None,
        typer.Option("--method", "-m", metavar="RULE", show_default=False,
                     help=f"The pabulib rule to use instead of META's rule: {_RULES}."),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Make a round folder from a pabulib file: round.yaml, one submission per project, the ballots in votes/."""
    from initiatief.errors import InputError, Problem, Problems
    from initiatief.loading.pabulib import read_pabulib
    from initiatief.output.pb_round import ImportChoices, round_files
    from initiatief.writing import create_round

    advice = "choose a new folder for the imported round"
    if output.exists() or output.is_symlink():  # said before the file is read; create_round checks again
        from initiatief.errors import OutputError

        raise OutputError(f"{output} already exists; {advice}")
    if not file.is_file():
        raise InputError([Problem(str(file), None, "is not a file", "a pabulib file (.pb)")])
    problems = Problems()
    with terminal.progress("importing the pabulib file", quiet=quiet):
        election = read_pabulib(file, problems, str(file))
        if election is None:
            raise InputError(problems.all())
        made = round_files(election, str(file), file.stem, ImportChoices(language, year, method))
        from initiatief.output.safe_text import for_terminal

        for line in made.notes:  # ids and column names from the file: shown, never obeyed by the terminal
            note(for_terminal(f"note: {line}"))
        create_round(output, made.files, private=made.private, advice=advice)
    # Nothing on stdout, as init and new: what was made is in the folder's README.md.
    note(f"created {output} ({made.projects} plans, {made.ballots} ballots, method {made.method.value}); "
         f"read {output}/README.md for what was made; next: initiatief score {output}")
