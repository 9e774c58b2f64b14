"""Located YAML values and the typing of scalars, shared by the two readers of YAML text.

`yamlfile` reads any YAML through libyaml's composer and its own walker; `plainyaml` reads the
common shape of a round file (block mappings of plain, quoted and block-scalar values) without it.
Both build the same values from this module: `YMap` and `YList`, which remember the line of every key
and item, and scalars typed by PyYAML's own YAML 1.1 patterns (`yes` is true, `2017-05-02` a date,
`1.5` an exact Decimal, `010` kept as written). A test holds the two readers to the same values.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import yaml
from yaml.nodes import ScalarNode

from initiatief.loading.characters import BIDI_CONTROLS, refused_character

TAG = "tag:yaml.org,2002:"
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)\Z")
SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
_constructor = yaml.constructor.SafeConstructor()
_BOOLS: dict[str, bool] = _constructor.bool_values
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")
"""Unicode's control characters (category Cc) but tab and line feed, and the bidi controls (characters.py)."""


class _Broken:
    """The value of a node that already has a problem recorded (a refused tag, an impossible date)."""

    def __repr__(self) -> str:
        return "BROKEN"


BROKEN: Any = _Broken()
"""Readers treat it as 'reported already': no second problem about the same value."""


class YMap(dict[str, Any]):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]
    written: dict[str, str] = {}  # never changed: a mapping that needs one gets its own
    """The text of each number value whose value does not show it as written (`+5`, `1_000`, `.inf`)."""

    def line_of(self, key: str) -> int:
        """Return the line of `key`, or of the mapping itself if it is absent."""
        return self.key_lines.get(key, self.line)

    def keep_written(self, key: str, text: str) -> None:
        """Keep how the value of `key` was written (`written_otherwise` said it reads as another number)."""
        if not self.written:
            self.written = {}
        self.written[key] = text


class YList(list[Any]):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]


def line_of(value: Any, default: int | None = None) -> int | None:
    """Return the line a located value starts on, if it knows one."""
    return getattr(value, "line", default)


class Refused(NamedTuple):
    """What is wrong with a scalar's text, whatever its line: the problem, what was expected, a hint."""

    problem: str
    expected: str
    hint: str | None = None


REFUSED_TAG: Any = object()
"""A plain scalar that PyYAML's resolver gives a tag that is no plain value (`=`, `<<` as a value)."""

_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag[len(TAG) :] if tag.startswith(TAG) else tag, pattern) for tag, pattern in resolvers]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
"""PyYAML's implicit resolvers by the first character of a plain scalar (YAML 1.1: yes is true, 010 octal…)."""
CACHED_LENGTH = 40
"""Plain scalars up to this long are typed once per distinct text (ids, amounts, dates, yes/no repeat)."""


def plain_kind(text: str) -> str:
    """Return the tag PyYAML's resolver gives a plain scalar, without its prefix ('int', 'str', 'timestamp')."""
    for kind, pattern in _IMPLICIT.get(text[:1], ()):
        if pattern.match(text):
            return kind
    return "str"


def read_otherwise(text: str) -> bool:
    """Return whether PyYAML reads a plain scalar as a number that does not show as its text (`1.50` as 1.5,
    `1.0e+3` as 1000.0, `0x1F` as 31, `010` as 8, `1:30` as 90; the last four this loader keeps as written):
    a text kept as written (a seed, a title) would differ from what a YAML reader makes of the file."""
    reading = yaml_number(text)
    return reading is not None and reading != text


NUMBER_START = frozenset("0123456789+-.")


@functools.lru_cache(maxsize=8192)
def yaml_number(text: str) -> str | None:
    """Return the number PyYAML reads a plain scalar as, written as Python writes it (`0x1F` → '31', `1.50` →
    '1.5', `+5` → '5'); None if it reads no number."""
    kind = plain_kind(text) if text else "str"
    try:
        if kind == "int":
            return str(_constructor.construct_yaml_int(ScalarNode(TAG + "int", text)))
        if kind == "float":
            return repr(_constructor.construct_yaml_float(ScalarNode(TAG + "float", text)))
    except ValueError:
        return None
    return None


@functools.lru_cache(maxsize=8192)
def plain_cached(text: str) -> Any:
    return typed(plain_kind(text), text)


def plain_value(text: str) -> Any:
    """Return a plain (unquoted) scalar's value, typed as PyYAML's resolver would, or why it is refused
    (`Refused`, `REFUSED_TAG`): once per distinct short text."""
    return plain_cached(text) if len(text) <= CACHED_LENGTH else typed(plain_kind(text), text)


def written_otherwise(text: str, value: Any, plain: bool) -> bool:
    """Return whether a mapping's scalar value `value`, written as `text` (`plain`: unquoted), is a number
    YAML reads other than written (+5, 1.50 as 1.5, 0x1F as 31), so the text is kept in `YMap.written`: a
    text read from it (a seed, a title) is refused; an int is its text unless written otherwise."""
    cls = value.__class__
    if cls is int:
        return text != str(value)
    return (cls is Decimal or (cls is str and plain and value[:1] in NUMBER_START)) and read_otherwise(text)


def typed(kind: str, text: str) -> Any:
    """Return a scalar's value for its tag: a text, a number, a date, yes/no or None; or why it is refused."""
    if kind == "str":
        bad = _CONTROL.search(text)
        if bad is not None:
            problem, expected, hint = refused_character(bad.group())
            return Refused(problem, expected, hint or "remove the escape sequence (such as \\0 or \\e)")
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    if kind == "null":
        return None
    if kind == "bool":
        return _BOOLS[text.lower()]
    if kind == "int":
        if not _PLAIN_INT.match(text):
            # YAML 1.1 reads 010000 as octal (4096) and 1:30 as 90: keep what was written instead.
            return text
        try:
            return _constructor.construct_yaml_int(ScalarNode(TAG + "int", text))
        except ValueError:
            digits = len(text.lstrip("+-").replace("_", ""))
            what = f"is a number of {digits:,} digits" if digits > 100 else "is not a number"
            return Refused(f"'{text}' {what}", "a number")
    if kind == "float":
        return _decimal(text)
    if kind != "timestamp":
        return REFUSED_TAG
    try:
        value = _constructor.construct_yaml_timestamp(ScalarNode(TAG + "timestamp", text))
    except ValueError as exc:
        return Refused(f"'{text}' is not a valid date ({exc})", "a date as YYYY-MM-DD",
                        "put it in quotes if it is not meant as a date")
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _decimal(text: str) -> Decimal | str:
    cleaned = text.replace("_", "").lower()
    specials = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
    cleaned = specials.get(cleaned, cleaned)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return text
