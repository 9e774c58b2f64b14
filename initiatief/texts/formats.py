"""Money, numbers, shares and dates as people write them in the round's language (nl or en).

Every output for people (tables, Markdown, the HTML report, --excel CSV) writes its
figures with these; JSON and plain CSV write amounts.cents and ISO dates instead.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple

from initiatief.amounts import CENT, round_fraction
from initiatief.models import Language

_MONTHS = {
    Language.NL: ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                  "oktober", "november", "december"),
    Language.EN: ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"),
}


def money(amount: Decimal, language: Language) -> str:
    """Return an amount for people: '€ 15.000,00' in Dutch, '€15,000.00' in English.

    A negative amount (a change between two rounds) is '€ -1.500,00' in Dutch (as Dutch
    Excel writes it) and '-€1,500.00' in English.
    """
    plain = f"{amount.quantize(CENT):,.2f}"
    if language == Language.NL:
        return "€ " + _dutch(plain)
    if plain.startswith("-"):
        return "-€" + plain[1:]
    return "€" + plain


def signed_money(amount: Decimal, language: Language) -> str:
    """Return a change of an amount with its sign where `money` puts a minus: '€ +4.700,00' and '€ -3.000,00' in
    Dutch, '+€4,700.00' and '-€3,000.00' in English; no sign for no change."""
    shown = money(amount, language)
    if amount.quantize(CENT) <= 0:
        return shown
    return "€ +" + shown[2:] if language == Language.NL else "+" + shown


def spreadsheet_number(value: Decimal, places: int = 2) -> str:
    """Return a number for Dutch Excel (--excel): a decimal comma, no thousands separator, no '€': '15000,00'.

    Dutch Excel reads such a cell as a number it can add up; '€ 15.000,00' would be text.
    """
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}".replace(".", ",")


def decimal(value: Decimal | Fraction, language: Language, places: int = 2) -> str:
    """Return a number rounded half-up to `places` decimals with the language's decimal mark: '36,83'."""
    exact = value if isinstance(value, Decimal) else round_fraction(value, places)
    shown = f"{exact.quantize(Decimal(1).scaleb(-places)):f}" if isinstance(value, Decimal) else f"{exact:f}"
    return shown.replace(".", ",") if language == Language.NL else shown


def score_text(score: Fraction, language: Language, places: int = 2) -> str:
    """Return a score rounded half-up to `places` decimals, with the language's decimal mark."""
    return decimal(score, language, places)


MOST_PLACES = 6
"""The most decimals `telling_places` shows to tell two different scores apart."""


def telling_places(below: Fraction, above: Fraction, places: int = 2) -> int:
    """Return the decimals that show `below` < `above` as different numbers: `places`, or more where rounding
    would show them alike (4.996… below 5 reads 4.9967 and 5.0000, not 5.00 and 5.00), at most MOST_PLACES."""
    while places < MOST_PLACES and below < above and round_fraction(below, places) >= round_fraction(above, places):
        places += 1
    return places


class Counted(str):
    """A number as written (a count, a number of votes) that a phrase may follow with its noun, singular or plural:
    in a phrase, '{voters:stemmer|stemmers}' reads '1 stemmer', '2 stemmers', '1,5 stemmers' (the plural for every
    number but exactly one); '{voters}' is the number alone."""

    one: bool

    def __new__(cls, text: str, value: object) -> Counted:
        made = super().__new__(cls, text)
        made.one = value == 1 and not isinstance(value, bool)
        return made

    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return str.__format__(str(self), spec)
        singular, plural = spec.split("|", 1)
        return f"{self} {singular if self.one else plural}"


class ByCount(NamedTuple):
    """A phrase in two forms, by a count parameter: `one` for exactly one (the verb agrees: 'de 1 stemmer die het
    steunde'), `many` for any other number."""

    param: str
    one: str
    many: str


def by_count(text: str | ByCount, params: tuple[tuple[str, object], ...]) -> str:
    """Return the phrase itself, or the form of a ByCount for its count among `params`."""
    if isinstance(text, str):
        return text
    value = dict(params)[text.param]
    if isinstance(value, Counted):  # a number written already: it knows whether it is one
        return text.one if value.one else text.many
    return text.one if value == 1 and not isinstance(value, bool) else text.many


def votes_text(value: Fraction, language: Language) -> str:
    """Return a number of votes: whole as a count ('1.234' from 10,000 on), weighted with two decimals."""
    if value.denominator == 1:
        return count(int(value), language)
    return decimal(value, language)


def plain_number(value: Decimal, language: Language) -> str:
    """Return a number as written, without trailing zeros: '2', '0,5' (a weight, a scale end)."""
    shown = f"{value.normalize():f}"
    return shown.replace(".", ",") if language == Language.NL else shown


def percent(share: Decimal, language: Language) -> str:
    """Return a share as a percentage: '50%', '12,5%'."""
    shown = f"{(share * 100).normalize():f}"
    return (shown.replace(".", ",") if language == Language.NL else shown) + "%"


SHARE_PLACES = 2
"""The most decimals `share_percent` shows where a whole percentage would hide that a share is not 0 or not all."""


def share_places(share: Fraction) -> int:
    """Return the decimals a share needs as a percentage: 0 ('43%'), or more where the whole percentage would read
    0% for a share above nothing or 100% for a share below all (5 voters of 12,000 residents: 0,04%, not 0%), at
    most SHARE_PLACES."""
    places = 0
    while places < SHARE_PLACES and _looks_whole_or_nothing(share, places):
        places += 1
    return places


def _looks_whole_or_nothing(share: Fraction, places: int) -> bool:
    shown = round_fraction(share * 100, places)
    return (0 < share and shown == 0) or (share < 1 and shown == 100)


def share_percent(share: Fraction, language: Language) -> str:
    """Return a share as a percentage rounded half-up to whole percents: '43%' (part of a whole, e.g. of the first
    stage); with up to two decimals where a whole percentage would read 0% or 100% but the share is not
    ('0,04%', '99,96%'); below 0,01% a share above nothing reads '<0,01%', and above 99,99% one below all '>99,99%'."""
    places = share_places(share)
    if _looks_whole_or_nothing(share, places):
        edge = Decimal(1).scaleb(-places)
        bound, sign = (edge, "<") if share < Fraction(1, 2) else (100 - edge, ">")
        return sign + decimal(bound, language, places) + "%"
    return decimal(round_fraction(share * 100, places), language, places) + "%"


def number_range(low: Decimal, high: Decimal, language: Language) -> str:
    """Return a scale as people write it: '1–5', '0,5–2,5'."""
    return f"{plain_number(low, language)}–{plain_number(high, language)}"


def long_date(date: dt.date, language: Language) -> str:
    """Return a date as people write it: '1 december 2026', '1 December 2026'."""
    return f"{date.day} {_MONTHS[Language(language)][date.month - 1]} {date.year}"


def count(value: int, language: Language) -> str:
    """Return a whole number with the language's thousands separator from 10,000 on: '9999', '10.000'."""
    if value < 10000:
        return str(value)
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if language == Language.NL else grouped


TABLES = (_MONTHS,)
"""The phrase tables of this module (one entry per language), checked by tests/test_texts.py."""


def _dutch(text: str) -> str:
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
