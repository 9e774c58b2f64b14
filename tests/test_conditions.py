"""conditions: parsing the rule language and evaluating every operator and combinator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from helpers import make_submission

from initiatief.core.conditions import holds
from initiatief.errors import Problems
from initiatief.loading.conditions import parse_condition
from initiatief.loading.fields import Fields
from initiatief.loading.yamlfile import parse_yaml
from initiatief.models import AllOf, AnyOf, Applicant, ApplicantKind, Condition, Not, Op, Submission
from initiatief.models import Test as FieldTest

SUB = make_submission(
    "moestuin",
    district="noord",
    received=dt.date(2017, 5, 2),
    cost=Decimal("30000.00"),
    requested=Decimal("15000.00"),
    applicant=Applicant("Anna", kind=ApplicantKind.PERSON),
    summary="",
    facts={"profit_motive": False, "supporters": 24, "kvk": "12345678", "opened": dt.date(2016, 1, 1)},
)


def parse(text: str) -> tuple[Condition | None, Problems]:
    """Parse `when: <text>` as a condition."""
    problems = Problems()
    document = parse_yaml(f"when: {text}\n", "round.yaml", problems)
    assert not problems, problems.items
    fields = Fields(problems, "round.yaml")
    return parse_condition(document["when"], 1, fields, "rule 'x'"), problems


def check(text: str, submission: Submission = SUB) -> bool:
    condition, problems = parse(text)
    assert condition is not None, problems.items
    return holds(condition, submission)


def test_parse_shapes() -> None:
    assert parse("{district: noord}")[0] == FieldTest("district", Op.EQUALS, "noord")
    assert parse("{district: [noord, zuid]}")[0] == FieldTest("district", Op.IN, ("noord", "zuid"))
    assert parse("{requested: {min: 1000, max: 25000}}")[0] == AllOf(
        (FieldTest("requested", Op.MIN, Decimal(1000)), FieldTest("requested", Op.MAX, Decimal(25000)))
    )
    assert parse("{not: {district: noord}}")[0] == Not(FieldTest("district", Op.EQUALS, "noord"))
    assert parse("{any: [{district: noord}, {facts.kvk: {required: true}}]}")[0] == AnyOf(
        (FieldTest("district", Op.EQUALS, "noord"), FieldTest("facts.kvk", Op.REQUIRED, True))
    )
    assert parse("{district: noord, stage: plan}")[0] == AllOf(
        (FieldTest("district", Op.EQUALS, "noord"), FieldTest("stage", Op.EQUALS, "plan"))
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # equals (implicit and explicit)
        ("{district: noord}", True),
        ("{district: zuid}", False),
        ("{district: {equals: noord}}", True),
        ("{applicant.kind: person}", True),
        ("{applicant.kind: organisation}", False),
        ("{received: 2017-05-02}", True),
        # in / not_in
        ("{district: [zuid, noord]}", True),
        ("{district: {in: [zuid, oost]}}", False),
        ("{district: {not_in: [zuid, oost]}}", True),
        ("{district: {not_in: [noord]}}", False),
        # min / max on money, inclusive
        ("{requested: {min: 15000}}", True),
        ("{requested: {min: 15000.01}}", False),
        ("{requested: {max: 15000}}", True),
        ("{requested: {max: 14999.99}}", False),
        ("{cost: {min: 1000, max: 30000}}", True),
        # min / max on dates, inclusive
        ("{received: {min: 2017-05-02}}", True),
        ("{received: {max: 2017-05-01}}", False),
        # before / after, strict
        ("{received: {before: 2017-05-03}}", True),
        ("{received: {before: 2017-05-02}}", False),
        ("{received: {after: 2017-05-01}}", True),
        ("{received: {after: 2017-05-02}}", False),
        # required
        ("{district: {required: true}}", True),
        ("{district: {required: false}}", False),
        ("{summary: {required: true}}", False),  # an empty text is not given
        ("{facts.missing: {required: false}}", True),
        ("{facts.missing: {required: true}}", False),
        # facts.x
        ("{facts.profit_motive: false}", True),
        ("{facts.profit_motive: true}", False),
        ("{facts.supporters: {min: 20}}", True),
        ("{facts.supporters: {min: 25}}", False),
        ("{facts.supporters: 24}", True),
        ("{facts.supporters: [23, 24]}", True),
        ("{facts.kvk: '12345678'}", True),
        ("{facts.opened: {before: 2017-01-01}}", True),
        # a missing field fails every test but 'required: false'
        ("{facts.missing: anything}", False),
        ("{facts.missing: {min: 0}}", False),
        # combinators
        ("{all: [{district: noord}, {requested: {max: 20000}}]}", True),
        ("{all: [{district: noord}, {requested: {max: 10000}}]}", False),
        ("{any: [{district: zuid}, {requested: {max: 20000}}]}", True),
        ("{any: [{district: zuid}, {requested: {max: 10000}}]}", False),
        ("{not: {district: zuid}}", True),
        ("{not: {district: noord}}", False),
        ("{not: {any: [{district: zuid}, {not: {facts.profit_motive: false}}]}}", True),
    ],
)
def test_operators(text: str, expected: bool) -> None:
    assert check(text) is expected


def test_a_yes_no_fact_never_equals_a_number() -> None:
    yes = make_submission("a", facts={"flag": True, "count": 1})
    assert check("{facts.flag: 1}", yes) is False
    assert check("{facts.count: true}", yes) is False
    assert check("{facts.count: 1}", yes) is True
    assert check("{facts.flag: [1, 2]}", yes) is False
    assert check("{facts.flag: {min: 1}}", yes) is False


def test_a_date_test_on_a_number_is_false_not_an_error() -> None:
    assert check("{requested: {before: 2017-01-01}}") is False
    assert check("{received: {min: 100}}") is False


@pytest.mark.parametrize(
    ("text", "fragment", "hint"),
    [
        ("{distrct: noord}", "unknown field 'distrct'", "did you mean 'district'?"),
        ("{district: {equal: noord}}", "unknown test 'equal'", "did you mean 'equals'?"),
        ("{district: {in: noord}}", "'district: {in: …}' in rule 'x' is 'noord'", None),
        ("{district: {required: 'yes'}}", "'district: {required: …}' in rule 'x' is 'yes'", None),
        ("{received: {before: soon}}", "'received: {before: …}' in rule 'x' is 'soon'", None),
        ("{requested: {min: veel}}", "'requested: {min: …}' in rule 'x' is 'veel'", None),
        ("{district: {equals: [a]}}", "is a list", None),
        ("{any: []}", "'any' in rule 'x' is an empty list", None),
        ("{all: {district: noord}}", "'all' in rule 'x' is a mapping", None),
        ("{}", "rule 'x' is empty", None),
        ("{district: {}}", "the test on 'district' in rule 'x' is empty", None),
        ("{facts.: 1}", "unknown field 'facts.'", None),
    ],
)
def test_parse_problems(text: str, fragment: str, hint: str | None) -> None:
    condition, problems = parse(text)
    assert condition is None
    assert len(problems.items) == 1, problems.items
    assert fragment in problems.items[0].problem
    if hint is not None:
        assert problems.items[0].hint == hint


def test_every_problem_in_a_condition_is_reported() -> None:
    condition, problems = parse("{all: [{distrct: a}, {requested: {mn: 1}}], not: {stge: plan}}")
    assert condition is None
    assert len(problems.items) == 3


def test_conditions_are_data_not_code() -> None:
    # Something that looks like Python stays a plain text compared for equality.
    value: Any = "__import__('os').system('true')"
    assert check("{district: \"__import__('os').system('true')\"}", make_submission("a", district=value))
    assert not check("{district: \"__import__('os').system('true')\"}")
