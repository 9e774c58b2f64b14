"""assessment: mean and median, weights, pass mark, criterion minimum, conflicts of interest."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from helpers import make_round, make_submission

from initiatief.core.assessment import assess, combine
from initiatief.models import AssessmentRules, Combine, Criterion, Location, Round, RuleCheck, Scoresheet, Submission
from initiatief.reasons import Code, reason

D = Decimal
IMPACT = Criterion("impact", "Impact", D(3), D(1), D(5), minimum=D(3))
SUPPORT = Criterion("support", "Support", D(2), D(1), D(5))


def sheet(assessor: str, scores: dict[str, tuple[int, int]], conflicts: frozenset[str] = frozenset()) -> Scoresheet:
    """Return a score sheet: submission -> (impact, support)."""
    table = {sub: {"impact": D(i), "support": D(s)} for sub, (i, s) in scores.items()}
    return Scoresheet(assessor, assessor, Location(f"scores/{assessor}.yaml", 1), table, conflicts)


def jury_round(*sheets: Scoresheet, combine: Combine = Combine.MEAN, pass_mark: str = "0") -> Round:
    return make_round(
        criteria=(IMPACT, SUPPORT),
        assessment=AssessmentRules(combine, D(pass_mark)),
        scoresheets=sheets,
    )


def test_combine_mean_is_exact() -> None:
    assert combine([D(4), D(4), D(5)], Combine.MEAN) == Fraction(13, 3)
    assert combine([D("3.5")], Combine.MEAN) == Fraction(7, 2)


def test_combine_median_odd_and_even() -> None:
    assert combine([D(5), D(1), D(4)], Combine.MEDIAN) == 4
    assert combine([D(5), D(1), D(4), D(2)], Combine.MEDIAN) == 3
    assert combine([D(1), D(2)], Combine.MEDIAN) == Fraction(3, 2)


def test_mean_and_median_differ_on_an_outlier() -> None:
    sheets = (sheet("a", {"x": (5, 5)}), sheet("b", {"x": (5, 5)}), sheet("c", {"x": (1, 2)}))
    sub = make_submission("x")
    mean = assess(jury_round(*sheets), sub)
    median = assess(jury_round(*sheets, combine=Combine.MEDIAN), sub)
    # mean: impact 11/3, support 12/3 = 4 → 3·11/3 + 2·4 = 19
    assert mean.score == 19
    assert mean.criteria[0].combined == Fraction(11, 3)
    # median: impact 5, support 5 → 3·5 + 2·5 = 25
    assert median.score == 25


def test_weighted_score_and_per_assessor_scores() -> None:
    result = assess(jury_round(sheet("a", {"x": (4, 3)}), sheet("b", {"x": (5, 4)})), make_submission("x"))
    # impact 4.5 × 3 = 13.5, support 3.5 × 2 = 7 → 20.5
    assert result.score == Fraction(41, 2)
    assert result.criteria[0].by_assessor == (("a", D(4)), ("b", D(5)))
    assert result.passed
    assert result.conflicted == ()


def test_pass_mark_is_a_share_of_the_maximum_weighted_score() -> None:
    round_ = jury_round(sheet("a", {"x": (3, 3)}), pass_mark="0.6")
    # maximum 3·5 + 2·5 = 25; 60% of it is 15; the plan scores 3·3 + 2·3 = 15: exactly the mark passes.
    assert round_.max_score == 25
    assert round_.pass_score == 15
    assert assess(round_, make_submission("x")).passed


def test_below_the_pass_mark_fails_with_a_reason() -> None:
    round_ = jury_round(sheet("a", {"x": (4, 1)}), pass_mark="0.6")
    result = assess(round_, make_submission("x"))
    # 3·4 + 2·1 = 14 < 15
    assert result.score == 14
    assert not result.passed
    assert result.failures == (reason(Code.BELOW_PASS_MARK, score=Fraction(14), pass_score=Fraction(15),
                                      pass_mark=D("0.6"), max_score=Fraction(25)),)


def test_criterion_minimum_knocks_out_a_high_total() -> None:
    round_ = jury_round(sheet("a", {"x": (2, 5)}), sheet("b", {"x": (3, 5)}))
    result = assess(round_, make_submission("x"))
    # impact mean 2.5 < minimum 3, even though the total passes the (zero) mark.
    assert not result.passed
    assert result.criteria[0].below_minimum
    assert not result.criteria[1].below_minimum
    assert result.failures == (reason(Code.BELOW_CRITERION_MINIMUM, criterion="impact", label="Impact",
                                      score=Fraction(5, 2), minimum=Fraction(3)),)


def test_criterion_minimum_reached_exactly_passes() -> None:
    result = assess(jury_round(sheet("a", {"x": (3, 1)})), make_submission("x"))
    assert result.passed


def test_both_failures_pass_mark_first() -> None:
    round_ = jury_round(sheet("a", {"x": (1, 1)}), pass_mark="0.5")
    failures = assess(round_, make_submission("x")).failures
    assert len(failures) == 2
    assert [f.code for f in failures] == [Code.BELOW_PASS_MARK, Code.BELOW_CRITERION_MINIMUM]
    assert failures[0]["score"] == 5 and failures[1]["score"] == 1


def test_conflict_of_interest_removes_the_assessors_scores() -> None:
    # Assessor b declared a conflict for x; the score b still wrote for x must not count.
    sheets = (
        sheet("a", {"x": (4, 4), "y": (2, 2)}),
        sheet("b", {"x": (1, 1), "y": (4, 4)}, conflicts=frozenset({"x"})),
    )
    round_ = jury_round(*sheets)
    x = assess(round_, make_submission("x"))
    assert x.conflicted == ("b",)
    assert x.criteria[0].by_assessor == (("a", D(4)),)
    assert x.score == 3 * 4 + 2 * 4
    y = assess(round_, make_submission("y"))
    assert y.conflicted == ()
    assert y.score == 3 * 3 + 2 * 3


@pytest.mark.parametrize("how", list(Combine))
def test_single_assessor_gives_their_own_scores(how: Combine) -> None:
    result = assess(jury_round(sheet("a", {"x": (5, 4)}), combine=how), make_submission("x"))
    assert result.score == 3 * 5 + 2 * 4


def test_compare_methods_checks_and_assesses_each_plan_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import EXAMPLES

    from initiatief.api import load_round
    from initiatief.core import assessment, eligibility
    from initiatief.reports.methods_compared import compare_methods

    assessed: list[str] = []
    checked: list[str] = []
    real_assess, real_check = assessment._assess, eligibility._check
    def count_assess(r: Round, s: Submission) -> assessment.Assessed:
        assessed.append(s.id)
        return real_assess(r, s)

    def count_check(r: Round, s: Submission) -> tuple[RuleCheck, ...]:
        checked.append(s.id)
        return real_check(r, s)

    real_assess_columns, real_check_columns = assessment._assess_columns, eligibility._check_columns

    def count_assess_columns(r: Round, scoring: Any, plans: list[Submission]) -> list[assessment.Assessed]:
        assessed.extend(s.id for s in plans)
        return real_assess_columns(r, scoring, plans)

    def count_check_columns(r: Round, plans: list[Submission]) -> list[tuple[RuleCheck, ...]]:
        checked.extend(s.id for s in plans)
        return real_check_columns(r, plans)

    # The caches (core/memo.PerPlan) call what they were made with, or fill themselves a column at a time: count
    # there.
    monkeypatch.setattr(assessment.assess, "_make", count_assess)
    monkeypatch.setattr(eligibility.check, "_make", count_check)
    monkeypatch.setattr(assessment, "_assess_columns", count_assess_columns)
    monkeypatch.setattr(eligibility, "_check_columns", count_check_columns)
    round_ = load_round(EXAMPLES / "cofinancing")
    comparison = compare_methods(round_)
    assert len(comparison.runs) >= 6
    assert assessed and sorted(assessed) == sorted(set(assessed))
    assert checked and sorted(checked) == sorted(set(checked))
