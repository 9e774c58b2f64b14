"""`initiatief import`: a form export (.xlsx or CSV) read into submissions/ by the round's form.

The example's export holds Excel's quirks (a byte-order mark, `;`, trailing empty columns,
`€ 5.000`, `5.000,00`, `Ja`/`Nee`, day-first dates, labels for districts and choices); the
2017 challenge's 112 applications, written as a form export, import back into exactly the
round the YAML files make.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import CHALLENGE, EXAMPLES, run
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief.loading.intake import _date, _money, _number, slug
from initiatief.loading.tables import EXCEL_1900

EXAMPLE = EXAMPLES / "import-from-form"


def _empty_copy(tmp_path: Path, source: Path = EXAMPLE) -> Path:
    folder = tmp_path / "round"
    shutil.copytree(source, folder)
    shutil.rmtree(folder / "submissions")
    (folder / "submissions").mkdir()
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "submissions").iterdir())}


@pytest.mark.parametrize("export", ["aanvragen.xlsx", "aanvragen.csv"])
def test_the_example_export_imports_into_the_committed_submissions(tmp_path: Path, export: str) -> None:
    folder = _empty_copy(tmp_path)
    code, _, err = run("import", folder, folder / export)
    assert code == 0, err
    assert "8 applications: 8 new, 0 unchanged" in err
    assert "columns not read (no form field names them): 'Tijdstip indienen'" in err
    assert _files(folder) == _files(EXAMPLE)
    assert run("score", folder, "--format", "json")[1] == run("score", EXAMPLE, "--format", "json")[1]


def test_the_example_reads_each_kind_of_answer(tmp_path: Path) -> None:
    text = (EXAMPLE / "submissions" / "Z-2025-003.yaml").read_text(encoding="utf-8")
    assert 'kind: "person"' in text          # "Particulier"
    assert 'district: "zuid"' in text        # "zuid" (the id) in the export
    assert "cost: 12000" in text             # "12.000,00"
    assert "received: 2025-03-10" in text    # a date cell, 10-03-2025 in the CSV
    assert 'doelgroepen: ["jongeren"]' in text
    moestuin = (EXAMPLE / "submissions" / "Z-2025-001.yaml").read_text(encoding="utf-8")
    assert "requested: 4500" in moestuin and 'doelgroepen: ["jongeren", "gezinnen"]' in moestuin
    assert "winstoogmerk: false" in moestuin  # "Nee"


def test_personal_data_from_the_export_stays_out_of_public_outputs() -> None:
    for fmt in ("json", "csv", "markdown"):
        code, out, _ = run("score", EXAMPLE, "--format", fmt)
        assert code == 0
        assert "jan.devries@example.net" not in out and "06-12345678" not in out and "Jan de Vries" not in out


def test_a_re_import_adds_new_rows_and_never_overwrites_a_changed_file_without_force(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    assert run("import", folder, export)[0] == 0
    (folder / "submissions" / "eigen-plan.yaml").write_text("title: Eigen\napplicant: X\nrequested: 600\n"
                                                            "district: noord\nfacts: {winstoogmerk: false}\n",
                                                            encoding="utf-8")
    text = export.read_text(encoding="utf-8-sig")
    changed = text.replace("€ 4.500", "€ 4.000").replace(
        "Z-2025-008;", "Z-2025-009;20-03-2025 19:00;Nieuw plan;Stichting Nieuw;Organisatie;;;Noord;20-03-2025;;"
        "1000;Nieuw;Nee;Iedereen;1;;\r\nZ-2025-008;", 1)
    export.write_text(changed, encoding="utf-8-sig")
    before = _files(folder)
    code, _, err = run("import", folder, export)
    assert code == 1
    assert "1 submission file differs from the export (Z-2025-001.yaml); nothing was written" in err
    assert _files(folder) == before
    assert "  changed: " in err and "    - requested: 4500\n" in err and "    + requested: 4000\n" in err
    code, _, err = run("import", folder, export, "--dry-run")
    # as the real run would: it would refuse, so the dry run says so and exits 1
    assert code == 1 and "1 new, 1 changed, 7 unchanged (" in err and "nothing written: --dry-run" in err
    assert "the import would write nothing without --force" in err
    assert run("import", folder, export, "--dry-run", "--force")[0] == 0
    assert "not in the export (kept as it is):" in err and "eigen-plan.yaml" in err
    assert _files(folder) == before
    code, _, err = run("import", folder, export, "--force")
    assert code == 0, err
    assert "requested: 4000" in (folder / "submissions" / "Z-2025-001.yaml").read_text(encoding="utf-8")
    assert (folder / "submissions" / "Z-2025-009.yaml").is_file()
    assert (folder / "submissions" / "eigen-plan.yaml").is_file()


def test_a_dry_run_exits_as_the_import_would(tmp_path: Path) -> None:
    # intake.md: 0 when the import would write (new files only), 1 only when it would refuse
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    code, out, err = run("import", folder, export, "--dry-run")
    assert (code, out) == (0, "") and "8 new, 0 unchanged (" in err and "nothing written: --dry-run" in err
    assert list((folder / "submissions").iterdir()) == []
    assert run("import", folder, export)[0] == 0
    code, _, err = run("import", folder, export, "--dry-run")  # all unchanged
    assert code == 0 and "0 new, 8 unchanged (" in err


def test_every_unreadable_cell_is_a_problem_with_its_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    text = export.read_text(encoding="utf-8-sig")
    text = text.replace("€ 4.500", "5.000,-").replace(";Centrum;05-03-2025;", ";Stadsdeel;05-03-2025;")
    text = text.replace("Heeft uw organisatie een winstoogmerk?;", "Heeft uw organisatie een winstoogmerk?;", 1)
    text = text.replace(";Nee;Jongeren;5;", ";Misschien;Tieners;5;")
    export.write_text(text, encoding="utf-8-sig")
    code, _, err = run("import", folder, export)
    assert code == 1
    assert f"{export}: row 2, column 'Aangevraagd bedrag': '5.000,-' is not an amount" in err
    assert "row 3, column 'In welke wijk vindt het plaats?': 'Stadsdeel' is not one of the districts; " \
           "expected one of Noord (noord), Zuid (zuid), Centrum (centrum)" in err
    assert "row 4, column 'Heeft uw organisatie een winstoogmerk?': 'Misschien' is not yes or no" in err
    assert "row 4, column 'Voor wie is het initiatief?': 'Tieners' is not one of the values; expected one of " in err
    assert _files(folder) == {}


def test_a_list_cell_names_every_item_not_among_the_values_and_an_empty_title_is_one_problem(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    text = export.read_text(encoding="utf-8-sig")
    assert ";Nee;Jongeren;5;" in text
    text = text.replace(";Nee;Jongeren;5;", ";Nee;\"Tieners; Jongeren; Pubers\";5;", 1)
    rows = text.splitlines(keepends=True)
    heading = rows[0].rstrip("\r\n").split(";")
    title = heading.index(next(h for h in heading if "naam" in h.lower() and "initiatief" in h.lower()))
    cells = rows[2].split(";")
    cells[title] = ""
    rows[2] = ";".join(cells)
    export.write_text("".join(rows), encoding="utf-8-sig")
    code, _, err = run("import", folder, export)
    assert code == 1
    assert "row 4, column 'Voor wie is het initiatief?': 'Tieners; Jongeren; Pubers' holds 'Tieners' and 'Pubers', " \
           "which are not among the values" in err
    assert err.count("row 3") == 1 and "the cell is empty; expected the title" in err, err
    assert _files(folder) == {}


def test_an_xlsx_problem_names_the_sheet_and_the_cell(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    workbook = openpyxl.load_workbook(folder / "aanvragen.xlsx")
    workbook["Aanvragen"]["K3"] = "veel"
    workbook.save(folder / "aanvragen.xlsx")
    code, _, err = run("import", folder, folder / "aanvragen.xlsx")
    assert code == 1
    assert "aanvragen.xlsx: sheet Aanvragen, cell K3: 'veel' is not an amount" in err


@pytest.mark.parametrize("cell", [0, -0.0, "0", "€ 0,00"])
def test_an_amount_requested_of_0_is_a_problem_not_a_file_validate_then_refuses(tmp_path: Path, cell: Any) -> None:
    folder = _empty_copy(tmp_path)
    workbook = openpyxl.load_workbook(folder / "aanvragen.xlsx")
    workbook["Aanvragen"]["K3"] = cell
    workbook.save(folder / "aanvragen.xlsx")
    code, _, err = run("import", folder, folder / "aanvragen.xlsx")
    assert code == 1
    assert ("aanvragen.xlsx: sheet Aanvragen, cell K3: ") in err and ("is an amount of 0; expected the amount "
                                                                     "requested above 0") in err
    assert _files(folder) == {}


def test_an_id_too_long_for_a_file_name_is_a_problem_with_its_cell(tmp_path: Path) -> None:
    # The write failed with "cannot write into …/submissions: File name too long", after "1 new", no row named.
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    export.write_text(export.read_text(encoding="utf-8-sig").replace("Z-2025-002;", "Z" * 300 + ";", 1),
                      encoding="utf-8-sig")
    code, _, err = run("import", folder, export)
    assert code == 1, err
    assert "row 3, column 'Zaaknummer': " in err and "is too long for a file name; expected an id of at most 200 " \
           "characters" in err
    assert _files(folder) == {}


def test_an_excel_error_value_is_a_problem_not_a_title(tmp_path: Path) -> None:
    # openpyxl reads an error cell as its text: the title '#N/A' and the name '#REF!' were imported as answers.
    folder = _empty_copy(tmp_path)
    workbook = openpyxl.load_workbook(folder / "aanvragen.xlsx")
    sheet = workbook["Aanvragen"]
    for place, error in (("C2", "#N/A"), ("D2", "#REF!"), ("D4", "#VALUE!")):
        sheet[place].value = error
        sheet[place].data_type = "e"
    workbook.save(folder / "aanvragen.xlsx")
    code, _, err = run("import", folder, folder / "aanvragen.xlsx")
    assert code == 1, err
    for place, error in (("C2", "#N/A"), ("D2", "#REF!"), ("D4", "#VALUE!")):
        assert f"sheet Aanvragen, cell {place}: the cell holds Excel's error value {error}; expected a value" in err
    assert _files(folder) == {}


@pytest.mark.parametrize(("heading", "expected"), [("Aantal vrijwilligers", "number"),
                                                    ("Aangevraagd bedrag", "amount")])
@pytest.mark.parametrize("cell", ["99999999999999999999999999999999", 1e300])
def test_an_absurdly_large_number_or_amount_is_a_problem_with_its_cell_not_a_crash(
    tmp_path: Path, cell: Any, heading: str, expected: str,
) -> None:
    # 32 digits are more than Decimal's precision: writing the file crashed (InvalidOperation) after reading it;
    # an amount was quantized to the cent before its size was checked: the same traceback.
    folder = _empty_copy(tmp_path)
    workbook = openpyxl.load_workbook(folder / "aanvragen.xlsx")
    sheet = workbook["Aanvragen"]
    column = next(c.column_letter for c in sheet[1] if c.value == heading)
    sheet[f"{column}3"] = cell
    workbook.save(folder / "aanvragen.xlsx")
    code, _, err = run("import", folder, folder / "aanvragen.xlsx")
    assert code == 1 and "Traceback" not in err, err
    assert f"aanvragen.xlsx: sheet Aanvragen, cell {column}3: " in err and "is absurdly large; expected a " \
           f"realistic {expected}" in err
    assert _files(folder) == {}


def test_a_hidden_sheet_is_never_read_unless_named(tmp_path: Path) -> None:
    # The first sheet was read even when Excel hides it: applications nobody saw in the workbook were imported.
    folder = _empty_copy(tmp_path)
    workbook = openpyxl.load_workbook(folder / "aanvragen.xlsx")
    hidden = workbook.copy_worksheet(workbook["Aanvragen"])
    hidden.title = "Oud"
    hidden.sheet_state = "hidden"
    workbook.move_sheet("Oud", offset=-1)
    workbook.save(folder / "aanvragen.xlsx")
    code, _, err = run("import", folder, folder / "aanvragen.xlsx")
    assert code == 1
    assert "aanvragen.xlsx: the sheet 'Oud' that would be read is hidden in Excel; expected a workbook whose " \
           "sheet to read is visible, or --sheet naming it (sheets: Oud (hidden), Aanvragen)" in err
    assert _files(folder) == {}
    code, _, err = run("import", folder, folder / "aanvragen.xlsx", "--sheet", "Aanvragen")
    assert code == 0, err
    assert _files(folder) == _files(EXAMPLE)


def test_a_round_without_a_form_or_an_export_without_a_required_column_is_refused(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    export.write_text(export.read_text(encoding="utf-8-sig").replace("Naam van het initiatief", "Titel"),
                      encoding="utf-8")
    code, _, err = run("import", folder, export)
    assert code == 1 and "the export has no column 'Naam van het initiatief' (for 'title')" in err
    code, _, err = run("import", EXAMPLES / "minimal", EXAMPLE / "aanvragen.csv")
    assert code == 1 and "the round has no form, so an export cannot be read" in err


def test_without_an_id_column_ids_are_slugs_of_the_titles_made_unique_in_row_order(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace("  id: {column: Zaaknummer}\n", ""),
                          encoding="utf-8")
    export = folder / "aanvragen.csv"
    export.write_text(export.read_text(encoding="utf-8-sig").replace("Taalcafé voor nieuwkomers",
                                                                     "Repair café in het buurthuis"),
                      encoding="utf-8-sig")
    assert run("import", folder, export)[0] == 0
    names = set(_files(folder))
    assert {"repair-cafe-in-het-buurthuis.yaml", "repair-cafe-in-het-buurthuis-2.yaml"} <= names


def test_a_title_slug_never_takes_an_id_the_export_gives(tmp_path: Path) -> None:
    # Row 2 has no Zaaknummer and a title whose slug is row 3's Zaaknummer: the slug steps aside (-2); before,
    # the slug z-2025-002 and the id Z-2025-002 are one file where case does not count (Windows, macOS).
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    lines = export.read_text(encoding="utf-8-sig").split("\n")
    lines[1] = lines[1].replace("Z-2025-001;", ";", 1).replace("Moestuin achter de bibliotheek", "Z 2025 002", 1)
    export.write_text("\n".join(lines), encoding="utf-8-sig")
    code, _, err = run("import", folder, export)
    assert code == 0, err
    names = set(_files(folder))
    assert {"Z-2025-002.yaml", "z-2025-002-2.yaml"} <= names and "z-2025-002.yaml" not in names
    rows = len([line for line in lines[1:] if line.strip()])
    assert len([n for n in names if n.endswith(".yaml")]) == rows  # every application has its own file


@pytest.mark.parametrize(("cell", "amount"), [
    ("€ 5.000", "5000.00"), ("5.000,00", "5000.00"), ("5000", "5000.00"), ("5000.50", "5000.50"),
    ("€\u00a012.500,5", "12500.50"), ("1,5", "1.50"), (5000, "5000.00"), (12500.5, "12500.50"),
    ("EUR 750", "750.00"), ("1 234 567,50", "1234567.50"), ("€ 12\u202f500", "12500.00"),
])
def test_money_as_people_write_it(cell: Any, amount: str) -> None:
    assert _money(cell) == Decimal(amount)


@pytest.mark.parametrize("cell", ["5.000,-", "5,000.00", "5.00.0", "vijfduizend", "-5", "5.001,555", True,
                                  "45 00", "1 2 3 4", "€ 5 000 0", "5\u00a000"])
def test_money_that_cannot_be_read_is_not_guessed(cell: Any) -> None:
    assert not isinstance(_money(cell), Decimal)


@pytest.mark.parametrize("cell", ["1.200", "1,500", "12.000.000", " 1,500 "])
def test_a_number_with_what_may_be_a_thousands_separator_is_not_guessed(cell: str) -> None:
    # 1,500 is fifteen hundred in English and one and a half in Dutch; 1.200 twelve hundred in Dutch.
    assert not isinstance(_number(cell), Decimal)


@pytest.mark.parametrize(("cell", "number"), [("1,5", "1.5"), ("1.25", "1.25"), ("1500", "1500"), ("12,34", "12.34")])
def test_a_number_with_a_decimal_comma_or_point(cell: str, number: str) -> None:
    assert _number(cell) == Decimal(number)


@pytest.mark.parametrize(("cell", "date"), [
    ("2024-05-14", dt.date(2024, 5, 14)), ("14-05-2024", dt.date(2024, 5, 14)), ("5/4/2024", dt.date(2024, 4, 5)),
    ("14-05-2024 10:33", dt.date(2024, 5, 14)), (45426, dt.date(2024, 5, 14)),
    (dt.datetime(2024, 5, 14, 9, 0), dt.date(2024, 5, 14)),
])
def test_dates_day_first_or_iso_or_excel_serials(cell: Any, date: dt.date) -> None:
    assert _date(cell, EXCEL_1900) == date


@pytest.mark.parametrize("cell", ["30-02-2024", "05/14/2024", "14 mei", "20240514", "14-05-2024 25:99",
                                  "2024-05-14 1.2.3", "14-05-2024 14-05-2025", 2024, 12, 0])
def test_a_date_that_is_none_is_refused(cell: str | int) -> None:
    assert not isinstance(_date(cell, EXCEL_1900), dt.date)


def test_a_workbook_in_the_1904_date_system_counts_its_serials_from_1904(tmp_path: Path) -> None:
    # Old Excel for Mac saves dates as days since 1904-01-01: a date cell stored as a plain number (General format)
    # was counted from 1900, four years and a day early (2025-03-03 became 2021-03-02).
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    folder = _empty_copy(tmp_path)
    workbook = openpyxl.load_workbook(folder / "aanvragen.xlsx")
    workbook.epoch = CALENDAR_MAC_1904
    workbook["Aanvragen"]["I2"] = (dt.date(2025, 3, 3) - dt.date(1904, 1, 1)).days
    workbook["Aanvragen"]["I2"].number_format = "General"
    workbook.save(folder / "aanvragen.xlsx")
    code, _, err = run("import", folder, folder / "aanvragen.xlsx")
    assert code == 0, err
    assert _files(folder) == _files(EXAMPLE)


def test_slugs() -> None:
    assert slug("Café Één & Twee!") == "cafe-een-twee"
    assert slug("!!!") == "aanvraag"
    assert len(slug("x" * 200)) == 60


def _challenge_export(path: Path) -> None:
    """Write the 2017 challenge's applications as its web form would export them, by the round's form."""
    import yaml

    columns = ["Kenmerk", "Naam van het initiatief", "Naam aanvrager", "Aanvraag namens", "E-mailadres", "Fase",
               "Wijk", "Aanvraag compleet op", "Totale kosten", "Aangevraagd bedrag", "Korte omschrijving",
               "Heeft uw organisatie een winstoogmerk?", "Wanneer start het initiatief?"]
    labels = {"centrum": "Centrum", "noord": "Noord", "oost": "Oost", "zuid": "Zuid", "west": "West",
              "buiten": "Buiten de gemeente"}
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(columns)
    for n, file in enumerate(sorted((CHALLENGE / "submissions").glob("*.yaml"))):
        s = yaml.safe_load(file.read_text(encoding="utf-8"))
        applicant, facts = s["applicant"], s.get("facts", {})
        money = (lambda v: None if v is None else f"€ {v:,}".replace(",", ".")) if n % 2 else (lambda v: v)
        sheet.append([
            file.stem, s["title"], applicant["name"],
            "Particulier" if applicant.get("kind") == "person" else "Organisatie", applicant.get("contact"),
            s["stage"], labels[s["district"]], s["received"], money(s.get("cost")), money(s.get("requested")),
            s["summary"], None if "winstoogmerk" not in facts else ("Ja" if facts["winstoogmerk"] else "Nee"),
            facts.get("startdatum").strftime("%d-%m-%Y") if "startdatum" in facts else None,
        ])
    workbook.save(path)


def test_the_2017_challenge_imported_from_a_form_export_scores_as_its_yaml_files(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path, CHALLENGE)
    export = tmp_path / "aanvragen-2017.xlsx"
    _challenge_export(export)
    code, _, err = run("import", folder, export)
    assert code == 0, err
    assert "112 applications: 112 new" in err
    assert run("validate", folder)[0] == 0
    for fmt in ("json", "csv"):
        ours = run("score", folder, "--format", fmt, "--include-personal")[1]
        theirs = run("score", CHALLENGE, "--format", fmt, "--include-personal")[1]
        assert json.loads(ours) == json.loads(theirs) if fmt == "json" else ours == theirs


def test_ids_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    export.write_text(export.read_text(encoding="utf-8-sig").replace("Z-2025-008;", "z-2025-001;"),
                      encoding="utf-8-sig")
    code, _, err = run("import", folder, export)
    assert code == 1
    assert "the id 'z-2025-001' is also the id of row 2 ('Z-2025-001': file names do not tell case apart" in err
    assert _files(folder) == {}


def test_an_id_that_differs_only_in_case_from_a_submission_file_already_there_is_refused(tmp_path: Path) -> None:
    # Z-2025-001.yaml was written beside z-2025-001.yaml (exit 0): two files on Linux, one on Windows and macOS.
    folder = _empty_copy(tmp_path)
    (folder / "submissions").mkdir(exist_ok=True)
    original = (EXAMPLE / "submissions" / "Z-2025-001.yaml").read_text(encoding="utf-8")
    (folder / "submissions" / "z-2025-001.yaml").write_text(original, encoding="utf-8")
    code, _, err = run("import", folder, folder / "aanvragen.csv")
    assert code == 1
    assert (f"aanvragen.csv: row 2: the application 'Z-2025-001' differs only in case from the submission "
            f"'z-2025-001' ({folder}/submissions/z-2025-001.yaml:1); expected an id that differs in more than case"
            ) in err
    assert sorted(p.name for p in (folder / "submissions").iterdir()) == ["z-2025-001.yaml"]


def test_ids_windows_keeps_for_devices_are_refused_and_never_made_slugs(tmp_path: Path) -> None:
    # submissions/nul.yaml on Windows is no file: the application was written to nothing and lost.
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    text = export.read_text(encoding="utf-8-sig")
    export.write_text(text.replace("Z-2025-001;", "Con.1;").replace("Z-2025-002;", "Z-2.;"), encoding="utf-8-sig")
    code, _, err = run("import", folder, export)
    assert code == 1
    assert "row 2, column 'Zaaknummer': 'Con.1' cannot name a file everywhere ('Con' is a device name on Windows, " \
           "not a file name); expected another id" in err
    assert "row 3, column 'Zaaknummer': 'Z-2.' cannot name a file everywhere (Windows drops a '.' at the end of a " \
           "file name); expected another id" in err
    assert _files(folder) == {}
    lines = text.splitlines()
    rows = [line.split(";") for line in lines[1:3]]
    for row, title in zip(rows, ["Nul", "AUX"], strict=True):
        row[0], row[2] = "", title  # no id: the id is the title's slug
    lines[1:] = [";".join(row) for row in rows]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    code, _, err = run("import", folder, export)
    assert code == 0, err
    assert sorted(_files(folder)) == ["aux-2.yaml", "nul-2.yaml"]


def test_a_title_with_line_breaks_quotes_and_yaml_words_reads_back_as_written(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    workbook = openpyxl.load_workbook(folder / "aanvragen.xlsx")
    sheet = workbook["Aanvragen"]
    sheet["C2"] = 'Eerste regel\ntweede: "quote" # geen commentaar \\ \'en\''

    sheet["L2"] = "yes"
    sheet["D2"] = "2024-05-14"
    workbook.save(folder / "aanvragen.xlsx")
    assert run("import", folder, folder / "aanvragen.xlsx")[0] == 0
    from initiatief.api import load_definition

    submission = next(s for s in load_definition(folder).submissions if s.id == "Z-2025-001")
    assert submission.title == 'Eerste regel\ntweede: "quote" # geen commentaar \\ \'en\''

    assert submission.summary == "yes" and submission.applicant.name == "2024-05-14"


@settings(max_examples=300)
@given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")))
def test_any_text_is_written_so_that_it_reads_back_exactly(text: str) -> None:
    import unicodedata

    from initiatief.errors import Problems
    from initiatief.loading.yamlfile import parse_yaml
    from initiatief.output.submission_yaml import quoted

    line = quoted(text)
    assert "\n" not in line
    problems = Problems()
    read = parse_yaml(f"value: {line}\n", "t.yaml", problems)
    control = any(unicodedata.category(c) == "Cc" and c not in "\t\n" for c in text)
    if control:  # refused at loading, as every control character is (they never come out of an export)
        assert problems
    else:
        assert not problems.all(), problems.all()
        assert read["value"] == unicodedata.normalize("NFC", text)


def test_import_then_sheets_then_filled_sheets_then_score_end_to_end(tmp_path: Path) -> None:
    """The whole intake as an official runs it: the export in, a sheet per assessor out, the filled
    sheets back into scores/, and the round scores as the example with its own score file does."""
    from initiatief.api import load_round

    folder = _empty_copy(tmp_path)
    (folder / "scores" / "jury.csv").unlink()
    assert run("import", folder, folder / "aanvragen.xlsx")[0] == 0
    code, _, err = run("sheets", folder, "-o", tmp_path / "sheets")
    assert code == 0, err
    given = load_round(EXAMPLE).scoresheets[0].scores
    book = openpyxl.load_workbook(tmp_path / "sheets" / "jury.xlsx")
    sheet = book["Scores"]
    listed = []
    for row in sheet.iter_rows(min_row=2):
        plan = str(row[0].value)
        listed.append(plan)
        row[2].value, row[3].value = (int(given[plan][c]) for c in ("impact", "draagvlak"))
    assert sorted(listed) == sorted(given)  # the ineligible plan (a profit motive) needs no score
    book.save(folder / "scores" / "jury.xlsx")
    assert run("score", folder, "--format", "json")[1] == run("score", EXAMPLE, "--format", "json")[1]


def test_a_score_missing_from_a_workbook_names_its_sheet_and_row(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    shutil.copytree(EXAMPLE / "submissions", folder / "submissions", dirs_exist_ok=True)
    (folder / "scores" / "jury.csv").unlink()
    assert run("sheets", folder, "-o", tmp_path / "sheets")[0] == 0
    book = openpyxl.load_workbook(tmp_path / "sheets" / "jury.xlsx")
    for row in book["Scores"].iter_rows(min_row=2):
        row[2].value, row[3].value = 4, (None if row[0].value == "Z-2025-002" else 4)
    book.save(folder / "scores" / "jury.xlsx")
    code, _, err = run("validate", folder)
    assert code == 1
    number = next(r[0].row for r in book["Scores"].iter_rows(min_row=2) if r[0].value == "Z-2025-002")
    assert f"scores/jury.xlsx: sheet Scores, row {number}: assessor 'jury' gave no score for submission " \
           "'Z-2025-002' on draagvlak" in err


def test_import_refuses_what_is_no_export_and_an_unknown_encoding(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    code, _, err = run("import", folder, tmp_path)
    assert code == 1 and "is not a file; expected a .csv or .xlsx form export" in err
    notes = tmp_path / "aanvragen.txt"
    notes.write_text("x", encoding="utf-8")
    code, _, err = run("import", folder, notes)
    assert code == 1 and "has the suffix '.txt'; expected a .csv or .xlsx file" in err
    code, _, err = run("import", folder, folder / "aanvragen.csv", "--encoding", "bogus")
    assert code == 2 and "unknown encoding 'bogus'" in err
    # Codecs that are no character set of a file: no traceback (undefined), no backslashes rewritten (unicode_escape).
    for codec in ("undefined", "unicode_escape", "raw_unicode_escape", "base64", "rot13", "idna"):
        code, _, err = run("import", folder, folder / "aanvragen.csv", "--encoding", codec)
        assert code == 2 and "is not the character encoding of a file" in err and "Traceback" not in err, err
    assert _files(folder) == {}


def test_a_received_date_far_from_the_rounds_year_is_refused_with_its_cell(tmp_path: Path) -> None:
    folder = _empty_copy(tmp_path)
    export = folder / "aanvragen.csv"
    text = export.read_text(encoding="utf-8-sig")
    assert ";Noord;03-03-2025;" in text
    export.write_text(text.replace(";Noord;03-03-2025;", ";Noord;03-03-0025;", 1), encoding="utf-8-sig")
    code, _, err = run("import", folder, export)
    assert code == 1
    assert "row 2, column 'Ingediend op': '03-03-0025' is 0025-03-03, far from the round's year 2025; expected a " \
           "date from 2024 to 2026" in err
    assert _files(folder) == {}
