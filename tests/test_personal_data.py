"""Personal data stays out of public outputs: private applicants' names and every contact detail.

Every bundled round, every command in every format (and the register and explain for each
submission) is scanned for them; `--include-personal` shows them, with a warning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import BUNDLED, MINIMAL, invoke, run

from initiatief import evaluate, load_round
from initiatief.output.explain import explain_dict, explain_lines
from initiatief.output.register import render_register


def public_outputs(folder: Path) -> dict[str, str]:
    """Return every public output of a round: each command in each format."""
    outputs: dict[str, str] = {}
    # wide, so table cells wrap as little as possible: a name split over two lines would escape the scan
    for command in ("score", "winners"):
        for fmt in ("table", "csv", "json", "markdown"):
            result = invoke(command, folder, "--format", fmt, columns=200)
            assert result.exit_code == 0, result.stderr
            outputs[f"{command} {fmt}"] = result.stdout
    for fmt in ("table", "markdown", "html", "json"):
        result = invoke("report", folder, "--format", fmt, columns=200)
        assert result.exit_code == 0, result.stderr
        outputs[f"report {fmt}"] = result.stdout
    outcome = evaluate(load_round(folder))
    outputs["register"] = render_register(outcome)
    # explain for every submission, through the library (the CLI path is the same, tested elsewhere)
    for one in outcome.results:
        outputs[f"explain {one.submission.id}"] = "\n".join(explain_lines(outcome, one))
        outputs[f"explain {one.submission.id} json"] = json.dumps(explain_dict(outcome, one), ensure_ascii=False)
    return outputs


@pytest.mark.parametrize("folder", BUNDLED, ids=[f.name for f in BUNDLED])
def test_no_private_name_or_contact_detail_in_any_public_output(folder: Path) -> None:
    round_ = load_round(folder)
    secrets = {s.applicant.contact for s in round_.submissions if s.applicant.contact}
    secrets |= {s.applicant.name for s in round_.submissions if s.applicant.is_private}
    outputs = public_outputs(folder)
    for name, text in outputs.items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} appears in `{name}` of {folder.name}"


def test_include_personal_does_show_them() -> None:
    result = invoke("score", MINIMAL, "--format", "json", "--include-personal", columns=200)
    assert "Anna de Vries" in result.stdout and "anna@example.org" in result.stdout
    assert "personal data" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_explain_include_personal_shows_the_name_and_contact_as_score_does(fmt: str) -> None:
    round_ = load_round(MINIMAL)
    [private] = [s for s in round_.submissions if s.applicant.is_private]
    result = invoke("explain", MINIMAL, private.id, "--format", fmt, "--include-personal", columns=200)
    assert result.exit_code == 0, result.stderr
    assert private.applicant.name in result.stdout and f"{private.applicant.contact}" in result.stdout
    if fmt == "json":
        shown = json.loads(result.stdout)
        assert (shown["applicant_kind"], shown["contact"]) == ("person", private.applicant.contact)
    plain = invoke("explain", MINIMAL, private.id, "--format", fmt, columns=200)
    assert private.applicant.name not in plain.stdout and f"{private.applicant.contact}" not in plain.stdout


def test_the_applicants_kind_is_a_label_for_people_and_a_key_for_scripts() -> None:
    table = invoke("score", MINIMAL, "--format", "markdown", "--include-personal", columns=250).stdout
    excel = invoke("score", MINIMAL, "--format", "csv", "--excel", "--include-personal").stdout
    plain = invoke("score", MINIMAL, "--format", "csv", "--include-personal").stdout
    assert "particulier" in table and "organisatie" in table and "person" not in table.replace("Particulier", "")
    assert ";particulier;" in excel and ",person," in plain and "particulier" not in plain


@pytest.mark.parametrize("command", ["score", "winners"])
def test_personal_columns_the_terminal_has_no_room_for_are_named_not_dropped_silently(command: str) -> None:
    code, out, err = run(command, MINIMAL, "--include-personal", columns=100)
    assert code == 0 and "the terminal is too narrow for" in err and "Contact" in err.split("too narrow for")[1]
    code, out, err = run(command, MINIMAL, "--include-personal", columns=400)
    assert code == 0 and "too narrow" not in err and "Contact" in out
    code, out, err = run(command, MINIMAL, columns=100)
    assert code == 0 and "too narrow" not in err
