"""Every mapping the input files hold, declared once: its keys, which are required, what each holds.

The loader takes its key lists from here (`Fields.keys(m, what, POT.required, POT.optional)`),
and `initiatief schema` generates JSON Schema from the same declarations
(`initiatief.output.schema`), so a key the loader reads is a key the schema knows, with
the same kind of value, and the other way round. The descriptions are one line of
English each: editors show them when they complete a key.

The order of the keys is the order `Fields.keys` lists them in a problem ("expected one
of name, year, …"): the required keys first, then the optional ones.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import StrEnum

from initiatief.models import (
    FIELDS,
    AboveLimit,
    ApplicantKind,
    Combine,
    Completion,
    DecisionKind,
    FieldType,
    Language,
    Leftover,
    Method,
    PrizeBy,
    Satisfaction,
    VoteLeftover,
)

# --- the kinds of value ----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text; a number is taken as written (`district: 12` is the text 12). Never yes/no."""


@dataclass(frozen=True)
class Id:
    """An id: letters, digits, '.', '_' and '-', starting with a letter or a digit."""


@dataclass(frozen=True)
class Money:
    """An amount in euros: a number or a plain numeric text, at most two decimals."""

    positive: bool = True
    """More than 0 (else 0 or more)."""


@dataclass(frozen=True)
class Percent:
    """A percentage: text such as '50%' or '12,5%', or a fraction from 0 to 1."""


@dataclass(frozen=True)
class Date:
    """A date written YYYY-MM-DD."""


@dataclass(frozen=True)
class Integer:
    """A whole number from `low` to `high`."""

    low: int
    high: int


@dataclass(frozen=True)
class Number:
    """A number (decimals allowed, read exactly), or a numeric text."""


@dataclass(frozen=True)
class YesNo:
    """true or false (YAML also reads an unquoted yes, no, on, off as these)."""


@dataclass(frozen=True)
class OneOf:
    """One of a closed set of words (most from the models' StrEnums)."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class ListOf:
    """A list of values of one kind."""

    item: Kind
    min_items: int = 0
    max_items: int | None = None
    unique: bool = False


@dataclass(frozen=True)
class MappingOf:
    """A mapping whose keys are ids (submission, criterion) and whose values are all of one kind."""

    value: Kind


@dataclass(frozen=True)
class Either:
    """Any one of several kinds (`applicant: Stichting X` or `applicant: {name: …}`)."""

    kinds: tuple[Kind, ...]


@dataclass(frozen=True)
class Ref:
    """A mapping declared below, by its name in `MAPPINGS`."""

    name: str


@dataclass(frozen=True)
class Condition:
    """A condition of the rule language (docs/rules.md): field tests combined with all, any and not."""


@dataclass(frozen=True)
class FactValue:
    """A fact, where no form declares it: one text, number, yes/no or date, or a list of them."""


@dataclass(frozen=True)
class FormTable:
    """The form: submission field or facts.<name> → its declaration (`form_field` or `form_fact`)."""


Kind = (
    Text | Id | Money | Percent | Date | Integer | Number | YesNo | OneOf | ListOf | MappingOf | Either | Ref
    | Condition | FactValue | FormTable
)


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """Return the values of a StrEnum, in its order."""
    return tuple(member.value for member in enum)


# --- keys and mappings -----------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One key of a mapping: its name, the kind of its value, one line saying what it means."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    empty: bool = False
    """Whether an empty value (`key:` with nothing after it) counts as leaving the key out."""
    unless: str | None = None
    """A required key that becomes optional when round.yaml has this key (the loader relaxes it; the
    schema, which sees one file at a time, takes it as optional)."""


@dataclass(frozen=True)
class Only:
    """A dependency between keys: when `key` is one of `values`, `require` must be there and `forbid` not."""

    key: str
    values: tuple[str, ...]
    require: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    otherwise_forbid: tuple[str, ...] = ()
    """Keys not allowed when `key` is anything else (or missing)."""


@dataclass(frozen=True)
class Mapping:
    """A mapping in an input file: its keys, and the dependencies between them."""

    name: str
    description: str
    keys: tuple[Key, ...]
    depends: tuple[Only, ...] = field(default=())

    @functools.cached_property
    def required(self) -> tuple[str, ...]:
        """Return the names of the required keys, in order."""
        return tuple(k.name for k in self.keys if k.required)

    @functools.cached_property
    def optional(self) -> tuple[str, ...]:
        """Return the names of the optional keys, in order."""
        return tuple(k.name for k in self.keys if not k.required)

    def key(self, name: str) -> Key:
        """Return the key called `name`."""
        return next(k for k in self.keys if k.name == name)


def _keys(*keys: Key) -> tuple[Key, ...]:
    return keys


# --- round.yaml ------------------------------------------------------------------------

ROUND = Mapping("round", "A funding round: its budget, pots, rules, criteria, method and prizes (round.yaml).", _keys(
    Key("name", Text(), "The round's name: the title of every report.", required=True),
    Key("year", Integer(1900, 2200), "The year of the round.", required=True),
    Key("ceiling", Money(), "The subsidieplafond in euros: the most the round ever spends.", required=True),
    Key("criteria", ListOf(Ref("criterion"), min_items=1), "The assessment criteria, at least one.",
        required=True, unless="votes"),
    Key("language", OneOf(values(Language)), "The language of the outputs for people (default nl)."),
    Key("currency", OneOf(("EUR",)), "The currency (EUR only)."),
    Key("stages", ListOf(Id(), min_items=1, unique=True),
        "The funnel's stages in order (default [plan]); only the last stage is assessed."),
    Key("pots", ListOf(Ref("pot")), "The budget pots (deelplafonds); default one pot 'budget' holding the ceiling.",
        empty=True),
    Key("grants", Ref("grants"), "Limits on one grant."),
    Key("eligibility", ListOf(Ref("rule")), "The rules every plan must meet.", empty=True),
    Key("assessment", Ref("assessment"), "How the assessors' scores are combined and the pass mark."),
    Key("allocation", Ref("allocation"), "How the money is distributed: the method, tie-breaks and lottery seed."),
    Key("prizes", ListOf(Ref("prize")), "Prizes paid on top of the awards.", empty=True),
    Key("description", Text(), "Free text for people; initiatief does not use it."),
    Key("district_key", Ref("district_key"), "District budgets from a rate per inhabitant (verdeelsleutel)."),
    Key("register", Ref("register"), "The columns of the public subsidy register (export --register)."),
    Key("report", Ref("report"), "What the annual-report paragraph (initiatief report) needs."),
    Key("districts", ListOf(Ref("district"), min_items=1),
        "The round's districts, declared once: submissions name one, pots, rules and the district key use them.",
        empty=True),
    Key("assessors", ListOf(Ref("assessor"), min_items=1),
        "The jury, declared once: every eligible plan needs a score from each.", empty=True),
    Key("form", FormTable(),
        "The application form: every submission field and fact the round uses, its type and its column."),
    Key("letters", Ref("letters"), "What the decision letters need: sender, regulation, date, objection, payment."),
    Key("votes", Ref("votes"), "How residents' votes decide (docs/votes.md): the method's settings, ballot rules."),
))

POT = Mapping("pot", "A budget pot (deelplafond): who pays.", _keys(
    Key("id", Id(), "The pot's id, unique in the round.", required=True),
    Key("amount", Money(positive=False), "The pot's amount in euros, 0 or more.", required=True),
    Key("label", Text(), "The pot's name in the outputs (default the id)."),
    Key("when", Condition(), "Which plans this pot may pay for (docs/rules.md)."),
    Key("share", Percent(), "The part of every award it matches that this pot pays (co-financing)."),
    Key("for", OneOf(("awards", "prizes")), "awards (default), or prizes: a prize pot pays only prizes."),
    Key("fallback", Id(), "On a share pot: the general pot that pays what this pot cannot of its part."),
), depends=(
    Only("for", ("prizes",), forbid=("when", "share")),
))

GRANTS = Mapping("grants", "Limits on one grant; every key is optional.", _keys(
    Key("min", Money(), "The least a plan may get; a plan whose grant is lower is ineligible."),
    Key("max", Money(), "The most a plan may get."),
    Key("max_share", Percent(), "At most this part of the plan's cost (plans then need 'cost')."),
    Key("partial", YesNo(), "true: the first plan that does not fit gets what is left (default false)."),
    Key("above_limit", OneOf(values(AboveLimit)),
        "cap (default): lower the grant to max or max_share; ineligible: refuse the plan."),
))

RULE = Mapping("rule", "An eligibility rule every plan must meet.", _keys(
    Key("id", Id(), "The rule's id, unique in the round.", required=True),
    Key("when", Condition(), "The condition a plan must meet (docs/rules.md).", required=True),
    Key("reason", Text(), "The reason shown when a plan does not meet it.", required=True),
))

CRITERION = Mapping("criterion", "An assessment criterion.", _keys(
    Key("id", Id(), "The criterion's id; also its column in CSV score files.", required=True),
    Key("weight", Number(), "Its weight, a number above 0.", required=True),
    Key("scale", ListOf(Number(), min_items=2, max_items=2), "[lowest, highest] score, lowest < highest.",
        required=True),
    Key("label", Text(), "Its name in the outputs and on score sheets (default the id)."),
    Key("minimum", Number(), "Knock-out: a combined score below it fails; must lie on the scale."),
))

ASSESSMENT = Mapping("assessment", "How the assessors' scores combine, and the pass mark.", _keys(
    Key("combine", OneOf(values(Combine)), "mean (default) or median of the assessors' scores on a criterion."),
    Key("pass", Percent(), "The pass mark as a share of the highest weighted score (default 0%)."),
))

ALLOCATION = Mapping("allocation", "How the money is distributed.", _keys(
    Key("method", OneOf(values(Method)), "The distribution method (docs/method.md); default ranking."),
    Key("skip", YesNo(), "true (default): pass over a plan that does not fit; false: stop there."),
    Key("ties", ListOf(Id()), "The tie-break chain: criterion ids, requested, cost, received, lottery (last)."),
    Key("seed", Text(), "The lottery seed, any text (default '0'); fix it before the plans are known."),
))

PRIZE = Mapping("prize", "A prize, paid on top of the award from a prize pot.", _keys(
    Key("label", Text(), "The prize's name in the outputs.", required=True),
    Key("count", Integer(1, 1000), "How many prizes of this kind.", required=True),
    Key("amount", Money(), "The amount of each prize in euros.", required=True),
    Key("pot", Id(), "The pot that pays it: one with 'for: prizes'.", required=True),
    Key("by", OneOf(values(PrizeBy)), "score (default): the best-scoring awarded plans; votes: the most voted."),
))

VOTES = Mapping("votes", "How residents' votes decide, under method votes or equal-shares (docs/votes.md).", _keys(
    Key("satisfaction", OneOf(values(Satisfaction)), "equal-shares: cost (default) or cardinality."),
    Key("completion", OneOf(values(Completion)), "equal-shares: none (default), add1 or add1-comparison."),
    Key("threshold", Number(), "A plan with fewer (weighted) approvals is not chosen (default 0)."),
    Key("leftover", OneOf(values(VoteLeftover)), "votes: none (default), or fit: what the pots leave funds more."),
    Key("jury", YesNo(), "true: only plans that pass the jury's assessment are in the vote (default false)."),
    Key("ballots", Ref("ballot_rules"), "The ballot rules: min and max approvals, max total cost, per what."),
    Key("channels", MappingOf(Number()), "The weight of each channel a ballot names (default 1 each)."),
    Key("weight", Percent(), "Under a jury method: the part of the ranking the votes decide (a combined ranking)."),
))

BALLOT_RULES = Mapping("ballot_rules", "What a ballot may hold; with 'per', for each district or category.", _keys(
    Key("min", Either((Integer(0, 1_000_000), MappingOf(Integer(0, 1_000_000)))),
        "At least this many approvals (a mapping: per value of 'per')."),
    Key("max", Either((Integer(1, 1_000_000), MappingOf(Integer(1, 1_000_000)))),
        "At most this many approvals (a mapping: per value of 'per')."),
    Key("max_cost", Either((Money(), MappingOf(Money()))),
        "The approved plans' requested amounts add up to at most this (a mapping: per value of 'per')."),
    Key("per", Text(), "district, or facts.<name>: the limits apply to each district's (or value's) plans."),
))

DISTRICT_KEY = Mapping("district_key", "District budgets: one pot per district, rate × weight × inhabitants.", _keys(
    Key("rate", Money(), "Euros per inhabitant.", required=True),
    Key("districts", ListOf(Ref("key_district")),
        "The districts and their inhabitants (default: the declared districts with inhabitants).",
        required=True, unless="districts"),
    Key("leftover", OneOf(values(Leftover)),
        "What happens to what the districts leave: unspent (default), general or next."),
))

KEY_DISTRICT = Mapping("key_district", "A district of the district key.", _keys(
    Key("id", Id(), "The district's id: its pot is district-<id>.", required=True),
    Key("inhabitants", Integer(0, 100_000_000), "The number of inhabitants (unless declared under districts).",
        required=True, unless="districts"),
    Key("weight", Number(), "The weight, 0 or more (default 1): an action area gets more."),
))

REGISTER = Mapping("register", "The columns of the public subsidy register.", _keys(
    Key("policy_area", Text(), "BELEIDSTERREIN."),
    Key("department", Text(), "ORGANISATIEONDERDEEL."),
))

REPORT = Mapping("report", "What the annual-report paragraph needs (initiatief report).", _keys(
    Key("subject", Text(), "The round as the subject of the paragraph's first sentence, with its article, as "
        "the annual report names it: 'De sociale ondernemers challenge' (default: 'Voor <name> werden …')."),
))

DISTRICT = Mapping("district", "A district of the round.", _keys(
    Key("id", Id(), "The district's id, as submissions and rules name it.", required=True),
    Key("label", Text(), "Its name for people and in form exports (default the id)."),
    Key("inhabitants", Integer(0, 100_000_000), "The number of inhabitants (for a district key)."),
))

ASSESSOR = Mapping("assessor", "A member of the jury.", _keys(
    Key("id", Id(), "The assessor's id: the name of their score file.", required=True),
    Key("name", Text(), "Their name (default the id)."),
))

_ADDRESS = Either((Text(), ListOf(Text(), min_items=1)))

LETTERS = Mapping("letters", "What the decision letters (initiatief letters) need; docs/letters.md.", _keys(
    Key("sender", Ref("sender"), "Who sends the letters."),
    Key("regulation", Ref("regulation"), "The subsidy regulation the decisions rest on."),
    Key("date", Date(), "The date of the decisions (the letters' date)."),
    Key("objection", Ref("objection"), "Where and within which term an applicant may object (Awb 6:7)."),
    Key("payment", Text(), "Awarded plans: how and when the grant is paid."),
    Key("account_by", Date(), "Awarded plans: the date by which the applicant accounts for the money."),
    Key("obligations", Text(), "Awarded plans: what the applicant must do (a report, a mention, …)."),
    Key("reference", Text(), "The reference number pattern: text with {year}, {id} and {round} (the round's name)."),
))

SENDER = Mapping("sender", "Who sends the letters.", _keys(
    Key("organisation", Text(), "The municipality (or body) that decides: it heads every letter."),
    Key("department", Text(), "The department that handles the round."),
    Key("address", _ADDRESS, "The sender's postal address: one text, or a list of lines."),
    Key("contact", Text(), "Who answers questions, with a telephone number or e-mail address."),
    Key("signatory", Text(), "Who signs the letters (on behalf of the deciding body)."),
    Key("function", Text(), "The signatory's function."),
))

REGULATION = Mapping("regulation", "The subsidy regulation the decisions rest on.", _keys(
    Key("name", Text(), "The regulation's name."),
    Key("article", Text(), "The article that governs the decision, e.g. 'artikel 7'."),
    Key("published", Text(), "Where it is published, e.g. 'Gemeenteblad 2017, nr. 12345'."),
))

OBJECTION = Mapping("objection", "Where and within which term an applicant may object.", _keys(
    Key("address", _ADDRESS, "Where an objection is sent: one text, or a list of lines."),
    Key("weeks", Integer(1, 52), "The objection term in weeks (default 6, Awb 6:7)."),
))

_FORM_KEYS = _keys(
    Key("required", YesNo(), "Whether every submission must give it (default false)."),
    Key("label", Text(), "The question or the field's name for people."),
    Key("column", Text(), "The heading of its column in a form export (default the label, else the name)."),
)

FORM_FIELD = Mapping("form_field", "A submission field on the form; its type is fixed.", _FORM_KEYS)

FORM_FACT = Mapping("form_fact", "A fact on the form: its type, and for a choice or list the allowed values.", (
    Key("type", OneOf(values(FieldType)), "text (default), number, money, date, yes-no, choice or list."),
    *_FORM_KEYS,
    Key("values", Either((ListOf(Id(), min_items=1, unique=True), MappingOf(Text()))),
        "choice and list only: the allowed values, a list of ids or a mapping id → label."),
    Key("separator", Text(), "list only: what separates the items in one spreadsheet cell (default ';')."),
), depends=(
    Only("type", ("choice",), require=("values",)),
    Only("type", ("choice", "list"), otherwise_forbid=("values",)),
    Only("type", ("list",), otherwise_forbid=("separator",)),
))

# --- submissions -----------------------------------------------------------------------

SUBMISSION = Mapping("submission", "A submission: an idea or a plan (a file in submissions/).", _keys(
    Key("title", Text(), "The submission's title.", required=True),
    Key("applicant", Either((Text(), Ref("applicant"))), "Who applied: a name, or a mapping.", required=True),
    Key("id", Id(), "The id (default the file name; required in submissions.yaml)."),
    Key("stage", Id(), "One of the round's stages (required when it has more than one)."),
    Key("district", Text(), "The district, as rules and pots name it."),
    Key("received", Date(), "The date the application was complete (needed for method arrival).", empty=True),
    Key("cost", Money(), "The plan's total cost in euros (needed with grants.max_share).", empty=True),
    Key("requested", Money(), "The amount applied for in euros; required at the last stage.", empty=True),
    Key("summary", Text(), "A short description."),
    Key("facts", MappingOf(FactValue()), "What the rules test: declared in the round's form, else free.",
        empty=True),
))

APPLICANT = Mapping("applicant", "Who applied; contact details are personal data and never published.", _keys(
    Key("name", Text(), "The organisation's or person's name.", required=True),
    Key("kind", OneOf(values(ApplicantKind)), "organisation (default), or person: a private individual."),
    Key("contact", Text(), "Contact details (personal data)."),
    Key("email", Text(), "E-mail address (personal data)."),
    Key("phone", Text(), "Telephone number (personal data)."),
    Key("address", _ADDRESS, "Postal address (personal data): one text, or a list of lines.", empty=True),
))

# --- scores and decisions --------------------------------------------------------------

SCORE_FILE = Mapping("score_file", "One assessor's scores (a YAML file in scores/).", _keys(
    Key("scores", MappingOf(MappingOf(Number())), "Submission id → criterion id → score.", required=True),
    Key("assessor", Id(), "The assessor's id (default the file name)."),
    Key("name", Text(), "The assessor's name (default the id)."),
    Key("conflicts", ListOf(Id()), "Submissions this assessor may not score (conflict of interest).", empty=True),
))

DECISION = Mapping("decision", "A decision of the committee about one submission (decisions.yaml).", _keys(
    Key("submission", Text(), "The submission's id.", required=True),
    Key("decision", OneOf(values(DecisionKind)),
        "withdrawn, exclude, incomplete (buiten behandeling, Awb 4:5) or cap.", required=True),
    Key("reason", Text(), "Why: shown in every output.", required=True),
    Key("date", Date(), "When it was decided.", required=True),
    Key("amount", Money(), "With cap only: the most the plan may receive."),
), depends=(
    Only("decision", ("cap",), require=("amount",), otherwise_forbid=("amount",)),
))

MAPPINGS: dict[str, Mapping] = {m.name: m for m in (
    ROUND, POT, GRANTS, RULE, CRITERION, ASSESSMENT, ALLOCATION, PRIZE, VOTES, BALLOT_RULES, DISTRICT_KEY,
    KEY_DISTRICT, REGISTER, REPORT, DISTRICT, ASSESSOR, FORM_FIELD, FORM_FACT, SUBMISSION, APPLICANT, SCORE_FILE,
    DECISION, LETTERS, SENDER, REGULATION, OBJECTION,
)}
"""Every mapping, by name."""

CONDITION_FIELDS: dict[str, str] = {
    name: (APPLICANT.key(name.split(".", 1)[1]) if "." in name else SUBMISSION.key(name)).description
    for name in FIELDS
}
"""The submission fields a condition may test, each with what it holds."""
