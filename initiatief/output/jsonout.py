"""The JSON document that scripts rely on (documented in docs/json.md)."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from initiatief.amounts import cents, json_number, round_fraction, vote_json
from initiatief.models import FUNDED, Language, Outcome, Result
from initiatief.output.jsontext import (
    ITEM_INDENT,
    array_text,
    encode_text,
    float_text,
    iter_written,
    member_name,
    object_text,
    visible,
    visible_utf8,
    written,
)
from initiatief.output.rows import iter_result_rows
from initiatief.reasons import CATALOGUE, Code, Kind, Param, Reason, as_ids, as_parts
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
    # A round's scores take few values: each combined score rounded once (by its numerator and denominator).
    rounded: dict[tuple[int, int], float] = {}
    for result, row in _results(outcome, include_personal, winners_only, rows):
        yield _entry(result, row, language, voting, include_personal, rounded)


def _results(outcome: Outcome, include_personal: bool, winners_only: bool,
             rows: list[dict[str, Any]] | None) -> Iterator[tuple[Result, dict[str, Any]]]:
    """Yield each result with its row, in order (only the funded ones if `winners_only`)."""
    funded = {s.value for s in FUNDED}
    # `rows`: the result rows a command built already (output/rows.result_rows, every result in order); else
    # each is made as it is written, and never all held at once.
    made = iter_result_rows(outcome, include_personal) if rows is None else rows
    for result, row in zip(outcome.results, made, strict=True):
        if winners_only and row["status"] not in funded:
            continue
        yield result, row


def _entry(result: Result, row: dict[str, Any], language: Language, voting: bool, include_personal: bool,
           rounded: dict[tuple[int, int], float]) -> dict[str, Any]:
    """Return one result as JSON values (`rounded`: the combined scores rounded so far, by numerator and
    denominator)."""
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
    return entry


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
            out["votes"] = votes if votes is None else json_number(votes)
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
    # Hundreds of thousands of small dicts, none in a cycle: the garbage collector would only rescan them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return "".join(_pieces(outcome, include_personal, winners_only, rows, visible))
    finally:
        if was_enabled:
            gc.enable()


def json_bytes(outcome: Outcome, include_personal: bool = False, winners_only: bool = False,
               rows: list[dict[str, Any]] | None = None, *,
               encode: Callable[[str], bytes] = str.encode) -> Iterator[bytes]:
    """Yield `render_json`'s text in pieces, each made and encoded by `encode` (to UTF-8, with any error handler;
    str.encode by default) as it is taken: written one after the other, a large document is never held whole."""
    return _pieces(outcome, include_personal, winners_only, rows, lambda piece: visible_utf8(piece, encode))


def _pieces(outcome: Outcome, include_personal: bool, winners_only: bool, rows: list[dict[str, Any]] | None,
            finish: Callable[[str], T]) -> Iterator[T]:
    """Yield the document's pieces, each as `finish` makes it of its text (`visible`, or that and encoded)."""
    # The results written one by one: the document's values are never all held at once.
    writer = _ResultWriter(outcome, include_personal)
    texts = (writer.entry(result, row) for result, row in _results(outcome, include_personal, winners_only, rows))
    for piece in iter_written(_head(outcome), "results", texts, default=_default, end="\n"):
        yield finish(piece)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return cents(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# --- a result's entry, written as text directly -------------------------------------------------------------------
#
# The lines where a result's parts are written (docs/json.md): the result's members, their own members and items
# (criteria, paid_by, prize, reasons), a reason's members.
_MEMBER = ITEM_INDENT + "  "
_NESTED = _MEMBER + "  "
_REASON_MEMBER = _NESTED + "  "
_REASON_SEPARATOR = "," + _REASON_MEMBER
_int_repr = int.__repr__


class _ResultWriter:
    """Writes a result of one outcome as the text of its entry: what jsontext writes for `_entry`'s dict at its
    place in the document (`iter_pieces`), without making the dict or looking at each value's type in turn.

    A result's shape is fixed, so its members are written in order, each by what it holds; a round repeats its
    amounts, rounded scores and votes many times, and each is written once per outcome here (`cents` and
    `round_fraction` take a microsecond or more a value). A value of another type than the usual one (a subclass, a
    non-finite Decimal, a key that is not a str) goes to the general writer, `written`, which gives the text
    json.dumps gives. tests/test_json_writer.py checks the entries against json.dumps of `_entry`'s dicts on drawn
    values (equal amounts and shares written differently, a zero's sign, subclasses, odd keys and reasons), and
    tests/test_fast_paths.py the documents of the example rounds against json.dumps of `outcome_dict`.
    """

    def __init__(self, outcome: Outcome, include_personal: bool) -> None:
        round_ = outcome.round
        self._language = round_.language
        self._voting = round_.voting is not None
        self._include_personal = include_personal
        self._money: dict[Decimal, str] = {}
        """`cents(amount)` as JSON, by the amount (never a zero: see `_money_text`)."""
        self._rounded: dict[tuple[int, int], str] = {}
        """A score (Fraction) rounded as `round_fraction` rounds it, as JSON, by its numerator and denominator."""
        self._criterion_scores: dict[tuple[str, int, int], str] = {}
        """A criterion's member ('"impact": 3.4') by its name and its combined score's numerator and denominator."""
        self._votes: dict[tuple[int, int], str] = {}
        """A number of votes (Fraction) as `vote_json` writes it, as JSON, by its numerator and denominator."""
        self._dates: dict[dt.date, str] = {}
        self._kinds: dict[Kind, Callable[[Any], str]] = {
            Kind.MONEY: self._money_param, Kind.SHARE: self._share_param, Kind.SCORE: self._score_param,
            Kind.COUNT: self._count_param, Kind.TEXT: self._text_param, Kind.DATE: self._date_param,
            Kind.IDS: self._ids_param, Kind.PARTS: self._parts_param, Kind.VOTES: self._votes_param,
        }
        # Per code: its reason's first member ('"code": "funded"') and each parameter's name, its key as JSON and
        # how its kind is written, in the catalogue's order. (A parameter named 'code' or 'text' would share a key
        # of the reason's dict: such a code would go the general way.)
        self._codes: dict[Code, tuple[str, tuple[tuple[str, str, Callable[[Any], str]], ...]]] = {
            code: (member_name("code") + encode_text(code.value),
                   tuple((name, member_name(name), self._kinds[kind]) for name, kind in kinds.items()))
            for code, kinds in CATALOGUE.items() if "code" not in kinds and "text" not in kinds
        }
        self._text_name = member_name("text")

    def entry(self, result: Result, row: dict[str, Any]) -> str:
        """Return the text of the result's entry, for its line in the document's `results` (ITEM_INDENT)."""
        plain = self._plain
        money = self._money_text
        score = row["score"]
        requested = row["requested"]
        eligible = result.eligible_amount
        members = [
            f'"id": {plain(row["id"])}',
            f'"title": {plain(row["title"])}',
            f'"applicant": {plain(row["applicant"])}',
            f'"district": {plain(row["district"])}',
            f'"stage": {plain(row["stage"])}',
            f'"status": {plain(row["status"])}',
            f'"rank": {plain(row["rank"])}',
            f'"score": {"null" if score is None else float_text(float(score))}',
            f'"criteria": {self._criteria(result)}',
            f'"requested": {"null" if requested is None else money(requested)}',
            f'"eligible_amount": {"null" if eligible is None else money(eligible)}',
            f'"awarded": {money(row["awarded"])}',
            f'"paid_by": {self._amounts(row["paid_by"], _MEMBER)}',
        ]
        if self._voting:
            votes = row["votes"]
            members.append(f'"votes": {plain(votes if votes is None else json_number(votes))}')
        members.append(f'"prize": {self._prize(row)}')
        members.append(f'"reasons": {self._reasons(result.reasons, row["reasons"])}')
        if self._include_personal:
            members.append(f'"applicant_kind": {plain(row["applicant_kind"])}')
            members.append(f'"contact": {plain(row["contact"])}')
        return object_text(members, ITEM_INDENT)

    @staticmethod
    def _plain(value: Any, indent: str = _MEMBER) -> str:
        """Return a result's member (a text, a number, None, ...) as JSON; `indent`: the line of its key."""
        kind = value.__class__
        if kind is str:
            return encode_text(value)
        if value is None:
            return "null"
        if kind is int:
            return _int_repr(value)
        return written(value, indent, _default)

    def _money_text(self, amount: Decimal) -> str:
        """Return `cents(amount)` as JSON ('"1162.50"'), each amount worked out once.

        Equal Decimals give the same cents, but for a zero: its sign ('-0.00') is left out of its equality and hash,
        so a zero is written each time; so is a NaN or an infinity (never equal, or not a number of cents) and
        anything that is not exactly a Decimal.
        """
        if amount.__class__ is not Decimal or not amount or not amount.is_finite():
            return encode_text(cents(amount))
        text = self._money.get(amount)
        if text is None:
            text = self._money[amount] = encode_text(cents(amount))
        return text

    def _rounded_text(self, score: Fraction) -> str:
        """Return `float(round_fraction(score))` as JSON, each score worked out once."""
        key = (score.numerator, score.denominator)
        text = self._rounded.get(key)
        if text is None:
            text = self._rounded[key] = float_text(float(round_fraction(score)))
        return text

    def _criteria(self, result: Result) -> str:
        # A dict of each criterion's member text, as `_entry` makes its dict: a criterion named twice (never, from
        # the core) is written once, where it came first, with its last score.
        criteria: dict[str, str] = {}
        scores = self._criterion_scores
        for c in result.criteria:
            name = c.criterion
            if name.__class__ is not str:
                return written({c.criterion: float(round_fraction(c.combined)) for c in result.criteria}, _MEMBER)
            combined = c.combined
            key = (name, combined.numerator, combined.denominator)
            member = scores.get(key)
            if member is None:
                member = scores[key] = member_name(name) + self._rounded_text(combined)
            criteria[name] = member
        return object_text(list(criteria.values()), _MEMBER)

    def _amounts(self, amounts: dict[str, Decimal], indent: str) -> str:
        """Return pots and their amounts (`paid_by`) as JSON, each amount as `cents` writes it."""
        if not amounts:
            return "{}"
        money = self._money_text
        members: list[str] = []
        for pot, amount in amounts.items():
            if pot.__class__ is not str:
                return written({pot: cents(amount) for pot, amount in amounts.items()}, indent)
            members.append(member_name(pot) + money(amount))
        return object_text(members, indent)

    def _prize(self, row: dict[str, Any]) -> str:
        if not row["prize"]:
            return "null"
        return object_text([f'"label": {self._plain(row["prize"], _NESTED)}',
                            f'"amount": {self._money_text(row["prize_amount"])}'], _MEMBER)

    def _reasons(self, reasons: tuple[Reason, ...], texts: list[str]) -> str:
        return array_text([self._reason(r, text) for r, text in zip(reasons, texts, strict=True)], _MEMBER)

    def _reason(self, reason: Reason, text: str) -> str:
        """Return a reason as `reason_dict` has it, as JSON, for its line in a result's `reasons`."""
        code = reason.code
        known = self._codes.get(code) if code.__class__ is Code else None
        params = reason.params
        if known is None or len(params) != len(known[1]) or text.__class__ is not str:
            return self._general_reason(reason, text)
        first, expected = known
        members = [first]
        # The parameters in the catalogue's order, each name once, as reason() makes them; a Reason made otherwise
        # goes the general way (its dict may hold fewer members, or refuse a name).
        for (name, value), (known_name, key, write) in zip(params, expected, strict=True):
            if name != known_name:
                return self._general_reason(reason, text)
            members.append(key + write(value))
        members.append(self._text_name + encode_text(text))
        return f"{{{_REASON_MEMBER}{_REASON_SEPARATOR.join(members)}{_NESTED}}}"  # object_text(members, _NESTED)

    def _general_reason(self, reason: Reason, text: str) -> str:
        return written(reason_dict(reason, self._language, text), _NESTED, _default)

    # Each kind's parameter as `json_value` has it, as JSON on a reason's line; another type than the kind's own
    # (or a value json_value refuses) goes by json_value and the general writer.

    def _general_param(self, kind: Kind, value: Param) -> str:
        return written(json_value(kind, value), _REASON_MEMBER, _default)

    def _money_param(self, value: Param) -> str:
        if value.__class__ is Decimal:
            return self._money_text(value)
        return self._general_param(Kind.MONEY, value)

    def _share_param(self, value: Param) -> str:
        if value.__class__ is Decimal:
            return encode_text(str(value))
        return self._general_param(Kind.SHARE, value)

    def _score_param(self, value: Param) -> str:
        if value.__class__ is not Fraction:
            return self._general_param(Kind.SCORE, value)
        text = self._rounded.get((value.numerator, value.denominator))
        return self._rounded_text(value) if text is None else text

    def _votes_param(self, value: Param) -> str:
        if value.__class__ is not Fraction:
            return self._general_param(Kind.VOTES, value)
        key = (value.numerator, value.denominator)
        text = self._votes.get(key)
        if text is None:
            text = self._votes[key] = written(vote_json(value), _REASON_MEMBER)
        return text

    def _count_param(self, value: Param) -> str:
        if value.__class__ is int:
            return _int_repr(value)
        return self._general_param(Kind.COUNT, value)

    def _text_param(self, value: Param) -> str:
        if value.__class__ is str:
            return encode_text(value)
        return self._general_param(Kind.TEXT, value)

    def _date_param(self, value: Param) -> str:
        if value.__class__ is not dt.date:
            return self._general_param(Kind.DATE, value)
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = encode_text(value.isoformat())
        return text

    def _ids_param(self, value: Param) -> str:
        if value.__class__ is not tuple:
            return self._general_param(Kind.IDS, value)
        items: list[str] = []
        for i in value:
            if i.__class__ is not str:
                return self._general_param(Kind.IDS, value)
            items.append(encode_text(i))
        return array_text(items, _REASON_MEMBER)

    def _parts_param(self, value: Param) -> str:
        if value.__class__ is not tuple:
            return self._general_param(Kind.PARTS, value)
        # A dict, as json_value makes: a pot named twice is written once, with its last amount.
        return self._amounts(dict(value), _REASON_MEMBER)  # type: ignore[arg-type]  # (pot, amount) pairs
