"""The decision letters: `letters` writes one letter per applicant and merge.csv into a private folder."""

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from initiatief.choices import Language
from initiatief.cli import terminal
from initiatief.cli.options import ExcelOpt, QuietOpt, given_path, not_standard_output
from initiatief.cli.terminal import note

if TYPE_CHECKING:  # Jinja2 and the rest are imported only when letters are written: start-up stays light
    from initiatief.models import LetterSettings
    from initiatief.output.letters import Rendered

MERGE_FILE = "merge.csv"
MERGE_COLUMNS = ("submission", "applicant", "contact", "email", "address", "letter", "awarded", "prize_amount",
                 "file")


class LetterFormat(StrEnum):
    """The formats of a letter."""

    MD = "md"
    HTML = "html"
    DOCX = "docx"


def letters(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="The round folder (holding round.yaml).",
                                           show_default=False, parser=given_path)],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", show_default=False, callback=not_standard_output("a folder"),
                     help="The folder to write the letters and merge.csv into (created, readable by you only; its "
                          "parent must exist)."),
    ],
    fmt: Annotated[LetterFormat, typer.Option("--format", "-f", metavar="md|html|docx",
                                              help="md (for review), html (A4, to print) or docx.")]
    = LetterFormat.MD,
    only: Annotated[str | None, typer.Option("--only", metavar="ID", show_default=False,
                                             help="Write the letter of this submission only.")] = None,
    stages: Annotated[bool, typer.Option("--stages", help="Also write a short letter to each idea of an earlier "
                                                          "stage that never became a plan.")] = False,
    language: Annotated[Language | None, typer.Option("--language", metavar="nl|en", show_default=False,
                                                      help="The letters' language (default the round's).")] = None,
    excel: ExcelOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite letters that exist.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Write the decision letters (beschikkingen): one per applicant, with its motivation, and merge.csv."""
    from initiatief.errors import InitiatiefError, OutputError, suggest_ids
    from initiatief.loading.letters import read_templates
    from initiatief.output.csvout import render_csv
    from initiatief.output.docx import INSTALL, docx_available
    from initiatief.reports.letters import letters as build_letters
    from initiatief.reports.letters import missing_settings
    from initiatief.writing import check_target, round_inputs, write_files

    if fmt is LetterFormat.DOCX and not docx_available():
        raise InitiatiefError(INSTALL)
    with terminal.progress("writing the letters", quiet=quiet) as shown:
        round_ = terminal.load(folder, progress=shown)
        outcome = terminal.evaluate(round_)
        if only is not None and only not in {r.submission.id for r in outcome.results}:
            hint = suggest_ids(only, [r.submission.id for r in outcome.results])
            raise InitiatiefError(f"no submission '{only}' in {folder}" + (f" ({hint})" if hint else ""))
        chosen = build_letters(outcome, stages=stages, only=only)
        missing = missing_settings(round_.letters, {x.kind for x in chosen})
        if missing:
            where = ("round.yaml has no letters: block" if round_.letters is None
                     else "round.yaml's letters: block lacks")
            raise InitiatiefError(f"{where}; a letter needs: " + ", ".join(f"letters.{key}" for key in missing)
                                  + " (docs/letters.md)")
        assert round_.letters is not None
        lang = language or round_.language
        from initiatief.output.letters import render_letters

        rendered = render_letters(outcome, chosen, round_.letters, lang, read_templates(folder, str(folder)))
        files = []
        for r in rendered:
            files.append((output / f"{r.letter.result.submission.id}.{fmt.value}",
                          _content(r, fmt, lang, round_.letters)))
            if shown is not None:
                shown("letters made", len(files), len(rendered))
        if only is None:
            # The mailing list of the whole round: one letter (--only) leaves the one written before as it is.
            merge = render_csv(_merge_rows(rendered, fmt, lang if excel else None), MERGE_COLUMNS, excel=excel,
                               language=lang).encode("utf-8")
            files.append((output / MERGE_FILE, merge))
        _check_folder(folder, output)
        created = None
        if output.is_dir():
            for path, _ in files:
                check_target(path, round_inputs(folder), force)
        else:
            try:
                output.mkdir(mode=0o700)
            except OSError as exc:
                raise OutputError(f"cannot create the folder {output}: {exc.strerror or exc}") from None
            os.chmod(output, 0o700)  # whatever the umask: letters hold names and addresses
            created = output
        write_files(files, force=force, mode=0o600, created=created)  # all the letters, or none of the new ones
    written = f"{len(rendered)} {'letter' if len(rendered) == 1 else 'letters'}"
    if only is None:
        note(f"wrote {written} and {MERGE_FILE} to {output} (personal data: keep them out of anything you publish)")
    else:
        note(f"wrote {written} to {output} (personal data: keep it out of anything you publish); {MERGE_FILE}, the "
             "round's mailing list, is written only for every letter at once (without --only)")
    if _inside(output, folder):
        note(f"warning: {output} is inside the round folder {folder}, which is kept and shared (in git, say): "
             "the letters hold names and addresses; move them out of it, or keep that folder out of git "
             "(docs/letters.md)")


def _inside(output: Path, folder: Path) -> bool:
    """Return whether `output` lies inside the round folder."""
    try:
        return output.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _content(rendered: "Rendered", fmt: LetterFormat, language: Language, settings: "LetterSettings") -> bytes:
    from initiatief.output.docx import to_docx
    from initiatief.output.letter_blocks import to_html, to_markdown

    if fmt is LetterFormat.HTML:
        return to_html(rendered.blocks, rendered.title, language.value).encode("utf-8")
    if fmt is LetterFormat.DOCX:
        assert settings.date is not None and settings.organisation is not None  # missing_settings checked both
        return to_docx(rendered.blocks, rendered.title, settings.organisation, settings.date, language.value)
    return to_markdown(rendered.blocks).encode("utf-8")


def _merge_rows(rendered: "list[Rendered]", fmt: LetterFormat, people: Language | None) -> list[dict[str, object]]:
    """Return merge.csv's rows; `people`: the letter kind in that language (--excel), else its key."""
    from initiatief.texts.letters import kind_label

    rows: list[dict[str, object]] = []
    for item in rendered:
        result = item.letter.result
        applicant = result.submission.applicant
        rows.append({
            "submission": result.submission.id, "applicant": applicant.name, "contact": applicant.contact,
            "email": applicant.email,
            "address": ", ".join(x.strip() for x in (applicant.address or "").splitlines() if x.strip()) or None,
            "letter": kind_label(item.letter.kind.value, people) if people else item.letter.kind.value,
            "awarded": result.awarded,
            "prize_amount": result.prize.amount if result.prize else None,
            "file": f"{result.submission.id}.{fmt.value}",
        })
    return rows


def _check_folder(folder: Path, output: Path) -> None:
    """Refuse an output folder inside the round's input folders, or one that is no folder."""
    from initiatief.errors import OutputError
    from initiatief.loading.layout import SCORES_DIR, SUBMISSIONS_DIR
    from initiatief.loading.letters import TEMPLATES_DIR
    from initiatief.writing import missing_folder

    try:
        target = output.resolve()
    except (OSError, RuntimeError):
        raise OutputError(f"{output} is a link that cannot be followed; give a folder") from None
    for name in (SUBMISSIONS_DIR, SCORES_DIR, TEMPLATES_DIR):
        inside = (folder / name).resolve()
        if target == inside or target.is_relative_to(inside):
            raise OutputError(f"{output} is inside the round's {name}/ folder, which holds its input; "
                              "write the letters elsewhere")
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output} is not a folder; give the folder to write the letters into")
    if not output.exists() and not output.parent.is_dir():
        raise missing_folder(output.parent)
