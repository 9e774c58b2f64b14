"""Evaluating the condition language: whether a rule or a pot's `when` holds for a submission.

A condition is data, never code (see loading/conditions.py for how it is read and
docs/rules.md for the language). `required` tests for presence. Any other test on a
value the submission does not have is *unknown*: `decide` says so (three-valued, as
SQL's NULL: `all` is false if a part is false, else unknown if a part is; `any` is
true if a part is true, else unknown if a part is; `not` keeps unknown), so an
eligibility rule never turns a missing answer into a refusal. `holds` (pot `when`)
reads unknown as false: a pot pays only for plans it is known to match.

A list fact (a form's `type: list`) holds several values: equals holds when the
list contains the value, `in` when it contains one of the values, `not_in` when it
contains none of them, and `required` when it is not empty.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from initiatief.models import (
    TEXT_FIELDS,
    AllOf,
    AnyOf,
    Condition,
    Not,
    Op,
    Submission,
    Test,
    normal_value,
    to_decimal,
)

MISSING: Any = object()
"""What field_value returns for a value the submission does not give."""


def field_value(submission: Submission, name: str) -> Any:
    """Return a submission's value for a field name as used in conditions (or a marker)."""
    value = reader(name)(submission)
    return MISSING if value is MISSING or value is None else normal_value(value)


@functools.lru_cache(maxsize=1024)
def reader(name: str) -> Callable[[Submission], Any]:
    """Return what reads a field of a submission as given, before `normal_value` (MISSING or None when the
    submission does not give it): `facts.x`, `applicant.x` or a submission's own field, its path worked out once."""
    if name.startswith("facts."):
        return functools.partial(_fact, name[len("facts."):])
    if name.startswith("applicant."):
        return functools.partial(_of_applicant, name[len("applicant."):])
    return functools.partial(_own, name)


def _fact(name: str, submission: Submission) -> Any:
    return submission.facts.get(name, MISSING)


def _of_applicant(name: str, submission: Submission) -> Any:
    return getattr(submission.applicant, name, MISSING)


def _own(name: str, submission: Submission) -> Any:
    return getattr(submission, name, MISSING)


def holds(condition: Condition, submission: Submission) -> bool:
    """Return whether `condition` is known to be true for `submission` (unknown counts as false)."""
    return decide(condition, submission) is True


def decide(condition: Condition, submission: Submission) -> bool | None:
    """Return whether `condition` is true for `submission`, or None if a value it needs is not given."""
    if isinstance(condition, AllOf):
        parts = [decide(c, submission) for c in condition.parts]
        return False if False in parts else (None if None in parts else True)
    if isinstance(condition, AnyOf):
        parts = [decide(c, submission) for c in condition.parts]
        return True if True in parts else (None if None in parts else False)
    if isinstance(condition, Not):
        inner = decide(condition.part, submission)
        return None if inner is None else not inner
    value = field_value(submission, condition.field)
    if condition.op is Op.REQUIRED:
        return given(value) is condition.value
    if value is MISSING:
        return None
    if isinstance(value, tuple):
        return _compare_list(condition.op, value, condition.value)
    return _compare(condition.op, value, condition.value)


def given(value: Any) -> bool:
    """Return whether a field value (as field_value returns it) is there: not missing, not empty text or list."""
    return value is not MISSING and value != "" and value != ()


def missing_fields(condition: Condition, submission: Submission) -> tuple[str, ...]:
    """Return the fields a condition tests (other than for presence) that the submission does not give."""
    found: list[str] = []
    stack: list[Condition] = [condition]
    while stack:
        c = stack.pop()
        if isinstance(c, AllOf | AnyOf):
            stack.extend(reversed(c.parts))
        elif isinstance(c, Not):
            stack.append(c.part)
        elif c.op is not Op.REQUIRED and field_value(submission, c.field) is MISSING and c.field not in found:
            found.append(c.field)
    return tuple(found)


def _compare_list(op: Op, values: tuple[Any, ...], expected: Any) -> bool:
    if op is Op.EQUALS:
        return any(_same(v, expected) for v in values)
    if op is Op.IN:
        return any(_same(v, e) for v in values for e in expected)
    if op is Op.NOT_IN:
        return not any(_same(v, e) for v in values for e in expected)
    return all(_compare(op, v, expected) for v in values) if values else False


def _compare(op: Op, value: Any, expected: Any) -> bool:
    if op is Op.EQUALS:
        return _same(value, expected)
    if op is Op.IN:
        return any(_same(value, e) for e in expected)
    if op is Op.NOT_IN:
        return not any(_same(value, e) for e in expected)
    number = to_decimal(value) if not isinstance(value, dt.date) else None
    if isinstance(expected, dt.date):
        if not isinstance(value, dt.date):
            return False
        return {Op.MIN: value >= expected, Op.MAX: value <= expected,
                Op.BEFORE: value < expected, Op.AFTER: value > expected}[op]
    if number is None or not number.is_finite():
        return False
    return bool(number >= expected) if op is Op.MIN else bool(number <= expected)


def _same(value: Any, expected: Any) -> bool:
    # True == 1 in Python; a yes/no fact must not equal a count.
    if isinstance(value, bool) != isinstance(expected, bool):
        return False
    return bool(value == expected)


def _kind(value: Any) -> str:
    """Return the kind of a plain value as `misread` names it: yes/no, a number, a date or a text."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "a text"
    return "a number"


def misread(test: Test, value: Any) -> str | None:
    """Return the kind of value a test expects if a given value is not of that kind (a text where the rule
    compares with yes/no, a date or a number), else None: such a test would quietly come out false."""
    if value is MISSING or test.op is Op.REQUIRED or isinstance(value, tuple):
        return None
    expected = test.value if isinstance(test.value, tuple) else (test.value,)
    if test.op in (Op.EQUALS, Op.IN, Op.NOT_IN):
        if test.field in TEXT_FIELDS or value is None:
            return None  # compared as text on both sides (`district: 12` matches district 12)
        # A value equals no value of another kind: the text '5' is not the number 5, nor 'false' the no.
        kinds = {_kind(e) for e in expected if e is not None}
        mine = _kind(value)
        if kinds and mine not in kinds:
            return " or ".join(sorted(kinds))
        return None
    if any(isinstance(e, dt.date) for e in expected):
        return None if isinstance(value, dt.date) else "a date"
    if isinstance(value, bool) or to_decimal(value) is None or isinstance(value, dt.date):
        return "a number"
    return None
