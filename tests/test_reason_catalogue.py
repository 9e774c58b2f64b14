"""The reason catalogue: docs/json.md lists exactly the codes and parameters of initiatief/reasons.py,
each example is what the code writes, and every code is phrased in every language."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from helpers import ROOT

from initiatief.models import Language
from initiatief.output.jsonout import reason_dict
from initiatief.reasons import CATALOGUE, Code, Kind, Param, reason
from initiatief.texts.reasons import phrase

DOCS = ROOT / "docs" / "json.md"
_ROW = re.compile(r"^\| `(?P<code>[a-z-]+)` \| (?P<params>.*?) \| (?P<when>.*?) \| `(?P<example>\{.*\})` \|$")
_PARAM = re.compile(r"`(\w+)` (\w+)")


def documented() -> dict[str, tuple[list[tuple[str, str]], dict[str, Any]]]:
    """Return code → (parameters with kinds, example) from the table in docs/json.md's "Reasons"."""
    section = DOCS.read_text(encoding="utf-8").split("## Reasons", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = _ROW.match(line)
        if match:
            rows[match["code"]] = (_PARAM.findall(match["params"]), json.loads(match["example"]))
    return rows


def from_json(kind: Kind, value: Any) -> Param:
    """Return a parameter as the code holds it, from its JSON form."""
    if kind in (Kind.MONEY, Kind.SHARE):
        return Decimal(value)
    if kind in (Kind.SCORE, Kind.VOTES):
        return Fraction(Decimal(str(value)))
    if kind is Kind.DATE:
        return dt.date.fromisoformat(value)
    if kind is Kind.IDS:
        return tuple(value)
    if kind is Kind.PARTS:
        return tuple((pot, Decimal(amount)) for pot, amount in value.items())
    assert isinstance(value, int | str)
    return value


def test_the_docs_list_every_code_and_nothing_else() -> None:
    assert sorted(documented()) == sorted(code.value for code in Code)


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_the_docs_give_each_code_its_parameters_in_order(code: Code) -> None:
    params, _ = documented()[code.value]
    assert params == [(name, kind.value) for name, kind in CATALOGUE[code].items()]


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_each_documented_example_is_what_the_code_writes(code: Code) -> None:
    _, example = documented()[code.value]
    kinds = CATALOGUE[code]
    params = {name: from_json(kind, example[name]) for name, kind in kinds.items()}
    assert reason_dict(reason(code, **params), Language.EN) == example
    assert list(example) == ["code", *kinds, "text"]


@pytest.mark.parametrize("code", list(Code), ids=str)
@pytest.mark.parametrize("language", list(Language), ids=str)
def test_every_code_is_phrased_from_its_own_parameters_only(code: Code, language: Language) -> None:
    from initiatief.texts.reasons import _TEXTS

    text = _TEXTS[language][code]
    forms = (text,) if isinstance(text, str) else (text.one, text.many)  # a ByCount: both its forms
    for form in forms:
        names = {field for _, field, _, _ in string.Formatter().parse(form) if field}
        assert names <= set(CATALOGUE[code])
    if not isinstance(text, str):
        assert text.param in CATALOGUE[code]
    _, example = documented()[code.value]
    params = {name: from_json(kind, example[name]) for name, kind in CATALOGUE[code].items()}
    assert phrase(reason(code, **params), language)


def test_a_reason_with_a_wrong_parameter_is_a_bug_not_a_sentence() -> None:
    with pytest.raises(TypeError):
        reason(Code.POT_SHORT, rank=3, pots=("a",), needed=Decimal(1))
    with pytest.raises(TypeError):
        reason(Code.POT_SHORT, rank="3", pots=("a",), needed=Decimal(1), left=Decimal(0))
