"""Allocation: share the money out over the ranked plans without exceeding any pot or the ceiling.

Who pays for an award of amount A to a plan:
1. every pot with a `share` whose `when` matches the plan pays share × A,
   rounded down to the cent (an area team co-financing its own district); when
   those shares add up to 100%, the cents that rounding down leaves are paid by
   the one with the largest share (the first listed of equals);
2. the general pots (no share) that match pay the rest, in the order the
   round lists them, each as far as it can.
The award is made only if all of them can pay their part (all or nothing) and
it fits under the ceiling (Awb 4:25: the subsidieplafond is hard).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import islice

from initiatief.core.conditions import holds
from initiatief.core.memo import ByValues
from initiatief.models import CENT, Leftover, Pot, PrizeAward, PrizeBy, Round, Status, Submission
from initiatief.reasons import Code, Reason, reason

ZERO = Decimal("0.00")


SCAN = 100
"""Cents below the top that largest_fit (and pro-rata and equal, with two share pots on a plan) try one by one."""


@functools.lru_cache(maxsize=256)
def _ratio(share: Decimal) -> tuple[int, int]:
    """Return a share as the lowest ratio of integers (a round has a few shares: each worked out once)."""
    return Fraction(share).as_integer_ratio()


def share_ratio(pot: Pot) -> tuple[int, int]:
    """Return a share pot's share as the lowest ratio of integers."""
    assert pot.share is not None
    return _ratio(pot.share)


def share_cents(cents: int, ratios: Sequence[tuple[int, int]]) -> list[int]:
    """Return the parts of an award of `cents` that share pots of these shares (numerator, denominator) pay, in
    cents: each its share rounded down, and when the shares add up to 100%, the cents that rounding down leaves
    (fewer than there are share pots) added to the largest share's part (the first of equals), so that between
    them they pay the whole award and no general pot is needed for a cent (the ledger and the integer models of
    pro-rata, equal and optimal all pay by this)."""
    # Exact integer arithmetic, not Decimal's 28 digits (which could round 1.9999… up to 2 before the rounding down).
    parts = [cents * numerator // denominator for numerator, denominator in ratios]
    largest = whole_index(tuple(ratios)) if len(parts) > 1 else None
    if largest is not None:
        parts[largest] += cents - sum(parts)
    return parts


@functools.lru_cache(maxsize=256)
def whole_index(ratios: tuple[tuple[int, int], ...]) -> int | None:
    """Return which share takes the cents rounding leaves when the shares add up to exactly 100% (the largest, the
    first of equals), or None when they add up to less (then the general pots pay the rest)."""
    shares = [Fraction(numerator, denominator) for numerator, denominator in ratios]
    if sum(shares, Fraction(0)) != 1:
        return None
    return shares.index(max(shares))


@dataclass(frozen=True)
class Claim:
    """A plan in allocation order with the amount it may receive."""

    submission: Submission
    amount: Decimal
    rank: int
    score: Fraction | None = None


@dataclass(frozen=True)
class Allocation:
    """What allocation decided for one plan, and the reasons that explain it."""

    status: Status
    awarded: Decimal
    paid_by: tuple[tuple[str, Decimal], ...]
    step: tuple[Reason, ...]


class Ledger:
    """What is left in each pot and under the ceiling while awards are made."""

    def __init__(self, round_: Round) -> None:
        self.round = round_
        self.left = {pot.id: pot.amount for pot in round_.pots}
        self.moved = {pot.id: ZERO for pot in round_.pots}
        self.closed: frozenset[str] = frozenset()
        self.ceiling_left = round_.ceiling
        # Which pots may pay for a plan never changes: worked out once per plan, shared by copies; and once
        # per combination of the values the pots' `when` read (plans of one district share their pots).
        self._matching: dict[str, tuple[Pot, ...]] = {}
        self._award_pots = tuple(p for p in round_.pots if not p.for_prizes)
        self._by_values: ByValues[tuple[Pot, ...]] = ByValues(p.when for p in self._award_pots)

    def _may_pay(self, submission: Submission) -> tuple[Pot, ...]:
        return tuple(p for p in self._award_pots if p.when is None or holds(p.when, submission))

    def copy(self) -> Ledger:
        """Return an independent ledger in the same state (to try an allocation)."""
        other = Ledger(self.round)
        other.left = dict(self.left)
        other.moved = dict(self.moved)
        other.closed = self.closed
        other.ceiling_left = self.ceiling_left
        other._matching = self._matching
        other._by_values = self._by_values
        return other

    def used(self, pot: Pot) -> Decimal:
        """Return how much of `pot` has been paid out."""
        return pot.amount + self.moved[pot.id] - self.left[pot.id]

    def paying(self, submission: Submission) -> list[Pot]:
        """Return the award pots that may pay for `submission` (their `when` holds and they are open)."""
        pots = self._matching.get(submission.id)
        if pots is None:
            pots = self._matching[submission.id] = self._by_values.get(submission, self._may_pay)
        if not self.closed:
            return list(pots)
        return [p for p in pots if p.id not in self.closed]

    def split(
        self, submission: Submission, amount: Decimal, rank: int = 0
    ) -> tuple[dict[str, Decimal] | None, Reason | None]:
        """Return how the pots would pay `amount` for `submission`, or None and why they cannot.

        A share pot with a `fallback` that holds less than its part pays what it has, and its
        fallback pot (a general pot) pays the rest of that part, before the general pots pay
        what the share pots do not.
        """
        parts: dict[str, Decimal] = {}
        general: list[Pot] = []
        paying = self.paying(submission)
        shares = [pot for pot in paying if pot.share is not None]
        share_parts = iter(self._share_parts(amount, shares)) if shares else None
        for pot in paying:
            if pot.share is None:
                general.append(pot)
                continue
            assert share_parts is not None
            part = next(share_parts)
            left = self.left[pot.id]
            if part > left and pot.fallback is not None:
                carried = part - left
                own = left
                if carried > self.left[pot.fallback] - parts.get(pot.fallback, ZERO):
                    available = left + self.left[pot.fallback] - parts.get(pot.fallback, ZERO)
                    return None, _short(rank, (pot.id, pot.fallback), part, available)
                if own > 0:
                    parts[pot.id] = own
                parts[pot.fallback] = parts.get(pot.fallback, ZERO) + carried
                continue
            if part > left:
                return None, _short(rank, (pot.id,), part, left)
            if part > 0:
                parts[pot.id] = part
        rest = amount - sum(parts.values(), ZERO)
        if rest > 0:
            if not general:
                return None, reason(Code.NO_POT)
            available = sum((self.left[p.id] - parts.get(p.id, ZERO) for p in general), ZERO)
            if rest > available:
                return None, _short(rank, tuple(p.id for p in general), rest, available)
            for pot in general:
                pay = min(rest, self.left[pot.id] - parts.get(pot.id, ZERO))
                if pay > 0:
                    parts[pot.id] = parts.get(pot.id, ZERO) + pay
                    rest -= pay
        if amount > self.ceiling_left:
            return None, reason(Code.CEILING_REACHED, rank=rank, needed=amount, left=self.ceiling_left)
        return parts, None

    @staticmethod
    def _share_parts(amount: Decimal, shares: Sequence[Pot]) -> list[Decimal]:
        """Return what each share pot pays of `amount` (`share_cents`)."""
        return [Decimal(cents) * CENT for cents in share_cents(int(amount / CENT), [share_ratio(p) for p in shares])]

    @property
    def has_fallbacks(self) -> bool:
        """Return whether some share pot has a fallback (the integer models of optimal and pro-rata
        then leave the payment to the ledger)."""
        return any(p.fallback is not None for p in self.round.pots)

    def pay(self, parts: dict[str, Decimal]) -> None:
        """Take the parts out of their pots and the ceiling."""
        for pot_id, part in parts.items():
            self.left[pot_id] -= part
            self.ceiling_left -= part
            assert self.left[pot_id] >= 0 and self.ceiling_left >= 0, "a pot or the ceiling went below zero"

    def largest_fit(self, submission: Submission, amount: Decimal) -> tuple[Decimal, dict[str, Decimal]] | None:
        """Return the largest amount up to `amount` that the pots can still pay, and its split.

        Each share pot's part is rounded down on its own, so with two share pots on one plan
        what is left for the general pots moves by a cent or so as the amount grows: what fits
        is monotone only up to a few cents. So the top SCAN cents are tried one by one first,
        then a binary search over whole cents finds the rest in about 30 tries.
        """
        high = int(min(amount, self.ceiling_left) / CENT)
        for cents in range(high, max(high - SCAN, 0), -1):
            parts, _why = self.split(submission, cents * CENT)
            if parts is not None:
                return cents * CENT, parts
        low, high = 0, max(high - SCAN, 0)  # low fits (nothing), high may not
        found: dict[str, Decimal] | None = None
        while low < high:
            middle = (low + high + 1) // 2
            parts, _why = self.split(submission, middle * CENT)
            if parts is not None:
                low, found = middle, parts
            else:
                high = middle - 1
        if low <= 0:
            return None
        if found is None or sum(found.values(), ZERO) != low * CENT:
            found, _why = self.split(submission, low * CENT)
            assert found is not None
        return low * CENT, found

def _short(rank: int, pots: tuple[str, ...], needed: Decimal, left: Decimal) -> Reason:
    return reason(Code.POT_SHORT, rank=rank, pots=pots, needed=needed, left=left)


def funded(paid_by: dict[str, Decimal]) -> Reason:
    """Return the reason of an award: its amount and who pays what, in paying order."""
    return reason(Code.FUNDED, amount=sum(paid_by.values(), ZERO), paid_by=tuple(paid_by.items()))


def allocate_ranking(round_: Round, claims: Sequence[Claim], ledger: Ledger) -> dict[str, Allocation]:
    """Fund plans in order: what fits is funded; what does not is skipped (or, skip: false, ends it)."""
    decided: dict[str, Allocation] = {}
    stopped_at: int | None = None
    partial_done = not round_.grants.partial
    for claim in claims:
        sub_id = claim.submission.id
        if stopped_at is not None:
            stopped = reason(Code.ALLOCATION_STOPPED, rank=stopped_at)
            decided[sub_id] = Allocation(Status.NOT_FUNDED, ZERO, (), (stopped,))
            continue
        parts, why = ledger.split(claim.submission, claim.amount, claim.rank)
        if parts is not None:
            ledger.pay(parts)
            decided[sub_id] = Allocation(Status.AWARDED, claim.amount, tuple(parts.items()), (funded(parts),))
            continue
        if not partial_done:
            partial_done = True
            fit = ledger.largest_fit(claim.submission, claim.amount)
            minimum = round_.grants.minimum or CENT
            if fit is not None and fit[0] >= minimum:
                ledger.pay(fit[1])
                partly = reason(Code.PARTLY_FUNDED, amount=fit[0], needed=claim.amount)
                decided[sub_id] = Allocation(Status.PARTLY_AWARDED, fit[0], tuple(fit[1].items()),
                                             (funded(fit[1]), partly))
                continue
            if fit is not None and round_.grants.minimum is not None:
                # What was left is offered and refused: say so, not only that the plan did not fit in full.
                assert why is not None
                below = reason(Code.BELOW_MINIMUM_GRANT, amount=fit[0], minimum=round_.grants.minimum)
                decided[sub_id] = Allocation(Status.NOT_FUNDED, ZERO, (), (why, below))
                if not round_.allocation.skip:
                    stopped_at = claim.rank
                continue
        assert why is not None
        decided[sub_id] = Allocation(Status.NOT_FUNDED, ZERO, (), (why,))
        if not round_.allocation.skip:
            stopped_at = claim.rank
    return decided


def reallocate_leftovers(
    round_: Round, claims: Sequence[Claim], decided: dict[str, Allocation], ledger: Ledger
) -> None:
    """Apply the district key's leftover policy to the plans that were not funded (in place).

    'general' moves what is left in the district pots to the first general pot
    and lets the general pots fund the next passing plans they may pay; 'next'
    lets the district pots' leftovers together fund the next passing plans by
    rank, whatever their district. 'unspent' leaves the money where it is.
    """
    key = round_.district_key
    if key is None or key.leftover is Leftover.UNSPENT:
        return
    district_pots = [p for p in round_.pots if p.from_key]
    if key.leftover is Leftover.GENERAL:
        general = next((p for p in round_.pots if p.share is None and not p.for_prizes), None)
        if general is None:
            return
        for pot in district_pots:
            amount = ledger.left[pot.id]
            ledger.left[pot.id] -= amount
            ledger.moved[pot.id] -= amount
            ledger.left[general.id] += amount
            ledger.moved[general.id] += amount
        ledger.closed = frozenset(p.id for p in district_pots)
        for claim in claims:
            if decided[claim.submission.id].status is not Status.NOT_FUNDED:
                continue
            parts, _ = ledger.split(claim.submission, claim.amount, claim.rank)
            if parts is not None:
                ledger.pay(parts)
                decided[claim.submission.id] = Allocation(Status.AWARDED, claim.amount, tuple(parts.items()),
                                                          (funded(parts),))
        return
    for claim in claims:
        if decided[claim.submission.id].status is not Status.NOT_FUNDED:
            continue
        pooled = pay_pooled(ledger, claim.amount, district_pots)
        if pooled is not None:
            step = (funded(pooled), reason(Code.FROM_LEFTOVERS))
            decided[claim.submission.id] = Allocation(Status.AWARDED, claim.amount, tuple(pooled.items()), step)


def pay_pooled(ledger: Ledger, amount: Decimal, pots: Sequence[Pot]) -> dict[str, Decimal] | None:
    """Pay `amount` from what `pots` have left together, each as far as it can in the order given, within the
    ceiling; return the parts paid, or None (nothing paid) if they cannot."""
    available = sum((ledger.left[p.id] for p in pots), ZERO)
    if amount > available or amount > ledger.ceiling_left:
        return None
    parts: dict[str, Decimal] = {}
    rest = amount
    for pot in pots:
        pay = min(rest, ledger.left[pot.id])
        if pay > 0:
            parts[pot.id] = pay
            rest -= pay
    ledger.pay(parts)
    return parts


@dataclass(frozen=True)
class PrizePick:
    """How one prize was given: the plans that could still win it, and those that won it."""

    by_votes: bool
    """True: it went by the votes' order (`awarded_by_votes`); False: by the ranking."""
    eligible: frozenset[str]
    won: frozenset[str]


def award_prizes(
    round_: Round, awarded_in_rank_order: Sequence[str], ledger: Ledger,
    awarded_by_votes: Sequence[str] | None = None, picks: list[PrizePick] | None = None,
) -> dict[str, PrizeAward]:
    """Give each prize to the best-ranked awarded plans that have no prize yet (for a prize `by: votes`, the
    most-voted awarded plans, in `awarded_by_votes` order), in the order round.yaml lists the prizes.

    A prize is paid only while its prize pot and the ceiling still hold its amount: what they cannot pay is not
    awarded (a round with votes may have pots above the ceiling). Each prize's pick is added to `picks`.
    """
    winners: dict[str, PrizeAward] = {}
    for prize in round_.prizes:
        if prize.by is PrizeBy.VOTES and awarded_by_votes is not None:
            order, by_votes = awarded_by_votes, True
        else:
            order, by_votes = awarded_in_rank_order, False
        eligible = [s for s in order if s not in winners]
        won: list[str] = []
        for winner in islice(eligible, prize.count):
            if ledger.left[prize.pot] < prize.amount or ledger.ceiling_left < prize.amount:
                break
            ledger.pay({prize.pot: prize.amount})
            winners[winner] = PrizeAward(prize.label, prize.amount, prize.pot)
            won.append(winner)
        if picks is not None:
            picks.append(PrizePick(by_votes, frozenset(eligible), frozenset(won)))
    return winners
