"""Reading the condition language of eligibility rules and of pot and prize `when` clauses.

A condition is data, never code: a mapping of field tests, combined with
`all`, `any` and `not`. Nothing a user writes is evaluated as Python.

    when: {district: noord}                       # equals
    when: {district: [noord, zuid]}               # in
    when: {requested: {min: 1000, max: 25000}}    # several tests on one field
    when: {any: [{facts.kvk: {required: true}}, {applicant.kind: person}]}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from initiatief.errors import suggest
from initiatief.loading.fields import YES_NO_HINT, Fields, type_name
from initiatief.loading.yamlfile import YList, YMap, line_of
from initiatief.models import FIELDS, TEXT_FIELDS, AllOf, AnyOf, Condition, Not, Op, Test, normal_value

OPERATORS = tuple(op.value for op in Op)
_COMBINATORS = ("all", "any", "not")


def parse_condition(value: Any, line: int | None, fields: Fields, what: str) -> Condition | None:
    """Return the condition written in `value`, or None after recording problems."""
    m = fields.mapping(value, line, what)
    if m is None:
        return None
    if not m:
        fields.add(m.line, f"{what} is empty", "at least one test, e.g. {district: noord}")
        return None
    parts: list[Condition] = []
    ok = True
    for key, item in m.items():
        key_line = m.line_of(key)
        part: Condition | None
        if key in ("all", "any"):
            part = _parse_list(key, item, key_line, fields, what)
        elif key == "not":
            inner = parse_condition(item, key_line, fields, f"'not' in {what}")
            part = Not(inner) if inner is not None else None
        else:
            part = _parse_field(key, item, key_line, fields, what)
        if part is None:
            ok = False
        else:
            parts.append(part)
    if not ok:
        return None
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _parse_list(key: str, item: Any, line: int, fields: Fields, what: str) -> Condition | None:
    items = fields.sequence(item, line, f"'{key}' in {what}")
    if items is None:
        return None
    if not items:
        fields.add(line, f"'{key}' in {what} is an empty list", "at least one condition")
        return None
    parsed = [
        parse_condition(sub, item_line, fields, f"'{key}' in {what}")
        for sub, item_line in zip(items, items.item_lines, strict=True)
    ]
    if any(p is None for p in parsed):
        return None
    conditions = tuple(p for p in parsed if p is not None)
    return AllOf(conditions) if key == "all" else AnyOf(conditions)


def _parse_field(name: str, test: Any, line: int, fields: Fields, what: str) -> Condition | None:
    if not (name in FIELDS or (name.startswith("facts.") and len(name) > len("facts."))):
        fields.add(
            line,
            f"unknown field '{name}' in {what}",
            "a submission field (" + ", ".join(FIELDS) + "), facts.<name>, all, any or not",
            suggest(name, FIELDS + _COMBINATORS),
        )
        return None
    if isinstance(test, YList):
        return _make_test(name, "in", test, line, fields, what)
    if not isinstance(test, YMap):
        return _make_test(name, "equals", test, line, fields, what)
    if not test:
        fields.add(line, f"the test on '{name}' in {what} is empty", "e.g. {min: 1000}")
        return None
    tests: list[Condition] = []
    ok = True
    for op, value in test.items():
        made = _make_test(name, op, value, test.line_of(op), fields, what)
        if made is None:
            ok = False
        else:
            tests.append(made)
    if not ok:
        return None
    return tests[0] if len(tests) == 1 else AllOf(tuple(tests))


def _make_test(field: str, name: str, value: Any, line: int, fields: Fields, what: str) -> Test | None:
    where = f"'{field}: {{{name}: …}}' in {what}"
    if name not in OPERATORS:
        fields.add(
            line, f"unknown test '{name}' on '{field}' in {what}", "one of " + ", ".join(OPERATORS),
            suggest(name, OPERATORS),
        )
        return None
    op = Op(name)
    if op in (Op.IN, Op.NOT_IN):
        if not isinstance(value, YList) or any(isinstance(v, dict | list) for v in value):
            fields.add(line_of(value, line), f"{where} is {type_name(value)}", "a list of values")
            return None
        if not value:  # in [] holds for no plan, not_in [] for every plan: a list left empty by mistake
            fields.add(line_of(value, line), f"{where} is an empty list", "at least one value")
            return None
        if field in TEXT_FIELDS and any(isinstance(v, bool) for v in value):
            fields.add(line_of(value, line), f"{where} holds a yes/no value", f"the {field} as text", YES_NO_HINT)
            return None
        return Test(field, op, tuple(_expected(field, v) for v in value))
    if op is Op.REQUIRED:
        if not isinstance(value, bool):
            fields.add(line, f"{where} is {type_name(value)}", "true or false")
            return None
        return Test(field, op, value)
    if op in (Op.BEFORE, Op.AFTER):
        date = fields.date(value, line, where)
        return Test(field, op, date) if date is not None else None
    if op in (Op.MIN, Op.MAX):
        if isinstance(value, dt.date):
            return Test(field, op, value)
        number = fields.number(value, line, where, counted=False)
        return Test(field, op, number) if number is not None else None
    if isinstance(value, dict | list):
        fields.add(line_of(value, line), f"{where} is {type_name(value)}", "a single value")
        return None
    if field in TEXT_FIELDS and isinstance(value, bool):
        fields.add(line, f"{where} is {type_name(value)}", f"the {field} as text", YES_NO_HINT)
        return None
    return Test(field, op, _expected(field, value))


def _expected(field: str, value: Any) -> Any:
    """Compare text fields as text: `district: 12` in a rule matches `district: 12` in a submission."""
    if field in TEXT_FIELDS and value is not None and not isinstance(value, bool):
        return str(value)
    return normal_value(value)
