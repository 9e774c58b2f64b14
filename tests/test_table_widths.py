"""Tables that read at any width: ids, amounts, scores and statuses are never broken, whatever the terminal.

Each table is rendered with a rich Console of the width under test. A narrow terminal
leaves out less important columns instead of wrapping an id or an amount over two lines.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from helpers import CHALLENGE, EXAMPLES, ROUNDS
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.text import Text

from initiatief import evaluate, load_round
from initiatief.models import Outcome
from initiatief.output import comparisons
from initiatief.output.cells import Kind, cell_text, kind_of
from initiatief.output.report_view import report_rich
from initiatief.output.rows import pot_rows, result_rows, winner_rows
from initiatief.output.table import FittedTable, _cell_width, outcome_view, results_table
from initiatief.reports.annual import build_report
from initiatief.reports.methods_compared import compare_methods
from initiatief.texts.labels import header

WIDTHS = (80, 100, 160, 200)

SCORE_COLUMNS = ("rank", "id", "title", "applicant", "status", "score", "requested", "awarded", "paid_by", "prize")
WINNER_COLUMNS = ("rank", "id", "title", "applicant", "district", "awarded", "paid_by", "prize")
DUTCH_MONEY = re.compile(r"€ -?\d{1,3}(?:\.\d{3})*,\d{2}")
ENGLISH_MONEY = re.compile(r"-?€\d{1,3}(?:,\d{3})*\.\d{2}")


@pytest.fixture(scope="module")
def challenge() -> Outcome:
    return evaluate(load_round(CHALLENGE))


def render(renderable: RenderableType, width: int) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


def shown_headings(lines: list[str], headings: list[str]) -> set[str]:
    """Return the headings of the last table's header line ('┃ Rang ┃ Id ┃ …')."""
    last = [line for line in lines if line.startswith("┃")][-1]
    cells = {cell.strip() for cell in last.strip("┃").split("┃")}
    return {h for h in headings if h in cells}


def assert_money_whole(lines: list[str], pattern: re.Pattern[str]) -> None:
    """Every '€' in the output starts a whole amount on the same line."""
    for line in lines:
        assert line.count("€") == len(pattern.findall(line)), line


@pytest.mark.parametrize("width", WIDTHS)
def test_the_score_table_never_breaks_an_id_or_an_amount(challenge: Outcome, width: int) -> None:
    lang = challenge.round.language
    rows = result_rows(challenge)
    lines = render(outcome_view(challenge, rows, SCORE_COLUMNS), width)
    assert max(len(line) for line in lines) <= width
    assert_money_whole(lines, DUTCH_MONEY)
    shown = shown_headings(lines, [header(lang, c) for c in SCORE_COLUMNS])
    assert header(lang, "id") in shown
    never_wrapped = [c for c in SCORE_COLUMNS if kind_of(c) in (Kind.MONEY, Kind.SCORE, Kind.STATUS, Kind.COUNT)
                     and header(lang, c) in shown]
    for row in rows:
        (line,) = [line for line in lines if f"│ {row['id']} " in line]  # the whole id, on one line
        for column in never_wrapped:
            text = cell_text(kind_of(column), row[column], lang)
            assert text in line, (column, text, line)


def test_a_wide_terminal_shows_every_column_and_a_narrow_one_the_most_important(challenge: Outcome) -> None:
    lang = challenge.round.language
    headings = [header(lang, c) for c in SCORE_COLUMNS]
    rows = result_rows(challenge)
    wide = shown_headings(render(results_table(rows, SCORE_COLUMNS, lang, ""), 200), headings)
    assert wide == set(headings)
    narrow = shown_headings(render(results_table(rows, SCORE_COLUMNS, lang, ""), 80), headings)
    # The longest id of the round is 47 characters: at 80 there is room for the status and the score.
    assert narrow == {"Id", "Status", "Score"}
    at_100 = shown_headings(render(results_table(rows, SCORE_COLUMNS, lang, ""), 100), headings)
    assert at_100 == {"Rang", "Id", "Status", "Score", "Toegekend"}


@pytest.mark.parametrize("width", WIDTHS)
def test_winners_never_break_an_amount(challenge: Outcome, width: int) -> None:
    lang = challenge.round.language
    rows = winner_rows(challenge)
    lines = render(results_table(rows, WINNER_COLUMNS, lang, "Toekenningen"), width)
    assert max(len(line) for line in lines) <= width
    assert_money_whole(lines, DUTCH_MONEY)
    shown = shown_headings(lines, [header(lang, c) for c in WINNER_COLUMNS])
    assert {"Id", "Toegekend"} <= shown
    for row in rows:
        (line,) = [line for line in lines if f"│ {row['id']} " in line]
        assert cell_text(Kind.MONEY, row["awarded"], lang) in line


@pytest.mark.parametrize("width", (*WIDTHS, *range(41, 121, 7)))
@pytest.mark.parametrize("folder", [CHALLENGE, EXAMPLES / "district-key", EXAMPLES / "lottery-tie"],
                         ids=lambda p: p.name)
def test_the_report_never_breaks_an_amount(folder: Path, width: int) -> None:
    report = build_report(evaluate(load_round(folder)))
    lines = render(report_rich(report), width)
    assert max(len(line) for line in lines) <= width
    # The tables (side by side, or too narrow for that, a heading and a value a line) and the paragraph: never '€'
    # at the end of one line and its amount on the next.
    assert_money_whole(lines, DUTCH_MONEY if report.language == "nl" else ENGLISH_MONEY)
    for pot in report.pots:
        assert any(cell_text(Kind.MONEY, pot.used, report.language) in line for line in lines)


def test_an_english_round_is_english_at_every_width() -> None:
    outcome = evaluate(load_round(EXAMPLES / "lottery-tie"))
    for width in WIDTHS:
        lines = render(outcome_view(outcome, result_rows(outcome), SCORE_COLUMNS), width)
        assert_money_whole(lines, ENGLISH_MONEY)
        assert any("Awarded" in line for line in lines) and not any("Toegekend" in line for line in lines)


def test_a_fitted_table_keeps_its_columns_in_order_and_always_the_first() -> None:
    table = FittedTable("t")
    table.add_fitted_column("a", importance=0)
    table.add_fitted_column("b", importance=2)
    table.add_fitted_column("c", importance=1)
    table.add_row("x" * 30, "y" * 20, "z" * 20)
    console = Console(width=200, file=io.StringIO())
    assert table.fitting(console, 200) == [0, 1, 2]
    assert table.fitting(console, 60) == [0, 2]  # c is more important than b
    assert table.fitting(console, 20) == [0]  # never nothing: the first column stays, even when too wide


@pytest.mark.parametrize("width", WIDTHS)
def test_the_compare_tables_never_break_an_amount(width: int) -> None:
    first, second = (build_report(evaluate(load_round(ROUNDS / name)))
                     for name in ("2017-innovatie-atelier", "2018-innovatie-atelier"))
    lines = render(comparisons.rounds_table(first, second), width)
    assert max(len(line) for line in lines) <= width
    assert_money_whole(lines, DUTCH_MONEY)
    assert any("€ -39.000,00" in line for line in lines)  # the change in money awarded, whole
    round_ = load_round(EXAMPLES / "cofinancing")
    lines = render(comparisons.methods_table(compare_methods(round_), round_), width)
    assert max(len(line) for line in lines) <= width
    assert_money_whole(lines, DUTCH_MONEY)
    assert any("rangschikking" in line for line in lines)  # the round's own method always stays


@given(text=st.text(alphabet=st.sampled_from(["a", "é", "宽", "😀", " ", "\n", "\r", "\t", "\u200b", "-"]),
                    max_size=30),
       width=st.integers(min_value=-1, max_value=40))
def test_a_text_cell_is_measured_as_rich_measures_it(text: str, width: int) -> None:
    # The table measures Text cells itself (each column is measured several times per print); it must give
    # rich's own maximum, or a column would be drawn wider or narrower than rich lays it out.
    console = Console(width=80, file=io.StringIO())
    options = console.options.update_width(width) if width >= 0 else console.options.update(max_width=width)
    cell = Text(text, style="green")
    assert _cell_width(console, options, cell) == Measurement.get(console, options, cell).maximum


@pytest.mark.parametrize("width", (24, 30, 40, 50, 60))
def test_a_terminal_too_narrow_for_the_funnel_and_the_pots_shows_each_figure_whole(challenge: Outcome,
                                                                                    width: int) -> None:
    # Side by side rich would cut them (the 112 ideas shown as 11, € 750,00 as € 75): one heading and value a line.
    lang = challenge.round.language
    lines = render(outcome_view(challenge, result_rows(challenge), ("id",)), width)
    for step, count in challenge.people_funnel:
        assert any(line.split() == [*header(lang, step).split(), str(count)] for line in lines), (step, lines)
    for pot in pot_rows(challenge):
        for key in ("amount", "used", "left"):
            money = cell_text(Kind.MONEY, pot[key], lang)
            assert any(money in line for line in lines), (money, lines)
    assert_money_whole(lines, DUTCH_MONEY)


@pytest.mark.parametrize("command", ["score", "winners", "report"])
def test_a_pipe_without_columns_gets_every_column_and_columns_chooses(command: str) -> None:
    """Piped (`score > out.txt`), rich would draw 80 columns and leave rank and amounts out; a pipe gets every
    column instead, up to PIPE_WIDTH; COLUMNS still chooses."""
    from helpers import run

    from initiatief.output.table import PIPE_WIDTH

    code, out, _ = run(command, CHALLENGE, env={"COLUMNS": ""})
    assert code == 0
    lines = out.splitlines()
    assert 80 < max(len(line) for line in lines) <= PIPE_WIDTH
    headings = {"score": ["Rang", "Toegekend", "Betaald uit", "Aanvrager", "Titel", "Prijs"],
                "winners": ["Rang", "Toegekend", "Betaald uit", "Aanvrager", "Titel"],
                "report": ["Pot", "Bedrag", "Besteed", "Over"]}[command]
    header_cells = {cell.strip() for line in lines if line.startswith("┃") for cell in line.strip("┃").split("┃")}
    assert set(headings) <= header_cells
    # Prose (the report's paragraph) stays at 80, whatever the tables need.
    prose = [line.rstrip() for line in lines if line and line[0] not in "┏┃┡│└"]  # a table's title: padded
    assert prose and max(len(line) for line in prose) <= 80
    assert run(command, CHALLENGE, env={"COLUMNS": "abc"})[1] == out  # a COLUMNS rich cannot read is no width
    code, narrow, _ = run(command, CHALLENGE, columns=80)
    assert code == 0 and max(len(line) for line in narrow.splitlines()) <= 80
