"""Read a round folder: round.yaml, submissions, scores and decisions, reporting every problem at once.

The parts are read by their own modules (definition, submissions, scoresheets,
decisions) and checked across files by checks; this module puts them together.
"""

from __future__ import annotations

from pathlib import Path

from initiatief.checks import check_round
from initiatief.decisions import read_decisions
from initiatief.definition import Definition, read_definition
from initiatief.errors import InputError, Problem, Problems
from initiatief.layout import Progress
from initiatief.models import Decision, Round, Scoresheet, Submission
from initiatief.scoresheets import read_scoresheets
from initiatief.submissions import read_submissions


def load_round(folder: str | Path, progress: Progress | None = None) -> Round:
    """Return the round in `folder`, or raise InputError listing every problem found."""
    root = Path(folder)
    shown = str(folder).rstrip("/") or "."
    problems = Problems()
    if not root.is_dir():
        raise InputError([Problem(shown, None, "is not a folder", "a round folder holding round.yaml")])
    definition = read_definition(root, shown, problems)
    broken_ids: set[str] = set()
    submissions = read_submissions(root, shown, definition, problems, broken_ids, progress)
    sheets = read_scoresheets(root, shown, definition, problems, progress, broken_ids)
    decisions = read_decisions(root, shown, problems)
    if definition.complete:
        # Cross-file checks run on what did load, so one bad file does not hide the rest.
        round_ = _assemble(definition, submissions, sheets, shown, decisions)
        check_round(round_, problems, broken_ids)
        problems.raise_if_any()
        return round_
    problems.raise_if_any()
    raise AssertionError("an incomplete definition always records a problem")  # pragma: no cover


def _assemble(
    d: Definition, submissions: list[Submission], sheets: list[Scoresheet], shown: str,
    decisions: list[Decision],
) -> Round:
    assert d.name is not None and d.year is not None and d.ceiling is not None
    assert d.stages and d.pots is not None and d.grants and d.rules is not None
    assert d.criteria is not None and d.assessment and d.allocation and d.prizes is not None
    return Round(
        name=d.name, year=d.year, language=d.language, currency=d.currency,
        stages=d.stages, ceiling=d.ceiling, pots=d.pots, grants=d.grants, rules=d.rules,
        criteria=d.criteria, assessment=d.assessment, allocation=d.allocation, prizes=d.prizes,
        submissions=tuple(sorted(submissions, key=lambda s: s.id)),
        scoresheets=tuple(sorted(sheets, key=lambda s: s.assessor)),
        folder=shown,
        decisions=tuple(decisions),
        district_key=d.district_key,
        policy_area=d.policy_area,
        department=d.department,
    )
