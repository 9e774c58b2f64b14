"""Whether a loaded round can be evaluated: the checks that need the round's own rules.

The loader checks each file and the references between files; what only the
rules can tell is checked here, on the assembled round, before it is evaluated:
co-financing shares that add up to more than 100% for a plan, plans that pass the
assessment but that the method `arrival` cannot place without a date, and plans that
need a score an assessor did not give. Pure: it returns problems, it raises nothing.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from initiatief.core import eligibility
from initiatief.core.assessment import assess
from initiatief.core.conditions import field_value, given, holds, misread
from initiatief.core.memo import ByValues, PerRound
from initiatief.core.vote_allocation import count_votes, mes_problems
from initiatief.errors import Problem
from initiatief.models import DecisionKind, Method, Op, Pot, PrizeBy, Round, Submission, Test, tests_of

SCORES_FOLDER = "scores"


STOPPED_BY = (DecisionKind.EXCLUDE, DecisionKind.WITHDRAWN, DecisionKind.INCOMPLETE)
"""The decisions that take a submission out before it is checked or scored."""


def stopped(round_: Round, submission_id: str) -> bool:
    """Return whether a decision (excluded, withdrawn, incomplete) took the submission out."""
    return submission_id in _stopped(round_)


_stopped = PerRound(lambda round_: frozenset(d.submission for d in round_.decisions if d.kind in STOPPED_BY))
"""The ids of the submissions a decision took out, per round (asked plan after plan, several times)."""


def needs_scores(round_: Round) -> list[Submission]:
    """Return the plans every assessor must score (unless conflicted): at the assessed stage, not taken
    out by a decision, and passing every eligibility rule and grant check."""
    plans = [s for s in round_.submissions if s.stage == round_.assessed_stage and not stopped(round_, s.id)]
    return [s for s, checks in zip(plans, eligibility.check_all(round_, plans), strict=True)
            if all(c.held for c in checks)]


def unanswered(round_: Round) -> list[Problem]:
    """Return, for each plan that is still in the round, every required form answer it lacks and every
    eligibility rule it cannot be decided on: a decision is never made on an answer that is not there.

    The way out is the answer, or `decision: incomplete` (Awb 4:5) in decisions.yaml.
    """
    found: list[Problem] = []
    way_out = "the value in the submission, or 'decision: incomplete' for it in decisions.yaml"
    required = [f for f in round_.form.fields if f.required] if round_.form is not None else []
    rule_tests = [(checked.id, test) for checked in round_.rules for test in tests_of(checked.condition)]
    # Which tests a plan's values would quietly fail, found once per combination of the values the rules read.
    misreads: ByValues[list[tuple[str, Test, str]]] = ByValues(checked.condition for checked in round_.rules)
    plans = [s for s in round_.submissions if s.stage == round_.assessed_stage and not stopped(round_, s.id)]
    eligibility.check_all(round_, plans)  # every plan's checks, a rule at a time (`undecided` reads them below)
    wrongs = misreads.get_all(plans, lambda plan: [
        (rule_id, test, kind) for rule_id, test in rule_tests
        if (kind := misread(test, field_value(plan, test.field))) is not None])
    for s, wrong in zip(plans, wrongs, strict=True):
        where = (s.location.file, s.location.line)
        lacking = [f.name for f in required if not given(field_value(s, f.name))]
        for name in lacking:
            declared = round_.form.get(name) if round_.form is not None else None
            label = f" ({declared.label})" if declared is not None and declared.label != name else ""
            found.append(Problem(*where, f"plan '{s.id}' does not give '{name}'{label}, which the form requires",
                                 way_out))
        for rule_id, test, kind in wrong:
            value = field_value(s, test.field)
            found.append(Problem(
                *where, f"plan '{s.id}' gives '{test.field}' as {_shown(value)}, but rule '{rule_id}' "
                f"compares it with {kind}", f"{kind} in the submission" + (
                    "" if kind == "yes/no" or test.op not in _EQUALITY else
                    ", or the rule's value written as the submission gives it (quoted, a value is a text: \"5\" is "
                    "not the number 5)"),
                f"declare '{test.field}' in the round's form to have its type checked"
                + (" (a yes-no fact reads ja/nee)" if kind == "yes/no" else ""),
            ))
        if round_.grants.max_share is not None and s.cost is None and "cost" not in lacking:
            # The maximum share of the grant is a share of the cost: without it the grant check cannot be made.
            found.append(Problem(*where, f"plan '{s.id}' gives no 'cost', which the maximum share of a grant "
                                 f"(grants.max_share) needs", way_out))
        for rule, not_given in eligibility.undecided(round_, s):
            if all(name in lacking for name in not_given):
                continue  # said once, above
            names = ", ".join(f"'{name}'" for name in not_given)
            found.append(Problem(*where, f"rule '{rule}' cannot be decided for plan '{s.id}': {names} not given",
                                 way_out))
    return found


_EQUALITY = (Op.EQUALS, Op.IN, Op.NOT_IN)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {'true' if value else 'false'}"
    return f"the text '{value}'" if isinstance(value, str) else f"'{value}'"


def problems(round_: Round, scores_broken: bool = False, *, scores: bool = True) -> list[Problem]:
    """Return what stops the round from being evaluated (empty when nothing does).

    `scores_broken` says that a score file failed to load (its problems are
    reported already), so a missing score is not reported on top of it. Without
    `scores`, what `score_problems` tells is left out (for `sheets`: the round before its scores).
    """
    found: list[Problem] = []
    share_pots = [p for p in round_.pots if p.share is not None]
    # Decided once per combination of the values the pots' `when`s read (a district, say), not once per plan.
    decided: ByValues[list[Pot]] = ByValues(p.when for p in share_pots)
    for submission in round_.submissions:
        shares = decided.get(submission, lambda plan: [p for p in share_pots if p.when is None or holds(p.when, plan)])
        if sum((p.share for p in shares if p.share is not None), Decimal(0)) > 1:
            found.append(Problem(
                submission.location.file, submission.location.line,
                f"the shares of the pots {', '.join(p.id for p in shares)} add up to more than 100% "
                f"for submission '{submission.id}'", "shares that add up to at most 100%",
            ))
    found.extend(unanswered(round_))
    assessed = needs_scores(round_)
    if scores:
        found.extend(score_problems(round_, scores_broken, assessed))
        found.extend(vote_problems(round_, assessed))
        found.extend(equal_shares_problems(round_, assessed))
        if round_.allocation.method is Method.ARRIVAL and not scores_broken:
            found.extend(
                Problem(s.location.file, s.location.line, f"plan '{s.id}' has no 'received' date",
                        "received: the date the application was complete (the method is arrival, and the plan "
                        "passed the assessment)")
                for s in assessed if s.received is None and _passes(round_, s)
            )
    return found


def _passes(round_: Round, submission: Submission) -> bool:
    """Return whether an eligible plan passes the assessment, so that `arrival` must place it: every plan in a
    round without a jury; False while an assessor's score for it is still missing (that problem is reported,
    and whether the plan passes is known once it is given)."""
    if not round_.criteria:
        return True
    sheets = [sheet for sheet in round_.scoresheets if submission.id not in sheet.conflicts]
    if not sheets or any(c.id not in sheet.scores.get(submission.id, {}) for sheet in sheets for c in round_.criteria):
        return False
    return assess(round_, submission).passed


def vote_problems(round_: Round, assessed: list[Submission]) -> list[Problem]:
    """Return what the votes still lack: a round whose votes decide something (the method, a prize by votes, a
    combined ranking) and has plans in the vote, but no ballot yet. Before the vote, a round may have none."""
    voting = round_.voting
    if voting is None or round_.votes or not assessed:
        return []
    decides = (round_.allocation.method.by_votes or voting.weight is not None
               or any(p.by is PrizeBy.VOTES for p in round_.prizes))
    if not decides:
        return []
    return [Problem(f"{round_.folder}/votes", None, "no ballots for the round's plans",
                    "the ballot files in votes/ (docs/votes.md): one row per voter")]


def equal_shares_problems(round_: Round, assessed: list[Submission]) -> list[Problem]:
    """Return why the round's own method `equal-shares` cannot run on its pots (what `score` would refuse): a
    share pot, a plan in the vote that not exactly one pot may pay for. The plans in the vote: those that
    `assessed` holds, with `jury: true` those that pass (a plan still missing a score is left for then), and
    none below the vote threshold."""
    voting = round_.voting
    if round_.allocation.method is not Method.EQUAL_SHARES or voting is None:
        return []
    in_vote = [s for s in assessed if not (round_.criteria and voting.jury) or _passes(round_, s)]
    if voting.threshold > 0:
        tally = count_votes(round_, in_vote)
        in_vote = [s for s in in_vote if tally.approvals[s.id] >= Fraction(voting.threshold)]
    return mes_problems(round_, in_vote)


def score_problems(round_: Round, scores_broken: bool = False,
                   assessed: list[Submission] | None = None) -> list[Problem]:
    """Return the scores the round still lacks: a plan without a score on a criterion, a round without score
    files, a plan every assessor declared a conflict for. `assessed`: `needs_scores(round_)`, if known."""
    found: list[Problem] = []
    criteria = [c.id for c in round_.criteria]
    if not criteria:
        return found  # no jury: the votes decide alone (the loader allows that only for a round with votes)
    assessed = needs_scores(round_) if assessed is None else assessed
    nothing: dict[str, object] = {}
    for sheet in round_.scoresheets:
        # The criteria each row lacks, once per row: rows with the very same scores are one mapping (the loader
        # shares them), which lives as long as its sheet, so its id stands for it here.
        lacks: dict[int, list[str]] = {}
        for s in assessed:
            if s.id in sheet.conflicts:
                continue
            given = sheet.scores.get(s.id, nothing)
            missing = lacks.get(id(given))
            if missing is None:
                missing = lacks[id(given)] = [c for c in criteria if c not in given]
            if missing and sheet.refused:
                missing = [c for c in missing if (s.id, c) not in sheet.refused]  # said already: refused, not missing
            if missing:
                found.append(Problem(
                    sheet.location.file, sheet.lines.get(s.id),
                    f"assessor '{sheet.assessor}' gave no score for submission '{s.id}' on {', '.join(missing)}",
                    "a score on every criterion, or the submission listed under conflicts"
                    if not sheet.location.file.lower().endswith((".csv", ".xlsx")) else
                    "a score in every criterion's column, or ja in the conflict column",
                    place=sheet.places.get(s.id),
                    # No row at all: a plan added (imported, say) after the sheets went out.
                    hint=None if given is not nothing else
                    "the file has no row for it; `initiatief sheets ROUND -o DIR --assessor "
                    f"{sheet.assessor}` writes a sheet with a row for every plan that needs a score",
                ))
    if assessed and not round_.scoresheets and not scores_broken:
        found.append(Problem(f"{round_.folder}/{SCORES_FOLDER}", None, "no scores for the round's plans",
                             "a score file per assessor",
                             hint="initiatief sheets ROUND -o DIR makes a score sheet for each assessor to fill in"))
    elif assessed and not scores_broken:
        have = {sheet.assessor for sheet in round_.scoresheets}
        for assessor in round_.assessors:  # a declared jury scores as a whole: nobody silently left out
            if assessor.id not in have:
                found.append(Problem(f"{round_.folder}/{SCORES_FOLDER}", None,
                                     f"assessor '{assessor.id}' ({assessor.name}) has no score file",
                                     f"a score file {assessor.id}.yaml, .csv or .xlsx in scores/"))
    for s in assessed:
        # With a score file that failed to load, "every assessor" would count only the ones that loaded.
        if round_.scoresheets and not scores_broken and all(s.id in sheet.conflicts for sheet in round_.scoresheets):
            found.append(Problem(s.location.file, s.location.line,
                                 f"every assessor declared a conflict of interest for '{s.id}'",
                                 "at least one assessor without a conflict"))
    return found


def warnings(round_: Round) -> list[Problem]:
    """Return what is allowed but looks like a slip, for a person to check: a co-financing share below 1%
    (`share: 0.5%` where 50% was meant); in a round with votes, pots that add up to more than the ceiling;
    a cap decision on a submission that another decision takes out; the letters' `account_by` on or before
    their `date`; a form without `applicant.kind` (every imported applicant an organisation, named in public).
    Warnings never stop a command."""
    found: list[Problem] = []
    total = sum((p.amount for p in round_.pots), Decimal(0))
    if round_.voting is not None and total > round_.ceiling:
        found.append(Problem(f"{round_.folder}/round.yaml", round_.voting.location.line,
                             f"the pots add up to {total}, more than the ceiling of {round_.ceiling}",
                             hint="in a round with votes that is allowed: the ceiling binds, so the pots together "
                                  "never pay more than it"))
    for pot in round_.pots:
        if pot.share is not None and pot.share < Decimal("0.01") and pot.location is not None:
            written = f"{(pot.share * 100).normalize():f}%"
            meant = f"{(pot.share * 10000).normalize():f}%"
            found.append(Problem(pot.location.file, pot.location.line,
                                 f"pot '{pot.id}' pays a share of {written} of each award it matches",
                                 hint=f"did you mean {meant}? A share is written as 50% or as 0.5"))
    form = round_.form
    if form is not None and form.fields and form.get("applicant.kind") is None:
        # Without it every applicant imported is an organisation, whose name every public output shows.
        first = form.fields[0].location
        found.append(Problem(first.file, first.line,
                             "the form has no applicant.kind: every applicant imported from it is taken as an "
                             "organisation, whose name the register and the public outputs show",
                             hint="if private persons apply, add applicant.kind with the export's column (\"Ik vraag "
                                  "aan als\"), so their names stay out of what is published (docs/intake.md)"))
    out = {d.submission: d for d in round_.decisions if d.kind in STOPPED_BY}
    for cap in round_.decisions:
        taken = out.get(cap.submission)
        if cap.kind is DecisionKind.CAP and taken is not None:  # allowed (both were decided), but never applied
            found.append(Problem(cap.location.file, cap.location.line,
                                 f"the cap on '{cap.submission}' has no effect: the decision '{taken.kind}' (at "
                                 f"{taken.location}) takes it out of the round",
                                 hint="no letter or output names the cap; remove it if it was not meant"))
    letters = round_.letters
    if letters is not None and letters.date is not None and letters.account_by is not None \
            and letters.account_by <= letters.date:
        found.append(Problem(letters.location.file, letters.location.line,
                             f"letters account_by {letters.account_by} is on or before the letters' date "
                             f"{letters.date}",
                             hint="an award letter would ask the applicant to account for the money by a day "
                                  "before the letter itself; did you mean a later year?"))
    return found
