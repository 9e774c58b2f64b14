"""The fast paths of loading and of the JSON output give what the general code gives (docs/performance.md).

Each shortcut is checked against the general path it stands in for: a CSV row without control
characters, the common scalars of a submission (a text, a whole amount, an enum's value), a reason
phrased once for all equal reasons, the JSON document written result by result.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import CHALLENGE, EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief import evaluate, load_round
from initiatief.cli import terminal
from initiatief.errors import Problems
from initiatief.loading.fields import Fields
from initiatief.loading.tables import _Builder, read_table
from initiatief.loading.yamlfile import YMap
from initiatief.models import ApplicantKind, Language, Method
from initiatief.output.jsonout import _default, json_bytes, outcome_dict, render_json
from initiatief.output.jsontext import dumps_indented, iter_pieces
from initiatief.output.rows import result_rows, said_once
from initiatief.reasons import CATALOGUE, Kind, Reason
from initiatief.texts.reasons import phrase, phrases

ROUNDS = sorted(p for p in EXAMPLES.iterdir() if (p / "round.yaml").is_file() and p.name != "optimal") + [CHALLENGE]


# --- a CSV row: checked for control characters only when the file holds one -------------------------------------

_CELL = st.sampled_from(["", " ", "1", " 2 ", "a,b", 'say "x"', "two\nlines", "x\x07y", "\x1b", "é", "4.5"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=0, max_size=5), min_size=1, max_size=6))
def test_a_csv_table_is_what_the_general_row_check_makes(tmp_path_factory: pytest.TempPathFactory,
                                                         records: list[list[str]]) -> None:
    header = ["a", "b", "c"]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *records])
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    fast = Problems()
    table = read_table(path, "t.csv", fast)
    # The reference: every row through the general check, the way _read_csv read rows before.
    general = Problems()
    build = _Builder("t.csv", general, None, ",")
    reader = csv.reader(io.StringIO(buffer.getvalue(), newline=""))
    assert build.header(1, [h.strip() for h in next(reader)])
    start = reader.line_num + 1
    for record in reader:
        build.row(start, [cell.strip() for cell in record], exact=True)
        start = reader.line_num + 1
    assert table == build.table()
    assert fast.items == general.items


# --- the common scalars of a submission ---------------------------------------------------------------------------


class _Text(str):
    """A text that is not exactly a str: it goes the general way."""


def _mapping(value: Any) -> YMap:
    m = YMap(k=value)
    m.line = 1
    m.key_lines = {"k": 3}
    return m


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=6), st.sampled_from(["", " ", " a ", "\t", "x\n"])))
def test_a_text_reads_as_the_general_way_reads_it(text: str) -> None:
    fast, general = Problems(), Problems()
    assert Fields(fast, "f").text(_mapping(text), "k", "w") == Fields(general, "f").text(_mapping(_Text(text)), "k",
                                                                                          "w")
    assert fast.items == general.items


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(), st.sampled_from([0, 1, -1, 10**12 - 1, 10**12, 10**12 + 1, 10**40])), st.booleans())
def test_a_whole_amount_reads_as_the_same_decimal_does(amount: int, positive: bool) -> None:
    fast, general = Problems(), Problems()
    got = Fields(fast, "f").money(amount, 3, "cost", positive=positive)
    expected = Fields(general, "f").money(Decimal(amount), 3, "cost", positive=positive)
    assert got == expected and str(got) == str(expected)
    assert fast.items == general.items


@pytest.mark.parametrize("value", ["person", "organisation", "Person", "", " person", _Text("person"), 3, None])
def test_an_enum_value_reads_as_the_general_way_reads_it(value: Any) -> None:
    fast, general = Problems(), Problems()
    got = Fields(fast, "f").one_of(_mapping(value), "k", "kind", ApplicantKind, ApplicantKind.ORGANISATION)
    choice = Fields(general, "f").choice(_mapping(value), "k", "kind", [o.value for o in ApplicantKind],
                                         ApplicantKind.ORGANISATION.value)
    assert got is ApplicantKind(choice)
    assert fast.items == general.items


# --- a reason phrased once for all equal reasons -----------------------------------------------------------------


def _params(kind: Kind, spelled: int) -> Any:
    """A parameter of `kind`; `spelled` 0 and 1 give equal values written differently where a value can be."""
    return {
        Kind.MONEY: (Decimal("1500"), Decimal("1500.00"))[spelled],
        Kind.SHARE: (Decimal("0.5"), Decimal("0.50"))[spelled],
        Kind.SCORE: Fraction(73, 2),
        Kind.COUNT: 3,
        Kind.TEXT: "beleid",
        Kind.DATE: dt.date(2025, 3, 14),
        Kind.IDS: ("a", "b"),
        Kind.PARTS: (("noord", (Decimal("10"), Decimal("10.00"))[spelled]), ("beleid", Decimal("30"))),
        Kind.VOTES: (Fraction(7), Fraction(14, 2))[spelled],
    }[kind]


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("code", list(CATALOGUE))
def test_equal_reasons_read_the_same(code: Any, language: Language) -> None:
    first, second = (Reason(code, tuple((name, _params(kind, i)) for name, kind in CATALOGUE[code].items()))
                     for i in (0, 1))
    assert first == second and hash(first) == hash(second)  # one entry in said_once's memory
    assert phrase(first, language) == phrase(second, language)
    said: dict[Reason, str] = {}
    assert said_once((first, second, first), language, said) == [phrase(first, language)] * 3


@pytest.mark.parametrize("folder", ROUNDS, ids=lambda p: p.name)
def test_the_rows_say_each_reason_as_phrases_does(folder: Path) -> None:
    outcome = evaluate(load_round(folder))
    rows = result_rows(outcome)
    assert [row["reasons"] for row in rows] == [phrases(r.reasons, outcome.round.language) for r in outcome.results]


# --- the JSON document, written result by result --------------------------------------------------------------


@pytest.mark.parametrize("folder", ROUNDS, ids=lambda p: p.name)
@pytest.mark.parametrize(("include_personal", "winners_only"), [(False, False), (True, False), (False, True)])
def test_the_json_document_is_json_dumps_of_the_outcome(folder: Path, include_personal: bool,
                                                        winners_only: bool) -> None:
    round_ = load_round(folder)
    outcome = evaluate(round_, Method.VOTES if round_.voting is not None and not round_.criteria else None)
    data = outcome_dict(outcome, include_personal, winners_only)
    expected = json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n"
    assert render_json(outcome, include_personal, winners_only) == expected
    rows = result_rows(outcome, include_personal)
    assert render_json(outcome, include_personal, winners_only, rows=rows) == expected
    assert b"".join(json_bytes(outcome, include_personal, winners_only, rows=rows)) == expected.encode("utf-8")


_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5))
_VALUE = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=3), inner, max_size=3)),
                      max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=4).filter(lambda k: k != "results"), _VALUE, max_size=4),
       st.lists(_VALUE, max_size=4))
def test_a_document_written_item_by_item_is_the_whole_document(data: dict[str, Any], items: list[Any]) -> None:
    whole = dumps_indented({**data, "results": items})
    assert whole == json.dumps({**data, "results": items}, ensure_ascii=False, indent=2)
    assert "".join(iter_pieces(data, "results", iter(items))) == whole
    assert "".join(iter_pieces(data, "results", iter(items), end="\n")) == whole + "\n"


def test_json_goes_to_stdout_as_bytes_only_where_writing_its_text_gives_those_bytes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'say "€ 15.000,00"\n'
    for encoding, direct in (("utf-8", True), ("UTF8", True), ("latin-1", False), ("utf-16", False)):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        monkeypatch.setattr(sys, "stdout", stream)
        encode = terminal.encoder()
        assert (encode is not None) is direct
        if encode is not None:
            stream.write("first ")  # text written before the pieces comes first
            terminal.write([encode(text), encode(text)])
            assert raw.getvalue() == ("first " + text + text).encode(encoding)
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # no bytes below it: JSON is written as text
    assert terminal.encoder() is None


# --- the values that decide alike (core/memo.py) -----------------------------------------------------------------

_FACT_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3),
    st.sampled_from([Decimal("3"), Decimal("3.0"), Decimal("NaN"), Decimal("-0"), dt.date(2024, 5, 1),
                     dt.datetime(2024, 5, 1, 12, 0), ("a", "b"), ApplicantKind.PERSON]),
)


def _values_key_by_field_value(submission: Any, fields: tuple[str, ...]) -> tuple[object, ...] | None:
    # The definition: what conditions read of each field (field_value), keyed with its type.
    from initiatief.core.conditions import MISSING, field_value

    key: list[object] = []
    for name in fields:
        value = field_value(submission, name)
        if value is MISSING:
            key.append(MISSING)
        elif type(value) in (str, Decimal, bool, dt.date, ApplicantKind) and not (
                type(value) is Decimal and value.is_nan()):
            key.append((type(value), value))
        else:
            return None
    return tuple(key)


@settings(max_examples=300)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), _FACT_VALUES, max_size=3), _FACT_VALUES,
       st.sampled_from([None, "noord", ""]), st.sampled_from([None, dt.date(2024, 1, 2)]))
def test_values_key_is_what_field_value_reads(facts: dict[str, Any], contact: Any, district: str | None,
                                              received: dt.date | None) -> None:
    from helpers import make_submission

    from initiatief.core.memo import values_key
    from initiatief.models import Applicant

    applicant = Applicant("Stichting x", ApplicantKind.PERSON, contact if isinstance(contact, str) else None)
    submission = make_submission("x", facts=facts, district=district, received=received, applicant=applicant)
    fields = ("facts.a", "facts.b", "facts.c", "facts.none", "district", "received", "requested", "cost",
              "applicant.kind", "applicant.contact", "applicant.nothing", "nothing")
    for size in range(len(fields) + 1):
        assert values_key(submission, fields[:size]) == _values_key_by_field_value(submission, fields[:size])
        assert values_key(submission, fields[size:]) == _values_key_by_field_value(submission, fields[size:])


def test_a_per_round_cache_answers_each_round_its_own_also_after_a_round_is_gone() -> None:
    import gc

    from helpers import make_round

    from initiatief.core.memo import PerRound

    made: list[str] = []

    def name_of(round_: Any) -> str:
        made.append(round_.name)
        return str(round_.name)

    cache = PerRound(name_of)
    first, second = make_round(name="first"), make_round(name="second")
    assert [cache(first), cache(second), cache(first), cache(first), cache(second)] == \
        ["first", "second", "first", "first", "second"]
    assert made == ["first", "second"]  # each worked out once
    del first
    gc.collect()
    for n in range(50):  # new rounds, some at the address of the one that went: never its answer
        assert cache(make_round(name=f"r{n}")) == f"r{n}"
    assert cache(second) == "second"
