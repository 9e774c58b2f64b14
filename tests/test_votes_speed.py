"""The fast Method of Equal Shares against its definition, computed the slow, obvious way.

`core/equal_shares.py` groups ballots, keeps money as whole numbers over a growing common
denominator, tries projects by float bounds and caches what did not change. The reference
below does none of that: every ballot on its own, every project recomputed at every step,
Fractions only. The two must return the same outcome, every field of it: the projects in
order, each step's ρ and payment, what each ballot paid, the ties and how they were broken.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from initiatief.core.equal_shares import Satisfaction, equal_shares, equal_shares_add1
from initiatief.core.vote_ties import break_tie
from initiatief.votes import Ballot, Election, MesStep, VoteMeta, VoteOutcome, VoteProject, VoteTie


def reference(e: Election, satisfaction: Satisfaction = Satisfaction.COST, budget: Fraction | None = None,
              seed: str = "", method: str | None = None, runs: int = 1) -> VoteOutcome:
    """MES by its definition: per voter, per project, per step, in Fractions."""
    total = Fraction(e.meta.budget) if budget is None else budget
    n = sum((b.weight for b in e.ballots), Fraction(0))
    share = total / n if n else Fraction(0)
    money = [share] * len(e.ballots)
    cost = {p.id: Fraction(p.cost) for p in e.projects}
    approvals = {p.id: sum((b.weight for b in e.ballots if p.id in b.approved), Fraction(0)) for p in e.projects}
    supporters = {p.id: [i for i, b in enumerate(e.ballots) if p.id in b.approved and b.weight]
                  for p in e.projects}
    remaining = [p.id for p in e.projects if approvals[p.id] > 0]
    chosen: list[str] = []
    steps: list[MesStep] = []
    ties: list[VoteTie] = []
    while True:
        prices: dict[str, tuple[Fraction, Fraction]] = {}
        for pid in list(remaining):
            voters = supporters[pid]
            if sum(e.ballots[i].weight * money[i] for i in voters) < cost[pid]:
                remaining.remove(pid)  # unaffordable now, and later
                continue
            # The poorest pay all they have while an equal split of the rest is more than that.
            paid, weight = Fraction(0), sum((e.ballots[i].weight for i in voters), Fraction(0))
            for i in sorted(voters, key=lambda i: money[i]):
                if (cost[pid] - paid) / weight <= money[i]:
                    break
                paid += e.ballots[i].weight * money[i]
                weight -= e.ballots[i].weight
            pay = (cost[pid] - paid) / weight
            rho = pay if satisfaction is Satisfaction.CARDINALITY else pay / cost[pid] if cost[pid] else Fraction(0)
            prices[pid] = rho, pay
        if not prices:
            break
        lowest = min(rho for rho, _ in prices.values())
        tied = [pid for pid in remaining if pid in prices and prices[pid][0] == lowest]
        winner, tie = break_tie(len(chosen) + 1, tied, cost, approvals, seed)
        if tie is not None:
            ties.append(tie)
        pay = prices[winner][1]
        for i in supporters[winner]:
            money[i] -= min(money[i], pay)
        remaining.remove(winner)
        chosen.append(winner)
        steps.append(MesStep(winner, lowest, pay))
    return VoteOutcome(
        method=method or f"equal-shares/{satisfaction}", selected=tuple(chosen),
        funded=tuple((pid, cost[pid]) for pid in chosen), cost=sum((cost[pid] for pid in chosen), Fraction(0)),
        budget=total, ties=tuple(ties), steps=tuple(steps),
        spent=tuple((share - m) * b.weight for m, b in zip(money, e.ballots, strict=True)), runs=runs,
    )


def reference_add1(e: Election, satisfaction: Satisfaction = Satisfaction.COST, seed: str = "") -> VoteOutcome:
    """add1 as the module's text defines it, on the reference MES."""
    limit = Fraction(e.meta.budget)
    method = f"equal-shares/{satisfaction}/add1"
    outcome = reference(e, satisfaction, seed=seed, method=method)
    n = sum((b.weight for b in e.ballots), Fraction(0))
    if not n:
        return outcome
    supported = sum(1 for p in e.projects if any(p.id in b.approved for b in e.ballots if b.weight))
    base, runs, k = math.floor(limit / n) * n, 1, 1
    while len(outcome.selected) < supported:
        trial = reference(e, satisfaction, budget=base + k * n, seed=seed, method=method)
        runs += 1
        if trial.cost > limit:
            break
        outcome, k = trial, k + 1
    return VoteOutcome(**{**outcome.__dict__, "runs": runs})


@st.composite
def elections(draw: st.DrawFn, max_ballots: int = 12) -> Election:
    m = draw(st.integers(1, 7))
    # Few distinct costs and small numbers: many exact ties in ρ, payments equal to what a voter has.
    cost_of = st.sampled_from([0, 1, 5, 10, 10, 20, 25, 40, 60, 99]) if draw(st.booleans()) else st.integers(1, 500)
    costs = {f"p{i}": draw(cost_of) for i in range(m)}
    ids = sorted(costs)
    ballot = st.lists(st.sampled_from(ids), unique=True, max_size=m)
    distinct = draw(st.lists(ballot, min_size=1, max_size=max_ballots))
    # Repeat some ballots, so grouping (and not grouping) both happen.
    ballots = [b for b in distinct for _ in range(draw(st.integers(1, 3)))]
    weighted = draw(st.booleans())
    weight = st.sampled_from([Fraction(1), Fraction(2), Fraction(1, 2), Fraction(1, 3), Fraction(5, 7)])
    budget = draw(st.sampled_from([Decimal(draw(st.integers(0, 300))), Decimal("100.5"), Decimal("1e9"),
                                   Decimal("0.03")]))
    return Election(
        VoteMeta(budget=budget),
        tuple(VoteProject(pid, Decimal(c)) for pid, c in costs.items()),
        tuple(Ballot(f"v{i}", tuple(b), weight=draw(weight) if weighted else Fraction(1), line=i + 1)
              for i, b in enumerate(ballots)),
    )


def _one(e: Election) -> None:
    for sat in Satisfaction:
        assert equal_shares(e, satisfaction=sat, seed="s") == reference(e, sat, seed="s")


DOCS = Election(
    VoteMeta(budget=Decimal(120)),
    tuple(VoteProject(p, Decimal(c)) for p, c in (("a", 60), ("b", 40), ("c", 40))),
    tuple(Ballot(f"v{i}", tuple(b)) for i, b in enumerate([["a"], ["a"], ["a", "b"], ["b", "c"]])),
)


@given(elections())
@example(DOCS)
def test_fast_mes_equals_the_definition(e: Election) -> None:
    _one(e)


@given(elections(max_ballots=5))
@example(DOCS)
def test_fast_add1_equals_the_definition(e: Election) -> None:
    if e.meta.budget > 1000:  # add1 at a large budget per voter takes many runs; MES itself is tested above
        e = Election(VoteMeta(budget=Decimal(300)), e.projects, e.ballots)
    for sat in Satisfaction:
        assert equal_shares_add1(e, satisfaction=sat, seed="s") == reference_add1(e, sat, seed="s")


@given(st.integers(0, 2**32), st.integers(30, 120))
def test_fast_mes_equals_the_definition_on_many_voters(seed: int, voters: int) -> None:
    # Many ballots, most of them different (one group per ballot), long runs: denominators grow.
    import random

    rnd = random.Random(seed)
    m = rnd.randint(5, 14)
    costs = {f"p{i}": rnd.choice([rnd.randint(1, 10**6), 1000 * rnd.randint(1, 99)]) for i in range(m)}
    ballots = [[p for p in costs if rnd.random() < rnd.choice([0.2, 0.5])] for _ in range(voters)]
    e = Election(
        VoteMeta(budget=Decimal(sum(costs.values()) * rnd.choice([1, 2, 3]) // 4 + rnd.randint(0, 999))),
        tuple(VoteProject(p, Decimal(c)) for p, c in costs.items()),
        tuple(Ballot(f"v{i}", tuple(b)) for i, b in enumerate(ballots)),
    )
    _one(e)


@pytest.mark.parametrize("n", [3, 7, 20])
def test_exact_ties_between_many_projects(n: int) -> None:
    # n projects of the same cost, each approved by the same number of voters of their own: every
    # step is a tie of all left, decided by the lottery; then two voters short of the equal share.
    ballots = [[f"p{i}"] for i in range(n) for _ in range(3)] + [[f"p{i}" for i in range(n)]]
    e = Election(
        VoteMeta(budget=Decimal(40 * n)),
        tuple(VoteProject(f"p{i}", Decimal(30)) for i in range(n)),
        tuple(Ballot(f"v{i}", tuple(b)) for i, b in enumerate(ballots)),
    )
    _one(e)
    o = equal_shares(e, seed="s")
    assert o.ties and all(t.decided_by == "lottery" for t in o.ties)


def test_a_split_the_floats_get_wrong_is_redone_exactly() -> None:
    # Cardinality: p2, then p1 (1/10 each, not exact as floats) leave voter 0 with 1/20 and voter 1
    # with 3/20; p3 (1/2) then costs voter 0 its 1/20 and each other 3/20, exactly voter 1's money.
    # The floats count voter 1 among those who pay all they have; the integers refuse that split
    # and find the right one (and cost satisfaction chooses p3 first).
    costs = {"p0": "1", "p1": "0.2", "p2": "0.1", "p3": "0.5"}
    ballots = [["p1", "p2", "p3"], ["p1", "p3"], ["p3"], ["p0", "p3"]]
    e = Election(
        VoteMeta(budget=Decimal(1)),
        tuple(VoteProject(p, Decimal(c)) for p, c in costs.items()),
        tuple(Ballot(f"v{i}", tuple(b)) for i, b in enumerate(ballots)),
    )
    _one(e)
