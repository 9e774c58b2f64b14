"""Greedy by votes: the projects in order of approvals, each bought while the money lasts.

Order: more approvals first (weighted ballots count their weight), then the tie rule of
`core/vote_ties.py` (lower cost, then the lottery). `skip=True` passes over a project that
does not fit and goes on with the next; `skip=False` stops at the first that does not fit.
`threshold` leaves out projects with fewer approvals. Budgets per category and per
neighbourhood (pabulib's `budget_per_category`, `budget_per_neighborhood`) are hard limits:
a project is bought only if it fits in the total and in each of its categories' budgets.
After that, `leftover`:

- `fit`: the projects not bought, in the same order, while they fit the money left of the
  total budget, the category budgets no longer applying (Amsterdam: "Fund additional
  projects that fit within leftover budget ordered by score");
- `partial`: the first project not bought gets what is left of the total (Amsterdam: "Partially
  fund one additional project with highest score").
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction

from initiatief.core.ranking import ticket
from initiatief.votes import Election, VoteOutcome, VoteProject, VoteTie


class Leftover(StrEnum):
    """What happens to the money greedy leaves."""

    NONE = "none"
    FIT = "fit"
    PARTIAL = "partial"


FIT_TEXT = "Fund additional projects that fit within leftover budget ordered by score"
PARTIAL_TEXT = "Partially fund one additional project with highest score"


def leftover_of(election: Election) -> Leftover:
    """Return the leftover policy a pabulib file's `leftover_budget` states (NONE if it states none)."""
    text = (election.meta.leftover_budget or "").strip()
    return {FIT_TEXT: Leftover.FIT, PARTIAL_TEXT: Leftover.PARTIAL}.get(text, Leftover.NONE)


def _limits(election: Election, p: VoteProject) -> list[str]:
    keys = [f"category:{c}" for c in p.categories if c in dict(election.meta.category_budgets)]
    if p.neighbourhood is not None and p.neighbourhood in dict(election.meta.neighbourhood_budgets):
        keys.append(f"neighbourhood:{p.neighbourhood}")
    return keys


def greedy_votes(
    election: Election,
    *,
    skip: bool = True,
    threshold: Fraction | int | None = None,
    limits: bool = True,
    leftover: Leftover = Leftover.NONE,
    seed: str = "",
    budget: Fraction | None = None,
) -> VoteOutcome:
    """Return greedy's outcome; `limits=False` ignores the budgets per category and neighbourhood."""
    approvals = election.approvals()
    total = Fraction(election.meta.budget) if budget is None else budget
    room: dict[str, Fraction] = {}
    if limits:
        room.update((f"category:{c}", Fraction(a)) for c, a in election.meta.category_budgets)
        room.update((f"neighbourhood:{n}", Fraction(a)) for n, a in election.meta.neighbourhood_budgets)
    cost = {p.id: Fraction(p.cost) for p in election.projects}
    tickets = {p.id: ticket(seed, p.id) for p in election.projects}
    pool = [p for p in election.projects if threshold is None or approvals[p.id] >= threshold]
    pool.sort(key=lambda p: (-approvals[p.id], cost[p.id], tickets[p.id]))
    ties: list[VoteTie] = []
    for i in range(1, len(pool)):
        a, b = pool[i - 1], pool[i]
        if approvals[a.id] == approvals[b.id] and cost[a.id] == cost[b.id] and (i == 1 or (
                approvals[pool[i - 2].id], cost[pool[i - 2].id]) != (approvals[a.id], cost[a.id])):
            group = [p.id for p in pool[i - 1:] if (approvals[p.id], cost[p.id]) == (approvals[a.id], cost[a.id])]
            ties.append(VoteTie(step=i, candidates=tuple(sorted(group)), chosen=a.id, decided_by="lottery",
                                seed=seed, tickets=tuple(tickets[g] for g in sorted(group))))
    left = total
    funded: list[tuple[str, Fraction]] = []
    bought: set[str] = set()
    for p in pool:
        keys = _limits(election, p) if limits else []
        c = cost[p.id]
        if c <= left and all(c <= room[k] for k in keys):
            funded.append((p.id, c))
            bought.add(p.id)
            left -= c
            for k in keys:
                room[k] -= c
        elif not skip:
            break
    rest = [p for p in pool if p.id not in bought]
    if leftover is Leftover.FIT:
        for p in rest:
            if cost[p.id] <= left:
                funded.append((p.id, cost[p.id]))
                left -= cost[p.id]
    elif leftover is Leftover.PARTIAL and rest and left > 0:
        funded.append((rest[0].id, left))
        left = Fraction(0)
    return VoteOutcome(
        method="greedy" + ("" if skip else "/no-skip"),
        selected=tuple(pid for pid, _ in funded),
        funded=tuple(funded),
        cost=sum((a for _, a in funded), Fraction(0)),
        budget=total,
        ties=tuple(ties),
    )
