"""eligibility: the round's rules, grant limits (min, max, max_share) and capping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import make_round, make_submission

from initiatief import evaluate
from initiatief.core import eligibility
from initiatief.models import AboveLimit, Grants, Location, Op, Round, Rule, Scoresheet, Status
from initiatief.models import Test as FieldTest
from initiatief.reasons import Code, reason

D = Decimal


def rule(rule_id: str, field: str, op: str, value: object, reason: str) -> Rule:
    return Rule(rule_id, FieldTest(field, Op(op), value), reason, Location("round.yaml", 3))


def failed(round_: Round, **fields: object) -> list[str]:
    """Return the ids of the checks a submission fails."""
    checks = eligibility.check(round_, make_submission("s", **fields))
    return [c.rule for c in checks if not c.held]


def test_rules_are_checked_in_order_with_their_reasons() -> None:
    round_ = make_round(rules=(
        rule("in-town", "district", "in", ("noord", "zuid"), "Not in town"),
        rule("non-profit", "facts.profit", "equals", False, "Makes a profit"),
    ))
    checks = eligibility.check(round_, make_submission("s", district="oost", facts={"profit": False}))
    assert [(c.rule, c.held, c.reason) for c in checks] == [
        ("in-town", False, reason(Code.RULE_FAILED, rule="in-town", reason="Not in town")),
        ("non-profit", True, reason(Code.RULE_FAILED, rule="non-profit", reason="Makes a profit")),
    ]


def test_no_request_is_ineligible() -> None:
    checks = eligibility.check(make_round(), make_submission("s", requested=None))
    assert [(c.rule, c.held) for c in checks] == [("grant-requested", False)]


def test_no_limits_no_grant_checks() -> None:
    assert eligibility.check(make_round(), make_submission("s")) == ()


# --- capping (above_limit: cap, the default) --------------------------------------------


def test_request_above_max_is_capped_not_refused() -> None:
    round_ = make_round(grants=Grants(maximum=D("5000.00")))
    sub = make_submission("s", requested=D("6000.00"))
    assert failed(round_, requested=D("6000.00")) == []
    amount, note = eligibility.grant_amount(round_, sub)
    assert amount == D("5000.00")
    assert note == reason(Code.CAPPED_AT_MAXIMUM, amount=D("5000.00"), requested=D("6000.00"))


def test_request_within_limits_is_not_capped() -> None:
    round_ = make_round(grants=Grants(maximum=D("5000.00"), max_share=D("0.5")))
    amount, note = eligibility.grant_amount(round_, make_submission("s", requested=D("5000.00"), cost=D("10000.00")))
    assert (amount, note) == (D("5000.00"), None)


def test_max_share_caps_rounding_down_to_the_cent() -> None:
    # 33.35% of 1000.01 = 333.503335 → 333.50.
    round_ = make_round(grants=Grants(max_share=D("0.3335")))
    amount, note = eligibility.grant_amount(round_, make_submission("s", requested=D("1000.01"), cost=D("1000.01")))
    assert amount == D("333.50")
    assert note == reason(Code.CAPPED_AT_SHARE, amount=D("333.50"), share=D("0.3335"), requested=D("1000.01"))
    # 50% of 999.99 = 499.995 → 499.99; half-up would give 500.00, above the limit itself.
    round_ = make_round(grants=Grants(max_share=D("0.5")))
    amount, _ = eligibility.grant_amount(round_, make_submission("s", requested=D("999.99"), cost=D("999.99")))
    assert amount == D("499.99")


def test_the_lower_of_max_and_max_share_wins() -> None:
    round_ = make_round(grants=Grants(maximum=D("5000.00"), max_share=D("0.333")))
    amount, _ = eligibility.grant_amount(round_, make_submission("s", requested=D("6000.00"), cost=D("10000.00")))
    assert amount == D("3330.00")
    amount, _ = eligibility.grant_amount(round_, make_submission("s", requested=D("9000.00"), cost=D("30000.00")))
    assert amount == D("5000.00")


def test_max_share_needs_a_cost() -> None:
    round_ = make_round(grants=Grants(max_share=D("0.5")))
    assert failed(round_, requested=D("100.00"), cost=None) == ["grant-cost"]


def test_minimum_is_compared_after_capping() -> None:
    round_ = make_round(grants=Grants(minimum=D("1000.00"), max_share=D("0.5")))
    # Requested 1500, but 50% of 1999 is 999.50: below the minimum, so nothing.
    assert failed(round_, requested=D("1500.00"), cost=D("1999.00")) == ["grant-min"]
    assert failed(round_, requested=D("1500.00"), cost=D("2000.00")) == []
    assert failed(round_, requested=D("999.99"), cost=D("5000.00")) == ["grant-min"]


# --- above_limit: ineligible -------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "cost", "expected"),
    [
        ("5000.00", "20000.00", []),
        ("5000.01", "20000.00", ["grant-max"]),
        ("4000.00", "7999.98", ["grant-max-share"]),
        ("4000.00", "8000.00", []),
        ("6000.00", "8000.00", ["grant-max-share", "grant-max"]),
    ],
)
def test_above_limit_ineligible(requested: str, cost: str, expected: list[str]) -> None:
    round_ = make_round(grants=Grants(maximum=D("5000.00"), max_share=D("0.5"), above_limit=AboveLimit.INELIGIBLE))
    assert failed(round_, requested=D(requested), cost=D(cost)) == expected


def test_above_limit_ineligible_gives_the_reason_as_data() -> None:
    round_ = make_round(grants=Grants(maximum=D("5000.00"), above_limit=AboveLimit.INELIGIBLE))
    checks = eligibility.check(round_, make_submission("s", requested=D("6000.00")))
    assert checks[0].reason == reason(Code.ABOVE_MAXIMUM_GRANT, requested=D("6000.00"), maximum=D("5000.00"))
    assert not checks[0].held


def test_a_grant_capped_to_nothing_is_not_an_award() -> None:
    sub = make_submission("tiny", requested=D("0.01"), cost=D("0.01"))
    sheet = Scoresheet("jury", "jury", Location("scores/jury.yaml", 1), {"tiny": {"impact": D(5)}})
    round_ = make_round(grants=Grants(max_share=D("0.5")), submissions=(sub,), scoresheets=(sheet,))
    # 50% of 0.01 is 0.005, rounded down: 0.00.
    assert eligibility.grant_amount(round_, sub)[0] == D("0.00")
    result = evaluate(round_).result("tiny")
    assert result.status is not Status.AWARDED
