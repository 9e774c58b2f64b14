"""A form export (.csv or .xlsx, one row per application) read into submissions by the round's form.

Each form field names the column it comes from; each cell is read by the field's type,
the way people and spreadsheets write it (docs/intake.md):

- money: `5000`, `5000.50`, `5.000`, `5.000,00`, `€ 5.000`, or a number cell;
- dates: `2024-05-14`, `14-05-2024`, `14/5/2024` (day first), with or without a time, or a
  date cell (also an Excel serial number in a date column);
- yes/no: `Ja`/`Nee`, `yes`/`no`, `true`/`false` (any case), or a TRUE/FALSE cell;
- a choice, a list item, a district, a stage, the applicant's kind: the value's id or its
  label (case and surrounding spaces ignored);
- a list: the items separated by the field's separator (default `;`).

An empty cell is an answer not given: the submission leaves it out, and `validate` says
so if the form requires it. Anything else that cannot be read is a problem with sheet,
row and column, and then nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from initiatief.errors import Problems, suggest
from initiatief.loading import form
from initiatief.loading.fields import MAX_MONEY
from initiatief.loading.layout import unusable_file_name
from initiatief.loading.submissions import RECEIVED_YEARS
from initiatief.loading.tables import Table, read_table
from initiatief.models import ApplicantKind, FieldType, Form, FormField, Round

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_DUTCH_MONEY = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?\Z|^[0-9]+,[0-9]{1,2}\Z")
_SPACED_MONEY = re.compile(r"^[0-9]{1,3}(?:\s[0-9]{3})+(?:,[0-9]{1,2})?\Z")
"""Thousands grouped by spaces; any other space inside an amount (`45 00`, `100 200`) is no amount."""
_PLAIN_MONEY = re.compile(r"^[0-9]+(?:\.[0-9]{1,2})?\Z")
_NUMBER = re.compile(r"^-?[0-9]+(?:[.,][0-9]+)?\Z")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+\Z|^[0-9]{1,3},[0-9]{3}\Z")
"""1.200 and 1.200.000 (Dutch thousands) and 1,500 (English thousands, or a Dutch one and a half): never guessed."""
_TIME = r"(?:[ T]([0-9]{1,2})[:.]([0-9]{2})(?:[:.]([0-9]{2})(?:[.,][0-9]+)?)?)?"
"""The time of day a form export may write after the date (10:33, 10.33, 10:33:07): read to be checked, then dropped."""
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" + _TIME + r"\Z")
_DAY_FIRST = re.compile(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})" + _TIME.replace("[ T]", " ", 1) + r"\Z")
_FIRST_DATE = dt.date(1950, 1, 1)
"""A number in a date column for an earlier day (2024, 12) is no date a round meant."""
_KIND_WORDS = {
    "organisation": ApplicantKind.ORGANISATION, "organisatie": ApplicantKind.ORGANISATION,
    "organization": ApplicantKind.ORGANISATION, "person": ApplicantKind.PERSON, "persoon": ApplicantKind.PERSON,
    "particulier": ApplicantKind.PERSON, "private person": ApplicantKind.PERSON,
}
MAX_SLUG = 60
MAX_ID = 200
"""The longest id an export may give: its file name, `<id>.yaml`, must fit a file system's 255 bytes."""
_WHAT = {"title": "title", "applicant.name": "applicant's name"}


@dataclass(frozen=True)
class Intake:
    """One application from the export: the submission id, where its row is, and its values by field name."""

    id: str
    row: int
    values: dict[str, Any]
    """Field name (`title`, `applicant.email`, `facts.winstoogmerk`) → value as a submission file holds it:
    text, Decimal, date, bool, or a tuple for a list. An empty cell is left out."""
    lacking: tuple[str, ...] = ()
    """The required fields whose cells are empty (the round's `validate` will report them)."""


@dataclass(frozen=True)
class Export:
    """What a form export held: the applications, and the columns initiatief did not read."""

    file: str
    applications: tuple[Intake, ...]
    unread: tuple[str, ...]
    """Headings of the export that no form field names: not imported (listed, never silently dropped)."""
    absent: tuple[str, ...]
    """Form fields whose column the export does not have."""


def read_export(
    round_: Round, path: Path, display: str, problems: Problems, *, sheet: str | None = None,
    encoding: str = "utf-8",
) -> Export | None:
    """Return the applications in a form export, read by the round's form, or None after recording problems."""
    declared = round_.form
    if declared is None:
        problems.add(f"{round_.folder}/round.yaml", None, "the round has no form, so an export cannot be read",
                     "form: in round.yaml, with the column each field comes from (docs/intake.md)")
        return None
    before = problems.count
    table = read_table(path, display, problems, sheet=sheet, encoding=encoding)
    if table is None:
        return None
    if not table.headings:
        problems.add(display, None, "the export has no header row", "a header row with the form's columns")
        return None
    columns = _columns(declared, table, problems)
    if columns is None:
        return None
    read: list[tuple[int, dict[str, Any], list[str]]] = []
    for row in table.rows:
        values: dict[str, Any] = {}
        lacking: list[str] = []
        for field, index in columns.items():
            cell = row.cells[index] if index < len(row.cells) else None
            if _blank(cell):
                if field.name in ("title", "applicant.name"):
                    problems.add(display, None, "the cell is empty", f"the {_WHAT[field.name]}: every application "
                                 "has one", place=table.place(row.number, index))
                elif field.required:
                    lacking.append(field.name)
                continue
            value = _read_cell(field, cell, round_, table.epoch)
            if isinstance(value, _Unread):
                problems.add(display, None, f"{_shown(cell)} {value.problem}", value.expected, value.hint,
                             place=table.place(row.number, index))
                continue
            values[field.name] = value
        read.append((row.number, values, lacking))
    ids = _ids(read, table, columns, problems)
    applications = [Intake(sub_id, number, values, tuple(lacking))
                    for (number, values, lacking), sub_id in zip(read, ids, strict=True) if sub_id is not None]
    if problems.count > before:
        return None
    used = set(columns.values())
    unread = tuple(h for i, h in enumerate(table.headings) if i not in used and h)
    absent = tuple(f.name for f in declared.fields if f not in columns)
    return Export(display, tuple(applications), unread, absent)


class _Unread:
    """A cell that could not be read: what is wrong, what was expected, a hint."""

    def __init__(self, problem: str, expected: str, hint: str | None = None) -> None:
        self.problem = problem
        self.expected = expected
        self.hint = hint


def _columns(declared: Form, table: Table, problems: Problems) -> dict[FormField, int] | None:
    """Return the column of each form field the export has; a required field's missing column is a problem."""
    exact = {h: i for i, h in enumerate(table.headings)}
    folded: dict[str, list[int]] = {}
    for i, h in enumerate(table.headings):
        folded.setdefault(_fold(h), []).append(i)
    found: dict[FormField, int] = {}
    ok = True
    for field in declared.fields:
        index = exact.get(field.column)
        if index is None:
            candidates = folded.get(_fold(field.column), [])
            if len(candidates) == 1:
                index = candidates[0]
            elif len(candidates) > 1:
                problems.add(table.file, None, f"the column '{field.column}' of '{field.name}' appears "
                             f"{len(candidates)} times in different case", "each column once")
                ok = False
                continue
        if index is not None:
            found[field] = index
        elif field.required or field.name in ("title", "applicant.name"):
            where = f"sheet {table.sheet}" if table.sheet else None
            problems.add(table.file, None, f"the export has no column '{field.column}' (for '{field.name}')",
                         "a column with that heading, or form: … column: set to the heading the export uses",
                         suggest(field.column, table.headings), place=where)
            ok = False
    if ok and not any(f.name == "title" for f in found) and declared.get("title") is None:
        problems.add(table.file, None, "the round's form does not say which column holds the title",
                     "form: {title: {column: …}} in round.yaml")
        ok = False
    if ok and not any(f.name == "applicant.name" for f in found) and declared.get("applicant.name") is None:
        problems.add(table.file, None, "the round's form does not say which column holds the applicant's name",
                     "form: {applicant.name: {column: …}} in round.yaml")
        ok = False
    return found if ok else None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _shown(cell: Any) -> str:
    if isinstance(cell, str):
        return f"'{cell}'"
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    return str(cell)


def _read_cell(field: FormField, cell: Any, round_: Round, epoch: dt.date) -> Any:
    """Return a cell's value as the field's type reads it, or an _Unread saying why it cannot be read."""
    name = field.name
    if name == "id":
        text = _text(cell)
        if isinstance(text, str) and _ID.match(text) and len(text) > MAX_ID:
            # It names the file submissions/<id>.yaml: longer than a file system takes, the write failed unplaced.
            return _Unread("is too long for a file name", f"an id of at most {MAX_ID} characters")
        unusable = unusable_file_name(text) if isinstance(text, str) and _ID.match(text) else None
        if unusable is not None:
            return _Unread(f"cannot name a file everywhere ({unusable})", "another id")
        if isinstance(text, str) and _ID.match(text):
            return text
        return _Unread("is not an id", "letters, digits, '.', '_' and '-', starting with a letter or digit")
    if name == "district":
        districts = tuple((d.id, d.label) for d in round_.districts)
        return _choice(cell, districts, "district") if districts else _text(cell)
    if name == "stage":
        return _choice(cell, tuple((s, s) for s in round_.stages), "stage")
    if name == "applicant.kind":
        text = _text(cell)
        kind = _KIND_WORDS.get(_fold(text)) if isinstance(text, str) else None
        if kind is None:
            return _Unread("is not a kind of applicant", "organisation or person (organisatie, particulier)")
        return kind.value
    kind_of = field.type
    if kind_of is FieldType.MONEY:
        amount = _money(cell)
        if name in ("requested", "cost") and isinstance(amount, Decimal) and amount == 0:  # also -0.0
            # validate refuses it: the import said it wrote the application, validate then said it is wrong.
            return _Unread("is an amount of 0", "the amount requested above 0" if name == "requested" else
                           "the plan's cost above 0",
                           "leave the cell empty if the application gives none")
        return amount
    if kind_of is FieldType.DATE:
        date = _date(cell, epoch)
        if name == "received" and isinstance(date, dt.date) and abs(date.year - round_.year) > RECEIVED_YEARS:
            # validate refuses it (loading/submissions.py): the import would write what validate then refuses.
            return _Unread(f"is {date.isoformat()}, far from the round's year {round_.year}",
                           f"a date from {round_.year - RECEIVED_YEARS} to {round_.year + RECEIVED_YEARS}")
        return date
    if kind_of is FieldType.YES_NO:
        answer = form.yes_no(cell) if isinstance(cell, bool | str) else None
        return answer if answer is not None else _Unread("is not yes or no", "Ja or Nee (yes/no, true/false)")
    if kind_of is FieldType.NUMBER:
        return _number(cell)
    if kind_of is FieldType.CHOICE:
        return _choice(cell, field.values, "value")
    if kind_of is FieldType.LIST:
        text = _text(cell)
        if isinstance(text, _Unread):
            return text
        items = [item.strip() for item in text.split(field.separator) if item.strip()]
        if not field.values:
            return tuple(items)
        read = [_choice(item, field.values, "value") for item in items]
        bad = [(item, r) for item, r in zip(items, read, strict=True) if isinstance(r, _Unread)]
        if bad:
            if len(items) == 1:  # the cell is the one item: "'Tieners' is not one of the values"
                return bad[0][1]
            named = " and ".join(", ".join(f"'{item}'" for item, _ in bad).rsplit(", ", 1))
            hints = "; ".join(r.hint for _, r in bad if r.hint)
            return _Unread(f"holds {named}, which {'is' if len(bad) == 1 else 'are'} not among the values",
                           bad[0][1].expected, hints or None)
        return tuple(r for r in read if isinstance(r, str))
    return _text(cell)


def _text(cell: Any) -> str | _Unread:
    if isinstance(cell, bool) or isinstance(cell, dt.date | dt.time | dt.timedelta):
        return _Unread("is not a text", "a text")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = unicodedata.normalize("NFC", str(cell)).strip()
    return text if text else _Unread("is empty", "a text")


def _choice(cell: Any, values: tuple[tuple[str, str], ...], what: str) -> str | _Unread:
    """Return the id a cell names, by the id or by its label (case and spaces ignored)."""
    text = _text(cell)
    if isinstance(text, _Unread):
        return text
    folded = _fold(text)
    for value_id, label in values:
        if text == value_id or folded in (_fold(value_id), _fold(label)):
            return value_id
    shown = ", ".join(label if label == value_id else f"{label} ({value_id})" for value_id, label in values)
    return _Unread(f"is not one of the {what}s", "one of " + shown, suggest(text, [label for _, label in values]))


def _money(cell: Any) -> Decimal | _Unread:
    """Return an amount from a number cell or from text as people write it (`€ 5.000`, `5.000,00`, `5000.50`)."""
    expected = "an amount such as 5000, 5.000,00 or € 5.000"
    if isinstance(cell, bool):
        return _Unread("is not an amount", expected)
    if isinstance(cell, int | float | Decimal):
        try:
            amount = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        except InvalidOperation:
            return _Unread("is not an amount", expected)
    elif isinstance(cell, str):
        text = cell.strip()
        for sign in ("€", "EUR", "eur"):
            text = text.removeprefix(sign)
        text = text.strip()
        if _SPACED_MONEY.match(text):  # 1 234 567,50: spaces (or no-break spaces) group the thousands
            text = re.sub(r"\s", "", text)
        if _DUTCH_MONEY.match(text):
            amount = Decimal(text.replace(".", "").replace(",", "."))
        elif _PLAIN_MONEY.match(text):
            amount = Decimal(text)
        else:
            return _Unread("is not an amount", expected, "write whole euros as 5000 or 5.000; cents as 5.000,50")
    else:
        return _Unread("is not an amount", expected)
    if not amount.is_finite() or amount < 0:
        return _Unread("is not an amount of 0 or more", expected)
    if amount >= MAX_MONEY:  # first: quantizing 1e300 to the cent is beyond Decimal's precision (a crash)
        return _Unread("is absurdly large", "a realistic amount")
    if amount != amount.quantize(Decimal("0.01")):
        return _Unread("has more than two decimals", "an amount exact to the cent")
    return amount.quantize(Decimal("0.01"))


def _number(cell: Any) -> Decimal | _Unread:
    number: Decimal | None = None
    if isinstance(cell, bool):
        return _Unread("is not a number", "a number")
    if isinstance(cell, int | Decimal):
        number = Decimal(cell)
    elif isinstance(cell, float):
        number = Decimal(repr(cell))
    elif isinstance(cell, str):
        text = cell.strip()
        if _GROUPED.match(text):
            return _Unread("is not a number", "a number without thousands separators",
                           "1.200 could be twelve hundred or one point two, 1,500 fifteen hundred or one and a "
                           "half: write 1200 or 1,2")
        if _NUMBER.match(text):
            number = Decimal(text.replace(",", "."))
    if number is None or not number.is_finite():
        return _Unread("is not a number", "a number")
    if number != 0 and number.adjusted() >= MAX_MONEY.adjusted():
        # As validate refuses it in the file (fields.number); the file could not even be written (YAML's digits).
        return _Unread("is absurdly large", "a realistic number")
    return number


def _date(cell: Any, epoch: dt.date) -> dt.date | _Unread:
    """Return a date from a date cell, an Excel serial number (days since the workbook's `epoch`), or text
    written YYYY-MM-DD or day first."""
    expected = "a date such as 2024-05-14 or 14-05-2024"
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        if (_FIRST_DATE - epoch).days <= cell <= (dt.date(9999, 12, 31) - epoch).days:  # Excel's last date
            return epoch + dt.timedelta(days=int(cell))
        return _Unread("is not a date", expected, "a number in a date column is read as Excel's count of days "
                       "(45000 is 2023-03-15): format the cell as a date")
    if isinstance(cell, str):
        text = cell.strip()
        found = _ISO_DATE.match(text) or _DAY_FIRST.match(text)
        if found:
            year, month, day = (found[1], found[2], found[3]) if found.re is _ISO_DATE else (found[3], found[2],
                                                                                               found[1])
            hour, minute, second = (int(x) if x else 0 for x in found.groups()[3:6])
            try:
                date = dt.date(int(year), int(month), int(day))
                dt.time(hour, minute, second)  # the time is not kept, but 25:99 is no time: the cell is misread
            except ValueError:
                return _Unread("is not a date that exists", expected)
            return date
    return _Unread("is not a date", expected, "dates are read day first: 05-04-2024 is 5 April")


def _ids(read: list[tuple[int, dict[str, Any], list[str]]], table: Table, columns: dict[FormField, int],
         problems: Problems) -> list[str | None]:
    """Return each row's submission id: its id column, else a slug of its title (None: no id, said why).

    The ids the export gives are taken first, so a slug never takes one of them (a row without an id titled
    'Tuin' before a row with id 'tuin' becomes tuin-2, not a second 'tuin' that overwrites the first);
    slugs are then made unique in row order. Ids are compared without case: on Windows and macOS Z-1.yaml
    and z-1.yaml are one file.
    """
    ids: list[str | None] = [None] * len(read)
    taken: dict[str, int] = {}  # an id, case folded → the row that has it
    given_rows: dict[str, str] = {}  # case folded → the id as the export writes it
    for i, (number, values, _) in enumerate(read):
        given = values.get("id")
        if not isinstance(given, str):
            continue
        same = given_rows.get(given.casefold())
        if same is not None:
            index = next(i for f, i in columns.items() if f.name == "id")
            problems.add(table.file, None, f"the id '{given}' is also the id of row {taken[same.casefold()]}"
                         + ("" if same == given else f" ('{same}': file names do not tell case apart everywhere)"),
                         "a unique id per application", place=table.place(number, index))
            continue
        taken[given.casefold()] = number
        given_rows[given.casefold()] = given
        ids[i] = given
    for i, (number, values, _) in enumerate(read):
        if isinstance(values.get("id"), str):
            continue
        title = values.get("title")
        if not isinstance(title, str):
            continue  # its title cell is a problem already: empty, or not a text
        base = slug(title)
        candidate, n = base, 1
        while candidate.casefold() in taken or unusable_file_name(candidate) is not None:  # 'Nul' → nul-2
            n += 1
            candidate = f"{base}-{n}"
        taken[candidate.casefold()] = number
        ids[i] = candidate
    return ids


def slug(title: str) -> str:
    """Return an id made from a title: lower case ASCII letters and digits joined by '-' (`Café Één` → `cafe-een`)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return words[:MAX_SLUG].rstrip("-") or "aanvraag"
