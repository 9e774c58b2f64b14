"""Assessment: combine the assessors' scores per criterion, weigh them, apply minimums and the pass mark."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from initiatief.core.memo import PerPlan
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


@functools.lru_cache(maxsize=1 << 16)
def _combined(values: tuple[Decimal, ...], how: Combine, minimum: Decimal | None) -> tuple[Fraction, bool]:
    """Return the combined score and whether it is below the criterion's minimum.

    A round repeats a few thousand combinations of scores at most, so each is worked out once.
    """
    combined = combine(values, how)
    return combined, minimum is not None and combined < minimum


def _assess(round_: Round, submission: Submission) -> Assessed:
    sub_id = submission.id
    sheets = [s for s in round_.scoresheets if sub_id not in s.conflicts]
    conflicted = tuple(s.assessor for s in round_.scoresheets if sub_id in s.conflicts)
    rows = [(s.assessor, s.scores[sub_id]) for s in sheets]
    how = round_.assessment.combine
    criteria: list[CriterionScore] = []
    failures: list[Reason] = []
    # The weighted total as one exact fraction, num/den, built in integers: Fraction arithmetic per step
    # is what assessing cost most.
    num, den = 0, 1
    for criterion in round_.criteria:
        crit = criterion.id
        given = tuple([(assessor, row[crit]) for assessor, row in rows])
        combined, below = _combined(tuple([v for _, v in given]), how, criterion.minimum)
        if below:
            assert criterion.minimum is not None
            failures.append(reason(Code.BELOW_CRITERION_MINIMUM, criterion=criterion.id, label=criterion.label,
                                   score=combined, minimum=Fraction(criterion.minimum)))
        criteria.append(CriterionScore(crit, combined, given, below))
        weight_num, weight_den = criterion.weight.as_integer_ratio()
        c_num, c_den = combined.as_integer_ratio()
        num = num * weight_den * c_den + weight_num * c_num * den
        den *= weight_den * c_den
    total = Fraction(num, den)
    mark = round_.pass_score
    if total < mark:
        failures.insert(0, reason(Code.BELOW_PASS_MARK, score=total, pass_score=mark,
                                  pass_mark=round_.assessment.pass_mark, max_score=round_.max_score))
    return Assessed(tuple(criteria), total, conflicted, tuple(failures))


assess = PerPlan(_assess)
"""Return the assessment of an eligible plan from the round's score sheets (made once per round and plan).

An assessor who declared a conflict of interest for the submission is left out entirely; the loader has
already checked that every other assessor scored every criterion."""
