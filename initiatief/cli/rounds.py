"""Rounds from rounds: `new` makes next year's round folder from this year's."""

from pathlib import Path
from typing import Annotated

import typer

from initiatief.cli import terminal
from initiatief.cli.options import QuietOpt, given_path
from initiatief.cli.terminal import note


def new(
    target: Annotated[
        Path, typer.Argument(metavar="NEXT", help="The new round folder to create.",
                             show_default=False, parser=given_path)
    ],
    source: Annotated[
        Path,
        typer.Option("--from", metavar="FOLDER", help="This year's round folder to start from.", show_default=False),
    ],
    seed: Annotated[
        str | None,
        typer.Option("--seed", metavar="SEED", help="The new lottery seed (default: the old one moved on a year).",
                     show_default=False),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Create next year's round from this year's: definition copied, year and seed moved on, no submissions."""
    from initiatief.writing import create_next_round

    with terminal.progress("reading the round", quiet=quiet) as shown:
        round_ = terminal.load(source, progress=shown)
    created = create_next_round(source, target, round_, seed)
    note(f"created {target} for {created.year} (seed '{created.seed}') from {source}")
    checks = [(number, f"still says {round_.year}: {line.strip()}") for number, line in created.to_check]
    if seed is None:  # derived from this year's: anyone can work it out (docs/method.md)
        checks.append((created.seed_line, f"the seed '{created.seed}' is derived from this year's, so anyone can "
                                          "guess it: choose a fresh one before the draw"))
    for number, what in sorted(checks):
        note(f"check {target}/round.yaml:{number}: {what}")
