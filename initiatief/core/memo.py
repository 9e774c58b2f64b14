"""Work done once per round and plan: eligibility checks and assessments, asked for by several steps.

A Round and a Submission are immutable, so an answer cannot change; the caches hold them weakly
(by identity), so an entry goes when its round or submission does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from initiatief.models import Round, Submission

T = TypeVar("T")


class PerPlan(Generic[T]):
    """A cache of `make(round, submission)`, filled on first use."""

    def __init__(self, make: Callable[[Round, Submission], T]) -> None:
        self._make = make
        self._known: WeakKeyDictionary[Round, WeakKeyDictionary[Submission, T]] = WeakKeyDictionary()

    def __call__(self, round_: Round, submission: Submission) -> T:
        known = self._known.get(round_)
        if known is None:
            known = self._known[round_] = WeakKeyDictionary()
        found = known.get(submission)
        if found is None:
            found = known[submission] = self._make(round_, submission)
        return found
