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


def vote_json(votes: Fraction) -> int | float:
    """Return a number of votes as JSON writes it: an integer, or a number with two decimals (weighted ballots)."""
    number = vote_number(votes)
    return number if isinstance(number, int) else float(number)
