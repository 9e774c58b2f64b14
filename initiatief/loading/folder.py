"""Read a round folder: round.yaml, submissions, scores and decisions, reporting every problem at once.

The parts are read by their own modules (definition, submissions, scoresheets,
decisions) and checked across files by checks; this module puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from initiatief.errors import Problem, Problems
from initiatief.loading.checks import check_round
from initiatief.loading.decisions import read_decisions
from initiatief.loading.definition import Definition, read_definition
from initiatief.loading.layout import SCORES_BROKEN, Progress
from initiatief.loading.scoresheets import read_scoresheets
from initiatief.loading.submissions import read_submissions
from initiatief.loading.votes import read_votes
from initiatief.models import Decision, Round, Scoresheet, Submission, Vote


@dataclass(frozen=True)
class Loaded:
    """What a round folder held: the round (None if round.yaml itself had problems) and every problem."""

    round: Round | None
    problems: tuple[Problem, ...]
    scores_broken: bool = False
    """A score file failed to load: a score missing from it is not reported on top of that."""


def read_round(folder: str | Path, progress: Progress | None = None) -> Loaded:
    """Return what the round folder holds, with every problem found in its files.

    Cross-file checks run on what did load, so one bad file does not hide the rest;
    the round is assembled from the files that loaded even when others did not.
    """
    root = Path(folder)
    shown = str(folder).rstrip("/") or "."
    problems = Problems()
    if not root.is_dir():
        return Loaded(None, (Problem(shown, None, "is not a folder", "a round folder holding round.yaml"),))
    definition = read_definition(root, shown, problems)
    broken_ids: set[str] = set()
    submissions = read_submissions(root, shown, definition, problems, broken_ids, progress)
    sheets = read_scoresheets(root, shown, definition, problems, progress, broken_ids)
    decisions = read_decisions(root, shown, problems)
    votes = read_votes(root, shown, problems, progress)
    if votes is not None and definition.voting is None and definition.complete:
        problems.add(f"{shown}/votes", None, "the round has ballots but round.yaml has no 'votes:'",
                     "a 'votes:' block in round.yaml (docs/votes.md), or no votes/ folder")
    if not definition.complete:
        assert problems, "an incomplete definition always records a problem"
        return Loaded(None, tuple(problems.all()))
    round_ = _assemble(definition, submissions, sheets, shown, decisions, votes or [])
    check_round(round_, problems, broken_ids)
    return Loaded(round_, tuple(problems.all()), SCORES_BROKEN in broken_ids)


def _assemble(
    d: Definition, submissions: list[Submission], sheets: list[Scoresheet], shown: str,
    decisions: list[Decision], votes: list[Vote],
) -> Round:
    assert d.name is not None and d.year is not None and d.ceiling is not None
    assert d.stages and d.pots is not None and d.grants and d.rules is not None
    assert d.criteria is not None and d.assessment and d.allocation and d.prizes is not None
    names = {a.id: a.name for a in d.assessors or ()}
    # A score file that does not name its assessor gets the name round.yaml declares.
    sheets = [replace(s, name=names[s.assessor]) if s.name == s.assessor and s.assessor in names else s
              for s in sheets]
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
        report_subject=d.report_subject,
        department=d.department,
        form=d.form,
        districts=d.districts or (),
        assessors=d.assessors or (),
        letters=d.letters,
        voting=d.voting,
        votes=tuple(votes),
    )
