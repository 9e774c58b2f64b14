"""A pabulib election as the files of a round folder (`initiatief import-pb`): data → text, no file access.

The mapping is docs/votes.md's table "pabulib in and out": META → round.yaml (name, year,
ceiling, pots per category or neighbourhood, the rule as the method, the ballot rules),
PROJECTS → one submission file each, VOTES → votes/ballots.csv. Nothing is guessed: a META
value initiatief cannot express is a problem with its line (and nothing is made), and every
column or key that is not imported is named in `notes`.

Voter ids are personal data: they go into votes/ballots.csv as written (the round folder is
internal data, the file private) and never into a problem or a note.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from initiatief.errors import InputError, Problems
from initiatief.loading.characters import is_bidi_control, refused_character
from initiatief.loading.layout import unusable_file_name
from initiatief.models import Completion, Language, Method
from initiatief.output.markdown import escape
from initiatief.output.submission_yaml import quoted, scalar, submission_yaml
from initiatief.texts.formats import money
from initiatief.texts.pabulib import pb_word
from initiatief.votes import Election, VoteProject

RULES: dict[str, tuple[Method, Completion | None]] = {
    "greedy": (Method.VOTES, None),
    "equalshares": (Method.EQUAL_SHARES, Completion.NONE),
    "equalshares/add1": (Method.EQUAL_SHARES, Completion.ADD1),
    "equalshares-comparison": (Method.EQUAL_SHARES, Completion.COMPARISON),
    "equalshares/add1-comparison": (Method.EQUAL_SHARES, Completion.ADD1_COMPARISON),
}
"""The pabulib rules initiatief runs, each as a method (and, for equal shares, its completion)."""

LEFTOVER_FIT = "Fund additional projects that fit within leftover budget ordered by score"
LEFTOVER_PARTIAL = "Partially fund one additional project with highest score"
APPROVAL_TYPES = ("approval", "choose-1")
"""Approval ballots; `choose-1` is an approval ballot of exactly one project (pabutools reads it so)."""

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_FACT = re.compile(r"^[a-z][a-z0-9_]*\Z")
_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?\Z")
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_DAY_FIRST = re.compile(r"^\s*([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})\s*\Z")
_ISO_DATE = re.compile(r"^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*\Z")
"""META date_begin and date_end as pabulib writes them (01.05.2024), or as YYYY-MM-DD; a year alone is read too."""
_MAX_SLUG = 60
_MAX_ID = 200
"""The longest project id kept as it is: longer, its file name would not fit a file system's 255 bytes."""

_USED_META = frozenset({
    "description", "unit", "subunit", "instance", "date_begin", "date_end", "budget", "vote_type", "rule",
    "num_projects", "num_votes", "min_length", "max_length", "max_sum_cost", "min_project_cost",
    "leftover_budget", "categories", "budget_per_category", "neighborhoods", "neighbourhoods",
    "budget_per_neighborhood", "budget_per_neighbourhood", "max_sum_cost_per_category",
    "min_length_per_category", "max_length_per_category", "language", "currency", "seed",
})
"""META keys the round takes over; every other key is named as not imported."""
_PROJECT_COLUMNS = ("project_id", "cost", "name", "category", "categories", "target", "targets",
                    "neighborhood", "neighbourhood", "description")
_BALLOT_COLUMNS = ("voter_id", "vote", "weight", "voting_method", "neighborhood", "neighbourhood")
BALLOTS_FILE = "votes/ballots.csv"
_LANGUAGE_NAMES = {Language.NL: "dutch", Language.EN: "english"}


@dataclass(frozen=True)
class ImportChoices:
    """What the command line adds to the file: the language, and the year and rule where the file lacks them."""

    language: Language = Language.NL
    year: int | None = None
    rule: str | None = None
    """A pabulib rule (a key of RULES) used instead of META's `rule`."""


@dataclass(frozen=True)
class RoundFiles:
    """The files of the round folder (path → text), which are private, and what the import says about itself."""

    files: dict[str, str]
    private: tuple[str, ...]
    """Files holding personal data (the ballots): written readable by their owner only."""
    notes: tuple[str, ...]
    """What was not imported or was changed (ids made valid), for stderr; never a voter id."""
    readme: str
    name: str
    method: Method
    projects: int
    ballots: int
    pots: int


def round_files(election: Election, source: str, stem: str, choices: ImportChoices) -> RoundFiles:
    """Return the round folder's files for a pabulib election; raise InputError with every problem (and its line)."""
    return _Mapping(election, source, stem, choices).build()


def slug(text: str, fallback: str) -> str:
    """Return an id made from a text: lower case ASCII letters and digits joined by '-' (`Café Één` → `cafe-een`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return words[:_MAX_SLUG].rstrip("-") or fallback


def _unique(base: str, taken: set[str], *, file: bool = False) -> str:
    """Return `base`, or `base-2`, `base-3`, … : the first not in `taken` (compared without case), and take it;
    with `file`, also the first that can name a file everywhere (`nul` → `nul-2`)."""
    candidate, n = base, 1
    while candidate.casefold() in taken or (file and unusable_file_name(candidate) is not None):
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate.casefold())
    return candidate


def _control(text: str) -> str | None:
    """Return the first control character or bidi control the round's YAML would refuse (tab and line break
    are text)."""
    return next((c for c in text if (unicodedata.category(c) == "Cc" and c not in "\t\n") or is_bidi_control(c)),
                None)


def _year_in(text: str | None) -> int | None:
    found = _YEAR.findall(text or "")
    if len(found) != 1:
        return None
    year = int(found[0])
    return year if 1900 <= year <= 2200 else None


def decimal_of(value: Fraction) -> Decimal | None:
    """Return a fraction as an exact Decimal, or None if it has no finite decimal expansion (1/3)."""
    denominator = value.denominator
    for p in (2, 5):
        while denominator % p == 0:
            denominator //= p
    if denominator != 1:
        return None
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    return Decimal(int(value * 10**places)).scaleb(-places)


class _Mapping:
    def __init__(self, election: Election, source: str, stem: str, choices: ImportChoices) -> None:
        self.e = election
        self.meta = election.meta
        self.source = source
        self.stem = stem
        self.choices = choices
        self.lang = choices.language
        self.problems = Problems()
        self.notes: list[str] = []
        self.ids: dict[str, str] = {}
        """pabulib project id → submission id."""
        self.categories: dict[str, str] = {}
        """category as written → its id (the value of facts.category)."""
        self.districts: dict[str, str] = {}
        """neighbourhood as written → district id."""

    def add(self, line: int | None, problem: str, expected: str | None = None, hint: str | None = None) -> None:
        self.problems.add(self.source, line, problem, expected, hint)

    def text(self, value: str, line: int | None, what: str) -> str:
        bad = _control(value)
        if bad is not None:
            self.add(line, *refused_character(bad, what))
        return value

    # --- the whole --------------------------------------------------------------------

    def build(self) -> RoundFiles:
        self._vote_type()
        method, completion = self._rule()
        name = self._name()
        year = self._year()
        self._ids()
        self._category_ids()
        self._district_ids()
        submissions = {self.ids[p.id]: self._submission(p) for p in self.e.projects}
        facts = self._facts()
        ballots = self._ballots()
        round_yaml, pots = self._round_yaml(name, year, method, completion, facts)
        self._meta_notes()
        self._project_notes()
        if self.problems.count:
            raise InputError(self.problems.all())
        readme = self._readme(name, method, pots)
        files = {"round.yaml": round_yaml, "README.md": readme, BALLOTS_FILE: ballots}
        files.update({f"submissions/{sub_id}.yaml": text for sub_id, text in submissions.items()})
        return RoundFiles(files, (BALLOTS_FILE,), tuple(self.notes), readme, name, method,
                          len(self.e.projects), len(self.e.ballots), pots)

    # --- META -------------------------------------------------------------------------

    def _vote_type(self) -> None:
        if self.meta.vote_type not in APPROVAL_TYPES:
            self.add(self.meta.line("vote_type"), f"vote_type is '{self.meta.vote_type}'",
                     "approval (or choose-1): initiatief counts approval ballots only",
                     "ordinal, cumulative and scoring ballots cannot be imported")

    def _rule(self) -> tuple[Method, Completion | None]:
        rule = self.choices.rule if self.choices.rule is not None else self.meta.rule
        if rule in RULES:
            return RULES[rule]
        known = ", ".join(RULES)
        if rule is None:
            self.add(self.meta.line("budget"), "META has no rule", f"a line rule;RULE, one of {known}",
                     "or choose the rule with --method")
        elif self.choices.rule is not None:
            self.add(None, f"--method '{rule}' is not a rule initiatief runs", f"one of {known}")
        else:
            self.add(self.meta.line("rule"), f"the rule '{rule}' is not one initiatief runs", f"one of {known}",
                     "choose one with --method")
        return Method.VOTES, None

    def _name(self) -> str:
        m = self.meta
        name = m.description or " ".join(p for p in (m.unit, m.subunit, m.instance) if p) or self.stem
        line = m.line("description") if m.description else m.line("unit")
        if _control(name) is not None or "\n" in name or "\t" in name:
            self.add(line, "the round's name holds a character that is not printable (a line break, a control "
                     "character)", "a name on one line")
        return name

    def _dates(self) -> None:
        """A date_begin or date_end with a day and a month must be a day of the calendar, and the end not before the
        begin: the round's year is read from them, and not from a date no one can tell the meaning of."""
        fields = dict(self.meta.fields)
        days: dict[str, dt.date] = {}
        for key in ("date_begin", "date_end"):
            text = fields.get(key) or ""
            day_first, iso = _DAY_FIRST.match(text), _ISO_DATE.match(text)
            if day_first is not None:
                day, month, year = day_first.groups()
            elif iso is not None:
                year, month, day = iso.groups()
            else:
                continue
            try:
                days[key] = dt.date(int(year), int(month), int(day))
            except ValueError as e:
                self.add(self.meta.line(key), f"META {key} '{text.strip()}' is not a date ({e})",
                         "a date as DD.MM.YYYY, such as 01.05.2024")
        if len(days) == 2 and days["date_end"] < days["date_begin"]:
            self.add(self.meta.line("date_end"), f"META date_end '{fields['date_end'].strip()}' is before date_begin "
                     f"'{fields['date_begin'].strip()}'", "the day the vote ended, on or after the day it began",
                     "a date as DD.MM.YYYY: day, month, year")

    def _year(self) -> int:
        self._dates()
        if self.choices.year is not None:
            return self.choices.year
        for key in ("date_begin", "date_end", "instance"):
            year = _year_in(dict(self.meta.fields).get(key))
            if year is not None:
                return year
        self.add(self.meta.line("date_begin") or self.meta.line("budget"),
                 "no year can be read from META date_begin, date_end or instance", "a year such as 2024",
                 "give the round's year with --year")
        return 0

    # --- ids --------------------------------------------------------------------------

    def _ids(self) -> None:
        taken: set[str] = set()
        for p in self.e.projects:
            fits = len(p.id) <= _MAX_ID  # it names submissions/<id>.yaml, which a file system must take
            usable = unusable_file_name(p.id) is None
            if _ID.match(p.id) and fits and usable and p.id.casefold() not in taken:
                self.ids[p.id] = p.id
                taken.add(p.id.casefold())
                continue
            made = _unique(slug(p.id, "project"), taken, file=True)
            self.ids[p.id] = made
            why = "is not a valid id" if not _ID.match(p.id) else (
                "is too long for a file name" if not fits else
                "cannot name a file on Windows" if not usable else "differs from another only in case")
            self.notes.append(f"{self.source}, line {p.line}: project id {p.id!r} {why}; its submission is "
                              f"'{made}'")

    def _category_ids(self) -> None:
        taken: set[str] = set()
        listed = [n for n, _ in self.meta.category_budgets] or list(_split(dict(self.meta.fields).get("categories")))
        for name in listed:
            self.text(name, self.meta.line("categories"), "a category")
        for p in self.e.projects:
            for name in p.categories:
                self.text(name, p.line, f"the category of project '{p.id}'")
        for name in [*listed, *(c for p in self.e.projects for c in p.categories)]:
            if name not in self.categories:
                self.categories[name] = _unique(slug(name, "category"), taken)

    def _district_ids(self) -> None:
        taken: set[str] = set()
        names = [n for n, _ in self.meta.neighbourhood_budgets]
        names.extend(p.neighbourhood for p in self.e.projects if p.neighbourhood)
        names.extend(v for b in self.e.ballots for k, v in b.extra if k in ("neighborhood", "neighbourhood") and v)
        for name in names:
            if name not in self.districts:
                self.districts[name] = _unique(slug(name, "district"), taken)

    # --- PROJECTS ---------------------------------------------------------------------

    def _submission(self, p: VoteProject) -> str:
        values: dict[str, object] = {
            "title": self.text(p.name, p.line, f"the name of project '{p.id}'") if p.name
            else pb_word(self.lang, "title", id=p.id),
            "applicant.name": pb_word(self.lang, "applicant", file=self.source.rsplit("/", 1)[-1]),
        }
        if p.neighbourhood:
            values["district"] = self.districts[p.neighbourhood]
        values["cost"] = p.cost
        values["requested"] = p.cost
        extra = dict(p.extra)
        if extra.get("description"):
            values["summary"] = self.text(extra["description"], p.line, f"the description of project '{p.id}'")
        if p.categories:
            ids = tuple(self.categories[c] for c in p.categories)
            values["facts.category"] = ids if self._multi_category() else ids[0]
        if p.targets:
            values["facts.targets"] = tuple(self.text(t, p.line, f"a target of project '{p.id}'") for t in p.targets)
        for column, fact in self._extra_facts().items():
            if extra.get(column):
                value = extra[column]
                values[f"facts.{fact}"] = Decimal(value) if self._numeric(column) else \
                    self.text(value, p.line, f"the {column} of project '{p.id}'")
        return submission_yaml(values, None)

    def _multi_category(self) -> bool:
        return any(len(p.categories) > 1 for p in self.e.projects)

    def _extra_columns(self) -> list[str]:
        seen: dict[str, None] = {}
        for p in self.e.projects:
            for column, _ in p.extra:
                if column not in _PROJECT_COLUMNS:
                    seen.setdefault(column)
        return list(seen)

    def _extra_facts(self) -> dict[str, str]:
        """Return each project column kept as a fact, with its fact name."""
        taken = {"category", "targets"}
        facts: dict[str, str] = {}
        for column in self._extra_columns():
            fact = column if _FACT.match(column) else slug(column, "column").replace("-", "_")
            if not _FACT.match(fact):
                fact = "column_" + fact
            while fact in taken:
                fact += "_"
            taken.add(fact)
            facts[column] = fact
        return facts

    def _numeric(self, column: str) -> bool:
        given = [v for p in self.e.projects for c, v in p.extra if c == column and v]
        return bool(given) and all(_NUMBER.match(v) for v in given)

    def _facts(self) -> list[str]:
        """Return the lines of round.yaml's form: the facts the submissions hold."""
        lines: list[str] = []
        if any(p.categories for p in self.e.projects):
            kind = "list" if self._multi_category() else "choice"
            lines += ["  facts.category:", f"    type: {kind}",
                      f"    label: {quoted(pb_word(self.lang, 'category'))}", "    values:"]
            lines += [f"      {quoted(cid)}: {quoted(name)}" for name, cid in self.categories.items()]
        if any(p.targets for p in self.e.projects):
            lines += ["  facts.targets: {type: list, label: \"targets\", separator: \",\"}"]
        for column, fact in self._extra_facts().items():
            kind = "number" if self._numeric(column) else "text"
            lines.append(f"  facts.{fact}: {{type: {kind}, label: {quoted(column)}}}")
            if fact != column:
                self.notes.append(f"{self.source}: the PROJECTS column {column!r} is the fact '{fact}'")
        return lines

    # --- VOTES ------------------------------------------------------------------------

    def _ballots(self) -> str:
        channel = any(k == "voting_method" and v for b in self.e.ballots for k, v in b.extra)
        district = any(k in ("neighborhood", "neighbourhood") and v for b in self.e.ballots for k, v in b.extra)
        weight = any(b.weight != 1 for b in self.e.ballots)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["voter", "approved", *(["channel"] if channel else []), *(["district"] if district else []),
                         *(["weight"] if weight else [])])
        for b in self.e.ballots:
            extra = dict(b.extra)
            if _control(b.voter) is not None or "\n" in b.voter:
                self.add(b.line, "the ballot's voter_id holds a control character or a bidi control",
                         "a voter_id of printable text")
            row = [b.voter, " ".join(self.ids[pid] for pid in b.approved)]
            if channel:
                row.append(self.text(extra.get("voting_method", ""), b.line, "the ballot's voting_method"))
            if district:
                where = extra.get("neighborhood") or extra.get("neighbourhood")
                row.append(self.districts[where] if where else "")
            if weight:
                exact = decimal_of(b.weight)
                if exact is None:
                    self.add(b.line, f"the ballot's weight {b.weight} has no exact decimal form",
                             "a weight such as 1, 0.5 or 0.25")
                row.append(scalar(exact) if exact is not None else "")
            writer.writerow(row)
        left_out = sorted({k for b in self.e.ballots for k, _ in b.extra if k not in _BALLOT_COLUMNS})
        if left_out:
            self.notes.append(f"{self.source}: VOTES columns not imported (data about the voters that the count "
                              f"does not use): " + ", ".join(left_out))
        return out.getvalue()

    # --- round.yaml -------------------------------------------------------------------

    def _round_yaml(self, name: str, year: int, method: Method, completion: Completion | None,
                    facts: list[str]) -> tuple[str, int]:
        m = self.meta
        lines = [
            "# Made with `initiatief import-pb` from a pabulib file (docs/votes.md, \"pabulib in and out\").",
            f"name: {quoted(name)}",
            f"year: {year}",
            f"language: {self.lang.value}",
            "stages: [plan]",
            f"ceiling: {scalar(m.budget)}",
            "pots:",
        ]
        pots = self._pots()
        for pot_id, label, amount, when in pots:
            lines += [f"  - id: {quoted(pot_id)}", f"    label: {quoted(label)}", f"    amount: {scalar(amount)}"]
            if when is not None:
                lines.append(f"    when: {{{when[0]}: {quoted(when[1])}}}")
        if self.districts:
            lines.append("districts:")
            lines += [f"  - {{id: {quoted(did)}, label: {quoted(self.text(n, None, 'a neighbourhood'))}}}"
                      for n, did in self.districts.items()]
        leftover = m.leftover_budget
        partial = leftover == LEFTOVER_PARTIAL
        if leftover is not None and leftover not in (LEFTOVER_FIT, LEFTOVER_PARTIAL):
            self.add(m.line("leftover_budget"), f"leftover_budget '{leftover}' is not one initiatief knows",
                     f"'{LEFTOVER_FIT}' or '{LEFTOVER_PARTIAL}'")
        elif leftover is not None and method is not Method.VOTES:
            self.add(m.line("leftover_budget"), "leftover_budget is given for a rule other than greedy",
                     "leftover_budget only with rule greedy", "choose the rule with --method")
        if partial:
            lines += ["grants:", "  partial: true"]
        if m.min_project_cost is not None:
            reason = pb_word(self.lang, "min_cost", amount=money(m.min_project_cost, self.lang))
            lines += ["eligibility:", "  - id: min-project-cost",
                      f"    when: {{cost: {{min: {scalar(m.min_project_cost)}}}}}", f"    reason: {quoted(reason)}"]
        lines += ["allocation:", f"  method: {method.value}"]
        if method is Method.VOTES:
            # "Partially fund one additional project": the first that does not fit, so the pass stops there.
            lines.append(f"  skip: {'false' if partial else 'true'}")
        # An initiatief export writes its round's seed into META, so the round trip draws the same ties.
        lines.append(f"  seed: {quoted(dict(m.fields).get('seed') or self.stem)}")
        votes = self._votes_block(completion, leftover == LEFTOVER_FIT and method is Method.VOTES)
        lines += ["votes:", *votes]
        if facts:
            lines += ["form:", *facts]
        return "\n".join(lines) + "\n", len(pots)

    def _pots(self) -> list[tuple[str, str, Decimal, tuple[str, str] | None]]:
        m = self.meta
        if m.category_budgets and m.neighbourhood_budgets:
            self.add(m.line("budget_per_neighborhood") or m.line("budget_per_neighbourhood"),
                     "budgets per category and per neighbourhood together",
                     "one of budget_per_category and budget_per_neighborhood",
                     "a plan is paid by one pot: initiatief cannot hold it to two budgets at once")
        if m.category_budgets:
            for p in self.e.projects:
                if len(p.categories) > 1:
                    self.add(p.line, f"project '{p.id}' has {len(p.categories)} categories, and each category has "
                             "a budget", "one category per project", "a plan is paid by one pot")
                elif not p.categories or p.categories[0] not in dict(m.category_budgets):
                    self.notes.append(f"{self.source}, line {p.line}: project '{p.id}' has no category with a "
                                      "budget_per_category: no pot pays for it")
            return [(self.categories[n], n, amount, ("facts.category", self.categories[n]))
                    for n, amount in m.category_budgets]
        if m.neighbourhood_budgets:
            budgets = dict(m.neighbourhood_budgets)
            for p in self.e.projects:
                if p.neighbourhood not in budgets:
                    self.notes.append(f"{self.source}, line {p.line}: project '{p.id}' has no neighbourhood with "
                                      "a budget_per_neighborhood: no pot pays for it")
            return [(self.districts[n], n, amount, ("district", self.districts[n]))
                    for n, amount in m.neighbourhood_budgets]
        return [("budget", pb_word(self.lang, "budget"), m.budget, None)]

    def _votes_block(self, completion: Completion | None, fit: bool) -> list[str]:
        m = self.meta
        lines: list[str] = []
        # Always one line at least: a vote round has a votes: block (the loader asks for it).
        if completion is not None:
            lines.append(f"  completion: {completion.value}")
        else:
            lines.append(f"  leftover: {'fit' if fit else 'none'}")
        whole: list[str] = []
        low = m.min_length
        high = m.max_length
        if m.vote_type == "choose-1":
            high = 1 if high is None else min(high, 1)
        if low:
            whole.append(f"    min: {low}")
        if high is not None:
            whole.append(f"    max: {high}")
        if m.max_sum_cost is not None:
            whole.append(f"    max_cost: {scalar(m.max_sum_cost)}")
        per = [x for x in (self._per_category("min_length_per_category", "min"),
                           self._per_category("max_length_per_category", "max"),
                           self._per_category("max_sum_cost_per_category", "max_cost")) if x]
        if per and whole:
            self.add(m.line("max_sum_cost_per_category") or m.line("min_length_per_category")
                     or m.line("max_length_per_category"),
                     "ballot limits per category together with limits on the whole ballot",
                     "either per-category limits or whole-ballot limits",
                     "initiatief's ballot rules apply either to the whole ballot or to each category's plans")
        if whole or per:
            lines.append("  ballots:")
            lines += whole
            for block in per:
                lines += block
            if per:
                lines.append("    per: facts.category")
        return lines

    def _per_category(self, key: str, ours: str) -> list[str]:
        """Return the ballot rule `ours` per category from META `key` (one value for all, or one per category)."""
        fields = dict(self.meta.fields)
        if key not in fields:
            return []
        line = self.meta.line(key)
        values = _split(fields[key])
        names = list(_split(fields.get("categories")))
        number = re.compile(r"^[0-9]+\Z") if ours != "max_cost" else re.compile(r"^[0-9]+(?:\.[0-9]+)?\Z")
        if not all(number.match(v) for v in values) or not values:
            self.add(line, f"{key} '{fields[key]}' is not a list of numbers", "numbers separated by commas")
            return []
        if ours == "min" and all(Decimal(v) == 0 for v in values):
            self.notes.append(f"{self.source}, line {line}: {key} is 0: no limit")
            return []
        if len(values) == 1:
            return [f"    {ours}: {values[0]}"]
        if len(values) != len(names):
            self.add(line, f"{len(values)} values in {key} for {len(names)} categories",
                     "one value per category (as META categories lists them), or one for all")
            return []
        pairs = zip(names, values, strict=True)
        return [f"    {ours}:"] + [f"      {quoted(self.categories[n])}: {v}" for n, v in pairs]

    def _readme(self, name: str, method: Method, pots: int) -> str:
        w = self.lang
        file = self.source.rsplit("/", 1)[-1]
        made = pb_word(w, "readme_made", file=escape(file), projects=str(len(self.e.projects)),
                       ballots=str(len(self.e.ballots)),
                       pots=pb_word(w, "pots_one") if pots == 1 else pb_word(w, "pots_many", count=str(pots)),
                       method=method.value)
        applicant = pb_word(w, "applicant", file=file)
        parts = [pb_word(w, "readme_title", name=escape(name)), made, pb_word(w, "readme_voters"),
                 pb_word(w, "readme_applicant", applicant=escape(applicant)), pb_word(w, "readme_next")]
        return "\n\n".join(parts) + "\n"

    # --- what is not imported ---------------------------------------------------------

    def _meta_notes(self) -> None:
        m = self.meta
        left_out = [k for k, _ in m.fields if k not in _USED_META]
        if left_out:
            self.notes.append(f"{self.source}: META keys not imported: " + ", ".join(left_out))
        if m.currency and m.currency.upper() != "EUR":
            self.notes.append(f"{self.source}: the amounts are in {m.currency}, taken as written; initiatief "
                              "shows them as euros")
        if m.language and m.language.lower() not in (self.lang.value, _LANGUAGE_NAMES[self.lang]):
            self.notes.append(f"{self.source}: META language is '{m.language}'; the round's language is "
                              f"{self.lang.value} (--language)")

    def _project_notes(self) -> None:
        if self.e.repeats:
            shown = ", ".join(str(line) for line in self.e.repeats[:10]) + (" …" if len(self.e.repeats) > 10 else "")
            many = len(self.e.repeats)
            what = "1 ballot names" if many == 1 else f"{many} ballots name"
            self.notes.append(f"{self.source}: {what} a project twice, counted once (line {shown})")
        dropped = [name for name in ("votes", "score", "selected")
                   if any(getattr(p, name) is not None for p in self.e.projects)]
        if dropped:
            self.notes.append(f"{self.source}: PROJECTS columns not imported (results, which initiatief computes "
                              f"from the ballots): " + ", ".join(dropped))


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())
