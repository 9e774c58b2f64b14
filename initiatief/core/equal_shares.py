"""The Method of Equal Shares (MES) for approval ballots, exact, and the add1 completion.

Every voter gets an equal share of the budget (B/n; a ballot of weight w counts as w voters).
A project can be bought only by its supporters' money. At each step MES buys the project
whose cost its supporters can cover at the lowest price ρ per unit of satisfaction: each
supporter pays min(what they have left, ρ·u), with u the project's cost (cost satisfaction,
the default: ρ is the share of the cost one supporter pays) or 1 (cardinality: ρ is the
payment itself). It stops when no project is affordable.

The computation is the incremental one of equalshares.net's reference implementation:
voters with the same ballot are one group (their budgets stay equal, so this is exact); a
project's ρ only grows as budgets shrink, so the projects are tried in the order of their
last ρ and the search stops at the first whose last ρ is above the best found; a project
its supporters can no longer afford is dropped for good. All money is `Fraction`: no float
ever decides.

add1 (the pabulib checker's completion): run at the budget B; then at total budgets
⌊B/n⌋·n + k·n for k = 1, 2, …, keeping the last outcome whose cost stays ≤ B, and stopping
at the first that costs more (or when every supported project is chosen).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction

from initiatief.core.vote_ties import break_tie
from initiatief.votes import Election, MesStep, VoteOutcome, VoteTie


class Satisfaction(StrEnum):
    """What a supporter gains from a project: its cost (the default), or 1 for each project."""

    COST = "cost"
    CARDINALITY = "cardinality"


class _Instance:
    """The election reduced to what MES reads: projects by index, ballots grouped by their approvals."""

    def __init__(self, election: Election, projects: Sequence[str] | None = None) -> None:
        allowed = set(projects) if projects is not None else None
        self.ids = [p.id for p in election.projects if allowed is None or p.id in allowed]
        index = {pid: i for i, pid in enumerate(self.ids)}
        self.cost = [Fraction(election.project(pid).cost) for pid in self.ids]
        groups: dict[frozenset[int], int] = {}
        self.weight: list[Fraction] = []
        self.ballot_group: list[int] = []
        for b in election.ballots:
            key = frozenset(index[p] for p in b.approved if p in index)
            g = groups.get(key)
            if g is None:
                g = groups[key] = len(self.weight)
                self.weight.append(Fraction(0))
            self.weight[g] += b.weight
            self.ballot_group.append(g)
        # Whole weights (the usual case: every ballot weighs 1) as int: int sums are much cheaper.
        self.weight = [int(w) if w.denominator == 1 else w for w in self.weight]  # type: ignore[misc]
        self.ballot_weight = [b.weight for b in election.ballots]
        self.voters = sum(self.weight, Fraction(0))
        self.supporters: list[list[int]] = [[] for _ in self.ids]
        for key, g in groups.items():
            for c in key:
                self.supporters[c].append(g)
        self.approvals = [sum((self.weight[g] for g in s), Fraction(0)) for s in self.supporters]
        self.cost_of = dict(zip(self.ids, self.cost, strict=True))
        self.approvals_of = dict(zip(self.ids, self.approvals, strict=True))


def _run(inst: _Instance, budget: Fraction, sat: Satisfaction, seed: str, method: str) -> VoteOutcome:
    share = budget / inst.voters if inst.voters else Fraction(0)
    # Voters with the same money left form a class: the exact arithmetic is done once per class,
    # a group only carries its class number (late in a run a project's supporters fall in a few
    # hundred classes, where they are thousands of groups).
    value: list[Fraction] = [share]
    valuef: list[float] = [float(share)]
    klass = [0] * len(inst.weight)
    cardinality = sat is Satisfaction.CARDINALITY
    # Each candidate's last known ρ: a lower bound of its ρ now (budgets only shrink).
    last: dict[int, Fraction] = {
        c: (inst.cost[c] / inst.approvals[c] if cardinality else 1 / inst.approvals[c])
        for c in range(len(inst.ids)) if inst.approvals[c] > 0
    }
    chosen: list[int] = []
    steps: list[MesStep] = []
    ties: list[VoteTie] = []
    weight = inst.weight
    while last:
        best_rho: Fraction | None = None
        best: list[int] = []
        best_pay: dict[int, Fraction] = {}
        for c in sorted(last, key=last.__getitem__):
            if best_rho is not None and last[c] > best_rho:
                break
            cost = inst.cost[c]
            behind: dict[int, Fraction] = {}
            for g in inst.supporters[c]:
                k = klass[g]
                behind[k] = behind.get(k, 0) + weight[g]
            denominator = inst.approvals[c]
            equal = cost / denominator
            # Floats only to skip work: a class whose float is clearly above the equal share is
            # certainly above it (a float of a Fraction is off by far less than 1e-12 of it).
            if min(valuef[k] for k in behind) > float(equal) * (1 + 1e-12):
                pay = equal  # everyone pays the equal share: affordable, nobody capped
            else:
                if sum(value[k] * w for k, w in behind.items()) < cost:
                    del last[c]  # its supporters cannot afford it now, nor later
                    continue
                paid = Fraction(0)
                pay = equal
                for k in sorted(behind, key=value.__getitem__):
                    pay = (cost - paid) / denominator
                    if pay <= value[k]:
                        break
                    paid += behind[k] * value[k]
                    denominator -= behind[k]
            rho = pay if cardinality else pay / cost
            last[c] = rho
            if best_rho is None or rho < best_rho:
                best_rho, best, best_pay = rho, [c], {c: pay}
            elif rho == best_rho:
                best.append(c)
                best_pay[c] = pay
        if best_rho is None:
            break
        tied = [inst.ids[c] for c in best]
        winner_id, tie = break_tie(len(chosen) + 1, tied, inst.cost_of, inst.approvals_of, seed)
        if tie is not None:
            ties.append(tie)
        winner = best[tied.index(winner_id)]
        pay = best_pay[winner]
        moved: dict[int, int] = {}
        for g in inst.supporters[winner]:
            k = klass[g]
            n = moved.get(k)
            if n is None:
                n = moved[k] = len(value)
                value.append(value[k] - pay if value[k] > pay else Fraction(0))
                valuef.append(float(value[-1]))
            klass[g] = n
        del last[winner]
        chosen.append(winner)
        steps.append(MesStep(inst.ids[winner], best_rho, pay))
    selected = tuple(inst.ids[c] for c in chosen)
    return VoteOutcome(
        method=method,
        selected=selected,
        funded=tuple((inst.ids[c], inst.cost[c]) for c in chosen),
        cost=sum((inst.cost[c] for c in chosen), Fraction(0)),
        budget=budget,
        ties=tuple(ties),
        steps=tuple(steps),
        spent=tuple((share - value[klass[g]]) * w for g, w in zip(inst.ballot_group, inst.ballot_weight, strict=True)),
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
    return _run(inst, total, satisfaction, seed, f"equal-shares/{satisfaction}")


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
    outcome = _run(inst, limit, satisfaction, seed, method)
    if not inst.voters:
        return outcome
    supported = sum(1 for a in inst.approvals if a > 0)
    base = math.floor(limit / inst.voters) * inst.voters
    runs = 1
    k = 1
    while len(outcome.selected) < supported and runs < max_runs:
        trial = _run(inst, base + k * inst.voters, satisfaction, seed, method)
        runs += 1
        if trial.cost > limit:
            break
        outcome = trial
        k += 1
    return VoteOutcome(
        method=outcome.method, selected=outcome.selected, funded=outcome.funded, cost=outcome.cost,
        budget=outcome.budget, ties=outcome.ties, steps=outcome.steps, spent=outcome.spent, runs=runs,
    )
