"""Looking into a round: `validate` (every problem, with file and line) and `explain` (one submission's story)."""

from typing import Annotated

from initiatief.cli import terminal
from initiatief.cli.edge import failed_check
from initiatief.cli.options import (
    CHECK_FORMATS,
    Format,
    MethodOpt,
    PersonalOpt,
    QuietOpt,
    RoundArg,
    SubmissionArg,
    format_option,
)
from initiatief.cli.terminal import note_personal


def validate(
    folder: RoundArg,
    fmt: Annotated[Format, format_option(*CHECK_FORMATS, help="table (a line of text) or json.")] = Format.TABLE,
    quiet: QuietOpt = False,
) -> None:
    """Check a round folder; list every problem with its file and line (exit 1 if any)."""
    from initiatief.api import load_round, warnings
    from initiatief.errors import InputError
    from initiatief.output.jsontext import json_text
    from initiatief.output.validation import problems_dict, valid_dict, valid_line

    if fmt is Format.TABLE:
        with terminal.progress("checking the round", quiet=quiet) as shown:
            round_ = terminal.load(folder, progress=shown)
        terminal.say(valid_line(folder, round_))
        return
    try:
        with terminal.progress("checking the round", quiet=quiet) as shown:
            round_ = load_round(folder, shown)
    except InputError as exc:  # the problems are the answer: JSON on stdout, and exit 1
        terminal.write(json_text(problems_dict(exc)))
        failed_check()
    terminal.write(json_text(valid_dict(round_, warnings(round_))))


def explain(
    folder: RoundArg,
    submission: SubmissionArg,
    fmt: Annotated[Format, format_option(*CHECK_FORMATS, help="table (plain text) or json.")] = Format.TABLE,
    method: MethodOpt = None,
    include_personal: PersonalOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Tell the whole story of one submission: rules, scores, rank, ties and the allocation step."""
    from initiatief.errors import InitiatiefError, suggest_ids
    from initiatief.output.explain import explain_dict, explain_lines
    from initiatief.output.jsontext import json_text

    with terminal.progress("scoring the round", quiet=quiet) as shown:
        outcome = terminal.evaluate(terminal.load(folder, progress=shown), method)
        try:
            result = outcome.result(submission)
        except KeyError:
            hint = suggest_ids(submission, [r.submission.id for r in outcome.results])
            raise InitiatiefError(f"no submission '{submission}' in {folder}"
                                  + (f" ({hint})" if hint else "")) from None
        note_personal(include_personal)
        if fmt is Format.JSON:
            text = json_text(explain_dict(outcome, result, include_personal))
        else:
            text = "\n".join(explain_lines(outcome, result, include_personal)) + "\n"
    if fmt is Format.JSON:
        terminal.write(text)
    else:
        terminal.say(text)
