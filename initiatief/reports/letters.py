"""The decision letters as facts: which kind of letter each submission gets, and what it must say.

Pure and without words: a `Letter` holds the result's facts (amounts, rank, scores, the
Reasons of its capping, failure or shortfall) exactly as the outcome has them; texts/
phrases them and output/letters.py puts them into a template. `explain` and the letter
tell the same story because both read the same Result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from initiatief.models import FUNDED, LetterSettings, Outcome, Result, Status
from initiatief.reasons import Code, Reason


class LetterKind(StrEnum):
    """The kinds of letter (docs/letters.md): one template each, in nl and en."""

    AWARD = "award"
    PARTIAL = "partial"
    CAPPED = "capped"
    PRIZE = "prize"
    INELIGIBLE = "ineligible"
    INSUFFICIENT = "insufficient"
    NOT_FUNDED = "not-funded"
    TOO_FEW_VOTES = "too-few-votes"
    EXCLUDED = "excluded"
    WITHDRAWN = "withdrawn"
    INCOMPLETE = "incomplete"
    EARLIER_STAGE = "earlier-stage"

    @property
    def awards(self) -> bool:
        """Return whether this kind of letter grants money (and so states the payment terms)."""
        return self in (LetterKind.AWARD, LetterKind.PARTIAL, LetterKind.CAPPED, LetterKind.PRIZE)

    @property
    def decides(self) -> bool:
        """Return whether this letter is a decision one may object to (a withdrawal or an idea is not)."""
        return self not in (LetterKind.WITHDRAWN, LetterKind.EARLIER_STAGE)


CAPS = (Code.CAPPED_AT_MAXIMUM, Code.CAPPED_AT_SHARE, Code.CAPPED_BY_DECISION)
FAILURES = (Code.RULE_FAILED, Code.NOT_GIVEN, Code.NO_REQUEST, Code.NO_COST, Code.BELOW_MINIMUM_GRANT,
            Code.ABOVE_MAXIMUM_GRANT, Code.ABOVE_MAXIMUM_SHARE)
SHORTFALLS = (Code.POT_SHORT, Code.CEILING_REACHED, Code.ALLOCATION_STOPPED, Code.NO_POT, Code.NOT_IN_OPTIMAL_SET,
              Code.MES_UNAFFORDABLE)
INSUFFICIENT = (Code.BELOW_PASS_MARK, Code.BELOW_CRITERION_MINIMUM, Code.BELOW_VOTE_THRESHOLD)
DECISIONS = (Code.EXCLUDED, Code.WITHDRAWN, Code.INCOMPLETE)
SHARING = (Code.PRO_RATA, Code.EQUAL_SHARES, Code.PARTLY_FUNDED, Code.FROM_LEFTOVERS, Code.MES_CHOSEN,
           Code.FROM_VOTE_LEFTOVER, Code.MES_COMPARISON)

_BY_STATUS = {
    Status.INELIGIBLE: LetterKind.INELIGIBLE,
    Status.INSUFFICIENT: LetterKind.INSUFFICIENT,
    Status.NOT_FUNDED: LetterKind.NOT_FUNDED,
    Status.EXCLUDED: LetterKind.EXCLUDED,
    Status.WITHDRAWN: LetterKind.WITHDRAWN,
    Status.INCOMPLETE: LetterKind.INCOMPLETE,
    Status.EARLIER_STAGE: LetterKind.EARLIER_STAGE,
}


@dataclass(frozen=True)
class Letter:
    """One applicant's letter as facts: its kind, the result it rests on, and the reasons it states."""

    kind: LetterKind
    result: Result
    caps: tuple[Reason, ...]
    """Why the amount is lower than requested: the grant maximum or share, a committee cap."""
    failures: tuple[Reason, ...]
    """Ineligible: each failed rule and grant check."""
    insufficient: tuple[Reason, ...]
    """Insufficient: below the pass mark, below a criterion's minimum; too few votes: below the vote threshold."""
    shortfall: tuple[Reason, ...]
    """Not funded: the ceiling or a pot reached (rank, what was needed, what was left), or a share (pro rata,
    equal) below the minimum grant."""
    sharing: tuple[Reason, ...]
    """How the award was shared out: pro rata, equal shares, what was left, leftovers, the voters' shares."""
    decision: Reason | None
    """Excluded, withdrawn, incomplete: the committee's decision (date, reason)."""
    votes: tuple[Reason, ...] = ()
    """In a round with a vote: the plan's votes, and its combined score when jury and votes rank together."""
    tie: Reason | None = None
    """The plan tied with others and the lot decided its place: the tie's size, first rank, seed and ticket."""

    @property
    def total(self) -> Decimal:
        """Return the money this letter grants: the award and any prize."""
        return self.result.awarded + (self.result.prize.amount if self.result.prize else Decimal(0))


def kind_of(result: Result) -> LetterKind:
    """Return the kind of letter a result gets."""
    if result.status in FUNDED:
        if result.prize is not None:
            return LetterKind.PRIZE
        if result.status is Status.PARTLY_AWARDED:
            return LetterKind.PARTIAL
        if any(r.code in CAPS for r in result.reasons):
            return LetterKind.CAPPED
        return LetterKind.AWARD
    if result.status is Status.NOT_FUNDED and any(r.code is Code.BELOW_VOTE_THRESHOLD for r in result.reasons):
        return LetterKind.TOO_FEW_VOTES
    return _BY_STATUS[result.status]


def letter(result: Result) -> Letter:
    """Return the letter of one result."""
    def picked(codes: tuple[Code, ...]) -> tuple[Reason, ...]:
        return tuple(r for r in result.reasons if r.code in codes)

    decisions = picked(DECISIONS)
    tie = picked((Code.TIED,))
    return Letter(
        kind=kind_of(result), result=result, caps=picked(CAPS),
        failures=picked(FAILURES),
        insufficient=picked(INSUFFICIENT), sharing=picked(SHARING),
        # Not funded because the share pro rata or in equal parts fell below the minimum grant: that is why.
        shortfall=picked(SHORTFALLS + ((Code.BELOW_MINIMUM_GRANT,) if result.status is Status.NOT_FUNDED else ())),
        decision=decisions[0] if decisions else None, tie=tie[0] if tie else None,
        votes=picked((Code.COMBINED_SCORE,)) or picked((Code.VOTES,)),  # the combined score tells the votes too
    )


def letters(outcome: Outcome, stages: bool = False, only: str | None = None) -> tuple[Letter, ...]:
    """Return the letters of a round: every submission of the assessed stage (every stage with `stages`)."""
    assessed = outcome.round.assessed_stage
    chosen = [r for r in outcome.results if r.submission.id == only] if only is not None else [
        r for r in outcome.results if stages or r.submission.stage == assessed]
    return tuple(letter(r) for r in sorted(chosen, key=lambda r: r.submission.id))


REQUIRED = ("sender.organisation", "sender.address", "sender.signatory", "sender.function", "regulation.name",
            "date", "objection.address")
"""The keys of `letters:` every decision letter needs."""
REQUIRED_FOR_AWARDS = ("payment",)
"""The keys an award letter needs besides."""
_SETTING = {
    "sender.organisation": "organisation", "sender.address": "address", "sender.signatory": "signatory",
    "sender.function": "function", "regulation.name": "regulation", "date": "date",
    "objection.address": "objection_to", "payment": "payment",
}


def missing_settings(settings: LetterSettings | None, kinds: set[LetterKind]) -> list[str]:
    """Return the keys of round.yaml's `letters:` that the letters of `kinds` need and that are not filled in."""
    needed = list(REQUIRED)
    if any(k.awards for k in kinds):
        needed += REQUIRED_FOR_AWARDS
    if settings is None:
        return needed
    return [key for key in needed if getattr(settings, _SETTING[key]) in (None, ())]
