"""JSON Schema (draft 2020-12) for the input files, generated from the loader's declarations.

`initiatief schema round` prints the schema of round.yaml; an editor with
yaml-language-server then checks and completes the file as you type (docs/schema.md).
Each schema is built from `initiatief.loading.declarations`, the same declarations the
loader checks the keys with, so the two cannot drift apart. The schema checks the shape
of a file (keys, kinds of value, closed sets); what needs the whole round (an id that
exists, pots that fit the ceiling, scores on the scale, a fact the form declares) only
`initiatief validate` checks. Where the two differ, the schema is meant to be the more lenient:
never to refuse a file the loader takes.
"""

from __future__ import annotations

import json
from typing import Any

from initiatief.choices import SchemaKind as SchemaKind
from initiatief.loading.declarations import (
    APPLICANT,
    CONDITION_FIELDS,
    MAPPINGS,
    SUBMISSION,
    Condition,
    Date,
    Either,
    FactValue,
    FormTable,
    Id,
    Integer,
    Kind,
    ListOf,
    Mapping,
    MappingOf,
    Money,
    Number,
    OneOf,
    Only,
    Percent,
    Ref,
    Text,
    YesNo,
)
from initiatief.models import FORM_FIELDS, Op

DIALECT = "https://json-schema.org/draft/2020-12/schema"

ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
MONEY_PATTERN = r"^\s*[0-9]+(\.[0-9]{1,2})?\s*$"
NUMBER_PATTERN = r"^\s*-?[0-9]+(\.[0-9]+)?\s*$"
PERCENT_PATTERN = r"^\s*[0-9]+([.,][0-9]+)?\s*%\s*$"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FACT_PATTERN = r"^facts\.[A-Za-z0-9][A-Za-z0-9._-]*$"
MAX_AMOUNT = 1_000_000_000_000


_TITLES = {
    SchemaKind.ROUND: ("round.yaml", "The definition of an initiatief funding round (round.yaml)."),
    SchemaKind.SUBMISSION: ("submission", "One submission of an initiatief round (a file in submissions/)."),
    SchemaKind.SUBMISSIONS: ("submissions.yaml", "The submissions of an initiatief round as one list "
                             "(submissions.yaml); each needs an id."),
    SchemaKind.SCORES: ("score file", "One assessor's scores in an initiatief round (a YAML file in scores/)."),
    SchemaKind.DECISIONS: ("decisions.yaml", "The committee's decisions about submissions (decisions.yaml)."),
}


def schema(kind: SchemaKind) -> dict[str, Any]:
    """Return the JSON Schema of one kind of input file."""
    refs: set[str] = set()
    root: dict[str, Any]
    if kind is SchemaKind.ROUND:
        root = _mapping(MAPPINGS["round"], refs)
    elif kind is SchemaKind.SUBMISSION:
        root = _mapping(SUBMISSION, refs)
    elif kind is SchemaKind.SUBMISSIONS:
        root = {"type": "array", "items": {"$ref": "#/$defs/submission", "required": ["id"]}}
        refs.add("submission")
    elif kind is SchemaKind.SCORES:
        root = _mapping(MAPPINGS["score_file"], refs)
    else:
        root = {"type": "array", "items": {"$ref": "#/$defs/decision"}}
        refs.add("decision")
    title, description = _TITLES[kind]
    definitions: dict[str, Any] = {}
    while refs - definitions.keys():
        name = sorted(refs - definitions.keys())[0]
        definitions[name] = _definition(name, refs)
    if kind in (SchemaKind.ROUND, SchemaKind.SUBMISSION, SchemaKind.SCORES):
        definitions.pop(_root_name(kind), None)  # the root itself is no $def
    return {"$schema": DIALECT, "title": title, "description": description, **root,
            **({"$defs": definitions} if definitions else {})}


def schema_text(kind: SchemaKind) -> str:
    """Return the schema as `initiatief schema` prints it: sorted keys, indented by 2, a final newline."""
    return json.dumps(schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _root_name(kind: SchemaKind) -> str:
    return {SchemaKind.ROUND: "round", SchemaKind.SUBMISSION: "submission", SchemaKind.SCORES: "score_file"}[kind]


def _definition(name: str, refs: set[str]) -> dict[str, Any]:
    if name == "condition":
        return _condition(refs)
    if name == "test":
        return _test()
    if name == "scalar":
        return {"description": "A single value: a text, a number, yes/no or a date.",
                "type": ["string", "number", "boolean"]}
    return _mapping(MAPPINGS[name], refs)


def _mapping(m: Mapping, refs: set[str]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key in m.keys:
        value = _kind(key.kind, refs)
        if key.empty or (not key.required and isinstance(key.kind, Text | Id)):
            value = _or_null(value)  # `key:` with nothing after it is the key left out
        properties[key.name] = {"description": key.description, **value}
    out: dict[str, Any] = {
        "type": "object", "description": m.description, "properties": properties, "additionalProperties": False,
    }
    required = [k.name for k in m.keys if k.required and k.unless is None]
    if required:
        out["required"] = required
    names = {k.name for k in m.keys}
    # A key required unless a sibling is there (criteria, unless votes): if/then in the same mapping. A key
    # relaxed by a key of another file (district_key's inhabitants) stays optional here.
    conditional = [{"if": {"not": {"required": [k.unless]}}, "then": {"required": [k.name]}}
                   for k in m.keys if k.required and k.unless in names]
    if m.depends or conditional:
        out["allOf"] = [*conditional, *(_dependency(d) for d in m.depends)]
    return out


def _or_null(value: dict[str, Any]) -> dict[str, Any]:
    """Return `value` that may also be empty (null): in its `type` where it has one, for clearer messages."""
    if "type" in value:
        types = value["type"] if isinstance(value["type"], list) else [value["type"]]
        return {**value, "type": [*types, "null"]}
    return {"anyOf": [value, {"type": "null"}]}


def _dependency(d: Only) -> dict[str, Any]:
    """`if key is one of values then require/forbid, else forbid`, as JSON Schema's if/then/else."""
    condition = {"properties": {d.key: {"enum": list(d.values)}}, "required": [d.key]}
    out: dict[str, Any] = {"if": condition}
    then: dict[str, Any] = {}
    if d.require:
        then["required"] = list(d.require)
    if d.forbid:
        then["not"] = {"anyOf": [{"required": [k]} for k in d.forbid]}
    if then:
        out["then"] = then
    if d.otherwise_forbid:
        out["else"] = {"not": {"anyOf": [{"required": [k]} for k in d.otherwise_forbid]}}
    return out


def _kind(kind: Kind, refs: set[str]) -> dict[str, Any]:
    if isinstance(kind, Text):
        return {"type": ["string", "number"], "pattern": r"\S"}
    if isinstance(kind, Id):
        # a whole number is read as the id it spells (`id: 2017`)
        return {"type": ["string", "integer"], "pattern": ID_PATTERN, "minimum": 0}
    if isinstance(kind, Money):
        bound = "exclusiveMinimum" if kind.positive else "minimum"
        return {"type": ["number", "string"], "pattern": MONEY_PATTERN, bound: 0, "exclusiveMaximum": MAX_AMOUNT}
    if isinstance(kind, Percent):
        return {"type": ["string", "number"], "pattern": PERCENT_PATTERN, "minimum": 0, "maximum": 1}
    if isinstance(kind, Date):
        return {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
    if isinstance(kind, Integer):
        return {"type": "integer", "minimum": kind.low, "maximum": kind.high}
    if isinstance(kind, Number):
        return {"type": ["number", "string"], "pattern": NUMBER_PATTERN}
    if isinstance(kind, YesNo):
        return {"type": "boolean"}
    if isinstance(kind, OneOf):
        return {"type": "string", "enum": list(kind.values)}
    if isinstance(kind, ListOf):
        out: dict[str, Any] = {"type": "array", "items": _kind(kind.item, refs)}
        if kind.min_items:
            out["minItems"] = kind.min_items
        if kind.max_items is not None:
            out["maxItems"] = kind.max_items
        if kind.unique:
            out["uniqueItems"] = True
        return out
    if isinstance(kind, MappingOf):
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": _kind(kind.value, refs)}
    if isinstance(kind, Either):
        return {"anyOf": [_kind(k, refs) for k in kind.kinds]}
    if isinstance(kind, Ref):
        refs.add(kind.name)
        return {"$ref": f"#/$defs/{kind.name}"}
    if isinstance(kind, Condition):
        refs.add("condition")
        return {"$ref": "#/$defs/condition"}
    if isinstance(kind, FactValue):
        refs.add("scalar")
        return {"anyOf": [{"$ref": "#/$defs/scalar"}, {"type": "array", "items": {"$ref": "#/$defs/scalar"}}]}
    assert isinstance(kind, FormTable)
    return _form(refs)


def _form(refs: set[str]) -> dict[str, Any]:
    refs.update(("form_field", "form_fact"))
    field = {"anyOf": [{"$ref": "#/$defs/form_field"}, {"type": "null"}]}
    descriptions = {name: SUBMISSION.key(name).description for name in FORM_FIELDS if "." not in name}
    descriptions |= {name: APPLICANT.key(name.split(".", 1)[1]).description for name in FORM_FIELDS if "." in name}
    return {
        "type": "object",
        "minProperties": 1,
        "properties": {name: {"description": text, **field} for name, text in descriptions.items()},
        "patternProperties": {FACT_PATTERN: {"description": "A fact: facts.<name>, with its type.",
                                             "anyOf": [{"$ref": "#/$defs/form_fact"}, {"type": "null"}]}},
        "additionalProperties": False,
    }


def _condition(refs: set[str]) -> dict[str, Any]:
    refs.add("test")
    test = {"$ref": "#/$defs/test"}
    properties: dict[str, Any] = {name: {"description": text, **test} for name, text in CONDITION_FIELDS.items()}
    listed = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}}
    properties["all"] = {"description": "Every condition of the list holds.", **listed}
    properties["any"] = {"description": "At least one condition of the list holds.", **listed}
    properties["not"] = {"description": "The condition does not hold.", "$ref": "#/$defs/condition"}
    return {
        "type": "object",
        "description": "A condition (docs/rules.md): field → value, list of values or {test: value}; "
                       "all, any and not combine conditions.",
        "minProperties": 1,
        "properties": properties,
        "patternProperties": {FACT_PATTERN: {"description": "A fact of the submission.", **test}},
        "additionalProperties": False,
    }


def _test() -> dict[str, Any]:
    scalar = {"type": ["string", "number", "boolean", "null"]}
    values = {"type": "array", "items": scalar}
    number_or_date = {"type": ["number", "string"]}
    date = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
    ops: dict[Op, tuple[dict[str, Any], str]] = {
        Op.EQUALS: (scalar, "The field equals this value."),
        Op.IN: (values, "The field is one of these values."),
        Op.NOT_IN: (values, "The field is none of these values."),
        Op.MIN: (number_or_date, "At least this number or date."),
        Op.MAX: (number_or_date, "At most this number or date."),
        Op.REQUIRED: ({"type": "boolean"}, "true: the field has a value; false: it has none."),
        Op.BEFORE: (date, "A date before this one."),
        Op.AFTER: (date, "A date after this one."),
    }
    assert set(ops) == set(Op)
    return {
        "description": "A test on one field: a value (equals), a list (in), or a mapping of tests.",
        "anyOf": [
            scalar,
            values,
            {"type": "object", "minProperties": 1, "additionalProperties": False,
             "properties": {op.value: {"description": text, **value} for op, (value, text) in ops.items()}},
        ],
    }
