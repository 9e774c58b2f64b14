"""Ties between projects in the vote methods: lower cost, then more approvals, then the lottery.

The pabulib checker breaks ties inside MES by lower cost, then more approvals; equalshares.net
recommends the same with a lot drawn in advance as the last link. The lot is the one of
`core/ranking.py`: the ticket SHA-256("seed:project id"), the lowest first, which anyone can
redo with `printf 'seed:id' | sha256sum`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from initiatief.core.ranking import ticket
from initiatief.votes import VoteTie


def break_tie(
    step: int, tied: Sequence[str], cost: dict[str, Fraction], approvals: dict[str, Fraction], seed: str,
) -> tuple[str, VoteTie | None]:
    """Return the project that goes first among `tied`, and the tie record (None if only one)."""
    if len(tied) == 1:
        return tied[0], None
    tickets = {p: ticket(seed, p) for p in tied}
    ordered = sorted(tied, key=lambda p: (cost[p], -approvals[p], tickets[p]))
    first, second = ordered[0], ordered[1]
    if cost[first] != cost[second]:
        how = "cost"
    elif approvals[first] != approvals[second]:
        how = "votes"
    else:
        how = "lottery"
    candidates = tuple(sorted(tied))
    return first, VoteTie(
        step=step, candidates=candidates, chosen=first, decided_by=how, seed=seed,
        tickets=tuple(tickets[p] for p in candidates) if how == "lottery" else (),
    )
