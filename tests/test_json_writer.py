"""The JSON writer's shortcut for a result (jsonout._ResultWriter) gives json.dumps' text of the plain entry.

`score --format json` writes each result's entry straight from the result and its row, with the amounts, scores and
votes of an outcome each worked out once. The plain way is `jsonout._entry` (the dict `outcome_dict` holds) written by
json.dumps; here both write the same results, with the values a round gives and with the ones that only code can
make: equal amounts and shares written differently (1500 and 1500.00, 0.5 and 0.50), a zero's sign, NaN, texts that
are str subclasses or hostile, keys that are not str, a criterion named twice, a reason's parameters out of order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from enum import IntEnum, StrEnum
from fractions import Fraction
from functools import cache
from typing import Any

import pytest
from helpers import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief import evaluate, load_round
from initiatief.models import CriterionScore, Outcome, Result
from initiatief.output.jsonout import _default, _entry, _ResultWriter, json_bytes, outcome_dict
from initiatief.output.jsontext import iter_written
from initiatief.output.rows import result_row
from initiatief.reasons import CATALOGUE, Code, Kind, Reason


class _Text(StrEnum):
    QUOTED = 'say "x"\n'


class _Number(IntEnum):
    THREE = 3


class _Str(str):
    """A text that is not exactly a str."""


@cache
def _outcome(folder: str) -> Outcome:
    return evaluate(load_round(EXAMPLES / folder))


_TEXTS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", '"', "\\", "\n", "\x00", "\x1f", "\u2028", "\u202e", "€ 1.500,00", "😀", "\ud800",
                     "</script>", "[b]x[/b]"]),
    st.sampled_from([_Text.QUOTED, _Str("beleid")]),
)
_MONEY = st.sampled_from([Decimal("1500"), Decimal("1500.00"), Decimal("1.5E+3"), Decimal("0"), Decimal("0.00"),
                          Decimal("-0.00"), Decimal("-0"), Decimal("12.345"), Decimal("12.355"), Decimal("-7.5"),
                          Decimal("NaN"), Decimal("123456789.99")])
_SHARES = st.sampled_from([Decimal("0.5"), Decimal("0.50"), Decimal("5E-1"), Decimal("0"), Decimal("-0"),
                           Decimal("1")])
_FRACTIONS = st.one_of(st.sampled_from([Fraction(73, 2), Fraction(1, 3), Fraction(0), Fraction(-5, 8),
                                        Fraction(2, 3)]),
                       st.fractions(min_value=-1000, max_value=1000, max_denominator=50))
_DATES = st.sampled_from([dt.date(2025, 3, 14), dt.date(2017, 5, 1), dt.datetime(2025, 3, 14, 12, 30)])
_IDS = st.one_of(st.lists(_TEXTS, max_size=3).map(tuple), st.just((1, None)))
_PARTS = st.lists(st.tuples(st.one_of(st.sampled_from(["noord", "beleid", "a"]), _TEXTS), _MONEY),
                  max_size=3).map(tuple)
_PARAMS: dict[Kind, st.SearchStrategy[Any]] = {
    Kind.MONEY: _MONEY,
    Kind.SHARE: _SHARES,
    Kind.SCORE: _FRACTIONS,
    Kind.COUNT: st.one_of(st.integers(-5, 10**12), st.sampled_from([True, _Number.THREE])),
    Kind.TEXT: _TEXTS,
    Kind.DATE: _DATES,
    Kind.IDS: _IDS,
    Kind.PARTS: _PARTS,
    Kind.VOTES: _FRACTIONS,
}


@st.composite
def _reasons(draw: st.DrawFn) -> Reason:
    code = draw(st.sampled_from(list(CATALOGUE)))
    params = [(name, draw(_PARAMS[kind])) for name, kind in CATALOGUE[code].items()]
    odd = draw(st.sampled_from(["as made", "as made", "as made", "reversed", "twice", "fewer", "a subclass's name"]))
    if odd == "reversed":
        params.reverse()
    elif odd == "twice" and params:
        params.append(params[0])
    elif odd == "fewer" and params:
        params.pop()
    elif odd == "a subclass's name" and params:
        params[0] = (_Str(params[0][0]), params[0][1])
    return Reason(code, tuple(params))


_CRITERIA = st.lists(
    st.builds(CriterionScore, st.one_of(st.sampled_from(["impact", "haalbaar", "é"]), _TEXTS, st.integers(0, 2)),
              _FRACTIONS,
              st.just(())),
    max_size=4,
).map(tuple)
_ROW_VALUES = st.one_of(_TEXTS, st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(),
                        st.sampled_from([_Number.THREE, Decimal("2.50")]),
                        st.lists(_TEXTS, max_size=2), st.dictionaries(_TEXTS, st.integers(), max_size=2))


@st.composite
def _results(draw: st.DrawFn, outcome: Outcome, include_personal: bool) -> tuple[Result, dict[str, Any]]:
    """A result of `outcome` with drawn values, and its row with more drawn values in it."""
    base = draw(st.sampled_from(outcome.results))
    reasons = tuple(draw(st.lists(_reasons(), max_size=3)))
    result = dataclasses.replace(
        base, reasons=reasons, criteria=draw(_CRITERIA), eligible_amount=draw(st.one_of(st.none(), _MONEY)),
    )
    row = result_row(base, outcome.round.language, include_personal)
    for key in ("id", "title", "applicant", "district", "stage", "status", "rank", "applicant_kind", "contact"):
        if draw(st.booleans()):
            row[key] = draw(_ROW_VALUES)
    row["score"] = draw(st.one_of(st.none(), _MONEY.filter(lambda d: not d.is_nan())))
    row["requested"] = draw(st.one_of(st.none(), _MONEY))
    row["awarded"] = draw(_MONEY)
    row["paid_by"] = draw(st.dictionaries(st.one_of(st.sampled_from(["noord", "beleid"]), _TEXTS, st.integers()),
                                          _MONEY, max_size=3))
    row["prize"] = draw(st.one_of(st.none(), st.just(""), _ROW_VALUES))
    row["prize_amount"] = draw(_MONEY)
    row["votes"] = draw(st.one_of(st.none(), st.integers(0, 10**6), _MONEY))
    row["reasons"] = [draw(_TEXTS) for _ in reasons]
    return result, row


def _written_both_ways(outcome: Outcome, include_personal: bool, items: list[tuple[Result, dict[str, Any]]]) -> None:
    head = {"version": 3}
    round_ = outcome.round
    entries = [_entry(result, row, round_.language, round_.voting is not None, include_personal, {})
               for result, row in items]
    expected = json.dumps({**head, "results": entries}, ensure_ascii=False, indent=2, default=_default) + "\n"
    writer = _ResultWriter(outcome, include_personal)  # one writer for all: what it remembers is used again
    texts = [writer.entry(result, row) for result, row in items]
    assert "".join(iter_written(head, "results", texts, _default, end="\n")) == expected


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(["minimal", "cofinancing", "votes", "equal-shares", "pro-rata"]), st.booleans())
def test_a_result_is_written_as_json_dumps_writes_its_entry(data: st.DataObject, folder: str,
                                                            include_personal: bool) -> None:
    outcome = _outcome(folder)
    items = data.draw(st.lists(_results(outcome, include_personal), min_size=1, max_size=6))
    _written_both_ways(outcome, include_personal, items)


def test_equal_values_written_differently_stay_written_differently() -> None:
    outcome = _outcome("minimal")
    base = outcome.results[0]
    items = []
    for money, share in ((Decimal("1500"), Decimal("0.5")), (Decimal("1500.00"), Decimal("0.50")),
                         (Decimal("0.00"), Decimal("1")), (Decimal("-0.00"), Decimal("1.0"))):
        reasons = (Reason(Code.CAPPED_AT_SHARE, (("amount", money), ("share", share), ("requested", money))),
                   Reason(Code.FUNDED, (("amount", money), ("paid_by", (("noord", money),)))))
        row = result_row(base, outcome.round.language)
        row.update(requested=money, awarded=money, paid_by={"noord": money}, reasons=["x", "y"])
        items.append((dataclasses.replace(base, reasons=reasons, eligible_amount=money), row))
    _written_both_ways(outcome, False, items)
    text = "".join(_ResultWriter(outcome, False).entry(result, row) for result, row in items)
    assert '"share": "0.5"' in text and '"share": "0.50"' in text and '"-0.00"' in text


def test_no_parameter_shares_a_key_with_a_reasons_code_or_text() -> None:
    # The writer puts a reason's code first and its text last, as reason_dict does: a parameter named 'code' or
    # 'text' would change that dict (such a code would go the general way, but none should exist).
    assert all("code" not in kinds and "text" not in kinds for kinds in CATALOGUE.values())


def test_every_method_of_a_round_writes_json_dumps_of_its_outcome() -> None:
    round_ = load_round(EXAMPLES / "cofinancing")
    for method in ("ranking", "arrival", "lottery", "pro-rata", "equal", "optimal"):
        outcome = evaluate(round_, method)
        for include_personal in (False, True):
            expected = json.dumps(outcome_dict(outcome, include_personal), ensure_ascii=False, indent=2,
                                  default=_default) + "\n"
            assert b"".join(json_bytes(outcome, include_personal)) == expected.encode("utf-8")


def test_json_bytes_makes_each_row_as_it_is_written(monkeypatch: Any) -> None:
    """The CLI writes the pieces as they come: the document, and the rows it is made from, are never all held."""
    import initiatief.output.rows as rows

    outcome = _outcome("pro-rata")
    assert len(outcome.results) > 3
    made: list[str] = []
    real = rows.result_row

    def counted(result: Result, *args: Any) -> dict[str, Any]:
        made.append(result.submission.id)
        return real(result, *args)

    monkeypatch.setattr(rows, "result_row", counted)
    pieces = json_bytes(outcome)
    assert made == []  # nothing made before the first piece is asked for
    written = b""
    for piece in pieces:
        written += piece
        assert len(made) <= written.count(b'"id": ') + 1  # at most the row being written ahead of what is out
    assert made == [r.submission.id for r in outcome.results]
    assert json.loads(written)["results"][0]["id"] == outcome.results[0].submission.id


@pytest.mark.parametrize(("votes", "expected"), [
    (Fraction(12), "12"), (Fraction(25, 2), "12.5"), (Fraction(1, 3), "0.33"),
    (Fraction(10**24), str(10**24)),  # an int is exact at any size
    (Fraction(10**24 * 100 + 57, 100), "1000000000000000000000000.57"),  # a float would give 1e+24
    (Fraction(123456789012345678, 100), "1234567890123456.78"),  # 18 digits: more than a float holds
])
def test_votes_are_written_with_their_own_digits(votes: Fraction, expected: str) -> None:
    from initiatief.amounts import vote_json
    from initiatief.output.jsontext import dumps_indented

    text = dumps_indented({"votes": vote_json(votes)})
    assert text == '{\n  "votes": ' + expected + "\n}"
    assert json.loads(text, parse_float=Decimal)["votes"] == Decimal(expected)
