"""Ballot files: residents' approval votes under votes/, as CSV, .xlsx or YAML (docs/votes.md).

One row (or YAML item) per voter: `voter`, `approved` (plan ids), and optionally `channel`,
`weight` and `district`. What a ballot file alone can tell is checked here (a voter id used
twice, a plan named twice on one ballot, a weight that is no number above 0); what needs the
submissions and the rules (unknown plan ids, the ballot rules) is checked in loading/checks.py.

Voter ids are personal data: a problem points at the ballot's line (or cell), never at its id.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from initiatief.errors import Problems
from initiatief.loading.fields import MAX_MONEY, NUMBER_TEXT, Fields, precision_problem, type_name
from initiatief.loading.layout import YAML_SUFFIXES, Progress, data_files, locate
from initiatief.loading.tables import Table, cell_text, read_table
from initiatief.loading.yamlfile import BROKEN, read_yaml
from initiatief.models import Location, Vote, to_decimal

VOTES_DIR = "votes"
TABLE_SUFFIXES = (".csv", ".xlsx")
SEPARATORS = re.compile(r"[,;\s]+")
"""Between the plan ids in one `approved` cell: commas, semicolons or spaces (ids hold none of them)."""

HEADINGS = {
    "voter": ("voter", "voter_id", "stemmer", "kiezer"),
    "approved": ("approved", "vote", "votes", "stemmen", "stem", "goedgekeurd"),
    "channel": ("channel", "voting_method", "kanaal"),
    "weight": ("weight", "gewicht"),
    "district": ("district", "wijk", "neighbourhood", "neighborhood"),
}
"""Each column a ballot file may have, and the headings it may go by (case does not matter)."""
MIN_WEIGHT = Decimal("1e-12")
"""The smallest ballot weight taken (a millionth of a millionth); the largest is below a trillion, as amounts."""
YAML_KEYS = ("voter", "approved", "channel", "weight", "district")


def read_votes(root: Path, shown: str, problems: Problems, progress: Progress | None = None) -> list[Vote] | None:
    """Return every ballot under votes/, in file and row order; None when the round has no votes/ folder."""
    folder = locate(root, VOTES_DIR, shown, problems, folder=True)
    if folder is None:
        there = (root / VOTES_DIR).is_symlink() or (root / VOTES_DIR).exists()
        return [] if there else None
    paths = data_files(folder, f"{shown}/{VOTES_DIR}", (*YAML_SUFFIXES, *TABLE_SUFFIXES), problems)
    if paths is None:
        return []
    votes: list[Vote] = []
    first: dict[str, tuple[Location, str]] = {}
    for done, path in enumerate(paths, start=1):
        if progress is not None:
            progress("votes", done, len(paths))
        display = f"{shown}/{VOTES_DIR}/{path.name}"
        reader = _table_votes if path.suffix.lower() in TABLE_SUFFIXES else _yaml_votes
        # Every ballot with a voter id is checked for a second one, also a ballot with a problem of its own (a
        # bad weight), so that both problems are told in one run; only a ballot without any problem counts.
        for ballot in reader(path, display, problems):
            key = _voter_key(ballot.voter)
            seen = first.get(key)
            if seen is not None:
                # Never the id itself: it is personal data.
                same = seen[1] == ballot.voter
                problems.add(display, ballot.line,
                             f"this voter also voted at {seen[0]}" if same else
                             f"this voter id differs only in case, spaces or characters no one sees from the one "
                             f"at {seen[0]}",
                             "one ballot per voter (a voter id only once over all ballot files)", None if same else
                             "ids such as anna@example.nl, Anna@example.nl and anna@example.nl with a zero-width "
                             "space or in full-width letters are taken as one voter's: keep the ballot that counts",
                             place=ballot.place)
                continue
            where = Location(display, ballot.line) if ballot.place is None else Location(f"{display} ({ballot.place})")
            first[key] = (where, ballot.voter)
            if ballot.vote is not None:
                votes.append(ballot.vote)
    return votes


class _Ballot(NamedTuple):
    """A row of a ballot file with a voter id: its vote, or None if the row has a problem (recorded already)."""

    voter: str
    line: int | None
    place: str | None
    vote: Vote | None


def _approved(items: list[str], f: Fields, line: int | None) -> tuple[str, ...] | None:
    ids: list[str] = []
    ok = True
    for item in items:
        if f.check_identifier(item, line, "the approved plan") is None:
            ok = False
            continue
        if item in ids:
            f.add(line, f"plan '{item}' is named twice on this ballot", "each approved plan once")
            ok = False
            continue
        ids.append(item)
    return tuple(ids) if ok else None


def _voter_key(voter: str) -> str:
    """A voter id as the check for a second ballot compares it: case, runs of spaces, characters no one sees
    (`_UNSEEN`) and the width or form of a character (full-width `ａ`, a ligature, `²`: Unicode NFKC) do not
    count, so one person's id typed with an invisible character in it is still theirs."""
    if not voter.isascii():
        voter = unicodedata.normalize("NFKC", _UNSEEN.sub("", voter))
    return " ".join(voter.split()).casefold()


_UNSEEN = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
                     "\U000e0000-\U000e0fff]")
"""Unicode's default-ignorable characters (DerivedCoreProperties, Default_Ignorable_Code_Point): what is not
drawn, such as the soft hyphen, zero-width spaces and joiners, bidi marks, overrides and isolates, the word
joiner, variation selectors, Hangul fillers and the byte-order mark."""


def _weight(value: Any, f: Fields, line: int | None, *, comma: bool = False) -> Decimal | None:
    """Return a ballot's weight; `comma`: a decimal comma is read (a CSV whose separator is not ',')."""
    if value is None or value == "":
        return Decimal(1)
    number: Decimal | None
    if isinstance(value, str):  # as scores: digits and one decimal mark, never 1_000 (Decimal() reads it as 1000)
        text = value.replace(",", ".") if comma else value
        number = to_decimal(text) if NUMBER_TEXT.match(text) else None
    elif isinstance(value, float):
        number = to_decimal(repr(value))
    else:
        number = to_decimal(value)
    if number is None or not number.is_finite() or number <= 0:
        shown = f"'{value}'" if isinstance(value, str) else type_name(value)
        hint = "write a decimal point (1.5): here a comma is no decimal mark" if not comma and isinstance(value, str) \
            and "," in value else None
        f.add(line, f"the weight is {shown}", "a number above 0 (default 1)", hint)
        return None
    if number.adjusted() >= MAX_MONEY.adjusted():  # as fields.number: a typo, and equal shares could not count it
        f.add(line, f"the weight is {value}, which is absurdly large", "a realistic number")
        return None
    if number.adjusted() < MIN_WEIGHT.adjusted():  # 1e-400: a typo too, that would show as 0 votes
        f.add(line, f"the weight is {value}, which is absurdly small", f"a realistic number (at least {MIN_WEIGHT:f})")
        return None
    digits = precision_problem(number)
    if digits is not None:
        f.add(line, f"the weight {number:f} {digits}", "a number above 0 such as 1 or 0.5 (default 1)")
        return None
    return number


def _text(value: Any) -> str | None:
    """Return a cell or YAML value as an id or a word, stripped (tables.cell_text); None if it is neither."""
    text = cell_text(value)
    return None if text is None else text.strip()


class _Cells(Fields):
    """Fields whose problems carry a workbook's place (sheet and cell) when there is one."""

    place: str | None = None

    def add(self, line: int | None, problem: str, expected: str | None = None, hint: str | None = None,
            place: str | None = None) -> None:
        self.problems.add(self.file, line, problem, expected, hint, place=place or self.place)


def _table_votes(path: Path, display: str, problems: Problems) -> list[_Ballot]:
    table = read_table(path, display, problems)
    if table is None:
        return []
    if not table.headings:
        empty, place = ("the file", None) if table.sheet is None else ("the sheet", f"sheet {table.sheet}")
        problems.add(display, None, f"{empty} is empty",
                     "a header row: voter, approved (and channel, weight, district)", place=place)
        return []
    columns = _columns(table, display, problems)
    if columns is None:
        return []
    f = _Cells(problems, display)
    out: list[_Ballot] = []
    for row in table.rows:
        line, place = table.at(row.number, None)
        f.place = place

        def cell(key: str, cells: tuple[Any, ...] = row.cells) -> Any:
            index = columns.get(key)
            return None if index is None else cells[index]

        voter = _text(cell("voter"))
        if not voter:
            raw = cell("voter")
            shown = "empty" if raw in (None, "") else type_name(raw)
            f.add(line, f"the voter cell is {shown}", "the voter's id (any text, unique)",
                  place=table.at(row.number, columns["voter"])[1])
            continue
        raw = cell("approved")
        text = _text(raw) if raw is not None else ""
        if text is None:
            f.add(line, f"the approved cell is {type_name(raw)}", "plan ids separated by commas",
                  place=table.at(row.number, columns["approved"])[1])
            out.append(_Ballot(voter, line, place, None))
            continue
        approved = _approved([i for i in SEPARATORS.split(text) if i], f, line)
        weight = _weight(cell("weight"), f, line, comma=table.delimiter != ",")
        channel = _text(cell("channel")) or None
        district = _text(cell("district")) or None
        vote = None if approved is None or weight is None else Vote(
            voter, approved, Location(display, line), channel, weight, district, place)
        out.append(_Ballot(voter, line, place, vote))
    return out


def _columns(table: Table, display: str, problems: Problems) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    ok = True
    for index, heading in enumerate(table.headings):
        key = next((k for k, names in HEADINGS.items() if heading.strip().lower() in names), None)
        if key is None:
            problems.add(display, 1 if table.sheet is None else None, f"unknown column '{heading}'",
                         "the columns voter, approved, channel, weight, district",
                         place=None if table.sheet is None else table.place(1, index))
            ok = False
            continue
        if key in columns:
            problems.add(display, 1 if table.sheet is None else None, f"the column '{heading}' is there twice",
                         "each column once", place=None if table.sheet is None else table.place(1, index))
            ok = False
            continue
        columns[key] = index
    for key in ("voter", "approved"):
        if key not in columns and ok:
            problems.add(display, 1 if table.sheet is None else None, f"there is no column '{key}'",
                         "a header row with voter and approved (and channel, weight, district)")
            ok = False
    return columns if ok else None


def _yaml_votes(path: Path, display: str, problems: Problems) -> list[_Ballot]:
    f = _Cells(problems, display)
    data = read_yaml(path, display, problems)
    m = f.mapping(data, 1, "a ballot file") if data is not None else None
    if m is None:
        return []
    if not f.keys(m, "ballot file", ("ballots",), ()):
        return []
    items = f.sequence(m["ballots"], m.line_of("ballots"), "ballots")
    if items is None:
        return []
    out: list[_Ballot] = []
    for value, line in zip(items, items.item_lines, strict=True):
        b = f.mapping(value, line, "a ballot")
        if b is None:
            continue
        if not f.keys(b, "ballot", ("voter", "approved"), ("channel", "weight", "district")):
            continue
        broken = any(b.get(key) is BROKEN for key in YAML_KEYS)  # its problem is recorded already
        voter = _text(b["voter"])
        if not voter and b["voter"] is not BROKEN:
            f.add(b.line_of("voter"), f"the voter is {type_name(b['voter'])}", "the voter's id (any text, unique)")
        listed = b["approved"]
        if listed is None:
            names: list[str] = []
        else:
            seq = f.sequence(listed, b.line_of("approved"), "approved")
            if seq is None:
                if voter:
                    out.append(_Ballot(voter, line, None, None))
                continue
            names = []
            for item, item_line in zip(seq, seq.item_lines, strict=True):
                text = _text(item)
                if item is BROKEN:
                    continue
                if text is None:
                    f.add(item_line, f"an approved plan is {type_name(item)}", "a plan id")
                    continue
                names.append(text)
        approved = _approved(names, f, b.line_of("approved"))
        weight = _weight(b.get("weight"), f, b.line_of("weight"))
        channel = f.text(b, "channel", "ballot") if b.get("channel") is not None else None
        district = _text(b.get("district")) if b.get("district") is not None else None
        if not voter:
            continue
        vote = None if approved is None or weight is None or broken else Vote(
            voter, approved, Location(display, line), channel, weight, district)
        out.append(_Ballot(voter, line, None, vote))
    return out
