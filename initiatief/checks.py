"""Checks across files, on the assembled round: shares per plan, decisions, dates, scores."""

from __future__ import annotations

from decimal import Decimal

from initiatief import conditions, eligibility
from initiatief.errors import Problems
from initiatief.fields import suggest
from initiatief.layout import ALL_BROKEN, SCORES_BROKEN, SCORES_DIR
from initiatief.models import Location, Round, Submission


def check_round(round_: Round, problems: Problems, broken_ids: set[str]) -> None:
    """Add the problems only the whole round shows: shares, decisions, arrival dates, missing scores."""
    by_id = {s.id: s for s in round_.submissions}
    share_pots = [p for p in round_.pots if p.share is not None]
    for submission in round_.submissions:
        shares = [p for p in share_pots if p.when is None or conditions.holds(p.when, submission)]
        total = sum((p.share for p in shares if p.share is not None), Decimal(0))
        if total > 1:
            problems.add(
                submission.location.file, submission.location.line,
                f"the shares of the pots {', '.join(p.id for p in shares)} add up to more than 100% "
                f"for submission '{submission.id}'", "shares that add up to at most 100%",
            )
    _check_decisions(round_, by_id, problems)
    criteria = [c.id for c in round_.criteria]
    last = round_.assessed_stage
    assessed = {
        s.id for s in round_.submissions
        if s.stage == last and all(c.held for c in eligibility.check(round_, s))
        and round_.decision(s.id, "exclude") is None and round_.decision(s.id, "withdrawn") is None
    }
    if round_.allocation.method == "arrival":
        for s in round_.submissions:
            if s.id in assessed and s.received is None:
                problems.add(s.location.file, s.location.line, f"plan '{s.id}' has no 'received' date",
                             "received: the date the application was complete (the method is arrival)")
    for sheet in round_.scoresheets:
        file = sheet.location.file
        for sub_id in sorted(set(sheet.scores) | sheet.conflicts):
            if sub_id in broken_ids or ALL_BROKEN in broken_ids:
                continue  # that submission's own problems are reported already
            if sub_id not in by_id:
                what = "scores" if sub_id in sheet.scores else "a conflict of interest"
                problems.add(file, sheet.lines.get(sub_id), f"{what} for unknown submission '{sub_id}'",
                             "an id from the submissions", suggest(sub_id, by_id))
            elif by_id[sub_id].stage != last and sub_id in sheet.scores:
                problems.add(file, sheet.lines.get(sub_id),
                             f"scores for '{sub_id}', which is at stage '{by_id[sub_id].stage}'",
                             f"scores only for submissions at stage '{last}'")
        for sub_id in sorted(assessed - sheet.conflicts):
            given = sheet.scores.get(sub_id, {})
            missing = [c for c in criteria if c not in given]
            if missing:
                problems.add(file, sheet.lines.get(sub_id), f"assessor '{sheet.assessor}' gave no score for submission "
                             f"'{sub_id}' on {', '.join(missing)}",
                             "a score on every criterion, or the submission listed under conflicts")
    if assessed and not round_.scoresheets and SCORES_BROKEN not in broken_ids:
        problems.add(f"{round_.folder}/{SCORES_DIR}", None, "no scores for the round's plans",
                     "a score file per assessor")
    for sub_id in sorted(assessed):
        if round_.scoresheets and all(sub_id in s.conflicts for s in round_.scoresheets):
            problems.add(by_id[sub_id].location.file, by_id[sub_id].location.line,
                         f"every assessor declared a conflict of interest for '{sub_id}'",
                         "at least one assessor without a conflict")


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
