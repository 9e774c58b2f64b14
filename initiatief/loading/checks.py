"""Checks across files on the assembled round: decisions and score rows that name unknown submissions."""

from __future__ import annotations

from initiatief.errors import Problems, suggest
from initiatief.loading.layout import ALL_BROKEN
from initiatief.models import Location, Round, Submission


def check_round(round_: Round, problems: Problems, broken_ids: set[str]) -> None:
    """Add the problems only the whole round shows: unknown or twice-decided submissions, misplaced scores.

    What needs the round's rules (eligibility, shares, missing scores) is checked by
    core.readiness once the round is assembled.
    """
    by_id = {s.id: s for s in round_.submissions}
    _check_decisions(round_, by_id, problems)
    last = round_.assessed_stage
    for sheet in round_.scoresheets:
        file = sheet.location.file
        for sub_id in sorted(set(sheet.scores) | sheet.conflicts):
            if sub_id in broken_ids or ALL_BROKEN in broken_ids:
                continue  # that submission's own problems are reported already
            if sub_id not in by_id:
                what = "scores" if sub_id in sheet.scores else "a conflict of interest"
                hint = suggest(sub_id, by_id) if problems.room(file) else None
                problems.add(file, sheet.lines.get(sub_id), f"{what} for unknown submission '{sub_id}'",
                             "an id from the submissions", hint)
            elif by_id[sub_id].stage != last and sub_id in sheet.scores:
                problems.add(file, sheet.lines.get(sub_id),
                             f"scores for '{sub_id}', which is at stage '{by_id[sub_id].stage}'",
                             f"scores only for submissions at stage '{last}'")


def _check_decisions(round_: Round, by_id: dict[str, Submission], problems: Problems) -> None:
    seen: dict[tuple[str, str], Location] = {}
    for decision in round_.decisions:
        where = decision.location
        if decision.submission not in by_id:
            problems.add(where.file, where.line, f"a decision about unknown submission '{decision.submission}'",
                         "an id from the submissions", suggest(decision.submission, by_id))
            continue
        key = (decision.submission, decision.kind)
        if key in seen:
            problems.add(where.file, where.line, f"a second '{decision.kind}' decision about "
                         f"'{decision.submission}' (first at {seen[key]})", "one decision of each kind")
        seen[key] = where
