"""Exact amounts and scores written for machines: money as '15000.00', fractions rounded half-up.

These are the formats of JSON and plain CSV (stable, language-free). For people,
texts/formats.py writes '€ 15.000,00' and '36,83' in the round's language.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")


def cents(amount: Decimal) -> str:
    """Return an amount for machines: '15000.00'."""
    return f"{amount.quantize(CENT):.2f}"


def round_fraction(value: Fraction, places: int = 2) -> Decimal:
    """Return an exact fraction rounded half-up to `places` decimals."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def vote_number(votes: Fraction) -> int | Decimal:
    """Return a number of votes for machines: whole as an int, weighted (fractional) rounded half-up to 2 places."""
    return int(votes) if votes.denominator == 1 else round_fraction(votes)


def vote_json(votes: Fraction) -> int | float | JsonNumber:
    """Return a number of votes as JSON writes it: an integer, or a number with two decimals (weighted ballots)."""
    return json_number(vote_number(votes))


class JsonNumber(Decimal):
    """A Decimal that the JSON writer (output/jsontext.py) writes as a JSON number, digit for digit; any other
    Decimal goes to the writer's `default`, as with json.dumps."""


def json_number(number: int | Decimal) -> int | float | JsonNumber:
    """Return a number for JSON: an int as it is; a Decimal as the float that is written with the very same
    digits (12.5), else (more digits than a float holds, or written with an exponent) as a JsonNumber, written
    digit for digit: a weighted total of 1e24 votes is never rounded or written 1e+24."""
    if isinstance(number, int):
        return number
    as_float = float(number)
    text = repr(as_float)
    return as_float if "e" not in text and Decimal(text) == number else JsonNumber(number)
