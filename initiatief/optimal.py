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
return a set they cannot prove best, after OPTIMAL_NODE_LIMIT steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import lcm

from initiatief.allocation import ZERO, Allocation, Claim, Ledger, funded_step
from initiatief.conditions import holds
from initiatief.errors import InitiatiefError
from initiatief.models import Pot, Round, Status
from initiatief.texts import score_text, text

OPTIMAL_MAX_PLANS = 400
"""More passing plans than this are refused by `optimal` (docs/method.md has timings)."""
OPTIMAL_NODE_LIMIT = 2_000_000
"""Search steps before `optimal` gives up rather than return a set it cannot prove best."""


class TooLargeForOptimal(InitiatiefError):
    """The optimal method could not prove its answer within its limits."""


@dataclass(frozen=True)
class _Knapsack:
    """The plans as integer items: value, total cents, cents per dimension; and each dimension's capacity."""

    values: list[int]
    amounts: list[int]
    weights: list[list[tuple[int, int]]]  # per item: (dimension, cents), nonzero only
    capacities: list[int]


def allocate_optimal(round_: Round, claims: Sequence[Claim], ledger: Ledger) -> dict[str, Allocation]:
    """Fund the best set of plans (see the module docstring); the ledger pays them in ranking order."""
    if len(claims) > OPTIMAL_MAX_PLANS:
        raise TooLargeForOptimal(
            f"the optimal method handles at most {OPTIMAL_MAX_PLANS} passing plans, this round has {len(claims)}; "
            "use another method for a round this size"
        )
    values = _values(claims)
    model = _knapsack(round_, claims, ledger, values)
    chosen = _search(model) if model is not None else _search_ledger(claims, ledger, values)
    lang = round_.language
    best_score = sum((c.score or Fraction(0) for i, c in enumerate(claims) if i in chosen), Fraction(0))
    decided: dict[str, Allocation] = {}
    for index, claim in enumerate(claims):
        if index not in chosen:
            reason = "no-pot" if ledger.left_for(claim.submission) <= 0 else "optimal"
            step = text(lang, reason, total=score_text(best_score, lang))
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), step)
            continue
        parts, _ = ledger.split(claim.submission, claim.amount, claim.rank)
        assert parts is not None, "the optimal set was checked to fit"
        ledger.pay(parts)
        decided[claim.submission.id] = Allocation(
            Status.AWARDED, claim.amount, tuple(parts.items()), funded_step(round_, parts)
        )
    return decided


def _values(claims: Sequence[Claim]) -> list[int]:
    """Return each plan's value: its score as a whole number, times 2^n, plus its ranking bonus."""
    scores = [c.score if c.score is not None else Fraction(0) for c in claims]
    scale = lcm(1, *(s.denominator for s in scores))
    n = len(claims)
    return [int(s * scale) * (1 << n) + (1 << (n - 1 - index)) for index, s in enumerate(scores)]


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def _knapsack(round_: Round, claims: Sequence[Claim], ledger: Ledger, values: list[int]) -> _Knapsack | None:
    """Return the plans as a linear knapsack, or None if the general pots differ between plans."""
    award_pots = [p for p in round_.pots if not p.for_prizes and p.id not in ledger.closed]
    shares = [p for p in award_pots if p.share is not None]
    general_sets: set[tuple[str, ...]] = set()
    weights: list[list[tuple[int, int]]] = []
    ceiling_dim, general_dim = len(shares), len(shares) + 1
    for claim in claims:
        s = claim.submission
        item: list[tuple[int, int]] = [(ceiling_dim, _cents(claim.amount))]
        rest = claim.amount
        for dim, pot in enumerate(shares):
            if pot.when is None or holds(pot.when, s):
                assert pot.share is not None
                part = (claim.amount * pot.share).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
                rest -= part
                if part > 0:
                    item.append((dim, _cents(part)))
        if rest > 0:
            general = tuple(p.id for p in award_pots if p.share is None and _may_pay(p, claim))
            general_sets.add(general)
            item.append((general_dim, _cents(rest) if general else 10**18))  # no general pot: never fits
        weights.append(item)
    if len(general_sets) > 1:
        return None
    general_ids = next(iter(general_sets), ())
    capacities = [_cents(ledger.left[p.id]) for p in shares]
    capacities.append(_cents(ledger.ceiling_left))
    capacities.append(sum(_cents(ledger.left[pot_id]) for pot_id in general_ids))
    return _Knapsack(values, [_cents(c.amount) for c in claims], weights, capacities)


def _may_pay(pot: Pot, claim: Claim) -> bool:
    return pot.when is None or holds(pot.when, claim.submission)


def _search(model: _Knapsack) -> set[int]:
    """Return the indices of the best set: depth-first branch and bound on whole numbers."""
    n = len(model.values)
    order = sorted(range(n), key=lambda i: Fraction(model.values[i], max(model.amounts[i], 1)), reverse=True)
    values = [model.values[i] for i in order]
    amounts = [model.amounts[i] for i in order]
    weights = [model.weights[i] for i in order]
    capacity = list(model.capacities)
    money = min(capacity[len(capacity) - 2], sum(c for c in capacity[: len(capacity) - 2]) + capacity[-1])
    best_value = 0
    best: list[int] = []
    taken: list[int] = []
    nodes = 0

    def fits(k: int) -> bool:
        return all(cents <= capacity[dim] for dim, cents in weights[k])

    def bound(start: int, money_left: int, value: int) -> int:
        # Fractional knapsack on the money alone, in value-per-euro order: never below the true best.
        for k in range(start, n):
            if not fits(k):
                continue
            if amounts[k] <= money_left:
                money_left -= amounts[k]
                value += values[k]
            else:
                return value + values[k] * money_left // max(amounts[k], 1) + 1
        return value

    def dive(start: int, money_left: int, value: int) -> None:
        nonlocal best_value, best, nodes
        nodes += 1
        if nodes > OPTIMAL_NODE_LIMIT:
            raise TooLargeForOptimal(_too_large(n))
        if value > best_value:
            best_value, best = value, list(taken)
        if start == n or bound(start, money_left, value) <= best_value:
            return
        if fits(start):
            for dim, cents in weights[start]:
                capacity[dim] -= cents
            taken.append(start)
            dive(start + 1, money_left - amounts[start], value + values[start])
            taken.pop()
            for dim, cents in weights[start]:
                capacity[dim] += cents
        dive(start + 1, money_left, value)

    dive(0, money, 0)
    return {order[k] for k in best}


def _search_ledger(claims: Sequence[Claim], ledger: Ledger, values: list[int]) -> set[int]:
    """Return the best set when general pots differ per plan: the same search, paying through the ledger."""
    n = len(claims)
    order = sorted(range(n), key=lambda i: Fraction(values[i], max(_cents(claims[i].amount), 1)), reverse=True)
    best_value = 0
    best: tuple[int, ...] = ()
    nodes = 0

    def bound(start: int, state: Ledger, value: int) -> int:
        money_left = _cents(min(state.ceiling_left, sum(
            (state.left[p.id] for p in state.round.pots if not p.for_prizes), ZERO)))
        for k in range(start, n):
            amount = _cents(claims[order[k]].amount)
            if amount <= money_left:
                money_left -= amount
                value += values[order[k]]
            else:
                return value + values[order[k]] * money_left // max(amount, 1) + 1
        return value

    def dive(start: int, state: Ledger, value: int, chosen: tuple[int, ...]) -> None:
        nonlocal best_value, best, nodes
        nodes += 1
        if nodes > OPTIMAL_NODE_LIMIT:
            raise TooLargeForOptimal(_too_large(n))
        if value > best_value:
            best_value, best = value, chosen
        if start == n or bound(start, state, value) <= best_value:
            return
        claim = claims[order[start]]
        parts, _ = state.split(claim.submission, claim.amount, claim.rank)
        if parts is not None:
            funded = state.copy()
            funded.pay(parts)
            dive(start + 1, funded, value + values[order[start]], (*chosen, order[start]))
        dive(start + 1, state, value, chosen)

    dive(0, ledger.copy(), 0, ())
    return set(best)


def _too_large(plans: int) -> str:
    return (
        f"the optimal method could not prove the best set within {OPTIMAL_NODE_LIMIT:,} steps "
        f"({plans} passing plans); use another method for this round"
    )
