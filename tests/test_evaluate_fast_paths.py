"""The shortcuts evaluate takes on large rounds give what the plain way gives (issue 12, item 3).

Each is checked against the reference it replaces: conditions decided once per combination of the values they
read (pots and rules), order_by drawing tickets only for ties, the results' display order on integers, and
assessments sharing one CriterionScore only where the very same scores were given.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

from helpers import make_round, make_submission
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief.core import eligibility
from initiatief.core.allocation import Ledger
from initiatief.core.assessment import assess, assess_all, combine
from initiatief.core.conditions import decide, holds, missing_fields
from initiatief.core.evaluate import _display_key, _in_display_order, _result
from initiatief.core.ranking import Candidate, order_by, ticket
from initiatief.models import (
    AllOf,
    AnyOf,
    AssessmentRules,
    Combine,
    Condition,
    Criterion,
    Location,
    Not,
    Op,
    Pot,
    Result,
    Round,
    Rule,
    Scoresheet,
    Status,
    Submission,
)
from initiatief.models import (
    Test as RuleTest,
)
from initiatief.reasons import Code, reason

# Values that are equal in Python but not to a rule (True == 1 == 1.0), absent ones, dates, texts, a list fact.
_VALUES = st.sampled_from([
    None, True, False, Decimal(1), Decimal("1.0"), Decimal(0), Decimal(2), 1, "1", "ja", "", dt.date(2024, 1, 1),
    ("1", "ja"), (True,), Decimal("NaN"),
])
_FIELDS = ("facts.a", "facts.b", "district")


_SCALARS = st.sampled_from([True, False, Decimal(1), Decimal("1.5"), "1", "ja"])


def _tests() -> st.SearchStrategy[Condition]:
    field = st.sampled_from(_FIELDS)
    test = st.one_of(
        st.builds(RuleTest, field, st.just(Op.EQUALS), _SCALARS),
        st.builds(RuleTest, field, st.sampled_from([Op.IN, Op.NOT_IN]), st.lists(_SCALARS, max_size=2).map(tuple)),
        st.builds(RuleTest, field, st.sampled_from([Op.MIN, Op.MAX]), st.sampled_from([Decimal(1), Decimal("0.5")])),
        st.builds(RuleTest, field, st.just(Op.REQUIRED), st.booleans()),
    )
    return st.recursive(test, lambda inner: st.one_of(
        st.builds(AllOf, st.tuples(inner, inner)), st.builds(AnyOf, st.tuples(inner, inner)), st.builds(Not, inner),
    ), max_leaves=4)


def _submission(i: int, values: tuple[Any, Any, Any]) -> Any:
    a, b, district = values
    facts = {name: v for name, v in (("a", a), ("b", b)) if v is not None}
    return make_submission(f"p{i}", facts=facts, district=district if isinstance(district, str) else None)


@settings(max_examples=200, deadline=None)
@given(st.lists(_tests(), min_size=1, max_size=3), st.lists(st.tuples(_VALUES, _VALUES, _VALUES), min_size=1,
                                                             max_size=12))
def test_pots_and_rules_decided_once_per_values_decide_as_each_plan_on_its_own(
    conditions: list[Condition], plans: list[tuple[Any, Any, Any]],
) -> None:
    pots = tuple(Pot(f"pot{i}", "pot", Decimal(100), when=c) for i, c in enumerate(conditions))
    rules = tuple(Rule(f"rule{i}", c, "no", Location("round.yaml")) for i, c in enumerate(conditions))
    round_ = make_round(pots=(*pots, Pot("general", "general", Decimal(100))), rules=rules)
    submissions = [_submission(i, values) for i, values in enumerate(plans)]
    ledger = Ledger(round_)
    # Checked a rule at a time (one plan twice) in a round of its own: the checks of plan after plan in this one.
    apart = make_round(pots=round_.pots, rules=rules)
    together = eligibility.check_all(apart, submissions + submissions[:1])
    assert together == [eligibility.check(round_, s) for s in submissions + submissions[:1]]
    assert [eligibility.check(apart, s) for s in submissions] == together[:-1]  # kept for plan after plan
    for s in submissions:
        expected = [p.id for p in round_.pots if p.when is None or holds(p.when, s)]
        assert [p.id for p in ledger.paying(s)] == expected
        checks = eligibility.check(round_, s)[: len(rules)]
        for rule, check in zip(rules, checks, strict=True):
            held = decide(rule.condition, s)
            assert check.held is (held is True)
            if held is None:
                assert check.reason == reason(Code.NOT_GIVEN, rule=rule.id, fields=missing_fields(rule.condition, s))
            else:
                assert check.reason == reason(Code.RULE_FAILED, rule=rule.id, reason="no")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=30), st.sampled_from(["1", "s"]))
def test_order_by_draws_the_order_and_ties_of_sorting_by_key_and_ticket(
    plans: list[tuple[int, int]], seed: str,
) -> None:
    candidates = [Candidate(make_submission(f"p{i}"), Fraction(score), {"x": Fraction(x)})
                  for i, (score, x) in enumerate(plans)]
    def key(c: Candidate) -> tuple[Fraction, Fraction]:
        return (-c.score, c.criteria["x"])

    ordered, ties = order_by(candidates, key, seed)
    reference = sorted(candidates, key=lambda c: (key(c), ticket(seed, c.submission.id)))
    assert ordered == reference
    groups: dict[tuple[Fraction, Fraction], list[Candidate]] = {}
    for c in reference:
        groups.setdefault(key(c), []).append(c)
    tied = [g for g in groups.values() if len(g) > 1]
    assert [t.order for t in ties] == [tuple(c.submission.id for c in g) for g in tied]
    assert [t.tickets for t in ties] == [tuple(ticket(seed, c.submission.id) for c in g) for g in tied]
    assert [t.first_rank for t in ties] == [reference.index(g[0]) + 1 for g in tied]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(Status)), st.one_of(st.none(), st.integers(1, 4)),
                          st.one_of(st.none(), st.builds(Fraction, st.integers(-9, 9), st.integers(1, 7)))),
                max_size=25))
def test_results_in_display_order_on_integers_as_by_comparing_fractions(
    rows: list[tuple[Status, int | None, Fraction | None]],
) -> None:
    results = [Result(make_submission(f"p{i:02d}"), status, score=score, rank=rank)
               for i, (status, rank, score) in enumerate(rows)]
    assert _in_display_order(results) == sorted(results, key=_display_key)


def test_equal_scores_written_otherwise_keep_their_own_text() -> None:
    criterion = Criterion("impact", "Impact", Decimal(1), Decimal(1), Decimal(5))
    scores = {"a": {"impact": Decimal("3")}, "b": {"impact": Decimal("3.0")}, "c": {"impact": Decimal("3")}}
    round_ = make_round(criteria=(criterion,), scoresheets=(
        Scoresheet("jury", "Jury", Location("scores/jury.yaml", 1), scores),))
    written = [str(assess(round_, make_submission(s)).criteria[0].by_assessor[0][1]) for s in ("a", "b", "c")]
    assert written == ["3", "3.0", "3"]
    assert [assess(round_, make_submission(s)).score for s in ("a", "b")] == [3, 3]


# Scores as assessors write them: equal values written otherwise (3, 3.0, 3.00), halves, a negative zero.
_SCORES = st.sampled_from([Decimal(s) for s in ("1", "2", "2.5", "3", "3.0", "3.00", "4", "4.5", "5", "-0", "0")])


def _reference_assessment(round_: Round, submission: Submission) -> tuple[Any, ...]:
    """Return what assessing a plan gives, worked out plainly: per criterion the combined score of the assessors who
    did not declare a conflict, whether it is below the minimum, the weighted total and whether it passes."""
    sheets = [s for s in round_.scoresheets if submission.id not in s.conflicts]
    criteria = []
    total = Fraction(0)
    for c in round_.criteria:
        values = [s.scores[submission.id][c.id] for s in sheets]
        combined = combine(values, round_.assessment.combine)
        criteria.append((c.id, combined, tuple((s.assessor, str(v)) for s, v in zip(sheets, values, strict=True)),
                         c.minimum is not None and combined < c.minimum))
        total += Fraction(c.weight) * combined
    below = [c for c in criteria if c[3]]
    return tuple(criteria), total, total >= round_.pass_score and not below, len(below)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(list(Combine)), st.integers(1, 4), st.lists(st.booleans(), min_size=2, max_size=2),
       st.lists(st.lists(st.lists(_SCORES, min_size=2, max_size=2), min_size=1, max_size=4), min_size=1,
                max_size=12),
       st.lists(st.tuples(st.integers(0, 11), st.integers(0, 3)), max_size=4))
def test_assessments_shared_by_equal_scores_and_sums_are_the_plain_ones(
    how: Combine, assessors: int, minimums: list[bool], plans: list[list[list[Decimal]]],
    conflicts: list[tuple[int, int]],
) -> None:
    """Combined scores worked out once per combination of scores and once per sum (or middle scores) give every plan
    the assessment the plain way gives, the scores as each assessor wrote them."""
    impact, reach = (Decimal(3) if minimums[0] else None), (Decimal("2.5") if minimums[1] else None)
    criteria = (Criterion("impact", "Impact", Decimal(3), Decimal(0), Decimal(5), impact),
                Criterion("reach", "Reach", Decimal("0.5"), Decimal(0), Decimal(5), reach))
    ids = [f"p{i:02d}" for i in range(len(plans))]
    sheets = []
    for a in range(assessors):
        scores = {sub_id: {"impact": rows[a % len(rows)][0], "reach": rows[a % len(rows)][1]}
                  for sub_id, rows in zip(ids, plans, strict=True)}
        # The last assessor never declares a conflict: some assessor scores every plan (the loader sees to that).
        conflicted = frozenset(ids[p] for p, by in conflicts if p < len(ids) and by == a < assessors - 1)
        sheets.append(Scoresheet(f"a{a}", f"A{a}", Location(f"scores/a{a}.yaml", 1), scores, conflicted))
    def rounds() -> Round:
        return make_round(criteria=criteria, scoresheets=tuple(sheets),
                          assessment=AssessmentRules(combine=how, pass_mark=Decimal("0.5")))

    round_, together = rounds(), rounds()
    subs = [make_submission(sub_id) for sub_id in ids]
    # All at once (a criterion at a time, the plans as columns), twice: the second time from what the first kept.
    at_once = assess_all(together, subs + subs[::-1])
    assert at_once == assess_all(together, subs + subs[::-1]) and at_once[: len(subs)] == at_once[::-1][: len(subs)]
    for plan, got_at_once in zip(subs + subs[::-1], at_once, strict=True):  # the second time from what was made
        got = assess(round_, plan)
        assert got_at_once == got and got_at_once.failures == got.failures
        assert assess(together, plan) is got_at_once  # kept for the plan-by-plan question
        for shown in (got, got_at_once):
            criteria_got = tuple((c.criterion, c.combined, tuple((a, str(v)) for a, v in c.by_assessor),
                                  c.below_minimum) for c in shown.criteria)
            assert (criteria_got, shown.score, shown.passed, sum(1 for f in shown.failures
                                                                 if f.code is Code.BELOW_CRITERION_MINIMUM)) \
                == _reference_assessment(round_, plan)


def test_a_result_built_from_its_fields_at_once_is_the_result_its_init_builds() -> None:
    step = (reason(Code.FUNDED, amount=Decimal("5.00"), paid_by=(("budget", Decimal("5.00")),)),)
    values = (make_submission("x"), Status.AWARDED, step, (), ("jury",), (), Fraction(7, 2), 3, Decimal("5.00"),
              Decimal("5.00"), (("budget", Decimal("5.00")),), None, step, Fraction(4))
    built, made = _result(*values), Result(*values)
    assert built == made and repr(built) == repr(made) and hash(built) == hash(made)
    assert vars(built) == vars(made)


def test_grant_checks_shared_by_requests_as_written_keep_each_plans_own_text() -> None:
    from initiatief.models import AboveLimit, Grants

    round_ = make_round(grants=Grants(minimum=Decimal(500), maximum=Decimal(800), max_share=Decimal("0.5"),
                                      above_limit=AboveLimit.INELIGIBLE))
    plans = [make_submission(f"p{i}", requested=requested, cost=cost) for i, (requested, cost) in enumerate([
        (Decimal("1000"), Decimal("3000")), (Decimal("1000.00"), Decimal("3000")), (Decimal("1000"), Decimal("3000")),
        (Decimal("1000"), Decimal("3000.0")), (Decimal("400"), None), (Decimal("-0"), Decimal(0)),
        (Decimal("0"), Decimal(0)),
    ])]
    for s in plans:
        reference = eligibility._grant_checks(round_, s)
        assert [(c.rule, c.held, repr(c.reason)) for c in eligibility.check(round_, s)] == \
            [(c.rule, c.held, repr(c.reason)) for c in reference]
        assert repr(eligibility.grant_amount(round_, s)) == repr(eligibility._grant_amount(round_, s))
