"""Evaluating the condition language: whether a rule or a pot's `when` holds for a submission.

A condition is data, never code (see loading/conditions.py for how it is read and
docs/rules.md for the language). A test on a value the submission does not have
is false; `required` tests for presence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from initiatief.models import AllOf, AnyOf, Condition, Not, Op, Submission, normal_value, to_decimal

_MISSING = object()


def field_value(submission: Submission, name: str) -> Any:
    """Return a submission's value for a field name as used in conditions (or a marker)."""
    if name.startswith("facts."):
        value = submission.facts.get(name[len("facts.") :], _MISSING)
    elif name.startswith("applicant."):
        value = getattr(submission.applicant, name[len("applicant.") :], _MISSING)
    else:
        value = getattr(submission, name, _MISSING)
    return _MISSING if value is _MISSING or value is None else normal_value(value)


def holds(condition: Condition, submission: Submission) -> bool:
    """Return whether `condition` is true for `submission`."""
    if isinstance(condition, AllOf):
        return all(holds(c, submission) for c in condition.parts)
    if isinstance(condition, AnyOf):
        return any(holds(c, submission) for c in condition.parts)
    if isinstance(condition, Not):
        return not holds(condition.part, submission)
    value = field_value(submission, condition.field)
    if condition.op is Op.REQUIRED:
        present = value is not _MISSING and value != "" and value != ()
        return present is condition.value
    if value is _MISSING:
        return False
    return _compare(condition.op, value, condition.value)


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
