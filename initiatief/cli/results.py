"""The results of a round: `score` (everything), `winners` (the funded plans) and `export` (to a file)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from initiatief.cli import terminal
from initiatief.cli.edge import usage_error
from initiatief.cli.options import (
    FILE_FORMATS,
    RESULT_FORMATS,
    SUFFIX_FORMATS,
    ExcelOpt,
    ForceOpt,
    Format,
    MethodOpt,
    OutputOpt,
    PersonalOpt,
    QuietOpt,
    RoundArg,
    format_option,
)
from initiatief.cli.terminal import note, note_personal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from rich.console import RenderableType

    from initiatief.models import Method, Outcome

TABLE_COLUMNS = ("rank", "id", "title", "applicant", "status", "score", "requested", "awarded", "paid_by", "prize")
"""The score table's columns; the table drops the least important that do not fit the terminal."""
WINNER_COLUMNS = ("rank", "id", "title", "applicant", "district", "awarded", "paid_by", "prize")
PRIZE_COLUMNS = ("rank", "id", "title", "applicant", "prize", "prize_amount")


def score(
    folder: RoundArg,
    fmt: Annotated[Format, format_option(*RESULT_FORMATS)] = Format.TABLE,
    method: MethodOpt = None,
    excel: ExcelOpt = False,
    include_personal: PersonalOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Score a round: the ranked results, the funnel and each pot's amount, used and left."""
    from initiatief.output.rows import result_columns, result_rows, with_votes

    _check_excel(fmt, excel, "add --format csv")
    with terminal.progress("scoring the round", quiet=quiet) as shown:
        outcome = terminal.evaluate(terminal.load(folder, progress=shown), method)
        note_personal(include_personal)
        text: str | Iterable[bytes]
        if fmt is Format.TABLE:
            from initiatief.output.table import outcome_view

            columns = with_votes(TABLE_COLUMNS, outcome)
            view = outcome_view(outcome, result_rows(outcome, include_personal),
                                (*columns, "contact") if include_personal else columns)
            text = terminal.drawn(view)
            _note_personal_left_out(include_personal, [view], outcome)
        elif fmt is Format.JSON:  # JSON makes each row as it writes it: the rows are never all held at once
            text = _document(outcome, fmt, None, (), include_personal, encode=terminal.encoder())
        else:
            text = _document(outcome, fmt, result_rows(outcome, include_personal),
                             _columns(result_columns(outcome), include_personal), include_personal, excel=excel,
                             encode=terminal.encoder())
        if terminal.written_now(text):
            return
    terminal.write(text)


def winners(
    folder: RoundArg,
    fmt: Annotated[Format, format_option(*RESULT_FORMATS)] = Format.TABLE,
    method: MethodOpt = None,
    excel: ExcelOpt = False,
    include_personal: PersonalOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """List the funded plans and the prize winners."""
    from initiatief.output.rows import winner_rows, with_votes

    _check_excel(fmt, excel, "add --format csv")
    with terminal.progress("scoring the round", quiet=quiet) as shown:
        outcome = terminal.evaluate(terminal.load(folder, progress=shown), method)
        note_personal(include_personal)
        rows = winner_rows(outcome, include_personal)
        winner_columns = WINNER_COLUMNS + (("prize_amount",) if outcome.round.prizes else ())
        columns = _columns(with_votes(winner_columns, outcome), include_personal)
        lang = outcome.round.language
        text: str | Iterable[bytes]
        if fmt is Format.TABLE:
            from initiatief.output.table import results_table
            from initiatief.texts.labels import header

            tables: list[RenderableType] = [
                results_table(rows, columns, lang, f"{outcome.round.name}: {header(lang, 'awarded_plans')}")
            ]
            if prized := [r for r in rows if r["prize"]]:
                tables.append(results_table(prized, PRIZE_COLUMNS, lang, header(lang, "prize_winners")))
            text = terminal.drawn(*tables)
            _note_personal_left_out(include_personal, tables, outcome)
        elif fmt is Format.MARKDOWN:
            from initiatief.output.markdown import escape, table

            text = f"# {escape(outcome.round.name)}\n\n{table(rows, columns, lang)}\n"
        else:
            text = _document(outcome, fmt, rows, columns, include_personal, winners_only=True, excel=excel,
                             encode=terminal.encoder())
        if terminal.written_now(text):
            return
    terminal.write(text)


def export(
    folder: RoundArg,
    output: OutputOpt,
    fmt: Annotated[Format | None, format_option(*FILE_FORMATS, help="Format; by default from the file's suffix.")]
    = None,
    force: ForceOpt = False,
    method: MethodOpt = None,
    excel: ExcelOpt = False,
    register: Annotated[
        bool,
        typer.Option("--register", help="The public subsidy register (Amsterdam's open-data columns, ';', BOM)."),
    ] = False,
    pabulib: Annotated[
        bool,
        typer.Option("--pabulib", help="A pabulib .pb file of a round decided by votes (ballots numbered, no voter "
                                       "ids)."),
    ] = False,
    include_personal: PersonalOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Write the results (csv, json, markdown, or the html report) or the subsidy register to a file, atomically."""
    if pabulib:
        _export_pabulib(folder, output, force, method, quiet, fmt is not None or excel or register or include_personal)
        return
    from initiatief.errors import OutputError
    from initiatief.models import Method
    from initiatief.output.register import register_rows, render_register
    from initiatief.output.rows import result_columns, result_rows
    from initiatief.writing import check_target, round_inputs, write_atomic

    if register and (fmt is not None or excel or include_personal):
        usage_error("--register has its own fixed layout and never includes personal data; "
                    "leave out --format, --excel and --include-personal")
    chosen = Format.CSV if register else fmt or _format_from_suffix(output)
    named = SUFFIX_FORMATS.get(output.suffix.lower())
    if named is not None and named is not chosen:  # a .json file holding CSV would mislead whoever opens it
        what = "the subsidy register is CSV" if register else f"--format {chosen.value}"
        suffix = "md" if chosen is Format.MARKDOWN else chosen.value
        # --register refuses --format, so it is told only to rename the file
        advice = "name the file .csv" if register else f"name the file .{suffix} or change --format"
        usage_error(f"'{output.name}' names a {named.value} file, but {what}; {advice}", "--output")
    _check_excel(chosen, excel, "add --format csv" if fmt else "name the file .csv or add --format csv")
    with terminal.progress("writing the results", quiet=quiet) as shown:
        round_ = terminal.load(folder, progress=shown)
        check_target(output, round_inputs(folder), force)
        if register and method is not None and Method(method) is not round_.allocation.method:
            # The register is a publication of what was decided: a what-if register looks like the real one.
            raise OutputError(f"the subsidy register publishes what the round decided (by its method "
                              f"'{round_.allocation.method}'); --method {method} is a what-if run: leave it out")
        outcome = terminal.evaluate(round_, method)
        if register:
            write_atomic(output, render_register(outcome).encode("utf-8"), force=force)
            note(f"wrote {output} (subsidy register, {len(register_rows(outcome))} rows)")
            return
        if chosen is Format.HTML and include_personal:
            note("note: the HTML report is always public: private applicants stay masked")
            include_personal = False
        note_personal(include_personal)
        rows = None if chosen is Format.JSON else result_rows(outcome, include_personal)  # JSON makes its own
        content = _document(outcome, chosen, rows, _columns(result_columns(outcome), include_personal),
                            include_personal, excel=excel)
        write_atomic(output, content.encode("utf-8") if isinstance(content, str) else b"".join(content), force=force)
    note(f"wrote {output} ({len(outcome.results)} submissions, {chosen.value})")


def _document(
    outcome: "Outcome", fmt: Format, rows: list[dict[str, Any]] | None, columns: tuple[str, ...],
    include_personal: bool,
    *, winners_only: bool = False, excel: bool = False, encode: "Callable[[str], bytes] | None" = None,
) -> "str | Iterable[bytes]":
    """Return the results as a document in `fmt` (json, csv, markdown, or the html report); with `encode`, JSON as
    pieces of bytes so encoded, to be written one after the other (terminal.write): a large round's text never
    held whole."""
    if fmt is Format.JSON:
        from initiatief.output.jsonout import json_bytes, render_json

        # The rows of every result, built once, or (None) each as it is written; winners' rows are only the funded
        # ones, and JSON filters its own.
        shared = None if winners_only else rows
        if encode is None:
            return render_json(outcome, include_personal, winners_only, rows=shared)
        return json_bytes(outcome, include_personal, winners_only, rows=shared, encode=encode)
    assert rows is not None, "only JSON makes its own rows"
    if fmt is Format.CSV:
        from initiatief.output.csvout import render_csv

        return render_csv(rows, columns, excel, language=outcome.round.language if excel else None)
    if fmt is Format.HTML:
        from initiatief.output.html import report_html
        from initiatief.reports.annual import build_report

        return report_html(build_report(outcome), outcome)
    from initiatief.output.markdown import render_markdown

    return render_markdown(outcome, rows, columns)


def _note_personal_left_out(include_personal: bool, drawn: "list[RenderableType]", outcome: "Outcome") -> None:
    """Say on stderr which personal columns asked for (--include-personal) the terminal had no room for."""
    if not include_personal:
        return
    from initiatief.output.cells import columns_for
    from initiatief.output.table import left_out

    asked = [c.heading for c in columns_for(("applicant", "applicant_kind", "contact"), outcome.round.language)]
    missing = left_out(drawn, asked)
    if missing:
        note(f"note: the terminal is too narrow for {', '.join(missing)} (--include-personal); widen it, or use "
             "--format csv or json")


def _columns(base: tuple[str, ...], include_personal: bool) -> tuple[str, ...]:
    from initiatief.output.rows import PERSONAL_COLUMNS

    return (*base, *PERSONAL_COLUMNS) if include_personal else base


def _check_excel(fmt: Format, excel: bool, what_to_do: str) -> None:
    if excel and fmt is not Format.CSV:
        usage_error(f"--excel makes a CSV file, not {fmt.value}; {what_to_do}")


def _export_pabulib(folder: Path, output: Path, force: bool, method: "Method | None", quiet: bool, other: bool) -> None:
    """Write the round's election and outcome as a pabulib .pb file, atomically (docs/votes.md)."""
    from initiatief.output.pabulib import render_pabulib
    from initiatief.writing import check_target, round_inputs, write_atomic

    if other:
        usage_error("--pabulib has its own fixed layout and never includes personal data; "
                    "leave out --format, --excel, --register and --include-personal")
    if output.suffix.lower() != ".pb":
        usage_error(f"'{output.name}' is not named .pb, but --pabulib writes a pabulib file; name the file .pb",
                    "--output")
    with terminal.progress("writing the pabulib file", quiet=quiet) as shown:
        round_ = terminal.load(folder, progress=shown)
        check_target(output, round_inputs(folder), force)
        made = render_pabulib(terminal.evaluate(round_, method))
        write_atomic(output, made.text.encode("utf-8"), force=force)
    for unsaid in made.unsaid:
        note(f"note: pabulib's META cannot say: {unsaid} (written in its comment)")
    note(f"wrote {output} (pabulib: {made.projects} projects, {made.ballots} ballots, numbered; no voter ids)")


def _format_from_suffix(output: Path) -> Format:
    found = SUFFIX_FORMATS.get(output.suffix.lower())
    if found is None and output.suffix.lower() == ".pb":
        usage_error(f"'{output.name}' names a pabulib file; add --pabulib", "--output")
    if found is None:
        usage_error(f"cannot tell the format from '{output.name}'; use a .csv, .json, .md or .html name, or --format",
                    "--output")
    return found
