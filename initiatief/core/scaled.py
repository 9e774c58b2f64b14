"""Pro rata and equal shares: one level for every passing plan, the highest the pots can pay.

`pro-rata` gives every plan the same fraction of its amount, `equal` the same amount
(never more than it asked), each rounded down to the cent. The level is searched on a
model of the pots in whole cents and exact integer arithmetic, which answers "does this
level fit?" in one pass over the plans (O(n), no ledger copied); a bisection finds the
highest level that fits in O(n log n). The awards are then paid through the real ledger,
which refuses anything a pot or the ceiling cannot pay, so the model can only ever make
the result less generous, never unpaid.

A plan the pots cannot pay even the minimum grant (its own share pot is empty, or no pot
may pay it) is left out first: it would pull the level down to what it can get. An award
that ends below the minimum grant (or below the plan's whole amount, where a `cap` decision set
that below the minimum) is not given (the regulation's minimum); the money it would have had is
shared by the others, and the level searched again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from initiatief.core.allocation import SCAN, ZERO, Allocation, Claim, Ledger, funded, share_cents, whole_index
from initiatief.models import CENT, Status
from initiatief.reasons import Code, Reason, reason

MEANINGFUL = Decimal("1.00")
"""Without a minimum grant, pro-rata and equal leave out a plan that could get less than this."""

_HALVINGS = 64
"""Bisection steps on the fraction: far below a cent on any amount (the search also stops once every
award is the same at both ends)."""


def _cents(amount: Decimal) -> int:
    return int(amount / CENT)


@dataclass(frozen=True)
class _Pots:
    """The pots as integers: what each claim needs from whom for an award of `a` cents."""

    amounts: list[int]
    shares: list[tuple[tuple[int, int, int], ...]]
    """Per claim: (share pot, numerator, denominator) of each share pot that pays part of it."""
    general: list[tuple[int, ...]]
    """Per claim: the general pots that may pay the rest, in paying order."""
    share_left: list[int]
    general_left: list[int]
    ceiling_left: int
    one_general_set: bool
    """Every claim has the same general pots: the rest can be checked as one sum."""
    whole: list[int | None]
    """Per claim: which of its share pots takes the cents rounding leaves, when their shares add up to 100%
    (allocation.share_cents), else None."""
    trial: tuple[Ledger, Sequence[Claim]] | None = None
    """With fallback pots, what a plan needs from whom depends on what is left: then every level is
    tried on a copy of the ledger itself (slower, and exact)."""

    @property
    def multi_share(self) -> bool:
        """Return whether some plan has two share pots (each part rounded down on its own)."""
        return any(len(parts) >= 2 for parts in self.shares)

    @classmethod
    def of(cls, ledger: Ledger, claims: Sequence[Claim]) -> _Pots:
        """Return the model of the ledger's open pots for these claims."""
        share_ids: dict[str, int] = {}
        general_ids: dict[str, int] = {}
        shares: list[tuple[tuple[int, int, int], ...]] = []
        general: list[tuple[int, ...]] = []
        for claim in claims:
            mine: list[tuple[int, int, int]] = []
            rest: list[int] = []
            for pot in ledger.paying(claim.submission):
                if pot.share is None:
                    rest.append(general_ids.setdefault(pot.id, len(general_ids)))
                else:
                    share = Fraction(pot.share)
                    mine.append((share_ids.setdefault(pot.id, len(share_ids)), share.numerator, share.denominator))
            shares.append(tuple(mine))
            general.append(tuple(rest))
        share_left = [0] * len(share_ids)
        for pot_id, index in share_ids.items():
            share_left[index] = _cents(ledger.left[pot_id])
        general_left = [0] * len(general_ids)
        for pot_id, index in general_ids.items():
            general_left[index] = _cents(ledger.left[pot_id])
        whole = [whole_index(tuple((n, d) for _, n, d in mine)) if len(mine) > 1 else None for mine in shares]
        return cls([_cents(c.amount) for c in claims], shares, general, share_left, general_left,
                   _cents(ledger.ceiling_left), len({g for g in general if g}) <= 1, whole,
                   (ledger, claims) if ledger.has_fallbacks else None)

    def fits(self, plans: Sequence[int], awards: Sequence[int]) -> bool:
        """Return whether the ledger could pay `awards` (cents) to `plans` (indices, in paying order)."""
        if sum(awards) > self.ceiling_left:
            return False
        if self.trial is not None:
            ledger, claims = self.trial[0].copy(), self.trial[1]
            for i, award in zip(plans, awards, strict=True):
                if award > 0:
                    parts, _ = ledger.split(claims[i].submission, award * CENT, claims[i].rank)
                    if parts is None:
                        return False
                    ledger.pay(parts)
            return True
        used = [0] * len(self.share_left)
        rests: list[tuple[int, int]] = []
        for i, award in zip(plans, awards, strict=True):
            if award <= 0:
                continue
            rest = award
            if self.whole[i] is None:
                for pot, numerator, denominator in self.shares[i]:
                    part = award * numerator // denominator  # rounded down to the cent, as the ledger does
                    used[pot] += part
                    rest -= part
            else:  # shares of 100%: they pay it all, the cents rounding leaves by the largest (as the ledger)
                mine = self.shares[i]
                for (pot, _, _), part in zip(mine, share_cents(award, [(n, d) for _, n, d in mine]), strict=True):
                    used[pot] += part
                rest = 0
            if rest > 0:
                if not self.general[i]:
                    return False
                rests.append((i, rest))
        if any(u > left for u, left in zip(used, self.share_left, strict=True)):
            return False
        if self.one_general_set:
            pots = next((self.general[i] for i, _ in rests), ())
            return sum(r for _, r in rests) <= sum(self.general_left[p] for p in pots)
        left = list(self.general_left)
        for i, rest in rests:  # general pots pay in the order listed, each as far as it can
            pots = self.general[i]
            if sum(left[p] for p in pots) < rest:
                return False
            for p in pots:
                pay = min(rest, left[p])
                left[p] -= pay
                rest -= pay
        return True


    def bracket(self, plans: Sequence[int], full: Sequence[int]) -> tuple[Fraction, Fraction]:
        """Return fractions (low, high) of the full amounts with the largest that fits between them.

        Without rounding, the largest fraction is the smallest of capacity / load over the
        ceiling, each share pot and the general pots; that one fits, since rounding down only
        lowers what is paid. Rounding loses less than a cent per award (two per share pot's
        part), so no fraction above (capacity + what rounding can lose) / load fits. The
        bisection between them takes about log2(n) steps, not 64.
        """
        n = len(full)
        total = sum(full)
        lows = [Fraction(self.ceiling_left, total)]
        highs = [Fraction(self.ceiling_left + n, total)]
        if self.trial is not None:  # fallback pots: only the ceiling bounds the fraction from above
            return Fraction(0), min(Fraction(1), highs[0])
        per_pot = [0] * len(self.share_left)
        members = [0] * len(self.share_left)
        extra = [0] * len(self.share_left)  # the cents rounding leaves that a pot pays on top of its share
        shares = {}
        rest_load = Fraction(0)
        cuts = 0
        for i, amount in zip(plans, full, strict=True):
            kept = Fraction(1)
            for pot, numerator, denominator in self.shares[i]:
                per_pot[pot] += amount
                members[pot] += 1
                shares[pot] = Fraction(numerator, denominator)
                kept -= shares[pot]
                cuts += 1
            largest = self.whole[i]
            if largest is not None:
                extra[self.shares[i][largest][0]] += len(self.shares[i]) - 1
            elif self.general[i]:
                rest_load += amount * kept
        for pot, load in enumerate(per_pot):
            if load:
                lows.append(max(0, self.share_left[pot] - extra[pot]) / (shares[pot] * load))
                highs.append((self.share_left[pot] + 2 * members[pot]) / (shares[pot] * load))
        if rest_load and self.one_general_set:
            general = sum(self.general_left[p] for p in next(self.general[i] for i in plans if self.general[i]))
            lows.append(max(Fraction(0), (general - cuts) / rest_load))
            highs.append((general + n) / rest_load)
        low, high = max(Fraction(0), min(lows)), min(Fraction(1), min(highs))
        return (low, high) if low <= high else (Fraction(0), high)


Search = Callable[[_Pots, list[int]], tuple[list[int], Fraction | int | None]]


def pro_rata_awards(pots: _Pots, plans: list[int]) -> tuple[list[int], Fraction | int | None]:
    """Return the same fraction of every plan's amount (in cents, rounded down), the largest that fits,
    and that fraction (None when every plan gets its full amount).

    The awards change only where some plan's award reaches a whole cent: at fractions k / A
    for a plan of A cents. The largest fraction that fits is one of those points (or the low
    end), so the search is a binary search over the points between the bracket's ends.
    """
    full = [pots.amounts[i] for i in plans]
    if pots.fits(plans, full):
        return full, None

    def scale(f: Fraction) -> list[int]:
        numerator, denominator = f.numerator, f.denominator
        return [a * numerator // denominator for a in full]

    low, high = pots.bracket(plans, full)
    if not pots.fits(plans, scale(low)):  # only if rounding plays tricks on the general pots
        low = Fraction(0)
    points = _points(full, low, high)
    if points is None:  # a wide bracket: halve the fraction instead (64 halvings: far below a cent)
        top = high
        for _ in range(_HALVINGS):
            middle = (low + high) / 2
            if pots.fits(plans, scale(middle)):
                low = middle
            else:
                high = middle
        if pots.multi_share:  # what fits is monotone only up to a cent or so: look a little further up
            nearby = sorted({Fraction(low.numerator * a // low.denominator + k, a)
                             for a in full if a > 0 for k in range(1, SCAN + 1)})
            above = [f for f in nearby if low < f <= top][:SCAN]
            low = next((f for f in reversed(above) if pots.fits(plans, scale(f))), low)
        return scale(low), low
    first, last = 0, len(points)  # points[:first] fit, points[last:] do not
    while first < last:
        point = (first + last) // 2
        if pots.fits(plans, scale(points[point])):
            first = point + 1
        else:
            last = point
    best = points[first - 1] if first else low
    if pots.multi_share:  # what fits is monotone only up to a cent or so: look a little further up
        best = next((f for f in reversed(points[first:first + SCAN]) if pots.fits(plans, scale(f))), best)
    return scale(best), best


def _points(full: Sequence[int], low: Fraction, high: Fraction) -> list[Fraction] | None:
    """Return the sorted fractions in (low, high] at which some award reaches a whole cent, or None if
    there are too many to list (more than MAX_POINTS_PER_PLAN per plan)."""
    found: set[Fraction] = set()
    limit = MAX_POINTS_PER_PLAN * len(full)
    for amount in full:
        if amount <= 0:
            continue
        start = low.numerator * amount // low.denominator + 1
        stop = high.numerator * amount // high.denominator
        if stop - start + 1 + len(found) > limit:
            return None
        found.update(Fraction(k, amount) for k in range(start, stop + 1))
    return sorted(found)


MAX_POINTS_PER_PLAN = 50
"""Above this many candidate fractions per plan, the search halves the fraction instead."""


def equal_awards(pots: _Pots, plans: list[int]) -> tuple[list[int], Fraction | int | None]:
    """Return the same amount for every plan (never more than it asked), the largest that fits, and
    that amount in cents (None when every plan gets its full amount)."""
    full = [pots.amounts[i] for i in plans]
    if pots.fits(plans, full):
        return full, None
    low, high = 0, max(full)
    while low < high:
        middle = (low + high + 1) // 2
        if pots.fits(plans, [min(a, middle) for a in full]):
            low = middle
        else:
            high = middle - 1
    if pots.multi_share:  # what fits is monotone only up to a cent or so: look a little further up
        low = next((level for level in range(min(max(full), low + SCAN), low, -1)
                    if pots.fits(plans, [min(a, level) for a in full])), low)
    return [min(a, low) for a in full], low


def allocate_scaled(
    claims: Sequence[Claim], ledger: Ledger, search: Search, minimum: Decimal | None
) -> dict[str, Allocation]:
    """Return the allocation of every claim under pro-rata or equal (`search`); the ledger pays them."""
    pots = _Pots.of(ledger, claims)
    decided: dict[str, Allocation] = {}
    plans: list[int] = []
    for i, claim in enumerate(claims):
        least = _cents(min(minimum or MEANINGFUL, claim.amount))
        if pots.fits([i], [least]):
            plans.append(i)
        else:
            why = ledger.split(claim.submission, claim.amount, claim.rank)[1] or reason(Code.NO_POT)
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), (why,))
    # The minimum grant, but never above a plan's own amount: a plan that a `cap` decision set below the minimum
    # may get that amount (as under every method), no less.
    floor = _cents(minimum) if minimum is not None else 0
    floors = [min(floor, amount) for amount in pots.amounts]
    while True:
        if not plans:
            return decided
        awards, level = search(pots, plans)
        small = {i: a for i, a in zip(plans, awards, strict=True) if 0 < a < floors[i]}
        if not small:
            break
        assert minimum is not None
        for i, award in small.items():
            why = reason(Code.BELOW_MINIMUM_GRANT, amount=award * CENT, minimum=minimum)
            decided[claims[i].submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), (why,))
        plans = [i for i in plans if i not in small]
    notes: tuple[Reason, ...] = ()
    if isinstance(level, Fraction):
        share = (Decimal(level.numerator) / level.denominator).quantize(Decimal("0.0001"))
        notes = (reason(Code.PRO_RATA, share=share),)
    elif isinstance(level, int):
        notes = (reason(Code.EQUAL_SHARES, amount=level * CENT),)
    for i, award in zip(plans, awards, strict=True):
        claim = claims[i]
        if award <= 0:
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), notes)
            continue
        amount = award * CENT
        parts, _ = ledger.split(claim.submission, amount, claim.rank)
        assert parts is not None, "the model of the pots said this award fits"
        ledger.pay(parts)
        status = Status.AWARDED if amount == claim.amount else Status.PARTLY_AWARDED
        decided[claim.submission.id] = Allocation(status, amount, tuple(parts.items()), (funded(parts), *notes))
    return decided
