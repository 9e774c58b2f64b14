"""Score sheets for the jury: `sheets` writes one file per assessor, for the plans that need a score."""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from initiatief.cli import terminal
from initiatief.cli.edge import usage_error
from initiatief.cli.options import SHEET_FORMATS, Format, QuietOpt, RoundArg, format_option, not_standard_output
from initiatief.cli.terminal import note

if TYPE_CHECKING:
    from initiatief.models import Assessor, Round, Submission

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
"""An assessor's id, as a score file's name gives it (loading.fields)."""


def sheets(
    folder: RoundArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", show_default=False, callback=not_standard_output("a folder"),
                     help="The folder to write the sheets into (created if it does not exist; its parent must exist)."),
    ],
    fmt: Annotated[Format, format_option(*SHEET_FORMATS, help="xlsx: a workbook with validation and "
                                         "instructions; csv: the CSV score-file layout.")] = Format.XLSX,
    assessors: Annotated[
        list[str] | None,
        typer.Option("--assessor", metavar="ID", show_default=False,
                     help="An assessor to write a sheet for (repeat it); without it, every assessor round.yaml "
                          "declares."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite sheets that exist.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Write a score sheet per assessor (.xlsx or CSV), listing the plans that need their score."""
    from initiatief.core.readiness import needs_scores
    from initiatief.errors import OutputError
    from initiatief.loading.layout import unusable_file_name
    from initiatief.output.scoresheets import sheet_file
    from initiatief.writing import check_target, round_inputs, write_files

    asked = list(assessors or [])
    for given in asked:
        if not _ID.match(given):
            usage_error(f"'{given}' cannot be an assessor's id (it becomes the file's name); use letters, digits, "
                        "'.', '_' and '-', starting with a letter or digit", "--assessor")
        unusable = unusable_file_name(given)
        if unusable is not None:
            usage_error(f"'{given}' cannot be an assessor's id (it becomes the file's name): {unusable}",
                        "--assessor")
    if len({given.casefold() for given in asked}) != len(asked):  # jury.xlsx and JURY.xlsx: one file on macOS
        usage_error("an assessor is named twice (ids that differ only in case name one file on Windows and macOS)",
                    "--assessor")
    with terminal.progress("making the score sheets", quiet=quiet) as shown:
        round_ = terminal.load(folder, progress=shown, scores=False)
        jury = _jury(round_, asked)
        _check_folder(folder, output)
        plans = needs_scores(round_)
        files = []
        for assessor in jury:
            files.append((output / sheet_file(assessor, fmt.value), _render(round_, assessor, plans, fmt)))
            if shown is not None:
                shown("sheets made", len(files), len(jury))
        created = None
        if output.is_dir():
            for path, _ in files:
                check_target(path, round_inputs(folder), force)
        else:
            try:
                output.mkdir()
            except OSError as exc:
                raise OutputError(f"cannot create the folder {output}: {exc.strerror or exc}") from None
            created = output
        written: list[Path] = []
        write_files(files, force=force, created=created, written=written.append)  # all the sheets, or none new
    for path in written:
        note(f"wrote {path} ({len(plans)} {'plan' if len(plans) == 1 else 'plans'})")
    if not plans:
        note("note: no plan needs a score yet (none is eligible at the assessed stage), so the sheets list none")


def _jury(round_: "Round", asked: list[str]) -> "list[Assessor]":
    """Return the assessors to write a sheet for: those asked (declared ones, if round.yaml declares a jury)."""
    from initiatief.errors import InitiatiefError, suggest
    from initiatief.models import Assessor

    if not round_.criteria:
        raise InitiatiefError("the round has no criteria: its residents' votes decide, there is nothing for a jury "
                              "to score (docs/votes.md)")
    declared = {a.id: a for a in round_.assessors}
    if not declared:
        if not asked:
            raise InitiatiefError("round.yaml declares no assessors (assessors:); name each with --assessor ID")
        return [Assessor(a, a) for a in asked]
    for given in asked:
        if given not in declared:
            hint = suggest(given, declared)
            raise InitiatiefError(f"assessor '{given}' is not declared in round.yaml (assessors: "
                                  f"{', '.join(declared)})" + (f"; {hint}" if hint else ""))
    return [declared[a] for a in asked] if asked else list(declared.values())


def _check_folder(folder: Path, output: Path) -> None:
    """Refuse an output folder where an empty sheet would count as scores or submissions, or that is no folder."""
    from initiatief.errors import OutputError
    from initiatief.loading.layout import SCORES_DIR, SUBMISSIONS_DIR
    from initiatief.writing import missing_folder

    try:
        target = output.resolve()
    except (OSError, RuntimeError):
        raise OutputError(f"{output} is a link that cannot be followed; give a folder") from None
    for name in (SUBMISSIONS_DIR, SCORES_DIR):
        inside = (folder / name).resolve()
        if target == inside or target.is_relative_to(inside):
            raise OutputError(f"{output} is inside the round's {name}/ folder, where an empty sheet would be read as "
                              f"input; write the sheets elsewhere and put each filled-in sheet into {SCORES_DIR}/")
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output} is not a folder; give the folder to write the sheets into")
    if not output.exists() and not output.parent.is_dir():
        raise missing_folder(output.parent)


def _render(round_: "Round", assessor: "Assessor", plans: "list[Submission]", fmt: Format) -> bytes:
    from initiatief.output.scoresheets import score_sheet_csv, score_sheet_xlsx

    if fmt is Format.CSV:
        return score_sheet_csv(round_, plans).encode("utf-8")
    return score_sheet_xlsx(round_, assessor, plans)
