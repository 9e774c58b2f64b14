"""Work done once per round and plan: eligibility checks and assessments, asked for by several steps.

A Round and a Submission are immutable, so an answer cannot change; the caches hold a round weakly
(by identity), so its entries go when it does.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import compress, count, repeat
from operator import is_
from typing import Any, Generic, TypeVar, cast
from weakref import WeakKeyDictionary, ref

from initiatief.core.conditions import MISSING, reader
from initiatief.models import ApplicantKind, Condition, Round, Submission, normal_value, tests_of

T = TypeVar("T")


class PerPlan(Generic[T]):
    """A cache of `make(round, submission)`, filled on first use."""

    def __init__(self, make: Callable[[Round, Submission], T]) -> None:
        self._make = make
        # Per round, its plans by identity (a Submission compares by identity): a plain dict, which goes with its
        # round. The last round asked about is kept at hand (weakly: forgotten when that round goes), as
        # evaluate and readiness ask about one round plan after plan.
        self._known: WeakKeyDictionary[Round, dict[Submission, T]] = WeakKeyDictionary()
        self._last: tuple[ref[Round], dict[Submission, T]] | None = None

    def _forget(self, _gone: ref[Round]) -> None:
        self._last = None

    def known(self, round_: Round) -> dict[Submission, T]:
        """Return the answers made so far for `round_`'s plans, by plan: a step that works out many plans at once
        fills it, so that asking plan by plan afterwards finds them."""
        last = self._last
        if last is not None and last[0]() is round_:
            return last[1]
        kept = self._known.get(round_)
        known = self._known[round_] = {} if kept is None else kept
        self._last = (ref(round_, self._forget), known)
        return known

    def __call__(self, round_: Round, submission: Submission) -> T:
        last = self._last
        known = last[1] if last is not None and last[0]() is round_ else self.known(round_)
        found = known.get(submission)
        if found is None:
            found = known[submission] = self._make(round_, submission)
        return found


_PLAIN = frozenset({str, Decimal, bool, dt.date, ApplicantKind})


def fields_read(conditions: Iterable[Condition | None]) -> tuple[str, ...]:
    """Return every field the conditions test, once each, in the order written."""
    return tuple(dict.fromkeys(t.field for c in conditions if c is not None for t in tests_of(c)))


def values_key(submission: Submission, fields: tuple[str, ...]) -> tuple[object, ...] | None:
    """Return what a submission gives for `fields`, as conditions read them: two submissions with the same
    key are decided alike by every condition that tests only these fields.

    Each value is keyed with its type (True == 1, but a rule tells a yes from a count); None when a value is
    not a plain text, number, date or yes/no (a list fact, a NaN): such a plan is decided on its own.
    """
    key = [_element(read(submission)) for read in _readers(fields)]
    return None if None in key else tuple(key)


def values_keys(plans: Sequence[Submission], fields: tuple[str, ...]) -> list[tuple[object, ...] | None]:
    """Return `values_key(plan, fields)` for each plan, a field at a time."""
    columns = [list(map(_element, map(read, plans))) for read in _readers(fields)]
    keys: list[tuple[object, ...] | None] = list(zip(*columns, strict=True)) if columns else [() for _ in plans]
    if any(None in column for column in columns):
        keys = [None if key is None or None in key else key for key in keys]
    return keys


def _element(raw: Any) -> object:
    """Return a value as `values_key` keys it: MISSING, (its type, its normal value), or None (no key)."""
    if raw is MISSING or raw is None:
        return MISSING
    kind = raw.__class__
    if kind in _AS_GIVEN:  # what normal_value returns as it is
        return (kind, raw)
    value = normal_value(raw)
    kind = value.__class__
    if kind in _PLAIN and not (kind is Decimal and value.is_nan()):
        return (kind, value)
    return None


_AS_GIVEN = frozenset({str, bool, dt.date, ApplicantKind})
"""The plain types that `normal_value` leaves as they are (a number becomes a Decimal, a datetime its date)."""


@functools.lru_cache(maxsize=1024)
def _readers(fields: tuple[str, ...]) -> tuple[Callable[[Submission], Any], ...]:
    """Return, per field, what `field_value` reads of a submission before `normal_value` (conditions.reader)."""
    return tuple(reader(name) for name in fields)


class ByValues(Generic[T]):
    """Answers per combination of the values some conditions read (`values_key`): asked plan after plan, each
    combination is worked out once; a plan whose values cannot be a key is worked out on its own."""

    def __init__(self, conditions: Iterable[Condition | None]) -> None:
        self.fields = fields_read(conditions)
        self._known: dict[tuple[object, ...], T] = {}

    def get_all(self, plans: Sequence[Submission], make: Callable[[Submission], T]) -> list[T]:
        """Return `get(plan, make)` for each plan, in order, the plans' values keyed a field at a time."""
        keys = values_keys(plans, self.fields)
        known = self._known
        found: list[T | None] = list(map(known.get, keys))  # type: ignore[arg-type]  # None: no key, never known
        for i in compress(count(), map(is_, found, repeat(None))):  # the plans whose values are new here
            key = keys[i]
            if key is None:
                found[i] = make(plans[i])
            elif key in known:
                found[i] = known[key]
            else:
                found[i] = known[key] = make(plans[i])
        return cast(list[T], found)

    def get(self, submission: Submission, make: Callable[[Submission], T]) -> T:
        """Return the answer for `submission`'s values: `make(submission)` the first time they are met."""
        key = values_key(submission, self.fields)
        if key is None:
            return make(submission)
        known = self._known
        if key in known:
            return known[key]
        found = known[key] = make(submission)
        return found


R = TypeVar("R")


class PerRound(Generic[R]):
    """A cache of `make(round)`, filled on first use, held as long as the round is."""

    def __init__(self, make: Callable[[Round], R]) -> None:
        self._make = make
        self._known: WeakKeyDictionary[Round, R] = WeakKeyDictionary()
        # The last round asked about, at hand (weakly): the steps ask about one round plan after plan, and a
        # WeakKeyDictionary's lookup runs in Python.
        self._last: tuple[ref[Round], R] | None = None

    def _forget(self, _gone: ref[Round]) -> None:
        self._last = None

    def __call__(self, round_: Round) -> R:
        last = self._last
        if last is not None and last[0]() is round_:
            return last[1]
        found = self._known.get(round_)
        if found is None:
            found = self._known[round_] = self._make(round_)
        self._last = (ref(round_, self._forget), found)
        return found
