"""`compare` (two rounds side by side) and `compare-methods` (one round under every method) as output.

For each: the rows (built once), the JSON for scripts (documented in docs/json.md), the CSV,
and the views for people (table and Markdown), each in its own function. The views for
people are in the round's language (compare: the first round's), every figure written by
output/cells.py ('€ 39.000,00', '6,25', 'toegekend'); JSON and CSV keep English keys and
'39000.00'.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from rich.console import Group
from rich.table import Table

from initiatief.amounts import cents, round_fraction
from initiatief.models import Language, Round
from initiatief.output.cells import Column, Kind
from initiatief.output.csvout import render_csv
from initiatief.output.markdown import table as markdown_table
from initiatief.output.table import results_table
from initiatief.reports.annual import Report
from initiatief.reports.methods_compared import Comparison, MethodRun, Skipped
from initiatief.reports.rounds_compared import Line, compare_rounds
from initiatief.texts.formats import count
from initiatief.texts.labels import header, method_label
from initiatief.texts.report import report_text, step_label

# --- compare: two rounds -------------------------------------------------------------

ROUNDS_COLUMNS = ("group", "name", "first", "second", "change")


def figure(value: object) -> object:
    """Return a compared figure as plain data: money as '15000.00', averages to two places, counts as they are."""
    if isinstance(value, Fraction):
        return float(round_fraction(value))
    if isinstance(value, Decimal):
        return cents(value)
    return value


def rounds_rows(first: Report, second: Report) -> list[dict[str, Any]]:
    """Return one row per compared figure: group, name, the figure in each round, and the change."""
    return [
        {"group": line.group, "name": line.name, "first": figure(line.first), "second": figure(line.second),
         "change": figure(line.change)}
        for line in compare_rounds(first, second)
    ]


def rounds_dict(first: Report, second: Report) -> dict[str, Any]:
    """Return compare's JSON: the two rounds' names and years, and every compared figure."""
    return {"rounds": [{"name": r.name, "year": r.year} for r in (first, second)], "lines": rounds_rows(first, second)}


def rounds_csv(first: Report, second: Report) -> str:
    """Return compare's CSV: one line per figure, the rounds as columns `first` and `second`."""
    return render_csv(rounds_rows(first, second), ROUNDS_COLUMNS)


def _named(first: Report, second: Report) -> tuple[list[dict[str, Any]], tuple[Column, ...]]:
    """Return the rows for people, in the first round's language: each group and figure named, the rounds'
    figures under the rounds' names, the exact values (output/cells.py writes them)."""
    lang = first.language
    rows = [{"group": report_text(lang, "group-" + line.group.replace(" ", "-")),
             "name": _line_name(line, first, second), "first": line.first, "second": line.second,
             "change": line.change}
            for line in compare_rounds(first, second)]
    columns = (Column("group", header(lang, "group"), Kind.TEXT), Column("name", header(lang, "name"), Kind.TEXT),
               Column("first", first.name, Kind.FIGURE), Column("second", second.name, Kind.FIGURE),
               Column("change", header(lang, "change"), Kind.CHANGE))
    return rows, columns


_MONEY_NAMES = {"ceiling": "ceiling", "awarded": "total-awarded", "prizes": "total-prizes"}
"""The report phrase of each figure of compare's money group."""


def _line_name(line: Line, first: Report, second: Report) -> str:
    """Return what a compared figure is, for people: a funnel step, a total, a pot's or a criterion's label."""
    lang = first.language
    if line.group == "funnel":
        return step_label(lang, line.name)
    if line.group == "money" and line.name in _MONEY_NAMES:
        return report_text(lang, _MONEY_NAMES[line.name])
    if line.group == "pot used":
        return next((p.label for r in (first, second) for p in r.pots if p.id == line.name), line.name)
    if line.group == "district awarded":
        return report_text(lang, "no-district") if line.name == "-" else line.name
    if line.group == "criterion average":
        return next((a.label for r in (first, second) for a in r.averages if a.id == line.name), line.name)
    return line.name


def rounds_markdown(first: Report, second: Report) -> str:
    """Return compare's Markdown table, the rounds' names as headings."""
    rows, columns = _named(first, second)
    return markdown_table(rows, columns, first.language) + "\n"


def rounds_table(first: Report, second: Report) -> Table:
    """Return compare's terminal table, the rounds' names as headings."""
    rows, columns = _named(first, second)
    title = report_text(first.language, "rounds-compared", first=first.name, second=second.name)
    return results_table(rows, columns, first.language, title)


# --- compare-methods: one round, every method ------------------------------------------

SUMMARY_COLUMNS = ("method", "funded", "total", "differ", "problem")


def methods_summary(comparison: Comparison) -> list[dict[str, Any]]:
    """Return one row per method: plans funded, total awarded, how many differ from the base, or its problem."""
    return [
        {"method": str(run.method), "funded": run.funded, "total": cents(run.total),
         "differ": comparison.differing(run.method) if run.outcome else None, "problem": run.problem}
        for run in comparison.runs
    ]


def methods_columns(comparison: Comparison) -> tuple[str, ...]:
    """Return the columns of the per-plan rows: the id, then one per method."""
    return ("id", *(str(run.method) for run in comparison.runs))


def methods_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """Return one row per passing plan: under each method its status and amount ('awarded 4000.00'), or '-'."""
    rows: list[dict[str, Any]] = []
    for sub_id in comparison.plans:
        row: dict[str, Any] = {"id": sub_id}
        for run in comparison.runs:
            cell = comparison.cell(run.method, sub_id)
            row[str(run.method)] = "-" if cell is None else f"{cell[0]} {cents(cell[1])}"
        rows.append(row)
    return rows


def methods_dict(comparison: Comparison) -> dict[str, Any]:
    """Return compare-methods' JSON: the base method, each method's summary, and each plan under each method."""
    plans = []
    for sub_id in comparison.plans:
        plan: dict[str, Any] = {"id": sub_id}
        for run in comparison.runs:
            cell = comparison.cell(run.method, sub_id)
            plan[str(run.method)] = None if cell is None else {"status": cell[0], "awarded": cents(cell[1])}
        plans.append(plan)
    return {"base": str(comparison.base), "methods": methods_summary(comparison), "plans": plans}


def methods_csv(comparison: Comparison) -> str:
    """Return compare-methods' CSV: the per-plan rows."""
    return render_csv(methods_rows(comparison), methods_columns(comparison))


def _methods_view(comparison: Comparison, language: Language) -> tuple[
        list[dict[str, Any]], tuple[Column, ...], list[dict[str, Any]], tuple[Column, ...]]:
    """Return the summary and the per-plan rows for people: method names, statuses and money in `language`.

    In a narrow terminal the round's own method stays; the others go from the last one.
    """
    summary = [
        {"method": run.method, "problem": _problem(run, language), **(
            {"funded": run.funded, "total": run.total, "differ": comparison.differing(run.method)} if run.outcome
            else {"funded": "-", "total": "-", "differ": "-"})}  # no figures where the method did not run
        for run in comparison.runs
    ]
    problems = any(run.problem for run in comparison.runs)  # no empty column when every method could run
    summary_columns = tuple(Column(key, header(language, key), kind) for key, kind in (
        ("method", Kind.METHOD), ("funded", Kind.COUNT), ("total", Kind.MONEY), ("differ", Kind.COUNT),
        *([("problem", Kind.TEXT)] if problems else [])))
    plans = [
        {"id": sub_id, **{str(run.method): comparison.cell(run.method, sub_id) or "-" for run in comparison.runs}}
        for sub_id in comparison.plans
    ]
    plan_columns = (Column("id", header(language, "id"), Kind.ID), *(
        Column(str(run.method), method_label(language, run.method), Kind.OUTCOME,
               0 if run.method == comparison.base else index + 1)
        for index, run in enumerate(comparison.runs)))
    return summary, summary_columns, plans, plan_columns


def _problem(run: MethodRun, language: Language) -> str | None:
    """Return why a method did not run, for people: in the round's language where compare-methods left it out
    itself; a problem of the round's files as the loader says it (in English, as `validate` does)."""
    if run.skipped is Skipped.NOT_INSTALLED:
        return report_text(language, "method-not-installed")
    if run.skipped is Skipped.TOO_MANY_PLANS:
        return report_text(language, "method-too-many-plans", passing=count(run.passing, language),
                           limit=count(run.limit, language))
    return run.problem


def methods_markdown(comparison: Comparison, round_: Round) -> str:
    """Return compare-methods' Markdown: the summary table, then the per-plan table, in the round's language."""
    lang = round_.language
    summary, summary_columns, plans, plan_columns = _methods_view(comparison, lang)
    return f"{markdown_table(summary, summary_columns, lang)}\n\n{markdown_table(plans, plan_columns, lang)}\n"


def methods_table(comparison: Comparison, round_: Round) -> Group:
    """Return compare-methods' terminal view: the summary table, then the per-plan table, in the round's language."""
    lang = round_.language
    summary, summary_columns, plans, plan_columns = _methods_view(comparison, lang)
    return Group(
        results_table(summary, summary_columns, lang, report_text(lang, "methods-compared", name=round_.name)),
        results_table(plans, plan_columns, lang, ""),
    )
