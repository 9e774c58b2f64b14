"""Score files: one per assessor under scores/, YAML or CSV as a spreadsheet exports it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from initiatief.errors import Problems, suggest
from initiatief.loading.definition import Definition
from initiatief.loading.fields import Fields
from initiatief.loading.layout import SCORES_BROKEN, SCORES_DIR, YAML_SUFFIXES, Progress, data_files, locate
from initiatief.loading.yamlfile import decode_text, read_bytes, read_yaml
from initiatief.models import Location, Scoresheet, to_decimal

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
    paths = data_files(folder, f"{shown}/{SCORES_DIR}", (*YAML_SUFFIXES, ".csv"), problems)
    if paths is None:
        if broken_ids is not None:
            broken_ids.add(SCORES_BROKEN)
        return []
    for done, path in enumerate(paths, start=1):
        if progress is not None:
            progress("scores", done, len(paths))
        display = f"{shown}/{SCORES_DIR}/{path.name}"
        reader = _csv_sheet if path.suffix.lower() == ".csv" else _yaml_sheet
        sheet = reader(path, display, d, problems)
        if sheet is None:
            if broken_ids is not None:
                broken_ids.add(SCORES_BROKEN)
            continue
        if sheet.assessor in seen:
            problems.add(display, None, f"assessor '{sheet.assessor}' also has {seen[sheet.assessor]}",
                         "one score file per assessor")
            continue
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
    ok = f.keys(m, "score file", ("scores",), ("assessor", "name", "conflicts"))
    assessor = f.identifier(m, "assessor", "assessor", path.stem)
    name = f.text(m, "name", "assessor", assessor)
    conflicts: set[str] = set()
    lines: dict[str, int] = {}
    if m.get("conflicts") is not None:
        items = f.sequence(m["conflicts"], m.line_of("conflicts"), "conflicts")
        for value, item_line in zip(items or [], items.item_lines if items else [], strict=True):
            sub_id = f.id_item(value, item_line, "conflicts item")
            if sub_id is None:
                ok = False
                continue
            conflicts.add(sub_id)
            lines[sub_id] = item_line
    table = f.mapping(m.get("scores"), m.line_of("scores"), "scores") if "scores" in m else None
    scores: dict[str, dict[str, Decimal]] = {}
    for sub_id, row in (table or {}).items():
        line = table.line_of(sub_id) if table is not None else None
        if line is not None:
            lines[sub_id] = line
        r = f.mapping(row, line, f"the scores for '{sub_id}'")
        if r is None:
            ok = False
            continue
        scores[sub_id] = {}
        for crit, value in r.items():
            score = _score(value, r.line_of(crit), f, d, sub_id, crit)
            if score is None:
                ok = False
            else:
                scores[sub_id][crit] = score
    if not ok or assessor is None or table is None:
        return None
    return Scoresheet(assessor, name or assessor, Location(display, 1), scores, frozenset(conflicts), lines)


def _score(value: Any, line: int | None, f: Fields, d: Definition, sub_id: str, crit: str) -> Decimal | None:
    criteria = {c.id: c for c in d.criteria or ()}
    if crit not in criteria and "criteria" not in d.broken:
        f.add(line, f"score for unknown criterion '{crit}' (submission '{sub_id}')",
              "one of " + ", ".join(criteria), suggest(crit, criteria))
        return None
    score = f.number(value, line, f"the score of '{sub_id}' on '{crit}'")
    if score is None:
        return None
    criterion = criteria.get(crit)
    if criterion is not None and not criterion.low <= score <= criterion.high:
        f.add(line, f"the score of '{sub_id}' on '{crit}' is {value}, outside the scale",
              f"a score from {criterion.low} to {criterion.high}")
        return None
    return score


def _csv_sheet(path: Path, display: str, d: Definition, problems: Problems) -> Scoresheet | None:
    """Read one assessor's scores as a spreadsheet exports them: a row per submission."""
    data = read_bytes(path, display, problems)
    text = decode_text(data, display, problems) if data is not None else None
    if text is None:
        return None
    f = Fields(problems, display)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(rows)]
    except StopIteration:
        f.add(None, "the file is empty", "a header row: submission, then one column per criterion")
        return None
    criteria = _criterion_ids(d)
    allowed = ["submission", "conflict", "comment", *criteria]
    ok = True
    if not header or header[0].lower() not in ("submission", "id"):
        f.add(1, f"the first column is '{header[0] if header else ''}'", "a first column named 'submission'")
        return None
    # Excel writes empty columns after the last one it used (`…;comment;;`): those are ignored,
    # as long as their cells are empty too.
    spare = 0
    while header and not header[-1]:
        header.pop()
        spare += 1
    columns: list[str] = ["submission"]
    for name in header[1:]:
        if not name:
            f.add(1, "a column has no heading", "a heading on every column between the first and the last")
            ok = False
            columns.append(f"#{len(columns) + 1}")
            continue
        if name in columns:
            f.add(1, f"the column '{name}' appears twice", "each column once")
            ok = False
        if name not in allowed and "criteria" not in d.broken:
            f.add(1, f"unknown column '{name}'", "submission, conflict, comment or a criterion: "
                  + ", ".join(criteria), suggest(name, allowed))
            ok = False
        columns.append(name)
    scores: dict[str, dict[str, Decimal]] = {}
    conflicts: set[str] = set()
    lines: dict[str, int] = {}
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            extra = row[len(columns):]
            if any(cell.strip() for cell in extra):
                f.add(line, "the row has a value in a column without a heading",
                      f"{len(columns)} cells, as in the header")
                ok = False
                continue
            row = row[:len(columns)]
            if len(row) != len(columns) or len(extra) > spare:
                f.add(line, f"the row has {len(row) + len(extra)} cells", f"{len(columns)} cells, as in the header")
                ok = False
                continue
            cells = dict(zip(columns, (c.strip() for c in row), strict=True))
            sub_id = cells["submission"]
            lines.setdefault(sub_id, line)
            conflict = cells.get("conflict", "").lower()
            if conflict in _TRUE_WORDS:
                conflicts.add(sub_id)
                continue
            if conflict and conflict not in _FALSE_WORDS:
                f.add(line, f"the conflict cell is '{cells['conflict']}'", "empty, or yes/ja/x for a conflict")
                ok = False
                continue
            if sub_id in scores:
                f.add(line, f"submission '{sub_id}' has a second row", "one row per submission")
                ok = False
                continue
            scores[sub_id] = {}
            for crit in criteria:
                cell = cells.get(crit, "")
                if not cell:
                    continue
                value = cell.replace(",", ".") if delimiter == ";" else cell
                score = _score(value if to_decimal(value) is not None else cell, line, f, d, sub_id, crit)
                if score is None:
                    ok = False
                else:
                    scores[sub_id][crit] = score
    except csv.Error as exc:
        f.add(rows.line_num, f"CSV error: {exc}", "a valid CSV file")
        return None
    if not ok:
        return None
    assessor = f.check_identifier(path.stem, None, "assessor (the file name)")
    if assessor is None:
        return None
    return Scoresheet(assessor, assessor, Location(display, 1), scores, frozenset(conflicts), lines)
