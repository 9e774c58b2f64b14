"""What officials publish about a round: the funnel, the money, the prize winners and the annual-report paragraph.

`build_report(outcome)` is pure: it reads only the Outcome and returns a frozen
Report. The renderers (output/report_view.py, output/html.py) turn it into text;
every number in them comes from here, and amounts stay exact (Decimal, Fraction)
until a renderer rounds them for display (output/report_rows.py builds the rows they
all show).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from initiatief.models import FUNDED, Language, Op, Outcome, Pot, Result, Status, Test
from initiatief.texts import formats
from initiatief.texts.formats import money
from initiatief.texts.labels import applicant_name
from initiatief.texts.report import basis, join_words, report_text, stage_noun, step_label

ZERO = Decimal("0.00")

EXACT_BELOW = 100
"""Counts below this are written exactly; larger ones as 'more than' a round number."""


@dataclass(frozen=True)
class FunnelStep:
    """One step of the funnel: a stage, or eligible / passed / awarded / prize_winners."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class PotLine:
    """A pot's budget: its amount, what moved in (+) or out (-), what was used and what is left."""

    id: str
    label: str
    amount: Decimal
    moved: Decimal
    used: Decimal
    left: Decimal
    for_prizes: bool
    share: Decimal | None
    districts: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        """Return the budget the pot could spend: its amount plus what moved in."""
        return self.amount + self.moved


@dataclass(frozen=True)
class DistrictLine:
    """The funded plans of one district and the district pots that pay for it.

    `district` is None for plans without a district. A pot that names several
    districts is listed under each of them with its own (unsplit) figures.
    """

    district: str | None
    plans: int
    requested: Decimal
    awarded: Decimal
    pots: tuple[str, ...]
    pot_total: Decimal
    pot_used: Decimal
    pot_left: Decimal


@dataclass(frozen=True)
class PrizeWinner:
    """A prize and the plan that won it, with the applicant as published."""

    id: str
    title: str
    applicant: str
    private: bool
    label: str
    amount: Decimal
    rank: int | None


@dataclass(frozen=True)
class CriterionAverage:
    """The mean combined score on one criterion over the assessed plans (exact)."""

    id: str
    label: str
    weight: Decimal
    low: Decimal
    high: Decimal
    average: Fraction | None
    assessed: int


@dataclass(frozen=True)
class VoteLine:
    """A plan in the vote: its votes, and what it got."""

    id: str
    title: str
    votes: Fraction
    status: str
    awarded: Decimal


@dataclass(frozen=True)
class TurnoutLine:
    """The ballots of one district's voters (the ballot files' `district`), and its inhabitants if declared."""

    district: str | None
    ballots: int
    inhabitants: int | None

    @property
    def turnout(self) -> Fraction | None:
        """Return the ballots as a share of the inhabitants (None when they are not declared)."""
        return Fraction(self.ballots, self.inhabitants) if self.inhabitants else None


@dataclass(frozen=True)
class VoteSummary:
    """Residents' votes: how many ballots, the plans in the vote by votes, turnout per district."""

    ballots: int
    voters: Fraction
    """The weighted number of ballots."""
    ignored: int
    """Approvals of plans that were not in the vote (ineligible, excluded, incomplete, withdrawn, ideas; with
    `jury`, not passed by the jury)."""
    plans: tuple[VoteLine, ...]
    turnout: tuple[TurnoutLine, ...]
    jury: bool = False
    """Whether the jury's assessment decided which plans were in the vote (a plan it did not pass was not)."""


@dataclass(frozen=True)
class Report:
    """Everything `initiatief report` shows, in the round's language, computed from one Outcome."""

    name: str
    year: int
    language: Language
    method: str
    ceiling: Decimal
    stages: tuple[str, ...]
    funnel: tuple[FunnelStep, ...]
    pots: tuple[PotLine, ...]
    districts: tuple[DistrictLine, ...]
    prize_winners: tuple[PrizeWinner, ...]
    averages: tuple[CriterionAverage, ...]
    average_score: Fraction | None
    max_score: Fraction
    assessed: int
    awarded_count: int
    total_awarded: Decimal
    total_prizes: Decimal
    cofinanced: int
    cofinanced_pots: tuple[str, ...]
    paragraph: str
    district_labels: tuple[tuple[str, str], ...] = ()
    """The declared districts' labels (round.yaml `districts:`), for people's outputs; JSON keeps the ids."""
    subject: str = ""
    """round.yaml `report: {subject: …}`: the round as the paragraph's subject, with its article ('' if not given)."""
    votes: VoteSummary | None = None
    """Residents' votes, in a round with votes."""

    @property
    def total(self) -> Decimal:
        """Return everything paid out: awards plus prize money."""
        return self.total_awarded + self.total_prizes


def build_report(outcome: Outcome) -> Report:
    """Return the report of an evaluated round: funnel, pots, districts, prize winners, averages, paragraph."""
    round_ = outcome.round
    lang = round_.language
    funded = [r for r in outcome.results if r.status in FUNDED]
    assessed = [r for r in outcome.results if r.criteria]
    # A round without prizes has no prize step: a bar of 0 prize winners would only puzzle the reader.
    funnel = tuple(
        FunnelStep(key, step_label(lang, key), count) for key, count in outcome.people_funnel
        if round_.prizes or key != "prize_winners"
    )
    pots = tuple(
        PotLine(u.pot.id, u.pot.label, u.pot.amount, u.moved, u.used, u.left, u.pot.for_prizes, u.pot.share,
                pot_districts(u.pot))
        for u in outcome.pots
    )
    winners = tuple(
        PrizeWinner(r.submission.id, r.submission.title, applicant_name(r.submission, lang, False),
                    r.submission.applicant.is_private, r.prize.label, r.prize.amount, r.rank)
        for r in outcome.results if r.prize is not None
    )
    scores = [r.score for r in assessed if r.score is not None]
    cofinanced = _cofinanced(outcome, funded)
    cofinancing = {pot for r in cofinanced for pot, _ in r.paid_by}
    report = Report(
        name=round_.name,
        subject=round_.report_subject,
        year=round_.year,
        language=lang,
        method=outcome.method,
        ceiling=round_.ceiling,
        stages=round_.stages,
        funnel=funnel,
        pots=pots,
        districts=_districts(funded, pots, tuple(d.id for d in round_.districts)),
        prize_winners=winners,
        averages=_averages(outcome, assessed),
        average_score=sum(scores, Fraction(0)) / len(scores) if scores else None,
        max_score=round_.max_score,
        assessed=len(assessed),
        awarded_count=len(funded),
        total_awarded=sum((r.awarded for r in funded), ZERO),
        total_prizes=sum((w.amount for w in winners), ZERO),
        cofinanced=len(cofinanced),
        cofinanced_pots=tuple(p.id for p in pots if p.id in cofinancing),
        paragraph="",
        district_labels=tuple((d.id, d.label) for d in round_.districts),
        votes=_votes(outcome),
    )
    return replace(report, paragraph=paragraph(report))


def _votes(outcome: Outcome) -> VoteSummary | None:
    round_ = outcome.round
    if round_.voting is None:
        return None
    in_vote = [r for r in outcome.results if r.votes is not None]
    named = {r.submission.id for r in in_vote}
    ignored = sum(1 for v in round_.votes for plan in v.approved if plan not in named)
    voters = sum((Fraction(round_.vote_weight(v)) for v in round_.votes), Fraction(0))
    plans = tuple(VoteLine(r.submission.id, r.submission.title, r.votes or Fraction(0), r.status.value, r.awarded)
                  for r in sorted(in_vote, key=lambda r: (-(r.votes or 0), r.submission.id)))
    counts: dict[str | None, int] = {}
    for vote in round_.votes:
        counts[vote.district] = counts.get(vote.district, 0) + 1
    inhabitants = {d.id: d.inhabitants for d in round_.districts}
    turnout = () if set(counts) <= {None} else tuple(
        TurnoutLine(d, counts[d], inhabitants.get(d) if d is not None else None)
        for d in sorted(counts, key=lambda d: (d is None, d or ""))
    )
    # The plans in the vote passed the jury where it assessed them: under a jury method, or a vote with jury: true.
    jury = bool(round_.criteria) and (not outcome.method.by_votes or round_.voting.jury)
    return VoteSummary(len(round_.votes), voters, ignored, plans, turnout, jury)


def pot_districts(pot: Pot) -> tuple[str, ...]:
    """Return the districts a pot is for: those its `when` names as `district: x` or `district: [x, y]`.

    A district-key pot (from_key) always has such a `when`. A pot with any other
    condition is not a district pot and gets ().
    """
    when = pot.when
    if isinstance(when, Test) and when.field == "district":
        if when.op is Op.EQUALS:
            return (str(when.value),)
        if when.op is Op.IN:
            return tuple(str(v) for v in when.value)
    return ()


def more_than(count: int) -> int | None:
    """Return the round number just below `count` for 'more than …', or None to write `count` exactly.

    Counts below EXACT_BELOW (100) are written exactly, as are round numbers
    themselves. Larger counts are rounded DOWN to a multiple of the power of ten
    one below their number of digits: 112 → 100, 250 → 200, 1234 → 1000, 23456 → 20000.
    Rounding down keeps 'more than' true.
    """
    if count < EXACT_BELOW:
        return None
    unit = 10 ** (len(str(count)) - 1)
    rounded = count // unit * unit
    return None if rounded == count else rounded


def count_text(count: int, language: Language) -> str:
    """Return a count as the paragraph writes it: '48', 'meer dan 100', 'more than 10,000'."""
    rounded = more_than(count)
    if rounded is None:
        return _number(count, language)
    return report_text(language, "more-than", count=_number(rounded, language))


def _number(value: int, language: Language) -> str:
    # Dutch and English write numbers up to 9999 without a separator; above that 10.000 / 10,000.
    return formats.count(value, language)


def _districts(funded: list[Result], pots: tuple[PotLine, ...], declared: tuple[str, ...]
               ) -> tuple[DistrictLine, ...]:
    # Every declared district has its row, a district without a funded plan too: 0 plans is a figure to publish.
    names = {r.submission.district for r in funded} | {d for p in pots for d in p.districts} | set(declared)
    lines = []
    for district in sorted(names, key=lambda d: (d is None, d or "")):
        plans = [r for r in funded if r.submission.district == district]
        own = [p for p in pots if district is not None and district in p.districts]
        lines.append(DistrictLine(
            district=district,
            plans=len(plans),
            requested=sum((r.submission.requested or ZERO for r in plans), ZERO),
            awarded=sum((r.awarded for r in plans), ZERO),
            pots=tuple(p.id for p in own),
            pot_total=sum((p.total for p in own), ZERO),
            pot_used=sum((p.used for p in own), ZERO),
            pot_left=sum((p.left for p in own), ZERO),
        ))
    return tuple(lines)


def _averages(outcome: Outcome, assessed: list[Result]) -> tuple[CriterionAverage, ...]:
    averages = []
    for criterion in outcome.round.criteria:
        scores = [c.combined for r in assessed for c in r.criteria if c.criterion == criterion.id]
        mean = sum(scores, Fraction(0)) / len(scores) if scores else None
        averages.append(CriterionAverage(criterion.id, criterion.label, criterion.weight, criterion.low,
                                         criterion.high, mean, len(scores)))
    return tuple(averages)


def _cofinanced(outcome: Outcome, funded: list[Result]) -> list[Result]:
    """Return the funded plans paid partly by a share pot (an area team) and partly by another pot."""
    shares = {u.pot.id for u in outcome.pots if u.pot.share is not None and u.pot.share < 1}
    return [r for r in funded if len(r.paid_by) > 1 and any(pot in shares for pot, _ in r.paid_by)]


def paragraph(report: Report) -> str:
    """Return the annual-report paragraph in the round's language, every number taken from the report.

    Two or more stages: '<Round> leverde meer dan 100 ideeën op. Dit leidde tot 48 plannen.'; one
    stage: 'Voor <round> werden 22 plannen ingediend.'. Then the awards and their total, the
    co-financed awards (if any) and the prize winners (if any).
    """
    lang = report.language
    stages = report.stages
    counts = {step.key: step.count for step in report.funnel}
    sentences = []
    if len(stages) > 1:
        first = counts[stages[0]]
        noun = stage_noun(lang, stages[0], first)
        if report.subject:
            sentences.append(report_text(lang, "first-stage", subject=report.subject, count=count_text(first, lang),
                                         noun=noun))
        else:  # no article is guessed ('De wijkfonds' is wrong): the round's name as written
            said = report_text(lang, "single-stage-one" if first == 1 else "single-stage-many",
                               name=report.name, count=count_text(first, lang), noun=noun)
            sentences.append(said[0].upper() + said[1:])  # 'More than 100 ideas were submitted to …'
        later = [f"{_number(counts[s], lang)} {stage_noun(lang, s, counts[s])}" for s in stages[1:]]
        sentences.append(report_text(lang, "later-stages", stages=join_words(later, lang)))
    else:
        only = counts[stages[0]]
        sentences.append(report_text(lang, "single-stage-one" if only == 1 else "single-stage-many",
                                     name=report.name, count=_number(only, lang),
                                     noun=stage_noun(lang, stages[0], only)))
    n = report.awarded_count
    if n == 0:
        sentences.append(report_text(lang, "awarded-none"))
    else:
        sentences.append(report_text(lang, "awarded-one" if n == 1 else "awarded-many", count=_number(n, lang),
                                     basis=basis(lang, report.method)))
        sentences.append(report_text(lang, "total", amount=money(report.total_awarded, lang)))
    if report.cofinanced:
        labels = [p.label for p in report.pots if p.id in report.cofinanced_pots]
        key = "cofinanced-one" if report.cofinanced == 1 else "cofinanced-many"
        sentences.append(report_text(lang, key, count=_number(report.cofinanced, lang), pots=join_words(labels, lang)))
    winners = report.prize_winners
    if winners:
        named = [
            report_text(lang, "winner-private", title=w.title) if w.private
            else report_text(lang, "winner", applicant=w.applicant, title=w.title)
            for w in winners
        ]
        sentences.append(report_text(lang, "prizes-one" if len(winners) == 1 else "prizes-many",
                                     winners=join_words(named, lang)))
        amounts = {w.amount for w in winners}
        if len(winners) == 1:
            sentences.append(report_text(lang, "prize-money-one", amount=money(winners[0].amount, lang)))
        elif len(amounts) == 1:
            sentences.append(report_text(lang, "prize-money-each", amount=money(winners[0].amount, lang)))
        else:
            sentences.append(report_text(lang, "prize-money-together", amount=money(report.total_prizes, lang)))
    return " ".join(sentences)


def earlier_stage_count(outcome: Outcome) -> int:
    """Return how many submissions stayed at an earlier stage (they are counted in the funnel, not ranked)."""
    return sum(1 for r in outcome.results if r.status is Status.EARLIER_STAGE)
