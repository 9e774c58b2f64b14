"""Reasons in words: each code of the catalogue (initiatief/reasons.py) as a sentence in nl and en.

A parameter is written as people write its kind in the language: money as
'€ 12.000,00', a share as '50%', a score as '36,83', a date as '1 mei 2017'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from initiatief.models import Language
from initiatief.reasons import CATALOGUE, Code, Kind, Param, Reason, as_ids, as_parts
from initiatief.texts.formats import (
    ByCount,
    Counted,
    by_count,
    long_date,
    money,
    percent,
    score_text,
    telling_places,
    votes_text,
)
from initiatief.texts.report import stage_noun

_TEXTS: dict[Language, dict[Code, str | ByCount]] = {
    Language.NL: {
        Code.EARLIER_STAGE: "Bleef in de fase '{stage}'; alleen '{assessed_stage}' wordt beoordeeld",
        Code.EXCLUDED: "Uitgesloten bij besluit van {date}: {reason}",
        Code.WITHDRAWN: "Ingetrokken ({date}): {reason}",
        Code.INCOMPLETE: "Buiten behandeling gelaten omdat de aanvraag onvolledig was ({date}): {reason}",
        Code.RULE_FAILED: "{reason}",
        Code.NOT_GIVEN: "Niet te beoordelen volgens regel '{rule}': {fields} niet opgegeven",
        Code.NO_REQUEST: "Geen aangevraagd bedrag",
        Code.NO_COST: "Geen totale kosten opgegeven (nodig voor het maximale aandeel)",
        Code.BELOW_MINIMUM_GRANT: "Subsidiebedrag {amount} is minder dan de minimale subsidie van {minimum}",
        Code.ABOVE_MAXIMUM_GRANT: "Aangevraagd {requested} is meer dan de maximale subsidie van {maximum}",
        Code.ABOVE_MAXIMUM_SHARE: "Aangevraagd {requested} is meer dan {share} van de kosten ({cost})",
        Code.CAPPED_AT_MAXIMUM: "Subsidie begrensd op het maximum van {amount} (aangevraagd {requested})",
        Code.CAPPED_AT_SHARE: "Subsidie begrensd op {share} van de kosten: {amount} (aangevraagd {requested})",
        Code.CAPPED_BY_DECISION: "Bedrag begrensd op {amount} bij besluit van {date}: {reason}",
        Code.BELOW_PASS_MARK: "Score {score} is lager dan de drempel van {pass_score} ({pass_mark} van {max_score})",
        Code.BELOW_CRITERION_MINIMUM: "{label}: {score} is lager dan het minimum van {minimum}",
        Code.TIED: "Gelijke stand tussen {size} plannen vanaf plaats {first_rank}; volgorde door loting (seed {seed})",
        Code.FUNDED: "Toegekend: {amount} uit {paid_by}",
        Code.PARTLY_FUNDED: "Gedeeltelijk toegekend: wat er nog over was, {amount} van de {needed}",
        Code.FROM_LEFTOVERS: "Betaald uit wat de wijken over hadden (restbudget)",
        Code.POT_SHORT: "Niet toegekend: bij rang {rank} was {needed} nodig uit {pots}, daarin was nog {left}",
        Code.CEILING_REACHED: "Niet toegekend: bij rang {rank} was {needed} nodig, onder het plafond was nog {left}",
        Code.ALLOCATION_STOPPED: "Niet toegekend: de verdeling stopte bij rang {rank} (skip: false)",
        Code.NO_POT: "Niet toegekend: geen pot mag dit plan betalen",
        Code.PRO_RATA: "Evenredige verdeling: iedereen krijgt {share} van het bedrag",
        Code.EQUAL_SHARES: "Gelijke verdeling: iedereen krijgt ten hoogste {amount}",
        Code.NOT_IN_OPTIMAL_SET: (
            "Niet toegekend: de combinatie met de hoogste totale score ({total}) past zonder dit plan"
        ),
        Code.VOTES: "Gesteund door {approvals} van de {voters:stemmer|stemmers}",
        Code.BELOW_VOTE_THRESHOLD: "Niet gekozen: {approvals:stem|stemmen}, minder dan de drempel van {threshold}",
        Code.MES_CHOSEN: ByCount(
            "supporters",
            "Gekozen met gelijke delen (stap {step}): de {supporters} stemmer die het steunde betaalde ten hoogste "
            "{payment} uit het eigen deel van {share}",
            "Gekozen met gelijke delen (stap {step}): de {supporters} stemmers die het steunden betaalden ieder "
            "ten hoogste {payment} uit hun deel van {share}",
        ),
        Code.MES_UNAFFORDABLE: ByCount(
            "supporters",
            "Niet gekozen: de {supporters} stemmer die het steunde had nog {left} van het eigen deel van {share}, "
            "het plan vraagt {needed}",
            "Niet gekozen: de {supporters} stemmers die het steunden hadden samen nog {left} van hun deel van "
            "{share} ieder, het plan vraagt {needed}",
        ),
        Code.FROM_VOTE_LEFTOVER: "Betaald uit wat de potten samen over hadden (leftover: fit)",
        Code.MES_COMPARISON: ByCount(
            "for_mes",
            "Vergelijking met de meeste stemmen: {for_mes} stemmer kreeg meer van zijn plannen met gelijke delen, "
            "{for_greedy} met de meeste stemmen; de uitkomst is die van '{kept}'",
            "Vergelijking met de meeste stemmen: {for_mes} stemmers kregen meer van hun plannen met gelijke delen, "
            "{for_greedy} met de meeste stemmen; de uitkomst is die van '{kept}'",
        ),
        Code.COMBINED_SCORE: (
            "Gecombineerde score {combined} van 100: jury {score} van {max_score}, stemmen {approvals} van "
            "{voters} ({weight} van de rangschikking)"
        ),
        Code.PRIZE: "Prijs: {label} ({amount} uit {pot})",
    },
    Language.EN: {
        Code.EARLIER_STAGE: "Stayed at stage '{stage}'; only '{assessed_stage}' is assessed",
        Code.EXCLUDED: "Excluded by decision of {date}: {reason}",
        Code.WITHDRAWN: "Withdrawn ({date}): {reason}",
        Code.INCOMPLETE: "Not considered because the application was incomplete ({date}): {reason}",
        Code.RULE_FAILED: "{reason}",
        Code.NOT_GIVEN: "Rule '{rule}' cannot be decided: {fields} not given",
        Code.NO_REQUEST: "No amount requested",
        Code.NO_COST: "No total cost given (needed for the maximum share)",
        Code.BELOW_MINIMUM_GRANT: "Grant of {amount} is less than the minimum grant of {minimum}",
        Code.ABOVE_MAXIMUM_GRANT: "Requested {requested} is more than the maximum grant of {maximum}",
        Code.ABOVE_MAXIMUM_SHARE: "Requested {requested} is more than {share} of the cost ({cost})",
        Code.CAPPED_AT_MAXIMUM: "Grant capped at the maximum of {amount} (requested {requested})",
        Code.CAPPED_AT_SHARE: "Grant capped at {share} of the cost: {amount} (requested {requested})",
        Code.CAPPED_BY_DECISION: "Amount capped at {amount} by decision of {date}: {reason}",
        Code.BELOW_PASS_MARK: "Score {score} is below the pass mark of {pass_score} ({pass_mark} of {max_score})",
        Code.BELOW_CRITERION_MINIMUM: "{label}: {score} is below the minimum of {minimum}",
        Code.TIED: "Tied among {size} plans from rank {first_rank}; order drawn by lot (seed {seed})",
        Code.FUNDED: "Funded: {amount} from {paid_by}",
        Code.PARTLY_FUNDED: "Partly funded: what was left, {amount} of the {needed}",
        Code.FROM_LEFTOVERS: "Paid from the districts' leftovers",
        Code.POT_SHORT: "Not funded: at rank {rank} {needed} was needed from {pots}, {left} was left",
        Code.CEILING_REACHED: "Not funded: at rank {rank} {needed} was needed, {left} was left under the ceiling",
        Code.ALLOCATION_STOPPED: "Not funded: allocation stopped at rank {rank} (skip: false)",
        Code.NO_POT: "Not funded: no pot may pay for this plan",
        Code.PRO_RATA: "Pro rata: every plan receives {share} of its amount",
        Code.EQUAL_SHARES: "Equal shares: every plan receives at most {amount}",
        Code.NOT_IN_OPTIMAL_SET: "Not funded: the set with the highest total score ({total}) fits without this plan",
        Code.VOTES: "Approved by {approvals} of {voters:voter|voters}",
        Code.BELOW_VOTE_THRESHOLD: "Not chosen: {approvals:vote|votes}, fewer than the threshold of {threshold}",
        Code.MES_CHOSEN: ByCount(
            "supporters",
            "Chosen by equal shares (step {step}): the {supporters} voter who approved it paid at most {payment} "
            "from their share of {share}",
            "Chosen by equal shares (step {step}): the {supporters} voters who approved it paid at most {payment} "
            "each from their share of {share}",
        ),
        Code.MES_UNAFFORDABLE: ByCount(
            "supporters",
            "Not chosen: the {supporters} voter who approved it had {left} left of their share of {share}, "
            "the plan needs {needed}",
            "Not chosen: the {supporters} voters who approved it had {left} left together of their shares of "
            "{share} each, the plan needs {needed}",
        ),
        Code.FROM_VOTE_LEFTOVER: "Paid from what the pots had left together (leftover: fit)",
        Code.MES_COMPARISON: ByCount(
            "for_mes",
            "Compared with most votes: {for_mes} voter got more of their plans by equal shares, {for_greedy} by "
            "most votes; the outcome is that of '{kept}'",
            "Compared with most votes: {for_mes} voters got more of their plans by equal shares, {for_greedy} by "
            "most votes; the outcome is that of '{kept}'",
        ),
        Code.COMBINED_SCORE: (
            "Combined score {combined} of 100: jury {score} of {max_score}, votes {approvals} of {voters} "
            "({weight} of the ranking)"
        ),
        Code.PRIZE: "Prize: {label} ({amount} from {pot})",
    },
}

_AND = {Language.NL: " en ", Language.EN: " and "}

TABLES: tuple[Mapping[Language, Mapping[str, str | ByCount]], ...] = (
    {lang: {code.value: t for code, t in texts.items()} for lang, texts in _TEXTS.items()},
)
"""The phrase tables of this module (a test checks that nl and en have the same keys and placeholders)."""

COMPARED: dict[Code, tuple[str, str]] = {
    Code.BELOW_PASS_MARK: ("score", "pass_score"),
    Code.BELOW_CRITERION_MINIMUM: ("score", "minimum"),
}
"""The reasons that say one score is below another: (the lower, the higher) parameter."""


def compared_scores(reason: Reason, language: Language) -> dict[str, str]:
    """Return a below-the-mark reason's two scores as text, with as many decimals as it takes to show them
    different (a score a hair below the pass mark must not read '5.00 is below 5.00'); {} for other reasons."""
    names = COMPARED.get(reason.code)
    if names is None:
        return {}
    low, high = reason[names[0]], reason[names[1]]
    assert isinstance(low, Fraction) and isinstance(high, Fraction)
    places = telling_places(low, high)
    return {names[0]: score_text(low, language, places), names[1]: score_text(high, language, places)}


def stage_words(reason: Reason, language: Language) -> dict[str, str]:
    """Return an earlier-stage reason's stages as words of the language ('idea' is 'idee' in Dutch; a stage
    of the round's own naming as written); {} for other reasons."""
    if reason.code is not Code.EARLIER_STAGE:
        return {}
    return {name: stage_noun(Language(language), str(reason[name]), 1) for name in ("stage", "assessed_stage")}


def phrase(reason: Reason, language: Language) -> str:
    """Return the reason as a sentence in `language`."""
    kinds = CATALOGUE[reason.code]
    values = {name: _word(reason.code, name, kinds[name], value, language) for name, value in reason.params}
    values.update(compared_scores(reason, language))
    values.update(stage_words(reason, language))
    return by_count(_TEXTS[Language(language)][reason.code], reason.params).format(**values)


def phrases(reasons: tuple[Reason, ...], language: Language) -> list[str]:
    """Return each reason as a sentence in `language`."""
    return [phrase(r, language) for r in reasons]


def measure_word(kind: Kind, value: Param, language: Language) -> str | None:
    """Return a money, share, score, votes, count or date parameter as people write it in `language` (None for
    others); a number of votes or a count as `Counted`, which a phrase may follow with its noun."""
    if kind in (Kind.MONEY, Kind.SHARE):
        assert isinstance(value, Decimal)
        return money(value, language) if kind is Kind.MONEY else percent(value, language)
    if kind is Kind.SCORE:
        assert isinstance(value, Fraction)
        return score_text(value, language)
    if kind is Kind.DATE:
        assert isinstance(value, dt.date)
        return long_date(value, language)
    if kind is Kind.VOTES:
        assert isinstance(value, Fraction)
        return Counted(votes_text(value, language), value)
    if kind is Kind.COUNT:
        return Counted(str(value), value)
    return None


def _word(code: Code, name: str, kind: Kind, value: Param, language: Language) -> str:
    """Return one parameter as people write it."""
    measured = measure_word(kind, value, language)
    if measured is not None:
        return measured
    if kind is Kind.IDS:
        ids = as_ids(value)
        # General pots pay together: 'beleid en reserve'.
        return _AND[Language(language)].join(ids) if name == "pots" else ", ".join(ids)
    if kind is Kind.PARTS:
        return _parts(as_parts(value), language)
    return str(value)


def _parts(parts: tuple[tuple[str, Decimal], ...], language: Language) -> str:
    """Return who pays as 'noord (50%), beleid (50%)': each pot's share of the award, in whole percents."""
    total = sum((part for _, part in parts), Decimal(0))
    if not total:
        return "-"
    return ", ".join(f"{pot} ({percent((part / total * 100).quantize(Decimal(1)) / 100, language)})"
                     for pot, part in parts)
