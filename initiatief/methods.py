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

from initiatief.allocation import ZERO, Allocation, Claim, Ledger, allocate_ranking, funded_step
from initiatief.errors import InitiatiefError
from initiatief.models import CENT, Round, Status
from initiatief.texts import money, percent, score_text, text

METHODS = ("ranking", "arrival", "lottery", "pro-rata", "equal", "optimal")
OPTIMAL_MAX_PLANS = 400
"""More passing plans than this are refused by `optimal` (see docs/method.md for timings)."""
OPTIMAL_NODE_LIMIT = 2_000_000
"""Branch-and-bound nodes before `optimal` gives up rather than return a set it cannot prove best."""


class TooLargeForOptimal(InitiatiefError):
    """The optimal method could not prove its answer within the node limit."""


def allocate(round_: Round, method: str, claims: Sequence[Claim], ledger: Ledger) -> dict[str, Allocation]:
    """Return the allocation of every claim under `method`; `ledger` ends up holding what was paid."""
    if method in ("ranking", "arrival", "lottery"):
        return allocate_ranking(round_, claims, ledger)
    if method == "pro-rata":
        return _scaled(round_, claims, ledger, _pro_rata_amounts)
    if method == "equal":
        return _scaled(round_, claims, ledger, _equal_amounts)
    if method == "optimal":
        return _optimal(round_, claims, ledger)
    raise ValueError(f"unknown method {method!r}")


def _unpayable(ledger: Ledger, claim: Claim) -> str | None:
    """Return why no pot can pay anything for this claim (none may, or all that may are empty), or None."""
    if ledger.left_for(claim.submission) > 0:
        return None
    return text(ledger.round.language, "no-pot")


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
    lang = round_.language
    # A plan that no pot may pay would make every fraction fail: it gets nothing, the others share.
    unpayable = {c.submission.id: why for c in claims if (why := _unpayable(ledger, c))}
    payable = [c for c in claims if c.submission.id not in unpayable]
    decided = {
        sub_id: Allocation(Status.NOT_FUNDED, ZERO, (), why) for sub_id, why in unpayable.items()
    }

    def fits(amounts: list[Decimal]) -> bool:
        return _pay_all(ledger.copy(), payable, amounts) is not None

    claims = payable
    if not claims:
        return decided
    amounts, level = amounts_for(claims, fits)
    splits = _pay_all(ledger, claims, amounts)
    assert splits is not None, "the amounts were checked to fit"
    note = ""
    if level is not None and amounts_for is _pro_rata_amounts:
        note = text(lang, "pro-rata", fraction=percent(level.quantize(Decimal("0.0001")), lang))
    elif level is not None:
        note = text(lang, "equal", amount=money(level, lang))
    for claim, amount, parts in zip(claims, amounts, splits, strict=True):
        if amount <= 0:
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), note)
            continue
        status = Status.AWARDED if amount == claim.amount else Status.PARTLY_AWARDED
        step = funded_step(round_, parts) + (f"; {note}" if note else "")
        decided[claim.submission.id] = Allocation(status, amount, tuple(parts.items()), step)
    return decided


def _optimal(round_: Round, claims: Sequence[Claim], ledger: Ledger) -> dict[str, Allocation]:
    """Fund the set of plans with the highest total score that every pot can pay.

    Exact branch and bound over the plans in ranking order, trying "fund" before
    "skip". The first set found with the best total is therefore, among all sets
    with that total, the one that funds the best-ranked plans: ties between sets
    are resolved by the ranking. The bound is a fractional knapsack on the money
    still available, which never underestimates, so no better set is pruned.
    """
    lang = round_.language
    if len(claims) > OPTIMAL_MAX_PLANS:
        raise TooLargeForOptimal(
            f"the optimal method handles at most {OPTIMAL_MAX_PLANS} passing plans, this round has {len(claims)}; "
            "use another method for a round this size"
        )
    scores = [_score_of(c) for c in claims]
    best_total = Fraction(-1)
    best_set: tuple[int, ...] = ()
    nodes = 0
    order = sorted(range(len(claims)), key=lambda i: -scores[i] / Fraction(claims[i].amount))

    def bound(start: int, state: Ledger, total: Fraction) -> Fraction:
        award_money = sum((state.left[p.id] for p in round_.pots if not p.for_prizes), ZERO)
        money_left = Fraction(min(state.ceiling_left, award_money))
        result = total
        for i in order:
            if i < start or claims[i].amount > state.ceiling_left:
                continue
            cost = Fraction(claims[i].amount)
            if cost <= money_left:
                money_left -= cost
                result += scores[i]
            else:
                return result + scores[i] * money_left / cost
        return result

    def search(index: int, state: Ledger, total: Fraction, chosen: tuple[int, ...]) -> None:
        nonlocal best_total, best_set, nodes
        nodes += 1
        if nodes > OPTIMAL_NODE_LIMIT:
            raise TooLargeForOptimal(
                f"the optimal method could not prove the best set within {OPTIMAL_NODE_LIMIT:,} steps "
                f"({len(claims)} passing plans); use another method for a round this size"
            )
        if index == len(claims):
            if total > best_total:
                best_total, best_set = total, chosen
            return
        if bound(index, state, total) <= best_total:
            return
        claim = claims[index]
        parts, _ = state.split(claim.submission, claim.amount, claim.rank)
        if parts is not None:
            funded = state.copy()
            funded.pay(parts)
            search(index + 1, funded, total + scores[index], (*chosen, index))
        search(index + 1, state, total, chosen)

    search(0, ledger.copy(), Fraction(0), ())
    chosen_set = set(best_set)
    decided = {}
    for index, claim in enumerate(claims):
        if index in chosen_set:
            parts, _ = ledger.split(claim.submission, claim.amount, claim.rank)
            assert parts is not None, "the optimal set was checked to fit"
            ledger.pay(parts)
            decided[claim.submission.id] = Allocation(
                Status.AWARDED, claim.amount, tuple(parts.items()), funded_step(round_, parts)
            )
        else:
            step = text(lang, "optimal", total=score_text(max(best_total, Fraction(0)), lang))
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), step)
    return decided


def _score_of(claim: Claim) -> Fraction:
    return claim.score if claim.score is not None else Fraction(0)
