"""A round with votes as a pabulib `.pb` file (`initiatief export --pabulib`): data → text, no file access.

The election as the vote method saw it: the plans in the vote (eligible, not withdrawn,
excluded or set aside) with their grant as the cost, the ballots with only the approvals of
those plans, and `selected` from the outcome. The same round gives the same bytes.

Personal data never goes in: no applicant, no contact, no voter id (the ballots are numbered
1..n in ballot order). What pabulib's META cannot say (a threshold, cardinality satisfaction,
greedy without skipping) is written in its `comment`, and listed in `PabulibFile.unsaid`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from initiatief.errors import OutputError
from initiatief.models import (
    BallotLimit,
    Completion,
    Method,
    Op,
    Outcome,
    Pot,
    Result,
    Round,
    Satisfaction,
    Status,
    Test,
    VoteLeftover,
    Voting,
)

IN_THE_VOTE = frozenset({Status.AWARDED, Status.PARTLY_AWARDED, Status.NOT_FUNDED})
"""The statuses of the plans the residents' vote decided on."""
LEFTOVER_FIT = "Fund additional projects that fit within leftover budget ordered by score"
LEFTOVER_PARTIAL = "Partially fund one additional project with highest score"
_RULES = {
    Completion.NONE: "equalshares",
    Completion.ADD1: "equalshares/add1",
    Completion.COMPARISON: "equalshares-comparison",
    Completion.ADD1_COMPARISON: "equalshares/add1-comparison",
}


@dataclass(frozen=True)
class PabulibFile:
    """The .pb text, and what of the round pabulib's META cannot say (written in its comment)."""

    text: str
    projects: int
    ballots: int
    unsaid: tuple[str, ...]


def render_pabulib(outcome: Outcome) -> PabulibFile:
    """Return the round's election and outcome as a pabulib file (the round must be decided by votes)."""
    r = outcome.round
    voting = r.voting or Voting()
    if not outcome.method.by_votes:
        raise OutputError(f"the method is {outcome.method.value}: a pabulib file holds a round decided by votes "
                          "(method votes or equal-shares)")
    results = [x for x in sorted(outcome.results, key=lambda x: x.submission.id) if x.status in IN_THE_VOTE]
    ids = {x.submission.id for x in results}
    ballots = [tuple(dict.fromkeys(p for p in v.approved if p in ids)) for v in r.votes]
    approvals = dict.fromkeys(ids, 0)
    for ballot in ballots:
        for pid in ballot:
            approvals[pid] += 1
    unsaid: list[str] = []
    meta: list[tuple[str, str]] = [("description", r.name), ("instance", str(r.year)),
                                   ("num_projects", str(len(results))), ("num_votes", str(len(ballots)))]
    award_pots = [p for p in r.pots if not p.for_prizes]
    budget = min(sum((p.amount for p in award_pots), Decimal(0)), r.ceiling)
    meta += [("budget", _amount(budget)), ("vote_type", "approval"), ("rule", _rule(outcome.method, r, unsaid))]
    whole = voting.limit(None) if voting.per is None else None
    if whole is not None:
        meta += [(k, str(v)) for k, v in (("min_length", whole.min), ("max_length", whole.max)) if v is not None]
        if whole.max_cost is not None:
            meta.append(("max_sum_cost", _amount(whole.max_cost)))
    elif voting.limits and voting.per != "facts.category":
        unsaid.append(f"ballot limits per {voting.per}")
    meta += [("language", r.language.value), ("currency", r.currency)]
    # The lottery's seed, so that import-pb draws the same ties (pabulib has no key for it; readers keep it).
    meta.append(("seed", r.allocation.seed))
    category = _category_labels(r)
    by_category = _pots_by(award_pots, "facts.category")
    by_district = _pots_by(award_pots, "district")
    districts = {d.id: d.label for d in r.districts}
    if by_category:
        meta += [("categories", ",".join(_listed(category.get(v, v)) for v, _ in by_category)),
                 ("budget_per_category", ",".join(_amount(p.amount) for _, p in by_category))]
    elif by_district:
        meta += [("neighborhoods", ",".join(_listed(districts.get(v, v)) for v, _ in by_district)),
                 ("budget_per_neighborhood", ",".join(_amount(p.amount) for _, p in by_district))]
    elif len(award_pots) > 1 or any(p.when is not None or p.share is not None for p in award_pots):
        unsaid.append("pots other than one per category or per district (the budget is their total)")
    if voting.per == "facts.category" and voting.limits:
        meta += _limits_per_category([v for v, _ in by_category] or list(category), category, voting, unsaid,
                                     listed=bool(by_category))
    if outcome.method is Method.VOTES and voting.leftover is VoteLeftover.FIT:
        meta.append(("leftover_budget", LEFTOVER_FIT))
    elif outcome.method is Method.VOTES and r.grants.partial:
        meta.append(("leftover_budget", LEFTOVER_PARTIAL))
    names = [*category.values(), *districts.values()]
    if any("," in n for n in names):
        unsaid.append("commas in the names of categories and districts (written as spaces)")
    if unsaid:
        meta.append(("comment", "Not expressible in pabulib META: " + "; ".join(unsaid) + "."))
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(["META"])
    w.writerow(["key", "value"])
    w.writerows(meta)
    w.writerows(_projects(results, approvals, category, districts))
    w.writerows(_votes(r, ballots))
    return PabulibFile(out.getvalue(), len(results), len(ballots), tuple(unsaid))


def _projects(results: Sequence[Result], approvals: dict[str, int], category: dict[str, str],
              districts: dict[str, str]) -> list[list[str]]:
    has_category = any(x.submission.facts.get("category") not in (None, "", ()) for x in results)
    has_district = any(x.submission.district for x in results)
    rows = [["PROJECTS"], ["project_id", "cost", "votes", "name", *(["category"] if has_category else []),
                           *(["neighborhood"] if has_district else []), "selected"]]
    for x in results:
        s = x.submission
        grant = x.eligible_amount if x.eligible_amount is not None else s.requested or Decimal(0)
        row = [s.id, _amount(grant), str(approvals[s.id]), s.title]
        if has_category:
            value = s.facts.get("category")
            values = value if isinstance(value, tuple) else (value,) if value not in (None, "") else ()
            row.append(",".join(_listed(category.get(str(v), str(v))) for v in values))
        if has_district:
            row.append(_listed(districts.get(s.district, s.district)) if s.district else "")
        row.append("1" if x.status.funded else "0")
        rows.append(row)
    return rows


def _votes(r: Round, ballots: Sequence[tuple[str, ...]]) -> list[list[str]]:
    channel = any(v.channel for v in r.votes)
    district = any(v.district for v in r.votes)
    weights = [r.vote_weight(v) for v in r.votes]
    weighted = any(x != 1 for x in weights)
    districts = {d.id: d.label for d in r.districts}
    rows = [["VOTES"], ["voter_id", "vote", *(["voting_method"] if channel else []),
                        *(["neighborhood"] if district else []), *(["weight"] if weighted else [])]]
    for number, (vote, approved, weight) in enumerate(zip(r.votes, ballots, weights, strict=True), start=1):
        # The voter id is personal data: the ballot's number in ballot order stands for it.
        row = [str(number), ",".join(approved)]
        if channel:
            row.append(vote.channel or "")
        if district:
            row.append(_listed(districts.get(vote.district, vote.district)) if vote.district else "")
        if weighted:
            row.append(_amount(weight))
        rows.append(row)
    return rows


def _rule(method: Method, r: Round, unsaid: list[str]) -> str:
    voting = r.voting or Voting()
    if voting.threshold > 0:
        unsaid.append(f"a vote threshold of {voting.threshold}")
    if voting.jury:
        unsaid.append("only plans that passed the jury were in the vote")
    if method is Method.VOTES:
        if not r.allocation.skip and not r.grants.partial:
            unsaid.append("greedy without skipping (it stops at the first plan that does not fit)")
        return "greedy"
    if voting.satisfaction is Satisfaction.CARDINALITY:
        unsaid.append("equal shares with cardinality satisfaction")
    return _RULES[voting.completion]


def _limits_per_category(values: list[str], labels: dict[str, str], voting: Voting, unsaid: list[str], *,
                         listed: bool) -> list[tuple[str, str]]:
    """Return META's `*_per_category` lines: each limit for every category in `values`, in their order."""
    meta = [] if listed else [("categories", ",".join(_listed(labels.get(v, v)) for v in values))]
    for key, part in (("min_length_per_category", "min"), ("max_length_per_category", "max"),
                      ("max_sum_cost_per_category", "max_cost")):
        limits = [getattr(voting.limit(v) or BallotLimit(), part) for v in values]
        if all(x is None for x in limits):
            continue
        if any(x is None for x in limits) or not values:
            unsaid.append(f"ballot limit '{part}' for some categories only")
            continue
        meta.append((key, ",".join(_amount(x) if part == "max_cost" else str(x) for x in limits)))
    return meta


def _pots_by(pots: Sequence[Pot], field: str) -> list[tuple[str, Pot]]:
    """Return the pots as (value, pot) if each pays for the plans with one value of `field`, else []."""
    found: list[tuple[str, Pot]] = []
    for p in pots:
        when = p.when
        if p.share is not None or not isinstance(when, Test) or when.field != field or when.op is not Op.EQUALS:
            return []
        found.append((str(when.value), p))
    return found


def _category_labels(r: Round) -> dict[str, str]:
    declared = r.form.get("facts.category") if r.form is not None else None
    return dict(declared.values) if declared is not None else {}


def _listed(text: str) -> str:
    """Return a name for a comma-separated META or PROJECTS list: a comma would split it (META comment says so)."""
    return text.replace(",", " ")


def _amount(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")
