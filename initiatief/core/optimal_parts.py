"""The optimal set of a round shaped as most are: district share pots beside one general budget.

Exact, in integers (numpy arrays of int32/int64 and Python ints; floating point only picks a
multiplier, which decides nothing). `optimal.best_set` asks this first and gives every other round
to CP-SAT. The shape (`Parts`): each plan is paid either by the general pots alone, or by one share
pot (its district's) and the general pots with the same amount each (a 50% share of an amount in
even cents); the general pots pay as one; the ceiling cannot bind. Then a district's plans compete
only for their own pot and for the general one, and the round splits into parts: one per share pot,
and one of the plans the general pots pay alone.

1. **Each part's table** (a 0/1 knapsack by dynamic programming, over what the part spends in whole
   units of the gcd of its amounts): for every spend c, the best score `f(c)` of its plans that
   spend at most c, and per plan and spend one bit, "taking this plan is best for the plans from
   here on" (equal scores: take it). The table is built from the last-ranked plan up, so reading
   the bits from the best-ranked plan down gives, of the sets that score `f(c)` within c, the one
   best in ranking order.
2. **A bound**: for a price λ = P/Q of the general budget (any λ ≥ 0 gives a valid bound),
   Q × any set's total ≤ Σ_parts max_c (Q f(c) − P c) + P × budget. A set's *loss* is that bound
   minus Q × its total: the sum of each part's shortfall from its maximum, plus the budget it leaves
   (each ≥ 0).
3. **The best total**: the parts' spends combined over the general budget, keeping only
   combinations whose loss is at most G. Once Q × the best found ≥ bound − G, nothing left out can
   beat it (its loss was above G). Else G grows and the combination is made again.
4. **The tie rule** (docs/method.md): in the set that is best in ranking order among the best
   total's sets, each part's plans are the part's best set in ranking order for what they spend
   (else that part's set, which scores as much within the same spend, would make a set of the same
   total better in ranking order), and each part's loss is at most the best set's loss. So each
   part offers the sets read from its table at every such spend (the ones that spend exactly it),
   and the offers are combined as Python ints, total × 2ⁿ plus one bit per funded plan, the
   best-ranked plan highest: the largest is the answer.

`None` when the round is not of that shape, or when a table or the combination would be larger
than the limits below: CP-SAT then decides (as exactly, and slower).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import gcd
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

MAX_TABLE_CELLS = 3_000_000_000
"""Plans × spends in all the parts' tables together: their bits take an eighth of it in bytes (at most 375 MB;
the benchmark's 10,000 submissions need 0.9 billion, its 20,000 2.4 billion)."""
MAX_COMBINING = 10_000_000
"""Pairs of a combination so far and a part's spend, to combine the parts for one bound (each step of G)."""
MAX_UNITS = 2_000_000
"""What a part may spend, in units of the gcd of its amounts: above it (amounts to the cent beside large pots),
a table is slow to make and its spends too many to offer; CP-SAT decides."""
MAX_TIE_WORK = 20_000_000
"""Steps of the tie rule's Python loops: reading the parts' offers, plan by plan, and combining them."""
_Q = 1 << 20
"""The denominator of the budget's price: its precision, never its correctness."""
_SAFE = 1 << 61


@dataclass(frozen=True)
class Parts:
    """A round of that shape, in cents and in ranking order (plan 0 is ranked best)."""

    scores: Sequence[int]  # the plans' scores, whole numbers on one scale
    pot: Sequence[str | None]  # the share pot that pays part of the plan, or None: the general pots alone
    need: Sequence[int]  # what the plan needs from its share pot and as much again from the general pots; or
    #                      (no share pot) from the general pots
    left: Mapping[str, int]  # what each share pot holds
    general: int  # what the general pots hold together
    excluded: frozenset[int] = frozenset()  # plans no pot may pay


@dataclass
class _Part:
    """The plans of one part, their table, and what the bound says of it."""

    plans: list[int]  # their indices, in ranking order
    weights: list[int]  # what each spends, in units of `unit` cents
    unit: int  # in cents; a multiple of the round's own unit
    cap: int  # what the part may spend at most, in units
    best: NDArray[np.int64] | None = None  # best[c]: the best score within a spend of c units
    bits: list[NDArray[np.uint8] | bool | None] | None = None  # per plan: its packed bits; True: always taken
    reduced: NDArray[np.int64] | None = None  # Q × best[c] − P × c (in the round's units)
    top: int = 0  # the largest of `reduced`
    scale: int = 1  # this part's unit in the round's units


def best_set(parts: Parts) -> list[int] | None:
    """Return the optimal set as 0/1 per plan (see the module docstring), or None to leave the round to CP-SAT."""
    n = len(parts.scores)
    units = [need for need in parts.need if need > 0]
    if not units:
        return [int(i not in parts.excluded and parts.scores[i] >= 0) for i in range(n)]
    unit = gcd(*units)
    budget = parts.general // unit
    groups: dict[str | None, list[int]] = {}
    for i in range(n):
        if i not in parts.excluded:
            groups.setdefault(parts.pot[i], []).append(i)
    made: list[_Part] = []
    for pot, plans in groups.items():
        part_unit = gcd(*(parts.need[i] for i in plans)) or unit  # all plans of the part need nothing: any unit
        room = parts.general if pot is None else min(parts.left[pot], parts.general)
        made.append(_Part(plans, [parts.need[i] // part_unit for i in plans], part_unit, room // part_unit,
                          scale=part_unit // unit))
    if any(p.cap > MAX_UNITS for p in made) or sum(len(p.plans) * (p.cap + 1) for p in made) > MAX_TABLE_CELLS:
        return None
    total_score = sum(max(s, 0) for s in parts.scores)
    steepest = max(max(parts.scores), 0) + 1  # the price is at most this many points a unit
    if total_score * _Q >= _SAFE or sum(p.cap * p.scale for p in made) >= _SAFE // (_Q * steepest):
        return None  # a bound that int64 might not hold
    for part in made:
        _table(part, parts.scores)
    price = min(_price(made, budget), steepest * _Q)  # any price gives a valid bound: this one int64 holds
    for part in made:
        assert part.best is not None
        part.reduced = part.best * _Q - price * part.scale * np.arange(part.cap + 1, dtype=np.int64)
        part.top = int(part.reduced.max())
    bound = sum(p.top for p in made) + price * budget
    found = _best_total(made, budget, bound, price)
    if found is None:
        return None
    loss = bound - found * _Q
    chosen = _tie_rule(made, budget, loss, price, n)
    if chosen is None:
        return None
    assert chosen >> n == found, "the tie rule keeps the best total"
    return [(chosen >> (n - 1 - i)) & 1 for i in range(n)]


def _table(part: _Part, scores: Sequence[int]) -> None:
    """Fill `part.best` and `part.bits`: the knapsack table, from the last-ranked plan up."""
    cap = part.cap
    kind = np.int32 if sum(max(scores[i], 0) for i in part.plans) < 2**31 else np.int64
    best = np.zeros(cap + 1, dtype=kind)
    trial = np.empty(cap + 1, dtype=kind)
    better = np.empty(cap + 1, dtype=bool)
    bits: list[NDArray[np.uint8] | bool | None] = [None] * len(part.plans)
    for j in range(len(part.plans) - 1, -1, -1):
        weight, score = part.weights[j], scores[part.plans[j]]
        if weight > cap or score < 0:
            continue  # never in a best set: it does not fit, or it lowers the total
        if weight == 0:
            bits[j] = True
            np.add(best, kind(score), out=best)
            continue
        m = cap + 1 - weight
        np.add(best[:m], kind(score), out=trial[:m])
        np.greater_equal(trial[:m], best[weight:], out=better[:m])  # equal: taking it is better in ranking order
        bits[j] = np.packbits(better[:m])  # bit c − weight: at a spend of c
        np.maximum(best[weight:], trial[:m], out=best[weight:])
    part.best, part.bits = best.astype(np.int64), bits


def _price(parts: list[_Part], budget: int) -> int:
    """Return P, the numerator of a price of the general budget that makes the bound low (any P ≥ 0 is valid)."""
    points = []
    for part in parts:
        assert part.best is not None
        rises = np.flatnonzero(np.diff(part.best, prepend=-1) > 0)
        points.append(((rises * part.scale).astype(np.float64), part.best[rises].astype(np.float64)))

    def bound(price: float) -> float:
        return sum(float(np.max(v - price * w)) for w, v in points) + price * budget

    steepest = max((float(np.max(v[w > 0] / w[w > 0])) for w, v in points if np.any(w > 0)), default=0.0)
    low, high = 0.0, steepest + 1.0
    for _ in range(80):  # the bound is convex in the price
        a, b = low + (high - low) / 3, high - (high - low) / 3
        if bound(a) <= bound(b):
            high = b
        else:
            low = a
    return max(0, round((low + high) / 2 * _Q))


def _offers(part: _Part, most_lost: int) -> NDArray[np.int64]:
    """Return the spends (in the part's units) at which the part loses at most `most_lost` against its top."""
    assert part.reduced is not None
    return np.flatnonzero(part.top - part.reduced <= most_lost)


def _best_total(parts: list[_Part], budget: int, bound: int, price: int) -> int | None:
    """Return the best total score: combinations of the parts' spends, those losing at most G, G growing."""
    most_lost = 64 * _Q
    while True:
        worked = 0
        # The combinations so far that lose at most G: what they spend (in the round's units) and score, each
        # scoring more than any that spends as much or less (another could only do worse with the parts to come).
        spent, scored = np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64)
        lost_so_far = 0
        for part in parts:
            assert part.best is not None
            spends = _offers(part, most_lost)
            spends = spends[np.diff(part.best[spends], prepend=-1) > 0]  # the least spend for each score
            worked += len(spends) * len(spent)
            if worked > MAX_COMBINING:
                return None
            lost_so_far += part.top
            both_spent = (spent[:, None] + spends[None, :] * part.scale).ravel()
            both_scored = (scored[:, None] + part.best[spends][None, :]).ravel()
            keep = (both_spent <= budget) & (lost_so_far - (both_scored * _Q - price * both_spent) <= most_lost)
            both_spent, both_scored = both_spent[keep], both_scored[keep]
            if not len(both_spent):
                break
            order = np.lexsort((-both_scored, both_spent))  # by spend, the higher score first
            both_spent, both_scored = both_spent[order], both_scored[order]
            ahead = np.maximum.accumulate(both_scored)
            better = np.ones(len(both_scored), dtype=bool)
            better[1:] = both_scored[1:] > ahead[:-1]
            spent, scored = both_spent[better], both_scored[better]
        else:
            best = int(scored.max())
            if best * _Q >= bound - most_lost:
                return best
            most_lost = max(most_lost * 4, bound - best * _Q)
            continue
        most_lost *= 4


def _tie_rule(parts: list[_Part], budget: int, loss: int, price: int, n: int) -> int | None:
    """Return the answer as total × 2ⁿ plus a bit per funded plan (plan 0 highest), from the parts' offers."""
    combined: dict[int, int] = {0: 0}  # total spend (in the round's units) → the best so far, as above
    lost_so_far = 0
    work = 0
    for part in parts:
        assert part.best is not None
        offers: list[tuple[int, int]] = []
        spends = _offers(part, loss)
        at = len(spends) - 1
        while at >= 0:
            work += len(part.plans)
            if work > MAX_TIE_WORK:
                return None
            spend, taken = _read(part, int(spends[at]))
            mask = 0
            for k in taken:
                mask |= 1 << (n - 1 - part.plans[k])
            offers.append((spend * part.scale, (int(part.best[spend]) << n) | mask))
            # Every spend from this set's own up to the one read gives this set (it is the best within the least of
            # them, so within each); its own spend loses no more, so it is offered too. Next: the spends below it.
            at = int(np.searchsorted(spends, spend)) - 1
        lost_so_far += part.top
        work += len(combined) * len(offers)
        if work > MAX_TIE_WORK:
            return None
        new: dict[int, int] = {}
        for spend, value in combined.items():
            for more, extra in offers:
                total, both = spend + more, value + extra
                if total > budget or lost_so_far - ((both >> n) * _Q - price * total) > loss:
                    continue
                if new.get(total, -1) < both:
                    new[total] = both
        combined = new
    return max(combined.values())


def _read(part: _Part, spend: int) -> tuple[int, list[int]]:
    """Return what the part's best set in ranking order within `spend` spends, and its plans (their positions)."""
    assert part.bits is not None
    left = spend
    taken: list[int] = []
    for k, weight in enumerate(part.weights):
        bits = part.bits[k]
        if bits is None:
            continue
        if bits is True:
            taken.append(k)
        elif left >= weight:
            assert not isinstance(bits, bool)
            at = left - weight
            if (int(bits[at >> 3]) >> (7 - (at & 7))) & 1:
                taken.append(k)
                left -= weight
    return spend - left, taken
