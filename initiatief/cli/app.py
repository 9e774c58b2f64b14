"""The command line: parse, load, evaluate, render, and map the outcome to an exit code."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from enum import IntEnum, StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, TaskID

from initiatief import __version__
from initiatief.amounts import cents, round_fraction
from initiatief.api import load_round
from initiatief.core.evaluate import evaluate
from initiatief.errors import InitiatiefError, InputError, suggest
from initiatief.models import Language, Outcome, Round
from initiatief.output.csvout import render_csv
from initiatief.output.explain import explain_dict, explain_lines
from initiatief.output.html import report_html
from initiatief.output.jsonout import render_json
from initiatief.output.markdown import render_markdown
from initiatief.output.markdown import table as markdown_table
from initiatief.output.register import register_rows, render_register
from initiatief.output.report_view import report_dict, report_markdown, report_rich
from initiatief.output.rows import RESULT_COLUMNS, result_rows, winner_rows
from initiatief.output.table import outcome_view, results_table
from initiatief.reports.annual import build_report
from initiatief.reports.methods_compared import compare_methods
from initiatief.reports.rounds_compared import compare_rounds
from initiatief.texts.labels import header
from initiatief.writing import check_target, create_next_round, round_inputs, write_atomic


class ExitStatus(IntEnum):
    """Exit codes: documented in the README for scripts."""

    OK = 0
    INPUT = 1
    USAGE = 2


class Format(StrEnum):
    """Output formats of score and winners."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class Method(StrEnum):
    """Distribution methods (see docs/method.md)."""

    ranking = "ranking"
    arrival = "arrival"
    lottery = "lottery"
    pro_rata = "pro-rata"
    equal = "equal"
    optimal = "optimal"


class FileFormat(StrEnum):
    """Output formats of export (a file)."""

    csv = "csv"
    json = "json"
    markdown = "markdown"
    html = "html"


class ReportFormat(StrEnum):
    """Output formats of report."""

    table = "table"
    markdown = "markdown"
    html = "html"
    json = "json"


app = typer.Typer(
    help="Run a municipal funding round: eligibility, scores, ranking, budget pots and prizes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

RoundArg = Annotated[
    Path, typer.Argument(help="The round folder (holding round.yaml).", show_default=False)
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ExcelOpt = Annotated[
    bool,
    typer.Option("--excel", help="CSV for Dutch Excel: semicolons, decimal commas, UTF-8 with a byte-order mark."),
]
PersonalOpt = Annotated[
    bool,
    typer.Option("--include-personal", help="Show private applicants' names and contact details."),
]

MethodOpt = Annotated[
    Method | None,
    typer.Option("--method", "-m", help="Use this distribution method instead of the round's (a what-if run)."),
]

TABLE_COLUMNS = ("rank", "id", "title", "applicant", "status", "score", "requested", "awarded", "paid_by", "prize")
# Narrower terminals (and logs, which rich treats as 80 wide) get fewer columns, never squashed ones.
NARROW_COLUMNS = ((150, TABLE_COLUMNS), (110, ("rank", "id", "title", "status", "score", "awarded", "prize")),
                  (0, ("rank", "id", "status", "score", "awarded", "prize")))
WINNER_COLUMNS = ("rank", "id", "title", "applicant", "district", "awarded", "paid_by", "prize")


def _load(folder: Path) -> Round:
    try:
        if not err.is_terminal:
            return load_round(folder)
        # A bar on stderr only when a person watches: logs and pipes get nothing.
        with Progress(transient=True, console=err) as bar:
            tasks: dict[str, TaskID] = {}

            def show(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(f"reading {step}", total=total)
                bar.update(tasks[step], completed=done)

            return load_round(folder, show)
    except InputError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(ExitStatus.INPUT) from None


def _evaluate(round_: Round, method: Method | None) -> Outcome:
    try:
        return evaluate(round_, method.value if method else None)
    except InitiatiefError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(ExitStatus.INPUT) from None


def _note_personal(include_personal: bool) -> None:
    if include_personal:
        err.print("note: the output includes personal data (--include-personal); do not publish it.", markup=False)


def _columns(base: tuple[str, ...], include_personal: bool) -> tuple[str, ...]:
    return (*base, "applicant_kind", "contact") if include_personal else base


def _render(
    outcome: Outcome, fmt: Format | FileFormat, rows: list[dict[str, Any]], columns: tuple[str, ...],
    include_personal: bool, winners_only: bool, excel: bool = False,
) -> str:
    if fmt.value == "json":
        return render_json(outcome, include_personal, winners_only)
    if fmt.value == "csv":
        return render_csv(rows, columns, excel)
    if fmt.value == "html":
        return report_html(build_report(outcome), outcome)
    return render_markdown(outcome, rows, columns)


def _check_excel(fmt: Format | FileFormat, excel: bool) -> None:
    if excel and fmt.value != "csv":
        raise typer.BadParameter(f"--excel makes a CSV file, not {fmt.value}", param_hint="--excel")


def _emit(
    outcome: Outcome, fmt: Format, rows: list[dict[str, Any]], columns: tuple[str, ...],
    include_personal: bool, excel: bool,
) -> None:
    if fmt is Format.table:
        console = Console(highlight=False)
        fitting = next(cols for width, cols in NARROW_COLUMNS if console.width >= width)
        if include_personal:
            fitting = (*fitting, "contact")
        console.print(outcome_view(outcome, rows, fitting))
        return
    sys.stdout.write(_render(outcome, fmt, rows, columns, include_personal, False, excel))


class TextOrJson(StrEnum):
    """Output formats of validate and explain."""

    table = "table"
    json = "json"


@app.command()
def validate(
    folder: RoundArg,
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="table (a line of text) or json.")] = (
        TextOrJson.table
    ),
) -> None:
    """Check a round folder; list every problem with its file and line (exit 1 if any)."""
    if fmt is TextOrJson.json:
        try:
            round_ = load_round(folder)
        except InputError as exc:
            problems = [
                {"file": p.file, "line": p.line, "problem": p.problem, "expected": p.expected, "hint": p.hint}
                for p in exc.problems
            ]
            sys.stdout.write(json.dumps({"valid": False, "problems": problems}, ensure_ascii=False, indent=2) + "\n")
            raise typer.Exit(ExitStatus.INPUT) from None
        summary = {"valid": True, "problems": [], "submissions": len(round_.submissions),
                   "plans": _assessed_count(round_), "assessors": len(round_.scoresheets)}
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return
    round_ = _load(folder)
    print(
        f"{folder}: ok: {len(round_.submissions)} submissions, {_assessed_count(round_)} at stage "
        f"'{round_.assessed_stage}', {len(round_.scoresheets)} assessors"
    )


def _assessed_count(round_: Round) -> int:
    return sum(1 for s in round_.submissions if s.stage == round_.assessed_stage)


@app.command()
def score(
    folder: RoundArg, fmt: FormatOpt = Format.table, method: MethodOpt = None, excel: ExcelOpt = False,
    include_personal: PersonalOpt = False,
) -> None:
    """Score a round: the ranked results, the funnel and each pot's amount, used and left."""
    _check_excel(fmt, excel)
    outcome = _evaluate(_load(folder), method)
    _note_personal(include_personal)
    rows = result_rows(outcome, include_personal)
    columns = _columns(RESULT_COLUMNS, include_personal)
    _emit(outcome, fmt, rows, columns, include_personal, excel)


@app.command()
def winners(
    folder: RoundArg, fmt: FormatOpt = Format.table, method: MethodOpt = None, excel: ExcelOpt = False,
    include_personal: PersonalOpt = False,
) -> None:
    """List the funded plans and the prize winners."""
    _check_excel(fmt, excel)
    outcome = _evaluate(_load(folder), method)
    _note_personal(include_personal)
    rows = winner_rows(outcome, include_personal)
    columns = _columns(WINNER_COLUMNS, include_personal)
    if fmt is Format.table:
        lang = outcome.round.language
        console = Console(highlight=False)
        console.print(results_table(rows, columns, lang, f"{outcome.round.name}: {header(lang, 'awarded_plans')}"))
        prized = [r for r in rows if r["prize"]]
        if prized:
            console.print(results_table(prized, ("rank", "id", "title", "applicant", "prize", "prize_amount"),
                                        lang, header(lang, "prize_winners")))
        return
    if fmt is Format.markdown:
        lang = outcome.round.language
        sys.stdout.write(f"# {outcome.round.name}\n\n{markdown_table(rows, columns, lang)}\n")
        return
    sys.stdout.write(_render(outcome, fmt, rows, columns, include_personal, True, excel))


@app.command()
def export(
    folder: RoundArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.", show_default=False)],
    fmt: Annotated[
        FileFormat | None,
        typer.Option("--format", "-f", help="Format; by default from the file's suffix."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
    method: MethodOpt = None,
    excel: ExcelOpt = False,
    register: Annotated[
        bool,
        typer.Option("--register", help="The public subsidy register (Amsterdam's open-data columns, ';', BOM)."),
    ] = False,
    include_personal: PersonalOpt = False,
) -> None:
    """Write the results (csv, json, markdown, or the html report) or the subsidy register to a file, atomically."""
    if register and (fmt is not None or excel or include_personal):
        raise typer.BadParameter("--register has its own fixed layout and never includes personal data; "
                                 "leave out --format, --excel and --include-personal", param_hint="--register")
    chosen = FileFormat.csv if register else fmt or _format_from_suffix(output)
    _check_excel(chosen, excel)
    round_ = _load(folder)
    try:
        check_target(output, round_inputs(folder), force)
    except InitiatiefError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(ExitStatus.INPUT) from None
    outcome = _evaluate(round_, method)
    if chosen is FileFormat.html and include_personal:
        err.print("note: the HTML report is always public: private applicants stay masked", markup=False)
        include_personal = False
    _note_personal(include_personal)
    if register:
        rows = register_rows(outcome)
        write_atomic(output, render_register(outcome).encode("utf-8"))
        err.print(f"wrote {output} (subsidy register, {len(rows)} rows)", markup=False)
        return
    rows = result_rows(outcome, include_personal)
    content = _render(
        outcome, chosen, rows, _columns(RESULT_COLUMNS, include_personal), include_personal, False, excel
    )
    write_atomic(output, content.encode("utf-8"))
    err.print(f"wrote {output} ({len(rows)} submissions, {chosen.value})", markup=False)


@app.command()
def report(
    folder: RoundArg,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    method: MethodOpt = None,
) -> None:
    """The report officials publish: funnel, budget per pot and district, prize winners, the annual-report text."""
    outcome = _evaluate(_load(folder), method)
    built = build_report(outcome)
    if fmt is ReportFormat.table:
        Console(highlight=False).print(report_rich(built))
    elif fmt is ReportFormat.markdown:
        sys.stdout.write(report_markdown(built))
    elif fmt is ReportFormat.html:
        sys.stdout.write(report_html(built, outcome))
    else:
        sys.stdout.write(json.dumps(report_dict(built), ensure_ascii=False, indent=2) + "\n")


@app.command("compare")
def compare_command(
    first: Annotated[Path, typer.Argument(help="A round folder (e.g. last year's).", show_default=False)],
    second: Annotated[Path, typer.Argument(help="Another round folder (e.g. this year's).", show_default=False)],
    fmt: FormatOpt = Format.table,
) -> None:
    """Show two rounds side by side: funnel, money, pots, districts and average score per criterion."""
    reports = [build_report(_evaluate(_load(folder), None)) for folder in (first, second)]
    lines = compare_rounds(reports[0], reports[1])
    names = (reports[0].name, reports[1].name)
    rows = [
        {"group": line.group, "name": line.name, "first": _figure(line.first), "second": _figure(line.second),
         "change": _figure(line.change)}
        for line in lines
    ]
    if fmt is Format.json:
        data = {"rounds": [{"name": r.name, "year": r.year} for r in reports], "lines": rows}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    columns = ("group", "name", "first", "second", "change")
    if fmt is Format.csv:
        sys.stdout.write(render_csv(rows, columns))
        return
    shown = [{**row, names[0]: row["first"], names[1]: row["second"]} for row in rows]
    show_columns = ("group", "name", names[0], names[1], "change")
    if fmt is Format.markdown:
        sys.stdout.write(markdown_table(shown, show_columns, Language.EN) + "\n")
        return
    Console(highlight=False).print(results_table(shown, show_columns, Language.EN, f"{names[0]} | {names[1]}"))


def _figure(value: object) -> object:
    """Return a compared figure for output: money as '15000.00', averages to two places, counts as is."""
    if isinstance(value, Fraction):
        return float(round_fraction(value))
    if isinstance(value, Decimal):
        return cents(value)
    return value


@app.command()
def explain(
    folder: RoundArg,
    submission: Annotated[str, typer.Argument(help="The submission's id.", show_default=False)],
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="table (plain text) or json.")] = (
        TextOrJson.table
    ),
    method: MethodOpt = None,
    include_personal: PersonalOpt = False,
) -> None:
    """Tell the whole story of one submission: rules, scores, rank, ties and the allocation step."""
    outcome = _evaluate(_load(folder), method)
    try:
        result = outcome.result(submission)
    except KeyError:
        ids = [r.submission.id for r in outcome.results]
        hint = suggest(submission, ids)
        err.print(f"error: no submission '{submission}' in {folder}" + (f" ({hint})" if hint else ""), markup=False)
        raise typer.Exit(ExitStatus.INPUT) from None
    _note_personal(include_personal)
    if fmt is TextOrJson.json:
        sys.stdout.write(json.dumps(explain_dict(outcome, result, include_personal), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    sys.stdout.write("\n".join(explain_lines(outcome, result, include_personal)) + "\n")


@app.command("compare-methods")
def compare_methods_command(folder: RoundArg, fmt: FormatOpt = Format.table) -> None:
    """Show the passing plans under every distribution method, and how many differ from the round's."""
    round_ = _load(folder)
    comparison = compare_methods(round_)
    rows: list[dict[str, Any]] = []
    for sub_id in comparison.plans:
        row: dict[str, Any] = {"id": sub_id}
        for run in comparison.runs:
            cell = comparison.cell(run.method, sub_id)
            row[run.method] = "-" if cell is None else f"{cell[0]} {cents(cell[1])}"
        rows.append(row)
    summary = [
        {"method": run.method, "funded": run.funded, "total": cents(run.total),
         "differ": comparison.differing(run.method) if run.outcome else None, "problem": run.problem}
        for run in comparison.runs
    ]
    if fmt is Format.json:
        data = {"base": comparison.base, "methods": summary, "plans": [
            {"id": sub_id, **{
                run.method: (None if (cell := comparison.cell(run.method, sub_id)) is None
                             else {"status": cell[0], "awarded": cents(cell[1])})
                for run in comparison.runs
            }} for sub_id in comparison.plans
        ]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    columns = ("id", *(run.method for run in comparison.runs))
    summary_columns = ("method", "funded", "total", "differ", "problem")
    if fmt is Format.csv:
        sys.stdout.write(render_csv(rows, columns))
        return
    if fmt is Format.markdown:
        lang = round_.language
        sys.stdout.write(f"{markdown_table(summary, summary_columns, lang)}\n\n{markdown_table(rows, columns, lang)}\n")
        return
    console = Console(highlight=False)
    console.print(results_table(summary, summary_columns, Language.EN, f"{round_.name}: methods compared"))
    console.print(results_table(rows, columns, Language.EN, ""))


@app.command()
def new(
    target: Annotated[Path, typer.Argument(help="The new round folder to create.", show_default=False)],
    source: Annotated[
        Path, typer.Option("--from", help="This year's round folder to start from.", show_default=False)
    ],
    seed: Annotated[
        str | None,
        typer.Option("--seed", help="The new lottery seed (default: the old one moved on a year).",
                     show_default=False),
    ] = None,
) -> None:
    """Create next year's round from this year's: definition copied, year and seed moved on, no submissions."""
    round_ = _load(source)
    try:
        created = create_next_round(source, target, round_, seed)
    except InitiatiefError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(ExitStatus.INPUT) from None
    err.print(f"created {target} for {created.year} (seed '{created.seed}') from {source}", markup=False)
    for number, line in created.to_check:
        err.print(f"check {target}/round.yaml:{number}: still says {round_.year}: {line.strip()}", markup=False)


def _format_from_suffix(output: Path) -> FileFormat:
    suffixes = {".csv": FileFormat.csv, ".json": FileFormat.json, ".md": FileFormat.markdown,
                ".markdown": FileFormat.markdown, ".html": FileFormat.html, ".htm": FileFormat.html}
    found = suffixes.get(output.suffix.lower())
    if found is None:
        raise typer.BadParameter(
            f"cannot tell the format from '{output.name}'; use a .csv, .json, .md or .html name, or --format",
            param_hint="--output",
        )
    return found


def _version(value: bool) -> None:
    if value:
        print(f"initiatief {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Run a municipal funding round: eligibility, scores, ranking, budget pots and prizes."""


def main() -> None:
    """Run the command line."""
    app()
