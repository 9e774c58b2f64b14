"""Score files: one per assessor under scores/, YAML, CSV as a spreadsheet exports it, or an .xlsx workbook."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from initiatief.errors import Problems, suggest
from initiatief.loading import declarations as D
from initiatief.loading.definition import Definition
from initiatief.loading.fields import Fields, type_name
from initiatief.loading.layout import (
    CASE_BLIND,
    SCORES_BROKEN,
    SCORES_DIR,
    YAML_SUFFIXES,
    Progress,
    data_files,
    locate,
    unusable_file_name,
)
from initiatief.loading.tables import Table, cell_text, read_table
from initiatief.loading.yamlfile import read_yaml
from initiatief.models import Criterion, Location, Scoresheet, to_decimal

TABLE_SUFFIXES = (".csv", ".xlsx")
"""Score files read as a table: a row per submission."""
SCORES_SHEET = "Scores"
"""The sheet of a workbook that holds the scores (`initiatief sheets` writes it first); else the first sheet."""

_TRUE_WORDS = {"yes", "ja", "true", "x", "1", "conflict", "y", "j"}
_FALSE_WORDS = {"no", "nee", "false", "0", "n"}


def read_scoresheets(
    root: Path, shown: str, d: Definition, problems: Problems, progress: Progress | None = None,
    broken_ids: set[str] | None = None,
) -> list[Scoresheet]:
    folder = locate(root, SCORES_DIR, shown, problems, folder=True)
    if folder is None:
        there = (root / SCORES_DIR).is_symlink() or (root / SCORES_DIR).exists()
        if there and broken_ids is not None:
            broken_ids.add(SCORES_BROKEN)  # refused, and said so: no "missing scores" on top
        return []
    sheets: list[Scoresheet] = []
    seen: dict[str, str] = {}
    folded: dict[str, str] = {}
    paths = data_files(folder, f"{shown}/{SCORES_DIR}", (*YAML_SUFFIXES, *TABLE_SUFFIXES), problems)
    if paths is None:
        if broken_ids is not None:
            broken_ids.add(SCORES_BROKEN)
        return []
    for done, path in enumerate(paths, start=1):
        if progress is not None:
            progress("scores", done, len(paths))
        display = f"{shown}/{SCORES_DIR}/{path.name}"
        reader = _table_sheet if path.suffix.lower() in TABLE_SUFFIXES else _yaml_sheet
        sheet = reader(path, display, d, problems)
        if sheet is None:
            if broken_ids is not None:
                broken_ids.add(SCORES_BROKEN)
            continue
        if sheet.assessor in seen:
            problems.add(display, None, f"assessor '{sheet.assessor}' also has {seen[sheet.assessor]}",
                         "one score file per assessor")
            continue
        same = folded.get(sheet.assessor.casefold())
        if same is not None:
            problems.add(display, None, f"assessor '{sheet.assessor}' differs only in case from '{same}' "
                         f"({seen[same]})", "assessor ids that differ in more than case",
                         f"each has a score sheet named after the id, and {CASE_BLIND}")
            continue
        unusable = unusable_file_name(sheet.assessor)
        if unusable is not None:
            problems.add(display, None, f"assessor id '{sheet.assessor}' cannot name a file everywhere: {unusable}",
                         "another assessor id", "each assessor's score sheet is a file named after the id")
            if broken_ids is not None:
                broken_ids.add(SCORES_BROKEN)
            continue
        folded[sheet.assessor.casefold()] = sheet.assessor
        seen[sheet.assessor] = display
        sheets.append(sheet)
    return sheets


def _criterion_ids(d: Definition) -> list[str]:
    return [c.id for c in d.criteria or ()]


def _yaml_sheet(path: Path, display: str, d: Definition, problems: Problems) -> Scoresheet | None:
    f = Fields(problems, display)
    data = read_yaml(path, display, problems)
    m = f.mapping(data, 1, "a score file") if data is not None else None
    if m is None:
        return None
    f.keys(m, "score file", D.SCORE_FILE.required, D.SCORE_FILE.optional)
    assessor = f.identifier(m, "assessor", "assessor", path.stem)
    name = f.text(m, "name", "assessor", assessor)
    conflicts: set[str] = set()
    lines: dict[str, int] = {}
    if m.get("conflicts") is not None:
        items = f.sequence(m["conflicts"], m.line_of("conflicts"), "conflicts")
        for value, item_line in zip(items or [], items.item_lines if items else [], strict=True):
            sub_id = f.id_item(value, item_line, "conflicts item")
            if sub_id is None:
                continue
            conflicts.add(sub_id)
            lines[sub_id] = item_line
    table = f.mapping(m.get("scores"), m.line_of("scores"), "scores") if "scores" in m else None
    scores: dict[str, dict[str, Decimal]] = {}
    refused: set[tuple[str, str]] = set()
    criterion_ids = _criterion_ids(d)
    known: dict[tuple[str, type, Any], Decimal] = {}
    rows: _Rows = {}
    for sub_id, row in (table or {}).items():
        sub_id = sys.intern(sub_id)  # one string for the id in every score file and in the submission
        line = table.line_of(sub_id) if table is not None else None
        if line is not None:
            lines[sub_id] = line
        r = f.mapping(row, line, f"the scores for '{sub_id}'")
        if r is None:
            refused.update((sub_id, crit) for crit in criterion_ids)
            continue
        row_scores: dict[str, Decimal] = {}
        for crit, value in r.items():
            score = _score(value, r.line_of(crit), f, d, sub_id, crit, known)
            if score is None and crit in criterion_ids:
                refused.add((sub_id, crit))
            elif score is None:  # an unknown criterion ('suport'): which one it stands for is not known
                refused.update((sub_id, known_crit) for known_crit in criterion_ids)
            else:
                row_scores[crit] = score
        scores[sub_id] = _one_of(row_scores, rows)
    if assessor is None or table is None:
        return None
    # Refused scores and entries are problems already (the round is not evaluated); the sheet is still returned,
    # so that what else is wrong with it (a score missing on another row) is told in the same run.
    return Scoresheet(assessor, name or assessor, Location(display, 1), scores, frozenset(conflicts), lines,
                      refused=frozenset(refused))


_Rows = dict[tuple[tuple[str, ...], tuple[int, ...]], dict[str, Decimal]]


def _one_of(row: dict[str, Decimal], rows: _Rows) -> dict[str, Decimal]:
    """Return `row`, or the equal row read before in the same file: the same criteria with the very same Decimals
    (`_score` gives one Decimal per criterion and text as written, so 3.0 and 3 stay apart).

    A file of 50,000 rows repeats a few thousand at most, and a row dict costs more than its scores; rows are
    never changed once read (Scoresheet.scores is a Mapping of Mappings), so plans may share one.
    """
    return rows.setdefault((tuple(row), tuple(map(id, row.values()))), row)  # built in C: 250,000 rows


def _score(value: Any, line: int | None, f: Fields, d: Definition, sub_id: str, crit: str,
           known: dict[tuple[str, type, Any], Decimal] | None = None) -> Decimal | None:
    """Return a score on its criterion's scale, or None after recording why not.

    `known` holds the scores read before in the same file, by criterion and the value as written:
    a score sheet repeats a handful of values thousands of times, and each is checked once.
    """
    # A Decimal by its text: 3.0 equals 3, but is shown as written. Only plain values are remembered (a list or a
    # mapping where a score belongs is no key, and is reported each time).
    plain = value.__class__ in (str, int, Decimal)
    key = (crit, value.__class__, str(value) if value.__class__ is Decimal else value) if plain else None
    if known is not None and key is not None:
        found = known.get(key)
        if found is not None:
            return found
    criteria = {c.id: c for c in d.criteria or ()}
    if crit not in criteria and "criteria" not in d.broken:
        # {impact: 4,5} is the mapping {impact: 4, 5: null} to YAML: a decimal comma, most likely.
        comma = value is None and str(crit).isdigit() and str(crit).isascii()
        f.add(line, f"score for unknown criterion '{crit}' (submission '{sub_id}')",
              "one of " + ", ".join(criteria),
              f"a decimal comma? In a mapping YAML reads '…,{crit}' as a key of its own: write the score with a "
              f"decimal point, e.g. 4.{crit}" if comma else suggest(crit, criteria))
        return None
    score = f.number(value, line, f"the score of '{sub_id}' on '{crit}'")
    if score is None:
        return None
    criterion = criteria.get(crit)
    if criterion is not None and not criterion.low <= score <= criterion.high:
        f.add(line, f"the score of '{sub_id}' on '{crit}' is {value}, outside the scale",
              f"a score from {criterion.low} to {criterion.high}")
        return None
    if known is not None and key is not None and len(known) < 10_000:
        known[key] = score
    return score


class _Cells(Fields):
    """Fields whose problems name the cell being read (`place`), for score files in a workbook."""

    line: int | None = None
    place: str | None = None

    def add(self, line: int | None, problem: str, expected: str | None = None, hint: str | None = None) -> None:
        self.problems.add(self.file, line, problem, expected, hint, place=self.place)


_SUBMISSION = "submission"
_CONFLICT = "conflict"
_COMMENT = "comment"
_TITLE = "title"
_KNOWN = {
    "submission": _SUBMISSION, "id": _SUBMISSION, "inzending": _SUBMISSION, "aanvraag": _SUBMISSION,
    "conflict": _CONFLICT, "belangenverstrengeling": _CONFLICT,
    "comment": _COMMENT, "opmerking": _COMMENT, "toelichting": _COMMENT,
    "title": _TITLE, "titel": _TITLE,
}
"""The headings that are not criteria (any case): the submission's id, a conflict, a comment, the title (ignored)."""
_PARENTHESISED = re.compile(r"^(.*?)\s*\([^()]*\)\Z")
"""A heading with a parenthesised part after the criterion, as `initiatief sheets` writes: 'Impact (×3, 1–5)'."""


def _criteria_named(heading: str, criteria: tuple[Criterion, ...]) -> list[str]:
    """Return the criteria a heading names, with or without '(…)' after it: by id exactly, else by label in any
    case, else by id in any case (people type headings: 'IMPACT' is `impact`). The first way that names a
    criterion decides, so a sheet whose label 'Impact' belongs to another criterion than the id `impact` reads
    as before."""
    def named(text: str) -> list[str]:
        folded = text.casefold()
        for found in ([c.id for c in criteria if text == c.id],
                      [c.id for c in criteria if folded == c.label.strip().casefold()],
                      [c.id for c in criteria if folded == c.id.casefold()]):
            if found:
                return found
        return []

    found = named(heading)
    match = _PARENTHESISED.match(heading)
    if not found and match and match.group(1):
        found = named(match.group(1).strip())
    return list(dict.fromkeys(found))


def _roles(table: Table, d: Definition, f: _Cells) -> list[str | None] | None:
    """Return what each column holds (a known role, a criterion id, or None: ignored), or None if the headings
    have a problem (recorded)."""
    criteria = d.criteria or ()
    ids = [c.id for c in criteria]
    broken = "criteria" in d.broken
    if all(_KNOWN.get(heading.casefold()) != _SUBMISSION for heading in table.headings):
        f.line, f.place = table.at(1, 0)
        f.add(f.line, f"the first column is '{table.headings[0]}'", "a first column named 'submission'")
        return None
    ok = True
    roles: list[str | None] = []
    for column, heading in enumerate(table.headings):
        f.line, f.place = table.at(1, column)
        role = _KNOWN.get(heading.casefold())
        named = _criteria_named(heading, criteria) if role is None and heading else []
        if role is None and len(named) == 1:
            role = "criterion:" + named[0]
        elif len(named) > 1:
            f.add(f.line, f"the column '{heading}' could be any of the criteria " + ", ".join(named),
                  "a heading that names one criterion: its id, or its label")
            ok = False
        elif role is None and heading and not broken:
            bare = _PARENTHESISED.match(heading)
            word = bare.group(1).strip() if bare and bare.group(1) else heading
            options = ["submission", "conflict", "comment", *ids]
            f.add(f.line, f"unknown column '{heading}'", "submission, conflict, comment or a criterion: "
                  + ", ".join(ids), suggest(word, options) or suggest(word, [c.label for c in criteria]))
            ok = False
        roles.append(None if role == _TITLE else role)
    for role in set(roles) - {None}:
        columns = [table.headings[i] for i, r in enumerate(roles) if r == role]
        if len(set(columns)) > 1:  # the same heading twice is reported by read_table already
            f.line, f.place = table.at(1, roles.index(role, roles.index(role) + 1))
            what = f"criterion '{role[len('criterion:'):]}'" if role and role.startswith("criterion:") else role
            f.add(f.line, "the columns " + " and ".join(f"'{c}'" for c in columns) + f" are both {what}",
                  "each column once")
            ok = False
    return roles if ok else None


def _table_sheet(path: Path, display: str, d: Definition, problems: Problems) -> Scoresheet | None:
    """Read one assessor's scores from a CSV file or a workbook (sheet 'Scores', else the first): a row per
    submission."""
    before = problems.count
    table = read_table(path, display, problems, prefer_sheet=SCORES_SHEET)
    if table is None:
        return None
    # A row or heading it could not read (a short row, say): whose scores that row held is not known, so the
    # sheet is read for its other problems, then refused as a whole (no "missing score" for that row's plan).
    unreadable = problems.count != before
    if not table.headings:
        # A workbook is seldom empty; its sheet is (a blank 'Scores' before the sheet that holds the scores).
        empty, place = ("the file", None) if table.sheet is None else ("the sheet", f"sheet {table.sheet}")
        problems.add(display, None, f"{empty} is empty", "a header row: submission, then one column per criterion",
                     place=place)
        return None
    f = _Cells(problems, display)
    roles = _roles(table, d, f)
    if roles is None:
        return None
    comma = table.delimiter != ","  # a decimal comma, where a comma cannot be the delimiter
    scores: dict[str, dict[str, Decimal]] = {}
    conflicts: set[str] = set()
    lines: dict[str, int] = {}
    places: dict[str, str] = {}
    sub_col = roles.index(_SUBMISSION)
    conflict_col = roles.index(_CONFLICT) if _CONFLICT in roles else None
    criterion_columns = [(column, role[len("criterion:"):]) for column, role in enumerate(roles)
                         if role is not None and role.startswith("criterion:")]
    known: dict[tuple[str, type, Any], Decimal] = {}
    # The scores read before in this file, per criterion column and the text as written (CSV, no decimal comma):
    # what `known` holds for them, found without building its key.
    texts: list[dict[str, Decimal]] = [{} for _ in criterion_columns]
    rows: _Rows = {}
    refused: set[tuple[str, str]] = set()
    columns = [(column, crit, texts[i]) for i, (column, crit) in enumerate(criterion_columns)]
    intern = sys.intern
    csv_file = table.sheet is None
    for row in table.rows:
        cells, number = row.cells, row.number
        sub_cell = cells[sub_col]
        sub_id = sub_cell if sub_cell.__class__ is str else cell_text(sub_cell)
        if sub_id is None or not sub_id.strip():
            f.line, f.place = table.at(number, sub_col)
            shown = type_name(sub_cell) if sub_cell not in (None, "") else "empty"
            f.add(f.line, f"the submission cell is {shown}", "the id of a submission")
            continue
        sub_id = intern(sub_id)  # one string for the id in every score file and in the submission
        if csv_file:
            lines.setdefault(sub_id, number)
        else:
            places.setdefault(sub_id, f"sheet {table.sheet}, row {number}")
        if conflict_col is not None and (raw := cells[conflict_col]) != "" and raw is not None:
            word = raw if isinstance(raw, bool) else (cell_text(raw) or "").lower()
            if word is True or word in _TRUE_WORDS:
                conflicts.add(sub_id)
                continue
            if word is not False and word not in _FALSE_WORDS:
                f.line, f.place = table.at(number, conflict_col)
                shown = raw if isinstance(raw, str) else type_name(raw)
                f.add(f.line, f"the conflict cell is '{shown}'",
                      "empty or nee for no conflict, ja/yes/x for a conflict")
                refused.update((sub_id, crit) for _, crit in criterion_columns)  # conflict or scores: not known
                continue
        if sub_id in scores:
            f.line, f.place = table.at(number, None)
            f.add(f.line, f"submission '{sub_id}' has a second row", "one row per submission")
            continue
        row_scores: dict[str, Decimal] = {}
        scores[sub_id] = row_scores
        for column, crit, seen_texts in columns:
            cell = cells[column]
            if cell is None or cell == "":
                continue
            plain_text = not comma and cell.__class__ is str
            if plain_text:
                found = seen_texts.get(cell)
                if found is not None:
                    row_scores[crit] = found
                    continue
            value: Any = cell
            if isinstance(cell, str) and comma and to_decimal(cell.replace(",", ".")) is not None:
                value = cell.replace(",", ".")
            f.line, f.place = table.at(number, column)
            score = _score(value, f.line, f, d, sub_id, crit, known)
            if score is None:
                refused.add((sub_id, crit))
            else:
                row_scores[crit] = score
                if plain_text and (crit, str, cell) in known:
                    seen_texts[cell] = score
        scores[sub_id] = _one_of(row_scores, rows)
    f.place = None
    assessor = f.check_identifier(path.stem, None, "assessor (the file name)", rename_hint(path))
    if assessor is None or unreadable:
        return None
    # Refused cells are problems already (the round is not evaluated); the sheet is still returned, so that what
    # else is wrong with it (a score missing on another row) is told in the same run.
    return Scoresheet(assessor, assessor, Location(display, 1), scores, frozenset(conflicts), lines, places,
                      frozenset(refused))


def rename_hint(path: Path) -> str:
    """Return the hint to rename a file whose name is no id (`jury a (1).xlsx` → `jury-a-1.xlsx`)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._") or "assessor"
    return f"rename the file, e.g. to '{stem}{path.suffix}'"
