"""Score sheets: `initiatief sheets` writes them, scores/ reads them back (xlsx and CSV), every problem with its cell.

The round trip is the promise: the sheets filled in as an assessor would, dropped into
scores/, give the same `score --format json` as the equivalent score files.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import CHALLENGE, EXAMPLES, MINIMAL, run, write_round
from openpyxl import Workbook, load_workbook

from initiatief import load_round
from initiatief.core.readiness import needs_scores
from initiatief.errors import InputError, Problems
from initiatief.loading.tables import column_letter, read_table
from initiatief.models import Round


def _without_scores(tmp_path: Path, source: Path) -> Path:
    folder = tmp_path / "round"
    shutil.copytree(source, folder)
    shutil.rmtree(folder / "scores")
    (folder / "scores").mkdir()
    return folder


def _fill(path: Path, original: Round, assessor: str, target: Path) -> None:
    """Fill an assessor's workbook with the scores of the original round's score file, as a person would."""
    sheet = next(s for s in original.scoresheets if s.assessor == assessor)
    book = load_workbook(path)
    ws = book["Scores"]
    criteria = [c.id for c in original.criteria]
    for row in ws.iter_rows(min_row=2):
        plan = row[0].value
        assert isinstance(plan, str)
        if plan in sheet.conflicts:
            row[2 + len(criteria)].value = "ja"
            continue
        for offset, criterion in enumerate(criteria):
            score = sheet.scores.get(plan, {}).get(criterion)
            if score is not None:
                row[2 + offset].value = int(score) if score == int(score) else float(score)
    book.save(target)


def _score_json(folder: Path) -> Any:
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# --- the round trip ---------------------------------------------------------------------


def test_filled_in_sheets_score_as_the_score_files_they_replace(tmp_path: Path) -> None:
    original = load_round(CHALLENGE)
    folder = _without_scores(tmp_path, CHALLENGE)
    jury = [s.assessor for s in original.scoresheets]
    code, _, err = run("sheets", folder, "-o", tmp_path / "out", *(a for j in jury for a in ("--assessor", j)))
    assert code == 0, err
    for assessor in jury:
        _fill(tmp_path / "out" / f"{assessor}.xlsx", original, assessor, folder / "scores" / f"{assessor}.xlsx")
    assert _score_json(folder) == _score_json(CHALLENGE)


def test_a_sheet_lists_exactly_the_plans_that_need_a_score(tmp_path: Path) -> None:
    code, _, err = run("sheets", CHALLENGE, "-o", tmp_path, "--assessor", "jury-a")
    assert code == 0, err
    ws = load_workbook(tmp_path / "jury-a.xlsx")["Scores"]
    listed = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    round_ = load_round(CHALLENGE)
    assert listed == [s.id for s in needs_scores(round_)]
    assert len(listed) < len([s for s in round_.submissions if s.stage == round_.assessed_stage])


def test_the_csv_format_round_trips(tmp_path: Path) -> None:
    original = load_round(MINIMAL)
    folder = _without_scores(tmp_path, MINIMAL)
    code, _, err = run("sheets", folder, "-o", tmp_path / "out", "--format", "csv", "--assessor", "jury")
    assert code == 0, err
    data = (tmp_path / "out" / "jury.csv").read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["submission", "title", "impact", "draagvlak", "conflict", "comment"]
    scores = original.scoresheets[0].scores
    for row in rows[1:]:
        row[2:4] = [str(scores[row[0]][c]) for c in ("impact", "draagvlak")]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    (folder / "scores" / "jury.csv").write_bytes(("\ufeff" + out.getvalue()).encode())
    assert _score_json(folder) == _score_json(MINIMAL)


def test_two_runs_write_the_same_bytes(tmp_path: Path) -> None:
    for name in ("one", "two"):
        code, _, err = run("sheets", MINIMAL, "-o", tmp_path / name, "--assessor", "jury")
        assert code == 0, err
    first, second = (tmp_path / "one" / "jury.xlsx").read_bytes(), (tmp_path / "two" / "jury.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "one" / "jury.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 1, 1, 0, 0, 0)}
        assert b"2024-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_the_workbook_locks_id_and_title_and_validates_each_score(tmp_path: Path) -> None:
    run("sheets", MINIMAL, "-o", tmp_path, "--assessor", "jury")
    book = load_workbook(tmp_path / "jury.xlsx")
    assert book.sheetnames == ["Scores", "Instructies"]
    ws = book["Scores"]
    assert [c.value for c in ws[1]] == ["Aanvraag", "Titel", "Maatschappelijke impact (×2, 1–5)",
                                         "Draagvlak in de buurt (×1, 1–5)", "Belangenverstrengeling", "Opmerking"]
    assert ws.protection.sheet and ws.freeze_panes == "C2"
    assert ws["A2"].protection.locked and ws["B2"].protection.locked
    assert not any(ws.cell(2, column).protection.locked for column in range(3, 7))
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert (rules["C2:C4"].type, rules["C2:C4"].formula1, rules["C2:C4"].formula2) == ("decimal", "1", "5")
    assert rules["C2:C4"].error and rules["C2:C4"].prompt and rules["C2:C4"].showErrorMessage
    assert (rules["E2:E4"].type, rules["E2:E4"].formula1) == ("list", '"ja,nee"')
    words = " ".join(str(v) for row in book["Instructies"].iter_rows(values_only=True) for v in row if v)
    assert "jury.xlsx" in words and "scores/" in words and "Belangenverstrengeling" in words
    assert "Maatschappelijke impact" in words and "×2" in words


def test_a_title_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    titles = {"a": '=HYPERLINK("http://example.org","klik")', "b": "+cmd|' /C calc'!A0", "c": "#N/A"}
    folder = write_round(
        tmp_path,
        """
        name: =1+1
        year: 2024
        language: en
        ceiling: 1000
        criteria: [{id: c, label: "=c", weight: 1, scale: [1, 5]}]
        """,
        {key: f"title: {json.dumps(title)}\napplicant: A\nrequested: 100\n" for key, title in titles.items()},
        {},
    )
    code, _, err = run("sheets", folder, "-o", tmp_path / "out", "--assessor", "j")
    assert code == 0, err
    book = load_workbook(tmp_path / "out" / "j.xlsx")
    ws = book["Scores"]
    assert ws["C1"].value == "=c (×1, 1–5)"
    for row, (key, title) in enumerate(titles.items(), start=2):
        assert (ws.cell(row, 1).value, ws.cell(row, 2).value) == (key, title)
        assert ws.cell(row, 2).data_type == "s"
    assert book["Instructions"]["A1"].data_type == "s"
    with zipfile.ZipFile(tmp_path / "out" / "j.xlsx") as archive:
        assert not any(b"<f>" in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets"))


# --- the command's refusals --------------------------------------------------------------


@pytest.mark.parametrize("inside", ["scores", "scores/new", "submissions"])
def test_sheets_are_never_written_where_they_would_be_read(tmp_path: Path, inside: str) -> None:
    folder = _without_scores(tmp_path, MINIMAL)
    before = sorted(p.name for p in folder.rglob("*"))
    code, out, err = run("sheets", folder, "-o", folder / inside, "--assessor", "jury")
    assert (code, out) == (1, "")
    assert f"inside the round's {inside.split('/')[0]}/ folder" in err
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_an_existing_sheet_needs_force(tmp_path: Path) -> None:
    assert run("sheets", MINIMAL, "-o", tmp_path, "--assessor", "jury")[0] == 0
    code, _, err = run("sheets", MINIMAL, "-o", tmp_path, "--assessor", "jury", "--assessor", "tweede")
    assert code == 1 and "already exists; use --force" in err
    assert not (tmp_path / "tweede.xlsx").exists()  # checked before anything is written
    assert run("sheets", MINIMAL, "-o", tmp_path, "--assessor", "jury", "--force")[0] == 0


def test_the_output_must_be_a_folder_whose_parent_exists(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run("sheets", MINIMAL, "-o", tmp_path / "file", "--assessor", "jury")
    assert code == 1 and "is not a folder" in err
    code, _, err = run("sheets", MINIMAL, "-o", tmp_path / "no" / "such", "--assessor", "jury")
    assert code == 1 and "does not exist" in err


def test_a_sheet_name_too_long_for_the_file_system_is_an_error_and_no_sheet_stays(tmp_path: Path) -> None:
    # os.stat raised ENAMETOOLONG while asking whether the sheet existed: a traceback, after the first sheet.
    code, _, err = run("sheets", MINIMAL, "-o", tmp_path / "sheets", "--assessor", "jury", "--assessor", "x" * 300)
    assert code == 1 and err.startswith("error: cannot write ") and "File name too long" in err, err
    assert not (tmp_path / "sheets").exists()


def test_the_jury_comes_from_round_yaml_or_from_assessor(tmp_path: Path) -> None:
    code, _, err = run("sheets", MINIMAL, "-o", tmp_path)
    assert code == 1 and "declares no assessors" in err and "--assessor" in err
    code, _, err = run("sheets", MINIMAL, "-o", tmp_path, "--assessor", "../jury")
    assert code == 2 and "cannot be an assessor's id" in err
    code, _, err = run("sheets", MINIMAL, "-o", tmp_path, "--assessor", "a", "--assessor", "a")
    assert code == 2
    code, _, err = run("sheets", MINIMAL, "-o", tmp_path, "--assessor", "a\x1b[2Jb\u202e")  # shown, not obeyed
    assert code == 2 and "\x1b" not in err and "\u202e" not in err and "'a\\x1b[2Jb\\u202e'" in err, err


def test_declared_assessors_get_a_sheet_each_with_their_name(tmp_path: Path) -> None:
    folder = _without_scores(tmp_path, MINIMAL)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(
        text + "assessors:\n  - {id: jury-a, name: Anna de Vries}\n  - {id: jury-b, name: Bram Jansen}\n",
        encoding="utf-8")
    code, _, err = run("sheets", folder, "-o", tmp_path / "out")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["jury-a.xlsx", "jury-b.xlsx"]
    words = [v for row in load_workbook(tmp_path / "out" / "jury-a.xlsx")["Instructies"].iter_rows(values_only=True)
             for v in row if v]
    assert "Anna de Vries (jury-a)" in words
    code, _, err = run("sheets", folder, "-o", tmp_path / "more", "--assessor", "jury-c")
    assert code == 1 and "not declared" in err and "did you mean 'jury-" in err


# --- reading score workbooks: every problem with its sheet and cell ---------------------


ROUND = """
name: T
year: 2024
ceiling: 1000
criteria:
  - {id: impact, label: Maatschappelijke impact, weight: 2, scale: [1, 5]}
  - {id: draagvlak, label: Draagvlak, weight: 1, scale: [1, 5]}
"""
SUBMISSIONS = {"a": "title: A\napplicant: A\nrequested: 100\n", "b": "title: B\napplicant: B\nrequested: 100\n"}


def _workbook(path: Path, rows: list[list[Any]], *, title: str = "Scores", before: str | None = None) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    if before is not None:
        ws.title = before
        ws["A1"] = "niet dit blad"
        ws = book.create_sheet(title)
    else:
        ws.title = title
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _xlsx_round(tmp_path: Path, rows: list[list[Any]], **kwargs: Any) -> Path:
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, {})
    (folder / "scores").mkdir()
    _workbook(folder / "scores" / "jury.xlsx", rows, **kwargs)
    return folder


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_round(folder)
    return [str(p).replace(f"{folder}/", "") for p in caught.value.problems]


HEADER = ["submission", "Maatschappelijke impact (×2, 1–5)", "draagvlak"]


def test_a_workbook_with_labels_as_headings_is_read(tmp_path: Path) -> None:
    folder = _xlsx_round(tmp_path, [["Aanvraag", "Titel", "maatschappelijke IMPACT", "Draagvlak (1-5)", "Opmerking",
                                     None, None], ["a", "A", 4, "4,5", "goed"], ["b", "B", 3.5, 2, None]],
                         before="Uitleg")
    sheet = load_round(folder).scoresheets[0]
    assert sheet.assessor == "jury"
    assert {k: {c: str(v) for c, v in s.items()} for k, s in sheet.scores.items()} == {
        "a": {"impact": "4", "draagvlak": "4.5"}, "b": {"impact": "3.5", "draagvlak": "2"}}


def test_a_score_outside_the_scale_names_its_cell(tmp_path: Path) -> None:
    folder = _xlsx_round(tmp_path, [HEADER, ["a", 4, 4], ["b", 6, 4]])
    assert _problems(folder) == [
        "scores/jury.xlsx: sheet Scores, cell B3: the score of 'b' on 'impact' is 6, outside the scale; "
        "expected a score from 1 to 5"]


@pytest.mark.parametrize(("value", "problem"), [
    (True, "the score of 'b' on 'impact' is a yes/no value (true); expected a number"),
    ("vier", "the score of 'b' on 'impact' is 'vier'; expected a number"),
    ("=2+3", "the cell holds a formula that has no value saved with it; expected a value, or a formula Excel has "
             "calculated (open the file in Excel and save it (a file written by a program keeps no results))"),
])
def test_a_score_cell_that_is_no_number_names_its_cell(tmp_path: Path, value: Any, problem: str) -> None:
    folder = _xlsx_round(tmp_path, [HEADER, ["a", 4, 4], ["b", value, 4]])
    assert _problems(folder) == [f"scores/jury.xlsx: sheet Scores, cell B3: {problem}"]


def test_an_error_value_is_a_problem_also_as_a_formulas_saved_result(tmp_path: Path) -> None:
    # In the comment column, which initiatief does not read, the error passed unseen.
    folder = _xlsx_round(tmp_path, [HEADER + ["comment"], ["a", 4, 4, "goed"], ["b", 3, 4, "zie blad X"]])
    path = folder / "scores" / "jury.xlsx"
    # As Excel saves =VLOOKUP(…) that found nothing: the formula and its result, the error #N/A.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    cell = re.search(rb'<c r="D3"[^>]*>.*?</c>', parts[sheet])
    assert cell is not None
    parts[sheet] = parts[sheet].replace(cell.group(0), b'<c r="D3" t="e"><f>VLOOKUP(A3,X!A:B,2,0)</f>'
                                        b'<v>#N/A</v></c>')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert _problems(folder) == [
        "scores/jury.xlsx: sheet Scores, cell D3: the cell holds Excel's error value #N/A; expected a value "
        "(correct the formula or the value in Excel, or leave the cell empty)"]


def test_a_date_as_a_score_is_a_problem(tmp_path: Path) -> None:
    import datetime as dt

    folder = _xlsx_round(tmp_path, [HEADER, ["a", 4, 4], ["b", dt.datetime(2024, 3, 1), 4]])
    (problem,) = _problems(folder)
    assert problem.startswith("scores/jury.xlsx: sheet Scores, cell B3: the score of 'b' on 'impact' is the date")


def test_an_empty_scores_sheet_is_named_not_called_an_empty_file(tmp_path: Path) -> None:
    # The file holds a sheet with text before it: "the file is empty" sent the assessor looking in the wrong place.
    folder = _xlsx_round(tmp_path, [], before="Blad1")
    assert _problems(folder) == [
        "scores/jury.xlsx: sheet Scores: the sheet is empty; expected a header row: submission, then one column per "
        "criterion"]


def test_headings_in_a_workbook_are_checked_with_their_cell(tmp_path: Path) -> None:
    folder = _xlsx_round(tmp_path, [["submission", "impakt", "draagvlak", None, "x"], ["a", 4, 4]])
    assert _problems(folder) == [
        "scores/jury.xlsx: sheet Scores, cell B1: unknown column 'impakt'; expected submission, conflict, comment or "
        "a criterion: impact, draagvlak (did you mean 'impact'?)",
        "scores/jury.xlsx: sheet Scores, cell D1: a column has no heading; expected a heading on every column "
        "between the first and the last",
        "scores/jury.xlsx: sheet Scores, cell E1: unknown column 'x'; expected submission, conflict, comment or a "
        "criterion: impact, draagvlak",
    ]


def test_a_value_in_a_column_without_a_heading_names_its_cell(tmp_path: Path) -> None:
    folder = _xlsx_round(tmp_path, [HEADER, ["a", 4, 4, None, "oeps"], ["b", 4, 4]])
    assert _problems(folder) == [
        "scores/jury.xlsx: sheet Scores, cell E2: the cell has a value, but its column has no heading; "
        "expected a heading above every column that holds something"]


def test_a_heading_naming_two_criteria_or_one_twice_is_a_problem(tmp_path: Path) -> None:
    folder = _xlsx_round(tmp_path, [["submission", "impact", "Maatschappelijke impact", "draagvlak"], ["a", 4, 4, 4]])
    assert _problems(folder) == [
        "scores/jury.xlsx: sheet Scores, cell C1: the columns 'impact' and 'Maatschappelijke impact' are both "
        "criterion 'impact'; expected each column once"]


def test_a_conflict_in_a_workbook(tmp_path: Path) -> None:
    folder = _xlsx_round(tmp_path, [[*HEADER, "Belangenverstrengeling"], ["a", 4, 4, "nee"], ["b", None, None, "Ja"]])
    (folder / "scores" / "tweede.csv").write_text("submission,impact,draagvlak\na,4,4\nb,4,4\n", encoding="utf-8")
    sheet = next(s for s in load_round(folder).scoresheets if s.assessor == "jury")
    assert sheet.conflicts == frozenset({"b"}) and set(sheet.scores) == {"a"}
    folder = _xlsx_round(tmp_path / "2", [[*HEADER, "conflict"], ["a", 4, 4, "misschien"], ["b", 4, 4, None]])
    assert _problems(folder) == [
        "scores/jury.xlsx: sheet Scores, cell D2: the conflict cell is 'misschien'; expected empty or nee for no "
        "conflict, ja/yes/x for a conflict"]


@pytest.mark.parametrize(("data", "problem"), [
    (b"PK\x03\x04" + b"\0" * 100, "is not an .xlsx workbook (it may be damaged)"),
    (b"gewoon tekst", "is not an .xlsx workbook (it may be damaged)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "is password-protected, or an old Excel file (.xls)"),
])
def test_a_file_that_is_no_workbook_is_a_problem_not_a_traceback(tmp_path: Path, data: bytes, problem: str) -> None:
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, {})
    (folder / "scores").mkdir()
    (folder / "scores" / "jury.xlsx").write_bytes(data)
    (found,) = _problems(folder)
    assert found.startswith(f"scores/jury.xlsx: {problem}")
    code, out, err = run("validate", folder)
    assert (code, out) == (1, "") and "Traceback" not in err


def test_a_damaged_part_inside_a_workbook_is_a_problem(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "good.xlsx", [HEADER, ["a", 4, 4]])
    damaged = tmp_path / "jury.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, b"<worksheet><sheetData><row" if info.filename.startswith("xl/worksheets/") else data)
    problems = Problems()
    assert read_table(damaged, "jury.xlsx", problems) is None
    assert [p.problem.startswith("cannot read the workbook") for p in problems.items] == [True]


def test_a_workbook_and_a_csv_for_one_assessor_are_a_problem(tmp_path: Path) -> None:
    folder = _xlsx_round(tmp_path, [HEADER, ["a", 4, 4], ["b", 4, 4]])
    (folder / "scores" / "jury.csv").write_text("submission,impact,draagvlak\na,4,4\nb,4,4\n", encoding="utf-8")
    assert _problems(folder) == [
        f"scores/jury.xlsx: assessor 'jury' also has {folder}/scores/jury.csv; expected one score file per assessor"
        .replace(f"{folder}/", "")]


def test_labels_are_headings_in_csv_too(tmp_path: Path) -> None:
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, {
        "jury.csv": "Inzending;Titel;Maatschappelijke impact (×2, 1–5);DRAAGVLAK;Toelichting;;\n"
                    "a;A;4;3,5;ok;;\nb;B;2;2;;;\n"})
    sheet = load_round(folder).scoresheets[0]
    assert {k: {c: str(v) for c, v in s.items()} for k, s in sheet.scores.items()} == {
        "a": {"impact": "4", "draagvlak": "3.5"}, "b": {"impact": "2", "draagvlak": "2"}}


def test_an_id_in_another_case_is_its_criterion_and_an_exact_one_wins(tmp_path: Path) -> None:
    # People type headings: 'IMPACT' names `impact` (before, it was an unknown column with no suggestion).
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, {"jury.csv": "submission;IMPACT;draagvlak\na;4;3\nb;2;2\n"})
    sheet = load_round(folder).scoresheets[0]
    assert {k: {c: str(v) for c, v in s.items()} for k, s in sheet.scores.items()} == {
        "a": {"impact": "4", "draagvlak": "3"}, "b": {"impact": "2", "draagvlak": "2"}}
    # An exact id, then a label, come before an id in another case: the label 'Impact' of draagvlak still names it.
    other = ROUND.replace("{id: draagvlak, label: Draagvlak,", "{id: draagvlak, label: Impact,")
    folder = write_round(tmp_path / "label", other, SUBMISSIONS,
                         {"jury.csv": "submission;Maatschappelijke impact;Impact\na;4;3\nb;2;2\n"})
    sheet = load_round(folder).scoresheets[0]
    assert {k: {c: str(v) for c, v in s.items()} for k, s in sheet.scores.items()} == {
        "a": {"impact": "4", "draagvlak": "3"}, "b": {"impact": "2", "draagvlak": "2"}}


def test_a_csv_problem_keeps_its_line(tmp_path: Path) -> None:
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, {"jury.csv": "submission,Draagvlk,impact\na,4,4\nb,4,9\n"})
    assert _problems(folder) == [
        "scores/jury.csv:1: unknown column 'Draagvlk'; expected submission, conflict, comment or a criterion: impact, "
        "draagvlak (did you mean 'draagvlak'?)"]


# --- read_table itself --------------------------------------------------------------------


def test_a_csv_in_any_excel_dialect(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffId\tNaam\tBedrag\t\r\n1\t\"Twee\r\nregels\"\t5\t\r\n\r\n3\tDrie\t7\t\r\n".encode())
    problems = Problems()
    table = read_table(path, "t.csv", problems)
    assert table is not None and not problems
    assert (table.delimiter, table.headings, table.sheet) == ("\t", ("Id", "Naam", "Bedrag"), None)
    assert [(r.number, r.cells) for r in table.rows] == [(2, ("1", "Twee\r\nregels", "5")), (5, ("3", "Drie", "7"))]
    assert table.place(5, 2) == "row 5, column 'Bedrag'"


def test_a_csv_in_another_encoding_needs_its_name(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("naam;bedrag\ncafé;5\n".encode("cp1252"))
    problems = Problems()
    assert read_table(path, "t.csv", problems) is None
    (problem,) = problems.items
    assert (problem.line, problem.problem) == (2, "byte 0xe9 is not valid UTF-8")
    assert problem.hint is not None and "CSV UTF-8" in problem.hint and "--encoding" in problem.hint
    table = read_table(path, "t.csv", Problems(), encoding="cp1252")
    assert table is not None and table.rows[0].cells == ("café", "5")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_byte_that_is_not_utf8_is_named_also_after_a_byte_order_mark(tmp_path: Path, bom: bytes) -> None:
    # After a byte-order mark the offset was taken into the file's bytes, not the decoded ones: 'C' was named.
    path = tmp_path / "t.csv"
    path.write_bytes(bom + "naam;bedrag\nCafé;5\n".encode("cp1252"))
    problems = Problems()
    assert read_table(path, "t.csv", problems) is None
    assert [(p.line, p.problem) for p in problems.items] == [(2, "byte 0xe9 is not valid UTF-8")]


@pytest.mark.parametrize(("text", "line", "problem"), [
    ('submission;impact\na;4\nb;"3\nc;4\n', 3,
     'a quote (") opened on this line is never closed, so the rest of the file would be one cell'),
    ('submission;impact\na;"4"5\nb;3\n', 2, "CSV error: ';' expected after '\"'"),
])
def test_a_quote_never_closed_or_text_after_a_closing_quote_is_a_problem(
        tmp_path: Path, text: str, line: int, problem: str) -> None:
    # Read leniently, '"3' took the rest of the file as one cell, and a last line `b;"3` was a score of 3.
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    assert read_table(path, "t.csv", problems) is None
    assert [(p.line, p.problem) for p in problems.items] == [(line, problem)]


def test_control_characters_and_headings_twice_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,a\n1,x\x07y,3\n", encoding="utf-8")
    problems = Problems()
    table = read_table(path, "t.csv", problems)
    assert table is not None and table.rows == ()
    assert [(p.line, p.problem) for p in problems.items] == [
        (1, "the column 'a' appears twice"), (2, "the cell holds the control character U+0007")]


def test_a_sheet_is_chosen_by_name_and_an_unknown_one_lists_the_sheets(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "t.xlsx", [["a", "b"], [1, 2.5], [None, None], ["x", None]], before="Eerst")
    problems = Problems()
    table = read_table(path, "t.xlsx", problems, prefer_sheet="scores")
    assert table is not None and not problems
    assert (table.sheet, table.headings, table.delimiter) == ("Scores", ("a", "b"), None)
    assert [(r.number, r.cells) for r in table.rows] == [(2, (1, __import__("decimal").Decimal("2.5"))),
                                                         (4, ("x", None))]
    assert table.place(4, 1) == "sheet Scores, cell B4"
    first = read_table(path, "t.xlsx", Problems(), prefer_sheet="Nergens")
    assert first is not None and first.sheet == "Eerst"
    assert read_table(path, "t.xlsx", problems, sheet="Nergens") is None
    assert [(p.problem, p.expected) for p in problems.items] == [
        ("the workbook has no sheet 'Nergens'", "one of its sheets: Eerst, Scores")]


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_old_and_other_spreadsheets_are_refused_with_a_hint(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"t{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    problems = Problems()
    assert read_table(path, path.name, problems) is None
    assert problems.items[0].hint is not None and ".xlsx" in problems.items[0].hint


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703, 16384)] == ["A", "Z", "AA", "AZ", "AAA", "XFD"]


def test_a_withdrawn_plan_gets_no_row(tmp_path: Path) -> None:
    folder = _without_scores(tmp_path, EXAMPLES / "committee-decisions")
    code, _, err = run("sheets", folder, "-o", tmp_path / "out", "--assessor", "jury")
    assert code == 0, err
    listed = [row[0] for row in load_workbook(tmp_path / "out" / "jury.xlsx")["Scores"].iter_rows(
        min_row=2, values_only=True)]
    assert "speeltuin" not in listed and "moestuin" in listed


def test_validate_json_gives_the_place_of_a_workbook_problem(tmp_path: Path) -> None:
    folder = _xlsx_round(tmp_path, [HEADER, ["a", 4, 4], ["b", 0, 4]])
    code, out, _ = run("validate", folder, "--format", "json")
    assert code == 1
    (problem,) = json.loads(out)["problems"]
    assert (problem["file"], problem["line"], problem["place"]) == (
        f"{folder}/scores/jury.xlsx", None, "sheet Scores, cell B3")


def test_old_mac_line_ends_and_a_single_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a;b\r1;2\r3;4\r")
    table = read_table(path, "t.csv", Problems())
    assert table is not None and table.delimiter == ";" and [r.cells for r in table.rows] == [("1", "2"), ("3", "4")]
    path.write_bytes(b"naam\nx\n")
    table = read_table(path, "t.csv", Problems())
    assert table is not None and table.headings == ("naam",) and table.rows[0].cells == ("x",)


def test_two_assessors_that_differ_only_in_case_are_refused_before_a_sheet_is_written(tmp_path: Path) -> None:
    # jury.xlsx and JURY.xlsx are one file on Windows and macOS: the second would fail or replace the first.
    code, out, err = run("sheets", MINIMAL, "-o", tmp_path / "out", "--assessor", "jury", "--assessor", "JURY")
    assert code == 2 and out == ""
    assert "an assessor is named twice (ids that differ only in case" in " ".join(err.split())
    assert not (tmp_path / "out").exists()


def test_a_number_is_read_as_excel_shows_it_so_float_noise_from_a_formula_ties_as_on_the_screen(
        tmp_path: Path) -> None:
    # =4/3*3 and =0.1*3 save 4.000000000000001 and 0.30000000000000004: Excel works to 15 significant digits and
    # shows 4 and 0.3. Read exactly, the noise made 'a' outrank 'b' with no tie shown.
    folder = _xlsx_round(tmp_path, [HEADER, ["a", 4.000000000000001, 4.5], ["b", 4, 4.499999999999999]])
    sheet = load_round(folder).scoresheets[0]
    assert {k: {c: str(v) for c, v in s.items()} for k, s in sheet.scores.items()} == {
        "a": {"impact": "4", "draagvlak": "4.5"}, "b": {"impact": "4", "draagvlak": "4.5"}}


def _hide(path: Path, *, row: int, column: str, zero: bool) -> None:
    book = load_workbook(path)
    ws = book.active
    assert ws is not None
    ws.row_dimensions[row].hidden = not zero
    ws.column_dimensions[column].hidden = not zero
    if zero:  # openpyxl does not write a height or width of 0; Excel does
        ws.row_dimensions[row].height = 1
        ws.column_dimensions[column].width = 1
    book.save(path)
    if zero:
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = re.sub(rb' (ht|width)="1"', rb' \1="0.0"', parts[sheet])
        assert parts[sheet].count(b'="0.0"') == 2
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)


@pytest.mark.parametrize("zero", [False, True])
def test_a_hidden_row_or_column_that_holds_something_is_a_problem(tmp_path: Path, zero: bool) -> None:
    # A row hidden (or filtered out, or 0 high) in Excel is a score nobody saw when the sheet was checked.
    folder = _xlsx_round(tmp_path, [HEADER + ["opmerking"], ["a", 4, 4, ""], ["b", 3, 4, "geheim"]])
    _hide(folder / "scores" / "jury.xlsx", row=3, column="D", zero=zero)
    shown = "expected every row and column that holds something visible (a hidden one is data nobody sees)"
    assert _problems(folder) == [
        f"scores/jury.xlsx: sheet Scores, column D: the column is hidden in Excel; {shown} (unhide it: select the "
        "columns around it, right-click, Unhide; or delete it)",
        f"scores/jury.xlsx: sheet Scores, row 3: the row is hidden in Excel; {shown} (unhide it: select the rows "
        "around it, right-click, Unhide; or delete it (a filter hides rows too: clear it))"]


def test_hidden_rows_and_columns_without_anything_in_them_are_fine(tmp_path: Path) -> None:
    # Hiding every unused column up to XFD is common: only what a hidden cell holds matters.
    folder = _xlsx_round(tmp_path, [HEADER, ["a", 4, 4], ["b", 3, 4]])
    path = folder / "scores" / "jury.xlsx"
    book = load_workbook(path)
    ws = book.active
    assert ws is not None
    ws.column_dimensions.group("E", "XFD", hidden=True)
    ws.row_dimensions[9].hidden = True
    book.save(path)
    assert set(load_round(folder).scoresheets[0].scores) == {"a", "b"}


@pytest.mark.parametrize(("csv_text", "expected"), [
    ("submission,impact,draagvlak\na,\"4,5\",4\nb,4,4\n",
     "scores/jury.csv:2: the score of 'a' on 'impact' is '4,5'; expected a number (write 4.5, with a decimal point)"),
    ("submission,impact,draagvlak\na,\"4,\",4\nb,4,4\n",
     "scores/jury.csv:2: the score of 'a' on 'impact' is '4,'; expected a number (write 4)"),
    ("submission,impact,draagvlak\na,4,5,4\nb,4,4\n",
     "scores/jury.csv:2: the row has a value in a column without a heading; expected 3 cells, as in the header (a "
     "decimal comma? In a file separated by commas 4,5 is two cells: write 4.5, or separate the cells with ';')"),
])
def test_a_decimal_comma_in_a_comma_separated_file_gets_a_hint(tmp_path: Path, csv_text: str, expected: str) -> None:
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, {"jury.csv": csv_text})
    assert _problems(folder) == [expected]
    semicolons = csv_text.replace(",", ";").replace('"4;5"', "4,5").replace('"4;"', "4,")
    if ";4;5;" not in semicolons:  # with semicolons, the decimal comma is read
        folder = write_round(tmp_path / "semi", ROUND, SUBMISSIONS, {"jury.csv": semicolons})
        assert load_round(folder).scoresheets[0].scores["a"]["impact"] in (Decimal("4.5"), Decimal(4))
