"""`initiatief init`: a first round from the commented template, in nl and en, valid as it is."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import MINIMAL, run
from jsonschema import Draft202012Validator
from test_schema import plain

from initiatief import load_round
from initiatief.errors import InputError
from initiatief.models import Language
from initiatief.output.schema import SchemaKind, schema
from initiatief.texts.templates import first_round

EXAMPLE = {"nl": "voorbeeld", "en": "example"}


def created(tmp_path: Path, *args: str) -> Path:
    folder = tmp_path / "ronde"
    code, out, err = run("init", folder, *args)
    assert code == 0, err
    assert out == ""
    assert f"created {folder}" in err
    return folder


def contents(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_init_makes_a_round_that_validates_as_it_is(tmp_path: Path, language: str) -> None:
    folder = created(tmp_path, "--language", language, "--year", "2026")
    assert contents(folder) == ["README.md", "round.yaml", "scores", "scores/.gitkeep", "submissions",
                                f"submissions/{EXAMPLE[language]}.yaml"]
    code, out, err = run("validate", folder)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{folder}: ok: 1 submission,")
    round_ = load_round(folder)
    assert round_.language is Language(language)
    assert round_.year == 2026
    assert round_.name == ("Initiatievenfonds 2026" if language == "nl" else "Initiatives fund 2026")
    assert round_.form is not None and round_.districts and round_.assessors
    # the example is an idea: counted, not scored, so no score file is needed yet
    assert [s.stage for s in round_.submissions] == ["idea"]
    assert round_.prizes == ()
    assert run("score", folder, "--format", "json")[0] == 0


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_files_are_schema_valid_and_every_section_is_commented(tmp_path: Path, language: str) -> None:
    folder = created(tmp_path, "--language", language)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    data = plain(yaml.safe_load(text))
    assert list(Draft202012Validator(schema(SchemaKind.ROUND)).iter_errors(data)) == []
    submission = plain(yaml.safe_load((folder / "submissions" / f"{EXAMPLE[language]}.yaml").read_text("utf-8")))
    assert list(Draft202012Validator(schema(SchemaKind.SUBMISSION)).iter_errors(submission)) == []
    for section in ("name", "year", "ceiling", "pots", "grants", "districts", "assessors", "form", "eligibility",
                    "criteria", "assessment", "allocation"):
        # a comment above it or beside it says what it is
        assert re.search(rf"^#.*\n{section}:|^{section}: .*#", text, flags=re.M), section
    assert "\n# prizes:\n" in text  # prizes: there, commented out
    assert all(f"facts.{fact}" in text for fact in submission["facts"])  # the example fits the form
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert all(command in readme for command in ("initiatief import", "initiatief sheets", "initiatief validate",
                                                  "initiatief score"))


def test_the_seed_is_drawn_fresh_unless_given(tmp_path: Path) -> None:
    seeds = []
    for name in ("a", "b"):
        folder = tmp_path / name
        assert run("init", folder)[0] == 0
        seeds.append(load_round(folder).allocation.seed)
    assert seeds[0] != seeds[1]
    assert all(re.fullmatch(r"[0-9a-f]{16}", s) for s in seeds)
    folder = tmp_path / "c"
    assert run("init", folder, "--seed", "ronde-2026", "--language", "en")[0] == 0
    assert load_round(folder).allocation.seed == "ronde-2026"


@pytest.mark.parametrize("name", ["Fonds: 'x' #1 \"y\"", "Wijkbudget Noord — 2026", "2026", "yes"])
def test_any_name_is_written_so_that_it_reads_back_as_given(tmp_path: Path, name: str) -> None:
    folder = created(tmp_path, "--name", name, "--seed", "no")
    round_ = load_round(folder)
    assert (round_.name, round_.allocation.seed) == (name, "no")
    assert (folder / "README.md").read_text(encoding="utf-8").startswith(f"# {name}\n")


def test_an_existing_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "ronde"
    folder.mkdir()
    (folder / "mine.txt").write_text("mine", encoding="utf-8")
    code, out, err = run("init", folder)
    assert (code, out) == (1, "")
    assert err == f"error: {folder} already exists; choose a new folder for the round\n"
    assert contents(folder) == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ronde"]
    code, _, err = run("init", tmp_path / "nowhere" / "ronde")
    assert code == 1 and "does not exist" in err
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")  # a file where the folder should be: not "missing"
    inside = tmp_path / "notes.txt"
    for args in (("init", inside / "ronde"), ("export", MINIMAL, "-o", inside / "x.csv"),
                 ("new", inside / "ronde", "--from", MINIMAL)):
        code, _, err = run(*args)
        assert (code, err) == (1, f"error: {tmp_path}/notes.txt is not a folder; give a path inside a folder\n"), args


@pytest.mark.parametrize("args", [["--seed", " "], ["--name", ""], ["--name", "a\tb"]])
def test_an_unusable_name_or_seed_is_refused_before_anything_is_written(tmp_path: Path, args: list[str]) -> None:
    code, _, err = run("init", tmp_path / "ronde", *args)
    assert code == 1 and "cannot be used" in err
    assert list(tmp_path.iterdir()) == []


def test_nothing_is_left_behind_when_the_new_round_does_not_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import initiatief.texts.templates as templates

    def broken(language: Language, name: str, year: int, seed: str) -> dict[str, str]:
        files = first_round(language, name, year, seed)
        return {**files, "round.yaml": files["round.yaml"].replace("ceiling: 50000", "ceiling: -1")}

    monkeypatch.setattr(templates, "first_round", broken)
    code, out, err = run("init", tmp_path / "ronde")
    assert (code, out) == (1, "")
    assert f"{tmp_path / 'ronde'}/round.yaml:" in err and "ceiling is -1" in err  # the folder's own name
    assert list(tmp_path.iterdir()) == []


def test_nothing_is_left_behind_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import initiatief.writing as writing

    def failing(folder: Path) -> Any:
        raise InputError([])

    monkeypatch.setattr(writing, "load_round", failing)
    assert run("init", tmp_path / "ronde")[0] == 1
    assert list(tmp_path.iterdir()) == []


def test_init_help() -> None:
    code, out, _ = run("init", "--help")
    assert code == 0
    text = " ".join(out.replace("│", " ").split())
    assert "Usage: initiatief init [OPTIONS] FOLDER" in text
    assert "Create a first round" in text
    for option in ("--language -l nl|en", "--name TEXT", "--year N", "--seed SEED"):
        assert option in text
    code, _, err = run("init", "x", "--language", "de")
    assert code == 2 and "Usage: initiatief init" in err


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_commented_letters_block_works_once_uncommented(tmp_path: Path, language: str) -> None:
    folder = tmp_path / "round"
    assert run("init", folder, "--language", language, "--year", "2031")[0] == 0
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    head, block = text[:text.index("# letters:")], text[text.index("# letters:"):]
    uncommented = "\n".join(line[2:] for line in block.splitlines() if line.startswith("# "))
    (folder / "round.yaml").write_text(head + uncommented + "\n", encoding="utf-8")
    letters = load_round(folder).letters
    assert letters is not None and letters.organisation is not None
    # the dates follow the round's year: decided in it, accounted for in the year after
    assert (letters.date, letters.account_by) == (dt.date(2031, 7, 1), dt.date(2032, 6, 30))
    code, _, err = run("letters", folder, "-o", tmp_path / "out", "--stages")
    assert code == 0, err
    text = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.md"))
    contact = {"nl": "Neem dan contact op met het team Subsidies, telefoon 14 020 of subsidies@voorbeeldstad.nl.",
               "en": "Please contact the Grants team, phone 14 020 or grants@exampletown.example."}[language]
    assert contact in " ".join(text.split())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_form_imports_from_a_spreadsheet_with_a_heading_per_question(tmp_path: Path, language: str) -> None:
    folder = created(tmp_path, "--language", language, "--year", "2026")
    round_ = load_round(folder)
    form = round_.form
    assert form is not None
    # every field reads a column headed as people would head it, never the field's own name
    assert [f.name for f in form.fields if f.column == f.name] == []
    by_type = {"money": "1500", "yes-no": "Nee", "date": "01-05-2026", "number": "3"}

    def answer(field: Any) -> str:
        if field.name == "district":
            return round_.districts[0].label
        if field.values:  # a choice by its label; a list of two ids in one cell
            first, second = field.values[:2]
            return f"{first[0]};{second[0]}" if field.type.value == "list" else first[1]
        return by_type.get(field.type.value, "Buurtfeest" if field.name == "title" else "tekst")

    columns = [f.column for f in form.fields]
    groups = next(f for f in form.fields if f.type.value == "list")
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([columns, [answer(f) for f in form.fields]])
    code, _, err = run("import", folder, export)
    assert code == 0, err
    assert "not read" not in err and "not imported" not in err
    imported = next(s for s in load_round(folder, scores=False).submissions if s.title == "Buurtfeest")
    assert list(imported.facts[groups.fact]) == [groups.values[0][0], groups.values[1][0]]
    assert imported.received == dt.date(2026, 5, 1)  # the form reads the date, as arrival needs it


def test_a_form_without_applicant_kind_warns_that_every_applicant_is_named_in_public(tmp_path: Path) -> None:
    folder = created(tmp_path, "--language", "nl", "--year", "2026")
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    kind_line = next(line for line in text.splitlines() if line.lstrip().startswith("applicant.kind:"))
    (folder / "round.yaml").write_text(text.replace(kind_line + "\n", ""), encoding="utf-8")
    code, _, err = run("validate", folder)
    assert code == 0  # a warning stops nothing
    assert "warning: " in err and "the form has no applicant.kind: every applicant imported from it is taken as " \
        "an organisation, whose name the register and the public outputs show" in err
