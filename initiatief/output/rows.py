"""The rows every format renders: built once from an Outcome, with personal data masked unless asked."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from initiatief.amounts import cents, round_fraction, vote_number
from initiatief.models import FUNDED, Language, Outcome, Result
from initiatief.reasons import Reason
from initiatief.texts.labels import applicant_name
from initiatief.texts.reasons import phrase, phrases

RESULT_COLUMNS = (
    "rank", "id", "title", "applicant", "district", "stage", "status", "score",
    "requested", "awarded", "paid_by", "prize", "reasons",
)
PERSONAL_COLUMNS = ("applicant_kind", "contact")


def result_columns(outcome: Outcome) -> tuple[str, ...]:
    """Return the result columns for this outcome (RESULT_COLUMNS, with_votes)."""
    return with_votes(RESULT_COLUMNS, outcome)


def with_votes(columns: tuple[str, ...], outcome: Outcome) -> tuple[str, ...]:
    """Return `columns` with `votes` when the round has votes (after the score, the status or the title),
    and without `score` when no jury scores the round (the votes decide alone)."""
    out = list(columns)
    if outcome.round.voting is not None:
        after = next((c for c in ("score", "status", "title") if c in out), None)
        out.insert(out.index(after) + 1 if after is not None else len(out), "votes")
    if not outcome.round.criteria and "score" in out:
        out.remove("score")
    return tuple(out)


def votes_value(votes: Fraction | None) -> int | Decimal | None:
    """Return a number of votes as a plain value: whole as an int, weighted rounded to two decimals."""
    return None if votes is None else vote_number(votes)


def result_row(result: Result, language: Language, include_personal: bool = False,
               said: dict[Reason, str] | None = None,
               rounded: dict[tuple[int, int], Decimal] | None = None) -> dict[str, Any]:
    """Return one result as a row of plain values (money and scores as Decimal, lists as lists); `said`: the
    sentences of the reasons phrased before, `rounded`: the scores rounded before (by numerator and denominator),
    for the rows of one outcome (see `said_once`)."""
    s = result.submission
    score = result.score
    row: dict[str, Any] = {
        "rank": result.rank,
        "id": s.id,
        "title": s.title,
        "applicant": applicant_name(s, language, include_personal),
        "district": s.district,
        "stage": s.stage,
        "status": result.status.value,
        "score": None if score is None else round_fraction(score) if rounded is None else _rounded(score, rounded),
        "requested": s.requested,
        "awarded": result.awarded,
        "paid_by": dict(result.paid_by),
        "prize": result.prize.label if result.prize else None,
        "prize_amount": result.prize.amount if result.prize else None,
        "reasons": phrases(result.reasons, language) if said is None else said_once(result.reasons, language, said),
        "votes": votes_value(result.votes),
    }
    if include_personal:
        row["applicant_kind"] = s.applicant.kind
        row["contact"] = s.applicant.contact
    return row


def result_rows(outcome: Outcome, include_personal: bool = False) -> list[dict[str, Any]]:
    """Return a row for every submission, in the outcome's order."""
    return list(iter_result_rows(outcome, include_personal))


def iter_result_rows(outcome: Outcome, include_personal: bool = False) -> Iterator[dict[str, Any]]:
    """Yield `result_rows`' rows one by one, for a writer that needs each only while it writes it (JSON)."""
    lang = outcome.round.language
    said: dict[Reason, str] = {}
    rounded: dict[tuple[int, int], Decimal] = {}
    for r in outcome.results:
        yield result_row(r, lang, include_personal, said, rounded)


def _rounded(score: Fraction, rounded: dict[tuple[int, int], Decimal]) -> Decimal:
    """Return `round_fraction(score)`, each score rounded once in `rounded` (a round's scores take few values, and
    rounding takes microseconds; the Decimal is shared, as a Decimal never changes)."""
    key = (score.numerator, score.denominator)
    number = rounded.get(key)
    if number is None:
        number = rounded[key] = round_fraction(score)
    return number


def said_once(reasons: tuple[Reason, ...], language: Language, said: dict[Reason, str]) -> list[str]:
    """Return each reason's sentence in `language`, as `phrases` does, each reason phrased once in `said`.

    Equal reasons read the same (a parameter's type is fixed by the catalogue, and equal amounts, shares and scores
    are written alike in a sentence: tests/test_fast_paths.py), and a round repeats many (`funded`, `earlier-stage`).
    """
    out: list[str] = []
    for reason in reasons:
        text = said.get(reason)
        if text is None:
            text = said[reason] = phrase(reason, language)
        out.append(text)
    return out


def winner_rows(outcome: Outcome, include_personal: bool = False) -> list[dict[str, Any]]:
    """Return the rows of the funded plans only, best ranked first."""
    return [row for row in result_rows(outcome, include_personal) if row["status"] in {s.value for s in FUNDED}]


def pot_rows(outcome: Outcome) -> list[dict[str, Any]]:
    """Return each pot's amount, used and left."""
    return [
        {"id": use.pot.id, "label": use.pot.label, "amount": use.pot.amount, "used": use.used, "left": use.left}
        for use in outcome.pots
    ]


def flat(value: Any) -> Any:
    """Return a cell value as text for tabular formats (money as '15000.00', lists joined)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return cents(value) if value.as_tuple().exponent == -2 else str(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cents(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return value
