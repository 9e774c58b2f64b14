"""Checks across files on the assembled round: decisions and score rows that name unknown submissions."""

from __future__ import annotations

from decimal import Decimal

from initiatief.errors import Problems, suggest
from initiatief.loading.layout import ALL_BROKEN
from initiatief.models import Condition, DecisionKind, Location, Op, Round, Submission, Vote, tests_of


def check_round(round_: Round, problems: Problems, broken_ids: set[str]) -> None:
    """Add the problems only the whole round shows: unknown or twice-decided submissions, misplaced scores.

    What needs the round's rules (eligibility, shares, missing scores) is checked by
    core.readiness once the round is assembled.
    """
    by_id = {s.id: s for s in round_.submissions}
    _check_decisions(round_, by_id, problems, broken_ids)
    _check_assessors(round_, problems)
    check_votes(round_, problems, broken_ids)
    if not round_.districts:
        _check_district_case(round_, problems)
    last = round_.assessed_stage
    for sheet in round_.scoresheets:
        file = sheet.location.file
        for sub_id in sorted(set(sheet.scores) | sheet.conflicts):
            if sub_id in broken_ids or ALL_BROKEN in broken_ids:
                continue  # that submission's own problems are reported already
            if sub_id not in by_id:
                what = "scores" if sub_id in sheet.scores else "a conflict of interest"
                hint = suggest(sub_id, by_id) if problems.room(file) else None
                problems.add(file, sheet.lines.get(sub_id), f"{what} for unknown submission '{sub_id}'",
                             "an id from the submissions", hint, place=sheet.places.get(sub_id))
            elif by_id[sub_id].stage != last and sub_id in sheet.scores:
                problems.add(file, sheet.lines.get(sub_id),
                             f"scores for '{sub_id}', which is at stage '{by_id[sub_id].stage}'",
                             f"scores only for submissions at stage '{last}'", place=sheet.places.get(sub_id))


_TAKEN_OUT = (DecisionKind.WITHDRAWN, DecisionKind.EXCLUDE, DecisionKind.INCOMPLETE)
"""The decisions that each take a submission out of the round, with a status and a reason of their own."""


def _check_decisions(round_: Round, by_id: dict[str, Submission], problems: Problems, broken_ids: set[str]) -> None:
    seen: dict[tuple[str, str], Location] = {}
    out: dict[str, tuple[DecisionKind, Location]] = {}
    for decision in round_.decisions:
        where = decision.location
        if decision.submission in broken_ids or ALL_BROKEN in broken_ids:
            continue  # its file has a problem, reported already: the decision names no unknown submission
        if decision.submission not in by_id:
            problems.add(where.file, where.line, f"a decision about unknown submission '{decision.submission}'",
                         "an id from the submissions", suggest(decision.submission, by_id))
            continue
        key = (decision.submission, decision.kind)
        if key in seen:
            problems.add(where.file, where.line, f"a second '{decision.kind}' decision about "
                         f"'{decision.submission}' (first at {seen[key]})", "one decision of each kind")
        elif decision.kind in _TAKEN_OUT and decision.submission in out:
            # Withdrawn and excluded: which status, which reason, which letter? Not a choice to make quietly.
            other, at = out[decision.submission]
            problems.add(where.file, where.line, f"the decision '{decision.kind}' about '{decision.submission}' "
                         f"contradicts the decision '{other}' (at {at})",
                         "one of exclude, withdrawn and incomplete per submission", "keep the decision that holds")
        if decision.kind in _TAKEN_OUT:
            out.setdefault(decision.submission, (decision.kind, where))
        seen[key] = where


def _check_assessors(round_: Round, problems: Problems) -> None:
    """With `assessors:` declared, every score file must be a declared assessor's."""
    if not round_.assessors:
        return
    declared = [a.id for a in round_.assessors]
    for sheet in round_.scoresheets:
        if sheet.assessor not in declared:
            problems.add(sheet.location.file, None, f"assessor '{sheet.assessor}' is not one of the round's assessors",
                         "a score file named after an assessor in round.yaml: " + ", ".join(declared),
                         suggest(sheet.assessor, declared))


def _check_district_case(round_: Round, problems: Problems) -> None:
    """Without `districts:`, a district that differs from one round.yaml names only in case is a typo, not a place.

    Ids are case-sensitive, so `Zuid` would silently miss every rule and pot for `zuid`.
    """
    named: set[str] = {x.id for x in round_.district_key.districts} if round_.district_key else set()
    conditions: list[Condition] = [r.condition for r in round_.rules]
    conditions += [p.when for p in round_.pots if p.when is not None]
    for c in (t for condition in conditions for t in tests_of(condition)):
        if c.field == "district" and c.op in (Op.EQUALS, Op.IN, Op.NOT_IN):
            named.update(str(v) for v in (c.value if isinstance(c.value, tuple) else (c.value,)))
    folded = {name.casefold().strip(): name for name in named}
    for s in round_.submissions:
        if s.district is None or s.district in named:
            continue
        close = folded.get(s.district.casefold().strip())
        if close is not None:
            problems.add(s.location.file, s.location.line,
                         f"district '{s.district}' differs from the district '{close}' of round.yaml only in case",
                         f"'{close}' exactly (districts are case-sensitive)", f"did you mean '{close}'?")


def check_votes(round_: Round, problems: Problems, broken_ids: set[str]) -> None:
    """The ballots against the round: unknown plans, channels and districts, and the ballot rules.

    An approval of a plan that is in the round but not in the vote (ineligible, an idea, withdrawn)
    is not a problem: the core ignores it and counts it. Voter ids are personal data: no problem
    names one.
    """
    if not round_.votes:
        return
    by_id = {s.id: s for s in round_.submissions}
    voting = round_.voting
    channels = dict(voting.channels) if voting is not None else {}
    districts = [d.id for d in round_.districts]
    for vote in round_.votes:
        file, line, place = vote.location.file, vote.location.line, vote.place
        for plan in vote.approved:
            if plan in by_id or plan in broken_ids or ALL_BROKEN in broken_ids:
                continue
            hint = suggest(plan, by_id) if problems.room(file) else None
            problems.add(file, line, f"the ballot approves unknown plan '{plan}'", "the id of a submission", hint,
                         place=place)
        if channels and vote.channel is not None and vote.channel not in channels:
            problems.add(file, line, f"the ballot's channel '{vote.channel}' is not one of votes channels",
                         "one of " + ", ".join(channels), suggest(vote.channel, list(channels)), place=place)
        if districts and vote.district is not None and vote.district not in districts:
            problems.add(file, line, f"the voter's district '{vote.district}' is not one of the round's districts",
                         "one of " + ", ".join(districts), suggest(vote.district, districts), place=place)
        if voting is not None and voting.limits:
            for problem, expected in ballot_breaches(round_, vote, by_id):
                problems.add(file, line, problem, expected, place=place)


def ballot_breaches(round_: Round, vote: Vote, by_id: dict[str, Submission]) -> list[tuple[str, str]]:
    """Return how a ballot breaks the round's ballot rules: (problem, expected) for each rule it breaks.

    With `per`, the limits apply to the plans of each value (district, category) the ballot approves
    plans of; a plan without a value counts under none of them but the default limit's own group.
    """
    voting = round_.voting
    assert voting is not None
    groups: dict[str | None, list[Submission]] = {}
    for plan in vote.approved:
        s = by_id.get(plan)
        if s is None:
            continue
        key = None if voting.per is None else _value_of(s, voting.per)
        groups.setdefault(key, []).append(s)
    if not vote.approved and voting.per is None:
        groups[None] = []  # a blank ballot is held to a plain `min`; with `per` it has no plan of any value
    out: list[tuple[str, str]] = []
    for key, plans in groups.items():
        limit = voting.limit(key)
        if limit is None:
            continue
        within = "" if voting.per is None else f" of {voting.per} '{key}'" if key is not None else \
            f" without a {voting.per}"
        count = len(plans)
        if limit.min is not None and count < limit.min:
            out.append((f"the ballot approves {count} plan{'s' if count != 1 else ''}{within}",
                        f"at least {limit.min} (votes ballots min)"))
        if limit.max is not None and count > limit.max:
            out.append((f"the ballot approves {count} plans{within}", f"at most {limit.max} (votes ballots max)"))
        if limit.max_cost is not None:
            total = sum((s.requested for s in plans if s.requested is not None), Decimal(0))
            if total > limit.max_cost:
                out.append((f"the plans the ballot approves{within} ask {total} in all",
                            f"at most {limit.max_cost} (votes ballots max_cost)"))
    return out


def _value_of(s: Submission, per: str) -> str | None:
    if per == "district":
        return s.district
    value = s.facts.get(per[len("facts."):])
    return None if value is None else str(value)
