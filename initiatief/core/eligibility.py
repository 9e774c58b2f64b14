"""Eligibility: the round's rules, the grant limits, and the amount a plan may receive."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from decimal import ROUND_DOWN, Decimal
from itertools import repeat

from initiatief.core.conditions import decide, missing_fields
from initiatief.core.memo import ByValues, PerPlan, PerRound
from initiatief.models import CENT, AboveLimit, Round, Rule, RuleCheck, Submission
from initiatief.reasons import Code, Reason, as_ids, reason


def _check(round_: Round, submission: Submission) -> tuple[RuleCheck, ...]:
    """Return every rule check for a submission: the round's rules, then the grant limits.

    A rule that cannot be decided because the submission does not give a value it reads
    does not hold, and its reason says what is not given, never the rule's own reason:
    a missing answer is not a refusal (core.readiness reports it as a problem first).
    """
    checks = [known.get(submission, make) for known, make in _rules(round_)]
    key = _amounts_key(submission)
    known_grants = _grant_checks_by_amounts(round_)
    grant_checks = known_grants.get(key)
    if grant_checks is None:
        grant_checks = known_grants[key] = tuple(_grant_checks(round_, submission))
    checks.extend(grant_checks)
    return tuple(checks)


def check_all(round_: Round, plans: Sequence[Submission]) -> list[tuple[RuleCheck, ...]]:
    """Return `check(round_, plan)` for each plan, in order: the plans not checked before checked a rule at a time
    (`_check_columns`), the answers kept for `check`."""
    known = check.known(round_)
    new = [s for s in dict.fromkeys(plans) if s not in known]
    if new:
        known.update(zip(new, _check_columns(round_, new), strict=True))
    return [known[s] for s in plans]


def _check_columns(round_: Round, plans: list[Submission]) -> list[tuple[RuleCheck, ...]]:
    """Return what `_check` returns for each plan: each rule decided for a column of plans at once (once per
    combination of the values it reads, as `_check` does), the grant checks once per request and cost as written.
    Plans given the very same RuleChecks share one tuple of them."""
    columns = [by_values.get_all(plans, make) for by_values, make in _rules(round_)]
    known_grants = _grant_checks_by_amounts(round_)
    grants = []
    for submission, amounts in zip(plans, map(_amounts_key, plans), strict=True):
        found = known_grants.get(amounts)
        if found is None:
            found = known_grants[amounts] = tuple(_grant_checks(round_, submission))
        grants.append(found)
    shared: dict[tuple[int, ...], tuple[RuleCheck, ...]] = {}
    out = []
    for rules, grant_checks in zip(zip(*columns, strict=True) if columns else repeat(()), grants, strict=False):
        key = (*map(id, rules), id(grant_checks))  # the same objects: each made once, shown as made
        checks = shared.get(key)
        if checks is None:
            checks = shared[key] = rules + grant_checks
        out.append(checks)
    return out


def _rule_check(rule: Rule, submission: Submission) -> RuleCheck:
    held = decide(rule.condition, submission)
    if held is None:
        why = reason(Code.NOT_GIVEN, rule=rule.id, fields=missing_fields(rule.condition, submission))
    else:
        why = _rule_failed(rule.id, rule.reason)
    return RuleCheck(rule.id, held is True, why)


def _reading(round_: Round) -> list[tuple[ByValues[RuleCheck], Callable[[Submission], RuleCheck]]]:
    """Return, per rule, its checks per combination of the values it reads (two plans that give the same values
    are decided alike: memo.ByValues) and how to check it; nothing in it holds the round."""
    return [(ByValues([rule.condition]), functools.partial(_rule_check, rule)) for rule in round_.rules]


_rules = PerRound(_reading)


@functools.lru_cache(maxsize=1024)
def _rule_failed(rule: str, text: str) -> Reason:
    """Return the reason of a rule that does not hold: the same for every plan, so made once."""
    return reason(Code.RULE_FAILED, rule=rule, reason=text)


check = PerPlan(_check)
"""Return every rule check for a submission (made once per round and submission: readiness and evaluate both
need them)."""


def undecided(round_: Round, submission: Submission) -> list[tuple[str, tuple[str, ...]]]:
    """Return each rule that cannot be decided for a submission, with the fields it lacks (from `check`: once)."""
    return [(c.rule, as_ids(c.reason["fields"])) for c in check(round_, submission)[: len(round_.rules)]
            if c.reason.code is Code.NOT_GIVEN]


def _grant_checks(round_: Round, submission: Submission) -> list[RuleCheck]:
    grants = round_.grants
    requested = submission.requested
    if requested is None:
        return [RuleCheck("grant-requested", False, reason(Code.NO_REQUEST))]
    checks: list[RuleCheck] = []
    capped = grant_amount(round_, submission)[0]
    if grants.minimum is not None or capped < CENT:
        # Compared after capping: a plan whose capped grant falls below the minimum (or to nothing) gets nothing.
        minimum = grants.minimum if grants.minimum is not None else CENT
        checks.append(RuleCheck("grant-min", capped >= minimum,
                                reason(Code.BELOW_MINIMUM_GRANT, amount=capped, minimum=minimum)))
    if grants.max_share is not None:
        if submission.cost is None:
            checks.append(RuleCheck("grant-cost", False, reason(Code.NO_COST)))
        elif grants.above_limit is AboveLimit.INELIGIBLE:
            held = requested <= grants.max_share * submission.cost
            why = reason(Code.ABOVE_MAXIMUM_SHARE, requested=requested, share=grants.max_share, cost=submission.cost)
            checks.append(RuleCheck("grant-max-share", held, why))
    if grants.maximum is not None and grants.above_limit is AboveLimit.INELIGIBLE:
        why = reason(Code.ABOVE_MAXIMUM_GRANT, requested=requested, maximum=grants.maximum)
        checks.append(RuleCheck("grant-max", requested <= grants.maximum, why))
    return checks


_Amounts = tuple[tuple[object, ...] | None, tuple[object, ...] | None]


def _amounts_key(submission: Submission) -> _Amounts:
    """Return a plan's request and cost as written (3.0 equals 3, but is shown as written: sign, digits,
    exponent): all the grant limits read, and many plans ask the same."""
    requested, cost = submission.requested, submission.cost
    return (None if requested is None else requested.as_tuple(), None if cost is None else cost.as_tuple())


# The grant checks and the grant amount per `_amounts_key` (nothing in them holds the round).
_grant_checks_by_amounts: PerRound[dict[_Amounts, tuple[RuleCheck, ...]]] = PerRound(lambda _: {})
_grant_amount_by_amounts: PerRound[dict[_Amounts, tuple[Decimal, Reason | None]]] = PerRound(lambda _: {})


def grant_amount(round_: Round, submission: Submission) -> tuple[Decimal, Reason | None]:
    """Return what an eligible plan may receive at most, and why it is less than asked, if it is.

    With `above_limit: cap` (the default) a request above the maximum grant or
    above the maximum share of the plan's cost is lowered to that limit; the
    share is rounded down to the cent so the limit itself is never exceeded.
    """
    key = _amounts_key(submission)
    known = _grant_amount_by_amounts(round_)
    found = known.get(key)
    if found is None:
        found = known[key] = _grant_amount(round_, submission)
    return found


def _grant_amount(round_: Round, submission: Submission) -> tuple[Decimal, Reason | None]:
    assert submission.requested is not None
    requested = submission.requested
    amount = requested
    why = None
    grants = round_.grants
    if grants.maximum is not None and amount > grants.maximum:
        amount = grants.maximum
        why = reason(Code.CAPPED_AT_MAXIMUM, amount=amount, requested=requested)
    if grants.max_share is not None and submission.cost is not None:
        limit = (grants.max_share * submission.cost).quantize(CENT, rounding=ROUND_DOWN)
        if amount > limit:
            amount = limit
            why = reason(Code.CAPPED_AT_SHARE, amount=limit, share=grants.max_share, requested=requested)
    return amount, why
