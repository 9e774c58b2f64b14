"""The library's two calls: `load_round(folder)` → Round, `evaluate(round)` → Outcome.

Loading (the files) and the core (the rules) are separate layers; this is where
they meet, so that one run reports every problem a round has: those of its files,
and those only its rules can tell (a missing score, shares over 100%).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from initiatief.core import readiness
from initiatief.core.evaluate import evaluate as _evaluate
from initiatief.errors import InputError
from initiatief.loading import read_round
from initiatief.loading.layout import Progress
from initiatief.models import Method, Outcome, Round

__all__ = ["evaluate", "load_definition", "load_round", "warnings"]

warnings = readiness.warnings
"""What a loaded round allows but a person should check (core.readiness.warnings)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (restored after it, also on an error).

    Loading and evaluating build hundreds of thousands of objects that all stay alive (a round, its
    outcome) and form no cycles; the collector would scan them again and again for nothing (a third
    of the time of a large round). Garbage without cycles is freed as ever, by reference counting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def evaluate(round_: Round, method: Method | str | None = None) -> Outcome:
    """Return the outcome of a loaded round (core.evaluate.evaluate), the garbage collector paused meanwhile."""
    with collector_paused():
        return _evaluate(round_, method)


def load_round(folder: str | Path, progress: Progress | None = None, *, scores: bool = True) -> Round:
    """Return the round in `folder`, or raise InputError listing every problem found.

    Without `scores`, the scores the round still lacks are no problem (`initiatief sheets` makes the
    score sheets of a round that has none yet); a score file that is there must still be right.
    """
    with collector_paused():
        loaded = read_round(folder, progress)
        problems = list(loaded.problems)
        if loaded.round is not None:
            problems.extend(readiness.problems(loaded.round, loaded.scores_broken, scores=scores))
    if problems:
        raise InputError(problems)
    assert loaded.round is not None
    return loaded.round


def load_definition(folder: str | Path, progress: Progress | None = None) -> Round:
    """Return the round in `folder` as far as round.yaml defines it, or raise InputError for round.yaml's problems.

    For the commands that fill a round (`import`, `sheets`): the submissions and scores it
    holds so far may still have problems, and `validate` reports those.
    """
    loaded = read_round(folder, progress)
    if loaded.round is None:
        raise InputError(list(loaded.problems))
    return loaded.round
