"""The phrases of `initiatief report` in the round's language (nl or en): the paragraph and the headings.

Kept apart from the labels (texts/labels.py: column headings, statuses, methods) so the
report can grow its wording without touching what every other output shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from initiatief.models import Language
from initiatief.texts.formats import ByCount, by_count
from initiatief.texts.labels import method_label as method_label  # the methods' names live with the labels

_PHRASES: dict[str, dict[str, str | ByCount]] = {
    "nl": {
        # the annual-report paragraph (see ../shared/seed: Jaarverslag 2017, 4.1.1)
        "first-stage": "{subject} leverde {count} {noun} op.",
        "later-stages": "Dit leidde tot {stages}.",
        "single-stage-one": "Voor {name} werd {count} {noun} ingediend.",
        "single-stage-many": "Voor {name} werden {count} {noun} ingediend.",
        "awarded-none": "Geen enkel initiatief heeft een financiële bijdrage ontvangen.",
        "awarded-one": "{count} initiatief heeft {basis} een financiële bijdrage ontvangen.",
        "awarded-many": "{count} initiatieven hebben {basis} een financiële bijdrage ontvangen.",
        "total": "Het totaal toegekende bedrag was {amount}.",
        "cofinanced-one": "{count} daarvan is in cofinanciering gefinancierd uit {pots}.",
        "cofinanced-many": "{count} daarvan zijn in cofinanciering gefinancierd uit {pots}.",
        "prizes-one": "De prijswinnaar was {winners}.",
        "prizes-many": "De prijswinnaars waren: {winners}.",
        "winner": "{applicant} met '{title}'",
        "winner-private": "'{title}' van een particulier",
        "prize-money-one": "Het prijzengeld bedroeg {amount}.",
        "prize-money-each": "Zij ontvingen elk {amount} prijzengeld.",
        "prize-money-together": "Samen ontvingen zij {amount} prijzengeld.",
        "more-than": "meer dan {count}",
        "and": "en",
        "article": "De",
        # headings and labels of the rendered report
        "report": "Verslag",
        "paragraph": "Voor het jaarverslag",
        "funnel": "Trechter",
        "pots": "Budget per pot",
        "districts": "Budget per wijk",
        "prize-winners": "Prijswinnaars",
        "averages": "Gemiddelde score per criterium",
        "ranking": "Rangschikking",
        "decided": "Datum van de besluiten: {date}",
        "step": "Stap",
        "count": "Aantal",
        "share-of-first": "Van de eerste fase",
        "pot": "Pot",
        "amount": "Bedrag",
        "moved": "Verschoven",
        "used": "Besteed",
        "left": "Over",
        "district": "Wijk",
        "no-district": "(geen wijk)",
        "plans": "Plannen",
        "funded-plans": "Toekenningen",
        "requested": "Aangevraagd",
        "awarded": "Toegekend",
        "district-pots": "Wijkpotten",
        "district-left": "Over in wijkpotten",
        "district-used": "Betaald uit wijkpotten",
        "district-share": "Toegekend, als deel van het totaal",
        "title": "Titel",
        "applicant": "Aanvrager",
        "prize": "Prijs",
        "rank": "Rang",
        "criterion": "Criterium",
        "weight": "Weging",
        "scale": "Schaal",
        "average": "Gemiddelde",
        "assessed": "Beoordeelde plannen",
        "average-score": "Gemiddelde gewogen score: {score} van {maximum} ({count} beoordeelde plannen).",
        "no-assessed": "Er zijn geen plannen beoordeeld.",
        "votes-section": "Stemmen per plan",
        "turnout-section": "Opkomst per wijk",
        "votes": "Stemmen",
        "outcome": "Uitkomst",
        "ballots": "Stemmers",
        "turnout": "Opkomst",
        "ballots-note": ByCount(
            "ignored",
            "{ballots:stemmer|stemmers}; {ignored} stem op een plan dat niet meedeed (niet ontvankelijk, "
            "uitgesloten, onvolledig, ingetrokken of nog een idee) is niet meegeteld.",
            "{ballots:stemmer|stemmers}; {ignored} stemmen op plannen die niet meededen (niet ontvankelijk, "
            "uitgesloten, onvolledig, ingetrokken of nog een idee) zijn niet meegeteld.",
        ),
        "ballots-note-jury": ByCount(
            "ignored",
            "{ballots:stemmer|stemmers}; {ignored} stem op een plan dat niet meedeed (niet ontvankelijk, "
            "onvoldoende bij de jury, uitgesloten, onvolledig, ingetrokken of nog een idee) is niet meegeteld.",
            "{ballots:stemmer|stemmers}; {ignored} stemmen op plannen die niet meededen (niet ontvankelijk, "
            "onvoldoende bij de jury, uitgesloten, onvolledig, ingetrokken of nog een idee) zijn niet meegeteld.",
        ),
        "year": "Jaar",
        "method": "Verdeling",
        "ceiling": "Subsidieplafond",
        "total-awarded": "Toegekend",
        "total-prizes": "Prijzengeld",
        "total-plans": "Toekenningen",
        "earlier-stage-note": ByCount(
            "count", "{count} inzending die in een eerdere fase bleef, staat niet in de tabel.",
            "{count} inzendingen die in een eerdere fase bleven, staan niet in de tabel."),
        "chart-funnel": "Trechter: aantal per stap",
        "chart-pots": "Budget per pot: besteed en over",
        "chart-districts": "Per wijk: toegekend en over in de wijkpotten",
        "chart-averages": "Gemiddelde score per criterium",
        "bar-pot": "{used} besteed, {left} over van {total}",
        "bar-district": "{awarded} toegekend, waarvan {used} uit de wijkpotten; {left} over",
        "status": "Status",
        "score": "Score",
        "reasons": "Toelichting",
        "none": "geen",
        # compare and compare-methods
        "methods-compared": "{name}: verdelingen vergeleken",
        "rounds-compared": "{first} en {second} vergeleken",
        "method-not-installed": "niet vergeleken: deze verdeling heeft OR-Tools nodig, dat niet is geïnstalleerd: "
                                "pip install 'initiatief[optimal]'",
        "method-too-many-plans": "niet vergeleken: {passing} plannen door de beoordeling, meer dan de {limit} "
                                 "waarvoor compare-methods deze verdeling uitrekent (dat zou vele minuten duren); "
                                 "initiatief score --method optimal rekent haar uit",
        "group-funnel": "Trechter",
        "group-money": "Geld",
        "group-pot-used": "Besteed per pot",
        "group-district-awarded": "Toegekend per wijk",
        "group-criterion-average": "Gemiddelde per criterium",
    },
    "en": {
        "first-stage": "{subject} produced {count} {noun}.",
        "later-stages": "These led to {stages}.",
        "single-stage-one": "{count} {noun} was submitted to {name}.",
        "single-stage-many": "{count} {noun} were submitted to {name}.",
        "awarded-none": "No initiative received a financial contribution.",
        "awarded-one": "{count} initiative received a financial contribution {basis}.",
        "awarded-many": "{count} initiatives received a financial contribution {basis}.",
        "total": "The total awarded was {amount}.",
        "cofinanced-one": "{count} of them was co-financed from {pots}.",
        "cofinanced-many": "{count} of them were co-financed from {pots}.",
        "prizes-one": "The prize winner was {winners}.",
        "prizes-many": "The prize winners were: {winners}.",
        "winner": "{applicant} with '{title}'",
        "winner-private": "'{title}' by a private person",
        "prize-money-one": "The prize money was {amount}.",
        "prize-money-each": "Each received {amount} in prize money.",
        "prize-money-together": "Together they received {amount} in prize money.",
        "more-than": "more than {count}",
        "and": "and",
        "article": "The",
        "report": "Report",
        "paragraph": "For the annual report",
        "funnel": "Funnel",
        "pots": "Budget per pot",
        "districts": "Budget per district",
        "prize-winners": "Prize winners",
        "averages": "Average score per criterion",
        "ranking": "Ranking",
        "decided": "Date of the decisions: {date}",
        "step": "Step",
        "count": "Count",
        "share-of-first": "Of the first stage",
        "pot": "Pot",
        "amount": "Amount",
        "moved": "Moved",
        "used": "Used",
        "left": "Left",
        "district": "District",
        "no-district": "(no district)",
        "plans": "Plans",
        "funded-plans": "Awards",
        "requested": "Requested",
        "awarded": "Awarded",
        "district-pots": "District pots",
        "district-left": "Left in district pots",
        "district-used": "Paid from district pots",
        "district-share": "Awarded, as a share of the total",
        "title": "Title",
        "applicant": "Applicant",
        "prize": "Prize",
        "rank": "Rank",
        "criterion": "Criterion",
        "weight": "Weight",
        "scale": "Scale",
        "average": "Average",
        "assessed": "Plans assessed",
        "average-score": "Average weighted score: {score} of {maximum} ({count} plans assessed).",
        "no-assessed": "No plans were assessed.",
        "votes-section": "Votes per plan",
        "turnout-section": "Turnout per district",
        "votes": "Votes",
        "outcome": "Outcome",
        "ballots": "Voters",
        "turnout": "Turnout",
        "ballots-note": ByCount(
            "ignored",
            "{ballots:voter|voters}; {ignored} vote for a plan that was not in the vote (ineligible, excluded, "
            "incomplete, withdrawn or still an idea) was not counted.",
            "{ballots:voter|voters}; {ignored} votes for plans that were not in the vote (ineligible, excluded, "
            "incomplete, withdrawn or still an idea) were not counted.",
        ),
        "ballots-note-jury": ByCount(
            "ignored",
            "{ballots:voter|voters}; {ignored} vote for a plan that was not in the vote (ineligible, not passed "
            "by the jury, excluded, incomplete, withdrawn or still an idea) was not counted.",
            "{ballots:voter|voters}; {ignored} votes for plans that were not in the vote (ineligible, not passed "
            "by the jury, excluded, incomplete, withdrawn or still an idea) were not counted.",
        ),
        "year": "Year",
        "method": "Distribution",
        "ceiling": "Ceiling",
        "total-awarded": "Awarded",
        "total-prizes": "Prize money",
        "total-plans": "Awards",
        "earlier-stage-note": ByCount(
            "count", "{count} submission that stayed at an earlier stage is not in the table.",
            "{count} submissions that stayed at an earlier stage are not in the table."),
        "chart-funnel": "Funnel: count per step",
        "chart-pots": "Budget per pot: used and left",
        "chart-districts": "Per district: awarded and left in the district pots",
        "chart-averages": "Average score per criterion",
        "bar-pot": "{used} used, {left} left of {total}",
        "bar-district": "{awarded} awarded, {used} of it from the district pots; {left} left",
        "status": "Status",
        "score": "Score",
        "reasons": "Reasons",
        "none": "none",
        "methods-compared": "{name}: methods compared",
        "rounds-compared": "{first} and {second} compared",
        "method-not-installed": "not compared: this method needs OR-Tools, which is not installed: "
                                "pip install 'initiatief[optimal]'",
        "method-too-many-plans": "not compared: {passing} passing plans, more than the {limit} that compare-methods "
                                 "runs this method for (it would take many minutes); initiatief score --method "
                                 "optimal runs it",
        "group-funnel": "Funnel",
        "group-money": "Money",
        "group-pot-used": "Used per pot",
        "group-district-awarded": "Awarded per district",
        "group-criterion-average": "Average per criterion",
    },
}

# How the awards were decided, as the paragraph says it ("op basis van criteria").
_BASIS: dict[str, dict[str, str]] = {
    "nl": {
        "ranking": "op basis van criteria", "optimal": "op basis van criteria",
        "arrival": "in volgorde van binnenkomst", "lottery": "na loting",
        "pro-rata": "naar rato", "equal": "in gelijke delen",
        "votes": "na een stemming onder bewoners", "equal-shares": "na een stemming onder bewoners",
    },
    "en": {
        "ranking": "on the basis of the criteria", "optimal": "on the basis of the criteria",
        "arrival": "in order of arrival", "lottery": "by lottery",
        "pro-rata": "pro rata", "equal": "in equal shares",
        "votes": "after a vote among residents", "equal-shares": "after a vote among residents",
    },
}

# Nouns for the usual stage names (singular, plural); other stage names are used as written.
_STAGE_NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "nl": {"idea": ("idee", "ideeën"), "plan": ("plan", "plannen")},
    "en": {"idea": ("idea", "ideas"), "plan": ("plan", "plans")},
}

# Funnel step labels for people; the keys are those of Outcome.funnel.
_STEPS: dict[str, dict[str, str]] = {
    "nl": {
        "idea": "Ideeën", "plan": "Plannen", "incomplete": "Buiten behandeling",
        "eligible": "Ontvankelijk", "passed": "Voldoende beoordeeld",
        "awarded": "Toegekend", "prize_winners": "Prijswinnaars",
    },
    "en": {
        "idea": "Ideas", "plan": "Plans", "incomplete": "Incomplete, not considered",
        "eligible": "Eligible", "passed": "Passed the assessment",
        "awarded": "Awarded", "prize_winners": "Prize winners",
    },
}

TABLES = (_PHRASES, _BASIS, _STAGE_NOUNS, _STEPS)
"""The phrase tables of this module (one entry per language), checked by tests/test_texts.py."""


def report_text(language: Language, key: str, **values: Any) -> str:
    """Return the report phrase `key` in `language`, filled in with `values` (a ByCount's form by its count)."""
    return by_count(_PHRASES[language][key], tuple(values.items())).format(**values)


def basis(language: Language, method: str) -> str:
    """Return how the awards were decided ('op basis van criteria') for the paragraph."""
    return _BASIS[language].get(method, _BASIS[language]["ranking"])


def stage_noun(language: Language, stage: str, count: int) -> str:
    """Return the noun for `count` submissions at `stage`: 'ideeën', 'plan'; unknown stages as written."""
    singular, plural = _STAGE_NOUNS[language].get(stage, (stage, stage))
    return singular if count == 1 else plural


def step_label(language: Language, key: str) -> str:
    """Return a funnel step ('idea', 'eligible', …) for people; unknown stage names as written."""
    return _STEPS[language].get(key, key)


def join_words(items: Sequence[str], language: Language) -> str:
    """Return 'a, b en c' (nl) or 'a, b and c' (en)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_PHRASES[language]['and']} " + items[-1]
