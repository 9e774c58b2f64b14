"""The JSON document that scripts rely on (documented in docs/json.md)."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from initiatief.amounts import cents, round_fraction, vote_json
from initiatief.models import FUNDED, Language, Outcome
from initiatief.output.jsontext import iter_pieces
from initiatief.output.rows import result_rows
from initiatief.reasons import CATALOGUE, Kind, Param, Reason, as_ids, as_parts
from initiatief.texts.reasons import phrase

T = TypeVar("T", str, bytes)

VERSION = 3
"""The version of the JSON documents (docs/json.md, "Versions"): 3 gives a tie by its size, 2 gave reasons codes."""


def outcome_dict(outcome: Outcome, include_personal: bool = False, winners_only: bool = False,
                 rows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return the outcome as plain JSON values: money as '15000.00', scores as numbers."""
    return {**_head(outcome), "results": list(_entries(outcome, include_personal, winners_only, rows))}


def _entries(outcome: Outcome, include_personal: bool, winners_only: bool,
             rows: list[dict[str, Any]] | None) -> Iterator[dict[str, Any]]:
    """Yield each result as JSON values, in order (only the funded ones if `winners_only`)."""
    round_ = outcome.round
    language = round_.language
    voting = round_.voting is not None
    funded = {s.value for s in FUNDED}
    # A round's scores take few values: each combined score rounded once (by its numerator and denominator).
    rounded: dict[tuple[int, int], float] = {}
    # `rows`: the result rows a command built already (output/rows.result_rows, every result in order).
    rows = result_rows(outcome, include_personal) if rows is None else rows
    for result, row in zip(outcome.results, rows, strict=True):
        if winners_only and row["status"] not in funded:
            continue
        criteria: dict[str, float] = {}
        for c in result.criteria:
            combined = c.combined
            key = (combined.numerator, combined.denominator)
            number = rounded.get(key)
            if number is None:
                number = rounded[key] = float(round_fraction(combined))
            criteria[c.criterion] = number
        entry = {
            "id": row["id"],
            "title": row["title"],
            "applicant": row["applicant"],
            "district": row["district"],
            "stage": row["stage"],
            "status": row["status"],
            "rank": row["rank"],
            "score": float(row["score"]) if row["score"] is not None else None,
            "criteria": criteria,
            "requested": cents(row["requested"]) if row["requested"] is not None else None,
            "eligible_amount": cents(result.eligible_amount) if result.eligible_amount is not None else None,
            "awarded": cents(row["awarded"]),
            "paid_by": {pot: cents(amount) for pot, amount in row["paid_by"].items()},
            "prize": (
                {"label": row["prize"], "amount": cents(row["prize_amount"])} if row["prize"] else None
            ),
            "reasons": reason_list(result.reasons, language, row["reasons"]),
        }
        if voting:
            entry = _with_votes(entry, row["votes"])
        if include_personal:
            entry["applicant_kind"] = row["applicant_kind"]
            entry["contact"] = row["contact"]
        yield entry


def _head(outcome: Outcome) -> dict[str, Any]:
    """Return the document without its results (they come last)."""
    round_ = outcome.round
    return {
        "version": VERSION,
        "round": {
            "name": round_.name,
            "year": round_.year,
            "language": round_.language,
            "method": outcome.method,
            "ceiling": cents(round_.ceiling),
            "max_score": float(round_fraction(round_.max_score)),
            "pass_score": float(round_fraction(round_.pass_score)),
        },
        "funnel": dict(outcome.funnel),
        "pots": [
            {"id": u.pot.id, "label": u.pot.label, "for": "prizes" if u.pot.for_prizes else "awards",
             "share": str(u.pot.share) if u.pot.share is not None else None,
             "amount": cents(u.pot.amount), "moved": cents(u.moved), "used": cents(u.used), "left": cents(u.left)}
            for u in outcome.pots
        ],
        "ties": [
            {"seed": t.seed, "candidates": list(t.candidates), "order": list(t.order),
             "tickets": list(t.tickets), "first_rank": t.first_rank, "decides": t.decides}
            for t in outcome.ties
        ],
    }


def reason_dict(reason: Reason, language: Language, text: str | None = None) -> dict[str, Any]:
    """Return a reason as JSON: its code, each parameter as a plain value, and its sentence in `language`
    (`text`, if the caller has phrased it already)."""
    kinds = CATALOGUE[reason.code]
    data: dict[str, Any] = {"code": reason.code.value}
    for name, value in reason.params:
        data[name] = json_value(kinds[name], value)
    data["text"] = phrase(reason, language) if text is None else text
    return data


def _with_votes(entry: dict[str, Any], votes: int | Decimal | None) -> dict[str, Any]:
    """Return the entry with `votes` after `paid_by` (a round with votes, docs/json.md)."""
    out: dict[str, Any] = {}
    for key, value in entry.items():
        out[key] = value
        if key == "paid_by":
            out["votes"] = float(votes) if isinstance(votes, Decimal) else votes
    return out


def reason_list(
    reasons: tuple[Reason, ...], language: Language, texts: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Return reasons as JSON objects, in order; `texts`: their sentences, if phrased already (a row's)."""
    if texts is None:
        return [reason_dict(r, language) for r in reasons]
    return [reason_dict(r, language, text) for r, text in zip(reasons, texts, strict=True)]


def json_value(kind: Kind, value: Param) -> Any:
    """Return a parameter as JSON writes its kind: money '12000.00', a share '0.5', a score 36.83, ISO dates."""
    if kind is Kind.MONEY:
        assert isinstance(value, Decimal)
        return cents(value)
    if kind is Kind.SHARE:
        assert isinstance(value, Decimal)
        return str(value)
    if kind is Kind.SCORE:
        assert isinstance(value, Fraction)
        return float(round_fraction(value))
    if kind is Kind.VOTES:
        assert isinstance(value, Fraction)
        return vote_json(value)
    if kind is Kind.DATE:
        assert isinstance(value, dt.date)
        return value.isoformat()
    if kind is Kind.PARTS:
        return {pot: cents(amount) for pot, amount in as_parts(value)}
    if kind is Kind.IDS:
        return list(as_ids(value))
    return value


def render_json(outcome: Outcome, include_personal: bool = False, winners_only: bool = False,
                rows: list[dict[str, Any]] | None = None) -> str:
    """Return the outcome as a JSON document with a trailing newline (`rows`: the result rows, if built already)."""
    return "".join(_pieces(outcome, include_personal, winners_only, rows, str))


def json_bytes(outcome: Outcome, include_personal: bool = False, winners_only: bool = False,
               rows: list[dict[str, Any]] | None = None, *,
               encode: Callable[[str], bytes] = str.encode) -> list[bytes]:
    """Return `render_json`'s text in pieces, each encoded by `encode` as soon as it is written (UTF-8 by default):
    a large document is held once, as bytes (its text would take two or four bytes a character)."""
    return _pieces(outcome, include_personal, winners_only, rows, encode)


def _pieces(outcome: Outcome, include_personal: bool, winners_only: bool, rows: list[dict[str, Any]] | None,
            encode: Callable[[str], T]) -> list[T]:
    # Hundreds of thousands of small dicts, none in a cycle: the garbage collector would only rescan them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # The results written one by one: the document's values are never all held at once.
        entries = _entries(outcome, include_personal, winners_only, rows)
        return [encode(piece) for piece in iter_pieces(_head(outcome), "results", entries, default=_default,
                                                       end="\n")]
    finally:
        if was_enabled:
            gc.enable()


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return cents(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
