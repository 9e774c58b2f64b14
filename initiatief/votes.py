"""Residents' votes as data: a participatory-budgeting election (projects, ballots, its META).

The plain, frozen model the pabulib reader (`loading/pabulib.py`) fills and the vote methods
(`core/greedy_votes.py`, `core/equal_shares.py`) read. It sits beside `models.py` in the models
layer: the loader may import it, the core may import it, and it imports neither.

Money is exact: costs and budgets are `Decimal` as written in the file (pabulib's costs are
whole amounts in practice); the methods compute with `Fraction`. Voter ids are personal data:
they are kept only to tell ballots apart and to point at a line, never to be printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class VoteProject:
    """One project of the election (a PROJECTS row)."""

    id: str
    cost: Decimal
    name: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    neighbourhood: str | None = None
    votes: int | None = None
    """The `votes` column as the file gives it (pabulib: the number of approvals)."""
    score: Fraction | None = None
    """The `score` column, for scoring and cumulative votes."""
    selected: int | None = None
    """The `selected` column: 1 chosen, 0 not (some files use other whole numbers for other phases)."""
    line: int = 0
    extra: tuple[tuple[str, str], ...] = ()
    """Every other column (description, latitude, …), as text, in file order."""


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot (a VOTES row). `voter` is personal data: never show it."""

    voter: str
    approved: tuple[str, ...]
    """The project ids on the ballot, in the order written (for ordinal votes: best first)."""
    points: tuple[Fraction, ...] = ()
    """For scoring and cumulative ballots: the points, one per entry of `approved`."""
    weight: Fraction = Fraction(1)
    line: int = 0
    extra: tuple[tuple[str, str], ...] = ()
    """Every other column (age, sex, neighbourhood, voting_method, …), as text."""


@dataclass(frozen=True)
class VoteMeta:
    """The META section, the keys the methods use typed; every key kept as text in `fields`."""

    budget: Decimal
    vote_type: str = "approval"
    rule: str | None = None
    description: str | None = None
    country: str | None = None
    unit: str | None = None
    subunit: str | None = None
    instance: str | None = None
    currency: str | None = None
    language: str | None = None
    num_projects: int | None = None
    num_votes: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: Decimal | None = None
    max_sum_cost: Decimal | None = None
    min_project_cost: Decimal | None = None
    leftover_budget: str | None = None
    category_budgets: tuple[tuple[str, Decimal], ...] = ()
    """`categories` with `budget_per_category`: each category's upper bound on the selected cost."""
    neighbourhood_budgets: tuple[tuple[str, Decimal], ...] = ()
    """`neighborhoods` with `budget_per_neighborhood` (either spelling)."""
    fields: tuple[tuple[str, str], ...] = ()
    lines: tuple[tuple[str, int], ...] = ()
    """The line of each META key in the file, for problems that point at one."""

    def line(self, key: str) -> int | None:
        """Return the line of a META key in the file (None if the file has no such key)."""
        return dict(self.lines).get(key)


@dataclass(frozen=True)
class Election:
    """A whole pabulib file: META, PROJECTS, VOTES."""

    meta: VoteMeta
    projects: tuple[VoteProject, ...]
    ballots: tuple[Ballot, ...] = field(default=())
    repeats: tuple[int, ...] = ()
    """Lines of ballots that named a project twice: counted once, as pabutools reads them (Amsterdam 604 has one)."""

    def project(self, project_id: str) -> VoteProject:
        """Return the project with this id (KeyError if there is none)."""
        for p in self.projects:
            if p.id == project_id:
                return p
        raise KeyError(project_id)

    def approvals(self) -> dict[str, Fraction]:
        """Return each project's approval count from the ballots (weighted), zero for the unvoted."""
        counts: dict[str, Fraction] = {p.id: Fraction(0) for p in self.projects}
        for b in self.ballots:
            for pid in b.approved:
                counts[pid] += b.weight
        return counts

    def official(self) -> frozenset[str]:
        """Return the ids the file marks `selected` (1 or more)."""
        return frozenset(p.id for p in self.projects if p.selected is not None and p.selected > 0)


# --- what the vote methods return -------------------------------------------------------


@dataclass(frozen=True)
class VoteTie:
    """Projects a method found equally good at one step, and how the tie was broken.

    `decided_by` is the first link that told the winner from the others: `cost` (the
    lower cost goes first), `votes` (more approvals), or `lottery` (the lower ticket,
    SHA-256 of "seed:project id", as `core/ranking.py` draws it; `tickets` then holds
    them in the order of `candidates`).
    """

    step: int
    candidates: tuple[str, ...]
    chosen: str
    decided_by: str
    seed: str = ""
    tickets: tuple[str, ...] = ()


@dataclass(frozen=True)
class MesStep:
    """One project MES chose: its price per unit of satisfaction `rho`, and what each supporter paid at most."""

    project: str
    rho: Fraction
    payment: Fraction
    """The most one supporter (of weight 1) paid; supporters with less left paid all they had."""


@dataclass(frozen=True)
class VoteOutcome:
    """The projects a vote method chose, in the order it chose them, with the money each gets."""

    method: str
    selected: tuple[str, ...]
    funded: tuple[tuple[str, Fraction], ...]
    """Each selected project with its amount: its cost, or less for a project funded in part."""
    cost: Fraction
    budget: Fraction
    """The budget the method ran with (for MES with add1: the virtual total of the last kept run)."""
    ties: tuple[VoteTie, ...] = ()
    steps: tuple[MesStep, ...] = ()
    spent: tuple[Fraction, ...] = ()
    """MES: what each ballot paid in all, in the election's ballot order (its weight included)."""
    runs: int = 1
    """How many MES runs the completion took (1 without add1)."""

    def amount(self, project_id: str) -> Fraction:
        """Return what the project gets (0 if not selected)."""
        return dict(self.funded).get(project_id, Fraction(0))
