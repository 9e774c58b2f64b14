"""Residents decide: the round's ballots counted, and the vote methods paid through the pots (docs/votes.md).

`count_votes` counts the ballots for the plans in the vote (approvals of other plans are
ignored and counted). `votes` (greedy by approvals) funds the plans in order of approvals
through the ledger, exactly as `ranking` funds them in order of score: skip, partial funding,
every pot arrangement and the ceiling work as there. `equal-shares` runs the Method of Equal
Shares (core/equal_shares.py) per award pot on the plans that pot pays, then pays what it chose
through the ledger, which checks every pot and the ceiling in exact money.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from initiatief.core.allocation import ZERO, Allocation, Claim, Ledger, allocate_ranking, funded, pay_pooled
from initiatief.core.conditions import holds
from initiatief.errors import InitiatiefError, Problem
from initiatief.models import CENT, Method, Pot, Round, Status, Submission, VoteLeftover
from initiatief.reasons import Code, Reason, reason

if TYPE_CHECKING:
    from initiatief.votes import Election, VoteOutcome

# The methods of Equal Shares and the greedy count of votes (core/equal_shares.py, core/greedy_votes.py, votes.py)
# are imported where a round is decided by them: every round is evaluated through this module, few by votes.


class VotesCannotDecide(InitiatiefError):
    """The round's pots or votes do not fit the vote method (the message says what to change)."""


@dataclass(frozen=True)
class Tally:
    """The ballots counted for the plans in the vote."""

    approvals: dict[str, Fraction]
    """Each plan in the vote: its weighted approvals (0 if no ballot names it)."""
    voters: Fraction
    """The weighted number of ballots."""
    ballots: int
    """The number of ballots."""
    ignored: int
    """Approvals of plans that are not in the vote (ineligible, ideas, withdrawn, below the jury's mark)."""


def count_votes(round_: Round, in_vote: Sequence[Submission]) -> Tally:
    """Count every ballot's approvals of the plans in the vote, with its weight."""
    approvals = {s.id: Fraction(0) for s in in_vote}
    voters = Fraction(0)
    ignored = 0
    for vote in round_.votes:
        weight = Fraction(round_.vote_weight(vote))
        voters += weight
        for plan in vote.approved:
            if plan in approvals:
                approvals[plan] += weight
            else:
                ignored += 1
    return Tally(approvals, voters, len(round_.votes), ignored)


def vote_key(tally: Tally, amounts: dict[str, Decimal]) -> Callable[[str], tuple[Fraction, Decimal]]:
    """Return the order of greedy by votes: more approvals first, then the lower grant (the lottery after)."""
    def key(submission_id: str) -> tuple[Fraction, Decimal]:
        return (-tally.approvals[submission_id], amounts[submission_id])
    return key


def allocate_votes(
    round_: Round, method: Method, claims: Sequence[Claim], ledger: Ledger, tally: Tally,
) -> dict[str, Allocation]:
    """Return the allocation of every claim (in vote order) under a vote method; the ledger pays."""
    voting = round_.voting
    assert voting is not None, "a vote method needs the round's votes: block (the loader checks it)"
    below = [c for c in claims if tally.approvals[c.submission.id] < Fraction(voting.threshold)]
    considered = [c for c in claims if c not in below]
    decided: dict[str, Allocation] = {}
    for claim in below:
        why = reason(Code.BELOW_VOTE_THRESHOLD, approvals=tally.approvals[claim.submission.id],
                     threshold=Fraction(voting.threshold))
        decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), (why,))
    if method is Method.VOTES:
        decided.update(allocate_ranking(round_, considered, ledger))
        if voting.leftover is VoteLeftover.FIT:
            _leftover_fit(round_, considered, decided, ledger)
    else:
        decided.update(_equal_shares(round_, considered, ledger, tally))
    return decided


def _leftover_fit(round_: Round, claims: Sequence[Claim], decided: dict[str, Allocation], ledger: Ledger) -> None:
    """Fund the plans passed over, in order, from what the general award pots have left together (own pots first).

    A share pot pays only its share of the plans its `when` matches, so its money left is never pooled.
    """
    award = [p for p in round_.pots if not p.for_prizes and p.share is None]
    for claim in claims:
        if decided[claim.submission.id].status is not Status.NOT_FUNDED:
            continue
        own = [p for p in ledger.paying(claim.submission) if p.share is None]
        parts = pay_pooled(ledger, claim.amount, own + [p for p in award if p not in own])
        if parts is None:
            continue
        step = (funded(parts), reason(Code.FROM_VOTE_LEFTOVER))
        decided[claim.submission.id] = Allocation(Status.AWARDED, claim.amount, tuple(parts.items()), step)


def _equal_shares(round_: Round, claims: Sequence[Claim], ledger: Ledger, tally: Tally) -> dict[str, Allocation]:
    voting = round_.voting
    assert voting is not None
    pots = _mes_pots(round_, claims, ledger)
    by_id = {c.submission.id: c for c in claims}
    decided: dict[str, Allocation] = {}
    for pot, plans in pots:
        if not plans:
            continue
        outcome, election = _run_mes(round_, pot, plans, ledger)
        compared = None
        if voting.completion.comparison:
            compared = compare_with_greedy(election, outcome, round_.allocation.seed)
            said = reason(Code.MES_COMPARISON, kept="votes" if compared.greedy_kept else "equal-shares",
                          for_mes=compared.for_mes, for_greedy=compared.for_greedy)
            if compared.greedy_kept:
                decided.update(_greedy_kept(compared.greedy, plans, ledger, tally, said))
                continue
        chosen = set(outcome.selected)
        voters = sum((b.weight for b in election.ballots), Fraction(0))
        # Each voter's share (of weight 1) in the run kept: with add1, of the raised budget.
        share = _cents_down(outcome.budget / voters) if voters else ZERO
        for step, project in enumerate(outcome.selected, start=1):
            claim = by_id[project]
            parts, why = ledger.split(claim.submission, claim.amount, claim.rank)
            if parts is None:
                raise VotesCannotDecide(
                    f"equal-shares chose plan '{project}' but pot '{pot.id}' cannot pay it ({why}); "
                    "this is a bug: please report it with the round")
            ledger.pay(parts)
            mes_step = outcome.steps[step - 1]
            supporters = tally.approvals[project]
            bought = reason(Code.MES_CHOSEN, step=step, supporters=supporters,
                            payment=_cents_up(mes_step.payment), share=share)
            decided[project] = Allocation(Status.AWARDED, claim.amount, tuple(parts.items()),
                                          (funded(parts), bought, *([said] if compared else [])))
        left = _money_left(outcome, election)
        for claim in plans:
            if claim.submission.id in chosen:
                continue
            project = claim.submission.id
            why = reason(Code.MES_UNAFFORDABLE, supporters=tally.approvals[project],
                         left=_cents_down(left.get(project, Fraction(0))), needed=claim.amount, share=share)
            decided[project] = Allocation(Status.NOT_FUNDED, ZERO, (), (why, *([said] if compared else [])))
    return decided


def _greedy_kept(
    greedy: VoteOutcome, plans: list[Claim], ledger: Ledger, tally: Tally, said: Reason,
) -> dict[str, Allocation]:
    """Pay greedy's choice (the comparison step kept it) through the ledger, in greedy's order."""
    by_id = {c.submission.id: c for c in plans}
    decided: dict[str, Allocation] = {}
    for project in greedy.selected:
        claim = by_id[project]
        parts, why = ledger.split(claim.submission, claim.amount, claim.rank)
        if parts is None:
            raise VotesCannotDecide(f"greedy chose plan '{project}' in the comparison step but its pot cannot pay "
                                    f"it ({why}); this is a bug: please report it with the round")
        ledger.pay(parts)
        decided[project] = Allocation(Status.AWARDED, claim.amount, tuple(parts.items()), (funded(parts), said))
    for claim in plans:
        if claim.submission.id not in decided:
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), (said,))
    return decided


def _share_pots_refused(ids: Sequence[str]) -> str:
    return f"equal-shares cannot run with share pots ({', '.join(ids)}): each plan must be paid by one pot"


SHARE_POTS_WAY_OUT = "method votes, or pots without 'share'"


def _paid_by_one_refused(plan: str, paying: Sequence[Pot]) -> str:
    names = ", ".join(p.id for p in paying) or "none"
    return f"equal-shares needs each plan paid by exactly one pot; plan '{plan}' may be paid by {names}"


PAID_BY_ONE_WAY_OUT = "pots whose 'when's split the plans, so that exactly one pot may pay each (docs/votes.md)"


def mes_problems(round_: Round, in_vote: Sequence[Submission]) -> list[Problem]:
    """Return why equal-shares cannot run on the round's pots, with file and line: each share pot among the
    award pots, and each plan in the vote (`in_vote`) that not exactly one award pot may pay for."""
    found: list[Problem] = []
    for pot in round_.pots:
        if not pot.for_prizes and pot.share is not None:
            where = (pot.location.file, pot.location.line) if pot.location is not None else \
                (f"{round_.folder}/round.yaml", None)
            found.append(Problem(*where, _share_pots_refused([pot.id]), SHARE_POTS_WAY_OUT))
    ledger = Ledger(round_)
    for s in in_vote:
        paying = ledger.paying(s)
        if len(paying) != 1:
            found.append(Problem(s.location.file, s.location.line, _paid_by_one_refused(s.id, paying),
                                 PAID_BY_ONE_WAY_OUT))
    return found


def _mes_pots(round_: Round, claims: Sequence[Claim], ledger: Ledger) -> list[tuple[Pot, list[Claim]]]:
    """Return each award pot with the plans it alone pays; refuse arrangements MES cannot run on
    (`mes_problems` tells them to validate, with their lines)."""
    award = [p for p in round_.pots if not p.for_prizes]
    shared = [p.id for p in award if p.share is not None]
    if shared:
        raise VotesCannotDecide(f"{_share_pots_refused(shared)}; use {SHARE_POTS_WAY_OUT}")
    plans: dict[str, list[Claim]] = {p.id: [] for p in award}
    for claim in claims:
        paying = ledger.paying(claim.submission)
        if len(paying) != 1:
            raise VotesCannotDecide(f"{_paid_by_one_refused(claim.submission.id, paying)}: give the pots "
                                    "'when's that split the plans (docs/votes.md)")
        plans[paying[0].id].append(claim)
    return [(p, plans[p.id]) for p in award]


def _run_mes(round_: Round, pot: Pot, plans: list[Claim], ledger: Ledger) -> tuple[VoteOutcome, Election]:
    """Run MES for one pot: its amount (within the ceiling), its plans, the ballots that name a plan it may pay."""
    from initiatief.core.equal_shares import Satisfaction as MesSatisfaction
    from initiatief.core.equal_shares import equal_shares, equal_shares_add1
    from initiatief.votes import Ballot, Election, VoteMeta, VoteProject

    voting = round_.voting
    assert voting is not None
    ids = {c.submission.id for c in plans}
    # Which plans the pot may pay for, in the vote or not: a ballot naming one of them is one of its voters.
    its_own = {s.id for s in round_.submissions if pot.when is None or holds(pot.when, s)}
    budget = min(ledger.left[pot.id], ledger.ceiling_left)
    ballots = []
    for number, vote in enumerate(round_.votes):
        mine = [p for p in vote.approved if p in its_own]
        if not mine and (vote.approved or pot.when is not None):
            continue
        ballots.append(Ballot(str(number), tuple(p for p in mine if p in ids),
                              weight=Fraction(round_.vote_weight(vote))))
    projects = tuple(VoteProject(c.submission.id, c.amount) for c in plans)
    election = Election(VoteMeta(budget=budget), projects, tuple(ballots))
    satisfaction = MesSatisfaction(voting.satisfaction.value)
    seed = round_.allocation.seed
    if voting.completion.add1:
        return equal_shares_add1(election, satisfaction=satisfaction, seed=seed), election
    return equal_shares(election, satisfaction=satisfaction, seed=seed), election


@dataclass(frozen=True)
class Comparison:
    """The comparison step: how many voters (weighted) prefer MES's outcome, how many greedy's, and greedy's."""

    for_mes: Fraction
    for_greedy: Fraction
    greedy: VoteOutcome

    @property
    def greedy_kept(self) -> bool:
        """Return whether greedy's outcome replaces MES's (more voters prefer it; a tie keeps MES)."""
        return self.for_greedy > self.for_mes


def compare_with_greedy(election: Election, mes: VoteOutcome, seed: str) -> Comparison:
    """The pabulib checker's comparison step: greedy by votes (with skip, within the budget) against MES.

    A voter prefers the outcome in which more of the plans they approve are chosen (the checker's
    "satisfaction" mode); equal counts prefer neither. Greedy's ties are broken by our rule (lower
    cost, then the lottery), not by the order of the file as in the checker.
    """
    from initiatief.core.greedy_votes import greedy_votes

    greedy = greedy_votes(election, skip=True, seed=seed)
    chosen_mes, chosen_greedy = set(mes.selected), set(greedy.selected)
    for_mes = for_greedy = Fraction(0)
    for ballot in election.ballots:
        in_mes = sum(1 for p in ballot.approved if p in chosen_mes)
        in_greedy = sum(1 for p in ballot.approved if p in chosen_greedy)
        if in_mes > in_greedy:
            for_mes += ballot.weight
        elif in_greedy > in_mes:
            for_greedy += ballot.weight
    return Comparison(for_mes, for_greedy, greedy)


def _money_left(outcome: VoteOutcome, election: Election) -> dict[str, Fraction]:
    """Return, per project, what its supporters had left together at the end of the (kept) run."""
    voters = sum((b.weight for b in election.ballots), Fraction(0))
    if not voters:
        return {}
    share = outcome.budget / voters
    left: dict[str, Fraction] = {}
    for ballot, spent in zip(election.ballots, outcome.spent or (Fraction(0),) * len(election.ballots), strict=True):
        mine = share * ballot.weight - spent
        for project in ballot.approved:
            left[project] = left.get(project, Fraction(0)) + mine
    return left


def _cents_up(value: Fraction) -> Decimal:
    """Return an amount for people, rounded up to the cent (what a supporter paid at most)."""
    return Decimal(math.ceil(value * 100)) * CENT if value > 0 else ZERO


def _cents_down(value: Fraction) -> Decimal:
    """Return an amount for people, rounded down to the cent (what supporters had left)."""
    return Decimal(math.floor(value * 100)) * CENT if value > 0 else ZERO
