"""round.yaml `votes:`: how residents' votes decide, read into `models.Voting` (docs/votes.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from initiatief.loading import declarations as D
from initiatief.loading.fields import Fields, type_name
from initiatief.loading.yamlfile import YMap
from initiatief.models import BallotLimit, Completion, Location, Satisfaction, VoteLeftover, Voting

_BROKEN = object()


def read_voting(m: YMap, f: Fields) -> Voting | None:
    """Return the round's `votes:` block; None if it is absent or had problems (recorded)."""
    if "votes" not in m:
        return None
    v = f.mapping(m["votes"], m.line_of("votes"), "votes")
    if v is None:
        return None
    before = f.problems.count
    f.keys(v, "votes", D.VOTES.required, D.VOTES.optional)
    satisfaction = f.one_of(v, "satisfaction", "votes", Satisfaction, Satisfaction.COST)
    completion = f.one_of(v, "completion", "votes", Completion, Completion.NONE)
    leftover = f.one_of(v, "leftover", "votes", VoteLeftover, VoteLeftover.NONE)
    jury = f.boolean(v, "jury", "votes", False)
    threshold = Decimal(0)
    if v.get("threshold") is not None:
        read = f.number(v["threshold"], v.line_of("threshold"), "votes threshold")
        if read is not None and read < 0:
            f.add(v.line_of("threshold"), f"votes threshold is {read}", "a number of approvals, 0 or more")
        elif read is not None:
            threshold = read
    channels: list[tuple[str, Decimal]] = []
    if v.get("channels") is not None:
        c = f.mapping(v["channels"], v.line_of("channels"), "votes channels")
        for name in c or ():
            factor = f.number(c[name], c.line_of(name), f"the weight of channel '{name}'") if c else None
            if factor is not None and factor <= 0:
                f.add(c.line_of(name) if c else None, f"the weight of channel '{name}' is {factor}",
                      "a number above 0")
            elif factor is not None:
                channels.append((str(name), factor))
    weight: Decimal | None = None
    if v.get("weight") is not None:
        weight = f.percent(v["weight"], v.line_of("weight"), "votes weight")
        if weight == 0:
            f.add(v.line_of("weight"), "votes weight is 0%", "a share above 0% (or no weight: no combined ranking)")
            weight = None
    per: str | None = None
    limits: tuple[BallotLimit, ...] = ()
    if v.get("ballots") is not None:
        b = f.mapping(v["ballots"], v.line_of("ballots"), "votes ballots")
        if b is not None:
            per, limits = _ballot_rules(b, f)
    if f.problems.count != before:
        return None
    return Voting(satisfaction, completion, threshold, leftover, jury, per, limits, tuple(channels), weight,
                  Location(f.file, m.line_of("votes")))


def _ballot_rules(b: YMap, f: Fields) -> tuple[str | None, tuple[BallotLimit, ...]]:
    f.keys(b, "votes ballots", D.BALLOT_RULES.required, D.BALLOT_RULES.optional)
    per = f.text(b, "per", "votes ballots")
    if per is not None and per != "district" and not (per.startswith("facts.") and len(per) > len("facts.")):
        f.add(b.line_of("per"), f"votes ballots 'per' is '{per}'", "district, or facts.<name> (a category fact)")
        per = None
    # Each limit: one value for all plans (or for each value of `per`), or a mapping value → limit.
    by_value: dict[str | None, dict[str, Any]] = {}
    for key in ("min", "max", "max_cost"):
        if b.get(key) is None:
            continue
        raw = b[key]
        if isinstance(raw, YMap):
            if per is None and "per" not in b:
                f.add(b.line_of(key), f"votes ballots '{key}' gives a limit per value, but there is no 'per'",
                      "per: district (or facts.<name>), or one limit for the whole ballot")
                continue
            for value in raw:
                limit = _limit(key, raw[value], raw.line_of(value), f)
                if limit is not _BROKEN:
                    by_value.setdefault(str(value), {})[key] = limit
        else:
            limit = _limit(key, raw, b.line_of(key), f)
            if limit is not _BROKEN:
                by_value.setdefault(None, {})[key] = limit
    limits = tuple(BallotLimit(value, **parts) for value, parts in by_value.items())
    for limit in limits:
        if limit.min is not None and limit.max is not None and limit.min > limit.max:
            where = "" if limit.value is None else f" for '{limit.value}'"
            f.add(b.line_of("min"), f"votes ballots min{where} is {limit.min}, more than max {limit.max}",
                  "min at most max")
    return per, limits


def _limit(key: str, value: Any, line: int | None, f: Fields) -> Any:
    if key == "max_cost":
        amount = f.money(value, line, "votes ballots max_cost")
        return _BROKEN if amount is None else amount
    low = 0 if key == "min" else 1
    if isinstance(value, bool) or not isinstance(value, int):
        f.add(line, f"votes ballots '{key}' is {type_name(value)}", "a whole number of approvals")
        return _BROKEN
    if value < low:
        f.add(line, f"votes ballots '{key}' is {value}", f"a whole number, {low} or more")
        return _BROKEN
    return value
