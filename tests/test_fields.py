"""fields: money exact to the cent, percentages, ids, choices with suggestions, dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from initiatief.errors import Problem, Problems, suggest
from initiatief.loading.fields import Fields, type_name
from initiatief.loading.yamlfile import YMap, parse_yaml
from initiatief.models import to_decimal


def reader() -> tuple[Fields, Problems]:
    problems = Problems()
    return Fields(problems, "round.yaml"), problems


def only(problems: Problems) -> Problem:
    assert len(problems.items) == 1, problems.items
    return problems.items[0]


def ymap(text: str) -> YMap:
    problems = Problems()
    value = parse_yaml(text, "x.yaml", problems)
    assert not problems and isinstance(value, YMap)
    return value


# --- money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (15000, "15000.00"),
        ("15000", "15000.00"),
        ("15000.5", "15000.50"),
        (Decimal("12500.50"), "12500.50"),
        (Decimal("0.01"), "0.01"),
        (Decimal("1.5E+3"), "1500.00"),
    ],
)
def test_money_is_exact_to_the_cent(value: Any, expected: str) -> None:
    f, problems = reader()
    amount = f.money(value, 4, "cost")
    assert not problems
    assert amount is not None
    assert str(amount) == expected
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize("value", [Decimal("15.000"), "15.000", Decimal("0.001"), "1.234"])
def test_money_with_more_than_two_decimals_is_refused(value: Any) -> None:
    f, problems = reader()
    assert f.money(value, 4, "cost") is None
    problem = only(problems)
    assert problem.line == 4
    assert "more than two decimals" in problem.problem
    # '15.000' is most likely fifteen thousand written with a Dutch thousands separator.
    assert problem.hint is not None and "thousands separator" in problem.hint


@pytest.mark.parametrize("value", ["15,000", "€ 15000", "1e3", "15 000", "vijftig"])
def test_money_text_that_is_not_a_plain_number_is_refused(value: str) -> None:
    f, problems = reader()
    assert f.money(value, 2, "requested") is None
    problem = only(problems)
    assert problem.problem == f"requested is '{value}'"
    assert problem.hint is not None and "plain number" in problem.hint


@pytest.mark.parametrize("value", [-5, "-5", Decimal("-0.01")])
def test_negative_money_is_refused(value: Any) -> None:
    f, problems = reader()
    assert f.money(value, 2, "requested") is None
    assert only(problems).expected == "an amount of more than 0"


def test_zero_is_refused_unless_allowed() -> None:
    f, problems = reader()
    assert f.money(0, 2, "requested") is None
    assert only(problems).expected == "an amount of more than 0"
    f, problems = reader()
    assert f.money(0, 2, "pot amount", positive=False) == Decimal("0.00")
    assert not problems
    f, problems = reader()
    assert f.money(-1, 2, "pot amount", positive=False) is None
    assert only(problems).expected == "an amount of 0 or more"


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_money_must_be_finite(value: Decimal) -> None:
    f, problems = reader()
    assert f.money(value, 2, "cost") is None
    assert only(problems).expected == "a finite amount"


@pytest.mark.parametrize("value", [True, None, [1], "NaN"])
def test_money_of_the_wrong_kind_is_refused(value: Any) -> None:
    f, problems = reader()
    assert f.money(value, 2, "cost") is None
    assert only(problems).problem.startswith("cost is ")


def test_absurd_money_is_refused() -> None:
    f, problems = reader()
    assert f.money(10**13, 2, "ceiling") is None
    assert "absurdly large" in only(problems).problem


def test_money_read_from_yaml_keeps_the_cents() -> None:
    m = ymap("a: 0.10\nb: 15.000\nc: .nan\n")
    f, problems = reader()
    assert f.money(m["a"], m.line_of("a"), "a") == Decimal("0.10")
    assert f.money(m["b"], m.line_of("b"), "b") is None
    assert f.money(m["c"], m.line_of("c"), "c") is None
    assert [p.line for p in problems.items] == [2, 3]


# --- percentages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50%", Decimal("0.5")),
        (" 12,5 % ", Decimal("0.125")),
        ("100%", Decimal(1)),
        ("0%", Decimal(0)),
        (Decimal("0.5"), Decimal("0.5")),
        (1, Decimal(1)),
        (0, Decimal(0)),
    ],
)
def test_percent_accepts_text_with_a_percent_sign_or_a_fraction(value: Any, expected: Decimal) -> None:
    f, problems = reader()
    assert f.percent(value, 3, "share") == expected
    assert not problems


def test_percent_written_as_a_whole_number_is_refused_with_a_hint() -> None:
    f, problems = reader()
    assert f.percent(50, 3, "share") is None
    problem = only(problems)
    assert problem.line == 3
    assert problem.expected == "a percentage such as 50%"
    assert problem.hint == "write 50%"


@pytest.mark.parametrize("value", ["150%", "-5%", Decimal("-0.1")])
def test_percent_outside_0_to_100_is_refused(value: Any) -> None:
    f, problems = reader()
    assert f.percent(value, 3, "share") is None
    assert only(problems).expected == "a percentage from 0% to 100%"


@pytest.mark.parametrize("value", ["half", "50", Decimal("NaN"), True, None])
def test_percent_that_is_no_number_is_refused(value: Any) -> None:
    f, problems = reader()
    assert f.percent(value, 3, "share") is None
    assert only(problems).expected == "a percentage such as 50%"


# --- other scalars --------------------------------------------------------------------


def test_number_accepts_finite_numbers_only() -> None:
    f, problems = reader()
    assert f.number(3, 1, "weight") == Decimal(3)
    assert f.number("2.5", 1, "weight") == Decimal("2.5")
    assert f.number(Decimal("NaN"), 2, "weight") is None
    assert f.number("x", 3, "weight") is None
    assert f.number(False, 4, "weight") is None
    assert [p.line for p in problems.items] == [2, 3, 4]


def test_identifier_rules() -> None:
    m = ymap("a: goed-id_1.2\nb: 'met spatie'\nc: -begint-met-streep\nd: 2017\n")
    f, problems = reader()
    assert f.identifier(m, "a", "pot") == "goed-id_1.2"
    assert f.identifier(m, "d", "pot") == "2017"
    assert f.identifier(m, "b", "pot") is None
    assert f.identifier(m, "c", "pot") is None
    assert f.identifier(m, "missing", "pot", "default") == "default"
    assert [p.line for p in problems.items] == [2, 3]
    assert "characters that are not allowed" in problems.items[0].problem


def test_text_refuses_empty_and_non_text() -> None:
    m = ymap("a: ' '\nb: true\nc: [x]\nd: 12\n")
    f, problems = reader()
    assert f.text(m, "a", "round") is None
    assert f.text(m, "b", "round") is None
    assert f.text(m, "c", "round") is None
    assert f.text(m, "d", "round") == "12"
    assert [p.line for p in problems.items] == [1, 2, 3]


def test_choice_suggests_the_closest_option() -> None:
    m = ymap("combine: meen\n")
    f, problems = reader()
    assert f.choice(m, "combine", "assessment", ["mean", "median"], "mean") == "mean"
    problem = only(problems)
    assert problem.problem == "assessment 'combine' is 'meen'"
    assert problem.hint == "did you mean 'mean'?"


def test_boolean_and_integer() -> None:
    m = ymap("a: true\nb: 'yes'\nc: 5\nd: 99\ne: 1.5\n")
    f, problems = reader()
    assert f.boolean(m, "a", "grants", False) is True
    assert f.boolean(m, "b", "grants", False) is False
    assert f.boolean(m, "missing", "grants", True) is True
    assert f.integer(m, "c", "prize", 1, 10) == 5
    assert f.integer(m, "d", "prize", 1, 10) is None
    assert f.integer(m, "e", "prize", 1, 10) is None
    assert [p.line for p in problems.items] == [2, 4, 5]


def test_date_accepts_yaml_dates_and_iso_text() -> None:
    f, problems = reader()
    assert f.date(dt.date(2017, 5, 2), 1, "received") == dt.date(2017, 5, 2)
    assert f.date("2017-05-02", 1, "received") == dt.date(2017, 5, 2)
    assert f.date("2-5-2017", 7, "received") is None
    assert only(problems).expected == "a date as YYYY-MM-DD"


def test_date_refuses_a_date_with_a_time_of_day_rather_than_drop_the_time() -> None:
    f, problems = reader()
    assert f.date(dt.datetime(2017, 5, 2, 13, 0), 3, "received") is None
    problem = only(problems)
    assert (problem.line, problem.problem) == (3, "received is the date and time 2017-05-02 13:00:00")
    assert problem.hint == "only the day is used: write 2017-05-02"


@pytest.mark.parametrize("text", ["4_0", "1_0.5", " 1_0 "])
def test_number_refuses_text_that_only_python_reads_as_a_number(text: str) -> None:
    f, problems = reader()
    assert f.number(text, 2, "the score") is None
    assert only(problems).problem == f"the score is '{text}'"


@pytest.mark.parametrize("text", ["4", " 4.5 ", "-1", "+2", ".5", "4.", "1e3", "2.5E-1"])
def test_number_reads_numbers_written_as_text(text: str) -> None:
    f, problems = reader()
    assert f.number(text, 2, "the score") == Decimal(text.strip())
    assert not problems.items


def test_keys_reports_unknown_with_suggestion_and_missing() -> None:
    m = ymap("idd: x\namount: 5\n")
    f, problems = reader()
    assert f.keys(m, "pot", ("id", "amount"), ("label",)) is False
    by_problem = {p.problem: p for p in problems.items}
    assert by_problem["unknown key 'idd' in pot"].hint == "did you mean 'id'?"
    assert by_problem["unknown key 'idd' in pot"].line == 1
    assert "pot has no 'id'" in by_problem


def test_helpers() -> None:
    assert suggest("impakt", ["impact", "draagvlak"]) == "did you mean 'impact'?"
    assert suggest("zzz", ["impact"]) is None
    assert to_decimal(True) is None
    assert to_decimal(" 2.5 ") == Decimal("2.5")
    assert to_decimal("x") is None
    assert to_decimal(1.5) is None  # a binary float never becomes money
    assert type_name(None) == "nothing"
    assert type_name(False) == "a yes/no value (false)"
    assert type_name({}) == "a mapping"
    assert type_name(dt.date(2020, 1, 2)) == "the date 2020-01-02"


def test_a_share_with_decimals_above_one_is_not_simply_called_a_percentage() -> None:
    problems = Problems()
    assert Fields(problems, "round.yaml").percent(Decimal("1.5"), 3, "assessment pass") is None
    assert problems.items[0].hint == (
        "write 1.5% if you mean 1.5 percent; a fraction is written from 0 to 1, e.g. 0.6 for 60%"
    )


@pytest.mark.parametrize(("text", "shown"), [
    ("kind: yes\n", "is a yes/no value (true)"), ("kind: [person]\n", "is a list"), ("kind: Person\n", "is 'Person'"),
])
def test_a_choice_quotes_only_what_was_written(text: str, shown: str) -> None:
    f, problems = reader()
    assert f.choice(ymap(text), "kind", "applicant", ["organisation", "person"], "organisation") == "organisation"
    assert only(problems).problem == f"applicant 'kind' {shown}"
