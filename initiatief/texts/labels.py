"""Labels for people in nl and en: column headings, statuses and how a private applicant is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from initiatief.models import Language

if TYPE_CHECKING:
    from initiatief.models import Submission

_HEADERS: dict[str, dict[str, str]] = {
    "nl": {
        "rank": "Rang", "id": "Id", "title": "Titel", "applicant": "Aanvrager", "district": "Wijk",
        "stage": "Fase", "status": "Status", "score": "Score", "requested": "Aangevraagd",
        "awarded": "Toegekend", "paid_by": "Betaald uit", "prize": "Prijs", "reasons": "Toelichting",
        "applicant_kind": "Soort aanvrager", "contact": "Contact", "pot": "Pot", "amount": "Bedrag",
        "used": "Besteed", "left": "Over", "stage_count": "Aantal", "awarded_plans": "Toekenningen",
        "prize_winners": "Prijswinnaars", "eligible": "Ontvankelijk", "passed": "Voldoende",
        "prize_amount": "Prijsbedrag", "idea": "Ideeën", "plan": "Plannen",
    },
    "en": {
        "rank": "Rank", "id": "Id", "title": "Title", "applicant": "Applicant", "district": "District",
        "stage": "Stage", "status": "Status", "score": "Score", "requested": "Requested",
        "awarded": "Awarded", "paid_by": "Paid by", "prize": "Prize", "reasons": "Reasons",
        "applicant_kind": "Applicant kind", "contact": "Contact", "pot": "Pot", "amount": "Amount",
        "used": "Used", "left": "Left", "stage_count": "Count", "awarded_plans": "Awards",
        "prize_winners": "Prize winners", "eligible": "Eligible", "passed": "Passed",
        "prize_amount": "Prize amount", "idea": "Ideas", "plan": "Plans",
    },
}

_STATUS: dict[str, dict[str, str]] = {
    "nl": {
        "awarded": "toegekend", "partly-awarded": "deels toegekend", "not-funded": "geen budget",
        "insufficient": "onvoldoende", "ineligible": "niet ontvankelijk", "earlier-stage": "eerdere fase",
        "withdrawn": "ingetrokken", "excluded": "uitgesloten",
    },
    "en": {
        "awarded": "awarded", "partly-awarded": "partly awarded", "not-funded": "not funded",
        "insufficient": "insufficient", "ineligible": "ineligible", "earlier-stage": "earlier stage",
        "withdrawn": "withdrawn", "excluded": "excluded",
    },
}


def header(language: Language, column: str) -> str:
    """Return a column's heading for people, in the round's language."""
    return _HEADERS[language].get(column, column)


def status_label(language: Language, status: str) -> str:
    """Return a status for people, in the round's language."""
    return _STATUS[language].get(status, status)


_PRIVATE = {Language.NL: "(Particulier)", Language.EN: "(private person)"}


def applicant_name(submission: Submission, language: Language, include_personal: bool) -> str:
    """Return the applicant as published: a private person is '(Particulier)' unless asked."""
    applicant = submission.applicant
    if applicant.is_private and not include_personal:
        return _PRIVATE[language]
    return applicant.name
