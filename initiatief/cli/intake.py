"""Applications from a spreadsheet: `import` reads a form export into the round's submissions/."""

import codecs
from pathlib import Path
from typing import Annotated

import typer

from initiatief.cli import terminal
from initiatief.cli.options import QuietOpt, RoundArg, given_path
from initiatief.cli.terminal import note

_NOT_A_FILE_ENCODING = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"})
"""Codecs Python names (codecs.lookup(...).name) that are no character set of a CSV file."""


def import_(
    folder: RoundArg,
    export: Annotated[
        Path, typer.Argument(metavar="EXPORT", help="The form export: a .csv or .xlsx file, one row per application.",
                             show_default=False, parser=given_path)
    ],
    sheet: Annotated[
        str | None, typer.Option("--sheet", metavar="NAME", help="The sheet to read (default: the first).",
                                 show_default=False)
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", metavar="NAME", help="The CSV file's encoding, e.g. cp1252 (default utf-8).")
    ] = "utf-8",
    force: Annotated[bool, typer.Option("--force", help="Replace submission files that differ from the export.")]
    = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write nothing.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Read a form export into submissions/, one YAML file per application, by the round's form."""
    from initiatief.errors import InputError, OutputError, Problem, Problems, suggest
    from initiatief.loading.intake import read_export
    from initiatief.output.submission_yaml import submission_yaml
    from initiatief.writing import files_differ, plan_submissions, write_submissions

    with terminal.progress("reading the export", quiet=quiet) as shown:
        round_ = terminal.definition(folder, progress=shown)
        problems = Problems()
        if not export.is_file():
            raise InputError([Problem(str(export), None, "is not a file", "a .csv or .xlsx form export")])
        if export.suffix.lower() not in (".csv", ".xlsx", ".xls", ".ods"):
            raise InputError([Problem(str(export), None, f"has the suffix '{export.suffix}'",
                                      "a .csv or .xlsx file")])
        try:
            codec = codecs.lookup(encoding)
        except LookupError:
            raise typer.BadParameter(f"unknown encoding '{encoding}'", param_hint="--encoding") from None
        # A codec that is no character set of a file: bytes to bytes (base64, zlib), one that cannot decode at all
        # (undefined), or one that rewrites the text's backslashes (unicode_escape) or its host names (idna).
        if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_A_FILE_ENCODING:
            raise typer.BadParameter(f"'{encoding}' is not the character encoding of a file",
                                     param_hint="--encoding")
        read = read_export(round_, export, str(export), problems, sheet=sheet, encoding=encoding)
        if read is None:
            raise InputError(problems.all())
        stage = round_.assessed_stage if len(round_.stages) > 1 else None
        in_file = {s.id for s in round_.submissions if not s.location.file.startswith(f"{folder}/submissions/")}
        folded = {s.id.casefold(): s for s in round_.submissions}
        clash = [Problem(str(export), None, f"the application '{a.id}' is also in {folder}/submissions.yaml",
                         "an id of its own", place=f"row {a.row}") for a in read.applications if a.id in in_file]
        # Z-2025-001 beside an existing z-2025-001.yaml: two files on Linux, one overwritten on Windows and macOS.
        clash += [Problem(str(export), None, f"the application '{a.id}' differs only in case from the submission "
                          f"'{other.id}' ({other.location})", "an id that differs in more than case (each "
                          "submission is a file named after its id, and on Windows and macOS file names do not "
                          "tell case apart)", place=f"row {a.row}")
                  for a in read.applications
                  if (other := folded.get(a.id.casefold())) is not None and other.id != a.id]
        if clash:
            raise InputError(clash)
        texts = {a.id: submission_yaml(a.values, stage) for a in read.applications}
        plan = plan_submissions(folder, texts)
    counts = [f"{len(plan.added)} new", f"{len(plan.unchanged)} unchanged"]
    if plan.changed:
        counts.insert(1, f"{len(plan.changed)} {'replaced' if force and not dry_run else 'changed'}")
    where = f"{folder}/submissions" + (", nothing written: --dry-run" if dry_run else "")
    note(f"{export}: {len(read.applications)} applications: " + ", ".join(counts) + f" ({where})")
    for sub_id in plan.changed[:20]:
        note(f"  changed: {folder}/submissions/{sub_id}.yaml")
        for line in _differences(folder / "submissions" / f"{sub_id}.yaml", texts[sub_id]):
            note(f"    {line}")
    if len(plan.changed) > 20:
        note(f"  and {len(plan.changed) - 20} more changed files")
    for sub_id in plan.kept:
        note(f"  not in the export (kept as it is): {folder}/submissions/{sub_id}.yaml")
    if read.unread:
        note("columns not read (no form field names them): " + ", ".join(f"'{c}'" for c in read.unread))
    for name in read.absent:
        declared = round_.form.get(name) if round_.form is not None else None
        column = declared.column if declared is not None else name
        hint = suggest(column, read.unread)
        note(f"not imported: '{name}' (the export has no column '{column}'" + (f"; {hint}" if hint else "") + ")")
    lacking = [(a, name) for a in read.applications for name in a.lacking]
    for application, name in lacking[:20]:
        note(f"  row {application.row} ({application.id}): no answer for '{name}', which the form requires")
    if len(lacking) > 20:
        note(f"  and {len(lacking) - 20} more answers missing")
    if dry_run:
        if plan.changed and not force:  # what the real run would do: refuse, and write nothing
            raise OutputError(f"{files_differ(len(plan.changed))} from the export; the import would "
                              "write nothing without --force")
        return
    with terminal.progress("writing the submission files", quiet=quiet):
        write_submissions(folder, texts, plan, force)
    note(f"next: initiatief validate {folder}")


def _differences(path: Path, text: str) -> list[str]:
    """Return the lines of a submission file that the export would change: '- old' and '+ new', a few."""
    import difflib

    try:
        old = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    lines = [line[0] + " " + line[1:] for line in difflib.unified_diff(old, text.splitlines(), lineterm="", n=0)
             if line[:1] in "-+" and not line.startswith(("---", "+++"))]
    return lines[:8] + ([f"… {len(lines) - 8} more lines"] if len(lines) > 8 else [])
