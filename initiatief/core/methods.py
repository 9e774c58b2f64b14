"""The distribution methods other than plain ranking: pro rata, equal shares and the optimal set.

Each takes the claims in the order the method considers them and a ledger of
the pots, and returns an Allocation per plan. None of them can exceed a pot or
the ceiling: every award goes through `Ledger.split`, which refuses what a pot
cannot pay.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from initiatief.core.allocation import ZERO, Allocation, Claim, Ledger, allocate_ranking, funded
from initiatief.core.optimal import allocate_optimal
from initiatief.models import CENT, Method, Round, Status
from initiatief.reasons import Code, Reason, reason


def allocate(round_: Round, method: Method, claims: Sequence[Claim], ledger: Ledger) -> dict[str, Allocation]:
    """Return the allocation of every claim under `method`; `ledger` ends up holding what was paid."""
    if method in (Method.RANKING, Method.ARRIVAL, Method.LOTTERY):
        return allocate_ranking(round_, claims, ledger)
    if method is Method.PRO_RATA:
        return _scaled(round_, claims, ledger, _pro_rata_amounts)
    if method is Method.EQUAL:
        return _scaled(round_, claims, ledger, _equal_amounts)
    if method is Method.OPTIMAL:
        return allocate_optimal(round_, claims, ledger)
    raise ValueError(f"unknown method {method!r}")


def _unpayable(ledger: Ledger, claim: Claim) -> Reason | None:
    """Return why the pots cannot pay this claim even the minimum grant, or None if they can.

    Such a plan would pull the shared fraction (or amount) down to what it can get: a
    pot of its own that is empty, or no pot at all, would leave everyone with cents.
    """
    minimum = min(ledger.round.grants.minimum or MEANINGFUL, claim.amount)
    fit = ledger.largest_fit(claim.submission, claim.amount)
    if fit is not None and fit[0] >= minimum:
        return None
    return ledger.split(claim.submission, claim.amount, claim.rank)[1] or reason(Code.NO_POT)


def _pay_all(ledger: Ledger, claims: Sequence[Claim], amounts: Sequence[Decimal]) -> list[dict[str, Decimal]] | None:
    """Pay every amount in order on `ledger`; return the splits, or None if some pot cannot pay."""
    splits: list[dict[str, Decimal]] = []
    for claim, amount in zip(claims, amounts, strict=True):
        if amount <= 0:
            splits.append({})
            continue
        parts, _ = ledger.split(claim.submission, amount, claim.rank)
        if parts is None:
            return None
        ledger.pay(parts)
        splits.append(parts)
    return splits


Fits = Callable[[list[Decimal]], bool]

MEANINGFUL = Decimal("1.00")
"""Without a minimum grant, pro-rata and equal leave out a plan that could get less than this."""


def _pro_rata_amounts(claims: Sequence[Claim], fits: Fits) -> tuple[list[Decimal], Decimal | None]:
    """Return the same fraction of every claim, the largest that fits, each rounded down to the cent."""
    full = [c.amount for c in claims]
    if fits(full):
        return full, None
    low, high = Fraction(0), Fraction(1)
    # 60 halvings put the fraction within 1e-18 of the best: far below a cent on any amount.
    for _ in range(60):
        if _scale(full, low) == _scale(full, high):
            break  # every award is the same to the cent at both ends: nothing left to find
        middle = (low + high) / 2
        if fits(_scale(full, middle)):
            low = middle
        else:
            high = middle
    return _scale(full, low), Decimal(low.numerator) / Decimal(low.denominator)


def _scale(amounts: Sequence[Decimal], fraction: Fraction) -> list[Decimal]:
    return [
        (Decimal(a) * fraction.numerator / fraction.denominator).quantize(CENT, rounding=ROUND_DOWN) for a in amounts
    ]


def _equal_amounts(claims: Sequence[Claim], fits: Fits) -> tuple[list[Decimal], Decimal | None]:
    """Return the same amount for every claim (never more than it asked), the largest that fits."""
    full = [c.amount for c in claims]
    if fits(full):
        return full, None
    low, high = 0, int(max(full) / CENT)
    while low < high:
        middle = (low + high + 1) // 2
        level = middle * CENT
        if fits([min(a, level) for a in full]):
            low = middle
        else:
            high = middle - 1
    level = low * CENT
    return [min(a, level) for a in full], level


def _scaled(
    round_: Round,
    claims: Sequence[Claim],
    ledger: Ledger,
    amounts_for: Callable[[Sequence[Claim], Fits], tuple[list[Decimal], Decimal | None]],
) -> dict[str, Allocation]:
    # A plan that no pot may pay would make every fraction fail: it gets nothing, the others share.
    unpayable = {c.submission.id: why for c in claims if (why := _unpayable(ledger, c))}
    payable = [c for c in claims if c.submission.id not in unpayable]
    decided = {
        sub_id: Allocation(Status.NOT_FUNDED, ZERO, (), (why,)) for sub_id, why in unpayable.items()
    }

    minimum = round_.grants.minimum
    while True:

        def fits(amounts: list[Decimal], plans: Sequence[Claim] = payable) -> bool:
            return _pay_all(ledger.copy(), plans, amounts) is not None

        if not payable:
            return decided
        amounts, level = amounts_for(payable, fits)
        # An award below the minimum grant is not given (Awb: the regulation's minimum); the
        # money it would have had is shared by the others instead.
        small = [c for c, a in zip(payable, amounts, strict=True) if minimum is not None and 0 < a < minimum]
        if not small:
            break
        assert minimum is not None
        for claim in small:
            why = reason(Code.BELOW_MINIMUM_GRANT, amount=amounts[payable.index(claim)], minimum=minimum)
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), (why,))
        payable = [c for c in payable if c not in small]
    claims = payable
    splits = _pay_all(ledger, claims, amounts)
    assert splits is not None, "the amounts were checked to fit"
    notes: tuple[Reason, ...] = ()
    if level is not None and amounts_for is _pro_rata_amounts:
        notes = (reason(Code.PRO_RATA, share=level.quantize(Decimal("0.0001"))),)
    elif level is not None:
        notes = (reason(Code.EQUAL_SHARES, amount=level),)
    for claim, amount, parts in zip(claims, amounts, splits, strict=True):
        if amount <= 0:
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), notes)
            continue
        status = Status.AWARDED if amount == claim.amount else Status.PARTLY_AWARDED
        decided[claim.submission.id] = Allocation(status, amount, tuple(parts.items()), (funded(parts), *notes))
    return decided
