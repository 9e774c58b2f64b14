"""Texts about a round in the round's own language (nl or en), and money and score formats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from initiatief.models import Submission



_TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "private": "(Particulier)",
        "no-request": "Geen aangevraagd bedrag",
        "no-cost": "Geen totale kosten opgegeven (nodig voor het maximale aandeel)",
        "below-min": "Subsidiebedrag {requested} is minder dan de minimale subsidie van {minimum}",
        "above-max": "Aangevraagd {requested} is meer dan de maximale subsidie van {maximum}",
        "above-share": "Aangevraagd {requested} is meer dan {share} van de kosten ({cost})",
        "capped-max": "Subsidie begrensd op het maximum van {maximum} (aangevraagd {requested})",
        "capped-share": "Subsidie begrensd op {share} van de kosten: {amount} (aangevraagd {requested})",
        "below-pass": "Score {score} is lager dan de drempel van {mark} ({percent} van {maximum})",
        "below-minimum": "{label}: {score} is lager dan het minimum van {minimum}",
        "earlier-stage": "Bleef in de fase '{stage}'; alleen '{last}' wordt beoordeeld",
        "funded": "Toegekend: {amount} uit {pots}",
        "not-fit": "Niet toegekend: bij rang {rank} was nodig {needed} uit {pot}, er was nog {left}",
        "stopped": "Niet toegekend: de verdeling stopte bij rang {rank} (skip: false)",
        "ceiling": "Niet toegekend: bij rang {rank} was nodig {needed}, onder het plafond was nog {left}",
        "no-pot": "Niet toegekend: geen pot mag dit plan betalen",
        "prize": "Prijs: {label} ({amount} uit {pot})",
        "lottery": "Gelijke stand met {others}; volgorde door loting (seed {seed})",
        "decision-exclude": "Uitgesloten bij besluit van {date}: {reason}",
        "decision-withdrawn": "Ingetrokken ({date}): {reason}",
        "decision-cap": "Bedrag begrensd op {amount} bij besluit van {date}: {reason}",
        "others": "{count} andere plannen",
        "partial": "gedeeltelijk: wat er nog over was, {amount} van de {needed}",
        "leftover": "betaald uit wat de wijken over hadden (restbudget)",
        "pro-rata": "Evenredige verdeling: iedereen krijgt {fraction} van het bedrag",
        "equal": "Gelijke verdeling: iedereen krijgt ten hoogste {amount}",
        "optimal": "Niet toegekend: de combinatie met de hoogste totale score ({total}) past zonder dit plan",
    },
    "en": {
        "private": "(private person)",
        "no-request": "No amount requested",
        "no-cost": "No total cost given (needed for the maximum share)",
        "below-min": "Grant of {requested} is less than the minimum grant of {minimum}",
        "above-max": "Requested {requested} is more than the maximum grant of {maximum}",
        "above-share": "Requested {requested} is more than {share} of the cost ({cost})",
        "capped-max": "Grant capped at the maximum of {maximum} (requested {requested})",
        "capped-share": "Grant capped at {share} of the cost: {amount} (requested {requested})",
        "below-pass": "Score {score} is below the pass mark of {mark} ({percent} of {maximum})",
        "below-minimum": "{label}: {score} is below the minimum of {minimum}",
        "earlier-stage": "Stayed at stage '{stage}'; only '{last}' is assessed",
        "funded": "Funded: {amount} from {pots}",
        "not-fit": "Not funded: at rank {rank} {needed} was needed from {pot}, {left} was left",
        "stopped": "Not funded: allocation stopped at rank {rank} (skip: false)",
        "ceiling": "Not funded: at rank {rank} {needed} was needed, {left} was left under the ceiling",
        "no-pot": "Not funded: no pot may pay for this plan",
        "prize": "Prize: {label} ({amount} from {pot})",
        "lottery": "Tied with {others}; order drawn by lot (seed {seed})",
        "decision-exclude": "Excluded by decision of {date}: {reason}",
        "decision-withdrawn": "Withdrawn ({date}): {reason}",
        "decision-cap": "Amount capped at {amount} by decision of {date}: {reason}",
        "others": "{count} other plans",
        "partial": "partly: what was left, {amount} of the {needed}",
        "leftover": "paid from the districts' leftovers",
        "pro-rata": "Pro rata: every plan receives {fraction} of its amount",
        "equal": "Equal shares: every plan receives at most {amount}",
        "optimal": "Not funded: the set with the highest total score ({total}) fits without this plan",
    },
}


_EXPLAIN: dict[str, dict[str, str]] = {
    "nl": {
        "submission": "Aanvraag {id}: {title}",
        "applicant": "Aanvrager: {name}; fase: {stage}; wijk: {district}; aangevraagd: {requested}",
        "eligibility": "Ontvankelijkheid",
        "held": "voldaan",
        "failed": "NIET voldaan",
        "assessment": "Beoordeling",
        "criterion": "{label} (weging {weight}): {score} — {assessors}",
        "conflict": "Belangenverstrengeling gemeld door {assessors}: hun scores tellen niet mee",
        "total": "Gewogen score {score} van {maximum}; drempel {mark}",
        "ranking": "Rangschikking",
        "rank": "Rang {rank} van {count} ({method})",
        "lottery": "Gelijke stand met {others}: loting met seed '{seed}', lot {ticket}",
        "allocation": "Toelichting",
        "outcome": "Uitkomst: {status}",
        "none": "geen",
    },
    "en": {
        "submission": "Submission {id}: {title}",
        "applicant": "Applicant: {name}; stage: {stage}; district: {district}; requested: {requested}",
        "eligibility": "Eligibility",
        "held": "held",
        "failed": "FAILED",
        "assessment": "Assessment",
        "criterion": "{label} (weight {weight}): {score} — {assessors}",
        "conflict": "Conflict of interest declared by {assessors}: their scores do not count",
        "total": "Weighted score {score} of {maximum}; pass mark {mark}",
        "ranking": "Ranking",
        "rank": "Rank {rank} of {count} ({method})",
        "lottery": "Tied with {others}: lottery with seed '{seed}', ticket {ticket}",
        "allocation": "Explanation",
        "outcome": "Outcome: {status}",
        "none": "none",
    },
}


def explain_text(language: str, key: str, **values: Any) -> str:
    """Return a phrase of the `explain` story in the round's language."""
    return _EXPLAIN[language][key].format(**values)


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


def header(language: str, column: str) -> str:
    """Return a column's heading for people, in the round's language."""
    return _HEADERS[language].get(column, column)


def status_label(language: str, status: str) -> str:
    """Return a status for people, in the round's language."""
    return _STATUS[language].get(status, status)


def text(language: str, key: str, **values: Any) -> str:
    """Return the message `key` in `language`, filled in with `values`."""
    return _TEXTS[language][key].format(**values)


def applicant_name(submission: Submission, language: str, include_personal: bool) -> str:
    """Return the applicant as published: a private person is '(Particulier)' unless asked."""
    applicant = submission.applicant
    if applicant.is_private and not include_personal:
        return text(language, "private")
    return applicant.name


def money(amount: Decimal, language: str) -> str:
    """Return an amount for people: '€ 15.000,00' in Dutch, '€15,000.00' in English."""
    plain = f"{amount.quantize(Decimal('0.01')):,.2f}"
    if language == "nl":
        return "€ " + plain.replace(",", "_").replace(".", ",").replace("_", ".")
    return "€" + plain


def cents(amount: Decimal) -> str:
    """Return an amount for machines: '15000.00'."""
    return f"{amount.quantize(Decimal('0.01')):.2f}"


def score_text(score: Fraction, language: str = "en", places: int = 2) -> str:
    """Return a score rounded half-up to `places` decimals, with the language's decimal mark."""
    shown = str(round_fraction(score, places))
    return shown.replace(".", ",") if language == "nl" else shown


def round_fraction(value: Fraction, places: int = 2) -> Decimal:
    """Return an exact fraction rounded half-up to `places` decimals."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(share: Decimal, language: str) -> str:
    """Return a share as a percentage: '50%'."""
    shown = f"{(share * 100).normalize():f}"
    return (shown.replace(".", ",") if language == "nl" else shown) + "%"
