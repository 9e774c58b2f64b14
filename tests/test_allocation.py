"""allocation: skip, share pots (co-financing), all-or-nothing, partial funding, the ceiling, prizes."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from helpers import make_round, make_submission

from initiatief.core.allocation import Allocation, Claim, Ledger, allocate_ranking, award_prizes, funded
from initiatief.models import AllocationRules, Grants, Language, Op, Pot, Prize, PrizeAward, Round, Status
from initiatief.models import Test as FieldTest
from initiatief.reasons import Code, reason
from initiatief.texts.reasons import phrase

D = Decimal
NOORD = FieldTest("district", Op.EQUALS, "noord")


def general(amount: str, pot_id: str = "budget") -> Pot:
    return Pot(pot_id, pot_id, D(amount))


def share_pot(amount: str, share: str, pot_id: str = "noord") -> Pot:
    return Pot(pot_id, pot_id, D(amount), when=NOORD, share=D(share))


def round_with(*pots: Pot, skip: bool = True, grants: Grants | None = None, ceiling: str | None = None) -> Round:
    total = sum((p.amount for p in pots), D(0))
    return make_round(
        pots=pots,
        ceiling=D(ceiling) if ceiling is not None else total,
        allocation=AllocationRules(skip=skip),
        grants=grants or Grants(),
    )


def claims(*amounts: tuple[str, str] | tuple[str, str, str]) -> list[Claim]:
    """Return claims in rank order from (id, amount) or (id, amount, district)."""
    made = []
    for position, item in enumerate(amounts, start=1):
        district = item[2] if len(item) == 3 else None
        made.append(Claim(make_submission(item[0], district=district), D(item[1]), position))
    return made


def run(round_: Round, ranked: list[Claim]) -> tuple[dict[str, Allocation], Ledger]:
    ledger = Ledger(round_)
    return allocate_ranking(round_, ranked, ledger), ledger


def summary(decided: dict[str, Allocation]) -> dict[str, tuple[str, str]]:
    return {sub_id: (a.status.value, str(a.awarded)) for sub_id, a in decided.items()}


def left(ledger: Ledger) -> dict[str, str]:
    return {pot_id: str(amount) for pot_id, amount in ledger.left.items()}


# --- ranking with skip --------------------------------------------------------------------


def test_skip_true_funds_a_later_plan_that_still_fits() -> None:
    decided, ledger = run(round_with(general("10000.00")), claims(("a", "6000.00"), ("b", "5000.00"), ("c", "4000.00")))
    assert summary(decided) == {
        "a": ("awarded", "6000.00"),
        "b": ("not-funded", "0.00"),
        "c": ("awarded", "4000.00"),
    }
    assert decided["b"].step == (
        reason(Code.POT_SHORT, rank=2, pots=("budget",), needed=D("5000.00"), left=D("4000.00")),
    )
    assert left(ledger) == {"budget": "0.00"}
    assert ledger.ceiling_left == 0


def test_skip_false_stops_at_the_first_plan_that_does_not_fit() -> None:
    round_ = round_with(general("10000.00"), skip=False)
    decided, ledger = run(round_, claims(("a", "6000.00"), ("b", "5000.00"), ("c", "4000.00")))
    assert summary(decided) == {
        "a": ("awarded", "6000.00"),
        "b": ("not-funded", "0.00"),
        "c": ("not-funded", "0.00"),
    }
    assert decided["c"].step == (reason(Code.ALLOCATION_STOPPED, rank=2),)
    assert left(ledger) == {"budget": "4000.00"}


def test_general_pots_pay_in_the_order_listed() -> None:
    round_ = round_with(general("3000.00", "a-pot"), general("5000.00", "b-pot"))
    decided, ledger = run(round_, claims(("x", "4000.00"), ("y", "3000.00"), ("z", "1000.01")))
    assert decided["x"].paid_by == (("a-pot", D("3000.00")), ("b-pot", D("1000.00")))
    assert decided["y"].paid_by == (("b-pot", D("3000.00")),)
    # 1000.00 left in total: 1000.01 does not fit.
    assert decided["z"].status is Status.NOT_FUNDED
    assert left(ledger) == {"a-pot": "0.00", "b-pot": "1000.00"}


# --- share pots ---------------------------------------------------------------------------


def test_share_pot_pays_its_share_rounded_down_and_the_general_pot_the_rest() -> None:
    round_ = round_with(general("10000.00"), share_pot("3000.00", "0.5"))
    ranked = claims(("n1", "4000.00", "noord"), ("n2", "1000.03", "noord"), ("z", "500.00", "zuid"))
    decided, ledger = run(round_, ranked)
    assert decided["n1"].paid_by == (("noord", D("2000.00")), ("budget", D("2000.00")))
    # 50% of 1000.03 is 500.015: the share pot pays 500.01 (down; half-up or half-even give 500.02),
    # the general pot the other 500.02.
    assert decided["n2"].paid_by == (("noord", D("500.01")), ("budget", D("500.02")))
    # A plan the share pot does not match is paid by the general pot alone.
    assert decided["z"].paid_by == (("budget", D("500.00")),)
    # budget: 10000 - 2000 - 500.02 - 500 = 6999.98; noord: 3000 - 2000 - 500.01 = 499.99.
    assert left(ledger) == {"budget": "6999.98", "noord": "499.99"}
    assert decided["n1"].step == (reason(Code.FUNDED, amount=D("4000.00"),
                                         paid_by=(("noord", D("2000.00")), ("budget", D("2000.00")))),)
    assert phrase(decided["n1"].step[0], Language.EN) == "Funded: €4,000.00 from noord (50%), budget (50%)"


def test_share_pot_running_out_is_all_or_nothing() -> None:
    round_ = round_with(general("10000.00"), share_pot("2500.00", "0.5"))
    decided, ledger = run(round_, claims(
        ("n1", "4000.00", "noord"),  # noord 2000, budget 2000
        ("n2", "2000.00", "noord"),  # noord would need 1000 but has 500: nothing at all
        ("n3", "1000.00", "noord"),  # noord 500, budget 500: fits exactly
        ("z", "3000.00", "zuid"),  # budget only
    ))
    assert summary(decided) == {
        "n1": ("awarded", "4000.00"),
        "n2": ("not-funded", "0.00"),
        "n3": ("awarded", "1000.00"),
        "z": ("awarded", "3000.00"),
    }
    assert decided["n2"].paid_by == ()
    assert decided["n2"].step == (
        reason(Code.POT_SHORT, rank=2, pots=("noord",), needed=D("1000.00"), left=D("500.00")),
    )
    # The general pot did not make up for the share pot: it paid 2000 + 500 + 3000 only.
    assert left(ledger) == {"budget": "4500.00", "noord": "0.00"}


def test_share_pot_that_matches_nothing_pays_nothing() -> None:
    round_ = round_with(general("5000.00"), share_pot("5000.00", "0.5"))
    decided, ledger = run(round_, claims(("z", "5000.00", "zuid"), ("y", "1.00", "zuid")))
    assert summary(decided) == {"z": ("awarded", "5000.00"), "y": ("not-funded", "0.00")}
    assert left(ledger) == {"budget": "0.00", "noord": "5000.00"}


def test_no_pot_may_pay() -> None:
    round_ = round_with(Pot("zuid", "zuid", D("5000.00"), when=FieldTest("district", Op.EQUALS, "zuid")))
    decided, _ = run(round_, claims(("n", "100.00", "noord")))
    assert decided["n"].status is Status.NOT_FUNDED
    assert decided["n"].step == (reason(Code.NO_POT),)


def test_prize_pots_never_pay_awards() -> None:
    round_ = round_with(general("1000.00"), Pot("prijzen", "prijzen", D("9000.00"), for_prizes=True))
    decided, ledger = run(round_, claims(("a", "2000.00")))
    assert decided["a"].status is Status.NOT_FUNDED
    assert left(ledger) == {"budget": "1000.00", "prijzen": "9000.00"}


def test_the_ceiling_is_hard_even_if_the_pots_hold_more() -> None:
    round_ = round_with(general("10000.00"), ceiling="5000.00")
    decided, ledger = run(round_, claims(("a", "3000.00"), ("b", "3000.00"), ("c", "2000.00")))
    assert summary(decided) == {
        "a": ("awarded", "3000.00"),
        "b": ("not-funded", "0.00"),
        "c": ("awarded", "2000.00"),
    }
    assert decided["b"].step == (reason(Code.CEILING_REACHED, rank=2, needed=D("3000.00"), left=D("2000.00")),)
    assert ledger.ceiling_left == 0


def test_no_pot_ever_goes_negative() -> None:
    round_ = round_with(general("7000.00"), share_pot("1234.56", "0.4"), general("999.99", "extra"))
    amounts = ["1500.00", "2333.33", "999.99", "0.01", "4000.00", "123.45", "800.00", "2500.00", "10.10"]
    ranked = claims(*[(f"p{i}", a, "noord" if i % 2 else "zuid") for i, a in enumerate(amounts)])
    decided, ledger = run(round_, ranked)
    assert all(amount >= 0 for amount in ledger.left.values())
    paid = sum((part for a in decided.values() for _, part in a.paid_by), D(0))
    assert paid == sum((a.awarded for a in decided.values()), D(0))
    assert paid == round_.ceiling - ledger.ceiling_left
    for a in decided.values():
        assert sum((part for _, part in a.paid_by), D(0)) == a.awarded


# --- partial funding ---------------------------------------------------------------------


def test_partial_funding_gives_the_first_plan_that_does_not_fit_what_is_left() -> None:
    round_ = round_with(general("10000.00"), grants=Grants(minimum=D("1000.00"), partial=True))
    decided, ledger = run(round_, claims(("a", "6000.00"), ("b", "5000.00"), ("c", "3000.00")))
    assert summary(decided) == {
        "a": ("awarded", "6000.00"),
        "b": ("partly-awarded", "4000.00"),
        "c": ("not-funded", "0.00"),
    }
    assert left(ledger) == {"budget": "0.00"}


def test_partial_funding_below_the_minimum_grant_is_not_given_and_not_passed_on() -> None:
    round_ = round_with(general("10000.00"), grants=Grants(minimum=D("4500.00"), partial=True))
    decided, ledger = run(round_, claims(("a", "6000.00"), ("b", "5000.00"), ("c", "3000.00"), ("d", "2000.00")))
    # b could get 4000 < 4500: nothing. c fits (skip). d does not fit the 1000 left, and only the
    # first plan that does not fit is considered for partial funding.
    assert summary(decided) == {
        "a": ("awarded", "6000.00"),
        "b": ("not-funded", "0.00"),
        "c": ("awarded", "3000.00"),
        "d": ("not-funded", "0.00"),
    }
    assert left(ledger) == {"budget": "1000.00"}
    # b's reasons say why it did not get the 4000 that was left (docs/method.md), d's only that it did not fit.
    assert decided["b"].step == (
        reason(Code.POT_SHORT, rank=2, pots=("budget",), needed=D("5000.00"), left=D("4000.00")),
        reason(Code.BELOW_MINIMUM_GRANT, amount=D("4000.00"), minimum=D("4500.00")),
    )
    assert [r.code for r in decided["d"].step] == [Code.POT_SHORT]


def test_partial_funding_below_the_minimum_grant_with_skip_false_stops_there_and_says_why() -> None:
    round_ = round_with(general("10000.00"), skip=False, grants=Grants(minimum=D("4500.00"), partial=True))
    decided, _ = run(round_, claims(("a", "6000.00"), ("b", "5000.00"), ("c", "3000.00")))
    assert summary(decided) == {"a": ("awarded", "6000.00"), "b": ("not-funded", "0.00"), "c": ("not-funded", "0.00")}
    assert [r.code for r in decided["b"].step] == [Code.POT_SHORT, Code.BELOW_MINIMUM_GRANT]
    assert decided["c"].step == (reason(Code.ALLOCATION_STOPPED, rank=2),)


def test_partial_funding_is_off_by_default() -> None:
    decided, _ = run(round_with(general("10000.00")), claims(("a", "6000.00"), ("b", "5000.00")))
    assert decided["b"].status is Status.NOT_FUNDED


def test_partial_funding_respects_a_share_pot() -> None:
    round_ = round_with(general("3000.00"), share_pot("5000.00", "0.5"), grants=Grants(partial=True))
    decided, ledger = run(round_, claims(("z", "2000.00", "zuid"), ("n", "4000.00", "noord")))
    # 1000 left in the general pot pays half of the award: 2000, of which noord pays 1000.
    assert summary(decided)["n"] == ("partly-awarded", "2000.00")
    assert decided["n"].paid_by == (("noord", D("1000.00")), ("budget", D("1000.00")))
    assert left(ledger) == {"budget": "0.00", "noord": "4000.00"}


def test_partial_funding_with_skip_false_still_stops_after() -> None:
    round_ = round_with(general("10000.00"), skip=False, grants=Grants(partial=True))
    decided, _ = run(round_, claims(("a", "6000.00"), ("b", "5000.00"), ("c", "1.00")))
    assert summary(decided) == {
        "a": ("awarded", "6000.00"),
        "b": ("partly-awarded", "4000.00"),
        "c": ("not-funded", "0.00"),
    }


def test_largest_fit_rounds_down_and_never_overpays() -> None:
    round_ = round_with(general("1000.00"), share_pot("5000.00", "0.3333"))
    ledger = Ledger(round_)
    sub = make_submission("n", district="noord")
    fit = ledger.largest_fit(sub, D("5000.00"))
    assert fit is not None
    amount, parts = fit
    # The general pot pays 66.67%: 1000 / 0.6667 = 1499.92… → 1499.92; noord 33.33% of it rounded down.
    assert amount == D("1499.92")
    assert parts == {"noord": D("499.92"), "budget": D("1000.00")}


# --- prizes ------------------------------------------------------------------------------


def prize_round(*prizes: Prize) -> Round:
    base = round_with(general("10000.00"), Pot("prijzen", "prijzen", D("9000.00"), for_prizes=True))
    return dataclasses.replace(base, prizes=prizes)


def test_prizes_go_to_the_best_ranked_awarded_plans_in_order() -> None:
    round_ = prize_round(
        Prize("First", 1, D("3000.00"), "prijzen"),
        Prize("Runner-up", 2, D("1000.00"), "prijzen"),
    )
    ledger = Ledger(round_)
    winners = award_prizes(round_, ["c", "a", "d", "b"], ledger)
    assert winners == {
        "c": PrizeAward("First", D("3000.00"), "prijzen"),
        "a": PrizeAward("Runner-up", D("1000.00"), "prijzen"),
        "d": PrizeAward("Runner-up", D("1000.00"), "prijzen"),
    }
    assert left(ledger)["prijzen"] == "4000.00"
    assert ledger.ceiling_left == D("14000.00")


def test_fewer_awarded_plans_than_prizes() -> None:
    round_ = prize_round(Prize("Prize", 3, D("1000.00"), "prijzen"))
    ledger = Ledger(round_)
    assert set(award_prizes(round_, ["a"], ledger)) == {"a"}
    assert left(ledger)["prijzen"] == "8000.00"


@pytest.mark.parametrize("total", ["4000.00", "0.03"])
def test_funded_names_each_pot_with_its_share(total: str) -> None:
    step = funded({"budget": D(total)})
    assert step == reason(Code.FUNDED, amount=D(total), paid_by=(("budget", D(total)),))
    assert phrase(step, Language.EN) == f"Funded: €{D(total):,} from budget (100%)"


def test_largest_fit_is_the_largest_amount_that_fits() -> None:
    round_ = round_with(general("10000.00"), share_pot("1000.00", "0.5"))
    ledger = Ledger(round_)
    sub = make_submission("n", district="noord")
    # 2000.01 fits: noord pays 50% of it rounded down = 1000.00 (all it has), budget 1000.01.
    assert ledger.split(sub, D("2000.01"))[0] == {"noord": D("1000.00"), "budget": D("1000.01")}
    fit = ledger.largest_fit(sub, D("5000.00"))
    assert fit is not None
    assert fit[0] == D("2000.01")


# --- a share pot's fallback ---------------------------------------------------------------


def test_a_share_pot_without_fallback_that_runs_short_blocks_the_award() -> None:
    round_ = round_with(general("10000.00"), share_pot("500.00", "0.5"))
    decided, _ = run(round_, claims(("n", "2000.00", "noord")))
    assert decided["n"].status is Status.NOT_FUNDED


def test_a_fallback_pot_carries_what_the_share_pot_cannot_of_its_part() -> None:
    noord = dataclasses.replace(share_pot("500.00", "0.5"), fallback="budget")
    round_ = round_with(general("10000.00"), noord)
    decided, ledger = run(round_, claims(("n1", "2000.00", "noord"), ("n2", "1000.00", "noord")))
    # n1: noord owes 1000 but holds 500; budget carries the other 500, and pays the general half.
    assert decided["n1"].paid_by == (("noord", D("500.00")), ("budget", D("1500.00")))
    # n2: noord is empty: budget carries all of noord's 500 and its own 500.
    assert decided["n2"].paid_by == (("budget", D("1000.00")),)
    assert left(ledger) == {"budget": "7500.00", "noord": "0.00"}


def test_a_fallback_pot_that_cannot_carry_it_names_both_pots() -> None:
    noord = dataclasses.replace(share_pot("500.00", "0.5"), fallback="budget")
    round_ = round_with(general("1200.00"), noord)
    decided, _ = run(round_, claims(("n", "4000.00", "noord")))
    assert decided["n"].step == (
        reason(Code.POT_SHORT, rank=1, pots=("noord", "budget"), needed=D("2000.00"), left=D("1700.00")),
    )


def test_a_fallback_pot_that_carries_the_part_but_not_the_rest_names_the_general_pots() -> None:
    # docs/method.md: noord empty after n1, beleid €2,000, an award of €3,000: beleid carries noord's €1,500 and
    # then has €500 of the €1,500 rest.
    noord = dataclasses.replace(share_pot("1000.00", "0.5"), fallback="budget")
    round_ = round_with(general("3000.00"), noord)
    decided, ledger = run(round_, claims(("n1", "2000.00", "noord"), ("n2", "3000.00", "noord")))
    assert decided["n2"].step == (
        reason(Code.POT_SHORT, rank=2, pots=("budget",), needed=D("1500.00"), left=D("500.00")),
    )
    assert left(ledger) == {"budget": "2000.00", "noord": "0.00"}


def test_largest_fit_uses_the_fallback_too() -> None:
    noord = dataclasses.replace(share_pot("500.00", "0.5"), fallback="budget")
    round_ = round_with(general("1500.00"), noord)
    fit = Ledger(round_).largest_fit(make_submission("n", district="noord"), D("5000.00"))
    assert fit is not None and fit[0] == D("2000.00")


def test_after_a_partial_award_skip_false_goes_on_until_a_plan_does_not_fit() -> None:
    # docs/method.md: the partly awarded plan does not stop the allocation; the next plans are tried in full and
    # the first that does not fit stops it. b gets beleid's last 40 of its 50; c (noord) still fits in the noord
    # pot; d finds nothing and stops the allocation at its rank, so e (noord, 10, which noord could pay) is not tried.
    noord = Pot("noord", "noord", D("50.00"), when=NOORD)
    round_ = round_with(general("100.00", "beleid"), noord, skip=False, grants=Grants(partial=True))
    decided, ledger = run(round_, claims(("a", "60.00"), ("b", "50.00"), ("c", "30.00", "noord"), ("d", "30.00"),
                                         ("e", "10.00", "noord")))
    assert summary(decided) == {"a": ("awarded", "60.00"), "b": ("partly-awarded", "40.00"),
                                "c": ("awarded", "30.00"), "d": ("not-funded", "0.00"), "e": ("not-funded", "0.00")}
    assert decided["d"].step[0].code is Code.POT_SHORT
    assert decided["e"].step == (reason(Code.ALLOCATION_STOPPED, rank=4),)
    assert left(ledger) == {"beleid": "0.00", "noord": "20.00"}
