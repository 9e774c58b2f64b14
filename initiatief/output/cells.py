"""The cells of the outputs for people: a row's value as people read it, in the round's language.

Every format for people renders its rows through here: the terminal tables
(output/table.py), Markdown (output/markdown.py, output/report_view.py), the HTML
report (output/html.py) and the --excel CSV (output/csvout.py). What a value looks
like depends on its column's Kind:

| kind   | nl              | en              | --excel (nl / en round) |
|--------|-----------------|-----------------|-------------------------|
| MONEY  | € 15.000,00     | €15,000.00      | 15000,00                |
| SCORE  | 36,83           | 36.83           | 36,83                   |
| COUNT  | 48, 10.000      | 48, 10,000      | 48, 10000               |
| STATUS | toegekend       | awarded         | toegekend / awarded     |
| METHOD | naar rato       | pro rata        | naar rato / pro rata    |
| DATE   | 1 december 2026 | 1 December 2026 | 2026-12-01              |

Machine formats (JSON, plain CSV) never come here: they keep output/rows.flat and
amounts.cents ('15000.00', ISO dates, English keys).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

from initiatief.amounts import round_fraction
from initiatief.models import Language
from initiatief.texts.formats import (
    count,
    decimal,
    long_date,
    money,
    number_range,
    plain_number,
    score_text,
    share_percent,
    signed_money,
    spreadsheet_number,
)
from initiatief.texts.labels import applicant_kind_label, header, method_label, status_label


class Kind(Enum):
    """What a column holds, which decides how people see it."""

    TEXT = "text"  # a text from the round (title, name, label): may wrap
    ID = "id"  # an id (submission, district, pot): never wraps
    STATUS = "status"  # a Status value: its label
    METHOD = "method"  # a Method value: its name
    MONEY = "money"  # a Decimal amount
    SCORE = "score"  # a Fraction, or a Decimal already rounded: two decimals
    COUNT = "count"  # an int
    NUMBER = "number"  # a Decimal as written (a weight): '2', '1,5'
    SHARE = "share"  # a Fraction of a whole: a whole percentage
    RANGE = "range"  # a (low, high) scale: '1–5'
    IDS = "ids"  # a sequence of ids: 'noord, zuid'
    PAID_BY = "paid_by"  # pot id → amount
    REASONS = "reasons"  # a sequence of sentences
    DATE = "date"  # a datetime.date
    FIGURE = "figure"  # money (Decimal), a score (Fraction) or a count (int), whichever the value is
    CHANGE = "change"  # a FIGURE with its sign: '+5', '€ -1.500,00'
    OUTCOME = "outcome"  # a (status, amount) pair: 'toegekend € 4.000,00'
    VOTES = "votes"  # a number of votes: an int, or a Decimal (weighted ballots) with two decimals
    APPLICANT_KIND = "applicant_kind"  # an ApplicantKind value: its label ('particulier')


NUMERIC = frozenset({Kind.MONEY, Kind.SCORE, Kind.COUNT, Kind.NUMBER, Kind.SHARE, Kind.RANGE, Kind.FIGURE,
                     Kind.CHANGE, Kind.VOTES})
"""Kinds shown right-aligned (and with class 'num' in HTML)."""

WRAPS = frozenset({Kind.TEXT, Kind.IDS, Kind.REASONS})
"""Kinds a narrow table may wrap over several lines. Ids, amounts, statuses and the rest never wrap."""

COLUMN_KINDS: dict[str, Kind] = {
    "rank": Kind.COUNT, "id": Kind.ID, "title": Kind.TEXT, "applicant": Kind.TEXT, "district": Kind.ID,
    "stage": Kind.ID, "status": Kind.STATUS, "score": Kind.SCORE, "votes": Kind.VOTES, "requested": Kind.MONEY,
    "awarded": Kind.MONEY, "paid_by": Kind.PAID_BY, "prize": Kind.TEXT, "prize_amount": Kind.MONEY,
    "reasons": Kind.REASONS, "applicant_kind": Kind.APPLICANT_KIND, "contact": Kind.TEXT, "label": Kind.TEXT,
    "amount": Kind.MONEY, "used": Kind.MONEY, "left": Kind.MONEY, "moved": Kind.MONEY,
    "method": Kind.METHOD, "funded": Kind.COUNT, "total": Kind.MONEY, "differ": Kind.COUNT, "problem": Kind.TEXT,
    "group": Kind.TEXT, "name": Kind.TEXT, "first": Kind.FIGURE, "second": Kind.FIGURE, "change": Kind.CHANGE,
}
"""The kind of each column of output/rows.py (and of the compare rows); any other column is TEXT."""


@dataclass(frozen=True)
class Column:
    """A column for people: the key of its value in each row, its heading in the round's language, its kind.

    `importance` orders what a narrow terminal keeps: 0 is always shown, higher numbers
    are left out first (output/table.py). `least` is the narrowest a wrapping column
    is worth showing at.
    """

    key: str
    heading: str
    kind: Kind = Kind.TEXT
    importance: int = 0
    least: int = 20

    @property
    def numeric(self) -> bool:
        """Return whether the column is right-aligned."""
        return self.kind in NUMERIC

    @property
    def wraps(self) -> bool:
        """Return whether the column may wrap over several lines."""
        return self.kind in WRAPS


IMPORTANCE: dict[str, int] = {
    "id": 0, "status": 1, "awarded": 2, "score": 3, "votes": 3, "rank": 4, "prize": 5, "title": 6, "prize_amount": 6,
    "requested": 7, "applicant": 8, "paid_by": 9, "district": 10, "stage": 11, "reasons": 12, "applicant_kind": 13,
    "contact": 14,
}
"""What a narrow terminal keeps first, by column key (lower is kept first; unknown columns count as 0)."""


def columns_for(keys: Iterable[str | Column], language: Language) -> tuple[Column, ...]:
    """Return Columns for column keys of output/rows.py (headings in `language`); Columns pass as they are."""
    return tuple(
        key if isinstance(key, Column)
        else Column(key, header(language, key), kind_of(key), IMPORTANCE.get(key, 0))
        for key in keys
    )


def kind_of(column: str) -> Kind:
    """Return the kind of a column of output/rows.py: TEXT for any column it does not know."""
    return COLUMN_KINDS.get(column, Kind.TEXT)


def cell_text(kind: Kind, value: Any, language: Language, empty: str = "") -> str:
    """Return a value as people read it in `language`: '€ 15.000,00', '36,83', 'toegekend'; None as `empty`.

    A value that is already text (a label, a title, a '-') is shown as it is.
    """
    if value is None:
        return empty
    if isinstance(value, str) and kind not in (Kind.STATUS, Kind.METHOD, Kind.APPLICANT_KIND):
        return value
    match kind:
        case Kind.STATUS:
            return status_label(language, str(value))
        case Kind.APPLICANT_KIND:
            return applicant_kind_label(language, str(value))
        case Kind.METHOD:
            return method_label(language, str(value))
        case Kind.MONEY:
            return money(value, language)
        case Kind.SCORE:
            return score_cell(value, language, empty)
        case Kind.VOTES:
            return count(value, language) if isinstance(value, int) else decimal(value, language)
        case Kind.NUMBER:
            return plain_number(value, language)
        case Kind.SHARE:
            return share_percent(Fraction(value), language)
        case Kind.RANGE:
            low, high = value
            return number_range(low, high, language)
        case Kind.DATE:
            return long_date(value, language)
        case Kind.IDS:
            return ", ".join(str(v) for v in value) or empty
        case Kind.REASONS:
            return " · ".join(str(v) for v in value)
        case Kind.PAID_BY:
            return "; ".join(f"{pot}: {money(amount, language)}" for pot, amount in _pairs(value))
        case Kind.OUTCOME:
            status, amount = value
            return f"{status_label(language, str(status))} {money(amount, language)}"
        case Kind.CHANGE:
            if isinstance(value, Decimal):
                return signed_money(value, language)
            text = figure_text(value, language)
            return "+" + text if _positive(value) else text
        case _:
            return figure_text(value, language)


def lines_text(kind: Kind, value: Any, language: Language, empty: str = "") -> str:
    """Return a value as cell_text does, but pots, reasons and a status with its amount one per line (terminal)."""
    if value is not None and not isinstance(value, str):
        if kind is Kind.PAID_BY:
            return "\n".join(f"{pot}: {money(amount, language)}" for pot, amount in _pairs(value)) or empty
        if kind is Kind.REASONS:
            return "\n".join(str(v) for v in value) or empty
        if kind is Kind.OUTCOME:  # the status above its amount: neither is broken, the column is narrower
            status, amount = value
            return f"{status_label(language, str(status))}\n{money(amount, language)}"
    return cell_text(kind, value, language, empty)


def spreadsheet_cell(kind: Kind, value: Any, language: Language) -> Any:
    """Return a value for the --excel CSV: numbers Dutch Excel can add up, words in `language`.

    Money and scores get a decimal comma and nothing else ('15000,00', '36,83'), counts
    stay whole numbers, statuses and methods are their labels in `language`, a list of
    pots is 'beleid: 4000,00; noord: 2000,00', dates are ISO ('2026-12-01', which Excel
    reads as a date in every locale). Text that merely looks like a number (a title
    '2024.1') is left alone: only a numeric column's '1500.00' gets the comma.
    """
    if value is None:
        return ""
    if kind is Kind.STATUS or kind is Kind.METHOD or kind is Kind.APPLICANT_KIND:
        return cell_text(kind, value, language)
    if isinstance(value, str):
        return value.replace(".", ",") if kind in NUMERIC and _is_number(value) else value
    match kind:
        case Kind.IDS | Kind.REASONS | Kind.TEXT | Kind.ID:
            return cell_text(kind, value, language)
        case Kind.PAID_BY:
            return "; ".join(f"{pot}: {spreadsheet_number(amount)}" for pot, amount in _pairs(value))
        case Kind.OUTCOME:
            status, amount = value
            return f"{status_label(language, str(status))} {spreadsheet_number(amount)}"
        case Kind.DATE:
            return value.isoformat() if isinstance(value, dt.date) else str(value)
        case Kind.NUMBER:
            return plain_number(value, Language.NL)
        case Kind.RANGE:
            low, high = value
            return number_range(low, high, Language.NL)
        case Kind.SHARE:
            return share_percent(Fraction(value), Language.NL)
    if isinstance(value, bool) or isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return spreadsheet_number(round_fraction(value))
    if isinstance(value, Decimal):
        return spreadsheet_number(value)
    return value


def figure_text(value: Any, language: Language) -> str:
    """Return a figure for people by what it is: money (Decimal), a score (Fraction), a count (int)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return count(value, language)
    if isinstance(value, Fraction):
        return score_text(value, language)
    if isinstance(value, Decimal):
        return money(value, language)
    return str(value)


def score_cell(value: Decimal | Fraction | None, language: Language, empty: str = "") -> str:
    """Return a score for people with two decimals: '36,83' (nl), '36.83' (en)."""
    if value is None:
        return empty
    return score_text(value, language) if isinstance(value, Fraction) else decimal(value, language)


def _positive(value: Any) -> bool:
    return isinstance(value, int | Decimal | Fraction) and not isinstance(value, bool) and value > 0


def _pairs(value: Any) -> list[tuple[str, Decimal]]:
    items = value.items() if isinstance(value, Mapping) else value
    return [(str(pot), amount) for pot, amount in items]


def _is_number(text: str) -> bool:
    body = text[1:] if text.startswith("-") else text
    whole, _, fraction = body.partition(".")
    return whole.isdigit() and (fraction == "" or fraction.isdigit())
