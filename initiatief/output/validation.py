"""What `validate` says: one line of text for people, or JSON for scripts (documented in docs/json.md)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from initiatief.errors import InputError, Problem
from initiatief.models import Round


def assessed_count(round_: Round) -> int:
    """Return how many submissions are at the stage that is assessed (the plans)."""
    return sum(1 for s in round_.submissions if s.stage == round_.assessed_stage)


def valid_line(folder: Path, round_: Round) -> str:
    """Return the one line `validate` prints for a round without problems."""
    ballots = f", {_many(len(round_.votes), 'ballot')}" if round_.voting is not None else ""
    return (f"{folder}: ok: {_many(len(round_.submissions), 'submission')}, {assessed_count(round_)} at stage "
            f"'{round_.assessed_stage}', {_assessors(round_)}{ballots}\n")


def _assessors(round_: Round) -> str:
    """Return the assessors whose score files were read: '2 assessors', or '1 of 2 assessors' for a declared jury."""
    read = len(round_.scoresheets)
    if round_.assessors:
        return f"{read} of {_many(len(round_.assessors), 'assessor')}"
    return _many(read, "assessor")


def _many(count: int, thing: str) -> str:
    """Return '1 assessor', '2 assessors'."""
    return f"{count} {thing}" if count == 1 else f"{count} {thing}s"


def valid_dict(round_: Round, warnings: Sequence[Problem] = ()) -> dict[str, Any]:
    """Return validate's JSON for a round without problems: what it holds, and what to check (warnings)."""
    return {"valid": True, "problems": [], "warnings": [problem_dict(w) for w in warnings],
            "submissions": len(round_.submissions), "plans": assessed_count(round_),
            "assessors": len(round_.scoresheets),
            **({"ballots": len(round_.votes)} if round_.voting is not None else {})}


def problem_dict(p: Problem) -> dict[str, Any]:
    """Return one problem (or warning) as validate's JSON writes it."""
    return {"file": p.file, "line": p.line, "place": p.place, "problem": p.problem, "expected": p.expected,
            "hint": p.hint}


def problems_dict(error: InputError) -> dict[str, Any]:
    """Return validate's JSON for a round with problems: each with its file, line, what was expected and a hint."""
    return {"valid": False, "problems": [problem_dict(p) for p in error.problems]}
