"""Whether a loaded round can be evaluated: the checks that need the round's own rules.

The loader checks each file and the references between files; what only the
rules can tell is checked here, on the assembled round, before it is evaluated:
co-financing shares that add up to more than 100% for a plan, plans that the
method `arrival` cannot place without a date, and plans that need a score an
assessor did not give. Pure: it returns problems, it raises nothing.
"""

from __future__ import annotations

from decimal import Decimal

from initiatief.core import eligibility
from initiatief.core.conditions import holds
from initiatief.errors import Problem
from initiatief.models import DecisionKind, Method, Round

SCORES_FOLDER = "scores"


def problems(round_: Round, scores_broken: bool = False) -> list[Problem]:
    """Return what stops the round from being evaluated (empty when nothing does).

    `scores_broken` says that a score file failed to load (its problems are
    reported already), so a missing score is not reported on top of it.
    """
    found: list[Problem] = []
    share_pots = [p for p in round_.pots if p.share is not None]
    for submission in round_.submissions:
        shares = [p for p in share_pots if p.when is None or holds(p.when, submission)]
        total = sum((p.share for p in shares if p.share is not None), Decimal(0))
        if total > 1:
            found.append(Problem(
                submission.location.file, submission.location.line,
                f"the shares of the pots {', '.join(p.id for p in shares)} add up to more than 100% "
                f"for submission '{submission.id}'", "shares that add up to at most 100%",
            ))
    criteria = [c.id for c in round_.criteria]
    assessed = [
        s for s in round_.submissions
        if s.stage == round_.assessed_stage and all(c.held for c in eligibility.check(round_, s))
        and round_.decision(s.id, DecisionKind.EXCLUDE) is None
        and round_.decision(s.id, DecisionKind.WITHDRAWN) is None
    ]
    if round_.allocation.method is Method.ARRIVAL:
        found.extend(
            Problem(s.location.file, s.location.line, f"plan '{s.id}' has no 'received' date",
                    "received: the date the application was complete (the method is arrival)")
            for s in assessed if s.received is None
        )
    for sheet in round_.scoresheets:
        for s in assessed:
            if s.id in sheet.conflicts:
                continue
            given = sheet.scores.get(s.id, {})
            missing = [c for c in criteria if c not in given]
            if missing:
                found.append(Problem(
                    sheet.location.file, sheet.lines.get(s.id),
                    f"assessor '{sheet.assessor}' gave no score for submission '{s.id}' on {', '.join(missing)}",
                    "a score on every criterion, or the submission listed under conflicts",
                ))
    if assessed and not round_.scoresheets and not scores_broken:
        found.append(Problem(f"{round_.folder}/{SCORES_FOLDER}", None, "no scores for the round's plans",
                             "a score file per assessor"))
    for s in assessed:
        if round_.scoresheets and all(s.id in sheet.conflicts for sheet in round_.scoresheets):
            found.append(Problem(s.location.file, s.location.line,
                                 f"every assessor declared a conflict of interest for '{s.id}'",
                                 "at least one assessor without a conflict"))
    return found
