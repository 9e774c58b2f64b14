"""The command line: exit codes, formats, files written, and JSON equal to the library's outcome."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import CHALLENGE, EXAMPLES, MINIMAL, run, run_process

from initiatief import evaluate, load_round
from initiatief.output.jsonout import outcome_dict


def test_no_arguments_shows_the_help_on_stdout_and_exits_0() -> None:
    code, out, err = run()
    assert code == 0
    assert "Usage: initiatief [OPTIONS] COMMAND [ARGS]..." in out
    assert "validate" in out and "compare-methods" in out
    assert err == ""


def test_validate_clean_round_exits_0() -> None:
    code, out, err = run("validate", MINIMAL)
    assert code == 0, err
    assert "ok: 4 submissions" in out


def test_validate_broken_round_lists_file_and_line_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(text.replace("weight: 2", "wieght: 2"), encoding="utf-8")
    submission = folder / "submissions" / "moestuin.yaml"
    submission.write_text(submission.read_text(encoding="utf-8") + "requested: 1\n", encoding="utf-8")
    code, out, err = run("validate", folder)
    assert code == 1, out + err
    assert out == ""
    assert "Traceback" not in err
    assert f"{folder}/round.yaml:" in err and "unknown key 'wieght' in criterion" in err
    assert "did you mean 'weight'?" in err
    assert f"{folder}/submissions/moestuin.yaml:5: duplicate key 'requested' (first at line 4)" in err
    assert err.startswith("error: 3 problems found:")


def test_score_json_equals_the_library_outcome() -> None:
    code, out, err = run("score", EXAMPLES / "cofinancing", "--format", "json")
    assert code == 0, err
    expected = outcome_dict(evaluate(load_round(EXAMPLES / "cofinancing")))
    assert json.loads(out) == json.loads(json.dumps(expected))


def test_score_json_shape_for_scripts() -> None:
    code, out, _ = run("score", EXAMPLES / "cofinancing", "--format", "json")
    data = json.loads(out)
    assert set(data) >= {"round", "funnel", "pots", "results"}
    assert data["funnel"]["awarded"] == 3
    assert data["pots"][1] == {
        "id": "gebiedsteam-noord", "label": "Gebiedsteam Noord", "for": "awards", "share": "0.5",
        "amount": "5000.00", "moved": "0.00", "used": "5000.00", "left": "0.00",
    }
    first = data["results"][0]
    assert set(first) >= {
        "id", "title", "stage", "status", "rank", "score", "requested", "awarded", "paid_by", "prize", "reasons"
    }
    assert first["paid_by"] == {"gebiedsteam-noord": "3000.00", "beleid": "3000.00"}


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "json"])
def test_score_every_format(fmt: str) -> None:
    code, out, err = run("score", MINIMAL, "--format", fmt)
    assert code == 0, err
    assert "moestuin" in out or "Moestuin" in out
    assert "Anna de Vries" not in out


def test_score_csv_has_one_row_per_submission() -> None:
    _, out, _ = run("score", MINIMAL, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["moestuin", "speeltuin", "buurtfeest", "festival"]
    assert rows[0]["awarded"] == "4000.00"
    assert rows[3]["status"] == "ineligible"


def test_winners_lists_only_funded_plans() -> None:
    code, out, _ = run("winners", EXAMPLES / "cofinancing", "--format", "json")
    assert code == 0
    ids = [r["id"] for r in json.loads(out)["results"]]
    assert ids == ["kas-noord", "bankjes-zuid", "bieb-noord"]


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_the_winners_list_gives_each_prize_with_its_amount(fmt: str) -> None:
    # The award list said 'Prijswinnaar' and not what the prize paid, on top of the award.
    code, out, _ = run("winners", CHALLENGE, "--format", fmt)
    assert code == 0
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["id"], r["awarded"], r["prize"], r["prize_amount"]) for r in rows[:4]] == [
            ("waste-no-wasteland", "15000.00", "Prijswinnaar", "5000.00"),
            ("fietsvriend-fred", "9500.00", "Prijswinnaar", "5000.00"),
            ("bedrijfskantine-op-bakfietswielen", "12000.00", "Prijswinnaar", "5000.00"),
            ("buurtkeuken-de-pan-op", "8250.00", "", "")]
    else:
        assert re.search(r"\| waste-no-wasteland .*\| Prijswinnaar +\| +€ 5\.000,00 \|", out), out
    assert "prize_amount" not in run("winners", MINIMAL, "--format", "csv")[1]  # a round without prizes


def test_include_personal_says_so_on_stderr() -> None:
    code, out, err = run("score", MINIMAL, "--format", "csv", "--include-personal")
    assert code == 0
    assert "Anna de Vries" in out and "anna@example.org" in out
    assert "personal data" in err


@pytest.mark.parametrize(("name", "marker"), [("out.csv", "id,title"), ("out.json", '"funnel"'), ("out.md", "| ")])
def test_export_by_suffix(tmp_path: Path, name: str, marker: str) -> None:
    target = tmp_path / name
    code, _, err = run("export", MINIMAL, "-o", target)
    assert code == 0, err
    assert marker in target.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == [target]


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "awards.csv"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run("export", MINIMAL, "-o", target)
    assert code == 1
    assert "already exists; use --force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, _ = run("export", MINIMAL, "-o", target, "--force")
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("rank,id,title")


def test_export_refuses_an_input_file_as_output(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    before = (folder / "round.yaml").read_bytes()
    code, _, err = run("export", folder, "-o", folder / "round.yaml", "--format", "csv", "--force")
    assert code == 1
    assert "input files" in err
    assert (folder / "round.yaml").read_bytes() == before
    code, _, _ = run("export", folder, "-o", folder / "scores" / "new.csv")
    assert code == 1
    assert not (folder / "scores" / "new.csv").exists()


def test_export_of_a_broken_round_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    (folder / "scores" / "jury.yaml").write_text("scores: {moestuin: {impact: 9}}\n", encoding="utf-8")
    code, _, err = run("export", folder, "-o", tmp_path / "out.csv")
    assert code == 1
    assert "outside the scale" in err
    assert not (tmp_path / "out.csv").exists()


def test_export_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("export", MINIMAL, "-o", tmp_path / "out.xlsx")
    assert code == 2
    assert "--format" in err


def test_python_dash_m_runs_the_cli() -> None:
    done = run_process("validate", MINIMAL)
    assert done.returncode == 0, done.stderr.decode()
    assert "ok:" in done.stdout.decode()


def test_excel_csv_has_semicolons_decimal_commas_and_a_byte_order_mark(tmp_path: Path) -> None:
    target = tmp_path / "awards.csv"
    code, _, err = run("export", MINIMAL, "-o", target, "--excel")
    assert code == 0, err
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfRang;Id;Titel;")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1][:3] == ["1", "moestuin", "Moestuin achter de bibliotheek"]
    assert rows[1][7:10] == ["14,00", "4000,00", "4000,00"]


def test_validate_json_lists_problems_for_scripts(tmp_path: Path) -> None:
    code, out, _ = run("validate", MINIMAL, "--format", "json")
    assert code == 0
    assert json.loads(out) == {"valid": True, "problems": [], "warnings": [], "submissions": 4, "plans": 4,
                                "assessors": 1}
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    (folder / "submissions" / "extra.yaml").write_text("title: X\napplicant: Y\nrequested: -5\n", encoding="utf-8")
    code, out, _ = run("validate", folder, "--format", "json")
    assert code == 1
    assert json.loads(out)["problems"] == [{
        "file": f"{folder}/submissions/extra.yaml", "line": 3, "place": None, "problem": "requested is -5",
        "expected": "an amount of more than 0", "hint": None,
    }]


@pytest.mark.parametrize("args", [["score", "--format", "json"], ["winners", "--format", "table"], ["score"]])
def test_excel_with_a_format_that_is_not_csv_is_a_usage_error(args: list[str]) -> None:
    code, out, err = run(args[0], MINIMAL, *args[1:], "--excel")
    assert code == 2
    assert "--excel makes a CSV file" in err and "add --format csv" in err
    assert out == ""


def test_excel_export_to_another_suffix_says_how_to_make_a_csv(tmp_path: Path) -> None:
    code, _, err = run("export", MINIMAL, "-o", tmp_path / "out.json", "--excel")
    assert code == 2
    assert "--excel makes a CSV file, not json" in err and ".csv" in err
    assert list(tmp_path.iterdir()) == []


def test_arrival_without_dates_is_caught_by_validate(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(text.replace("method: ranking", "method: arrival"), encoding="utf-8")
    code, _, err = run("validate", folder)
    assert code == 1
    # festival is ineligible and buurtfeest below the pass mark: arrival never reaches them, so they need no date
    assert err.count("has no 'received' date") == 2
    assert "festival" not in err and "buurtfeest" not in err
    assert "plan 'moestuin' has no 'received' date" in err and "plan 'speeltuin' has no 'received' date" in err


def test_arrival_asks_no_date_of_a_plan_whose_scores_are_still_missing(tmp_path: Path) -> None:
    # Whether moestuin passes is known only once its scores are in: till then its missing score is the
    # problem, not its date (which it may never need).
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(text.replace("method: ranking", "method: arrival"), encoding="utf-8")
    jury = (folder / "scores" / "jury.yaml").read_text(encoding="utf-8")
    (folder / "scores" / "jury.yaml").write_text(jury.replace("  moestuin:   {impact: 5, draagvlak: 4}\n", ""),
                                                 encoding="utf-8")
    code, _, err = run("validate", folder)
    assert code == 1
    assert "gave no score for submission 'moestuin'" in err and "plan 'moestuin' has no 'received'" not in err
    assert "plan 'speeltuin' has no 'received' date" in err


IDS = ["tuinfeest-oost", "kookcafe-voor-nieuwkomers", "buurttuinfeest-west", "taalcafe"]


@pytest.mark.parametrize(("typed", "hint"), [
    ("kookcafe", "did you mean 'kookcafe-voor-nieuwkomers'?"),  # the start of an id
    ("nieuwkomers", "did you mean 'kookcafe-voor-nieuwkomers'?"),  # a part of it
    ("Tuinfeest", "did you mean 'tuinfeest-oost' or 'buurttuinfeest-west'?"),  # any case; starting first
    ("taalcfe", "did you mean 'taalcafe'?"),  # a close spelling, as before
    ("zwembad", None),
    ("t", "did you mean 'tuinfeest-oost', 'taalcafe' or 'buurttuinfeest-west'?"),  # a few, not all
])
def test_an_unknown_id_suggests_the_ids_it_starts_or_is_part_of(typed: str, hint: str | None) -> None:
    from initiatief.errors import suggest_ids

    assert suggest_ids(typed, IDS) == hint


def test_explain_and_letters_suggest_the_id_that_was_typed_in_part(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    source = next((folder / "submissions").glob("*.yaml"))
    for new_id in IDS:
        shutil.copy(source, folder / "submissions" / f"{new_id}.yaml")
    code, out, err = run("explain", folder, "kookcafe")
    assert (code, out) == (1, "")
    assert err == f"error: no submission 'kookcafe' in {folder} (did you mean 'kookcafe-voor-nieuwkomers'?)\n"
    code, _, err = run("letters", folder, "-o", tmp_path / "out", "--only", "kookcafe")
    assert code == 1 and "(did you mean 'kookcafe-voor-nieuwkomers'?)" in err


def test_validate_counts_a_declared_jury_against_the_score_files_read(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLES / "import-from-form", folder)
    code, out, err = run("validate", folder)
    assert code == 0, err
    assert out.endswith(", 1 of 1 assessor\n")
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(text.replace(
        "  - {id: jury, name: Beoordelingscommissie}\n",
        "  - {id: jury, name: Beoordelingscommissie}\n  - {id: tweede, name: Tweede lid}\n"), encoding="utf-8")
    shutil.copy(folder / "scores" / next(p.name for p in (folder / "scores").iterdir()),
                folder / "scores" / ("tweede" + next(p.suffix for p in (folder / "scores").iterdir())))
    code, out, err = run("validate", folder)
    assert code == 0, err
    assert out.endswith(", 2 of 2 assessors\n")
