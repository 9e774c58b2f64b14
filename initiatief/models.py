"""The round as loaded (all of a user's choices, frozen) and the outcome of evaluating it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Any

from initiatief.amounts import CENT as CENT
from initiatief.choices import Language as Language
from initiatief.choices import Method as Method
from initiatief.reasons import Reason

# --- closed sets of choices: one list each, so a misspelt comparison is a type error ----
# Language and Method are defined in choices.py (the command line offers them without loading this module).

_EXACT = Context(prec=60)
"""A context for products that must be exact: two numbers of a round (at most 15 digits each) multiplied."""


class Combine(StrEnum):
    """How the assessors' scores on one criterion are combined."""

    MEAN = "mean"
    MEDIAN = "median"


class Leftover(StrEnum):
    """What happens to money left in the district-key pots (docs/method.md)."""

    UNSPENT = "unspent"
    GENERAL = "general"
    NEXT = "next"


class AboveLimit(StrEnum):
    """What a request above the grant maximum or maximum share gets: capped, or refused."""

    CAP = "cap"
    INELIGIBLE = "ineligible"


class ApplicantKind(StrEnum):
    """Who applied: an organisation, or a private person (whose name is personal data)."""

    ORGANISATION = "organisation"
    PERSON = "person"


class DecisionKind(StrEnum):
    """The committee decisions decisions.yaml can record."""

    EXCLUDE = "exclude"
    WITHDRAWN = "withdrawn"
    INCOMPLETE = "incomplete"
    CAP = "cap"


class TieDecides(StrEnum):
    """What a tie drawn by lot decides: the order the method funds in, or who wins a prize."""

    ORDER = "order"
    PRIZES = "prizes"


class Op(StrEnum):
    """The tests of the condition language (docs/rules.md)."""

    EQUALS = "equals"
    IN = "in"
    NOT_IN = "not_in"
    MIN = "min"
    MAX = "max"
    REQUIRED = "required"
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class Location:
    """Where something was defined: for explanations and error messages."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


# --- the condition language (eligibility rules, pot and prize `when`) -------------


@dataclass(frozen=True)
class Test:
    """One test on one field: `requested: {max: 25000}` is Test('requested', 'max', 25000)."""

    field: str
    op: Op
    value: Any


@dataclass(frozen=True)
class AllOf:
    """True when every part is true."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """True when at least one part is true."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """True when its part is false."""

    part: Condition


Condition = Test | AllOf | AnyOf | Not


def tests_of(condition: Condition) -> list[Test]:
    """Return every field test in a condition, in the order written."""
    if isinstance(condition, Test):
        return [condition]
    parts = (condition.part,) if isinstance(condition, Not) else condition.parts
    return [t for part in parts for t in tests_of(part)]

FIELDS = (
    "id", "title", "stage", "district", "received", "cost", "requested", "summary", "applicant.name",
    "applicant.kind",
)
"""The submission fields a condition may test, besides facts.<name>."""
PERSONAL_FIELDS = ("applicant.contact", "applicant.email", "applicant.phone", "applicant.address")
"""Submission fields that hold personal data: a form may collect them, no condition may test them."""
FORM_FIELDS = (*FIELDS, *PERSONAL_FIELDS)
"""The submission fields a form may declare, besides facts.<name>."""
TEXT_FIELDS = frozenset({"id", "title", "stage", "district", "summary", "applicant.name", "applicant.kind"})
"""Fields compared as text: `district: 12` in a rule matches `district: 12` in a submission."""


def to_decimal(value: Any) -> Decimal | None:
    """Return `value` as a Decimal if it is a number (or a numeric text), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        if not value.isascii():  # Decimal() also reads full-width and Arabic-Indic digits
            return None
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def normal_value(value: Any) -> Any:
    """Return a value as conditions compare it: numbers as Decimals, datetimes as dates."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


# --- the round definition ------------------------------------------------------------


class FieldType(StrEnum):
    """The types of a fact on the application form (round.yaml `form:`, docs/format.md)."""

    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    YES_NO = "yes-no"
    CHOICE = "choice"
    LIST = "list"


BUILT_IN_TYPES: Mapping[str, FieldType] = {
    "id": FieldType.TEXT, "title": FieldType.TEXT, "stage": FieldType.CHOICE, "district": FieldType.CHOICE,
    "received": FieldType.DATE, "cost": FieldType.MONEY, "requested": FieldType.MONEY, "summary": FieldType.TEXT,
    "applicant.name": FieldType.TEXT, "applicant.kind": FieldType.CHOICE, "applicant.contact": FieldType.TEXT,
    "applicant.email": FieldType.TEXT, "applicant.phone": FieldType.TEXT, "applicant.address": FieldType.TEXT,
}
"""The fixed type of each submission field a form may declare (a fact's type is declared with it)."""


@dataclass(frozen=True)
class FormField:
    """One question of the application form: a submission field or a fact, its type, and where it comes from.

    `name` is a submission field (`requested`, `applicant.email`) or `facts.<name>`; `values`
    holds, for a choice or a list, each allowed value with its label; `column` is the heading
    of the column in a form export that `initiatief import` reads it from.
    """

    name: str
    type: FieldType
    label: str
    column: str
    required: bool = False
    values: tuple[tuple[str, str], ...] = ()
    separator: str = ";"
    """Between the items of a list in one spreadsheet cell."""
    location: Location = Location("round.yaml")

    @property
    def is_fact(self) -> bool:
        """Return whether this is a fact (facts.<name>) rather than a submission field."""
        return self.name.startswith("facts.")

    @property
    def fact(self) -> str:
        """Return the fact's name (without 'facts.'); the field's name for a submission field."""
        return self.name[len("facts.") :] if self.is_fact else self.name


@dataclass(frozen=True)
class Form:
    """The application form declared in round.yaml: every field and fact a submission may hold."""

    fields: tuple[FormField, ...]

    def get(self, name: str) -> FormField | None:
        """Return the declared field called `name` (`requested`, `facts.winstoogmerk`), if there is one."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def facts(self) -> tuple[FormField, ...]:
        """Return the declared facts, in the order of the form."""
        return tuple(f for f in self.fields if f.is_fact)


@dataclass(frozen=True)
class DistrictInfo:
    """A district of the round (round.yaml `districts:`): its id, its label and its inhabitants, if known."""

    id: str
    label: str
    inhabitants: int | None = None


@dataclass(frozen=True)
class Assessor:
    """A member of the jury, declared in round.yaml `assessors:`."""

    id: str
    name: str


@dataclass(frozen=True)
class LetterSettings:
    """What the municipality fills in once for the decision letters (round.yaml `letters:`, docs/letters.md).

    Every value is optional when the round is loaded; `initiatief letters` refuses, listing every
    missing key at once, when a letter it writes needs one (reports/letters.missing_settings).
    Addresses are held line by line; `location` is the line of `letters:` in round.yaml.
    """

    organisation: str | None = None
    department: str | None = None
    address: tuple[str, ...] = ()
    contact: str | None = None
    signatory: str | None = None
    function: str | None = None
    regulation: str | None = None
    article: str | None = None
    published: str | None = None
    date: dt.date | None = None
    objection_to: tuple[str, ...] = ()
    objection_weeks: int = 6
    """The objection term in weeks (Awb 6:7: six)."""
    payment: str | None = None
    account_by: dt.date | None = None
    obligations: str | None = None
    reference: str | None = None
    """The reference pattern: text with {year}, {id} and {round} (docs/letters.md)."""
    location: Location = Location("round.yaml")


@dataclass(frozen=True)
class Rule:
    """An eligibility rule: a submission is eligible only if `condition` holds."""

    id: str
    condition: Condition
    reason: str
    location: Location


@dataclass(frozen=True)
class Criterion:
    """A weighted assessment criterion with its own scale and optional knock-out minimum."""

    id: str
    label: str
    weight: Decimal
    low: Decimal
    high: Decimal
    minimum: Decimal | None = None


@dataclass(frozen=True)
class Pot:
    """A budget (deelplafond) that pays for awards or prizes.

    A pot with a `share` carries that share of every award it matches (an area
    team's co-financing); a pot without one is a general pot that pays the rest.
    """

    id: str
    label: str
    amount: Decimal
    when: Condition | None = None
    share: Decimal | None = None
    for_prizes: bool = False
    from_key: bool = False
    fallback: str | None = None
    """A share pot's fallback: the general pot that pays what this pot cannot of its part (round.yaml
    `fallback:`). Without one, a share pot that runs short blocks the award (all or nothing)."""
    location: Location | None = field(default=None, compare=False)
    """Where round.yaml defines it (for warnings; not part of what the pot is); None for a district key's pots."""


@dataclass(frozen=True)
class District:
    """A district in the verdeelsleutel: its inhabitants and the weight of its rate."""

    id: str
    inhabitants: int
    weight: Decimal = Decimal(1)


@dataclass(frozen=True)
class DistrictKey:
    """District budgets from a rate per inhabitant (verdeelsleutel) and what happens to leftovers.

    `leftover` is 'unspent' (stays in the district pots), 'general' (moves to
    the general pot, which then funds the next passing plans it may pay) or
    'next' (the district pots together fund the next passing plans by rank,
    across districts).
    """

    rate: Decimal
    districts: tuple[District, ...]
    leftover: Leftover = Leftover.UNSPENT


@dataclass(frozen=True)
class Grants:
    """Limits on a single grant. `above_limit` is 'cap' or 'ineligible'."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    max_share: Decimal | None = None
    partial: bool = False
    above_limit: AboveLimit = AboveLimit.CAP


@dataclass(frozen=True)
class AssessmentRules:
    """How assessors' scores are combined and what it takes to pass."""

    combine: Combine = Combine.MEAN
    pass_mark: Decimal = Decimal(0)


@dataclass(frozen=True)
class AllocationRules:
    """The distribution method, the tie-break chain and the lottery seed."""

    method: Method = Method.RANKING
    skip: bool = True
    ties: tuple[str, ...] = ("lottery",)
    seed: str = "0"


class PrizeBy(StrEnum):
    """Who decides a prize among the awarded plans: the jury's score, or residents' votes."""

    SCORE = "score"
    VOTES = "votes"


@dataclass(frozen=True)
class Prize:
    """`count` prizes of `amount` each, paid from `pot`, for the best awarded plans (by score or by votes)."""

    label: str
    count: int
    amount: Decimal
    pot: str
    by: PrizeBy = PrizeBy.SCORE


class Satisfaction(StrEnum):
    """What a plan is worth to a voter who approves it, under equal-shares (docs/votes.md)."""

    COST = "cost"
    CARDINALITY = "cardinality"


class Completion(StrEnum):
    """How equal-shares spends what its first run leaves (docs/votes.md)."""

    NONE = "none"
    ADD1 = "add1"
    COMPARISON = "comparison"
    """No add1; the comparison step with greedy by votes (pabulib's `equalshares-comparison`)."""
    ADD1_COMPARISON = "add1-comparison"
    """add1, then the comparison step (pabulib's `equalshares/add1-comparison`)."""

    @property
    def add1(self) -> bool:
        """Return whether the budget is raised by 1 per voter at a time (add1)."""
        return self in (Completion.ADD1, Completion.ADD1_COMPARISON)

    @property
    def comparison(self) -> bool:
        """Return whether the outcome is compared with greedy by votes (the comparison step)."""
        return self in (Completion.COMPARISON, Completion.ADD1_COMPARISON)


class VoteLeftover(StrEnum):
    """What `votes` (greedy by approvals) does with the money the pots have left."""

    NONE = "none"
    FIT = "fit"


@dataclass(frozen=True)
class BallotLimit:
    """The ballot rules for the plans of one district or category (`value`), or for all (`value` None)."""

    value: str | None = None
    min: int | None = None
    max: int | None = None
    max_cost: Decimal | None = None


@dataclass(frozen=True)
class Voting:
    """How residents' votes decide (round.yaml `votes:`, docs/votes.md)."""

    satisfaction: Satisfaction = Satisfaction.COST
    completion: Completion = Completion.NONE
    threshold: Decimal = Decimal(0)
    leftover: VoteLeftover = VoteLeftover.NONE
    jury: bool = False
    """True: only plans that pass the jury's assessment (criteria, minimums, pass mark) are in the vote."""
    per: str | None = None
    """The field the ballot limits apply per (`district`, `facts.category`); None: the whole ballot."""
    limits: tuple[BallotLimit, ...] = ()
    """The ballot rules: one for all plans (value None) or per value of `per`, each limit optional."""
    channels: tuple[tuple[str, Decimal], ...] = ()
    """The weight of each channel a ballot may name (default 1)."""
    weight: Decimal | None = None
    """Under a jury method: the part the votes have in a combined ranking (docs/votes.md); None: none."""
    location: Location = Location("round.yaml")

    def limit(self, value: str | None) -> BallotLimit | None:
        """Return the ballot limits for the plans with this value of `per`: its own limits, each one it does not
        set taken from the limits for all (None if neither sets any)."""
        own = next((b for b in self.limits if b.value == value and value is not None), None)
        default = next((b for b in self.limits if b.value is None), None)
        if own is None or default is None:
            return own or default
        return BallotLimit(value, own.min if own.min is not None else default.min,
                           own.max if own.max is not None else default.max,
                           own.max_cost if own.max_cost is not None else default.max_cost)

    def channel_weight(self, channel: str | None) -> Decimal:
        """Return the weight of a ballot cast through `channel` (1 for none or an unlisted one)."""
        return dict(self.channels).get(channel, Decimal(1)) if channel is not None else Decimal(1)


@dataclass(frozen=True)
class Vote:
    """One resident's ballot in a round's `votes/` folder. `voter` is personal data: never shown."""

    voter: str
    approved: tuple[str, ...]
    location: Location
    channel: str | None = None
    weight: Decimal = Decimal(1)
    """The ballot's own weight; its channel's weight multiplies it (`Round.vote_weight`)."""
    district: str | None = None
    """The voter's district, if the ballot file gives it (turnout per district)."""
    place: str | None = None
    """Where the ballot is in a workbook ("sheet Stemmen, row 7"): a workbook has no lines."""


@dataclass(frozen=True)
class Applicant:
    """Who applied. A `person` is a private individual whose name is personal data."""

    name: str
    kind: ApplicantKind = ApplicantKind.ORGANISATION
    contact: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None

    @property
    def is_private(self) -> bool:
        """Return whether this applicant is a private person."""
        return self.kind is ApplicantKind.PERSON


@dataclass(frozen=True, eq=False)
class Submission:
    """One idea or plan as submitted."""

    id: str
    title: str
    applicant: Applicant
    stage: str
    location: Location
    district: str | None = None
    received: dt.date | None = None
    cost: Decimal | None = None
    requested: Decimal | None = None
    summary: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Scoresheet:
    """One assessor's scores: submission id -> criterion id -> score."""

    assessor: str
    name: str
    location: Location
    scores: Mapping[str, Mapping[str, Decimal]]
    conflicts: frozenset[str] = frozenset()
    lines: Mapping[str, int] = field(default_factory=dict)
    """The line of each submission's row (or conflict entry) in a YAML or CSV score file."""
    places: Mapping[str, str] = field(default_factory=dict)
    """Where each submission's row is in a workbook: "sheet Scores, row 7" (a workbook has no lines)."""
    refused: frozenset[tuple[str, str]] = frozenset()
    """(submission, criterion) whose score the loader refused, and said why: a round with any is not evaluated,
    and its other problems (a score missing elsewhere in the file) are still told, but not these again."""


@dataclass(frozen=True)
class Decision:
    """A committee decision recorded in decisions.yaml: exclude, withdrawn or cap."""

    submission: str
    kind: DecisionKind
    reason: str
    date: dt.date
    location: Location
    amount: Decimal | None = None


@dataclass(frozen=True, eq=False)
class Round:
    """Everything about one funding round: its rules and its submissions and scores."""

    name: str
    year: int
    language: Language
    currency: str
    stages: tuple[str, ...]
    ceiling: Decimal
    pots: tuple[Pot, ...]
    grants: Grants
    rules: tuple[Rule, ...]
    criteria: tuple[Criterion, ...]
    assessment: AssessmentRules
    allocation: AllocationRules
    prizes: tuple[Prize, ...]
    submissions: tuple[Submission, ...]
    scoresheets: tuple[Scoresheet, ...]
    folder: str = "."
    decisions: tuple[Decision, ...] = ()
    district_key: DistrictKey | None = None
    policy_area: str = ""
    """BELEIDSTERREIN in the subsidy register (round.yaml `register: {policy_area: …}`)."""
    department: str = ""
    """ORGANISATIEONDERDEEL in the subsidy register (round.yaml `register: {department: …}`)."""
    report_subject: str = ""
    """The round as the annual-report paragraph's subject, with its article (round.yaml `report: {subject: …}`);
    empty: the paragraph names the round as written ('Voor <name> werden …')."""
    form: Form | None = None
    """The application form (round.yaml `form:`); None: facts are free, as before forms."""
    districts: tuple[DistrictInfo, ...] = ()
    """The declared districts (round.yaml `districts:`); empty: a district is free text."""
    assessors: tuple[Assessor, ...] = ()
    """The declared jury (round.yaml `assessors:`); empty: whoever has a score file."""
    letters: LetterSettings | None = None
    """What the decision letters need (round.yaml `letters:`); None: the round has no letters block."""
    voting: Voting | None = None
    """How residents' votes decide (round.yaml `votes:`); None: the round has no votes block."""
    votes: tuple[Vote, ...] = ()
    """The ballots of the `votes/` folder, in file and line order."""

    def vote_weight(self, vote: Vote) -> Decimal:
        """Return what a ballot counts for: its own weight times its channel's, exactly (each has at most 15
        significant digits, so the product at most 30: beyond Decimal's usual 28, not beyond _EXACT's)."""
        voting = self.voting or Voting()
        return _EXACT.multiply(vote.weight, voting.channel_weight(vote.channel))

    def decision(self, submission_id: str, kind: DecisionKind) -> Decision | None:
        """Return the recorded decision of `kind` about a submission, if there is one."""
        return self._decisions.get((submission_id, kind))

    @cached_property
    def _decisions(self) -> dict[tuple[str, DecisionKind], Decision]:
        # The first of two decisions of one kind wins; the loader refuses a second one anyway.
        index: dict[tuple[str, DecisionKind], Decision] = {}
        for decision in self.decisions:
            index.setdefault((decision.submission, decision.kind), decision)
        return index

    @property
    def assessed_stage(self) -> str:
        """Return the last stage of the funnel: the only one that is assessed."""
        return self.stages[-1]

    @cached_property
    def max_score(self) -> Fraction:
        """Return the highest weighted score a submission can get."""
        return sum((Fraction(c.weight) * Fraction(c.high) for c in self.criteria), Fraction(0))

    @cached_property
    def pass_score(self) -> Fraction:
        """Return the lowest weighted score that passes: the pass mark times the maximum score."""
        return Fraction(self.assessment.pass_mark) * self.max_score


# --- the outcome ---------------------------------------------------------------------


class Status(StrEnum):
    """Where a submission ended up."""

    @property
    def funded(self) -> bool:
        """Return whether this status means money was awarded."""
        return self in FUNDED

    AWARDED = "awarded"
    PARTLY_AWARDED = "partly-awarded"
    NOT_FUNDED = "not-funded"
    INSUFFICIENT = "insufficient"
    INELIGIBLE = "ineligible"
    INCOMPLETE = "incomplete"
    WITHDRAWN = "withdrawn"
    EXCLUDED = "excluded"
    EARLIER_STAGE = "earlier-stage"


FUNDED = frozenset({Status.AWARDED, Status.PARTLY_AWARDED})
"""The statuses that mean money was awarded."""


@dataclass(frozen=True)
class RuleCheck:
    """Whether one eligibility rule held for one submission, and the reason it gives when it does not."""

    rule: str
    held: bool
    reason: Reason


@dataclass(frozen=True)
class CriterionScore:
    """A submission's combined score on one criterion and the scores it came from."""

    criterion: str
    combined: Fraction
    by_assessor: tuple[tuple[str, Decimal], ...]
    below_minimum: bool = False


@dataclass(frozen=True)
class PrizeAward:
    """A prize won by an awarded plan."""

    label: str
    amount: Decimal
    pot: str


@dataclass(frozen=True)
class Tie:
    """A tie the lottery decided: anyone can recompute `tickets` with SHA-256."""

    seed: str
    candidates: tuple[str, ...]
    order: tuple[str, ...]
    tickets: tuple[str, ...]
    first_rank: int
    decides: TieDecides = TieDecides.ORDER
    """'order': the order the method funds in; 'prizes': who wins a prize (arrival and lottery rounds)."""


@dataclass(frozen=True)
class Result:
    """What happened to one submission, and why."""

    submission: Submission
    status: Status
    reasons: tuple[Reason, ...] = ()
    checks: tuple[RuleCheck, ...] = ()
    conflicted: tuple[str, ...] = ()
    criteria: tuple[CriterionScore, ...] = ()
    score: Fraction | None = None
    rank: int | None = None
    eligible_amount: Decimal | None = None
    awarded: Decimal = Decimal("0.00")
    paid_by: tuple[tuple[str, Decimal], ...] = ()
    prize: PrizeAward | None = None
    step: tuple[Reason, ...] = ()
    """The allocation step's reasons (funded from which pots, or why not); also in `reasons`."""
    votes: Fraction | None = None
    """The plan's (weighted) approvals, when the round has votes and the plan was in the vote."""


@dataclass(frozen=True)
class PotUse:
    """A pot's amount and how much of it the outcome used."""

    pot: Pot
    used: Decimal
    moved: Decimal = Decimal("0.00")

    @property
    def left(self) -> Decimal:
        """Return what is left in the pot (after leftovers moved in or out)."""
        return self.pot.amount + self.moved - self.used


@dataclass(frozen=True)
class Outcome:
    """The evaluated round: one result per submission, in rank order, and the money."""

    round: Round
    results: tuple[Result, ...]
    pots: tuple[PotUse, ...]
    ties: tuple[Tie, ...]
    funnel: tuple[tuple[str, int], ...]
    method: Method = Method.RANKING

    @property
    def people_funnel(self) -> tuple[tuple[str, int], ...]:
        """Return the funnel as people read it: without the 'incomplete' step when no submission was."""
        return tuple((key, count) for key, count in self.funnel if key != "incomplete" or count)

    def result(self, submission_id: str) -> Result:
        """Return the result of one submission (KeyError if there is none)."""
        return self._by_id[submission_id]

    @cached_property
    def _by_id(self) -> dict[str, Result]:
        return {r.submission.id: r for r in self.results}
