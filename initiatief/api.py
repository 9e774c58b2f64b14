"""The library's two calls: `load_round(folder)` → Round, `evaluate(round)` → Outcome.

Loading (the files) and the core (the rules) are separate layers; this is where
they meet, so that one run reports every problem a round has: those of its files,
and those only its rules can tell (a missing score, shares over 100%).
"""

from __future__ import annotations

from pathlib import Path

from initiatief.core import readiness
from initiatief.core.evaluate import evaluate
from initiatief.errors import InputError
from initiatief.loading import read_round
from initiatief.loading.layout import Progress
from initiatief.models import Round

__all__ = ["evaluate", "load_round"]


def load_round(folder: str | Path, progress: Progress | None = None) -> Round:
    """Return the round in `folder`, or raise InputError listing every problem found."""
    loaded = read_round(folder, progress)
    problems = list(loaded.problems)
    if loaded.round is not None:
        problems.extend(readiness.problems(loaded.round, loaded.scores_broken))
    if problems:
        raise InputError(problems)
    assert loaded.round is not None
    return loaded.round
