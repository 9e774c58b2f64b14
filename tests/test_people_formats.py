"""Outputs for people speak the round's language throughout; the report's rows are built once for every format.

Machine formats (JSON, plain CSV) are tested elsewhere to stay as they are; here the
table, Markdown, HTML and --excel CSV: Dutch rounds in Dutch ('€ 12.000,00', '36,83',
'toegekend'), English rounds in English ('€12,000.00', '36.83', 'awarded').
"""

from __future__ import annotations

import ast
import csv
import html
import io
import re
from pathlib import Path

import pytest
from helpers import CHALLENGE, EXAMPLES, MINIMAL, ROOT
from rich.console import Console

from initiatief import evaluate, load_round
from initiatief.output import report_rows
from initiatief.output.cells import Kind, cell_text, spreadsheet_cell
from initiatief.output.csvout import render_csv
from initiatief.output.html import report_html
from initiatief.output.markdown import render_markdown
from initiatief.output.report_view import report_markdown, report_rich
from initiatief.output.rows import RESULT_COLUMNS, result_rows
from initiatief.reports.annual import build_report

ENGLISH = EXAMPLES / "lottery-tie"
DISTRICTS = EXAMPLES / "district-key"


def test_dutch_markdown_is_dutch_throughout() -> None:
    outcome = evaluate(load_round(MINIMAL))
    text = render_markdown(outcome, result_rows(outcome), RESULT_COLUMNS)
    assert "| buurtfonds | € 10.000,00 | € 9.000,00 | € 1.000,00 |" in text
    assert "|      1 | moestuin   | Moestuin achter de bibliotheek |" in text
    assert "| toegekend         |   14,00 |    € 4.000,00 |  € 4.000,00 | buurtfonds: € 4.000,00 |" in text
    assert "niet ontvankelijk" in text and "ineligible" not in text
    assert not re.search(r"\b\d+\.\d\d\b", text)  # no machine amount ('4000.00') left


def test_english_markdown_is_english_throughout() -> None:
    outcome = evaluate(load_round(ENGLISH))
    text = render_markdown(outcome, result_rows(outcome), RESULT_COLUMNS)
    assert "| fund | €6,000.00 | €6,000.00 |  €0.00 |" in text
    assert "| not funded |   11.00 |   €3,000.00 |     €0.00 |" in text
    assert "|   Rank | Id " in text


def test_excel_csv_has_headings_and_statuses_in_the_rounds_language_and_numbers_excel_reads() -> None:
    outcome = evaluate(load_round(MINIMAL))
    text = render_csv(result_rows(outcome), RESULT_COLUMNS, excel=True, language=outcome.round.language)
    assert text.startswith("\ufeffRang;Id;Titel;Aanvrager;Wijk;Fase;Status;Score;Aangevraagd;Toegekend;Betaald uit;")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert rows[1][:11] == ["1", "moestuin", "Moestuin achter de bibliotheek", "Stichting Groen Dichtbij", "noord",
                            "plan", "toegekend", "14,00", "4000,00", "4000,00", "buurtfonds: 4000,00"]
    assert rows[4][6] == "niet ontvankelijk"


def test_excel_csv_of_an_english_round_has_english_words_and_still_decimal_commas() -> None:
    outcome = evaluate(load_round(ENGLISH))
    text = render_csv(result_rows(outcome), RESULT_COLUMNS, excel=True, language=outcome.round.language)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Rank", "Id", "Title"]
    assert rows[3][6:10] == ["not funded", "11,00", "3000,00", "0,00"]


def test_excel_cells_by_kind() -> None:
    nl = load_round(MINIMAL).language
    assert spreadsheet_cell(Kind.MONEY, "1500.00", nl) == "1500,00"  # a machine amount from older rows
    assert spreadsheet_cell(Kind.TEXT, "2024.1", nl) == "2024.1"  # text that looks like a number stays text
    assert spreadsheet_cell(Kind.COUNT, 3, nl) == 3
    assert spreadsheet_cell(Kind.METHOD, "pro-rata", nl) == "naar rato"


def test_excel_leaves_text_that_looks_like_a_number_alone() -> None:
    rows = [{"id": "2017.1", "title": "2024.1", "awarded": "1500.00", "paid_by": {}}]
    text = render_csv(rows, ("id", "title", "awarded"), excel=True)
    assert text.splitlines()[1] == "2017.1;2024.1;1500,00"


@pytest.mark.parametrize("folder", [MINIMAL, DISTRICTS, ENGLISH, CHALLENGE], ids=lambda p: p.name)
def test_every_format_shows_the_same_report_rows(folder: Path) -> None:
    """Markdown, the terminal and the HTML page render the rows of report_rows, cell for cell."""
    outcome = evaluate(load_round(folder))
    report = build_report(outcome)
    markdown = report_markdown(report)
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    console.print(report_rich(report))
    terminal = console.export_text()
    page = html.unescape(report_html(report, outcome)).replace("\u00a0", " ")
    for section in report_rows.sections(report):
        for row in section.rows:
            for column in section.columns:
                text = report_rows.cell(column, row, report.language)
                assert text in markdown, (section.key, column.key, text)
                assert text in terminal, (section.key, column.key, text)
                if section.key in ("districts", "prize-winners"):  # the page draws the others as charts
                    assert f">{text}<" in page, (section.key, column.key, text)
    totals = report_rows.joined(report_rows.totals(report))
    assert totals in markdown and totals in terminal
    for label, value in report_rows.totals(report):
        assert f"<li>{label}<b>{value}</b></li>" in page
    if report.assessed:
        line = report_rows.average_line(report)
        assert line is not None and line in markdown and line in terminal and line in page


def test_the_html_ranked_table_shows_the_score_tables_rows() -> None:
    outcome = evaluate(load_round(MINIMAL))
    page = html.unescape(report_html(build_report(outcome), outcome)).replace("\u00a0", " ")
    for row in result_rows(outcome):
        assert f">{row['title']}<" in page
        assert f">{cell_text(Kind.MONEY, row['awarded'], outcome.round.language)}<" in page
    assert '<span class="status status-awarded">toegekend</span>' in page


def test_html_does_not_import_the_markdown_and_terminal_renderers() -> None:
    source = (ROOT / "initiatief" / "output" / "html.py").read_text(encoding="utf-8")
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert "initiatief.output.report_view" not in imported
    assert "initiatief.output.report_rows" in imported
