"""The optimal method's solver: against every subset of small rounds, on rounds of 1,000+ plans, its limits.

The claims are built directly (plans in ranking order with an amount and a score), so each
example is one call of `best_set` next to a brute force over every subset paid through the
ledger in ranking order: the highest total score, and of the sets with that total the one best
in ranking order (fund the best-ranked plan if any such set can, then the next, ...).
"""

from __future__ import annotations

import json
import random
import sys
from decimal import Decimal
from fractions import Fraction
from itertools import product

import pytest
from helpers import MINIMAL, cp_sat_solves, invoke, make_round, make_submission
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief.core import optimal, optimal_parts
from initiatief.core.allocation import Claim, Ledger
from initiatief.core.optimal import OptimalCheckFailed, best_set
from initiatief.models import Op, Pot, Round
from initiatief.models import Test as FieldTest

DISTRICTS = ("noord", "zuid", "stad")


@st.composite
def plans(draw: st.DrawFn) -> tuple[Round, list[Claim]]:
    """Return a round's pots and up to 10 plans in ranking order: share pots, `when`s, fallbacks, ties."""
    pots = [Pot("beleid", "beleid", Decimal(draw(st.integers(0, 60))) * 100)]
    for district in draw(st.lists(st.sampled_from(("noord", "zuid")), unique=True, max_size=2)):
        share = Decimal(draw(st.sampled_from([25, 50, 100]))) / 100
        pots.append(Pot(f"gt-{district}", district, Decimal(draw(st.integers(0, 30))) * 100,
                        FieldTest("district", Op.EQUALS, district), share,
                        fallback="beleid" if draw(st.booleans()) else None))
    if draw(st.booleans()):
        # a second general pot for every plan: with beleid last, the pots are summed; else followed in order
        pots.append(Pot("extra", "extra", Decimal(draw(st.integers(0, 30))) * 100))
    if draw(st.booleans()):
        # a general pot for some plans only: the order pots pay in then matters
        pots.append(Pot("stadsfonds", "stadsfonds", Decimal(draw(st.integers(0, 30))) * 100,
                        FieldTest("district", Op.IN, ("noord", "stad"))))
    pots = list(draw(st.permutations(pots)))
    ceiling = sum((p.amount for p in pots), Decimal(0)) - Decimal(draw(st.sampled_from([0, 0, 700])))
    # few distinct scores, so many sets tie on the total (the tie rule decides)
    levels = draw(st.sampled_from([(Fraction(1),), (Fraction(1), Fraction(2)), (Fraction(0), Fraction(7, 3), 3)]))
    count = draw(st.integers(1, 10))
    scores = sorted((Fraction(draw(st.sampled_from(levels))) for _ in range(count)), reverse=True)
    claims = []
    for rank, score in enumerate(scores, start=1):
        cents = Decimal(draw(st.sampled_from([0, 1, 33]))) / 100
        amount = Decimal(draw(st.sampled_from([5, 10, 15, 20]))) * 100 + cents
        submission = make_submission(f"s{rank}", district=draw(st.sampled_from(DISTRICTS)), requested=amount)
        claims.append(Claim(submission, amount, rank, score))
    return make_round(pots=tuple(pots), ceiling=max(ceiling, Decimal(0))), claims


def brute_force(round_: Round, claims: list[Claim]) -> set[int]:
    best: tuple[Fraction, tuple[bool, ...]] | None = None
    for pick in product((True, False), repeat=len(claims)):
        ledger = Ledger(round_)
        total = Fraction(0)
        for chosen, claim in zip(pick, claims, strict=True):
            if chosen:
                parts, _ = ledger.split(claim.submission, claim.amount)
                if parts is None:
                    break
                ledger.pay(parts)
                total += claim.score or 0
        else:
            if best is None or (total, pick) > best:
                best = (total, pick)
    assert best is not None
    return {i for i, chosen in enumerate(best[1]) if chosen}


def cp_sat_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave every round to CP-SAT, as if none had the shape `optimal_parts` solves."""
    monkeypatch.setattr(optimal, "_parts", lambda problem: None)


@pytest.mark.parametrize("solver", ["as chosen", "CP-SAT"])
@settings(max_examples=max(10, settings().max_examples * 2))
@given(example=plans())
def test_the_best_set_is_the_brute_force_one_with_the_tie_rule(solver: str, example: tuple[Round, list[Claim]]
                                                               ) -> None:
    round_, claims = example
    with pytest.MonkeyPatch.context() as patch:
        if solver == "CP-SAT":
            cp_sat_only(patch)
        assert best_set(claims, Ledger(round_)) == brute_force(round_, claims)


@st.composite
def shaped_plans(draw: st.DrawFn, most: int = 11) -> tuple[Round, list[Claim]]:
    """Return a round of the shape `optimal_parts` solves: 50% area-team pots beside one or two general pots for
    everyone, amounts in even cents, the ceiling above the pots; few scores, zero among them (ties everywhere)."""
    pots = [Pot("beleid", "beleid", Decimal(draw(st.integers(0, 80))) * 100)]
    if draw(st.booleans()):
        pots.append(Pot("extra", "extra", Decimal(draw(st.integers(0, 30))) * 100))  # paying as one with beleid
    for district in draw(st.lists(st.sampled_from(("noord", "zuid", "oost")), unique=True, max_size=3)):
        pots.append(Pot(f"gt-{district}", district, Decimal(draw(st.integers(0, 40))) * 50,
                        FieldTest("district", Op.EQUALS, district), Decimal("0.5")))
    pots = list(draw(st.permutations(pots)))
    ceiling = sum((p.amount for p in pots), Decimal(0)) + Decimal(draw(st.sampled_from([0, 500])))
    levels = draw(st.sampled_from([(Fraction(1),), (Fraction(1), Fraction(2)), (Fraction(0), Fraction(7, 3), 3)]))
    count = draw(st.integers(1, most))
    scores = sorted((Fraction(draw(st.sampled_from(levels))) for _ in range(count)), reverse=True)
    claims = []
    for rank, score in enumerate(scores, start=1):
        amount = Decimal(draw(st.sampled_from([5, 10, 15, 20, 35]))) * 100 + Decimal(draw(st.sampled_from([0, 2, 50])))
        district = draw(st.sampled_from(("noord", "zuid", "oost", "stad")))
        claims.append(Claim(make_submission(f"s{rank}", district=district, requested=amount), amount, rank, score))
    return make_round(pots=tuple(pots), ceiling=ceiling), claims


def by_parts(round_: Round, claims: list[Claim]) -> set[int]:
    """Return `optimal_parts`' answer, failing if the round is not of its shape or too large for it."""
    shaped = optimal._parts(optimal._problem(claims, Ledger(round_)))
    assert shaped is not None, "not of the shape optimal_parts solves"
    chosen = optimal_parts.best_set(shaped)
    assert chosen is not None, "too large for optimal_parts"
    optimal._check(claims, Ledger(round_), chosen)
    return {i for i, c in enumerate(chosen) if c}


@settings(max_examples=max(10, settings().max_examples * 3))
@given(shaped_plans())
def test_the_parts_method_gives_the_brute_force_set_with_the_tie_rule(example: tuple[Round, list[Claim]]) -> None:
    round_, claims = example
    expected = brute_force(round_, claims)
    assert by_parts(round_, claims) == expected
    assert best_set(claims, Ledger(round_)) == expected


def shaped_round(count: int, seed: int) -> tuple[Round, list[Claim]]:
    """Return `count` plans in ranking order, of the shape `optimal_parts` solves, with pots about half of what
    the plans ask: amounts of many sizes (some with 50 cents), scores of a few levels (many ties in score, in score
    per euro)."""
    rnd = random.Random(seed)
    districts = [f"d{k}" for k in range(rnd.randint(1, 6))]
    asked = {d: Decimal(0) for d in districts}
    plans = []
    for _ in range(count):
        district = rnd.choice([*districts, "stad"])
        amount = Decimal(rnd.choice([500, 750, 1000, 2500, 4000, 6000])) + Decimal(rnd.choice([0, 0, 50])) / 100
        plans.append((district, amount))
        if district in asked:
            asked[district] += amount / 2
    pots = [Pot("beleid", "beleid", (sum((a for _, a in plans), Decimal(0)) * Decimal(rnd.choice(["0.3", "0.5"])))
                .quantize(Decimal("0.01")))]
    pots += [Pot(f"gt-{d}", d, (asked[d] * Decimal(rnd.choice(["0.4", "0.6", "1.2"]))).quantize(Decimal("0.01")),
                 FieldTest("district", Op.EQUALS, d), Decimal("0.5")) for d in districts]
    factors = [Fraction(1), Fraction(3, 2)]
    scores = sorted((Fraction(rnd.choice([6, 7, 8, 9, 10])) * rnd.choice(factors) for _ in range(count)),
                    reverse=True)
    claims = [Claim(make_submission(f"p{r:05d}", district=district, requested=amount), amount, r, score)
              for r, ((district, amount), score) in enumerate(zip(plans, scores, strict=True), start=1)]
    return make_round(pots=tuple(pots), ceiling=sum((p.amount for p in pots), Decimal(0))), claims


@pytest.mark.parametrize("seed", range(8))
def test_the_parts_method_and_cp_sat_agree_on_rounds_of_a_hundred_plans(seed: int, monkeypatch: pytest.MonkeyPatch
                                                                        ) -> None:
    round_, claims = shaped_round(60 + 20 * seed, seed)
    answer = by_parts(round_, claims)
    cp_sat_only(monkeypatch)
    assert best_set(claims, Ledger(round_)) == answer


def test_a_round_too_large_for_the_parts_method_goes_to_cp_sat(monkeypatch: pytest.MonkeyPatch) -> None:
    round_, claims = shaped_round(80, 11)
    answer = by_parts(round_, claims)
    shaped = optimal._parts(optimal._problem(claims, Ledger(round_)))
    assert shaped is not None
    asked = cp_sat_solves(monkeypatch)
    for limit in ("MAX_UNITS", "MAX_TABLE_CELLS", "MAX_COMBINING", "MAX_TIE_WORK"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(optimal_parts, limit, 0)
            assert optimal_parts.best_set(shaped) is None, limit
            asked.clear()
            assert best_set(claims, Ledger(round_)) == answer
            assert asked == ["CP-SAT"], limit
    asked.clear()
    assert best_set(claims, Ledger(round_)) == answer
    assert asked == []  # within the limits: no CP-SAT


def test_other_shapes_go_to_cp_sat() -> None:
    def shape(*pots: Pot, amount: str = "1000.00", ceiling: str = "100000") -> object:
        round_ = make_round(pots=pots, ceiling=Decimal(ceiling))
        claims = [Claim(make_submission("n", district="noord"), Decimal(amount), 1, Fraction(3)),
                  Claim(make_submission("z", district="zuid"), Decimal(amount), 2, Fraction(1))]
        return optimal._parts(optimal._problem(claims, Ledger(round_)))

    beleid = Pot("beleid", "beleid", Decimal(3000))
    noord = Pot("gt-noord", "noord", Decimal(1000), FieldTest("district", Op.EQUALS, "noord"), Decimal("0.5"))
    assert shape(beleid, noord) is not None
    assert shape(beleid, noord, amount="1000.01") is None  # 500.00 from noord, 500.01 from beleid
    assert shape(beleid, Pot("gt-noord", "noord", Decimal(1000), FieldTest("district", Op.EQUALS, "noord"),
                             Decimal("0.3"))) is None
    assert shape(beleid, Pot("gt-noord", "noord", Decimal(1000), FieldTest("district", Op.EQUALS, "noord"),
                             Decimal("0.5"), fallback="beleid")) is None
    assert shape(beleid, noord, ceiling="3999") is None  # the ceiling can bind
    assert shape(beleid, noord, Pot("stadsfonds", "stadsfonds", Decimal(500), FieldTest("district", Op.EQUALS,
                                                                                         "zuid"))) is None


def test_a_tie_goes_to_the_best_ranked_plans() -> None:
    # Any two of the four fit; all score the same. The answer is the two ranked first, whatever the solver.
    round_ = make_round(pots=(Pot("budget", "budget", Decimal("2000.00")),), ceiling=Decimal("2000.00"))
    claims = [Claim(make_submission(f"s{r}"), Decimal("1000.00"), r, Fraction(5)) for r in range(1, 5)]
    assert best_set(claims, Ledger(round_)) == {0, 1}
    # a best-ranked plan that does not fit with the others gives way, to the next best pair
    first = Claim(make_submission("s0"), Decimal("1500.00"), 1, Fraction(5))
    assert best_set([first, *claims[1:]], Ledger(round_)) == {1, 2}


def test_a_fallback_pot_pays_no_more_than_it_holds_though_its_group_has_more() -> None:
    # noord (empty) hands its part to beleid, which holds 100: too little for the part (500), although
    # extra and beleid together could pay part and rest (1000 of 1100). The ledger refuses; so does optimal.
    pots = (Pot("extra", "extra", Decimal(1000)), Pot("beleid", "beleid", Decimal(100)),
            Pot("gt-noord", "noord", Decimal(0), FieldTest("district", Op.EQUALS, "noord"), Decimal("0.5"),
                fallback="beleid"))
    round_ = make_round(pots=pots, ceiling=Decimal(1100))
    claims = [Claim(make_submission("n", district="noord"), Decimal(1000), 1, Fraction(3)),
              Claim(make_submission("z", district="zuid"), Decimal(900), 2, Fraction(1))]
    assert brute_force(round_, claims) == {1}
    assert best_set(claims, Ledger(round_)) == {1}


def large_round(count: int, seed: int) -> tuple[Round, list[Claim]]:
    """Return `count` plans of €1,000 each in five districts with 50% area-team pots, scores 1–10.

    Each plan needs €500 from its area team and €500 from the policy pot: with needs this equal,
    paying the plans in ranking order as far as the pots allow is the best set (a matroid).
    """
    rnd = random.Random(seed)
    districts = ("noord", "zuid", "oost", "west", "centrum")
    pots = [Pot("beleid", "beleid", Decimal(count * 150))]
    pots += [Pot(f"gt-{d}", d, Decimal(count * rnd.randint(20, 60)), FieldTest("district", Op.EQUALS, d),
                 Decimal("0.5")) for d in districts]
    scores = sorted((Fraction(rnd.randint(1, 10)) for _ in range(count)), reverse=True)
    claims = [Claim(make_submission(f"p{r:05d}", district=rnd.choice(districts)), Decimal(1000), r, s)
              for r, s in enumerate(scores, start=1)]
    ceiling = sum((p.amount for p in pots), Decimal(0))
    return make_round(pots=tuple(pots), ceiling=ceiling), claims


@pytest.mark.parametrize(("seed", "solver"), [(1, "as chosen"), (2, "as chosen"), (1, "CP-SAT")])
def test_a_round_of_1500_plans_with_share_pots_and_many_ties(seed: int, solver: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Every plan asks the same amount, so the best set is the best-ranked plans each area-team pot and
    # the policy pot can pay, taken in ranking order: what `ranking` funds. Hundreds of plans tie on
    # their score, so only the tie rule makes the solver's answer this one.
    round_, claims = large_round(1500, seed)
    ledger = Ledger(round_)
    expected = set()
    for index, claim in enumerate(claims):
        parts, _ = ledger.split(claim.submission, claim.amount)
        if parts is not None:
            ledger.pay(parts)
            expected.add(index)
    assert 300 < len(expected) < 1400
    if solver == "CP-SAT":
        cp_sat_only(monkeypatch)
    else:
        assert by_parts(round_, claims) == expected
    assert best_set(claims, Ledger(round_)) == expected


def test_an_answer_that_does_not_fit_is_refused() -> None:
    round_ = make_round(pots=(Pot("budget", "budget", Decimal("1500.00")),), ceiling=Decimal("1500.00"))
    claims = [Claim(make_submission(f"s{r}"), Decimal("1000.00"), r, Fraction(1)) for r in (1, 2)]
    with pytest.raises(OptimalCheckFailed, match="does not fit the pots"):
        optimal._check(claims, Ledger(round_), [1, 1])


def test_the_work_limit_refuses_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    cp_sat_only(monkeypatch)
    monkeypatch.setattr(optimal, "OPTIMAL_WORK_LIMIT", 0.0)
    result = invoke("score", MINIMAL, "--method", "optimal")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: the optimal method could not prove the highest total score within")
    data = json.loads(invoke("compare-methods", MINIMAL, "--format", "json").stdout)
    assert {m["method"]: m["problem"] for m in data["methods"]}["optimal"].startswith("the optimal method could not")


def test_without_ortools_optimal_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ortools", "ortools.sat", "ortools.sat.python", "ortools.sat.python.cp_model"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails as if not installed
    result = invoke("score", MINIMAL, "--method", "optimal")
    assert result.exit_code == 1, result.output
    assert "pip install 'initiatief[optimal]'" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    data = json.loads(invoke("compare-methods", MINIMAL, "--format", "json").stdout)
    problems = {m["method"]: m["problem"] for m in data["methods"]}
    assert "initiatief[optimal]" in problems["optimal"] and problems["ranking"] is None
    # the other methods do not need it
    assert invoke("score", MINIMAL, "--method", "ranking").exit_code == 0


def test_the_same_answer_every_time() -> None:
    round_, claims = large_round(300, 3)
    first = best_set(claims, Ledger(round_))
    assert all(best_set(claims, Ledger(round_)) == first for _ in range(2))
    assert best_set([], Ledger(round_)) == set()


@pytest.mark.parametrize("score", [Fraction(-1), Fraction(-1, 3)])
def test_a_round_whose_best_score_is_minus_one_on_its_scale_is_solved(score: Fraction) -> None:
    # Scores below zero pass when the round's maximum score is negative and its pass mark is 100% (a criterion
    # scaled [-3, -1]); scaled to whole numbers, the best is then -1, and the parts method's overflow guard divided
    # by max score + 1 = 0 (ZeroDivisionError). The best total is that of funding nothing, as CP-SAT finds.
    round_ = make_round(pots=(Pot("budget", "budget", Decimal("10000.00")),), ceiling=Decimal("10000.00"))
    claims = [Claim(make_submission(f"s{r}"), Decimal("1000.00"), r, score) for r in (1, 2)]
    assert brute_force(round_, claims) == set()
    assert best_set(claims, Ledger(round_)) == set()
