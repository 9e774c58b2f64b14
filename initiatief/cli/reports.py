"""What officials publish and weigh: `report`, `compare` (two rounds) and `compare-methods` (every method)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from initiatief.api import evaluate
from initiatief.cli import terminal
from initiatief.cli.options import REPORT_FORMATS, RESULT_FORMATS, Format, MethodOpt, RoundArg, format_option
from initiatief.output import comparisons
from initiatief.output.html import report_html
from initiatief.output.jsontext import json_text
from initiatief.output.report_view import report_dict, report_markdown, report_rich
from initiatief.reports import methods_compared
from initiatief.reports.annual import build_report


def report(
    folder: RoundArg,
    fmt: Annotated[Format, format_option(*REPORT_FORMATS)] = Format.TABLE,
    method: MethodOpt = None,
) -> None:
    """The report officials publish: funnel, budget per pot and district, prize winners, the annual-report text."""
    outcome = evaluate(terminal.load(folder), method)
    built = build_report(outcome)
    if fmt is Format.TABLE:
        terminal.show(report_rich(built))
    elif fmt is Format.MARKDOWN:
        terminal.write(report_markdown(built))
    elif fmt is Format.HTML:
        terminal.write(report_html(built, outcome))
    else:
        terminal.write(json_text(report_dict(built)))


def compare(
    first: Annotated[
        Path, typer.Argument(metavar="FIRST", help="A round folder (e.g. last year's).", show_default=False)
    ],
    second: Annotated[
        Path, typer.Argument(metavar="SECOND", help="Another round folder (e.g. this year's).", show_default=False)
    ],
    fmt: Annotated[Format, format_option(*RESULT_FORMATS)] = Format.TABLE,
) -> None:
    """Show two rounds side by side: funnel, money, pots, districts and average score per criterion."""
    a, b = (build_report(evaluate(terminal.load(folder))) for folder in (first, second))
    if fmt is Format.TABLE:
        terminal.show(comparisons.rounds_table(a, b))
    elif fmt is Format.MARKDOWN:
        terminal.write(comparisons.rounds_markdown(a, b))
    elif fmt is Format.CSV:
        terminal.write(comparisons.rounds_csv(a, b))
    else:
        terminal.write(json_text(comparisons.rounds_dict(a, b)))


def compare_methods(folder: RoundArg, fmt: Annotated[Format, format_option(*RESULT_FORMATS)] = Format.TABLE) -> None:
    """Show the passing plans under every distribution method, and how many differ from the round's."""
    round_ = terminal.load(folder)
    comparison = methods_compared.compare_methods(round_)
    if fmt is Format.TABLE:
        terminal.show(comparisons.methods_table(comparison, round_))
    elif fmt is Format.MARKDOWN:
        terminal.write(comparisons.methods_markdown(comparison, round_))
    elif fmt is Format.CSV:
        terminal.write(comparisons.methods_csv(comparison))
    else:
        terminal.write(json_text(comparisons.methods_dict(comparison)))

