"""The outcome's messages in nl and en (to be replaced by phrasing Reasons)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from initiatief.models import Language

if TYPE_CHECKING:
    pass



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


def text(language: Language, key: str, **values: Any) -> str:
    """Return the message `key` in `language`, filled in with `values`."""
    return _TEXTS[language][key].format(**values)
