"""What officials publish and weigh: `report`, `compare` (two rounds) and `compare-methods` (every method)."""

from pathlib import Path
from typing import Annotated

import typer

from initiatief.cli import terminal
from initiatief.cli.options import (
    REPORT_FORMATS,
    RESULT_FORMATS,
    Format,
    MethodOpt,
    QuietOpt,
    RoundArg,
    format_option,
    given_path,
)


def report(
    folder: RoundArg,
    fmt: Annotated[Format, format_option(*REPORT_FORMATS)] = Format.TABLE,
    method: MethodOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """The report officials publish: funnel, budget per pot and district, prize winners, the annual-report text."""
    from initiatief.reports.annual import build_report

    with terminal.progress("making the report", quiet=quiet) as shown:
        outcome = terminal.evaluate(terminal.load(folder, progress=shown), method)
        built = build_report(outcome)
        if fmt is Format.TABLE:
            from initiatief.output.report_view import report_rich

            text = terminal.drawn(report_rich(built))
        elif fmt is Format.MARKDOWN:
            from initiatief.output.report_view import report_markdown

            text = report_markdown(built)
        elif fmt is Format.HTML:
            from initiatief.output.html import report_html

            text = report_html(built, outcome)
        else:
            from initiatief.output.jsontext import json_text
            from initiatief.output.report_view import report_dict

            text = json_text(report_dict(built))
    terminal.write(text)


def compare(
    first: Annotated[
        Path, typer.Argument(metavar="FIRST", help="A round folder (e.g. last year's).",
                             show_default=False, parser=given_path)
    ],
    second: Annotated[
        Path, typer.Argument(metavar="SECOND", help="Another round folder (e.g. this year's).",
                             show_default=False, parser=given_path)
    ],
    fmt: Annotated[Format, format_option(*RESULT_FORMATS)] = Format.TABLE,
    quiet: QuietOpt = False,
) -> None:
    """Show two rounds side by side: funnel, money, pots, districts and average score per criterion."""
    from initiatief.errors import InputError
    from initiatief.output import comparisons
    from initiatief.reports.annual import build_report

    with terminal.progress("comparing the rounds", quiet=quiet) as shown:
        rounds, problems = [], []
        for folder in (first, second):
            try:
                rounds.append(terminal.load(folder, progress=shown))
            except InputError as exc:  # every problem of both rounds in one run, not the first round's alone
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        a, b = (build_report(terminal.evaluate(round_)) for round_ in rounds)
        if fmt is Format.TABLE:
            text = terminal.drawn(comparisons.rounds_table(a, b))
        elif fmt is Format.MARKDOWN:
            text = comparisons.rounds_markdown(a, b)
        elif fmt is Format.CSV:
            text = comparisons.rounds_csv(a, b)
        else:
            from initiatief.output.jsontext import json_text

            text = json_text(comparisons.rounds_dict(a, b))
    terminal.write(text)


def compare_methods(
    folder: RoundArg,
    fmt: Annotated[Format, format_option(*RESULT_FORMATS)] = Format.TABLE,
    quiet: QuietOpt = False,
) -> None:
    """Show the passing plans under every distribution method, and how many differ from the round's."""
    from initiatief.output import comparisons
    from initiatief.reports import methods_compared

    with terminal.progress("comparing the methods", quiet=quiet) as shown:
        round_ = terminal.load(folder, progress=shown)
        comparison = methods_compared.compare_methods(round_, shown)
        if fmt is Format.TABLE:
            text = terminal.drawn(comparisons.methods_table(comparison, round_))
        elif fmt is Format.MARKDOWN:
            text = comparisons.methods_markdown(comparison, round_)
        elif fmt is Format.CSV:
            text = comparisons.methods_csv(comparison)
        else:
            from initiatief.output.jsontext import json_text

            text = json_text(comparisons.methods_dict(comparison))
    terminal.write(text)

