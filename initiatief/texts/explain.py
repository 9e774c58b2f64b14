"""The phrases of `initiatief explain` in nl and en: the story of one submission."""

from __future__ import annotations

from typing import Any

from initiatief.models import Language

_EXPLAIN: dict[str, dict[str, str]] = {
    "nl": {
        "submission": "Aanvraag {id}: {title}",
        "applicant": "Aanvrager: {name}; fase: {stage}; wijk: {district}; aangevraagd: {requested}",
        "contact": "Contact: {contact}",
        "eligibility": "Ontvankelijkheid",
        "held": "voldaan",
        "failed": "NIET voldaan",
        "assessment": "Beoordeling",
        "criterion": "{label} (weging {weight}): {score} — {assessors}",
        "conflict": "Belangenverstrengeling gemeld: de scores van {assessors} tellen niet mee",
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
        "contact": "Contact: {contact}",
        "eligibility": "Eligibility",
        "held": "held",
        "failed": "FAILED",
        "assessment": "Assessment",
        "criterion": "{label} (weight {weight}): {score} — {assessors}",
        "conflict": "Conflict of interest declared: the scores of {assessors} do not count",
        "total": "Weighted score {score} of {maximum}; pass mark {mark}",
        "ranking": "Ranking",
        "rank": "Rank {rank} of {count} ({method})",
        "lottery": "Tied with {others}: lottery with seed '{seed}', ticket {ticket}",
        "allocation": "Explanation",
        "outcome": "Outcome: {status}",
        "none": "none",
    },
}


def explain_text(language: Language, key: str, **values: Any) -> str:
    """Return a phrase of the `explain` story in the round's language."""
    return _EXPLAIN[language][key].format(**values)
