"""Pro rata and equal shares find the highest level the real ledger can pay, checked by brute force.

The search runs on an integer model of the pots (core/scaled.py); here every candidate level
is tried on the real Ledger instead, on small rounds, and the best must be the same.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from helpers import make_round, make_submission
from hypothesis import given
from hypothesis import strategies as st

from initiatief.core.allocation import Claim, Ledger
from initiatief.core.scaled import _Pots, equal_awards, pro_rata_awards
from initiatief.models import CENT, Op, Pot, Round
from initiatief.models import Test as FieldTest


@st.composite
def small_rounds(draw: st.DrawFn) -> tuple[Round, list[Claim]]:
    general = [Pot("beleid", "beleid", Decimal(draw(st.integers(0, 900))) * CENT)]
    if draw(st.booleans()):
        general.append(Pot("reserve", "reserve", Decimal(draw(st.integers(0, 300))) * CENT,
                           when=FieldTest("district", Op.EQUALS, "zuid")))
    shares = []
    if draw(st.booleans()):
        share = Decimal(draw(st.sampled_from(["0.5", "0.3333", "1", "0.25", "0.6"])))
        shares.append(Pot("noord", "noord", Decimal(draw(st.integers(0, 400))) * CENT,
                          when=FieldTest("district", Op.EQUALS, "noord"), share=share))
    second = draw(st.booleans())  # a second share pot on the same plans: each part rounded down on its own
    if shares and second:
        # Shares of 100% together (0.5 + 0.5, 0.6 + 0.4, 0.3333 + 0.6667): the cents left by the larger.
        share = Decimal(draw(st.sampled_from(["0.5", "0.25", "0.3333", "0.4", "0.6667"])))
        first = shares[0].share
        if first is not None and share + first <= 1:
            shares.append(Pot("noord2", "noord2", Decimal(draw(st.integers(0, 400))) * CENT,
                              when=FieldTest("district", Op.EQUALS, "noord"), share=share))
    pots = tuple(shares + general)
    ceiling = sum((p.amount for p in pots), Decimal(0)) + Decimal(draw(st.integers(-300, 300))) * CENT
    round_ = make_round(pots=pots, ceiling=max(ceiling, CENT))
    claims = [
        Claim(make_submission(f"p{i}", district=draw(st.sampled_from(["noord", "zuid", "oost"]))),
              Decimal(draw(st.integers(1, 400))) * CENT, i + 1)
        for i in range(draw(st.integers(1, 4)))
    ]
    return round_, claims


def ledger_fits(round_: Round, claims: list[Claim], awards: list[int]) -> bool:
    ledger = Ledger(round_)
    for claim, award in zip(claims, awards, strict=True):
        if award <= 0:
            continue
        parts, _ = ledger.split(claim.submission, award * CENT, claim.rank)
        if parts is None:
            return False
        ledger.pay(parts)
    return True


@given(small_rounds())
def test_pro_rata_finds_the_largest_fraction_the_ledger_can_pay(case: tuple[Round, list[Claim]]) -> None:
    round_, claims = case
    full = [int(c.amount / CENT) for c in claims]
    candidates = sorted({Fraction(k, a) for a in full for k in range(a + 1)})
    best = max(f for f in candidates if ledger_fits(round_, claims, [a * f.numerator // f.denominator for a in full]))
    awards, _ = pro_rata_awards(_Pots.of(Ledger(round_), claims), list(range(len(claims))))
    assert awards == [a * best.numerator // best.denominator for a in full]


@given(small_rounds())
def test_equal_finds_the_largest_amount_the_ledger_can_pay(case: tuple[Round, list[Claim]]) -> None:
    round_, claims = case
    full = [int(c.amount / CENT) for c in claims]
    best = max(level for level in range(max(full) + 1) if ledger_fits(round_, claims, [min(a, level) for a in full]))
    awards, _ = equal_awards(_Pots.of(Ledger(round_), claims), list(range(len(claims))))
    assert awards == [min(a, best) for a in full]


def test_two_share_pots_on_one_plan_odd_amounts_and_the_largest_fit() -> None:
    # 50% + 50% and an empty general pot: 1.01 fits, the parts 0.50 + 0.50 rounded down and the cent they leave
    # paid by the first of the two largest shares (0.51 + 0.50); 1.02 and 1.03 fit too, as monotone as it gets.
    round_ = make_round(pots=(Pot("a", "a", Decimal("100.00"), share=Decimal("0.5")),
                              Pot("b", "b", Decimal("100.00"), share=Decimal("0.5")),
                              Pot("g", "g", Decimal("0.00"))), ceiling=Decimal("200.00"))
    claims = [Claim(make_submission("s"), Decimal("1.01"), 1)]
    assert equal_awards(_Pots.of(Ledger(round_), claims), [0])[0] == [101]
    assert pro_rata_awards(_Pots.of(Ledger(round_), claims), [0])[0] == [101]
    fit = Ledger(round_).largest_fit(claims[0].submission, Decimal("1.01"))
    assert fit is not None and fit == (Decimal("1.01"), {"a": Decimal("0.51"), "b": Decimal("0.50")})


def test_share_pots_of_one_hundred_percent_pay_it_all_the_largest_the_cents_rounding_leaves() -> None:
    # No general pot matches: 60% + 40% of 1000.01 are 600.00 + 400.00 rounded down; the cent goes to the larger.
    pots = (Pot("noord", "noord", Decimal("3000.00"), share=Decimal("0.4")),
            Pot("groen", "groen", Decimal("3000.00"), share=Decimal("0.6")),
            Pot("zuid", "zuid", Decimal("5000.00"), when=FieldTest("district", Op.EQUALS, "zuid")))
    ledger = Ledger(make_round(pots=pots, ceiling=Decimal("20000.00")))
    plan = make_submission("a", district="noord")
    assert ledger.split(plan, Decimal("1000.01")) == ({"noord": Decimal("400.00"), "groen": Decimal("600.01")}, None)
    assert ledger.split(plan, Decimal("0.01")) == ({"groen": Decimal("0.01")}, None)
    # Below 100% together, the rest is for a general pot, and none may pay for this plan.
    short = (Pot("noord", "noord", Decimal("3000.00"), share=Decimal("0.39")), *pots[1:])
    parts, why = Ledger(make_round(pots=short, ceiling=Decimal("20000.00"))).split(plan, Decimal("1000.00"))
    assert parts is None and why is not None and why.code.value == "no-pot"
    # With the smaller pot holding 300.00, the largest award it can share in is 750.02 (40% of it is 300.00 and
    # 0.8 of a cent), and every way of searching finds it: partial funding, pro-rata and equal.
    tight = (Pot("noord", "noord", Decimal("300.00"), share=Decimal("0.4")), *pots[1:])
    round_ = make_round(pots=tight, ceiling=Decimal("20000.00"))
    claims = [Claim(plan, Decimal("1000.01"), 1)]
    assert Ledger(round_).largest_fit(plan, Decimal("1000.01")) == (
        Decimal("750.02"), {"noord": Decimal("300.00"), "groen": Decimal("450.02")})
    assert pro_rata_awards(_Pots.of(Ledger(round_), claims), [0])[0] == [75002]
    assert equal_awards(_Pots.of(Ledger(round_), claims), [0])[0] == [75002]


def test_a_share_with_many_decimals_is_rounded_down_exactly_by_model_and_ledger() -> None:
    share = Decimal("0.49999999999999999999999999999999")
    round_ = make_round(pots=(Pot("a", "a", Decimal("0.99"), share=share), Pot("g", "g", Decimal("100.00"))),
                        ceiling=Decimal("200.00"))
    claim = Claim(make_submission("s"), Decimal("2.00"), 1)
    parts, _ = Ledger(round_).split(claim.submission, claim.amount)
    assert parts == {"a": Decimal("0.99"), "g": Decimal("1.01")}
    assert _Pots.of(Ledger(round_), [claim]).fits([0], [200])


def _scaled(search: object, ceiling: str, minimum: str, requests: list[str]) -> dict[str, tuple[str, Decimal]]:
    from initiatief.core.scaled import allocate_scaled

    round_ = make_round(ceiling=Decimal(ceiling), pots=(Pot("budget", "budget", Decimal(ceiling)),))
    claims = [Claim(make_submission(f"p{i}", requested=Decimal(r)), Decimal(r), i + 1) for i, r in enumerate(requests)]
    decided = allocate_scaled(claims, Ledger(round_), search, Decimal(minimum))  # type: ignore[arg-type]
    return {k: (a.status.value, a.awarded) for k, a in decided.items()}


def test_every_award_below_the_minimum_drops_at_once_as_docs_method_md_says() -> None:
    # pro-rata: f = 1900/3850; a (444.15) and b (468.83) are both below 500 and drop together; c gets all 1900.
    assert _scaled(pro_rata_awards, "1900", "500", ["900", "950", "2000"]) == {
        "p0": ("not-funded", Decimal(0)), "p1": ("not-funded", Decimal(0)),
        "p2": ("partly-awarded", Decimal("1900.00"))}
    # equal: the level is 1250, every plan is below 1500, all four drop, though three at 1666.66 would not be.
    assert {s for s, _ in _scaled(equal_awards, "5000", "1500", ["2000", "2000", "2000", "1500"]).values()} == {
        "not-funded"}
    from pathlib import Path

    docs = " ".join((Path(__file__).parent.parent / "docs" / "method.md").read_text(encoding="utf-8").split())
    assert "drops out at once (together, not one at a time, smallest first)" in docs
    assert "a (€444.15) and b (€468.83) both drop, and c alone gets €1,900.00 (95%)" in docs
