"""Labels for people in nl and en: column headings, statuses, methods and how a private applicant is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from initiatief.models import Language, Method, Status

if TYPE_CHECKING:
    from initiatief.models import Submission

_HEADERS: dict[Language, dict[str, str]] = {
    Language.NL: {
        "rank": "Rang", "id": "Id", "title": "Titel", "applicant": "Aanvrager", "district": "Wijk",
        "stage": "Fase", "status": "Status", "score": "Score", "votes": "Stemmen", "requested": "Aangevraagd",
        "awarded": "Toegekend", "paid_by": "Betaald uit", "prize": "Prijs", "reasons": "Toelichting",
        "applicant_kind": "Soort aanvrager", "contact": "Contact", "pot": "Pot", "amount": "Bedrag",
        "used": "Besteed", "left": "Over", "moved": "Verschoven", "stage_count": "Aantal",
        "awarded_plans": "Toekenningen", "prize_winners": "Prijswinnaars", "eligible": "Ontvankelijk",
        "passed": "Voldoende", "prize_amount": "Prijsbedrag", "idea": "Ideeën", "plan": "Plannen",
        "incomplete": "Buiten behandeling",
        "label": "Naam",
        # compare-methods and compare
        "method": "Verdeling", "funded": "Toekenningen", "total": "Totaal toegekend", "differ": "Anders",
        "problem": "Probleem", "group": "Onderdeel", "name": "Wat", "change": "Verschil",
        # the merge list of the letters (merge.csv)
        "submission": "Aanvraag", "email": "E-mail", "address": "Adres", "letter": "Brief", "file": "Bestand",
    },
    Language.EN: {
        "rank": "Rank", "id": "Id", "title": "Title", "applicant": "Applicant", "district": "District",
        "stage": "Stage", "status": "Status", "score": "Score", "votes": "Votes", "requested": "Requested",
        "awarded": "Awarded", "paid_by": "Paid by", "prize": "Prize", "reasons": "Reasons",
        "applicant_kind": "Applicant kind", "contact": "Contact", "pot": "Pot", "amount": "Amount",
        "used": "Used", "left": "Left", "moved": "Moved", "stage_count": "Count",
        "awarded_plans": "Awards", "prize_winners": "Prize winners", "eligible": "Eligible",
        "passed": "Passed", "prize_amount": "Prize amount", "idea": "Ideas", "plan": "Plans",
        "incomplete": "Incomplete",
        "label": "Name",
        "method": "Method", "funded": "Awards", "total": "Total awarded", "differ": "Differ",
        "problem": "Problem", "group": "Part", "name": "What", "change": "Change",
        "submission": "Submission", "email": "Email", "address": "Address", "letter": "Letter", "file": "File",
    },
}

_STATUS: dict[Language, dict[Status, str]] = {
    Language.NL: {
        Status.AWARDED: "toegekend", Status.PARTLY_AWARDED: "deels toegekend", Status.NOT_FUNDED: "geen budget",
        Status.INSUFFICIENT: "onvoldoende", Status.INELIGIBLE: "niet ontvankelijk",
        Status.EARLIER_STAGE: "eerdere fase", Status.WITHDRAWN: "ingetrokken", Status.EXCLUDED: "uitgesloten",
        Status.INCOMPLETE: "buiten behandeling",
    },
    Language.EN: {
        Status.AWARDED: "awarded", Status.PARTLY_AWARDED: "partly awarded", Status.NOT_FUNDED: "not funded",
        Status.INSUFFICIENT: "insufficient", Status.INELIGIBLE: "ineligible",
        Status.EARLIER_STAGE: "earlier stage", Status.WITHDRAWN: "withdrawn", Status.EXCLUDED: "excluded",
        Status.INCOMPLETE: "incomplete",
    },
}

_METHODS: dict[Language, dict[Method, str]] = {
    Language.NL: {
        Method.RANKING: "rangschikking", Method.ARRIVAL: "volgorde van binnenkomst", Method.LOTTERY: "loting",
        Method.PRO_RATA: "naar rato", Method.EQUAL: "gelijke delen", Method.OPTIMAL: "hoogste totale score",
        Method.VOTES: "meeste stemmen", Method.EQUAL_SHARES: "method of equal shares",
    },
    Language.EN: {
        Method.RANKING: "ranking", Method.ARRIVAL: "order of arrival", Method.LOTTERY: "lottery",
        Method.PRO_RATA: "pro rata", Method.EQUAL: "equal shares", Method.OPTIMAL: "highest total score",
        Method.VOTES: "most votes", Method.EQUAL_SHARES: "method of equal shares",
    },
}

_PRIVATE: dict[Language, dict[str, str]] = {
    Language.NL: {"private": "(Particulier)"},
    Language.EN: {"private": "(private person)"},
}

_APPLICANT_KINDS: dict[Language, dict[str, str]] = {
    Language.NL: {"organisation": "organisatie", "person": "particulier"},
    Language.EN: {"organisation": "organisation", "person": "private person"},
}

TABLES = (_HEADERS, _STATUS, _METHODS, _PRIVATE, _APPLICANT_KINDS)
"""The phrase tables of this module (one entry per language), checked by tests/test_texts.py."""

STATUS_LABELS = _STATUS
"""Each status for people, per language (tests check it covers exactly models.Status)."""

METHOD_LABELS = _METHODS
"""Each distribution method for people, per language (tests check it covers exactly models.Method)."""


def header(language: Language, column: str) -> str:
    """Return a column's heading for people, in the round's language (an unknown column as written)."""
    return _HEADERS[language].get(column, column)


def applicant_kind_label(language: Language, kind: str) -> str:
    """Return an applicant's kind ('person') for people, in the round's language ('particulier')."""
    return _APPLICANT_KINDS[language].get(kind, kind)


def status_label(language: Language, status: str) -> str:
    """Return a status ('awarded' or Status.AWARDED) for people, in the round's language."""
    try:
        return _STATUS[language][Status(status)]
    except ValueError:
        return status


def method_label(language: Language, method: str) -> str:
    """Return a distribution method ('pro-rata' or Method.PRO_RATA) for people, in the round's language."""
    try:
        return _METHODS[language][Method(method)]
    except ValueError:
        return method


def applicant_name(submission: Submission, language: Language, include_personal: bool) -> str:
    """Return the applicant as published: a private person is '(Particulier)' unless asked."""
    applicant = submission.applicant
    if applicant.is_private and not include_personal:
        return _PRIVATE[language]["private"]
    return applicant.name
