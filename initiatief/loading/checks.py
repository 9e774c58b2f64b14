"""Checks across files on the assembled round: decisions and score rows that name unknown submissions."""

from __future__ import annotations

from initiatief.errors import Problems, suggest
from initiatief.loading.layout import ALL_BROKEN
from initiatief.models import Condition, Location, Op, Round, Submission, tests_of


def check_round(round_: Round, problems: Problems, broken_ids: set[str]) -> None:
    """Add the problems only the whole round shows: unknown or twice-decided submissions, misplaced scores.

    What needs the round's rules (eligibility, shares, missing scores) is checked by
    core.readiness once the round is assembled.
    """
    by_id = {s.id: s for s in round_.submissions}
    _check_decisions(round_, by_id, problems)
    _check_assessors(round_, problems)
    if not round_.districts:
        _check_district_case(round_, problems)
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
                             "an id from the submissions", hint, place=sheet.places.get(sub_id))
            elif by_id[sub_id].stage != last and sub_id in sheet.scores:
                problems.add(file, sheet.lines.get(sub_id),
                             f"scores for '{sub_id}', which is at stage '{by_id[sub_id].stage}'",
                             f"scores only for submissions at stage '{last}'", place=sheet.places.get(sub_id))


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


def _check_assessors(round_: Round, problems: Problems) -> None:
    """With `assessors:` declared, every score file must be a declared assessor's."""
    if not round_.assessors:
        return
    declared = [a.id for a in round_.assessors]
    for sheet in round_.scoresheets:
        if sheet.assessor not in declared:
            problems.add(sheet.location.file, None, f"assessor '{sheet.assessor}' is not one of the round's assessors",
                         "a score file named after an assessor in round.yaml: " + ", ".join(declared),
                         suggest(sheet.assessor, declared))


def _check_district_case(round_: Round, problems: Problems) -> None:
    """Without `districts:`, a district that differs from one round.yaml names only in case is a typo, not a place.

    Ids are case-sensitive, so `Zuid` would silently miss every rule and pot for `zuid`.
    """
    named: set[str] = {x.id for x in round_.district_key.districts} if round_.district_key else set()
    conditions: list[Condition] = [r.condition for r in round_.rules]
    conditions += [p.when for p in round_.pots if p.when is not None]
    for c in (t for condition in conditions for t in tests_of(condition)):
        if c.field == "district" and c.op in (Op.EQUALS, Op.IN, Op.NOT_IN):
            named.update(str(v) for v in (c.value if isinstance(c.value, tuple) else (c.value,)))
    folded = {name.casefold().strip(): name for name in named}
    for s in round_.submissions:
        if s.district is None or s.district in named:
            continue
        close = folded.get(s.district.casefold().strip())
        if close is not None:
            problems.add(s.location.file, s.location.line,
                         f"district '{s.district}' differs from the district '{close}' of round.yaml only in case",
                         f"'{close}' exactly (districts are case-sensitive)", f"did you mean '{close}'?")
