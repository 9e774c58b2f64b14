"""Why a submission ended where it did, as data: a code from a closed catalogue and its parameters.

The core records a Reason for every status, every capping, every tie, every
allocation step and every decision; it never writes a sentence. The words come at
the edge: texts/reasons.py phrases a Reason in nl or en, output/jsonout.py writes
it as `{"code": …, <parameters>, "text": …}`, and a letter to the applicant can
phrase it in its own way. docs/json.md lists every code with its parameters; a test
checks that list against CATALOGUE both ways.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import cast


class Code(StrEnum):
    """The closed catalogue of reasons (docs/json.md, "Reasons")."""

    # where a submission stopped before the assessment
    EARLIER_STAGE = "earlier-stage"
    EXCLUDED = "excluded"
    WITHDRAWN = "withdrawn"
    INCOMPLETE = "incomplete"
    # eligibility: the round's rules and the grant limits
    RULE_FAILED = "rule-failed"
    NOT_GIVEN = "not-given"
    NO_REQUEST = "no-request"
    NO_COST = "no-cost"
    BELOW_MINIMUM_GRANT = "below-minimum-grant"
    ABOVE_MAXIMUM_GRANT = "above-maximum-grant"
    ABOVE_MAXIMUM_SHARE = "above-maximum-share"
    # the amount a plan may receive
    CAPPED_AT_MAXIMUM = "capped-at-maximum"
    CAPPED_AT_SHARE = "capped-at-share"
    CAPPED_BY_DECISION = "capped-by-decision"
    # the assessment
    BELOW_PASS_MARK = "below-pass-mark"
    BELOW_CRITERION_MINIMUM = "below-criterion-minimum"
    # the ranking
    TIED = "tied"
    # the allocation
    FUNDED = "funded"
    PARTLY_FUNDED = "partly-funded"
    FROM_LEFTOVERS = "from-leftovers"
    POT_SHORT = "pot-short"
    CEILING_REACHED = "ceiling-reached"
    ALLOCATION_STOPPED = "allocation-stopped"
    NO_POT = "no-pot"
    PRO_RATA = "pro-rata"
    EQUAL_SHARES = "equal-shares"
    NOT_IN_OPTIMAL_SET = "not-in-optimal-set"
    # residents' votes
    VOTES = "votes"
    BELOW_VOTE_THRESHOLD = "below-vote-threshold"
    MES_CHOSEN = "mes-chosen"
    MES_UNAFFORDABLE = "mes-unaffordable"
    FROM_VOTE_LEFTOVER = "from-vote-leftover"
    COMBINED_SCORE = "combined-score"
    MES_COMPARISON = "mes-comparison"
    PRIZE = "prize"


class Kind(StrEnum):
    """What a parameter holds, so that every output can write it its own way."""

    MONEY = "money"
    """A Decimal amount in euros, exact to the cent."""
    SHARE = "share"
    """A Decimal fraction: 0.5 is 50%."""
    SCORE = "score"
    """An exact Fraction (a weighted score, a criterion's combined score)."""
    COUNT = "count"
    """A whole number (a rank)."""
    TEXT = "text"
    """Text: an id, a label, or a reason written by the round's officials."""
    DATE = "date"
    """A date."""
    IDS = "ids"
    """A tuple of ids (submissions or pots)."""
    PARTS = "parts"
    """A tuple of (pot id, Decimal amount): who pays what, in paying order."""
    VOTES = "votes"
    """An exact Fraction: a number of (weighted) votes, whole unless ballots carry weights."""


Param = Decimal | Fraction | int | str | dt.date | tuple[str, ...] | tuple[tuple[str, Decimal], ...]

_M, _S, _F, _N, _T, _D, _I, _P = (Kind.MONEY, Kind.SHARE, Kind.SCORE, Kind.COUNT, Kind.TEXT, Kind.DATE, Kind.IDS,
                                  Kind.PARTS)
_V = Kind.VOTES

CATALOGUE: Mapping[Code, Mapping[str, Kind]] = MappingProxyType({
    Code.EARLIER_STAGE: {"stage": _T, "assessed_stage": _T},
    Code.EXCLUDED: {"date": _D, "reason": _T},
    Code.WITHDRAWN: {"date": _D, "reason": _T},
    Code.INCOMPLETE: {"date": _D, "reason": _T},
    Code.RULE_FAILED: {"rule": _T, "reason": _T},
    Code.NOT_GIVEN: {"rule": _T, "fields": _I},
    Code.NO_REQUEST: {},
    Code.NO_COST: {},
    Code.BELOW_MINIMUM_GRANT: {"amount": _M, "minimum": _M},
    Code.ABOVE_MAXIMUM_GRANT: {"requested": _M, "maximum": _M},
    Code.ABOVE_MAXIMUM_SHARE: {"requested": _M, "share": _S, "cost": _M},
    Code.CAPPED_AT_MAXIMUM: {"amount": _M, "requested": _M},
    Code.CAPPED_AT_SHARE: {"amount": _M, "share": _S, "requested": _M},
    Code.CAPPED_BY_DECISION: {"amount": _M, "date": _D, "reason": _T},
    Code.BELOW_PASS_MARK: {"score": _F, "pass_score": _F, "pass_mark": _S, "max_score": _F},
    Code.BELOW_CRITERION_MINIMUM: {"criterion": _T, "label": _T, "score": _F, "minimum": _F},
    Code.TIED: {"size": _N, "first_rank": _N, "seed": _T, "ticket": _T},
    Code.FUNDED: {"amount": _M, "paid_by": _P},
    Code.PARTLY_FUNDED: {"amount": _M, "needed": _M},
    Code.FROM_LEFTOVERS: {},
    Code.POT_SHORT: {"rank": _N, "pots": _I, "needed": _M, "left": _M},
    Code.CEILING_REACHED: {"rank": _N, "needed": _M, "left": _M},
    Code.ALLOCATION_STOPPED: {"rank": _N},
    Code.NO_POT: {},
    Code.PRO_RATA: {"share": _S},
    Code.EQUAL_SHARES: {"amount": _M},
    Code.NOT_IN_OPTIMAL_SET: {"total": _F},
    Code.VOTES: {"approvals": _V, "voters": _V},
    Code.BELOW_VOTE_THRESHOLD: {"approvals": _V, "threshold": _V},
    Code.MES_CHOSEN: {"step": _N, "supporters": _V, "payment": _M, "share": _M},
    Code.MES_UNAFFORDABLE: {"supporters": _V, "left": _M, "needed": _M, "share": _M},
    Code.FROM_VOTE_LEFTOVER: {},
    Code.MES_COMPARISON: {"kept": _T, "for_mes": _V, "for_greedy": _V},
    Code.COMBINED_SCORE: {"combined": _F, "score": _F, "max_score": _F, "approvals": _V, "voters": _V,
                          "weight": _S},
    Code.PRIZE: {"label": _T, "amount": _M, "pot": _T},
})
"""Every code and its parameters, in the order they are written."""

_TYPES: Mapping[Kind, tuple[type, ...]] = {
    Kind.MONEY: (Decimal,), Kind.SHARE: (Decimal,), Kind.SCORE: (Fraction,), Kind.COUNT: (int,), Kind.TEXT: (str,),
    Kind.DATE: (dt.date,), Kind.IDS: (tuple,), Kind.PARTS: (tuple,), Kind.VOTES: (Fraction,),
}


@dataclass(frozen=True)
class Reason:
    """One reason: a code and its parameters (names and kinds as CATALOGUE says)."""

    code: Code
    params: tuple[tuple[str, Param], ...] = ()

    def __getitem__(self, name: str) -> Param:
        for key, value in self.params:
            if key == name:
                return value
        raise KeyError(name)

    def money(self, name: str) -> Decimal:
        """Return a money parameter."""
        value = self[name]
        assert isinstance(value, Decimal)
        return value


def as_parts(value: Param) -> tuple[tuple[str, Decimal], ...]:
    """Return a PARTS parameter with its type: (pot id, amount) pairs."""
    assert isinstance(value, tuple)
    return cast(tuple[tuple[str, Decimal], ...], value)


def as_ids(value: Param) -> tuple[str, ...]:
    """Return an IDS parameter with its type."""
    assert isinstance(value, tuple)
    return cast(tuple[str, ...], value)


_CHECKS: Mapping[Code, tuple[tuple[str, tuple[type, ...]], ...]] = {
    code: tuple((name, (int,) if kind is Kind.COUNT else _TYPES[kind]) for name, kind in params.items())
    for code, params in CATALOGUE.items()
}
"""Each code's parameters in order, with the exact types a value may have (a COUNT: int, never a bool)."""


def reason(code: Code, **params: Param) -> Reason:
    """Return the Reason `code` with `params`, checked against the catalogue (a wrong name is a bug)."""
    # The common case in one pass: each value's own type is one the catalogue allows (a subclass, or a
    # name missing or extra, goes the long way below, which says what is wrong).
    checks = _CHECKS[code]
    if len(params) == len(checks):
        try:
            out = tuple([(name, value) for name, types in checks
                         if type(value := params[name]) in types])
        except KeyError:
            out = ()
        if len(out) == len(checks):
            return Reason(code, out)
    return _checked(code, params)


def _checked(code: Code, params: Mapping[str, Param]) -> Reason:
    expected = CATALOGUE[code]
    if set(params) != set(expected):
        raise TypeError(f"reason {code}: parameters {sorted(params)}, expected {sorted(expected)}")
    for name, kind in expected.items():
        value = params[name]
        if not isinstance(value, _TYPES[kind]) or (kind is Kind.COUNT and isinstance(value, bool)):
            raise TypeError(f"reason {code}: {name} is {type(value).__name__}, expected {kind}")
    return Reason(code, tuple((name, params[name]) for name in expected))
