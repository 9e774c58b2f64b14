"""Ranking: order passing plans by score, then the round's tie-break chain, then a public lottery.

The lottery is one anyone can redo by hand: each tied submission gets the
ticket SHA-256("<seed>:<submission id>") in hexadecimal, and the lowest
ticket goes first. For example, with seed 2017 and the id `fietsvriend-fred`:

    printf '2017:fietsvriend-fred' | sha256sum
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import groupby
from typing import Any

from initiatief.models import Submission, Tie

_FAR_FUTURE = dt.date.max
_HUGE = Decimal("1e30")


@dataclass(frozen=True)
class Candidate:
    """A passing plan to be ranked, with its score and per-criterion scores."""

    submission: Submission
    score: Fraction
    criteria: dict[str, Fraction]


def ticket(seed: str, submission_id: str) -> str:
    """Return a submission's lottery ticket: SHA-256 of 'seed:id' in hexadecimal."""
    return hashlib.sha256(f"{seed}:{submission_id}".encode()).hexdigest()


def _key(candidate: Candidate, ties: Sequence[str]) -> tuple[Any, ...]:
    """Return the sort key without the lottery: smaller sorts first."""
    parts: list[Any] = [-candidate.score]
    s = candidate.submission
    for link in ties:
        if link == "lottery":
            break
        if link == "requested":
            parts.append(s.requested if s.requested is not None else _HUGE)
        elif link == "cost":
            parts.append(s.cost if s.cost is not None else _HUGE)
        elif link == "received":
            parts.append(s.received or _FAR_FUTURE)
        else:
            parts.append(-candidate.criteria[link])
    return tuple(parts)


def rank(candidates: Sequence[Candidate], ties: Sequence[str], seed: str) -> tuple[list[Candidate], list[Tie]]:
    """Return the candidates best first, and each tie the lottery had to decide.

    The lottery always ends the chain, whether or not the round names it:
    without it, equal plans would be ordered by something arbitrary.
    """
    scores = on_one_denominator([c.score for c in candidates])
    if scores is None:
        return order_by(candidates, lambda c: _key(c, ties), seed)
    # The same order and the same ties, sorted on integers: comparing Fractions is slow.
    keys: dict[int, tuple[Any, ...]] = {}
    chain = _chain(ties)
    criteria = {link: on_one_denominator([c.criteria[link] for c in candidates]) for link in chain
                if link not in _FIELD_LINKS}
    for i, c in enumerate(candidates):
        parts: list[Any] = [-scores[i]]
        for link in chain:
            numbers = criteria.get(link)
            if link in _FIELD_LINKS:
                parts.append(_field(c.submission, link))
            elif numbers is not None:
                parts.append(-numbers[i])
            else:
                parts.append(-c.criteria[link])
        keys[id(c)] = tuple(parts)
    return order_by(candidates, lambda c: keys[id(c)], seed)


_FIELD_LINKS = ("requested", "cost", "received")


def _chain(ties: Sequence[str]) -> list[str]:
    """Return the tie-break links before the lottery."""
    chain = []
    for link in ties:
        if link == "lottery":
            break
        chain.append(link)
    return chain


def _field(s: Submission, link: str) -> Any:
    if link == "requested":
        return s.requested if s.requested is not None else _HUGE
    if link == "cost":
        return s.cost if s.cost is not None else _HUGE
    return s.received or _FAR_FUTURE


def on_one_denominator(values: list[Fraction]) -> list[int] | None:
    """Return the fractions as the numerators on their common denominator: the same order, the same ties.

    None if that denominator grows unwieldy (scores of many different denominators): then Fractions are compared.
    """
    common = 1
    for denominator in {v.denominator for v in values}:
        common = math.lcm(common, denominator)
        if common.bit_length() > 256:
            return None
    return [v.numerator * (common // v.denominator) for v in values]


def arrival_key(candidate: Candidate) -> tuple[Any, ...]:
    """Return the order-of-arrival key: the day the application was complete."""
    return (candidate.submission.received or _FAR_FUTURE,)


def lottery_key(candidate: Candidate) -> tuple[Any, ...]:
    """Return the same key for everyone: the lottery alone decides the order."""
    return ()


def order_by(
    candidates: Sequence[Candidate], key: Callable[[Candidate], tuple[Any, ...]], seed: str
) -> tuple[list[Candidate], list[Tie]]:
    """Return the candidates sorted by `key`, equal keys in lottery order, and the ties drawn."""
    # Sorted by key, then each group of equal keys by ticket: the order of sorting by (key, ticket), with
    # tickets drawn only where plans tie.
    keys = [key(c) for c in candidates]
    by_key = sorted(range(len(candidates)), key=keys.__getitem__)
    ordered: list[Candidate] = []
    drawn: list[Tie] = []
    position = 1
    for _, group_iter in groupby(by_key, key=keys.__getitem__):
        group = [candidates[i] for i in group_iter]
        if len(group) > 1:
            drew = sorted(((ticket(seed, c.submission.id), c) for c in group), key=lambda item: item[0])
            group = [c for _, c in drew]
            drawn.append(Tie(
                seed=seed,
                candidates=tuple(sorted(c.submission.id for c in group)),
                order=tuple(c.submission.id for c in group),
                tickets=tuple(t for t, _ in drew),
                first_rank=position,
            ))
        ordered.extend(group)
        position += len(group)
    return ordered, drawn
