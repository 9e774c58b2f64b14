"""Eligibility: the round's rules, the grant limits, and the amount a plan may receive."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from initiatief.core.conditions import holds
from initiatief.models import CENT, AboveLimit, Round, RuleCheck, Submission
from initiatief.texts.formats import money, percent
from initiatief.texts.words import text


def check(round_: Round, submission: Submission) -> tuple[RuleCheck, ...]:
    """Return every rule check for a submission: the round's rules, then the grant limits."""
    checks = [RuleCheck(rule.id, holds(rule.condition, submission), rule.reason) for rule in round_.rules]
    checks.extend(_grant_checks(round_, submission))
    return tuple(checks)


def _grant_checks(round_: Round, submission: Submission) -> list[RuleCheck]:
    lang = round_.language
    grants = round_.grants
    requested = submission.requested
    if requested is None:
        return [RuleCheck("grant-requested", False, text(lang, "no-request"))]
    checks: list[RuleCheck] = []
    shown = money(requested, lang)
    capped = grant_amount(round_, submission)[0]
    if grants.minimum is not None or capped < CENT:
        # Compared after capping: a plan whose capped grant falls below the minimum (or to nothing) gets nothing.
        minimum = grants.minimum if grants.minimum is not None else CENT
        held = capped >= minimum
        reason = text(lang, "below-min", requested=money(capped, lang), minimum=money(minimum, lang))
        checks.append(RuleCheck("grant-min", held, reason))
    if grants.max_share is not None:
        if submission.cost is None:
            checks.append(RuleCheck("grant-cost", False, text(lang, "no-cost")))
        elif grants.above_limit is AboveLimit.INELIGIBLE:
            held = requested <= grants.max_share * submission.cost
            reason = text(
                lang, "above-share", requested=shown, share=percent(grants.max_share, lang),
                cost=money(submission.cost, lang),
            )
            checks.append(RuleCheck("grant-max-share", held, reason))
    if grants.maximum is not None and grants.above_limit is AboveLimit.INELIGIBLE:
        held = requested <= grants.maximum
        reason = text(lang, "above-max", requested=shown, maximum=money(grants.maximum, lang))
        checks.append(RuleCheck("grant-max", held, reason))
    return checks


def grant_amount(round_: Round, submission: Submission) -> tuple[Decimal, str | None]:
    """Return what an eligible plan may receive at most, and a note if its request was capped.

    With `above_limit: cap` (the default) a request above the maximum grant or
    above the maximum share of the plan's cost is lowered to that limit; the
    share is rounded down to the cent so the limit itself is never exceeded.
    """
    assert submission.requested is not None
    lang = round_.language
    requested = submission.requested
    amount = requested
    note = None
    grants = round_.grants
    if grants.maximum is not None and amount > grants.maximum:
        amount = grants.maximum
        note = text(lang, "capped-max", maximum=money(amount, lang), requested=money(requested, lang))
    if grants.max_share is not None and submission.cost is not None:
        limit = (grants.max_share * submission.cost).quantize(CENT, rounding=ROUND_DOWN)
        if amount > limit:
            amount = limit
            note = text(
                lang, "capped-share", share=percent(grants.max_share, lang),
                amount=money(limit, lang), requested=money(requested, lang),
            )
    return amount, note
