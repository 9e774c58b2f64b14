"""The words of the decision letters: the reasons as an applicant reads them, and the bundled templates.

A letter says the same facts as `explain`, in plain language (B1): "U vroeg € 9.000,00 aan.
De subsidie is ten hoogste € 7.500,00." The letter's structure (the headings, the decision,
the objection clause) is in the templates, package data in `letters/` (award.nl.md.j2 and
the like, docs/letters.md); the sentences for the Reasons are here, so that a round's own
template gets them ready-made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import resources

from initiatief.models import Language, Method
from initiatief.reasons import CATALOGUE, Code, Kind, Param, Reason, as_ids, as_parts
from initiatief.texts.formats import ByCount, by_count
from initiatief.texts.reasons import compared_scores, measure_word, stage_words

_PHRASES: dict[Language, dict[Code, str | ByCount]] = {
    Language.NL: {
        Code.RULE_FAILED: "{reason}.",
        Code.NOT_GIVEN: "Wij konden niet vaststellen of uw aanvraag voldoet aan de voorwaarde '{rule}', "
                        "omdat dit niet in uw aanvraag staat: {fields}.",
        Code.NO_REQUEST: "In uw aanvraag staat niet welk bedrag u aanvraagt.",
        Code.NO_COST: "In uw aanvraag staat niet wat uw plan in totaal kost. Dat moeten wij weten, omdat de "
                      "subsidie ten hoogste een deel van de kosten is.",
        Code.BELOW_MINIMUM_GRANT: "De subsidie voor uw plan zou {amount} zijn. Dat is minder dan het minimum "
                                  "van {minimum}.",
        Code.ABOVE_MAXIMUM_GRANT: "U vraagt {requested} aan. Dat is meer dan het maximum van {maximum}.",
        Code.ABOVE_MAXIMUM_SHARE: "U vraagt {requested} aan. Dat is meer dan {share} van de kosten van uw plan "
                                  "({cost}).",
        # Not "so you get {amount}": a committee's cap or the money left may lower it further (the letter says
        # what the plan gets).
        Code.CAPPED_AT_MAXIMUM: "U vroeg {requested} aan. De subsidie is ten hoogste {amount}.",
        Code.CAPPED_AT_SHARE: "U vroeg {requested} aan. De subsidie is ten hoogste {share} van de kosten van uw "
                              "plan. Dat is {amount}.",
        Code.CAPPED_BY_DECISION: "Op {date} heeft de commissie besloten dat uw plan ten hoogste {amount} krijgt. "
                                 "De reden is: {reason}.",
        Code.BELOW_PASS_MARK: "Uw plan kreeg in totaal {score} punten. Om subsidie te krijgen, moest een plan "
                              "minstens {pass_score} van de {max_score} punten halen ({pass_mark}).",
        Code.BELOW_CRITERION_MINIMUM: "Op het onderdeel '{label}' kreeg uw plan {score}. Het minimum voor dit "
                                      "onderdeel is {minimum}.",
        Code.POT_SHORT: "Toen uw plan aan de beurt was, was daarvoor {needed} nodig uit {pots}. Daarin was op dat "
                        "moment nog maar {left} over.",
        Code.CEILING_REACHED: "Toen uw plan aan de beurt was, was daarvoor {needed} nodig. Onder het "
                              "subsidieplafond was op dat moment nog maar {left} over.",
        Code.ALLOCATION_STOPPED: "De verdeling van het geld stopte bij plaats {rank}: het plan op die plaats paste "
                                 "niet meer in het budget. Volgens de regeling krijgen de plannen daarna geen "
                                 "subsidie meer.",
        Code.NO_POT: "Geen van de budgetten van deze ronde mag uw plan betalen.",
        Code.NOT_IN_OPTIMAL_SET: "Het geld is verdeeld over de combinatie van plannen met samen de hoogste score. "
                                 "Die combinatie past in het budget zonder uw plan.",
        Code.PARTLY_FUNDED: "Uw plan kwam in aanmerking voor {needed}. Er was nog {amount} over in het budget. "
                            "Dat bedrag krijgt u.",
        Code.PRO_RATA: "Er was niet genoeg geld om elk goedgekeurd plan het hele bedrag te geven. Daarom krijgt "
                       "elk plan hetzelfde deel: {share} van het bedrag.",
        Code.EQUAL_SHARES: "Elk goedgekeurd plan krijgt hetzelfde bedrag, ten hoogste {amount}.",
        Code.FROM_LEFTOVERS: "Uw subsidie wordt betaald uit het geld dat de wijken over hadden.",
        Code.EXCLUDED: "Op {date} heeft de commissie besloten uw aanvraag uit te sluiten van deze ronde. De reden "
                       "is: {reason}.",
        Code.WITHDRAWN: "Op {date} hebt u uw aanvraag ingetrokken. Wij hebben daarbij genoteerd: {reason}.",
        Code.INCOMPLETE: "Uw aanvraag was niet volledig. Dat hebben wij op {date} vastgesteld: {reason}.",
        Code.EARLIER_STAGE: "Uw inzending is in de fase '{stage}' gebleven. Alleen plannen in de fase "
                            "'{assessed_stage}' komen in aanmerking voor subsidie.",
        Code.VOTES: "Uw plan kreeg de steun van {approvals} van de {voters:stemmer|stemmers}.",
        Code.BELOW_VOTE_THRESHOLD: "Het aantal stemmen voor uw plan was {approvals}. Om mee te dingen, moest een plan "
                                   "minstens {threshold:stem|stemmen} krijgen.",
        Code.MES_CHOSEN: ByCount(
            "supporters",
            "Elke stemmer had een gelijk deel van het budget: {share}. De {supporters} stemmer die uw plan steunde, "
            "betaalde het: ten hoogste {payment}.",
            "Elke stemmer had een gelijk deel van het budget: {share}. De {supporters} stemmers die uw plan steunden, "
            "betaalden het samen; ieder ten hoogste {payment}.",
        ),
        Code.MES_UNAFFORDABLE: ByCount(
            "supporters",
            "Elke stemmer had een gelijk deel van het budget ({share}) voor de plannen die hij steunde. De "
            "{supporters} stemmer die uw plan steunde, had daarvan nog {left} over. Uw plan vraagt {needed}.",
            "Elke stemmer had een gelijk deel van het budget ({share}) voor de plannen die hij steunde. De "
            "{supporters} stemmers die uw plan steunden, hadden daarvan samen nog {left} over. Uw plan vraagt "
            "{needed}.",
        ),
        Code.FROM_VOTE_LEFTOVER: "Uw subsidie wordt betaald uit het geld dat na de stemming over was.",
        Code.MES_COMPARISON: ByCount(
            "for_mes",
            "Volgens de regeling is de uitkomst vergeleken met een verdeling naar de meeste stemmen. {for_mes} "
            "stemmer kreeg meer van de plannen die hij steunde met gelijke delen, {for_greedy} met de meeste "
            "stemmen. Daarom geldt de uitkomst van '{kept}'.",
            "Volgens de regeling is de uitkomst vergeleken met een verdeling naar de meeste stemmen. {for_mes} "
            "stemmers kregen meer van de plannen die zij steunden met gelijke delen, {for_greedy} met de meeste "
            "stemmen. Daarom geldt de uitkomst van '{kept}'.",
        ),
        Code.COMBINED_SCORE: "De plannen zijn gerangschikt op de score van de jury en de stemmen van bewoners "
                             "samen; de stemmen telden voor {weight}. Uw plan kreeg {score} van de {max_score} "
                             "punten van de jury en de steun van {approvals} van de {voters:stemmer|stemmers}: samen "
                             "{combined} van 100.",
    },
    Language.EN: {
        Code.RULE_FAILED: "{reason}.",
        Code.NOT_GIVEN: "We could not establish whether your application meets the condition '{rule}', because "
                        "your application does not state: {fields}.",
        Code.NO_REQUEST: "Your application does not state the amount you apply for.",
        Code.NO_COST: "Your application does not state the total cost of your plan. We need it, because the grant "
                      "is at most a part of the cost.",
        Code.BELOW_MINIMUM_GRANT: "The grant for your plan would be {amount}. That is less than the minimum of "
                                  "{minimum}.",
        Code.ABOVE_MAXIMUM_GRANT: "You apply for {requested}. That is more than the maximum of {maximum}.",
        Code.ABOVE_MAXIMUM_SHARE: "You apply for {requested}. That is more than {share} of the cost of your plan "
                                  "({cost}).",
        Code.CAPPED_AT_MAXIMUM: "You applied for {requested}. The grant is at most {amount}.",
        Code.CAPPED_AT_SHARE: "You applied for {requested}. The grant is at most {share} of the cost of your plan. "
                              "That is {amount}.",
        Code.CAPPED_BY_DECISION: "On {date} the committee decided that your plan receives at most {amount}. "
                                 "The reason is: {reason}.",
        Code.BELOW_PASS_MARK: "Your plan scored {score} points in all. To receive a grant, a plan had to score at "
                              "least {pass_score} of the {max_score} points ({pass_mark}).",
        Code.BELOW_CRITERION_MINIMUM: "On '{label}' your plan scored {score}. The minimum for this criterion is "
                                      "{minimum}.",
        Code.POT_SHORT: "When it was your plan's turn, it needed {needed} from {pots}. At that point only {left} "
                        "was left there.",
        Code.CEILING_REACHED: "When it was your plan's turn, it needed {needed}. At that point only {left} was left "
                              "under the grant ceiling.",
        Code.ALLOCATION_STOPPED: "The allocation stopped at rank {rank}: the plan at that rank no longer fitted the "
                                 "budget. Under the regulation, the plans after it receive no grant.",
        Code.NO_POT: "None of this round's budgets may pay for your plan.",
        Code.NOT_IN_OPTIMAL_SET: "The money went to the set of plans with the highest total score. That set fits "
                                 "the budget without your plan.",
        Code.PARTLY_FUNDED: "Your plan qualified for {needed}. The budget had {amount} left. That is the amount "
                            "you receive.",
        Code.PRO_RATA: "There was not enough money to give every approved plan its full amount. So every plan "
                       "receives the same part: {share} of its amount.",
        Code.EQUAL_SHARES: "Every approved plan receives the same amount, at most {amount}.",
        Code.FROM_LEFTOVERS: "Your grant is paid from the money the districts had left.",
        Code.EXCLUDED: "On {date} the committee decided to exclude your application from this round. The reason "
                       "is: {reason}.",
        Code.WITHDRAWN: "On {date} you withdrew your application. We noted: {reason}.",
        Code.INCOMPLETE: "Your application was not complete. We established this on {date}: {reason}.",
        Code.EARLIER_STAGE: "Your entry stayed at the stage '{stage}'. Only plans at the stage '{assessed_stage}' "
                            "qualify for a grant.",
        Code.VOTES: "Your plan was approved by {approvals} of the {voters:voter|voters}.",
        Code.BELOW_VOTE_THRESHOLD: "The number of votes for your plan was {approvals}. To compete, a plan needed at "
                                   "least {threshold:vote|votes}.",
        Code.MES_CHOSEN: ByCount(
            "supporters",
            "Every voter had an equal share of the budget: {share}. The {supporters} voter who approved your plan "
            "paid for it, at most {payment}.",
            "Every voter had an equal share of the budget: {share}. The {supporters} voters who approved your plan "
            "paid for it together, each at most {payment}.",
        ),
        Code.MES_UNAFFORDABLE: ByCount(
            "supporters",
            "Every voter had an equal share of the budget ({share}) for the plans they approved. The {supporters} "
            "voter who approved your plan had {left} of it left. Your plan needs {needed}.",
            "Every voter had an equal share of the budget ({share}) for the plans they approved. The {supporters} "
            "voters who approved your plan had {left} of it left together. Your plan needs {needed}.",
        ),
        Code.FROM_VOTE_LEFTOVER: "Your grant is paid from the money left after the vote.",
        Code.MES_COMPARISON: ByCount(
            "for_mes",
            "As the regulation says, the outcome was compared with a distribution by most votes. {for_mes} voter "
            "got more of the plans they approved by equal shares, {for_greedy} by most votes. So the outcome of "
            "'{kept}' stands.",
            "As the regulation says, the outcome was compared with a distribution by most votes. {for_mes} voters "
            "got more of the plans they approved by equal shares, {for_greedy} by most votes. So the outcome of "
            "'{kept}' stands.",
        ),
        Code.COMBINED_SCORE: "The plans were ranked by the jury's score and the residents' votes together; the "
                             "votes counted for {weight}. Your plan received {score} of the jury's {max_score} "
                             "points and the support of {approvals} of the {voters:voter|voters}: {combined} of 100 "
                             "together.",
    },
}

_RANK: dict[Language, dict[str, str]] = {
    Language.NL: {
        Method.RANKING: "Op de ranglijst van alle plannen staat uw plan op plaats {rank}.",
        Method.OPTIMAL: "Op de ranglijst van alle plannen staat uw plan op plaats {rank}.",
        Method.PRO_RATA: "Op de ranglijst van alle plannen staat uw plan op plaats {rank}.",
        Method.EQUAL: "Op de ranglijst van alle plannen staat uw plan op plaats {rank}.",
        Method.ARRIVAL: "Wij hebben de aanvragen behandeld in de volgorde waarin ze compleet binnenkwamen. Uw "
                        "aanvraag was nummer {rank}.",
        Method.LOTTERY: "De volgorde van de plannen is door loting bepaald. Uw plan kreeg plaats {rank}.",
        Method.VOTES: "De bewoners hebben gestemd. Op de lijst van meeste stemmen staat uw plan op plaats {rank}.",
        Method.EQUAL_SHARES: "De bewoners hebben gestemd. Het geld is verdeeld met de method of equal shares: "
                             "elke stemmer had een gelijk deel van het budget voor de plannen die hij steunde. Op "
                             "de lijst van meeste stemmen staat uw plan op plaats {rank}.",
    },
    Language.EN: {
        Method.RANKING: "In the ranking of all plans, your plan is number {rank}.",
        Method.OPTIMAL: "In the ranking of all plans, your plan is number {rank}.",
        Method.PRO_RATA: "In the ranking of all plans, your plan is number {rank}.",
        Method.EQUAL: "In the ranking of all plans, your plan is number {rank}.",
        Method.ARRIVAL: "We handled the applications in the order they were complete. Yours was number {rank}.",
        Method.LOTTERY: "The order of the plans was drawn by lot. Your plan was number {rank}.",
        Method.VOTES: "Residents voted. In the list by most votes, your plan is number {rank}.",
        Method.EQUAL_SHARES: "Residents voted. The money was shared out by the method of equal shares: every "
                             "voter had an equal share of the budget for the plans they approved. In the list by "
                             "most votes, your plan is number {rank}.",
    },
}

_TIE: dict[Language, dict[str, str]] = {
    Language.NL: {
        "tie": "Uw plan stond gelijk met {others} (plaats {first_rank} tot en met {last_rank}). Daarom is de "
               "volgorde door loting bepaald: elk plan kreeg een lot, en het laagste lot ging voor. {ticket}",
        "ticket": "Het lot van uw plan is de SHA-256-code van '{seed}:{id}': {ticket}.",
        "others": "{count} ander plan",
        "others_plural": "{count} andere plannen",
    },
    Language.EN: {
        "tie": "Your plan tied with {others} (ranks {first_rank} to {last_rank}). So their order was drawn by "
               "lot: each plan got a ticket, and the lowest ticket went first. {ticket}",
        "ticket": "Your plan's ticket is the SHA-256 code of '{seed}:{id}': {ticket}.",
        "others": "{count} other plan",
        "others_plural": "{count} other plans",
    },
}

_AND = {Language.NL: " en ", Language.EN: " and "}

_KINDS: dict[Language, dict[str, str]] = {
    Language.NL: {
        "award": "toekenning", "partial": "gedeeltelijke toekenning", "capped": "begrensde toekenning",
        "prize": "toekenning met prijs", "ineligible": "afwijzing: voorwaarden",
        "insufficient": "afwijzing: beoordeling", "not-funded": "afwijzing: plafond bereikt",
        "too-few-votes": "afwijzing: te weinig stemmen",
        "excluded": "uitsluiting", "withdrawn": "bevestiging intrekking", "incomplete": "buiten behandeling",
        "earlier-stage": "idee, geen plan",
    },
    Language.EN: {
        "award": "award", "partial": "partial award", "capped": "capped award", "prize": "award with prize",
        "ineligible": "refusal: conditions", "insufficient": "refusal: assessment",
        "not-funded": "refusal: ceiling reached", "too-few-votes": "refusal: too few votes", "excluded": "exclusion",
        "withdrawn": "withdrawal confirmed",
        "incomplete": "not considered: incomplete", "earlier-stage": "idea, not a plan",
    },
}

TABLES: tuple[Mapping[Language, Mapping[str, str | ByCount]], ...] = (
    _KINDS,
    {lang: {code.value: t for code, t in texts.items()} for lang, texts in _PHRASES.items()},
    {lang: {str(method): t for method, t in texts.items()} for lang, texts in _RANK.items()},
    _TIE,
)
"""The phrase tables of this module (a test checks that nl and en have the same keys and placeholders)."""

TEMPLATES = "letters"
"""The folder of the bundled templates, in this package."""


def kind_label(kind: str, language: Language) -> str:
    """Return a letter kind ('not-funded') for people, as merge.csv --excel writes it."""
    return _KINDS[language].get(kind, kind)


def letter_phrase(reason: Reason, language: Language, label: Callable[[str], str]) -> str:
    """Return a reason as a sentence of a letter; `label` gives a pot's name for its id."""
    kinds = CATALOGUE[reason.code]
    values = {name: _word(kinds[name], value, language, label) for name, value in reason.params}
    values.update(compared_scores(reason, language))
    values.update(stage_words(reason, language))
    if "reason" in values:  # an official's reason ends the sentence: 'De reden is: {reason}.'
        values["reason"] = values["reason"].rstrip(" .")
    return by_count(_PHRASES[Language(language)][reason.code], reason.params).format(**values)


def rank_sentence(method: Method, rank: int, language: Language) -> str:
    """Return where the plan stood, as the method orders the plans."""
    return _RANK[Language(language)][method].format(rank=rank)


def tie_sentence(method: Method, tied: Reason, submission_id: str, language: Language) -> str:
    """Return how the lot decided the plan's place, with its ticket, so the applicant can redo the draw.

    `tied` is the plan's `tied` Reason. Under `lottery` every plan is in the one draw and the rank
    sentence already says so: then only the ticket is told.
    """
    texts = _TIE[Language(language)]
    params = dict(tied.params)
    ticket = texts["ticket"].format(seed=str(params["seed"]).strip(), id=submission_id, ticket=params["ticket"])
    if method is Method.LOTTERY:
        return ticket
    size, first = int(str(params["size"])), int(str(params["first_rank"]))
    others = texts["others" if size == 2 else "others_plural"].format(count=size - 1)
    return texts["tie"].format(others=others, first_rank=first, last_rank=first + size - 1, ticket=ticket)


def bundled_template(name: str) -> str | None:
    """Return a bundled template's text by its file name (None if there is none)."""
    path = resources.files("initiatief.texts") / TEMPLATES / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def bundled_shown(name: str) -> str:
    """Return how an error names a bundled template."""
    return f"initiatief/texts/{TEMPLATES}/{name}"


def _word(kind: Kind, value: Param, language: Language, label: Callable[[str], str]) -> str:
    measured = measure_word(kind, value, language)
    if measured is not None:
        return measured
    if kind is Kind.IDS:
        return _AND[Language(language)].join(label(i) for i in as_ids(value))
    if kind is Kind.PARTS:
        return _AND[Language(language)].join(label(pot) for pot, _ in as_parts(value))
    return str(value).strip()
