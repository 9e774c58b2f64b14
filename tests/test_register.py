"""The public subsidy register: Amsterdam's columns, Excel's dialect, personal data masked, formulas defused."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import CHALLENGE, EXAMPLES, MINIMAL, invoke

from initiatief import evaluate, load_round
from initiatief.output.register import REGISTER_COLUMNS, register_rows, render_register

HEADER = (
    "DOSSIERNUMMER;AANVRAGER;REGELINGNAAM;BELEIDSTERREIN;ORGANISATIEONDERDEEL;PROJECT_NAAM;TYPE_PERIODICITEIT;"
    "BEDRAG_AANGEVRAAGD;BEDRAG_VERLEEND;BEDRAG_VASTGESTELD;SUBSIDIEJAAR"
)


def parse(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_header_bom_semicolons_and_crlf() -> None:
    text = render_register(evaluate(load_round(MINIMAL)))
    assert text.startswith("\ufeff" + HEADER + "\r\n")
    assert ";".join(REGISTER_COLUMNS) == HEADER
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF, none in a bare LF
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_one_row_per_funded_plan_with_decimal_comma_and_private_persons_masked() -> None:
    rows = parse(render_register(evaluate(load_round(MINIMAL))))
    assert rows[1:] == [
        ["2024-moestuin", "Stichting Groen Dichtbij", "Buurtfonds Voorbeeld 2024", "", "",
         "Moestuin achter de bibliotheek", "Eenmalig", "4000,00", "4000,00", "", "2024"],
        ["2024-speeltuin", "(Particulier)", "Buurtfonds Voorbeeld 2024", "", "",
         "Opknapdag speeltuin", "Eenmalig", "5000,00", "5000,00", "", "2024"],
    ]
    text = render_register(evaluate(load_round(MINIMAL)))
    assert "Anna de Vries" not in text and "anna@example.org" not in text


def test_amounts_have_no_thousands_separator(tmp_path: Path) -> None:
    rows = register_rows(evaluate(load_round(EXAMPLES / "cofinancing")))
    assert [(r["DOSSIERNUMMER"], r["BEDRAG_AANGEVRAAGD"], r["BEDRAG_VERLEEND"]) for r in rows] == [
        ("2024-kas-noord", "6000,00", "6000,00"),
        ("2024-bankjes-zuid", "4000,00", "4000,00"),
        ("2024-bieb-noord", "4000,00", "4000,00"),
    ]
    assert all(r["BEDRAG_VASTGESTELD"] == "" for r in rows)  # set when the grant is settled


@pytest.mark.skipif(not CHALLENGE.is_dir(), reason="rounds/2017-sociale-ondernemers-challenge does not exist yet")
def test_prizes_get_rows_of_their_own_and_everything_adds_up() -> None:
    outcome = evaluate(load_round(CHALLENGE))
    rows = register_rows(outcome)
    prizes = [r for r in rows if r["DOSSIERNUMMER"].endswith("-prijs")]
    assert [(r["DOSSIERNUMMER"], r["AANVRAGER"], r["PROJECT_NAAM"], r["BEDRAG_AANGEVRAAGD"], r["BEDRAG_VERLEEND"])
            for r in prizes] == [
        ("2017-waste-no-wasteland-prijs", "Waterrijk Pioniers", "Waste no wasteland (Prijswinnaar)", "", "5000,00"),
        ("2017-fietsvriend-fred-prijs", "Stichting Goed Bezig", "Fietsvriend Fred (Prijswinnaar)", "", "5000,00"),
        ("2017-bedrijfskantine-op-bakfietswielen-prijs", "Werkpodium Kraack",
         "De bedrijfskantine op bakfietswielen (Prijswinnaar)", "", "5000,00"),
    ]
    assert len(rows) == 31 + 3
    # Each prize row follows the award of its plan.
    assert rows[0]["DOSSIERNUMMER"] == "2017-waste-no-wasteland" and rows[1] is prizes[0]
    total = sum((Decimal(r["BEDRAG_VERLEEND"].replace(",", ".")) for r in rows), Decimal(0))
    assert total == sum((use.used for use in outcome.pots), Decimal(0))  # every pot, awards and prizes
    assert len({r["DOSSIERNUMMER"] for r in rows}) == len(rows)
    assert "@" not in render_register(outcome)  # no e-mail address, no contact details


def test_formula_cells_are_neutralised(tmp_path: Path) -> None:
    folder = tmp_path / "minimal"
    shutil.copytree(MINIMAL, folder)
    submission = folder / "submissions" / "moestuin.yaml"
    submission.write_text(submission.read_text(encoding="utf-8")
                          .replace("Moestuin achter de bibliotheek", "'=HYPERLINK(\"http://x\";\"klik\")'")
                          .replace("Stichting Groen Dichtbij", "'@SUM(1+1)'"),
                          encoding="utf-8")
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace(
        "name: Buurtfonds Voorbeeld 2024", "name: '+31 fonds; \"buurt\"'"), encoding="utf-8")
    outcome = evaluate(load_round(folder))
    rows = parse(render_register(outcome))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["PROJECT_NAAM"] == "'=HYPERLINK(\"http://x\";\"klik\")"
    assert first["AANVRAGER"] == "'@SUM(1+1)"
    assert first["REGELINGNAAM"] == "'+31 fonds; \"buurt\""  # a semicolon in a cell is quoted, not a new column
    assert len(rows[1]) == len(REGISTER_COLUMNS)
    # The rows themselves stay as written (for JSON); only the CSV defuses them.
    assert register_rows(outcome)[0]["PROJECT_NAAM"] == "=HYPERLINK(\"http://x\";\"klik\")"


def test_an_english_rounds_register_masks_in_the_registers_dutch(tmp_path: Path) -> None:
    # The register is Amsterdam's Dutch open-data layout, a machine format: '(Particulier)' in every round,
    # like 'Eenmalig' (docs/report.md).
    folder = tmp_path / "lottery-tie"
    shutil.copytree(EXAMPLES / "lottery-tie", folder)
    submission = folder / "submissions" / "koor.yaml"  # awarded (rank 2)
    submission.write_text(submission.read_text(encoding="utf-8").replace(
        "applicant: {name: Neighbourhood choir association}",
        "applicant: {name: Jan Jansen, kind: person, contact: jan@example.org}"), encoding="utf-8")
    outcome = evaluate(load_round(folder))
    rows = register_rows(outcome)
    assert [(r["DOSSIERNUMMER"], r["AANVRAGER"]) for r in rows] == [
        ("2024-zwemles", "Swimming lessons for newcomers association"), ("2024-koor", "(Particulier)"),
    ]
    assert "jan@example.org" not in render_register(outcome)
    assert all(r["TYPE_PERIODICITEIT"] == "Eenmalig" for r in rows)


def test_export_register_opens_as_columns(tmp_path: Path) -> None:
    target = tmp_path / "register.csv"
    result = invoke("export", CHALLENGE, "--register", "-o", target)
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith("\ufeffDOSSIERNUMMER;AANVRAGER;".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    awards = [r for r in rows if not r["DOSSIERNUMMER"].endswith("-prijs")]
    assert len(awards) == 31
    assert {r["SUBSIDIEJAAR"] for r in rows} == {"2017"}
    assert rows[0]["BELEIDSTERREIN"] == "Actief burgerschap en bewonersinitiatieven"
    assert all("," in r["BEDRAG_VERLEEND"] and "." not in r["BEDRAG_VERLEEND"] for r in rows)


def test_register_refuses_options_it_ignores(tmp_path: Path) -> None:
    result = invoke("export", CHALLENGE, "--register", "--include-personal", "-o", tmp_path / "r.csv")
    assert result.exit_code == 2
    assert not (tmp_path / "r.csv").exists()


def test_a_register_named_json_is_told_to_be_named_csv_not_to_change_a_format_it_refuses(tmp_path: Path) -> None:
    result = invoke("export", CHALLENGE, "--register", "-o", tmp_path / "r.json")
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert "the subsidy register is CSV; name the file .csv" in message
    assert "--format" not in message.split("subsidy register is CSV")[1]
    assert not (tmp_path / "r.json").exists()


def test_a_what_if_method_writes_no_register(tmp_path: Path) -> None:
    # A register under another method looks like the real one: it is refused, and nothing is written.
    out = tmp_path / "register.csv"
    result = invoke("export", CHALLENGE, "--register", "--method", "lottery", "-o", out)
    assert result.exit_code == 1
    assert "the subsidy register publishes what the round decided (by its method 'ranking'); --method lottery is " \
           "a what-if run" in result.stderr
    assert not out.exists()
    assert invoke("export", CHALLENGE, "--register", "--method", "ranking", "-o", out).exit_code == 0  # its own
