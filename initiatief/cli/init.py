"""`init`: a first round folder from a commented template, in nl or en, that validates as it is."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from initiatief.choices import Language
from initiatief.cli.options import given_path
from initiatief.cli.terminal import note


def new_seed() -> str:
    """Return a lottery seed no one can predict: 64 random bits from the operating system, in hex."""
    import secrets

    return secrets.token_hex(8)


def init(
    folder: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="The round folder to create.",
                             show_default=False, parser=given_path)
    ],
    language: Annotated[
        Language, typer.Option("--language", "-l", metavar="nl|en", help="The language of the comments and outputs.")
    ] = Language.NL,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="TEXT", show_default=False,
                     help="The round's name (default: Initiatievenfonds YEAR, in en Initiatives fund YEAR)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="N", min=1900, max=2200, help="The round's year (default: this year).",
                     show_default=False),
    ] = None,
    seed: Annotated[
        str | None,
        typer.Option("--seed", metavar="SEED", help="The lottery seed (default: drawn fresh at random).",
                     show_default=False),
    ] = None,
) -> None:
    """Create a first round: a commented round.yaml with a form, an example submission, empty scores/."""
    from initiatief.errors import OutputError
    from initiatief.texts.templates import default_name, first_round
    from initiatief.writing import create_round

    year = year if year is not None else dt.date.today().year
    name = name if name is not None else default_name(language, year)
    if not name.strip() or not name.isprintable():
        raise OutputError(f"the name {name!r} cannot be used; give a name of letters, digits and punctuation")
    if seed is not None and (not seed.strip() or not seed.isprintable()):
        raise OutputError(f"the seed {seed!r} cannot be used; give a seed of letters, digits and punctuation")
    chosen = seed if seed is not None else new_seed()
    created = create_round(folder, first_round(language, name.strip(), year, chosen), ("submissions", "scores"))
    note(f"created {folder} ({created.name}, seed '{created.allocation.seed}'); "
         f"read {folder}/README.md for what to do next")
