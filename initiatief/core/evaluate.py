"""The pipeline: eligibility → assessment → ranking → allocation → prizes. Pure: no I/O."""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal
from fractions import Fraction

from initiatief.core import eligibility
from initiatief.core.allocation import Allocation, Claim, Ledger, PrizePick, award_prizes, reallocate_leftovers
from initiatief.core.assessment import Assessed, assess_all
from initiatief.core.methods import allocate
from initiatief.core.ranking import Candidate, arrival_key, lottery_key, on_one_denominator, order_by, rank
from initiatief.core.vote_allocation import Tally, VotesCannotDecide, allocate_votes, count_votes, vote_key
from initiatief.errors import InputError, Problem
from initiatief.models import (
    FUNDED,
    CriterionScore,
    DecisionKind,
    Method,
    Outcome,
    PotUse,
    PrizeAward,
    PrizeBy,
    Result,
    Round,
    RuleCheck,
    Status,
    Submission,
    Tie,
    TieDecides,
)
from initiatief.reasons import Code, Reason, reason

_ORDER = {
    Status.AWARDED: 0, Status.PARTLY_AWARDED: 0, Status.NOT_FUNDED: 0,
    Status.INSUFFICIENT: 1, Status.INELIGIBLE: 2, Status.INCOMPLETE: 3, Status.EXCLUDED: 3, Status.WITHDRAWN: 3,
    Status.EARLIER_STAGE: 4,
}


def evaluate(round_: Round, method: Method | str | None = None) -> Outcome:
    """Return the outcome of a loaded round: every submission's status, rank, award and reasons.

    `method` overrides the round's distribution method for a what-if run.
    """
    method = Method(method) if method else round_.allocation.method
    _check_method(round_, method)
    jury = bool(round_.criteria) and (not method.by_votes or (round_.voting is not None and round_.voting.jury))
    last = round_.assessed_stage
    results: dict[str, Result] = {}
    # A plan in the ranking gets its Result once allocation has decided; till then, what it takes from here.
    bases: dict[str, tuple[tuple[RuleCheck, ...], Assessed | None]] = {}
    candidates: list[Candidate] = []
    decided_about = {d.submission for d in round_.decisions}
    # Each plan's checks, a rule at a time for all the plans that may need them (`check` then finds them made).
    eligibility.check_all(round_, [s for s in round_.submissions if s.stage == last])
    eligible: list[tuple[Submission, tuple[RuleCheck, ...]]] = []  # to be assessed, all at once
    for s in round_.submissions:
        stopped = _stopped_by_decision(round_, s.id) if s.id in decided_about else None
        if stopped is not None:
            results[s.id] = Result(s, stopped[0], reasons=(stopped[1],))
            continue
        if s.stage != last:
            why = reason(Code.EARLIER_STAGE, stage=s.stage, assessed_stage=last)
            results[s.id] = Result(s, Status.EARLIER_STAGE, reasons=(why,))
            continue
        checks = eligibility.check(round_, s)
        failed = tuple([c.reason for c in checks if not c.held])
        if failed:
            results[s.id] = Result(s, Status.INELIGIBLE, reasons=failed, checks=checks)
            continue
        if not jury:
            # The votes decide alone: no assessment, every eligible plan is in the vote.
            bases[s.id] = (checks, None)
            candidates.append(Candidate(s, Fraction(0), {}))
            continue
        eligible.append((s, checks))
    for (s, checks), a in zip(eligible, assess_all(round_, [s for s, _ in eligible]), strict=True):
        if a.passed:
            bases[s.id] = (checks, a)
            candidates.append(Candidate(s, a.score, {c.criterion: c.combined for c in a.criteria}))
        else:
            results[s.id] = Result(s, Status.INSUFFICIENT, reasons=a.failures, checks=checks,
                                   conflicted=a.conflicted, criteria=a.criteria, score=a.score)

    # The plans in the vote are the candidates: the ballots are counted once, for every step that reads them.
    tally = count_votes(round_, [c.submission for c in candidates]) if round_.votes or method.by_votes else None
    notes_combined: dict[str, list[Reason]] = {}
    if round_.voting is not None and round_.voting.weight is not None and not method.by_votes:
        ballots = tally if tally is not None else count_votes(round_, [c.submission for c in candidates])
        candidates, notes_combined = _combined(round_, candidates, ballots)
    # The ranking by score always counts: for prizes, and as the order of every method but two.
    # Without a jury the vote order stands in for the ranking by score (below).
    best_first, score_ties = rank(candidates, round_.allocation.ties, round_.allocation.seed) if jury else ([], [])
    amounts: dict[str, Decimal] = {}
    notes: dict[str, list[Reason]] = {}
    for candidate in candidates:
        amount, capped = eligibility.grant_amount(round_, candidate.submission)
        notes[candidate.submission.id] = [capped] if capped is not None else []
        notes[candidate.submission.id] += notes_combined.get(candidate.submission.id, [])
        cap = round_.decision(candidate.submission.id, DecisionKind.CAP) \
            if candidate.submission.id in decided_about else None
        if cap is not None and cap.amount is not None and cap.amount < amount:
            amount = cap.amount
            notes[candidate.submission.id].append(
                reason(Code.CAPPED_BY_DECISION, amount=cap.amount, date=cap.date, reason=cap.reason)
            )
        amounts[candidate.submission.id] = amount
    if method.by_votes:
        assert tally is not None
        key = vote_key(tally, amounts)
        ordered, ties = order_by(candidates, lambda c: key(c.submission.id), round_.allocation.seed)
        if not jury:
            best_first, score_ties = ordered, ties
    elif method in (Method.ARRIVAL, Method.LOTTERY):
        ordered, ties = _order(round_, method, candidates)
    else:
        ordered, ties = best_first, score_ties
    ledger = Ledger(round_)
    claims = [Claim(c.submission, amounts[c.submission.id], position, c.score if jury else None)
              for position, c in enumerate(ordered, start=1)]
    if method.by_votes:
        assert tally is not None
        decided = allocate_votes(round_, method, claims, ledger, tally)
    else:
        decided = allocate(round_, method, claims, ledger)
    reallocate_leftovers(round_, claims, decided, ledger)
    # Prizes go to the best-scoring funded plans, whatever order the method considered them in.
    funded = [c.submission.id for c in best_first if decided[c.submission.id].status in FUNDED]
    by_votes = None
    vote_ties: list[Tie] = []
    if tally is not None and any(p.by is PrizeBy.VOTES for p in round_.prizes):
        key = vote_key(tally, amounts)
        voted, vote_ties = order_by(candidates, lambda c: key(c.submission.id), round_.allocation.seed)
        by_votes = [c.submission.id for c in voted if decided[c.submission.id].status in FUNDED]
    picks: list[PrizePick] = []
    prizes = award_prizes(round_, funded, ledger, by_votes, picks)
    tie_notes = _tie_notes(ties)
    if prizes:
        # A draw the funding order did not record can still decide a prize: a tie in score under arrival,
        # lottery or a vote, a tie in votes for a prize `by: votes` when the method does not go by votes.
        if ties is not score_ties:
            ties = ties + _prize_ties(score_ties, [p for p in picks if not p.by_votes])
        if not method.by_votes:
            ties = ties + _prize_ties(vote_ties, [p for p in picks if p.by_votes])

    for claim in claims:
        sub_id = claim.submission.id
        allocation: Allocation = decided[sub_id]
        counted = () if tally is None else (reason(Code.VOTES, approvals=tally.approvals[sub_id], voters=tally.voters),)
        reasons = [*notes[sub_id], *counted, *tie_notes.get(sub_id, ()), *allocation.step]
        prize = prizes.get(sub_id)
        if prize is not None:
            reasons.append(reason(Code.PRIZE, label=prize.label, amount=prize.amount, pot=prize.pot))
        checks, scored = bases[sub_id]
        results[sub_id] = _result(
            claim.submission, allocation.status, tuple(reasons), checks, () if scored is None else scored.conflicted,
            () if scored is None else scored.criteria, None if scored is None else scored.score,
            claim.rank, claim.amount, allocation.awarded, allocation.paid_by,
            prize, allocation.step, None if tally is None else tally.approvals[sub_id],
        )

    ordered_results = _in_display_order(list(results.values()))
    pots = tuple(PotUse(pot, ledger.used(pot), ledger.moved[pot.id]) for pot in round_.pots)
    funnel = _funnel(round_, ordered_results)
    return Outcome(round_, tuple(ordered_results), pots, tuple(ties), funnel, method)


_RESULT_FIELDS = ("submission", "status", "reasons", "checks", "conflicted", "criteria", "score", "rank",
                  "eligible_amount", "awarded", "paid_by", "prize", "step", "votes")
# The frozen dataclass's __init__ sets each field through object.__setattr__: most of what a Result costs to
# build. A Result of a ranked plan is built from every field at once instead; this fails at import if Result
# gains a field, a __post_init__ or slots, so that shortcut can never build a different object.
assert tuple(f.name for f in fields(Result)) == _RESULT_FIELDS and not hasattr(Result, "__post_init__") \
    and not hasattr(Result, "__slots__")


def _result(
    submission: Submission, status: Status, reasons: tuple[Reason, ...], checks: tuple[RuleCheck, ...],
    conflicted: tuple[str, ...], criteria: tuple[CriterionScore, ...], score: Fraction | None, rank: int | None,
    eligible_amount: Decimal | None, awarded: Decimal, paid_by: tuple[tuple[str, Decimal], ...],
    prize: PrizeAward | None, step: tuple[Reason, ...], votes: Fraction | None,
) -> Result:
    """Return Result(submission, status, …, votes), every field given in order (what Result(…) returns)."""
    result: Result = object.__new__(Result)
    result.__dict__.update(zip(_RESULT_FIELDS, (
        submission, status, reasons, checks, conflicted, criteria, score, rank, eligible_amount, awarded, paid_by,
        prize, step, votes), strict=True))
    return result


def _combined(
    round_: Round, candidates: list[Candidate], tally: Tally,
) -> tuple[list[Candidate], dict[str, list[Reason]]]:
    """Return the candidates with the combined score as their score, and the reason that shows it.

    combined = (1 − w) × score / max score + w × votes / voters, w the votes' weight: both parts a
    share from 0 to 1, exact. The criteria stay as they are (the tie chain still reads them).
    """
    voting = round_.voting
    assert voting is not None and voting.weight is not None
    w = Fraction(voting.weight)
    out: list[Candidate] = []
    notes: dict[str, list[Reason]] = {}
    for c in candidates:
        jury = c.score / round_.max_score if round_.max_score else Fraction(0)
        votes = tally.approvals[c.submission.id] / tally.voters if tally.voters else Fraction(0)
        combined = (1 - w) * jury + w * votes
        out.append(Candidate(c.submission, combined, c.criteria))
        notes[c.submission.id] = [reason(Code.COMBINED_SCORE, combined=combined * 100, score=c.score,
                                         max_score=round_.max_score, approvals=tally.approvals[c.submission.id],
                                         voters=tally.voters, weight=voting.weight)]
    return out, notes


def _check_method(round_: Round, method: Method) -> None:
    """Refuse a method the round cannot be evaluated by (a what-if run may name any method)."""
    if method.by_votes and round_.voting is None:
        raise VotesCannotDecide(f"the method '{method}' needs residents' votes, and the round has none "
                                "(a 'votes:' block in round.yaml and ballots in votes/, docs/votes.md)")
    if not method.by_votes and not round_.criteria:
        raise VotesCannotDecide(f"the method '{method}' ranks by the jury's scores, and the round has no criteria: "
                                "its votes decide (method votes or equal-shares)")


def _stopped_by_decision(round_: Round, submission_id: str) -> tuple[Status, Reason] | None:
    """Return the status and reason if the submission was withdrawn, excluded or set aside as incomplete."""
    for kind, status, code in ((DecisionKind.WITHDRAWN, Status.WITHDRAWN, Code.WITHDRAWN),
                               (DecisionKind.EXCLUDE, Status.EXCLUDED, Code.EXCLUDED),
                               (DecisionKind.INCOMPLETE, Status.INCOMPLETE, Code.INCOMPLETE)):
        decision = round_.decision(submission_id, kind)
        if decision is not None:
            return status, reason(code, date=decision.date, reason=decision.reason)
    return None


def _order(round_: Round, method: Method, candidates: list[Candidate]) -> tuple[list[Candidate], list[Tie]]:
    """Return the passing plans in arrival or lottery order, and the ties drawn by lot."""
    seed = round_.allocation.seed
    if method is Method.ARRIVAL:
        missing = [c.submission for c in candidates if c.submission.received is None]
        if missing:
            raise InputError([
                Problem(s.location.file, s.location.line, f"plan '{s.id}' has no 'received' date",
                        "received: the date the application was complete (needed for order of arrival)")
                for s in missing
            ])
        return order_by(candidates, arrival_key, seed)
    return order_by(candidates, lottery_key, seed)


def _prize_ties(ties: list[Tie], picks: list[PrizePick]) -> list[Tie]:
    """Return the ties, marked as deciding prizes, whose draw changed who won a prize of `picks` (the prizes
    that went by the order these ties are in).

    A prize goes to the first plans of its order that can still win it; the plans of a tie stand together
    in that order. The draw decided when a prize took some of the tie's plans that could still win it but
    not all: another draw would have given it to others. When it took all of them or none, every order of
    the tie gives the same winners, and the tie decided nothing.
    """
    decisive = []
    for tie in ties:
        for pick in picks:
            could = pick.eligible.intersection(tie.order)  # sets: the tie's size, not the round's
            took = len(pick.won.intersection(could))
            if 0 < took < len(could):
                decisive.append(replace(tie, decides=TieDecides.PRIZES))
                break
    return decisive


def _tie_notes(ties: list[Tie]) -> dict[str, tuple[Reason, ...]]:
    """Return, for each plan whose place the lottery decided, the reason saying so."""
    notes: dict[str, tuple[Reason, ...]] = {}
    for tie in ties:
        # The tie by its size and first rank, not by its other plans: under `lottery` every plan ties with
        # every other, and naming them all in each plan's reason would grow as the square of the round.
        for sub_id, ticket in zip(tie.order, tie.tickets, strict=True):
            notes[sub_id] = (reason(Code.TIED, size=len(tie.order), first_rank=tie.first_rank, seed=tie.seed,
                                    ticket=ticket),)
    return notes


def _display_key(result: Result) -> tuple[int, int, object, str]:
    score = -(result.score or 0)
    return (_ORDER[result.status], result.rank or 0, score, result.submission.id)


def _in_display_order(results: list[Result]) -> list[Result]:
    """Return the results sorted by `_display_key`: the scores compared as integers on one denominator when
    they have one (the same order: comparing Fractions is slow)."""
    scores = on_one_denominator([r.score or Fraction(0) for r in results])
    if scores is None:
        return sorted(results, key=_display_key)
    keyed = sorted(
        ((_ORDER[r.status], r.rank or 0, -score, r.submission.id, i) for i, (r, score) in enumerate(zip(
            results, scores, strict=True)))
    )
    return [results[item[4]] for item in keyed]


def _funnel(round_: Round, results: list[Result]) -> tuple[tuple[str, int], ...]:
    index = {stage: i for i, stage in enumerate(round_.stages)}
    reached = [index[r.submission.stage] for r in results]
    counts = [(stage, sum(1 for i in reached if i >= n)) for n, stage in enumerate(round_.stages)]
    counts.append(("incomplete", sum(1 for r in results if r.status is Status.INCOMPLETE)))
    assessed_statuses = (Status.INSUFFICIENT, *FUNDED, Status.NOT_FUNDED)
    counts.append(("eligible", sum(1 for r in results if r.status in assessed_statuses)))
    counts.append(("passed", sum(1 for r in results if r.rank is not None)))
    counts.append(("awarded", sum(1 for r in results if r.status in FUNDED)))
    counts.append(("prize_winners", sum(1 for r in results if r.prize is not None)))
    return tuple(counts)
