"""Methods side by side: the same round under every distribution method (pure, no I/O)."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from initiatief.core.evaluate import evaluate
from initiatief.core.optimal import OptimalUnavailable
from initiatief.errors import InitiatiefError, InputError
from initiatief.models import FUNDED, Method, Outcome, Round

if TYPE_CHECKING:
    from initiatief.loading.layout import Progress

COMPARE_OPTIMAL_UP_TO = 10_000
"""compare-methods leaves `optimal` out of a round with more passing plans than this, saying why.

On such rounds its proof takes many minutes or ends at its work limit (docs/method.md, `optimal`), which
would hold up the comparison of the other methods; `score --method optimal` still runs it. Counted, not
timed: the same round is compared the same way on every machine. When `optimal` is the round's own
method it always runs.
"""


class Skipped(Enum):
    """Why compare-methods did not run a method, as data: the texts say it in the round's language."""

    NOT_INSTALLED = "not-installed"  # optimal without the `optimal` extra
    TOO_MANY_PLANS = "too-many-plans"  # optimal beyond COMPARE_OPTIMAL_UP_TO passing plans


@dataclass(frozen=True)
class MethodRun:
    """One method's outcome, or why it could not be used for this round.

    `problem` is the reason in English (compare-methods' JSON); `skipped` and `passing` say it as data where
    compare-methods itself left the method out, so people's tables can say it in the round's language.
    """

    method: str
    outcome: Outcome | None
    problem: str | None = None
    skipped: Skipped | None = None
    passing: int = 0  # for TOO_MANY_PLANS: the passing plans, and the most that compare-methods runs optimal for
    limit: int = 0

    @property
    def funded(self) -> int:
        """Return how many plans this method funds."""
        return 0 if self.outcome is None else sum(1 for r in self.outcome.results if r.status in FUNDED)

    @property
    def total(self) -> Decimal:
        """Return the total awarded under this method (prizes not included)."""
        if self.outcome is None:
            return Decimal("0.00")
        return sum((r.awarded for r in self.outcome.results), Decimal("0.00"))


@dataclass(frozen=True)
class Comparison:
    """Every method's run, the plans that passed, and how many differ from the round's own method."""

    base: str
    runs: tuple[MethodRun, ...]
    plans: tuple[str, ...]

    def cell(self, method: str, submission_id: str) -> tuple[str, Decimal] | None:
        """Return (status, amount) of a plan under a method, or None if the method could not run."""
        run = next(r for r in self.runs if r.method == method)
        if run.outcome is None:
            return None
        result = run.outcome.result(submission_id)
        return result.status.value, result.awarded

    def differing(self, method: str) -> int:
        """Return how many plans get another status or amount than under the round's own method."""
        return sum(1 for p in self.plans if self.cell(method, p) != self.cell(self.base, p))


def _evaluate(round_: Round, method: Method) -> Outcome:
    """Return the round's outcome under `method`, the garbage collector paused (nothing built forms a cycle)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return evaluate(round_, method)
    finally:
        if was_enabled:
            gc.enable()


def _passing(runs: list[MethodRun]) -> int:
    """Return how many plans passed, from the first run that has an outcome (0 before any)."""
    outcome = next((r.outcome for r in runs if r.outcome is not None), None)
    return 0 if outcome is None else sum(1 for r in outcome.results if r.rank is not None)


def compare_methods(round_: Round, progress: Progress | None = None) -> Comparison:
    """Return the round evaluated under every method, for the plans that passed the assessment.

    `progress`, if given, is told each method done: progress("methods", done, total).
    """
    runs: list[MethodRun] = []
    # The jury's methods for a round with criteria, the vote methods for a round with votes (both for both).
    methods = [m for m in Method if (round_.voting is not None if m.by_votes else bool(round_.criteria))]
    for method in methods:
        passing = _passing(runs) if method is Method.OPTIMAL and method is not round_.allocation.method else 0
        if passing > COMPARE_OPTIMAL_UP_TO:
            runs.append(MethodRun(method, None, (
                f"not compared: {passing:,} passing plans, more than the {COMPARE_OPTIMAL_UP_TO:,} that "
                "compare-methods runs optimal for (its proof would take many minutes); initiatief score --method "
                "optimal runs it"), Skipped.TOO_MANY_PLANS, passing, COMPARE_OPTIMAL_UP_TO))
            if progress is not None:
                progress("methods", len(runs), len(methods))
            continue
        try:
            # Each run reuses the round's eligibility checks and assessments (both made once per plan).
            runs.append(MethodRun(method, _evaluate(round_, method)))
        except OptimalUnavailable as exc:
            runs.append(MethodRun(method, None, str(exc), Skipped.NOT_INSTALLED))
        except InputError as exc:
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            runs.append(MethodRun(method, None, exc.problems[0].problem + more))
        except InitiatiefError as exc:
            runs.append(MethodRun(method, None, str(exc)))
        if progress is not None:
            progress("methods", len(runs), len(methods))
    # The round's own method is the base; should it fail (validate checks that it does not), ranking is.
    base_run = next(r for r in runs if r.method == round_.allocation.method)
    if base_run.outcome is None:
        base_run = next(r for r in runs if r.method in (Method.RANKING, Method.VOTES))
    assert base_run.outcome is not None, "ranking (votes in a round without a jury) needs nothing but a valid round"
    plans = tuple(r.submission.id for r in base_run.outcome.results if r.rank is not None)
    return Comparison(base_run.method, tuple(runs), plans)
