"""Read a round folder: round.yaml, submissions and scores, reporting every problem at once."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from initiatief import conditions
from initiatief.errors import InputError, Problem, Problems
from initiatief.fields import Fields, suggest, to_decimal, type_name
from initiatief.methods import METHODS
from initiatief.models import (
    AllocationRules,
    Applicant,
    AssessmentRules,
    Criterion,
    Decision,
    District,
    DistrictKey,
    Grants,
    Location,
    Pot,
    Prize,
    Round,
    Rule,
    Scoresheet,
    Submission,
    Test,
)
from initiatief.texts import LANGUAGES
from initiatief.yamlfile import YList, YMap, decode_text, read_bytes, read_yaml

ROUND_FILE = "round.yaml"
SUBMISSIONS_DIR = "submissions"
SUBMISSIONS_FILE = "submissions.yaml"
SCORES_DIR = "scores"
DECISIONS_FILE = "decisions.yaml"
DECISION_KINDS = ("exclude", "withdrawn", "cap")
COMBINE = ("mean", "median")
TIE_KEYS = ("requested", "cost", "received", "lottery")
APPLICANT_KINDS = ("organisation", "person")
_YAML_SUFFIXES = (".yaml", ".yml")
_TRUE_WORDS = {"yes", "ja", "true", "x", "1", "conflict", "y", "j"}
_FALSE_WORDS = {"no", "nee", "false", "0", "n"}

_ROUND_KEYS = (
    "language", "currency", "stages", "pots", "grants", "eligibility",
    "assessment", "allocation", "prizes", "description", "district_key", "register",
)
LEFTOVER = ("unspent", "general", "next")
_RESERVED_STAGES = ("eligible", "passed", "awarded", "prize_winners")
SCORES_BROKEN = "*scores"
"""In the ids of what failed to load: a score file failed (its problems are reported already)."""
ALL_BROKEN = "*"
"""In the ids of submissions that failed to load: the whole submissions file failed."""


@dataclass
class _Definition:
    """round.yaml as parsed so far; `None` marks a part that had problems."""

    name: str | None = None
    year: int | None = None
    language: str = "nl"
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
    department: str = ""
    complete: bool = False
    broken: set[str] = field(default_factory=set)
    """Lists (pots, criteria, …) of which some item had a problem: checks that need all of them skip."""


Progress = Callable[[str, int, int], None]
"""Called as progress(step, done, total) while a round loads; the CLI shows it as a bar."""


def load_round(folder: str | Path, progress: Progress | None = None) -> Round:
    """Return the round in `folder`, or raise InputError listing every problem found."""
    root = Path(folder)
    shown = str(folder).rstrip("/") or "."
    problems = Problems()
    if not root.is_dir():
        raise InputError([Problem(shown, None, "is not a folder", "a round folder holding round.yaml")])
    definition = _read_definition(root, shown, problems)
    broken_ids: set[str] = set()
    submissions = _read_submissions(root, shown, definition, problems, broken_ids, progress)
    sheets = _read_scoresheets(root, shown, definition, problems, progress, broken_ids)
    decisions = _read_decisions(root, shown, problems)
    if definition.complete:
        # Cross-file checks run on what did load, so one bad file does not hide the rest.
        round_ = _assemble(definition, submissions, sheets, shown, decisions)
        _check_round(round_, problems, broken_ids)
        problems.raise_if_any()
        return round_
    problems.raise_if_any()
    raise AssertionError("an incomplete definition always records a problem")  # pragma: no cover


def _assemble(
    d: _Definition, submissions: list[Submission], sheets: list[Scoresheet], shown: str,
    decisions: list[Decision],
) -> Round:
    assert d.name is not None and d.year is not None and d.ceiling is not None
    assert d.stages and d.pots is not None and d.grants and d.rules is not None
    assert d.criteria is not None and d.assessment and d.allocation and d.prizes is not None
    return Round(
        name=d.name, year=d.year, language=d.language, currency=d.currency,
        stages=d.stages, ceiling=d.ceiling, pots=d.pots, grants=d.grants, rules=d.rules,
        criteria=d.criteria, assessment=d.assessment, allocation=d.allocation, prizes=d.prizes,
        submissions=tuple(sorted(submissions, key=lambda s: s.id)),
        scoresheets=tuple(sorted(sheets, key=lambda s: s.assessor)),
        folder=shown,
        decisions=tuple(decisions),
        district_key=d.district_key,
        policy_area=d.policy_area,
        department=d.department,
    )


# --- round.yaml ----------------------------------------------------------------------


def _read_definition(root: Path, shown: str, problems: Problems) -> _Definition:
    d = _Definition()
    display = f"{shown}/{ROUND_FILE}"
    path = root / ROUND_FILE
    if not path.is_file():
        problems.add(display, None, "the round folder has no round.yaml", "a round definition")
        d.broken.update(("pots", "criteria", "eligibility", "prizes"))
        return d
    f = Fields(problems, display)
    data = read_yaml(path, display, problems)
    m = f.mapping(data, 1, "round.yaml") if data is not None else None
    if m is None:
        d.broken.update(("pots", "criteria", "eligibility", "prizes"))
        return d
    before = len(problems.items)
    f.keys(m, "round.yaml", ("name", "year", "ceiling", "criteria"), _ROUND_KEYS)
    d.name = f.text(m, "name", "round", required=True)
    d.year = f.integer(m, "year", "round", 1900, 2200) if "year" in m else None
    d.language = f.choice(m, "language", "round", list(LANGUAGES), "nl")
    d.currency = f.choice(m, "currency", "round", ["EUR"], "EUR")
    d.stages = _stages(m, f)
    d.ceiling = f.money(m["ceiling"], m.line_of("ceiling"), "ceiling") if "ceiling" in m else None
    d.pots = _list(m, "pots", f, _pot, d.broken)
    d.grants = _grants(m, f)
    d.rules = _list(m, "eligibility", f, _rule, d.broken)
    d.criteria = _list(m, "criteria", f, _criterion, d.broken)
    if "criteria" not in m:
        d.broken.add("criteria")
    d.assessment = _assessment(m, f)
    d.allocation = _allocation(m, f)
    d.prizes = _list(m, "prizes", f, _prize, d.broken)
    d.district_key = _district_key(m, f)
    if "register" in m:
        r = f.mapping(m["register"], m.line_of("register"), "register")
        if r is not None:
            f.keys(r, "register", (), ("policy_area", "department"))
            d.policy_area = f.text(r, "policy_area", "register", "") or ""
            d.department = f.text(r, "department", "register", "") or ""
    if d.district_key is not None and d.pots is not None:
        generated = _key_pots(d.district_key)
        for pot in generated:
            if any(p.id == pot.id for p in d.pots):
                f.add(m.line_of("pots"), f"the pot id '{pot.id}' is also made by district_key",
                      "another id: district_key makes a pot 'district-<id>' per district")
        if d.district_key.leftover == "general" and not any(p.share is None and not p.for_prizes for p in d.pots):
            f.add(m.line_of("district_key"), "district_key leftover is 'general' but there is no general pot",
                  "a pot without 'share' and 'for: prizes' to receive the leftovers")
        d.pots = (*generated, *d.pots)
    if "criteria" in m and not d.criteria and "criteria" not in d.broken:
        f.add(m.line_of("criteria"), "the round has no criteria", "at least one criterion")
    if d.pots is not None and d.ceiling is not None and not d.pots and "pots" not in d.broken:
        d.pots = (Pot("budget", "budget", d.ceiling),)
    _check_definition(d, m, f)
    d.complete = len(problems.items) == before
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
    ok = f.keys(m, "pot", ("id", "amount"), ("label", "when", "share", "for"))
    pot_id = f.identifier(m, "id", "pot", required=True)
    amount = f.money(m["amount"], m.line_of("amount"), "pot amount", positive=False) if "amount" in m else None
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
    label = f.text(m, "label", "pot", pot_id) or pot_id
    return Pot(pot_id, label, amount, when, share, purpose == "prizes")


def _district_key(m: YMap, f: Fields) -> DistrictKey | None:
    """Read the verdeelsleutel: a rate per inhabitant, weighted per district."""
    if "district_key" not in m:
        return None
    k = f.mapping(m["district_key"], m.line_of("district_key"), "district_key")
    if k is None:
        return None
    ok = f.keys(k, "district_key", ("rate", "districts"), ("leftover",))
    rate = f.money(k["rate"], k.line_of("rate"), "district_key rate") if "rate" in k else None
    leftover = f.choice(k, "leftover", "district_key", list(LEFTOVER), "unspent")
    items = f.sequence(k["districts"], k.line_of("districts"), "district_key districts") if "districts" in k else None
    districts: list[District] = []
    for value, line in zip(items or [], (items.item_lines if items else []), strict=True):
        d = f.mapping(value, line, "a district")
        if d is None:
            ok = False
            continue
        ok = f.keys(d, "district", ("id", "inhabitants"), ("weight",)) and ok
        district_id = f.identifier(d, "id", "district", required=True)
        inhabitants = f.integer(d, "inhabitants", "district", 0, 100_000_000) if "inhabitants" in d else None
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


def _key_pots(key: DistrictKey) -> list[Pot]:
    """Return a pot per district: rate × weight × inhabitants, paying all of each award in its district."""
    return [
        Pot(
            id=f"district-{d.id}", label=d.id,
            amount=(key.rate * d.weight * d.inhabitants).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            when=Test("district", "equals", d.id), share=Decimal(1), from_key=True,
        )
        for d in key.districts
    ]


def _grants(m: YMap, f: Fields) -> Grants | None:
    if "grants" not in m:
        return Grants()
    g = f.mapping(m["grants"], m.line_of("grants"), "grants")
    if g is None:
        return None
    f.keys(g, "grants", (), ("min", "max", "max_share", "partial", "above_limit"))
    minimum = f.money(g["min"], g.line_of("min"), "grants min") if "min" in g else None
    maximum = f.money(g["max"], g.line_of("max"), "grants max") if "max" in g else None
    share = f.percent(g["max_share"], g.line_of("max_share"), "grants max_share") if "max_share" in g else None
    partial = f.boolean(g, "partial", "grants", False)
    above = f.choice(g, "above_limit", "grants", ["cap", "ineligible"], "cap")
    if minimum is not None and maximum is not None and minimum > maximum:
        f.add(g.line_of("min"), f"grants min {minimum} is more than max {maximum}", "min ≤ max")
    return Grants(minimum, maximum, share, partial, above)


def _rule(m: YMap, f: Fields) -> Rule | None:
    ok = f.keys(m, "eligibility rule", ("id", "when", "reason"), ())
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
    ok = f.keys(m, "criterion", ("id", "weight", "scale"), ("label", "minimum"))
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
    if not f.keys(a, "assessment", (), ("combine", "pass")):
        return None
    combine = f.choice(a, "combine", "assessment", list(COMBINE), "mean")
    mark = f.percent(a["pass"], a.line_of("pass"), "assessment pass") if "pass" in a else Decimal(0)
    return AssessmentRules(combine, mark) if mark is not None else None


def _allocation(m: YMap, f: Fields) -> AllocationRules | None:
    if "allocation" not in m:
        return AllocationRules()
    a = f.mapping(m["allocation"], m.line_of("allocation"), "allocation")
    if a is None:
        return None
    if not f.keys(a, "allocation", (), ("method", "skip", "ties", "seed")):
        return None
    method = f.choice(a, "method", "allocation", list(METHODS), "ranking")
    skip = f.boolean(a, "skip", "allocation", True)
    ties: tuple[str, ...] = ("lottery",)
    if "ties" in a:
        items = f.sequence(a["ties"], a.line_of("ties"), "allocation ties")
        if items is None:
            return None
        ties = tuple(str(v) for v in items)
    seed = f.text(a, "seed", "allocation", "0") or "0"
    return AllocationRules(method, skip, ties, seed)


def _prize(m: YMap, f: Fields) -> Prize | None:
    ok = f.keys(m, "prize", ("label", "count", "amount", "pot"), ())
    label = f.text(m, "label", "prize", required=True)
    count = f.integer(m, "count", "prize", 1, 1000) if "count" in m else None
    amount = f.money(m["amount"], m.line_of("amount"), "prize amount") if "amount" in m else None
    pot = f.identifier(m, "pot", "prize", required=True)
    if not ok or label is None or count is None or amount is None or pot is None:
        return None
    return Prize(label, count, amount, pot)


def _check_definition(d: _Definition, m: YMap, f: Fields) -> None:
    """Cross-checks inside round.yaml: unique ids, references, and sums (on the parts that parsed)."""
    assert d.pots is not None and d.criteria is not None and d.rules is not None and d.prizes is not None
    for key in ("pots", "criteria", "eligibility"):
        first: dict[str, int] = {}
        for item, item_line in _items(m, key):
            item_id = item.get("id")
            if not isinstance(item_id, str | int):
                continue
            line = item.line_of("id") if isinstance(item, YMap) else item_line
            if str(item_id) in first:
                f.add(line, f"the id '{item_id}' is used twice in {key} (first at line {first[str(item_id)]})",
                      "unique ids")
                d.broken.add(key)
            first.setdefault(str(item_id), line)
    total = sum((p.amount for p in d.pots), Decimal(0))
    if d.ceiling is not None and total > d.ceiling:
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


def _check_ties(d: _Definition, m: YMap, f: Fields) -> None:
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


# --- submissions ---------------------------------------------------------------------

_SUBMISSION_KEYS = ("stage", "district", "received", "cost", "requested", "summary", "facts")


def _read_submissions(
    root: Path, shown: str, d: _Definition, problems: Problems, broken_ids: set[str],
    progress: Progress | None = None,
) -> list[Submission]:
    found: list[Submission] = []
    first_seen: dict[str, Location] = {}
    sources: list[tuple[str, Any, str | None]] = []
    single = root / SUBMISSIONS_FILE
    if single.is_file():
        display = f"{shown}/{SUBMISSIONS_FILE}"
        data = read_yaml(single, display, problems)
        if data is None:
            broken_ids.add(ALL_BROKEN)
        else:
            items = Fields(problems, display).sequence(data, 1, SUBMISSIONS_FILE)
            for value in items or []:
                sources.append((display, value, None))
    folder = root / SUBMISSIONS_DIR
    if folder.is_dir():
        paths = _files(folder, f"{shown}/{SUBMISSIONS_DIR}", _YAML_SUFFIXES, problems)
        for done, path in enumerate(paths, start=1):
            if progress is not None:
                progress("submissions", done, len(paths))
            display = f"{shown}/{SUBMISSIONS_DIR}/{path.name}"
            data = read_yaml(path, display, problems)
            if data is None:
                broken_ids.add(path.stem)
            else:
                sources.append((display, data, path.stem))
    if not single.is_file() and not folder.is_dir():
        problems.add(shown, None, "the round has no submissions", f"{SUBMISSIONS_DIR}/ or {SUBMISSIONS_FILE}")
        broken_ids.add(ALL_BROKEN)
    for display, value, stem in sources:
        f = Fields(problems, display)
        m = f.mapping(value, 1, "a submission")
        submission = _submission(m, f, d, stem) if m is not None else None
        if submission is None:
            broken_id = m.get("id", stem) if m is not None else stem
            if broken_id is not None:
                broken_ids.add(str(broken_id))
            continue
        earlier = first_seen.get(submission.id)
        if earlier is not None:
            f.add(submission.location.line, f"submission id '{submission.id}' is used twice (first at {earlier})",
                  "a unique id per submission")
            continue
        first_seen[submission.id] = submission.location
        found.append(submission)
    return found


def _files(folder: Path, shown: str, suffixes: tuple[str, ...], problems: Problems) -> list[Path]:
    """Return the data files in `folder` in a fixed order; other files are a problem."""
    paths = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.name.lower().startswith("readme"):
            continue
        if path.is_file() and path.suffix.lower() in suffixes:
            paths.append(path)
        else:
            hint = "export the sheet as CSV" if path.suffix.lower() in (".xlsx", ".xls", ".ods") else None
            problems.add(f"{shown}/{path.name}", None, "is not a data file here",
                         "files ending in " + " or ".join(suffixes), hint)
    return paths


def _submission(m: YMap, f: Fields, d: _Definition, stem: str | None) -> Submission | None:
    required = ("title", "applicant") if stem is not None else ("id", "title", "applicant")
    ok = f.keys(m, "submission", required, ("id", *_SUBMISSION_KEYS) if stem else _SUBMISSION_KEYS)
    sub_id = f.identifier(m, "id", "submission", stem, required=stem is None)
    title = f.text(m, "title", "submission", required=True)
    applicant = _applicant(m, f) if "applicant" in m else None
    stage = _stage(m, f, d)
    district = f.text(m, "district", "submission")
    received = f.date(m["received"], m.line_of("received"), "received") if m.get("received") is not None else None
    cost = f.money(m["cost"], m.line_of("cost"), "cost") if m.get("cost") is not None else None
    requested = (
        f.money(m["requested"], m.line_of("requested"), "requested")
        if m.get("requested") is not None else None
    )
    summary = f.text(m, "summary", "submission")
    facts = f.mapping(m["facts"], m.line_of("facts"), "facts") if m.get("facts") is not None else YMap()
    if facts is not None:
        for key, value in facts.items():
            if isinstance(value, dict | list):
                f.add(facts.line_of(key), f"fact '{key}' is {type_name(value)}", "a single value")
                facts = None
                break
    if d.stages and stage == d.stages[-1] and m.get("requested") is None:
        f.add(m.line, f"plan '{sub_id}' has no 'requested' amount", "requested: the amount applied for")
        ok = False
    if cost is not None and requested is not None and requested > cost:
        f.add(m.line_of("requested"), f"requested {requested} is more than the cost {cost}",
              "a request no larger than the plan's total cost")
        ok = False
    bad = (
        not ok or sub_id is None or title is None or applicant is None or stage is None
        or facts is None or any(k in m and m[k] is not None and v is None for k, v in (
            ("received", received), ("cost", cost), ("requested", requested), ("district", district),
        ))
    )
    if bad:
        return None
    assert sub_id is not None and title is not None and applicant is not None and stage is not None
    assert facts is not None
    return Submission(
        id=sub_id, title=title, applicant=applicant, stage=stage, location=Location(f.file, m.line),
        district=district, received=received, cost=cost, requested=requested, summary=summary,
        facts=dict(facts),
    )


def _stage(m: YMap, f: Fields, d: _Definition) -> str | None:
    stages = d.stages
    if "stage" not in m:
        if stages is not None and len(stages) > 1:
            f.add(m.line, "submission has no 'stage'", "one of " + ", ".join(stages))
            return None
        return stages[-1] if stages else "plan"
    stage = f.text(m, "stage", "submission")
    if stage is not None and stages is not None and stage not in stages:
        f.add(m.line_of("stage"), f"stage '{stage}' is not one of the round's stages",
              "one of " + ", ".join(stages), suggest(stage, stages))
        return None
    return stage


def _applicant(m: YMap, f: Fields) -> Applicant | None:
    value = m["applicant"]
    if isinstance(value, str):
        name = f.text(m, "applicant", "submission", required=True)
        return Applicant(name) if name else None
    a = f.mapping(value, m.line_of("applicant"), "applicant")
    if a is None:
        return None
    ok = f.keys(a, "applicant", ("name",), ("kind", "contact"))
    name = f.text(a, "name", "applicant", required=True)
    kind = f.choice(a, "kind", "applicant", list(APPLICANT_KINDS), "organisation")
    contact = f.text(a, "contact", "applicant")
    if not ok or name is None:
        return None
    return Applicant(name, kind, contact)


# --- scores --------------------------------------------------------------------------


def _read_scoresheets(
    root: Path, shown: str, d: _Definition, problems: Problems, progress: Progress | None = None,
    broken_ids: set[str] | None = None,
) -> list[Scoresheet]:
    folder = root / SCORES_DIR
    if not folder.is_dir():
        return []
    sheets: list[Scoresheet] = []
    seen: dict[str, str] = {}
    paths = _files(folder, f"{shown}/{SCORES_DIR}", (*_YAML_SUFFIXES, ".csv"), problems)
    for done, path in enumerate(paths, start=1):
        if progress is not None:
            progress("scores", done, len(paths))
        display = f"{shown}/{SCORES_DIR}/{path.name}"
        reader = _csv_sheet if path.suffix.lower() == ".csv" else _yaml_sheet
        sheet = reader(path, display, d, problems)
        if sheet is None:
            if broken_ids is not None:
                broken_ids.add(SCORES_BROKEN)
            continue
        if sheet.assessor in seen:
            problems.add(display, None, f"assessor '{sheet.assessor}' also has {seen[sheet.assessor]}",
                         "one score file per assessor")
            continue
        seen[sheet.assessor] = display
        sheets.append(sheet)
    return sheets


def _criterion_ids(d: _Definition) -> list[str]:
    return [c.id for c in d.criteria or ()]


def _yaml_sheet(path: Path, display: str, d: _Definition, problems: Problems) -> Scoresheet | None:
    f = Fields(problems, display)
    data = read_yaml(path, display, problems)
    m = f.mapping(data, 1, "a score file") if data is not None else None
    if m is None:
        return None
    ok = f.keys(m, "score file", ("scores",), ("assessor", "name", "conflicts"))
    assessor = f.identifier(m, "assessor", "assessor", path.stem)
    name = f.text(m, "name", "assessor", assessor)
    conflicts: set[str] = set()
    lines: dict[str, int] = {}
    if m.get("conflicts") is not None:
        items = f.sequence(m["conflicts"], m.line_of("conflicts"), "conflicts")
        for value, item_line in zip(items or [], items.item_lines if items else [], strict=True):
            conflicts.add(str(value))
            lines[str(value)] = item_line
    table = f.mapping(m.get("scores"), m.line_of("scores"), "scores") if "scores" in m else None
    scores: dict[str, dict[str, Decimal]] = {}
    for sub_id, row in (table or {}).items():
        line = table.line_of(sub_id) if table is not None else None
        if line is not None:
            lines[sub_id] = line
        r = f.mapping(row, line, f"the scores for '{sub_id}'")
        if r is None:
            ok = False
            continue
        scores[sub_id] = {}
        for crit, value in r.items():
            score = _score(value, r.line_of(crit), f, d, sub_id, crit)
            if score is None:
                ok = False
            else:
                scores[sub_id][crit] = score
    if not ok or assessor is None or table is None:
        return None
    return Scoresheet(assessor, name or assessor, Location(display, 1), scores, frozenset(conflicts), lines)


def _score(value: Any, line: int | None, f: Fields, d: _Definition, sub_id: str, crit: str) -> Decimal | None:
    criteria = {c.id: c for c in d.criteria or ()}
    if crit not in criteria and "criteria" not in d.broken:
        f.add(line, f"score for unknown criterion '{crit}' (submission '{sub_id}')",
              "one of " + ", ".join(criteria), suggest(crit, criteria))
        return None
    score = f.number(value, line, f"the score of '{sub_id}' on '{crit}'")
    if score is None:
        return None
    criterion = criteria.get(crit)
    if criterion is not None and not criterion.low <= score <= criterion.high:
        f.add(line, f"the score of '{sub_id}' on '{crit}' is {value}, outside the scale",
              f"a score from {criterion.low} to {criterion.high}")
        return None
    return score


def _csv_sheet(path: Path, display: str, d: _Definition, problems: Problems) -> Scoresheet | None:
    """Read one assessor's scores as a spreadsheet exports them: a row per submission."""
    data = read_bytes(path, display, problems)
    text = decode_text(data, display, problems) if data is not None else None
    if text is None:
        return None
    f = Fields(problems, display)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(rows)]
    except StopIteration:
        f.add(None, "the file is empty", "a header row: submission, then one column per criterion")
        return None
    criteria = _criterion_ids(d)
    allowed = ["submission", "conflict", "comment", *criteria]
    ok = True
    if not header or header[0].lower() not in ("submission", "id"):
        f.add(1, f"the first column is '{header[0] if header else ''}'", "a first column named 'submission'")
        return None
    columns: list[str] = ["submission"]
    for name in header[1:]:
        if name in columns:
            f.add(1, f"the column '{name}' appears twice", "each column once")
            ok = False
        if name not in allowed and "criteria" not in d.broken:
            f.add(1, f"unknown column '{name}'", "submission, conflict, comment or a criterion: "
                  + ", ".join(criteria), suggest(name, allowed))
            ok = False
        columns.append(name)
    scores: dict[str, dict[str, Decimal]] = {}
    conflicts: set[str] = set()
    lines: dict[str, int] = {}
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                f.add(line, f"the row has {len(row)} cells", f"{len(columns)} cells, as in the header")
                ok = False
                continue
            cells = dict(zip(columns, (c.strip() for c in row), strict=True))
            sub_id = cells["submission"]
            lines.setdefault(sub_id, line)
            conflict = cells.get("conflict", "").lower()
            if conflict in _TRUE_WORDS:
                conflicts.add(sub_id)
                continue
            if conflict and conflict not in _FALSE_WORDS:
                f.add(line, f"the conflict cell is '{cells['conflict']}'", "empty, or yes/ja/x for a conflict")
                ok = False
                continue
            if sub_id in scores:
                f.add(line, f"submission '{sub_id}' has a second row", "one row per submission")
                ok = False
                continue
            scores[sub_id] = {}
            for crit in criteria:
                cell = cells.get(crit, "")
                if not cell:
                    continue
                value = cell.replace(",", ".") if delimiter == ";" else cell
                score = _score(value if to_decimal(value) is not None else cell, line, f, d, sub_id, crit)
                if score is None:
                    ok = False
                else:
                    scores[sub_id][crit] = score
    except csv.Error as exc:
        f.add(rows.line_num, f"CSV error: {exc}", "a valid CSV file")
        return None
    if not ok:
        return None
    assessor = f.check_identifier(path.stem, None, "assessor (the file name)")
    if assessor is None:
        return None
    return Scoresheet(assessor, assessor, Location(display, 1), scores, frozenset(conflicts), lines)


# --- decisions ------------------------------------------------------------------------


def _read_decisions(root: Path, shown: str, problems: Problems) -> list[Decision]:
    """Read the committee's recorded decisions: each names a submission, a kind, a reason and a date."""
    path = root / DECISIONS_FILE
    if not path.is_file():
        return []
    display = f"{shown}/{DECISIONS_FILE}"
    f = Fields(problems, display)
    data = read_yaml(path, display, problems)
    if data is None:
        return []
    items = f.sequence(data, 1, DECISIONS_FILE)
    found: list[Decision] = []
    for value, line in zip(items or [], (items.item_lines if items else []), strict=True):
        m = f.mapping(value, line, "a decision")
        if m is None:
            continue
        ok = f.keys(m, "decision", ("submission", "decision", "reason", "date"), ("amount",))
        sub_id = f.text(m, "submission", "decision", required=True)
        kind = f.choice(m, "decision", "decision", list(DECISION_KINDS), "exclude") if "decision" in m else None
        reason = f.text(m, "reason", "decision", required=True)
        date = f.date(m["date"], m.line_of("date"), "decision date") if "date" in m else None
        amount = f.money(m["amount"], m.line_of("amount"), "decision amount") if "amount" in m else None
        if kind == "cap" and "amount" not in m:
            f.add(m.line, "a 'cap' decision has no amount", "amount: the most the plan may receive")
            ok = False
        if kind in ("exclude", "withdrawn") and "amount" in m:
            f.add(m.line_of("amount"), f"a '{kind}' decision has an amount", "an amount only with decision: cap")
            ok = False
        if not ok or sub_id is None or kind is None or reason is None or date is None:
            continue
        if kind == "cap" and amount is None:
            continue
        found.append(Decision(sub_id, kind, reason, date, Location(display, m.line), amount))
    return found


# --- cross-checks on the assembled round -----------------------------------------------


def _check_round(round_: Round, problems: Problems, broken_ids: set[str]) -> None:
    """Checks that need both the definition and the submissions and scores."""
    from initiatief import eligibility

    by_id = {s.id: s for s in round_.submissions}
    share_pots = [p for p in round_.pots if p.share is not None]
    for submission in round_.submissions:
        shares = [p for p in share_pots if p.when is None or conditions.holds(p.when, submission)]
        total = sum((p.share for p in shares if p.share is not None), Decimal(0))
        if total > 1:
            problems.add(
                submission.location.file, submission.location.line,
                f"the shares of the pots {', '.join(p.id for p in shares)} add up to more than 100% "
                f"for submission '{submission.id}'", "shares that add up to at most 100%",
            )
    _check_decisions(round_, by_id, problems)
    criteria = [c.id for c in round_.criteria]
    last = round_.assessed_stage
    assessed = {
        s.id for s in round_.submissions
        if s.stage == last and all(c.held for c in eligibility.check(round_, s))
        and round_.decision(s.id, "exclude") is None and round_.decision(s.id, "withdrawn") is None
    }
    if round_.allocation.method == "arrival":
        for s in round_.submissions:
            if s.id in assessed and s.received is None:
                problems.add(s.location.file, s.location.line, f"plan '{s.id}' has no 'received' date",
                             "received: the date the application was complete (the method is arrival)")
    for sheet in round_.scoresheets:
        file = sheet.location.file
        for sub_id in sorted(set(sheet.scores) | sheet.conflicts):
            if sub_id in broken_ids or ALL_BROKEN in broken_ids:
                continue  # that submission's own problems are reported already
            if sub_id not in by_id:
                what = "scores" if sub_id in sheet.scores else "a conflict of interest"
                problems.add(file, sheet.lines.get(sub_id), f"{what} for unknown submission '{sub_id}'",
                             "an id from the submissions", suggest(sub_id, by_id))
            elif by_id[sub_id].stage != last and sub_id in sheet.scores:
                problems.add(file, sheet.lines.get(sub_id),
                             f"scores for '{sub_id}', which is at stage '{by_id[sub_id].stage}'",
                             f"scores only for submissions at stage '{last}'")
        for sub_id in sorted(assessed - sheet.conflicts):
            given = sheet.scores.get(sub_id, {})
            missing = [c for c in criteria if c not in given]
            if missing:
                problems.add(file, sheet.lines.get(sub_id), f"assessor '{sheet.assessor}' gave no score for submission "
                             f"'{sub_id}' on {', '.join(missing)}",
                             "a score on every criterion, or the submission listed under conflicts")
    if assessed and not round_.scoresheets and SCORES_BROKEN not in broken_ids:
        problems.add(f"{round_.folder}/{SCORES_DIR}", None, "no scores for the round's plans",
                     "a score file per assessor")
    for sub_id in sorted(assessed):
        if round_.scoresheets and all(sub_id in s.conflicts for s in round_.scoresheets):
            problems.add(by_id[sub_id].location.file, by_id[sub_id].location.line,
                         f"every assessor declared a conflict of interest for '{sub_id}'",
                         "at least one assessor without a conflict")


def _check_decisions(round_: Round, by_id: dict[str, Submission], problems: Problems) -> None:
    seen: dict[tuple[str, str], Location] = {}
    for decision in round_.decisions:
        where = decision.location
        if decision.submission not in by_id:
            problems.add(where.file, where.line, f"a decision about unknown submission '{decision.submission}'",
                         "an id from the submissions", suggest(decision.submission, by_id))
            continue
        key = (decision.submission, decision.kind)
        if key in seen:
            problems.add(where.file, where.line, f"a second '{decision.kind}' decision about "
                         f"'{decision.submission}' (first at {seen[key]})", "one decision of each kind")
        seen[key] = where
