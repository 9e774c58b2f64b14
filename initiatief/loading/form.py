"""The application form, the districts and the jury, each declared once in round.yaml.

    districts:
      - {id: noord, label: Noord, inhabitants: 4000}
    assessors:
      - {id: jury-a, name: Jury lid A}
    form:
      requested: {column: Aangevraagd bedrag}
      facts.winstoogmerk: {type: yes-no, required: true, label: "Heeft uw organisatie een winstoogmerk?"}

The form says which fields and facts a submission may hold, of which type, which are
required, and which column of a form export each comes from. This module reads the
declarations; `read_value` reads one submitted value by its declaration, for the
YAML submissions and for `initiatief import` alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from initiatief.errors import suggest
from initiatief.loading import declarations as D
from initiatief.loading.fields import YES_NO_HINT, Fields, type_name
from initiatief.loading.layout import CASE_BLIND, unusable_file_name
from initiatief.loading.yamlfile import BROKEN, YList, YMap
from initiatief.models import (
    BUILT_IN_TYPES,
    FORM_FIELDS,
    ApplicantKind,
    Assessor,
    DistrictInfo,
    FieldType,
    Form,
    FormField,
    Location,
)

YES_WORDS = ("ja", "yes", "true", "j", "y")
NO_WORDS = ("nee", "no", "false", "n")
"""Text read as yes/no where the form says a fact is yes-no (any case); YAML's own true/false too."""



def _empty(line: int) -> YMap:
    empty = YMap()
    empty.line = line
    empty.key_lines = {}
    return empty


T = TypeVar("T", DistrictInfo, Assessor)


def read_districts(m: YMap, f: Fields) -> tuple[DistrictInfo, ...] | None:
    """Return the declared districts (empty if none are), or None after recording problems."""

    def district(d: YMap, district_id: str) -> DistrictInfo | None:
        inhabitants = f.integer(d, "inhabitants", "district", 0, 100_000_000) if "inhabitants" in d else None
        if "inhabitants" in d and inhabitants is None:
            return None
        return DistrictInfo(district_id, f.text(d, "label", "district", district_id) or district_id, inhabitants)

    return _declared(m, f, "districts", "district", D.DISTRICT, district)


def read_assessors(m: YMap, f: Fields) -> tuple[Assessor, ...] | None:
    """Return the declared assessors (empty if none are), or None after recording problems."""

    def assessor(a: YMap, assessor_id: str) -> Assessor:
        return Assessor(assessor_id, f.text(a, "name", "assessor", assessor_id) or assessor_id)

    return _declared(m, f, "assessors", "assessor", D.ASSESSOR, assessor)


def _declared(
    m: YMap, f: Fields, key: str, what: str, declared: D.Mapping, make: Callable[[YMap, str], T | None],
) -> tuple[T, ...] | None:
    """Return the items of a list of things declared once by id (`districts:`, `assessors:`)."""
    if m.get(key) is None:
        return ()
    items = f.sequence(m[key], m.line_of(key), key)
    if items is None:
        return None
    found: list[T] = []
    ok = True
    for value, line in zip(items, items.item_lines, strict=True):
        item = f.mapping(value, line, f"an item of {key}")
        good = item is not None and f.keys(item, what, declared.required, declared.optional)
        item_id = f.identifier(item, "id", what, required=True) if item is not None else None
        made = make(item, item_id) if item is not None and item_id is not None else None
        if not good or made is None or item_id is None:
            ok = False
            continue
        if any(x.id == item_id for x in found):
            f.add(line, f"{what} '{item_id}' is listed twice", f"each {what} once")
            ok = False
            continue
        same = next((x.id for x in found if x.id.casefold() == item_id.casefold()), None)
        if key == "assessors" and same is not None:  # an assessor's score file and sheet are named after the id
            f.add(line, f"{what} '{item_id}' differs only in case from '{same}'", f"{what} ids that differ in more "
                  "than case", f"each has a score sheet named after the id, and {CASE_BLIND}")
            ok = False
            continue
        unusable = unusable_file_name(item_id) if key == "assessors" else None
        if unusable is not None:
            f.add(line, f"{what} id '{item_id}' cannot name a file everywhere: {unusable}",
                  f"another {what} id", "each assessor's score sheet is a file named after the id")
            ok = False
            continue
        found.append(made)
    if ok and not found:
        f.add(m.line_of(key), f"{key} is an empty list", f"at least one {what}, or no '{key}:'")
        return None
    return tuple(found) if ok else None


def read_form(m: YMap, f: Fields) -> Form | None:
    """Return the declared form, or None if there is none or it had problems (`form_broken` tells which)."""
    if "form" not in m:
        return None
    table = f.mapping(m["form"], m.line_of("form"), "form")
    if table is None:
        return None
    if not table:
        f.add(table.line, "form is empty", "the fields and facts of the application form")
        return None
    fields: list[FormField] = []
    ok = True
    columns: dict[str, str] = {}
    for name, value in table.items():
        line = table.line_of(name)
        declared = _field(name, value, line, f)
        if declared is None:
            ok = False
            continue
        other = columns.get(declared.column.casefold())
        if other is not None:
            f.add(line, f"the column '{declared.column}' of '{name}' is also the column of '{other}'",
                  "a column per field")
            ok = False
            continue
        columns[declared.column.casefold()] = name
        fields.append(declared)
    return Form(tuple(fields)) if ok else None


def _field(name: str, value: Any, line: int, f: Fields) -> FormField | None:
    is_fact = name.startswith("facts.") and len(name) > len("facts.")
    if not is_fact and name not in FORM_FIELDS:
        f.add(line, f"unknown field '{name}' in the form", "a submission field (" + ", ".join(FORM_FIELDS)
              + ") or facts.<name>", suggest(name, FORM_FIELDS))
        return None
    if is_fact and f.check_identifier(name[len("facts."):], line, "fact") is None:
        return None
    d = f.mapping(value, line, f"the form's '{name}'") if value is not None else _empty(line)
    if d is None:
        return None
    if not f.keys(d, f"the form's '{name}'", D.FORM_FACT.required, D.FORM_FACT.optional):
        return None
    if not is_fact and "type" in d:
        f.add(d.line_of("type"), f"the type of '{name}' is fixed ({BUILT_IN_TYPES[name]})",
              "no 'type:' on a submission field; only facts.<name> take one")
        return None
    kind = FieldType(f.choice(d, "type", f"the form's '{name}'", [t.value for t in FieldType], "text")) \
        if is_fact else BUILT_IN_TYPES[name]
    if is_fact and "type" in d and d["type"] != kind.value:
        return None  # f.choice recorded it
    required = f.boolean(d, "required", f"the form's '{name}'", False)
    if "required" in d and not isinstance(d["required"], bool):
        return None
    label = f.text(d, "label", f"the form's '{name}'")
    column = f.text(d, "column", f"the form's '{name}'")
    if ("label" in d and label is None) or ("column" in d and column is None):
        return None
    values: tuple[tuple[str, str], ...] = ()
    if "values" in d:
        if kind not in (FieldType.CHOICE, FieldType.LIST) or not is_fact:
            f.add(d.line_of("values"), f"'{name}' has values but is not a choice or a list",
                  "values only with type: choice or type: list" if is_fact else
                  "no values on a submission field (districts come from districts:)")
            return None
        read = _values(d["values"], d.line_of("values"), f, name)
        if read is None:
            return None
        values = read
    elif kind is FieldType.CHOICE and is_fact:
        f.add(d.line, f"the choice '{name}' has no values", "values: the allowed answers, e.g. [ja, nee, weet-niet]")
        return None
    if name == "applicant.kind":
        values = tuple((k.value, k.value) for k in ApplicantKind)
    separator = ";"
    if "separator" in d:
        if kind is not FieldType.LIST:
            f.add(d.line_of("separator"), f"'{name}' has a separator but is not a list",
                  "separator only with type: list")
            return None
        sep = d["separator"]
        if not isinstance(sep, str) or not sep.strip() or len(sep) > 3:
            f.add(d.line_of("separator"), f"the separator of '{name}' is {type_name(sep)}", "a character such as ';'")
            return None
        separator = sep
    shown = label or column or name
    return FormField(name, kind, shown, column or label or name, required, values, separator, Location(f.file, line))


def _values(value: Any, line: int, f: Fields, name: str) -> tuple[tuple[str, str], ...] | None:
    pairs: list[tuple[str, str]] = []
    if isinstance(value, YList):
        for item, item_line in zip(value, value.item_lines, strict=True):
            item_id = f.id_item(item, item_line, f"a value of '{name}'")
            if item_id is None:
                return None
            pairs.append((item_id, item_id))
    elif isinstance(value, YMap):
        for key in value:
            item_id = f.check_identifier(key, value.line_of(key), f"a value of '{name}'")
            text = f.text(value, key, f"the label of value '{key}' of '{name}'", required=True)
            if item_id is None or text is None:
                return None
            pairs.append((item_id, text))
    else:
        f.add(line, f"the values of '{name}' are {type_name(value)}", "a list of ids, or a mapping id: label")
        return None
    if not pairs:
        f.add(line, f"the values of '{name}' are an empty list", "at least one value")
        return None
    ids = [p[0] for p in pairs]
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        f.add(line, f"the value '{twice}' of '{name}' is listed twice", "each value once")
        return None
    return tuple(pairs)


# --- reading one submitted value by its declaration ------------------------------------


def yes_no(value: Any) -> bool | None:
    """Return the yes/no a value means where the form says yes-no (None if it means neither)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in YES_WORDS:
        return True
    if isinstance(value, str) and value.strip().casefold() in NO_WORDS:
        return False
    return None


def choose(text: str, values: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None]:
    """Return (id, None) for the allowed value `text` names (its id, exactly), else (None, a did-you-mean).

    A value that differs from an id or a label only in case or spaces is not taken: ids are
    case-sensitive, and guessing is not reading. It is named in the hint instead.
    """
    ids = [v for v, _ in values]
    if text in ids:
        return text, None
    folded = text.strip().casefold()
    for value_id, label in values:
        if folded in (value_id.casefold(), label.strip().casefold()):
            return None, f"did you mean '{value_id}'?"
    return None, suggest(text, ids + [label for _, label in values])


def case_hint(word: str, options: list[str]) -> str | None:
    """Return 'did you mean …?' for an option that differs from `word` only in case or spaces."""
    folded = word.strip().casefold()
    close = next((o for o in options if o.casefold() == folded), None)
    return f"did you mean '{close}'?" if close else None


def read_value(declared: FormField, value: Any, line: int | None, f: Fields) -> Any:
    """Return a fact's value as its declaration reads it (a list as a tuple), or BROKEN after recording a problem."""
    what = f"fact '{declared.fact}'" if declared.is_fact else f"'{declared.name}'"
    kind = declared.type
    if value is BROKEN:
        return BROKEN
    if kind is FieldType.LIST:
        items = value if isinstance(value, YList) else [value]
        read = []
        for item in items:
            one = _single(declared, FieldType.CHOICE if declared.values else FieldType.TEXT, item, line, f, what)
            if one is BROKEN:
                return BROKEN
            read.append(one)
        return tuple(read)
    if isinstance(value, dict | list):
        f.add(line, f"{what} is {type_name(value)}", f"a single value ({kind.value})")
        return BROKEN
    return _single(declared, kind, value, line, f, what)


def _single(declared: FormField, kind: FieldType, value: Any, line: int | None, f: Fields, what: str) -> Any:
    if kind is FieldType.YES_NO:
        answer = yes_no(value)
        if answer is None:
            f.add(line, f"{what} is {type_name(value)}", "yes or no (true/false, ja/nee)")
            return BROKEN
        return answer
    if isinstance(value, bool):
        f.add(line, f"{what} is {type_name(value)}", f"a {kind.value} value", YES_NO_HINT)
        return BROKEN
    if kind is FieldType.NUMBER:
        number = f.number(value, line, what, counted=False)
        return number if number is not None else BROKEN
    if kind is FieldType.MONEY:
        amount = f.money(value, line, what, positive=False)
        return amount if amount is not None else BROKEN
    if kind is FieldType.DATE:
        date = f.date(value, line, what)
        return date if date is not None else BROKEN
    if isinstance(value, dt.date) or not isinstance(value, str | int | Decimal):
        f.add(line, f"{what} is {type_name(value)}", "a text")
        return BROKEN
    text = str(value).strip()
    if not text:
        f.add(line, f"{what} is empty", "a text")
        return BROKEN
    if kind is FieldType.CHOICE:
        chosen, hint = choose(text, declared.values)
        if chosen is None:
            f.add(line, f"{what} is '{text}', which is not one of its values",
                  "one of " + ", ".join(v for v, _ in declared.values), hint)
            return BROKEN
        return chosen
    return text

