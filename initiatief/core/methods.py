"""Dispatch per distribution method: each returns an Allocation per plan, paid through the ledger.

None of them can exceed a pot or the ceiling: every award goes through `Ledger.split`,
which refuses what a pot cannot pay. Ranking, arrival and lottery fund in their order
(allocation.py); pro-rata and equal share one level out (scaled.py); optimal funds the
best set (optimal.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from initiatief.core.allocation import Allocation, Claim, Ledger, allocate_ranking
from initiatief.models import Method, Round

# scaled.py and optimal.py are imported by the round that is distributed by them (most go by their ranking).


def allocate(round_: Round, method: Method, claims: Sequence[Claim], ledger: Ledger) -> dict[str, Allocation]:
    """Return the allocation of every claim under `method`; `ledger` ends up holding what was paid."""
    if method in (Method.RANKING, Method.ARRIVAL, Method.LOTTERY):
        return allocate_ranking(round_, claims, ledger)
    if method is Method.PRO_RATA or method is Method.EQUAL:
        from initiatief.core.scaled import allocate_scaled, equal_awards, pro_rata_awards

        awards = pro_rata_awards if method is Method.PRO_RATA else equal_awards
        return allocate_scaled(claims, ledger, awards, round_.grants.minimum)
    if method is Method.OPTIMAL:
        from initiatief.core.optimal import allocate_optimal

        return allocate_optimal(round_, claims, ledger)
    raise ValueError(f"unknown method {method!r}")
