"""round.yaml: the definition of a round, read into its parts with every problem recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from initiatief.errors import Problems, suggest
from initiatief.loading import conditions, form, letters, voting
from initiatief.loading import declarations as D
from initiatief.loading.fields import Fields, type_name
from initiatief.loading.layout import ROUND_FILE, locate
from initiatief.loading.yamlfile import YList, YMap, read_yaml
from initiatief.models import (
    BUILT_IN_TYPES,
    AboveLimit,
    AllocationRules,
    ApplicantKind,
    AssessmentRules,
    Assessor,
    Combine,
    Condition,
    Criterion,
    District,
    DistrictInfo,
    DistrictKey,
    FieldType,
    Form,
    Grants,
    Language,
    Leftover,
    LetterSettings,
    Location,
    Method,
    Op,
    Pot,
    Prize,
    PrizeBy,
    Rule,
    Test,
    VoteLeftover,
    Voting,
    tests_of,
)

TIE_KEYS = ("requested", "cost", "received", "lottery")
_RESERVED_STAGES = ("incomplete", "eligible", "passed", "awarded", "prize_winners")
_ROUND_KEYS = D.ROUND.optional


@dataclass
class Definition:
    """round.yaml as parsed so far; `None` marks a part that had problems."""

    name: str | None = None
    year: int | None = None
    language: Language = Language.NL
    currency: str = "EUR"
    stages: tuple[str, ...] | None = ("plan",)
    ceiling: Decimal | None = None
    pots: tuple[Pot, ...] | None = ()
    grants: Grants | None = Grants()
    rules: tuple[Rule, ...] | None = ()
    criteria: tuple[Criterion, ...] | None = ()
    assessment: AssessmentRules | None = AssessmentRules()
    allocation: AllocationRules | None = AllocationRules()
    prizes: tuple[Prize, ...] | None = ()
    district_key: DistrictKey | None = None
    policy_area: str = ""
    report_subject: str = ""
    department: str = ""
    form: Form | None = None
    districts: tuple[DistrictInfo, ...] | None = ()
    assessors: tuple[Assessor, ...] | None = ()
    letters: LetterSettings | None = None
    voting: Voting | None = None
    complete: bool = False
    broken: set[str] = field(default_factory=set)
    """Lists (pots, criteria, …) of which some item had a problem: checks that need all of them skip."""

    def missing_parts(self) -> list[str]:
        """Return the parts a Round needs that were not read."""
        parts = {"name": self.name, "year": self.year, "ceiling": self.ceiling, "stages": self.stages,
                 "pots": self.pots, "grants": self.grants, "eligibility": self.rules, "criteria": self.criteria,
                 "assessment": self.assessment, "allocation": self.allocation, "prizes": self.prizes,
                 "districts": self.districts, "assessors": self.assessors}
        return [name for name, value in parts.items() if value is None]


def read_definition(root: Path, shown: str, problems: Problems) -> Definition:
    """Return round.yaml read into its parts; `complete` only if the file had no problem at all."""
    d = Definition()
    display = f"{shown}/{ROUND_FILE}"
    before = problems.count  # from here: a YAML-level problem (a tag, an impossible date) counts too
    path = locate(root, ROUND_FILE, shown, problems)
    if path is None:
        if problems.count == before:
            problems.add(display, None, "the round folder has no round.yaml", "a round definition")
        d.broken.update(("pots", "criteria", "eligibility", "prizes"))
        return d
    f = Fields(problems, display)
    data = read_yaml(path, display, problems)
    m = f.mapping(data, 1, "round.yaml") if data is not None else None
    if m is None:
        d.broken.update(("pots", "criteria", "eligibility", "prizes"))
        return d
    required, optional = _relaxed(D.ROUND, "criteria", "votes" in m)
    f.keys(m, "round.yaml", required, optional if "votes" in m else _ROUND_KEYS)
    d.name = f.text(m, "name", "round", required=True)
    d.year = f.integer(m, "year", "round", 1900, 2200) if "year" in m else None
    d.language = f.one_of(m, "language", "round", Language, Language.NL)
    d.currency = f.choice(m, "currency", "round", ["EUR"], "EUR")
    d.stages = _stages(m, f)
    d.districts = form.read_districts(m, f)
    d.assessors = form.read_assessors(m, f)
    d.form = form.read_form(m, f)
    if "form" in m and d.form is None:
        d.broken.add("form")
    d.ceiling = f.money_of(m, "ceiling", "ceiling") if "ceiling" in m else None
    d.pots = _list(m, "pots", f, _pot, d.broken)
    d.grants = _grants(m, f)
    d.rules = _list(m, "eligibility", f, _rule, d.broken)
    d.criteria = _list(m, "criteria", f, _criterion, d.broken)
    if "criteria" not in m and "votes" not in m:
        d.broken.add("criteria")
    d.assessment = _assessment(m, f)
    d.allocation = _allocation(m, f)
    d.voting = voting.read_voting(m, f)
    if "votes" in m and d.voting is None:
        d.broken.add("votes")
    d.prizes = _list(m, "prizes", f, _prize, d.broken)
    _check_votes(d, m, f)
    d.district_key = _district_key(m, f, d.districts or ())
    d.letters = letters.read_letters(m, f)
    if "register" in m:
        r = f.mapping(m["register"], m.line_of("register"), "register")
        if r is not None:
            f.keys(r, "register", D.REGISTER.required, D.REGISTER.optional)
            d.policy_area = f.text(r, "policy_area", "register", "") or ""
            d.department = f.text(r, "department", "register", "") or ""
    if "report" in m:
        r = f.mapping(m["report"], m.line_of("report"), "report")
        if r is not None:
            f.keys(r, "report", D.REPORT.required, D.REPORT.optional)
            d.report_subject = f.text(r, "subject", "report", "") or ""
    if d.district_key is not None and d.pots is not None:
        generated = _key_pots(d.district_key, d.districts or ())
        for pot in generated:
            if any(p.id == pot.id for p in d.pots):
                f.add(m.line_of("pots"), f"the pot id '{pot.id}' is also made by district_key",
                      "another id: district_key makes a pot 'district-<id>' per district")
        general = any(p.share is None and not p.for_prizes for p in d.pots)
        if d.district_key.leftover is Leftover.GENERAL and not general:
            f.add(m.line_of("district_key"), "district_key leftover is 'general' but there is no general pot",
                  "a pot without 'share' and 'for: prizes' to receive the leftovers")
        d.pots = (*generated, *d.pots)
    if "criteria" in m and not d.criteria and "criteria" not in d.broken:
        f.add(m.line_of("criteria"), "the round has no criteria", "at least one criterion")
    if d.pots is not None and d.ceiling is not None and not d.pots and "pots" not in d.broken:
        d.pots = (Pot("budget", "budget", d.ceiling),)
    _check_definition(d, m, f)
    _check_against_form(d, m, f)
    missing = d.missing_parts()
    if missing and problems.count == before:
        # Every reader records why it gives up, so this is never reached; but a missing part must
        # be a problem with the file's name, never a definition taken as complete.
        f.add(None, "round.yaml could not be read completely: " + ", ".join(missing), "a complete round definition")
    d.complete = problems.count == before
    return d


def _stages(m: YMap, f: Fields) -> tuple[str, ...] | None:
    if "stages" not in m:
        return ("plan",)
    items = f.sequence(m["stages"], m.line_of("stages"), "stages")
    if items is None:
        return None
    names: list[str] = []
    for value, line in zip(items, items.item_lines, strict=True):
        name = f.check_identifier(str(value), line, "stage") if isinstance(value, str) else None
        if name is None:
            f.add(line, f"stage {type_name(value)}", "a stage name such as idea or plan")
            return None
        if name in names:
            f.add(line, f"stage '{name}' is listed twice", "each stage once")
            return None
        same = next((n for n in names if n.casefold() == name.casefold()), None)
        if same is not None:  # a submission's `stage: Idee` would be one or the other by a letter's case
            f.add(line, f"stage '{name}' differs from the stage '{same}' only in case", "each stage once")
            return None
        if name in _RESERVED_STAGES:
            f.add(line, f"'{name}' cannot be a stage name", "a name other than " + ", ".join(_RESERVED_STAGES))
            return None
        names.append(name)
    if not names:
        f.add(m.line_of("stages"), "stages is an empty list", "at least one stage, e.g. [idea, plan]")
        return None
    return tuple(names)


def _list(
    m: YMap, key: str, f: Fields, parse: Callable[[YMap, Fields], Any], broken: set[str]
) -> tuple[Any, ...]:
    """Return the items of a list that parsed; add `key` to `broken` if any did not."""
    if key not in m or m[key] is None:
        return ()
    items = f.sequence(m[key], m.line_of(key), key)
    if items is None:
        broken.add(key)
        return ()
    parsed = []
    for value, line in zip(items, items.item_lines, strict=True):
        item = f.mapping(value, line, f"an item of {key}")
        parsed.append(parse(item, f) if item is not None else None)
    if any(p is None for p in parsed):
        broken.add(key)
    return tuple(p for p in parsed if p is not None)


def _pot(m: YMap, f: Fields) -> Pot | None:
    ok = f.keys(m, "pot", D.POT.required, D.POT.optional)
    pot_id = f.identifier(m, "id", "pot", required=True)
    amount = f.money_of(m, "amount", "pot amount", positive=False) if "amount" in m else None
    when = conditions.parse_condition(m["when"], m.line_of("when"), f, "pot 'when'") if "when" in m else None
    share = f.percent(m["share"], m.line_of("share"), "pot share") if "share" in m else None
    purpose = f.choice(m, "for", "pot", ["awards", "prizes"], "awards")
    if share is not None and share == 0:
        f.add(m.line_of("share"), "pot share is 0%", "a share above 0%")
        return None
    if "when" in m and purpose == "prizes":
        f.add(m.line_of("when"), "a prize pot has a 'when'", "'when' only on pots that pay for awards")
        return None
    if share is not None and purpose == "prizes":
        f.add(m.line_of("share"), "a prize pot has a share", "share only on pots that co-finance awards")
        return None
    if not ok or pot_id is None or amount is None or ("when" in m and when is None):
        return None
    if "share" in m and share is None:
        return None
    fallback = f.identifier(m, "fallback", "pot") if "fallback" in m else None
    if "fallback" in m and fallback is None:
        return None
    if fallback is not None and share is None:
        f.add(m.line_of("fallback"), "a pot without a share has a fallback",
              "fallback only on a share pot: the general pot that pays what the share pot cannot")
        return None
    label = f.text(m, "label", "pot", pot_id) or pot_id
    return Pot(pot_id, label, amount, when, share, purpose == "prizes", fallback=fallback,
               location=Location(f.file, m.line_of("share") if "share" in m else m.line))


def _district_key(m: YMap, f: Fields, declared: tuple[DistrictInfo, ...]) -> DistrictKey | None:
    """Read the verdeelsleutel: a rate per inhabitant, weighted per district.

    With `districts:` declared, the key takes the inhabitants from there: its own list may
    then be left out (every declared district with inhabitants gets a pot, weight 1) or
    name districts with only their `weight`.
    """
    if "district_key" not in m:
        return None
    k = f.mapping(m["district_key"], m.line_of("district_key"), "district_key")
    if k is None:
        return None
    known = {x.id: x for x in declared}
    ok = f.keys(k, "district_key", *_relaxed(D.DISTRICT_KEY, "districts", bool(declared)))
    rate = f.money_of(k, "rate", "district_key rate") if "rate" in k else None
    leftover = f.one_of(k, "leftover", "district_key", Leftover, Leftover.UNSPENT)
    items = f.sequence(k["districts"], k.line_of("districts"), "district_key districts") if "districts" in k else None
    districts: list[District] = []
    if "districts" not in k and declared:
        districts = [District(x.id, x.inhabitants) for x in declared if x.inhabitants is not None]
        if not districts:
            f.add(k.line, "district_key has no districts: no declared district has inhabitants",
                  "inhabitants on the districts under districts:")
            return None
    for value, line in zip(items or [], (items.item_lines if items else []), strict=True):
        d = f.mapping(value, line, "a district")
        if d is None:
            ok = False
            continue
        ok = f.keys(d, "district", *_relaxed(D.KEY_DISTRICT, "inhabitants", bool(declared))) and ok
        district_id = f.identifier(d, "id", "district", required=True)
        inhabitants = f.integer(d, "inhabitants", "district", 0, 100_000_000) if "inhabitants" in d else None
        if declared and district_id is not None:
            info = known.get(district_id)
            if info is None:
                f.add(d.line_of("id"), f"district '{district_id}' of district_key is not one of the districts",
                      "a district declared under districts:", suggest(district_id, known))
                ok = False
                continue
            if "inhabitants" in d and info.inhabitants is not None:
                f.add(d.line_of("inhabitants"), f"the inhabitants of '{district_id}' are given twice",
                      "inhabitants once, under districts:")
                ok = False
                continue
            if "inhabitants" not in d:
                inhabitants = info.inhabitants
                if inhabitants is None:
                    f.add(d.line_of("id"), f"district '{district_id}' has no inhabitants",
                          "inhabitants: under districts: (or here)")
                    ok = False
                    continue
        weight = f.number(d["weight"], d.line_of("weight"), "district weight") if "weight" in d else Decimal(1)
        if weight is not None and weight < 0:
            f.add(d.line_of("weight"), f"district weight is {weight}", "a weight of 0 or more")
            weight = None
        if district_id is None or inhabitants is None or weight is None:
            ok = False
            continue
        if any(x.id == district_id for x in districts):
            f.add(line, f"district '{district_id}' is listed twice", "each district once")
            ok = False
        districts.append(District(district_id, inhabitants, weight))
    if not ok or rate is None or not districts:
        if ok and rate is not None:
            f.add(k.line, "district_key has no districts", "at least one district")
        return None
    return DistrictKey(rate, tuple(districts), leftover)


def _relaxed(mapping: D.Mapping, key: str, optional: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return a mapping's (required, optional) keys, with `key` made optional when `optional`."""
    if not optional:
        return mapping.required, mapping.optional
    return tuple(k for k in mapping.required if k != key), (key, *mapping.optional)


def _key_pots(key: DistrictKey, declared: tuple[DistrictInfo, ...]) -> list[Pot]:
    """Return a pot per district: rate × weight × inhabitants, paying all of each award in its district."""
    labels = {x.id: x.label for x in declared}
    return [
        Pot(
            id=f"district-{d.id}", label=labels.get(d.id, d.id),
            amount=(key.rate * d.weight * d.inhabitants).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            when=Test("district", Op.EQUALS, d.id), share=Decimal(1), from_key=True,
        )
        for d in key.districts
    ]


def _grants(m: YMap, f: Fields) -> Grants | None:
    if "grants" not in m:
        return Grants()
    g = f.mapping(m["grants"], m.line_of("grants"), "grants")
    if g is None:
        return None
    f.keys(g, "grants", D.GRANTS.required, D.GRANTS.optional)
    minimum = f.money_of(g, "min", "grants min") if "min" in g else None
    maximum = f.money_of(g, "max", "grants max") if "max" in g else None
    share = f.percent(g["max_share"], g.line_of("max_share"), "grants max_share") if "max_share" in g else None
    partial = f.boolean(g, "partial", "grants", False)
    above = f.one_of(g, "above_limit", "grants", AboveLimit, AboveLimit.CAP)
    if minimum is not None and maximum is not None and minimum > maximum:
        f.add(g.line_of("min"), f"grants min {minimum} is more than max {maximum}", "min ≤ max")
    return Grants(minimum, maximum, share, partial, above)


def _rule(m: YMap, f: Fields) -> Rule | None:
    ok = f.keys(m, "eligibility rule", D.RULE.required, D.RULE.optional)
    rule_id = f.identifier(m, "id", "eligibility rule", required=True)
    reason = f.text(m, "reason", "eligibility rule", required=True)
    condition = (
        conditions.parse_condition(m["when"], m.line_of("when"), f, f"rule '{rule_id}'")
        if "when" in m else None
    )
    if not ok or rule_id is None or reason is None or condition is None:
        return None
    return Rule(rule_id, condition, reason, Location(f.file, m.line))


def _criterion(m: YMap, f: Fields) -> Criterion | None:
    ok = f.keys(m, "criterion", D.CRITERION.required, D.CRITERION.optional)
    crit_id = f.identifier(m, "id", "criterion", required=True)
    weight = f.number(m["weight"], m.line_of("weight"), "criterion weight") if "weight" in m else None
    if weight is not None and weight <= 0:
        f.add(m.line_of("weight"), f"criterion weight is {weight}", "a weight above 0")
        weight = None
    scale = _scale(m, f) if "scale" in m else None
    minimum = f.number(m["minimum"], m.line_of("minimum"), "criterion minimum") if "minimum" in m else None
    if scale is not None and minimum is not None and not scale[0] <= minimum <= scale[1]:
        f.add(m.line_of("minimum"), f"criterion minimum {minimum} is outside the scale", f"{scale[0]} to {scale[1]}")
        minimum = None
    if not ok or crit_id is None or weight is None or scale is None:
        return None
    if "minimum" in m and minimum is None:
        return None
    label = f.text(m, "label", "criterion", crit_id) or crit_id
    return Criterion(crit_id, label, weight, scale[0], scale[1], minimum)


def _scale(m: YMap, f: Fields) -> tuple[Decimal, Decimal] | None:
    line = m.line_of("scale")
    value = m["scale"]
    if not isinstance(value, YList) or len(value) != 2:
        f.add(line, f"criterion scale is {type_name(value)}", "[lowest, highest], e.g. [1, 5]")
        return None
    low = f.number(value[0], line, "lowest score of the scale")
    high = f.number(value[1], line, "highest score of the scale")
    if low is None or high is None:
        return None
    if low >= high:
        f.add(line, f"criterion scale [{low}, {high}] is empty", "lowest < highest")
        return None
    return low, high


def _assessment(m: YMap, f: Fields) -> AssessmentRules | None:
    if "assessment" not in m:
        return AssessmentRules()
    a = f.mapping(m["assessment"], m.line_of("assessment"), "assessment")
    if a is None:
        return None
    if not f.keys(a, "assessment", D.ASSESSMENT.required, D.ASSESSMENT.optional):
        return None
    combine = f.one_of(a, "combine", "assessment", Combine, Combine.MEAN)
    mark = f.percent(a["pass"], a.line_of("pass"), "assessment pass") if "pass" in a else Decimal(0)
    return AssessmentRules(combine, mark) if mark is not None else None


def _allocation(m: YMap, f: Fields) -> AllocationRules | None:
    if "allocation" not in m:
        return AllocationRules()
    a = f.mapping(m["allocation"], m.line_of("allocation"), "allocation")
    if a is None:
        return None
    if not f.keys(a, "allocation", D.ALLOCATION.required, D.ALLOCATION.optional):
        return None
    method = f.one_of(a, "method", "allocation", Method, Method.RANKING)
    skip = f.boolean(a, "skip", "allocation", True)
    ties: tuple[str, ...] = ("lottery",)
    if "ties" in a:
        items = f.sequence(a["ties"], a.line_of("ties"), "allocation ties")
        if items is None:
            return None
        read = [f.id_item(v, line, "tie-break") for v, line in zip(items, items.item_lines, strict=True)]
        if any(t is None for t in read):
            return None
        ties = tuple(t for t in read if t is not None)
    seed = f.text(a, "seed", "allocation", "0") or "0"
    return AllocationRules(method, skip, ties, seed)


def _prize(m: YMap, f: Fields) -> Prize | None:
    ok = f.keys(m, "prize", D.PRIZE.required, D.PRIZE.optional)
    label = f.text(m, "label", "prize", required=True)
    count = f.integer(m, "count", "prize", 1, 1000) if "count" in m else None
    amount = f.money_of(m, "amount", "prize amount") if "amount" in m else None
    pot = f.identifier(m, "pot", "prize", required=True)
    by = f.one_of(m, "by", "prize", PrizeBy, PrizeBy.SCORE)
    if not ok or label is None or count is None or amount is None or pot is None:
        return None
    return Prize(label, count, amount, pot, by)


def _check_votes(d: Definition, m: YMap, f: Fields) -> None:
    """The method and the `votes:` block agree: a vote method needs votes; a jury needs criteria."""
    method = d.allocation.method if d.allocation is not None else None
    if method is not None and method.by_votes and "votes" not in m:
        f.add(m.line_of("allocation"), f"the method is '{method}' but round.yaml has no 'votes:'",
              "a 'votes:' block (docs/votes.md), and the ballots in votes/")
    for prize, line in zip(d.prizes or (), [i.line_of("by") if isinstance(i, YMap) else n
                                             for i, n in _items(m, "prizes")], strict=False):
        if prize.by is PrizeBy.VOTES and "votes" not in m:
            f.add(line, f"the prize '{prize.label}' is decided by votes but round.yaml has no 'votes:'",
                  "a 'votes:' block and the ballots in votes/ (docs/votes.md), or by: score")
        elif prize.by is PrizeBy.SCORE and "criteria" not in m and "votes" in m:
            f.add(line, f"the prize '{prize.label}' is decided by score but the round has no jury (no criteria)",
                  "by: votes: the most-voted awarded plans win it")
    if "votes" not in m or d.voting is None:
        return
    if d.voting.weight is not None and method is not None and method.by_votes:
        f.add(m.line_of("votes"), f"votes weight combines the jury's score and the votes in a ranking, but under "
              f"'{method}' the votes decide alone", "a jury method (ranking, optimal, …) with the weight, or no weight")
    if d.voting.leftover is VoteLeftover.FIT and method is Method.EQUAL_SHARES:
        votes_block = m["votes"]
        f.add(votes_block.line_of("leftover") if isinstance(votes_block, YMap) else m.line_of("votes"),
              "votes leftover is fit, but equal-shares does not use it (only method votes funds the plans passed "
              "over from what the pots left)", "leftover: none under equal-shares (completion: add1 spends more of "
              "the budget), or method votes")
    jury = d.voting.jury or method is None or not method.by_votes
    if jury and "criteria" not in m:
        why = "votes jury is true" if d.voting.jury else f"the method '{method}' ranks by the jury's scores"
        f.add(m.line, f"round.yaml has no 'criteria' but {why}", "the criteria the jury scores on")
        d.broken.add("criteria")
    elif not jury and "criteria" in m:
        f.add(m.line_of("criteria"), f"the round has criteria but the votes decide alone (method '{method}', "
              "votes jury false): the jury's scores would not be used",
              "votes: {jury: true} to let only plans the jury passes into the vote, or no criteria")


def _check_definition(d: Definition, m: YMap, f: Fields) -> None:
    """Cross-checks inside round.yaml: unique ids, references, and sums (on the parts that parsed)."""
    assert d.pots is not None and d.criteria is not None and d.rules is not None and d.prizes is not None
    for key in ("pots", "criteria", "eligibility"):
        first: dict[str, int] = {}
        folded: dict[str, tuple[str, int]] = {}
        for item, item_line in _items(m, key):
            item_id = item.get("id")
            if not isinstance(item_id, str | int):
                continue
            line = item.line_of("id") if isinstance(item, YMap) else item_line
            if str(item_id) in first:
                f.add(line, f"the id '{item_id}' is used twice in {key} (first at line {first[str(item_id)]})",
                      "unique ids")
                d.broken.add(key)
            elif key == "criteria" and (same := folded.get(str(item_id).casefold())) is not None:
                # A score file's column names a criterion by its id or by its label in any case: 'impact'
                # would name both, and no column could score the other (sheets and exports show both alike).
                f.add(line, f"the criterion id '{item_id}' differs only in case from '{same[0]}' (line {same[1]})",
                      "criterion ids that differ in more than case", "a score file's column may name a criterion by "
                      "its label in any case, and the label is the id by default")
                d.broken.add(key)
            first.setdefault(str(item_id), line)
            folded.setdefault(str(item_id).casefold(), (str(item_id), line))
    total = sum((p.amount for p in d.pots), Decimal(0))
    # In a round decided by votes, pots per category or district are often upper bounds that add up to a
    # little more than the budget (pabulib's budget_per_category): the ceiling binds, a warning says so.
    if d.ceiling is not None and total > d.ceiling and "votes" not in m:
        f.add(
            m.line_of("pots"),
            f"the pots add up to {total}, more than the ceiling of {d.ceiling}",
            "pots that add up to at most the ceiling (subsidieplafond)",
        )
    if "pots" in d.broken:
        _check_ties(d, m, f)
        return
    if d.district_key is None and not any(not p.for_prizes and p.share is None for p in d.pots):
        f.add(m.line_of("pots"), "no general pot pays for awards", "a pot without 'share' and 'for: prizes'")
    pots = {p.id: p for p in d.pots}
    for item, _ in _items(m, "pots"):
        named = item.get("fallback")
        if isinstance(named, str):
            target = pots.get(named)
            if target is None:
                f.add(item.line_of("fallback"), f"the fallback pot '{named}' does not exist",
                      "the id of a general pot", suggest(named, pots))
            elif target.share is not None or target.for_prizes:
                f.add(item.line_of("fallback"), f"the fallback pot '{named}' is not a general pot",
                      "a pot without 'share' and 'for: prizes'")
    prize_totals: dict[str, Decimal] = {}
    prize_lines = [m.line_of("prizes")] * len(d.prizes)
    if "prizes" not in d.broken:
        prize_lines = [item.line_of("pot") for item, _ in _items(m, "prizes")]
    for prize, line in zip(d.prizes, prize_lines, strict=True):
        pot = pots.get(prize.pot)
        if pot is None:
            f.add(line, f"prize '{prize.label}' is paid from pot '{prize.pot}', which does not exist",
                  "one of the pots: " + ", ".join(pots), suggest(prize.pot, pots))
        elif not pot.for_prizes:
            f.add(line, f"prize '{prize.label}' is paid from pot '{prize.pot}', which is for awards",
                  "a pot with 'for: prizes'")
        else:
            prize_totals[pot.id] = prize_totals.get(pot.id, Decimal(0)) + prize.count * prize.amount
    for pot_id, needed in sorted(prize_totals.items()):
        if needed > pots[pot_id].amount:
            holds = pots[pot_id].amount
            f.add(m.line_of("prizes"), f"the prizes need {needed} from pot '{pot_id}', which holds {holds}",
                  "prizes that fit their pot")
    _check_ties(d, m, f)


def _items(m: YMap, key: str) -> list[tuple[YMap, int]]:
    """Return the mapping items of the list under `key`, each with its line."""
    items = m.get(key)
    if not isinstance(items, YList):
        return []
    return [(item, line) for item, line in zip(items, items.item_lines, strict=True) if isinstance(item, YMap)]


def _check_ties(d: Definition, m: YMap, f: Fields) -> None:
    assert d.criteria is not None
    if d.allocation is None:
        return
    a = m.get("allocation")
    line = a.line_of("ties") if isinstance(a, YMap) else m.line
    options = [c.id for c in d.criteria] + list(TIE_KEYS)
    for i, key in enumerate(d.allocation.ties):
        if key not in options and "criteria" not in d.broken:
            f.add(line, f"unknown tie-break '{key}'", "a criterion id, requested, cost, received or lottery",
                  suggest(key, options))
        elif key == "lottery" and i != len(d.allocation.ties) - 1:
            f.add(line, "'lottery' is not the last tie-break", "lottery at the end of the chain")


def _check_against_form(d: Definition, m: YMap, f: Fields) -> None:
    """Check that the rules and the pots' `when` read only what the form declares, with values it allows.

    Without a form, facts are free; without `districts:`, so are districts.
    """
    named: list[tuple[str, Condition, int]] = []
    for rule in d.rules or ():
        line = next((item.line_of("when") for item, _ in _items(m, "eligibility") if item.get("id") == rule.id),
                    rule.location.line or m.line)
        named.append((f"rule '{rule.id}'", rule.condition, line))
    for pot in d.pots or ():
        if pot.when is not None and not pot.from_key:
            line = next((item.line_of("when") for item, _ in _items(m, "pots") if item.get("id") == pot.id),
                        m.line_of("pots"))
            named.append((f"pot '{pot.id}'", pot.when, line))
    declared_form = d.form if "form" not in d.broken else None
    district_ids = [x.id for x in d.districts or ()]
    for what, condition, line in named:
        for test in tests_of(condition):
            if test.field == "district" and district_ids and test.op in (Op.EQUALS, Op.IN, Op.NOT_IN):
                for value in test.value if isinstance(test.value, tuple) else (test.value,):
                    if value not in district_ids:
                        f.add(line, f"{what} names the district '{value}', which is not one of the districts",
                              "a district declared under districts: " + ", ".join(district_ids),
                              form.choose(str(value), tuple((x.id, x.label) for x in d.districts or ()))[1])
            if not test.field.startswith("facts."):
                _check_builtin(what, test, line, d, f)
                continue
            if declared_form is None:
                continue
            field = declared_form.get(test.field)
            if field is None:
                facts = [x.name for x in declared_form.facts]
                f.add(line, f"{what} reads '{test.field}', which the form does not declare",
                      "a fact of the form: " + (", ".join(facts) or "the form declares none"),
                      suggest(test.field, facts))
                continue
            problem = _misfit(field.type, field.values, test)
            if problem is not None:
                expected = _fits(field.type)
                hint = None
                if field.values and field.type in (FieldType.CHOICE, FieldType.LIST):
                    expected = "one of its values: " + ", ".join(v for v, _ in field.values)
                    bad = next((str(v) for v in (test.value if isinstance(test.value, tuple) else (test.value,))
                                if str(v) not in {i for i, _ in field.values}), None)
                    hint = form.choose(bad, field.values)[1] if bad is not None else None
                f.add(line, f"{what} tests '{test.field}' ({field.type}) {problem}", expected, hint)


def _check_builtin(what: str, test: Test, line: int, d: Definition, f: Fields) -> None:
    """Check a test on a submission field against the field's own type, with or without a form: an amount compared
    with a text, a date with a number, an applicant kind or a stage that does not exist would never match, and a
    plan would be decided on a value the rule can never have (`requested: "4000"` refusing every plan)."""
    kind = BUILT_IN_TYPES.get(test.field)
    if kind is None:
        return
    values: tuple[tuple[str, str], ...] = ()
    if test.field == "applicant.kind":
        values = tuple((k.value, k.value) for k in ApplicantKind)
    elif test.field == "stage" and d.stages:
        values = tuple((stage, stage) for stage in d.stages)
    elif kind is FieldType.CHOICE:
        return  # the district: checked against districts: when the round declares them, else free text
    problem = _misfit(kind, values, test)
    if problem is None:
        return
    items = test.value if isinstance(test.value, tuple) else (test.value,)
    hint = None
    expected = _fits(kind)
    if values:
        expected = "one of: " + ", ".join(v for v, _ in values)
        bad = next((str(v) for v in items if str(v) not in {i for i, _ in values}), None)
        hint = form.choose(bad, values)[1] if bad is not None else None
    elif any(isinstance(v, str) for v in items):
        hint = "write it without quotes: a quoted value is a text, and a text never equals an amount or a date"
    f.add(line, f"{what} tests '{test.field}' ({kind}) {problem}", expected, hint)


def _misfit(kind: FieldType, values: tuple[tuple[str, str], ...], test: Test) -> str | None:
    """Return what is wrong with a test on a declared fact of type `kind`, if anything."""
    if test.op is Op.REQUIRED:
        return None
    items = test.value if isinstance(test.value, tuple) else (test.value,)
    if kind is FieldType.YES_NO:
        if test.op not in (Op.EQUALS, Op.IN, Op.NOT_IN) or not all(isinstance(v, bool) for v in items):
            return f"with {test.op} {_shown(test.value)}"
        return None
    if kind in (FieldType.CHOICE, FieldType.LIST) and values:
        allowed = {v for v, _ in values}
        if test.op not in (Op.EQUALS, Op.IN, Op.NOT_IN):
            return f"with {test.op}"
        bad = [v for v in items if str(v) not in allowed or isinstance(v, bool)]
        return f"against '{bad[0]}', which is not one of its values" if bad else None
    if kind in (FieldType.NUMBER, FieldType.MONEY):
        if any(isinstance(v, bool | dt.date | str) for v in items) or test.op in (Op.BEFORE, Op.AFTER):
            return f"with {test.op} {_shown(test.value)}"
        return None
    if kind is FieldType.DATE:
        if test.op in (Op.EQUALS, Op.IN, Op.NOT_IN, Op.MIN, Op.MAX, Op.BEFORE, Op.AFTER) and not all(
                isinstance(v, dt.date) for v in items):
            return f"with {test.op} {_shown(test.value)}"
        return None
    if any(isinstance(v, bool) for v in items):
        return f"with {test.op} {_shown(test.value)}"
    return None


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return type_name(value)


def _fits(kind: FieldType) -> str:
    return {
        FieldType.YES_NO: "true or false", FieldType.CHOICE: "one of its values", FieldType.LIST: "one of its values",
        FieldType.NUMBER: "a number", FieldType.MONEY: "an amount", FieldType.DATE: "a date as YYYY-MM-DD",
        FieldType.TEXT: "a text",
    }[kind]
