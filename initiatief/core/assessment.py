"""Assessment: combine the assessors' scores per criterion, weigh them, apply minimums and the pass mark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from initiatief.models import Combine, CriterionScore, Round, Submission
from initiatief.reasons import Code, Reason, reason


@dataclass(frozen=True)
class Assessed:
    """A submission's scores: per criterion, weighted total, and why it fails, if it does."""

    criteria: tuple[CriterionScore, ...]
    score: Fraction
    conflicted: tuple[str, ...]
    failures: tuple[Reason, ...]

    @property
    def passed(self) -> bool:
        """Return whether the submission reached the pass mark and every minimum."""
        return not self.failures


def combine(values: Sequence[Decimal], how: Combine) -> Fraction:
    """Return the mean or the median of the scores, exactly."""
    # Decimal sums of scores are exact; one Fraction at the end keeps the mean exact too.
    if how is Combine.MEDIAN:
        ordered = sorted(values)
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return Fraction(ordered[middle])
        return Fraction(ordered[middle - 1] + ordered[middle]) / 2
    return Fraction(sum(values, Decimal(0))) / len(values)


def assess(round_: Round, submission: Submission) -> Assessed:
    """Return the assessment of an eligible plan from the round's score sheets.

    An assessor who declared a conflict of interest for the submission is left
    out entirely; the loader has already checked that every other assessor
    scored every criterion.
    """
    sheets = [s for s in round_.scoresheets if submission.id not in s.conflicts]
    conflicted = tuple(s.assessor for s in round_.scoresheets if submission.id in s.conflicts)
    criteria: list[CriterionScore] = []
    failures: list[Reason] = []
    total = Fraction(0)
    for criterion in round_.criteria:
        given = tuple((s.assessor, s.scores[submission.id][criterion.id]) for s in sheets)
        combined = combine([v for _, v in given], round_.assessment.combine)
        below = criterion.minimum is not None and combined < criterion.minimum
        if below:
            assert criterion.minimum is not None
            failures.append(reason(Code.BELOW_CRITERION_MINIMUM, criterion=criterion.id, label=criterion.label,
                                   score=combined, minimum=Fraction(criterion.minimum)))
        criteria.append(CriterionScore(criterion.id, combined, given, below))
        total += Fraction(criterion.weight) * combined
    mark = round_.pass_score
    if total < mark:
        failures.insert(0, reason(Code.BELOW_PASS_MARK, score=total, pass_score=mark,
                                  pass_mark=round_.assessment.pass_mark, max_score=round_.max_score))
    return Assessed(tuple(criteria), total, conflicted, tuple(failures))
