"""Assessment: combine the assessors' scores per criterion, weigh them, apply minimums and the pass mark."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import compress, count, repeat
from operator import is_, itemgetter
from typing import cast

from initiatief.core.memo import PerPlan, PerRound
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


class _Scoring:
    """What assessing needs of a round, worked out once: the sheets, each criterion's weight as a ratio of
    integers, and each criterion's score for each combination of assessors and scores met so far.

    A round repeats a few thousand combinations of scores at most, so each is combined once, and plans that
    were given the very same scores (the same Decimals: 3.0 equals 3, but is shown as written) by the same
    assessors share one CriterionScore (it is immutable). It holds no reference to the round.
    """

    def __init__(self, round_: Round) -> None:
        self.how = round_.assessment.combine
        self.sheets = round_.scoresheets
        self.assessors = tuple(s.assessor for s in self.sheets)
        # The plans some assessor declared a conflict for: every other plan is scored by every sheet.
        self.conflicts: frozenset[str] = frozenset().union(*(s.conflicts for s in self.sheets))
        # Each sheet's rows (submission id → its scores), in the sheets' order.
        self.rows = tuple(s.scores for s in self.sheets)
        self.criteria = tuple((c.id, *c.weight.as_integer_ratio(), c) for c in round_.criteria)
        ids = [c.id for c in round_.criteria]
        # A sheet's row → its scores in the order of the criteria, as one tuple (itemgetter: in C).
        self.row_scores: Callable[[Mapping[str, Decimal]], tuple[Decimal, ...]] = (
            itemgetter(*ids) if len(ids) > 1 else (lambda row: tuple([row[i] for i in ids])))
        # Per criterion: (the assessors when some declared a conflict, else None; the scores) → what `score` said.
        self.known: list[dict[tuple[tuple[str, ...] | None, tuple[Decimal, ...]],
                              tuple[CriterionScore, Reason | None, int, int, tuple[Decimal, ...]]]] = [
            {} for _ in ids]
        # Per criterion: what the combined score depends on (`_summary`) → the combined score, the reason it is
        # below the minimum (if it is) and it times the weight as a ratio of integers. Five assessors scoring on a
        # scale of 1 to 5 give 3,125 combinations of scores but 21 sums: most combinations are new, their means not.
        self.by_summary: list[dict[tuple[int, Decimal, Decimal], tuple[Fraction, Reason | None, int, int]]] = [
            {} for _ in ids]
        # Per criterion: the identities of a plan's scores (`_assess_columns`) → what `score` said of them.
        self.same: list[dict[tuple[int, ...], tuple[CriterionScore, Reason | None, int, int]]] = [{} for _ in ids]
        # A weighted total as num/den in integers → its Fraction: plans share a few hundred totals, and building
        # a Fraction (with its gcd) cost more than looking one up.
        self.totals: dict[tuple[int, int], Fraction] = {}

    def score(self, index: int, assessors: tuple[str, ...], values: tuple[Decimal, ...]
              ) -> tuple[CriterionScore, Reason | None, int, int, tuple[Decimal, ...]]:
        """Return the criterion's score, the reason it is below the minimum (if it is), and the combined score
        times the criterion's weight as a ratio of integers."""
        crit, weight_num, weight_den, criterion = self.criteria[index]
        summary = _summary(values, self.how)
        known = self.by_summary[index]
        found = known.get(summary)
        if found is None:
            combined = combine(values, self.how)
            why = None
            if criterion.minimum is not None and combined < criterion.minimum:
                why = reason(Code.BELOW_CRITERION_MINIMUM, criterion=criterion.id, label=criterion.label,
                             score=combined, minimum=Fraction(criterion.minimum))
            weighted = Fraction(weight_num, weight_den) * combined
            found = known[summary] = (combined, why, weighted.numerator, weighted.denominator)
        combined, why, w_num, w_den = found
        return (CriterionScore(crit, combined, tuple(zip(assessors, values, strict=True)), why is not None), why,
                w_num, w_den, values)


_NOTHING = Decimal(0)


def _summary(values: Sequence[Decimal], how: Combine) -> tuple[int, Decimal, Decimal]:
    """Return all that `combine(values, how)` depends on: how many scores there are and their sum (the mean) or the
    middle one or two (the median). Scores of equal sums have equal means, however they are written (3.0 + 4 is
    7 as 3 + 4.0 is), and `combine` makes its Fraction of the very same sum."""
    if how is Combine.MEDIAN:
        ordered = sorted(values)
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return (len(ordered), ordered[middle], _NOTHING)
        return (len(ordered), ordered[middle - 1], ordered[middle])
    return (len(values), sum(values, _NOTHING), _NOTHING)


_scoring = PerRound(_Scoring)


def _assess(round_: Round, submission: Submission) -> Assessed:
    sub_id = submission.id
    scoring = _scoring(round_)
    rows = scoring.rows
    conflicted: tuple[str, ...] = ()
    variant: tuple[str, ...] | None = None
    assessors = scoring.assessors
    if sub_id in scoring.conflicts:
        sheets = scoring.sheets
        conflicted = tuple([s.assessor for s in sheets if sub_id in s.conflicts])
        rows = tuple([s.scores for s in sheets if sub_id not in s.conflicts])
        assessors = variant = tuple([s.assessor for s in sheets if sub_id not in s.conflicts])
    get = scoring.row_scores
    # Each criterion's scores, one tuple per criterion in the assessors' order (no sheet at all: combine fails).
    columns = zip(*[get(row[sub_id]) for row in rows], strict=True) if rows else [() for _ in scoring.criteria]
    criteria: list[CriterionScore] = []
    failures: list[Reason] = []
    # The weighted total as one exact fraction, num/den, built in integers: Fraction arithmetic per step
    # is what assessing cost most.
    num, den = 0, 1
    for index, (known, values) in enumerate(zip(scoring.known, columns, strict=True)):
        key = (variant, values)
        found = known.get(key)
        if found is None:
            found = known[key] = scoring.score(index, assessors, values)
        score, why, w_num, w_den, seen = found
        if not all(map(is_, seen, values)):  # equal scores, written otherwise: their own CriterionScore
            score = CriterionScore(score.criterion, score.combined, tuple(zip(assessors, values, strict=True)),
                                   score.below_minimum)
        criteria.append(score)
        if why is not None:
            failures.append(why)
        num = num * w_den + w_num * den
        den *= w_den
    total = scoring.totals.get((num, den))
    if total is None:
        total = scoring.totals[num, den] = Fraction(num, den)
    mark = round_.pass_score
    if num * mark.denominator < mark.numerator * den:  # total < mark, in integers (den > 0)
        failures.insert(0, reason(Code.BELOW_PASS_MARK, score=total, pass_score=mark,
                                  pass_mark=round_.assessment.pass_mark, max_score=round_.max_score))
    return Assessed(tuple(criteria), total, conflicted, tuple(failures))


assess = PerPlan(_assess)
"""Return the assessment of an eligible plan from the round's score sheets (made once per round and plan).

An assessor who declared a conflict of interest for the submission is left out entirely; the loader has
already checked that every other assessor scored every criterion."""


def assess_all(round_: Round, plans: Sequence[Submission]) -> list[Assessed]:
    """Return `assess(round_, plan)` for each plan, in order: the plans no assessor declared a conflict for worked
    out a criterion at a time (`_assess_columns`), the others one by one; each answer is kept for `assess`."""
    known = assess.known(round_)
    scoring = _scoring(round_)
    new = [s for s in dict.fromkeys(plans) if s not in known]
    together = [s for s in new if s.id not in scoring.conflicts] if scoring.rows and scoring.criteria else []
    if together:
        known.update(zip(together, _assess_columns(round_, scoring, together), strict=True))
    for s in new:
        if s not in known:
            known[s] = _assess(round_, s)
    return [known[s] for s in plans]


_FIRST, _SECOND, _WEIGHTED = itemgetter(0), itemgetter(1), itemgetter(2, 3)


def _assess_columns(round_: Round, scoring: _Scoring, plans: list[Submission]) -> list[Assessed]:
    """Return what `_assess` returns for each plan every sheet scores, a criterion at a time: the plans' scores on
    it as columns, looked up in C (map, zip) where `_assess` loops per plan.

    A combination of scores is known by the identity of its score objects (`_Scoring.same`): the loader gives one
    Decimal per score as written in a file, so plans given the very same scores share one CriterionScore, and 3.0
    is never taken for 3 (equal, but shown as written). A combination met for the first time is worked out by
    `_Scoring.score`, as `_assess` does."""
    ids = [s.id for s in plans]
    get = scoring.row_scores
    # Per sheet, each plan's scores in the criteria's order.
    by_sheet = [list(map(get, map(rows.__getitem__, ids))) for rows in scoring.rows]
    assessors = scoring.assessors
    picked: list[list[CriterionScore]] = []
    whys: list[list[Reason | None]] = []
    weighted: list[list[tuple[int, int]]] = []
    for index in range(len(scoring.criteria)):
        pick = itemgetter(index)
        # This criterion's scores, one column per sheet; each plan's as the identities of its scores.
        columns = [list(map(pick, scores)) for scores in by_sheet]
        keys = list(zip(*[map(id, column) for column in columns], strict=True))
        same = scoring.same[index]
        found = list(map(same.get, keys))
        for i in compress(count(), map(is_, found, repeat(None))):  # the plans whose scores are new here
            hit = same.get(keys[i])  # met before in this column?
            if hit is None:
                hit = same[keys[i]] = scoring.score(index, assessors, tuple([c[i] for c in columns]))[:4]
            found[i] = hit
        every = cast(list[tuple[CriterionScore, Reason | None, int, int]], found)  # none missing now
        picked.append(list(map(_FIRST, every)))
        whys.append(list(map(_SECOND, every)))
        weighted.append(list(map(_WEIGHTED, every)))
    # The weighted totals as integers on one denominator (the criteria's weighted scores have a few denominators).
    distinct = [set(column) for column in weighted]
    common = math.lcm(*{den for pairs in distinct for _, den in pairs})
    scaled = [{(num, den): num * (common // den) for num, den in pairs} for pairs in distinct]
    totals = list(map(sum, zip(*[map(on_common.__getitem__, column) for on_common, column in zip(
        scaled, weighted, strict=True)], strict=True)))
    mark = round_.pass_score
    fractions: dict[int, tuple[Fraction, tuple[Reason, ...]]] = {}
    for total in set(totals):
        score = Fraction(total, common)
        below: tuple[Reason, ...] = () if total * mark.denominator >= mark.numerator * common else (
            reason(Code.BELOW_PASS_MARK, score=score, pass_score=mark, pass_mark=round_.assessment.pass_mark,
                   max_score=round_.max_score),)
        fractions[total] = (score, below)
    out: list[Assessed] = []
    for criteria, why, total in zip(zip(*picked, strict=True), zip(*whys, strict=True), totals, strict=True):
        score, below = fractions[total]
        failures = (*below, *[w for w in why if w is not None]) if any(why) else below
        out.append(Assessed(criteria, score, (), failures))
    return out
