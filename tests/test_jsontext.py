"""jsontext.dumps_indented: the very text of json.dumps(..., ensure_ascii=False, indent=2), on any JSON data."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief.output.jsontext import dumps_indented, json_text


class Colour(StrEnum):
    RED = "red"
    QUOTE = 'a "quoted" \\ value\n'


class Level(IntEnum):
    HIGH = 3


_HOSTILE = st.sampled_from([
    "", '"', "\\", "\n", "\r\n", "\t", "\x00", "\x1f", "\x7f", "\u2028", "\u2029", "\ufeff", "\u202e",
    "é", "e\u0301", "😀", "\ud800", "</script>", "{}[],: ", "null", "1e999",
])
_TEXT = st.one_of(st.text(), _HOSTILE, st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000)))
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), _TEXT, st.sampled_from([Colour.RED, Colour.QUOTE, Level.HIGH]),
)
_KEYS = st.one_of(_TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.sampled_from(list(Colour)))
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(_KEYS, inner, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=500, deadline=None)
@given(_DATA)
def test_the_same_text_as_json_dumps_indented_by_two(data: Any) -> None:
    assert dumps_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_TEXT, st.one_of(_DATA, st.decimals(allow_nan=False, places=2)), max_size=6))
def test_a_default_writes_what_json_cannot_the_same_way(data: dict[str, Any]) -> None:
    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return {"amount": f"{value:.2f}", "parts": [str(value)]}
        raise TypeError("no")

    assert dumps_indented(data, default) == json.dumps(data, ensure_ascii=False, indent=2, default=default)


def test_json_text_ends_with_a_newline() -> None:
    assert json_text({"a": [1, {"b": None}], "c": {}, "d": []}) == json.dumps(
        {"a": [1, {"b": None}], "c": {}, "d": []}, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("value", [object(), {1j: 1}, [Decimal(1)], {"a": {(1, 2): 3}}])
def test_what_json_refuses_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(value, indent=2)
    with pytest.raises(TypeError):
        dumps_indented(value)
