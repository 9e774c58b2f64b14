"""Typed readers for values in a located YAML mapping; each records a problem instead of raising."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from initiatief.errors import Problems, suggest
from initiatief.loading.yamlfile import BROKEN, YList, YMap, line_of, yaml_number
from initiatief.models import to_decimal

E = TypeVar("E", bound=StrEnum)

MAX_MONEY = Decimal("1000000000000")
"""A trillion: no municipal round comes near it, so a larger amount is a typo."""
_MAX_WHOLE = 10 ** MAX_MONEY.adjusted()
"""The first whole number `_too_large` refuses."""
_CENT = Decimal("0.01")

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
# ASCII digits only: Python's \d and Decimal() also take full-width and Arabic-Indic digits.
_MONEY_TEXT = re.compile(r"^\s*-?[0-9]+(\.[0-9]+)?\s*\Z")
NUMBER_TEXT = re.compile(r"^\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*\Z")
"""A number written as text (a CSV cell, a quoted value): Decimal() alone would also read 4_0 as 40."""
_PERCENT_TEXT = re.compile(r"^\s*(-?[0-9]+(?:[.,][0-9]+)?)\s*%\s*\Z")
_DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
YES_NO_HINT = "YAML reads an unquoted yes, no, on, off, true or false as yes/no: put it in quotes"


def type_name(value: Any) -> str:
    """Return a user's word for the kind of a YAML value."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"'{value}'"


_DECIMAL_COMMA = re.compile(r"\s*[+-]?\d+,\d*\s*\Z")
"""A number written with a decimal comma ('4,5', '4,'): read as one only where a comma cannot separate cells (a
score file separated by semicolons or tabs, a workbook's text cell)."""


class Fields:
    """Read typed values from the mappings of one file, adding problems for that file."""

    def __init__(self, problems: Problems, file: str) -> None:
        self.problems = problems
        self.file = file

    def add(
        self, line: int | None, problem: str, expected: str | None = None, hint: str | None = None
    ) -> None:
        """Record a problem in this file."""
        self.problems.add(self.file, line, problem, expected, hint)

    # --- structure -------------------------------------------------------------------

    def mapping(self, value: Any, line: int | None, what: str) -> YMap | None:
        """Return `value` if it is a mapping, else record a problem."""
        if isinstance(value, YMap):
            return value
        if value is BROKEN:
            return None
        self.add(line_of(value, line), f"{what} is {type_name(value)}", "a mapping (key: value lines)")
        return None

    def sequence(self, value: Any, line: int | None, what: str) -> YList | None:
        """Return `value` if it is a list, else record a problem."""
        if isinstance(value, YList):
            return value
        if value is BROKEN:
            return None
        self.add(line_of(value, line), f"{what} is {type_name(value)}", "a list (lines starting with '- ')")
        return None

    def keys(self, m: YMap, what: str, required: Iterable[str], optional: Iterable[str]) -> bool:
        """Check that `m` has every required key and no unknown one; return True if so."""
        required = list(required)
        allowed = required + list(optional)
        known = set(allowed)
        ok = True
        for key in m:
            if key not in known:
                ok = False
                self.add(
                    m.line_of(key),
                    f"unknown key '{key}' in {what}",
                    "one of " + ", ".join(allowed),
                    suggest(key, allowed),
                )
        for key in required:
            if key not in m:
                ok = False
                self.add(m.line, f"{what} has no '{key}'", f"a '{key}:' line")
        return ok

    # --- scalars ---------------------------------------------------------------------

    def lines(self, m: YMap, key: str, what: str) -> tuple[str, ...]:
        """Return an address as its lines: one text (split at its line breaks), or a list of texts; () when it
        is missing or wrong (a problem then says why)."""
        value = m.get(key)
        if value is None or value is BROKEN:
            return ()
        if isinstance(value, list):
            lines: list[str] = []
            for item in value:
                if isinstance(item, bool) or not isinstance(item, str | int) or not str(item).strip():
                    self.add(m.line_of(key), f"{what} '{key}' has a line that is {type_name(item)}",
                             "a text per line")
                    return ()
                lines.append(str(item).strip())
            if not lines:
                self.add(m.line_of(key), f"{what} '{key}' is an empty list", "the address, one text per line")
            return tuple(lines)
        if isinstance(value, dict):
            self.add(m.line_of(key), f"{what} '{key}' is a mapping", "the address as one text, or a list of lines")
            return ()
        text = self.text(m, key, what)
        return tuple(line.strip() for line in text.splitlines() if line.strip()) if text else ()

    def text(
        self, m: YMap, key: str, what: str, default: str | None = None, *, required: bool = False
    ) -> str | None:
        """Return a non-empty text; numbers are accepted and kept as written.

        A required key that is present but empty is a problem; a missing one is
        reported by `keys`, so it is not reported twice.
        """
        value = m.get(key)
        if value.__class__ is str and (text := value.strip()) and key not in m.written:  # the common case, as below
            return text
        if key not in m or m[key] is None:
            if required and key in m:
                self.add(m.line_of(key), f"{what} '{key}' is empty", "a text")
            return default
        value = m[key]
        if value is BROKEN:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            hint = YES_NO_HINT if isinstance(value, bool) else None
            self.add(m.line_of(key), f"{what} '{key}' is {type_name(value)}", "a text", hint)
            return None
        written = m.written.get(key)
        if written is not None:  # seed: +5 would be the seed '5', and 1_000 the text '1000'
            self.add(m.line_of(key), f"{what} '{key}' is {written}, which YAML reads as the number "
                     f"{yaml_number(written) or value}",
                     "a text", f"put it in quotes to keep it as written: \"{written}\"")
            return None
        text = str(value).strip()
        if not text:
            self.add(m.line_of(key), f"{what} '{key}' is empty", "a text")
            return None
        return text

    def identifier(
        self, m: YMap, key: str, what: str, default: str | None = None, *, required: bool = False
    ) -> str | None:
        """Return an id: letters, digits, '.', '_' and '-', starting with a letter or digit."""
        value = self.text(m, key, what, default, required=required)
        return self.check_identifier(value, m.line_of(key), what)

    def check_identifier(self, value: str | None, line: int | None, what: str, hint: str | None = None) -> str | None:
        """Return `value` if it is a valid id, else record a problem."""
        if value is not None and not _ID.match(value):
            self.add(
                line,
                f"{what} id '{value}' has characters that are not allowed",
                "letters, digits, '.', '_' and '-', starting with a letter or digit",
                hint,
            )
            return None
        return value

    def choice(self, m: YMap, key: str, what: str, options: list[str], default: str) -> str:
        """Return one of `options`, or the default after recording a problem."""
        value = m.get(key, default)
        if isinstance(value, str) and value in options:
            return value
        if value is BROKEN:
            return default
        text = isinstance(value, str)
        self.add(
            m.line_of(key),
            f"{what} '{key}' is " + (f"'{value}'" if text else type_name(value)),  # not "is 'a list'"
            "one of " + ", ".join(options),
            suggest(value, options) if text else None,
        )
        return default

    def one_of(self, m: YMap, key: str, what: str, options: type[E], default: E) -> E:
        """Return the member of the enum `options` that the value names, or the default after recording a problem."""
        value = m.get(key)
        if value.__class__ is str:
            member = options._value2member_map_.get(value)  # by its value, as options(value) finds it
            if member is not None:
                return member  # type: ignore[return-value]
        return options(self.choice(m, key, what, [o.value for o in options], default.value))

    def boolean(self, m: YMap, key: str, what: str, default: bool) -> bool:
        """Return a yes/no value."""
        value = m.get(key, default)
        if isinstance(value, bool):
            return value
        if value is BROKEN:
            return default
        self.add(m.line_of(key), f"{what} '{key}' is {type_name(value)}", "true or false")
        return default

    def integer(self, m: YMap, key: str, what: str, low: int, high: int) -> int | None:
        """Return a whole number between `low` and `high`."""
        value = m.get(key)
        if value is BROKEN:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(m.line_of(key), f"{what} '{key}' is {type_name(value)}", "a whole number")
            return None
        if not low <= value <= high:
            self.add(m.line_of(key), f"{what} '{key}' is {value}", f"a number from {low} to {high}")
            return None
        return value

    def number(self, value: Any, line: int | None, what: str, *, counted: bool = True) -> Decimal | None:
        """Return a finite number as a Decimal (scores, weights, scale ends).

        `counted`: the number goes into sums and products (a score, a weight), so it may have at most MOST_DIGITS
        significant digits and MOST_DECIMALS decimals; a fact (a latitude of 13 decimals) is only compared, and
        comparing Decimals is exact at any length."""
        if value is BROKEN:
            return None
        number = to_decimal(value)
        if number is not None and number.is_finite() and isinstance(value, str) and not NUMBER_TEXT.match(value):
            self.add(line, f"{what} is '{value}'", "a number such as 4 or 4.5", "write only digits and one decimal "
                     "mark, without '_'")
            return None
        if number is None:
            hint = None
            if isinstance(value, str) and _DECIMAL_COMMA.match(value):
                pointed = value.strip().rstrip(",").replace(",", ".")  # '4,' is 4
                hint = f"write {pointed}, with a decimal point" if "." in pointed else f"write {pointed}"
            self.add(line, f"{what} is {type_name(value)}", "a number", hint)
            return None
        if not number.is_finite():
            self.add(line, f"{what} is {value}", "a finite number")
            return None
        if _too_large(number):
            self.add(line, f"{what} is {value}, which is absurdly large", "a realistic number")
            return None
        digits = precision_problem(number) if counted else None
        if digits is not None:
            self.add(line, f"{what} {number:f} {digits}",
                     f"a number of at most {MOST_DIGITS} digits and {MOST_DECIMALS} decimals, such as 4 or 7.25")
            return None
        return number

    def money_of(self, m: YMap, key: str, what: str, *, positive: bool = True) -> Decimal | None:
        """Return the amount `m[key]`, as `money`, knowing how it was written."""
        return self.money(m[key], m.line_of(key), what, positive=positive, written=m.written.get(key))

    def money(
        self, value: Any, line: int | None, what: str, *, positive: bool = True, written: str | None = None
    ) -> Decimal | None:
        """Return an amount in euros, exact to the cent; `written`: the YAML text of a number YAML reads
        otherwise (`1.0e+3`), if known."""
        if value.__class__ is int and (0 < value if positive else 0 <= value) and value < _MAX_WHOLE:
            return Decimal(value).quantize(_CENT)  # a whole number of euros: what the checks below accept
        if value is BROKEN:
            return None
        if written is not None and ("e" in written or "E" in written):
            # YAML 1.1 reads 1.0e+3 as a number but 1e3 and 1.5e3 as texts: neither is how an amount is written.
            self.add(line, f"{what} is {written}, a number with an exponent", "an amount such as 15000 or 12500.50",
                     "write the amount as a plain number, e.g. 15000 or 15000.50")
            return None
        if isinstance(value, str) and not _MONEY_TEXT.match(value):
            hint = "write the amount as a plain number, e.g. 15000 or 15000.50"
            self.add(line, f"{what} is '{value}'", "an amount such as 15000 or 12500.50", hint)
            return None
        amount = to_decimal(value)
        if amount is None:
            self.add(line, f"{what} is {type_name(value)}", "an amount such as 15000 or 12500.50")
            return None
        if not amount.is_finite():
            self.add(line, f"{what} is {value}", "a finite amount")
            return None
        if _too_large(amount):
            self.add(line, f"{what} is {value}, which is absurdly large", "a realistic amount")
            return None
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            self.add(
                line,
                f"{what} {value} has more than two decimals",
                "an amount exact to the cent",
                "write 15000 for fifteen thousand euros; do not use '.' as a thousands separator",
            )
            return None
        if amount < 0 or (positive and amount == 0):
            bound = "more than 0" if positive else "0 or more"
            self.add(line, f"{what} is {value}", f"an amount of {bound}")
            return None
        return amount.quantize(Decimal("0.01"))

    def percent(self, value: Any, line: int | None, what: str) -> Decimal | None:
        """Return a share as a fraction from 0 to 1; accepts '50%' or 0.5."""
        if value is BROKEN:
            return None
        if isinstance(value, str):
            match = _PERCENT_TEXT.match(value)
            if match is None:
                self.add(line, f"{what} is '{value}'", "a percentage such as 50%")
                return None
            written = Decimal(match.group(1).replace(",", "."))
            share = written / 100
        else:
            number = to_decimal(value)
            if number is None or not number.is_finite() or _too_large(number):
                self.add(line, f"{what} is {type_name(value)}", "a percentage such as 50%")
                return None
            if 1 < number <= 100:
                hint = f"write {value}%" if number == number.to_integral_value() else (
                    f"write {value}% if you mean {value} percent; a fraction is written from 0 to 1, e.g. 0.6 for 60%")
                self.add(line, f"{what} is {value}", "a percentage such as 50%", hint)
                return None
            share = written = number
        digits = precision_problem(written)  # as written: dividing by 100 would round beyond 28 digits
        if digits is not None:
            self.add(line, f"{what} {value} {digits}", "a percentage such as 50% or 33.33%")
            return None
        if not 0 <= share <= 1:
            self.add(line, f"{what} is {value}", "a percentage from 0% to 100%")
            return None
        return share

    def date(self, value: Any, line: int | None, what: str) -> dt.date | None:
        """Return a calendar date."""
        if value is BROKEN:
            return None
        if isinstance(value, dt.datetime):
            # Only the day counts: the time of day (and its time zone) would be dropped without a word.
            self.add(line, f"{what} is {type_name(value)}", "a date as YYYY-MM-DD",
                     f"only the day is used: write {value.date().isoformat()}")
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _DATE_TEXT.match(value.strip()):
            # Only YYYY-MM-DD, as the docs say: fromisoformat alone also takes 20170502 and 2017-W05-1.
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(line, f"{what} is {type_name(value)}", "a date as YYYY-MM-DD")
        return None

    def id_item(self, value: Any, line: int | None, what: str) -> str | None:
        """Return an item of a list of ids (conflicts, tie-breaks), or None after recording a problem."""
        if value is BROKEN:
            return None
        if isinstance(value, bool):
            self.add(line, f"{what} is {type_name(value)}, not an id", "an id", YES_NO_HINT)
            return None
        if not isinstance(value, str | int) or not str(value).strip():
            self.add(line, f"{what} is {type_name(value)}, not an id", "an id")
            return None
        return self.check_identifier(str(value).strip(), line, what)


MOST_DIGITS = 15
"""The most significant digits a number in a round may have: what a spreadsheet keeps (Excel shows 15)."""
MOST_DECIMALS = 12
"""The most decimals a number in a round may have (a millionth of a millionth, the smallest ballot weight)."""


def precision_problem(number: Decimal) -> str | None:
    """Return why a finite number has more digits than a round can hold exactly, or None.

    Within MOST_DIGITS significant digits and MOST_DECIMALS decimals, and below a trillion, every number is a whole
    multiple of 1e-12 below 1e24: sums of thousands of them stay exact in Decimal's 28 digits. A score of
    3.9999999999999999999999999999 (29 digits) would be summed as 4.000… and pass a minimum of 4 it misses.
    """
    if number == 0:
        return None
    _, digits, exponent = number.as_tuple()  # not normalize(): it rounds to the context's 28 digits
    assert isinstance(exponent, int), "a finite number"
    zeros = len(digits) - len(bytes(digits).rstrip(b"\0"))  # trailing zeros are no digits of their own: 4.000 is 4
    digits, exponent = digits[:len(digits) - zeros], exponent + zeros
    if len(digits) > MOST_DIGITS:
        return f"has {len(digits)} significant digits, more than the {MOST_DIGITS} a spreadsheet keeps"
    if exponent < -MOST_DECIMALS:
        return f"has {-exponent} decimals, more than {MOST_DECIMALS}"
    return None


def _too_large(number: Decimal) -> bool:
    # adjusted() is the exponent of the leading digit: no arithmetic, so no overflow on 9e999999999.
    return number.is_finite() and number != 0 and number.adjusted() >= MAX_MONEY.adjusted()
