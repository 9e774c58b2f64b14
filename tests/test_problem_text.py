"""A problem echoes a long value shortened, its length the value's own: quotes and punctuation around it not counted."""

from __future__ import annotations

import pytest

from initiatief.errors import MAX_WORD, Problem


@pytest.mark.parametrize(("around", "after"), [("'", "'"), ('"', '",'), ("(", ");"), ("", "")])
def test_a_long_value_is_shortened_and_counted_without_its_quotes(around: str, after: str) -> None:
    value = "a" * 40 + "b" * 250 + "c" * 10
    text = str(Problem("f.yaml", 3, f"the id {around}{value}{after} is wrong"))
    assert text == f"f.yaml:3: the id {around}{'a' * 40}…{'c' * 10}{after} (300 characters) is wrong"


def test_a_value_at_the_limit_is_shown_whole_and_a_run_of_punctuation_is_shortened() -> None:
    value = "x" * MAX_WORD
    assert value in str(Problem("f", 1, f"'{value}' is wrong"))
    dots = "." * 50_000
    text = str(Problem("f", 1, f"the kind is '{dots}'"))
    assert text == f"f:1: the kind is '{'.' * 39}…{'.' * 9}' (50,002 characters)" and len(text) < 100
