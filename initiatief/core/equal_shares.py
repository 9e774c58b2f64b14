"""The Method of Equal Shares (MES) for approval ballots, exact, and the add1 completion.

Every voter gets an equal share of the budget (B/n; a ballot of weight w counts as w voters).
A project can be bought only by its supporters' money. At each step MES buys the project
whose cost its supporters can cover at the lowest price ρ per unit of satisfaction: each
supporter pays min(what they have left, ρ·u), with u the project's cost (cost satisfaction,
the default: ρ is the share of the cost one supporter pays) or 1 (cardinality: ρ is the
payment itself). It stops when no project is affordable.

How it is computed, exactly and fast (the definition, computed naively with Fractions per
voter, is in tests/test_votes_speed.py, and the two are compared on random elections):

- Voters with the same ballot are one group: their money left stays equal.
- Exact money is whole numbers: every amount times one common denominator D, which grows
  only when a step's payment needs it (a group's number is brought to the new D when it is
  next read, not at every step).
- Floats only narrow the search: each group's money left is also kept as a float, within a
  tracked bound of the exact amount. From the floats, a project's ρ is enclosed in an
  interval [low, high], and the interval is checked with margins that cover every rounding
  (h(X) = Σ weight · min(money left, X) grows with X; h(low) < cost < h(high) pins the payment).
  A project whose low is above the lowest high cannot be the best, nor tie with it. The
  others (nearly always one) are computed in integers: the floats' split (who pays all they
  have) confirmed exactly, or else the split found anew in integers. The choice and every tie
  are decided by comparing products of integers: no float decides anything.
- A project's ρ only grows as money is spent, so a bound from an earlier step still holds:
  a step looks only at the projects whose bound is not above the lowest high found so far.
  A project its supporters can no longer afford is dropped for good, and so is a supporter
  with nothing left from each project's list.
- Each project keeps its supporters sorted by money left from one step to the next (a step
  lowers some of them by the same payment, so the next sort has little to do). With money left
  v₁ ≤ v₂ ≤ … and weights w₁, w₂, …, the first t with
  v₁w₁ + … + v₍ₜ₋₁₎w₍ₜ₋₁₎ + vₜ·(wₜ + wₜ₊₁ + …) ≥ the cost (found by bisection on prefix sums:
  the left side only grows with t) splits the supporters: those before t pay all they have,
  the others the equal price (the cost − what those before t pay) / (wₜ + wₜ₊₁ + …).

add1 (the pabulib checker's completion): run at the budget B; then at total budgets
⌊B/n⌋·n + k·n for k = 1, 2, …, keeping the last outcome whose cost stays ≤ B, and stopping
at the first that costs more (or when every supported project is chosen).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction
from itertools import accumulate, repeat
from operator import mul, sub

from initiatief.core.vote_ties import break_tie
from initiatief.votes import Election, MesStep, VoteOutcome, VoteTie


class Satisfaction(StrEnum):
    """What a supporter gains from a project: its cost (the default), or 1 for each project."""

    COST = "cost"
    CARDINALITY = "cardinality"


class _Instance:
    """The election reduced to what MES reads: projects by index, ballots grouped by their approvals.

    `weight` holds each group's weight as a whole number: the ballots' weights times `scale`,
    the least common denominator of the groups' weights (1 when every ballot weighs a whole number).
    When grouping saves little (most ballots differ), every ballot is a group of its own with
    weight 1 (`unit`): the sums then need no weights.
    """

    def __init__(self, election: Election, projects: Sequence[str] | None = None) -> None:
        allowed = set(projects) if projects is not None else None
        self.ids = [p.id for p in election.projects if allowed is None or p.id in allowed]
        index = {pid: i for i, pid in enumerate(self.ids)}
        by_id = {p.id: p for p in election.projects}
        self.cost = [Fraction(by_id[pid].cost) for pid in self.ids]
        ballots = election.ballots
        self.ballot_weight = [b.weight for b in ballots]
        # Ballots that name the same projects are one group: first those written alike, then those
        # that name the same set (in another order, or with a project left out by `projects`).
        written: dict[tuple[str, ...], int] = {}
        first = [written.setdefault(b.approved, len(written)) for b in ballots]
        get = index.get
        groups: dict[frozenset[int | None], int] = {}
        keys: list[frozenset[int | None]] = []
        alike: list[int] = []
        for approved in written:
            key = frozenset(map(get, approved))
            if None in key:
                key = key - {None}
            g = groups.get(key)
            if g is None:
                g = groups[key] = len(keys)
                keys.append(key)
            alike.append(g)
        self.ballot_group = list(map(alike.__getitem__, first))
        self.scale = 1
        self.unit = False
        if all(w == 1 for w in self.ballot_weight):
            if len(keys) * 10 > len(ballots) * 9:  # grouping saves little: one group per ballot
                self.unit = True
                keys = list(map(keys.__getitem__, self.ballot_group))
                self.ballot_group = list(range(len(ballots)))
                self.weight = [1] * len(ballots)
            else:
                self.weight = [0] * len(keys)
                for g in self.ballot_group:
                    self.weight[g] += 1
                self.unit = all(w == 1 for w in self.weight)
        else:
            exact = [Fraction(0)] * len(keys)
            for g, w in zip(self.ballot_group, self.ballot_weight, strict=True):
                exact[g] += w
            self.scale = math.lcm(*(w.denominator for w in exact))
            self.weight = [int(w * self.scale) for w in exact]
        weight = self.weight
        self.voters = Fraction(sum(weight), self.scale)
        self.supporters: list[list[int]] = [[] for _ in self.ids]
        supporters = self.supporters
        for g, key in enumerate(keys):
            if weight[g]:
                for c in key:
                    supporters[c].append(g)  # type: ignore[index]
        self.support = [sum(map(weight.__getitem__, s)) for s in supporters]
        """Each project's supporters' weight, times `scale`."""
        self.approvals = [Fraction(w, self.scale) for w in self.support]
        self.cost_of = dict(zip(self.ids, self.cost, strict=True))
        self.approvals_of = dict(zip(self.ids, self.approvals, strict=True))


class _Run:
    """One MES run: the projects chosen in order, and each group's money left at the end (over `scale`, D)."""

    def __init__(self, budget: Fraction, share: Fraction) -> None:
        self.budget = budget
        self.share = share
        self.chosen: list[int] = []
        self.steps: list[MesStep] = []
        self.ties: list[VoteTie] = []
        self.left: list[int] = []
        self.scale = 1


_ULP = 2.0**-52
"""Twice the rounding error of one float operation: every error bound below is generous."""


def _rho(low: float, high: float, cardinality: bool, cost: float) -> tuple[float, float]:
    """Return bounds of ρ from bounds of the payment: the payment itself, or the payment over the cost."""
    if cardinality:
        return low, high
    return low / cost * (1 - 2 * _ULP), high / cost * (1 + 2 * _ULP)


def _mes(inst: _Instance, budget: Fraction, cardinality: bool, seed: str) -> _Run:
    share = budget / inst.voters if inst.voters else Fraction(0)
    run = _Run(budget, share)
    weight, unit, scale = inst.weight, inst.unit, inst.scale
    # Exact money: whole numbers, each amount times D (a common denominator of the share and the
    # costs). cost[c] is the project's cost times D and the weights' scale. A group's money left is
    # left[g] · factor[epoch[g]]: it was written when D was D / factor[epoch[g]], so that a finer D
    # rescales the few factors, not every group.
    d = math.lcm(share.denominator, *(c.denominator for c in inst.cost))
    cost = [c.numerator * (d // c.denominator) * scale for c in inst.cost]
    left = [share.numerator * (d // share.denominator)] * len(weight)
    epoch = [0] * len(weight)
    factor = [1]
    # The same in floats, only to find the few projects that can be the best: each float is within
    # `delta` of the exact money left (per unit of weight), and every decision a float takes is
    # taken only with a margin that covers its error; otherwise the exact numbers decide.
    share_f = float(share)
    left_f = [share_f] * len(weight)
    delta = _ULP * share_f
    need_f = [float(c * scale) for c in inst.cost]
    cost_f = [float(c) for c in inst.cost]
    order = [list(s) for s in inst.supporters]
    held = list(inst.support)
    # A float ≤ each candidate's ρ now (its ρ only grows).
    floor: dict[int, float] = {}
    for c, w in enumerate(held):
        if w:
            floor[c] = 0.0 if not cost[c] else (
                need_f[c] / w if cardinality else scale / w) * (1 - 4 * _ULP)
    short: set[int] = set()  # a supporter had less than the equal share: they stay so
    key_f = left_f.__getitem__

    def exact_values(gs: list[int]) -> list[int]:
        return list(map(mul, map(left.__getitem__, gs), map(factor.__getitem__, map(epoch.__getitem__, gs))))

    def exact(c: int, hint: int | None) -> tuple[int, int, int, list[int]] | None:
        """Return (t, pay, rest, the others' money): the first t supporters pay all they have, the
        others pay / rest each (times D); None when the supporters cannot afford the project."""
        need = cost[c]
        supporters = order[c]
        if not need:
            return 0, 0, 1, []
        w = held[c]
        if hint is not None:  # the floats' split: confirm it exactly
            capped, others = supporters[:hint], supporters[hint:]
            poor = exact_values(capped)
            if unit:
                rest, pay = w - hint, need - sum(poor)
            else:
                weights = list(map(weight.__getitem__, capped))
                rest, pay = w - sum(weights), need - sum(map(mul, poor, weights))
            if pay > 0 and rest > 0 and (not poor or max(poor) * rest < pay):
                money = exact_values(others)
                if money and min(money) * rest >= pay:
                    return hint, pay, rest, money
        money = exact_values(supporters)
        ranked = sorted(range(len(money)), key=money.__getitem__)
        supporters[:] = map(supporters.__getitem__, ranked)
        money = list(map(money.__getitem__, ranked))
        weights = list(map(weight.__getitem__, supporters))
        broke = bisect_right(money, 0)
        if broke:
            w -= sum(weights[:broke])
            held[c] = w
            del supporters[:broke], money[:broke], weights[:broke]
        if not supporters:
            return None
        if money[0] * w >= need:
            return 0, need, w, money
        paid = list(accumulate(map(mul, money, weights)))
        if paid[-1] < need:
            return None
        counted = list(accumulate(weights))
        lo, hi = 1, len(money) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if paid[mid - 1] + money[mid] * (w - counted[mid - 1]) >= need:
                hi = mid
            else:
                lo = mid + 1
        return lo, need - paid[lo - 1], w - counted[lo - 1], money[lo:]

    while floor:
        # 1. Floats: an interval [low, high] around each tried project's ρ, in the order of their floors;
        #    a project whose floor is above the lowest `high` so far cannot be the best, nor tie.
        top = math.inf
        tried: list[tuple[int, float, float, int | None]] = []
        for c in sorted(floor, key=floor.__getitem__):
            if floor[c] > top:
                break
            low, high, split = floor[c], math.inf, None
            need = need_f[c]
            supporters = order[c]
            w = held[c]
            if not need:
                low = high = 0.0
                split = 0
            elif c not in short and (min(map(key_f, supporters)) - delta) * w >= need * (1 + 2 * _ULP):
                x = need / w  # nobody is short of the equal share
                (low, high), split = _rho(x * (1 - 2 * _ULP), x * (1 + 2 * _ULP), cardinality, cost_f[c]), 0
            else:
                short.add(c)
                gamma = 2 * (len(supporters) + 10) * _ULP
                spread = 2 * w * delta
                total = sum(map(key_f, supporters)) if unit else sum(
                    map(mul, map(key_f, supporters), map(weight.__getitem__, supporters)))
                if total + gamma * total + spread < need * (1 - _ULP):
                    del floor[c]  # its supporters cannot afford it now, nor later
                    continue
                supporters.sort(key=key_f)
                broke = bisect_right(supporters, 0.0, key=key_f)
                if broke:  # drop the supporters with nothing left (the exact numbers say which)
                    gone = supporters[:broke]
                    if any(map(left.__getitem__, gone)):
                        gone = [g for g in gone if not left[g]]
                        supporters[:broke] = [g for g in supporters[:broke] if left[g]]
                    else:
                        del supporters[:broke]
                    w -= len(gone) if unit else sum(map(weight.__getitem__, gone))
                    held[c] = w
                if not supporters:
                    del floor[c]
                    continue
                if total - gamma * total - spread > need * (1 + _ULP):
                    if unit:
                        paid = list(accumulate(map(key_f, supporters)))
                    else:
                        paid = list(accumulate(map(mul, map(key_f, supporters), map(weight.__getitem__, supporters))))
                        counted = list(accumulate(map(weight.__getitem__, supporters)))
                    n = len(supporters)
                    if key_f(supporters[0]) * w >= need:
                        t, x, rest = 0, need / w, float(w)
                    else:
                        lo, hi = 1, n - 1
                        while lo < hi:
                            mid = (lo + hi) // 2
                            before = mid if unit else counted[mid - 1]
                            if paid[mid - 1] + key_f(supporters[mid]) * (w - before) >= need:
                                hi = mid
                            else:
                                lo = mid + 1
                        t = lo
                        rest = float(w - (lo if unit else counted[lo - 1]))
                        x = (need - paid[lo - 1]) / rest
                    # h(X) = Σ weight · min(money, X) grows with slope ≥ rest below the payment: so the
                    # payment lies in [X_lo, X_hi] once h(X_lo) < cost < h(X_hi), checked with margins.
                    step = 2 * (gamma * need + spread) / rest + 4 * _ULP * x
                    ends = []
                    for end in (x - step, x + step):
                        j = bisect_left(supporters, end, key=key_f)
                        h = (paid[j - 1] if j else 0.0) + end * (w - (j if unit else counted[j - 1] if j else 0))
                        ends.append((end, h, gamma * h + spread))
                    (x_lo, h_lo, e_lo), (x_hi, h_hi, e_hi) = ends
                    if h_lo + e_lo < need * (1 - _ULP) and h_hi - e_hi > need * (1 + _ULP):
                        split = t
                        low, high = _rho(x_lo, x_hi, cardinality, cost_f[c])
            low = floor[c] = max(low, floor[c])
            if high < top:
                top = high
            tried.append((c, low, high, split))
        if not tried:
            break
        # 2. Exact numbers for the projects that can be the best: the lowest ρ, and every tie.
        best: list[int] = []
        best_a, best_b = 0, 1
        found: dict[int, tuple[int, int, int, list[int]]] = {}
        for c, low, high, split in tried:
            if low > top and high > top:  # (the second: the one of the lowest `high` is always tried)
                continue
            result = exact(c, split)
            if result is None:
                del floor[c]
                continue
            found[c] = result
            _t, pay, rest, _money = result
            # ρ = pay / (rest·D) for cardinality, that over the cost otherwise (times the weights' scale).
            a, b = (pay, rest * d) if cardinality else (pay * scale, rest * cost[c]) if cost[c] else (0, 1)
            floor[c] = max(floor[c], a / b * (1 - 2 * _ULP))
            if not best or a * best_b < best_a * b:
                best, best_a, best_b = [c], a, b
            elif a * best_b == best_a * b:
                best.append(c)
        if not best:
            continue  # every project that could be the best turned out unaffordable: try the others
        tied = [inst.ids[c] for c in best]
        winner_id, tie = break_tie(len(run.chosen) + 1, tied, inst.cost_of, inst.approvals_of, seed)
        if tie is not None:
            run.ties.append(tie)
        winner = best[tied.index(winner_id)]
        t, pay, rest, money = found[winner]
        common = math.gcd(pay, rest)
        pay, rest = pay // common, rest // common
        if rest != 1:  # the payment needs a finer denominator: D times `rest`
            factor = [f * rest for f in factor]
            cost = [v * rest for v in cost]
            money = [v * rest for v in money]
            d *= rest
        payment = Fraction(pay, d)
        if pay:  # (a project that costs nothing is bought with nobody's money)
            supporters = order[winner]
            capped, others = supporters[:t], supporters[t:]
            deque(map(left.__setitem__, capped, repeat(0)), maxlen=0)
            deque(map(left_f.__setitem__, capped, repeat(0.0)), maxlen=0)
            deque(map(left.__setitem__, others, map(sub, money, repeat(pay))), maxlen=0)
            deque(map(epoch.__setitem__, others, repeat(len(factor))), maxlen=0)
            factor.append(1)
            pay_f = float(payment)
            after = list(map(sub, map(key_f, others), repeat(pay_f)))
            if after and min(after) < 0:  # a float below 0 for money that is not: 0 is nearer
                after = [max(v, 0.0) for v in after]
            deque(map(left_f.__setitem__, others, after), maxlen=0)
            delta += _ULP * (pay_f + share_f)
        del floor[winner]
        run.chosen.append(winner)
        rho = payment if cardinality or not inst.cost[winner] else payment / inst.cost[winner]
        run.steps.append(MesStep(inst.ids[winner], rho, payment))
    run.left, run.scale = exact_values(list(range(len(weight)))), d
    return run


def _outcome(inst: _Instance, run: _Run, method: str, runs: int = 1) -> VoteOutcome:
    share, d = run.share, run.scale
    full = share.numerator * (d // share.denominator)
    spent_of: dict[int, Fraction] = {}
    per_group: list[Fraction] = []
    for v in run.left:
        s = spent_of.get(v)
        if s is None:
            s = spent_of[v] = Fraction(full - v, d)
        per_group.append(s)
    spent = tuple(
        per_group[g] if w == 1 else per_group[g] * w
        for g, w in zip(inst.ballot_group, inst.ballot_weight, strict=True)
    )
    return VoteOutcome(
        method=method,
        selected=tuple(inst.ids[c] for c in run.chosen),
        funded=tuple((inst.ids[c], inst.cost[c]) for c in run.chosen),
        cost=sum((inst.cost[c] for c in run.chosen), Fraction(0)),
        budget=run.budget,
        ties=tuple(run.ties),
        steps=tuple(run.steps),
        spent=spent,
        runs=runs,
    )


def equal_shares(
    election: Election,
    *,
    satisfaction: Satisfaction = Satisfaction.COST,
    budget: Fraction | None = None,
    seed: str = "",
    projects: Sequence[str] | None = None,
) -> VoteOutcome:
    """Return MES's outcome at the election's budget (or `budget`), without completion.

    `projects` limits the run to these ids (the others count as not on any ballot).
    """
    inst = _Instance(election, projects)
    total = Fraction(election.meta.budget) if budget is None else budget
    run = _mes(inst, total, satisfaction is Satisfaction.CARDINALITY, seed)
    return _outcome(inst, run, f"equal-shares/{satisfaction}")


def equal_shares_add1(
    election: Election,
    *,
    satisfaction: Satisfaction = Satisfaction.COST,
    seed: str = "",
    projects: Sequence[str] | None = None,
    max_runs: int = 100_000,
) -> VoteOutcome:
    """Return MES completed the way the pabulib checker does it (add1), see the module's text."""
    inst = _Instance(election, projects)
    limit = Fraction(election.meta.budget)
    method = f"equal-shares/{satisfaction}/add1"
    cardinality = satisfaction is Satisfaction.CARDINALITY
    run = _mes(inst, limit, cardinality, seed)
    runs = 1
    if inst.voters:
        supported = sum(1 for a in inst.approvals if a > 0)
        base = math.floor(limit / inst.voters) * inst.voters
        k = 1
        while len(run.chosen) < supported and runs < max_runs:
            trial = _mes(inst, base + k * inst.voters, cardinality, seed)
            runs += 1
            if sum((inst.cost[c] for c in trial.chosen), Fraction(0)) > limit:
                break
            run = trial
            k += 1
    return _outcome(inst, run, method, runs)
