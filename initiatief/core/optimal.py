"""The `optimal` method: the set of passing plans with the highest total score that every pot can pay.

Exact, not a heuristic. It is a multi-dimensional knapsack problem, solved by
depth-first branch and bound:

- Each plan is an item whose value is its weighted score and whose weights are
  what it needs from each pot (a share pot's part rounded down to the cent, the
  rest from the general pots) and from the ceiling, all in whole cents.
- Ties between sets with the same total score are resolved by the ranking: the
  value of plan r (0 = best ranked) is score × 2^n + 2^(n-1-r), so of two sets
  with the same total score the one funding the better-ranked plan is worth more.
  Every set then has a different value and the optimum is unique.
- Plans are tried best value-per-euro first, "fund" before "skip". A branch is cut
  when even the fractional knapsack on the money left (a valid upper bound) cannot
  beat the best set found so far.

When the general pots that may pay differ from plan to plan (general pots with
different `when`s), the money cannot be summed per dimension and a slower search
through the ledger itself is used. Both give up with a clear error, rather than
return a set they cannot prove best, after a fixed amount of work (OPTIMAL_WORK_LIMIT).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import lcm

from initiatief.core.allocation import ZERO, Allocation, Claim, Ledger, funded, share_part
from initiatief.core.conditions import holds
from initiatief.errors import InitiatiefError
from initiatief.models import Pot, Round, Status
from initiatief.reasons import Code, reason

OPTIMAL_MAX_PLANS = 400
"""More passing plans than this are refused by `optimal` (docs/method.md has timings)."""
OPTIMAL_WORK_LIMIT = 100_000_000
"""Search steps × passing plans before `optimal` gives up rather than return a set it cannot prove best.

Each step costs time in proportion to the number of plans, so this bounds the time
(about a minute on a laptop) while staying the same on every machine: the same round
either succeeds everywhere, with the same answer, or fails everywhere.
"""


def step_limit(plans: int) -> int:
    """Return how many search steps `optimal` may take for a round of `plans` passing plans."""
    return max(10_000, OPTIMAL_WORK_LIMIT // max(plans, 1))


class TooLargeForOptimal(InitiatiefError):
    """The optimal method could not prove its answer within its limits."""


@dataclass(frozen=True)
class _Knapsack:
    """The plans as integer items, and the capacities of the pots and the ceiling in cents.

    `groups` puts each plan under at most one share pot (-1 for none) and `group_money`
    bounds the total amount of a group's plans: a share pot of C cents paying a share s of
    each award, rounded down, can co-fund at most (C + plans) / s cents of awards.
    `rests` is what each plan needs from the general pots, `general` what they hold, and
    `group_general` the most a group's plans can take from them (None: no limit from the group).
    """

    scores: list[int]
    amounts: list[int]
    weights: list[list[tuple[int, int]]]  # per item: (dimension, cents), nonzero only
    capacities: list[int]
    money: int
    groups: list[int]
    group_money: list[int]
    rests: list[int]
    general: int
    group_general: list[int | None]


def allocate_optimal(round_: Round, claims: Sequence[Claim], ledger: Ledger) -> dict[str, Allocation]:
    """Fund the best set of plans (see the module docstring); the ledger pays them in ranking order."""
    if len(claims) > OPTIMAL_MAX_PLANS:
        raise TooLargeForOptimal(
            f"the optimal method handles at most {OPTIMAL_MAX_PLANS} passing plans, this round has {len(claims)}; "
            "use another method for a round this size"
        )
    # Fallback pots make what a plan needs from each pot depend on what is left: the ledger search handles that.
    model = None if ledger.has_fallbacks else _knapsack(round_, claims, ledger)
    chosen = _search(model) if model is not None else _search_ledger(claims, ledger, _values(claims))
    best_score = sum((c.score or Fraction(0) for i, c in enumerate(claims) if i in chosen), Fraction(0))
    decided: dict[str, Allocation] = {}
    for index, claim in enumerate(claims):
        if index not in chosen:
            # What the pots say at this point of paying in ranking order, if they cannot pay it; else it
            # would have fitted, but the best set leaves it out.
            parts, why = ledger.split(claim.submission, claim.amount, claim.rank)
            if parts is not None or why is None:
                why = reason(Code.NOT_IN_OPTIMAL_SET, total=best_score)
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), (why,))
            continue
        parts, _ = ledger.split(claim.submission, claim.amount, claim.rank)
        assert parts is not None, "the optimal set was checked to fit"
        ledger.pay(parts)
        decided[claim.submission.id] = Allocation(Status.AWARDED, claim.amount, tuple(parts.items()), (funded(parts),))
    return decided


def _scores(claims: Sequence[Claim]) -> list[int]:
    """Return the scores as whole numbers on one scale (exact: the scale is the denominators' lcm)."""
    scores = [c.score if c.score is not None else Fraction(0) for c in claims]
    scale = lcm(1, *(s.denominator for s in scores))
    return [int(s * scale) for s in scores]


def _values(claims: Sequence[Claim]) -> list[int]:
    """Return each plan's value for the ledger search: its score times 2^n, plus its ranking bonus."""
    n = len(claims)
    return [score * (1 << n) + (1 << (n - 1 - index)) for index, score in enumerate(_scores(claims))]


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def _knapsack(round_: Round, claims: Sequence[Claim], ledger: Ledger) -> _Knapsack | None:
    """Return the plans as a linear knapsack, or None if the general pots differ between plans."""
    award_pots = [p for p in round_.pots if not p.for_prizes and p.id not in ledger.closed]
    shares = [p for p in award_pots if p.share is not None]
    general_sets: set[tuple[str, ...]] = set()
    weights: list[list[tuple[int, int]]] = []
    groups: list[int] = []
    ceiling_dim, general_dim = len(shares), len(shares) + 1
    for claim in claims:
        item: list[tuple[int, int]] = [(ceiling_dim, _cents(claim.amount))]
        rest = claim.amount
        group = -1
        for dim, pot in enumerate(shares):
            if _may_pay(pot, claim):
                assert pot.share is not None
                part = share_part(claim.amount, pot.share)
                rest -= part
                group = dim if group < 0 else group
                if part > 0:
                    item.append((dim, _cents(part)))
        if rest > 0:
            general = tuple(p.id for p in award_pots if p.share is None and _may_pay(p, claim))
            general_sets.add(general)
            item.append((general_dim, _cents(rest) if general else 10**18))  # no general pot: never fits
        weights.append(item)
        groups.append(group)
    if len(general_sets) > 1:
        return None
    general_ids = next(iter(general_sets), ())
    capacities = [_cents(ledger.left[p.id]) for p in shares]
    capacities.append(_cents(ledger.ceiling_left))
    capacities.append(sum(_cents(ledger.left[pot_id]) for pot_id in general_ids))
    money = min(capacities[ceiling_dim], sum(capacities[:ceiling_dim]) + capacities[general_dim])
    group_money: list[int] = []
    group_general: list[int | None] = []
    for dim, pot in enumerate(shares):
        assert pot.share is not None
        members = sum(1 for g in groups if g == dim)
        most = int((capacities[dim] + members) / Fraction(pot.share))
        group_money.append(most)
        # a plan's rest is at most amount × (1 - share) + 1 cent
        group_general.append(int(most * (1 - Fraction(pot.share))) + members if pot.share < 1 else None)
    rests = [next((cents for dim, cents in item if dim == general_dim), 0) for item in weights]
    return _Knapsack(_scores(claims), [_cents(c.amount) for c in claims], weights, capacities, money, groups,
                     group_money, rests, capacities[general_dim], group_general)


def _may_pay(pot: Pot, claim: Claim) -> bool:
    return pot.when is None or holds(pot.when, claim.submission)


def _search(model: _Knapsack) -> set[int]:
    """Return the indices of the best set, in two exact passes of branch and bound.

    First the highest total score, trying plans best score per euro first; then, among
    the sets with that total, the one that funds the best-ranked plans: the first set
    found when trying plans in ranking order, "fund" before "skip", that reaches it.
    """
    n = len(model.scores)
    limit = step_limit(n)
    capacity = list(model.capacities)
    # Two relaxations bound what is still possible, each a fractional knapsack over a
    # laminar family (one capacity, and a cap on each share pot's plans), whose exact optimum
    # the greedy choice by score per cent gives: the money (awards within the ceiling and
    # the pots), and the general pots (what each plan needs from them). No set the pots can
    # pay scores more than either.
    weights = (model.amounts, model.rests)
    caps = (list(model.group_money), [g if g is not None else -1 for g in model.group_general])
    left = [model.money, model.general]
    orders = [_by_ratio(model.scores, w) for w in weights]
    nodes = 0

    def fits(i: int) -> bool:
        return all(cents <= capacity[dim] for dim, cents in model.weights[i])

    def take(i: int, sign: int) -> None:
        for dim, cents in model.weights[i]:
            capacity[dim] -= sign * cents
        group = model.groups[i]
        for r in (0, 1):
            left[r] -= sign * weights[r][i]
            if group >= 0 and caps[r][group] >= 0:
                caps[r][group] -= sign * weights[r][i]

    def relaxed(r: int, allowed: Sequence[bool], value: int) -> int:
        weight, room_left, groups = weights[r], left[r], list(caps[r])
        total = value
        for i in orders[r]:
            if not allowed[i] or not fits(i):
                continue
            if weight[i] == 0:
                total += model.scores[i]
                continue
            group = model.groups[i]
            limited = group >= 0 and groups[group] >= 0
            room = min(room_left, groups[group]) if limited else room_left
            if room <= 0:
                continue
            part = min(weight[i], room)
            total += -(-model.scores[i] * part // weight[i])  # rounded up: still an upper bound
            room_left -= part
            if limited:
                groups[group] -= part
        return total

    def bound(allowed: Sequence[bool], value: int) -> int:
        return min(relaxed(0, allowed, value), relaxed(1, allowed, value))

    def step() -> None:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            raise TooLargeForOptimal(_too_large(n))

    allowed = [True] * n
    by_value = orders[0]
    best_total = 0

    def best_dive(k: int, value: int) -> None:
        """Pass 1: the highest total score."""
        nonlocal best_total
        step()
        best_total = max(best_total, value)
        if k == n or bound(allowed, value) <= best_total:
            return
        i = by_value[k]
        allowed[i] = False
        if fits(i):
            take(i, 1)
            best_dive(k + 1, value + model.scores[i])
            take(i, -1)
        best_dive(k + 1, value)
        allowed[i] = True

    best_dive(0, 0)
    chosen: list[int] = []

    def rank_dive(i: int, value: int) -> bool:
        """Pass 2: of the sets with that total, the one funding the best-ranked plans."""
        step()
        if value == best_total:
            # Nothing that scores can be added now; plans that score 0 still get what fits, by rank.
            for j in range(i, n):
                if model.scores[j] == 0 and fits(j):
                    take(j, 1)
                    chosen.append(j)
            return True
        if i == n or bound(allowed, value) < best_total:
            return False
        allowed[i] = False
        if fits(i):
            take(i, 1)
            chosen.append(i)
            if rank_dive(i + 1, value + model.scores[i]):
                return True
            chosen.pop()
            take(i, -1)
        found = rank_dive(i + 1, value)
        allowed[i] = True
        return found

    found = rank_dive(0, 0)
    assert found, "pass 1 found a set with this total, so pass 2 finds one too"
    return set(chosen)


def _by_ratio(scores: list[int], weights: list[int]) -> list[int]:
    """Return the plans by score per cent, best first; plans that need none of it come first."""

    def ratio(i: int) -> Fraction:
        return Fraction(scores[i], weights[i]) if weights[i] else Fraction(10**30)

    return sorted(range(len(scores)), key=ratio, reverse=True)


def _search_ledger(claims: Sequence[Claim], ledger: Ledger, values: list[int]) -> set[int]:
    """Return the best set when general pots differ per plan, searching through the ledger itself.

    Whether a set fits then depends on the order it is paid in (general pots pay in the
    order the round lists them), so the search pays in ranking order, as the award does.
    The bound, a fractional knapsack on the money over the plans not yet decided, holds
    whatever the order of the search.
    """
    n = len(claims)
    limit = step_limit(n)
    by_value = sorted(range(n), key=lambda i: Fraction(values[i], max(_cents(claims[i].amount), 1)), reverse=True)
    best_value = 0
    best: tuple[int, ...] = ()
    nodes = 0

    def bound(start: int, state: Ledger, value: int) -> int:
        money_left = _cents(min(state.ceiling_left, sum(
            (state.left[p.id] for p in state.round.pots if not p.for_prizes), ZERO)))
        for i in by_value:
            if i < start:
                continue
            amount = _cents(claims[i].amount)
            if amount <= money_left:
                money_left -= amount
                value += values[i]
            else:
                return value + values[i] * money_left // max(amount, 1) + 1
        return value

    def dive(i: int, state: Ledger, value: int, chosen: tuple[int, ...]) -> None:
        nonlocal best_value, best, nodes
        nodes += 1
        if nodes > limit:
            raise TooLargeForOptimal(_too_large(n))
        if value > best_value:
            best_value, best = value, chosen
        if i == n or bound(i, state, value) <= best_value:
            return
        claim = claims[i]
        parts, _ = state.split(claim.submission, claim.amount, claim.rank)
        if parts is not None:
            funded = state.copy()
            funded.pay(parts)
            dive(i + 1, funded, value + values[i], (*chosen, i))
        dive(i + 1, state, value, chosen)

    dive(0, ledger.copy(), 0, ())
    return set(best)


def _too_large(plans: int) -> str:
    return (
        f"the optimal method could not prove the best set within {step_limit(plans):,} steps "
        f"({plans} passing plans); use another method for this round"
    )
