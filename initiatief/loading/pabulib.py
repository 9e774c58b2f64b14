"""The pabulib reader: a `.pb` file → a `votes.Election`, every problem with its file and line.

The format (pabulib.org/format): three sections, each a line with its name (`META`, `PROJECTS`,
`VOTES`), then a header line, then rows, all `;`-separated (CSV quoting allowed). META is
`key;value`; PROJECTS needs `project_id` and `cost`; VOTES needs `voter_id` and `vote` (the
project ids, comma-separated), and `points` for scoring and cumulative votes. A cell `none`
is empty, as pabutools reads it.

Voter ids are personal data: a problem points at the ballot's line and never repeats its id.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from initiatief.errors import Problems
from initiatief.votes import Ballot, Election, VoteMeta, VoteProject

SECTIONS = ("meta", "projects", "votes")
VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")
_FRACTION = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?(?:/[0-9]+)?")
_MONEY_META = ("budget", "min_sum_cost", "max_sum_cost", "min_project_cost")
_COUNT_META = ("num_projects", "num_votes", "min_length", "max_length")
_MAX_MONEY = Decimal(10) ** 15


def load_pabulib(path: Path, display: str | None = None) -> Election:
    """Read a .pb file; raise InputError with every problem it has."""
    problems = Problems()
    election = read_pabulib(path, problems, display)
    problems.raise_if_any()
    assert election is not None
    return election


def read_pabulib(path: Path, problems: Problems, display: str | None = None) -> Election | None:
    """Read a .pb file, recording its problems; None when nothing usable could be read."""
    name = display or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(name, None, f"cannot be read: {exc.strerror or exc}", "a readable pabulib (.pb) file")
        return None
    return parse_pabulib(data, name, problems)


def parse_pabulib(data: bytes | str, display: str, problems: Problems) -> Election | None:
    """Parse a .pb file's content; None (and problems) when it is not a usable election."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            problems.add(display, line, f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                         "a UTF-8 text file, as pabulib files are")
            return None
    else:
        text = data
    if "\x00" in text:  # the line of the first (a UTF-16 file: its first line)
        problems.add(display, text.count("\n", 0, text.index("\x00")) + 1,
                     "the file contains NUL bytes, the first on this line", "a text file")
        return None
    return _Parser(unicodedata.normalize("NFC", text), display, problems).parse()


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value.lower() == "none" else value


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


class _Parser:
    def __init__(self, text: str, display: str, problems: Problems) -> None:
        self.text = text
        self.display = display
        self.problems = problems
        self.before = problems.count
        self.meta: dict[str, tuple[str, int]] = {}
        self.projects: list[VoteProject] = []
        self.project_ids: dict[str, int] = {}
        self.ballots: list[Ballot] = []
        self.voters: dict[str, int] = {}
        self.seen: dict[str, int] = {}
        self.repeats: list[int] = []

    def add(self, line: int | None, problem: str, expected: str | None = None, hint: str | None = None) -> None:
        self.problems.add(self.display, line, problem, expected, hint)

    # --- the sections ------------------------------------------------------------------

    def parse(self) -> Election | None:
        rows: dict[str, list[tuple[int, list[str]]]] = {s: [] for s in SECTIONS}
        headers: dict[str, tuple[int, list[str]]] = {}
        section: str | None = None
        expect_header = False
        runaway: tuple[int, str] | None = None
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=";")
        start = 1
        try:
            for record in reader:
                line = start
                start = reader.line_num + 1
                if not record or all(not c.strip() for c in record):
                    continue
                first = record[0].strip().lower()
                if first in SECTIONS and all(not c.strip() for c in record[1:]):
                    if first in self.seen:
                        self.add(line, f"a second {first.upper()} section (the first is on line {self.seen[first]})",
                                 "each of META, PROJECTS and VOTES once")
                        section = None
                        continue
                    self.seen[first] = line
                    section, expect_header = first, True
                    continue
                if section is None:
                    if not self.seen:
                        self.add(line, "text before the first section", "the line META first")
                        return None
                    continue
                if runaway is None and any("\n" in c for c in record):
                    # A quote that is never closed takes every line after it into one value, sections and all.
                    inside = (p.strip().lower() for c in record for p in c.splitlines()[1:])
                    runaway = next(((line, name.upper()) for name in inside if name in SECTIONS), None)
                if expect_header:
                    headers[section] = (line, [h.strip().lower() for h in record])
                    expect_header = False
                    continue
                rows[section].append((line, record))
        except csv.Error as exc:
            self.add(reader.line_num, f"CSV error: {exc}", "';'-separated lines, quotes closed")
            return None
        if runaway is not None and any(s not in self.seen for s in SECTIONS):
            self.add(runaway[0], f"a quote opened on this line is not closed, so the {runaway[1]} line after it "
                     "is read as part of a value", "each quote closed", "a '\"' inside a value is written '\"\"'")
            return None
        for s in SECTIONS:
            if s not in self.seen:
                self.add(None, f"no {s.upper()} section", "META, PROJECTS and VOTES, each a line of its own")
            elif s not in headers:
                self.add(self.seen[s], f"the {s.upper()} section has no header line", "a header line after it")
        if any(s not in headers for s in SECTIONS):
            return None
        meta = self._meta(headers["meta"], rows["meta"])
        self._projects(headers["projects"], rows["projects"], meta)
        vote_type = meta.vote_type if meta is not None else "approval"
        self._votes(headers["votes"], rows["votes"], vote_type)
        if meta is not None:
            self._counts(meta)
        if meta is not None and self.problems.count == self.before:
            self._limits(meta)
        if meta is None or self.problems.count > self.before:
            return None
        return Election(meta, tuple(self.projects), tuple(self.ballots), tuple(self.repeats))

    def _width(self, line: int, record: list[str], header: list[str], section: str) -> bool:
        if len(record) != len(header):
            self.add(line, f"{len(record)} cells where the {section} header has {len(header)}",
                     f"{len(header)} cells separated by ';'", "a ';' inside a value needs quotes around the value")
            return False
        return True

    def _columns(self, header: tuple[int, list[str]], section: str, required: tuple[str, ...]) -> bool:
        line, names = header
        ok = True
        for i, n in enumerate(names):
            if not n:
                self.add(line, f"column {i + 1} of the {section} header has no name", "a name for every column")
                ok = False
            elif names.index(n) != i:
                self.add(line, f"column '{n}' appears twice in the {section} header", "each column once")
                ok = False
        for r in required:
            if r not in names:
                self.add(line, f"the {section} header has no '{r}' column", "columns " + ", ".join(required))
                ok = False
        return ok

    # --- META -------------------------------------------------------------------------

    def _meta(self, header: tuple[int, list[str]], rows: list[tuple[int, list[str]]]) -> VoteMeta | None:
        if header[1][:2] != ["key", "value"]:
            self.add(header[0], "the META header is not 'key;value'", "the line key;value after META")
            return None
        for line, record in rows:
            if len(record) < 2 or any(c.strip() for c in record[2:]):
                self.add(line, f"{len(record)} cells in a META line", "key;value")
                continue
            key = record[0].strip()
            if key in self.meta:
                self.add(line, f"META key '{key}' appears twice (first on line {self.meta[key][1]})", "each key once")
                continue
            self.meta[key] = (record[1].strip(), line)
        if "budget" not in self.meta:
            self.add(self.seen["meta"], "META has no 'budget'", "a line budget;AMOUNT")
            return None
        typed: dict[str, object] = {}
        for key in _MONEY_META:
            if key in self.meta:
                typed[key] = self._money(*self.meta[key], what=key, positive=key == "budget")
        for key in _COUNT_META:
            if key in self.meta:
                typed[key] = self._whole(*self.meta[key], what=key)
        vote_type = self.meta.get("vote_type", ("approval", 0))
        if vote_type[0] not in VOTE_TYPES:
            self.add(vote_type[1], f"vote_type '{vote_type[0]}' is not one pabulib defines", ", ".join(VOTE_TYPES))
        budget = typed.pop("budget")
        if not isinstance(budget, Decimal):
            return None
        text = {k: v for k, (v, _) in self.meta.items()}
        return VoteMeta(
            budget=budget,
            vote_type=vote_type[0],
            rule=text.get("rule"),
            description=text.get("description"),
            country=text.get("country"),
            unit=text.get("unit"),
            subunit=text.get("subunit"),
            instance=text.get("instance"),
            currency=text.get("currency"),
            language=text.get("language"),
            leftover_budget=text.get("leftover_budget"),
            category_budgets=self._budgets("categories", "budget_per_category"),
            neighbourhood_budgets=self._budgets("neighborhoods", "budget_per_neighborhood")
            or self._budgets("neighbourhoods", "budget_per_neighbourhood"),
            fields=tuple((k, v) for k, v in text.items()),
            lines=tuple((k, line) for k, (_, line) in self.meta.items()),
            **typed,  # type: ignore[arg-type]
        )

    def _budgets(self, names_key: str, budgets_key: str) -> tuple[tuple[str, Decimal], ...]:
        if budgets_key not in self.meta:
            return ()
        value, line = self.meta[budgets_key]
        if names_key not in self.meta:
            self.add(line, f"{budgets_key} without {names_key}", f"a line {names_key};NAME,NAME,… naming them in order")
            return ()
        names = _split(self.meta[names_key][0])
        amounts = _split(value)
        if len(names) != len(amounts):
            self.add(line, f"{len(amounts)} budgets for {len(names)} {names_key}",
                     f"one budget per name in {names_key} (line {self.meta[names_key][1]})")
            return ()
        out: list[tuple[str, Decimal]] = []
        for n, a in zip(names, amounts, strict=True):
            amount = self._money(a, line, what=f"the budget of '{n}'", positive=False)
            if amount is not None:
                out.append((n, amount))
        return tuple(out)

    def _money(self, value: str, line: int, *, what: str, positive: bool) -> Decimal | None:
        if not _NUMBER.fullmatch(value):
            self.add(line, f"{what} '{value}' is not an amount", "a number such as 250000 or 1250.50, not negative")
            return None
        decimals = len(value) - 1 - max(value.find("."), value.find(",")) if "." in value or "," in value else 0
        if decimals == 3:  # 10.000 or 4,000: a thousands separator as often as three decimals, never guessed
            self.add(line, f"{what} '{value}' could be {value.replace('.', '').replace(',', '')} or "
                     f"{Decimal(value.replace(',', '.')).normalize():f}",
                     "an amount without a thousands separator, such as 10000 or 10000.50")
            return None
        if decimals > 2:  # written with more decimals than cents, even if they are zeros
            self.add(line, f"{what} {value} has more than two decimals", "an amount exact to the cent")
            return None
        amount = Decimal(value.replace(",", "."))
        if amount > _MAX_MONEY:
            self.add(line, f"{what} {value} is absurdly large", "an amount below 10^15")
            return None
        if amount != amount.quantize(Decimal("0.01")):  # else the round made of it is refused, at its own line
            self.add(line, f"{what} {value} has more than two decimals", "an amount exact to the cent")
            return None
        if positive and amount <= 0:
            self.add(line, f"{what} is {value}", "an amount above 0")
            return None
        return amount

    def _whole(self, value: str, line: int, *, what: str) -> int | None:
        if not _WHOLE.fullmatch(value) or len(value) > 15:
            self.add(line, f"{what} '{value}' is not a whole number", "a whole number, 0 or more")
            return None
        return int(value)

    # --- PROJECTS ---------------------------------------------------------------------

    def _projects(self, header: tuple[int, list[str]], rows: list[tuple[int, list[str]]],
                  meta: VoteMeta | None) -> None:
        if not self._columns(header, "PROJECTS", ("project_id", "cost")):
            return
        names = header[1]
        known = {"project_id", "cost", "name", "category", "categories", "target", "targets",
                 "neighborhood", "neighbourhood", "votes", "score", "selected"}
        for line, record in rows:
            if not self._width(line, record, names, "PROJECTS"):
                continue
            d = {n: _cell(c) for n, c in zip(names, record, strict=True)}
            pid = d["project_id"]
            if not pid:
                self.add(line, "a project without project_id", "an id in every PROJECTS row")
                continue
            if "," in pid:
                self.add(line, f"project_id '{pid}' contains a comma",
                         "an id without commas (ballots list ids with commas)")
                continue
            if pid in self.project_ids:
                self.add(line, f"project '{pid}' appears twice (first on line {self.project_ids[pid]})",
                         "each project once")
                continue
            self.project_ids[pid] = line
            cost = self._money(d["cost"], line, what=f"the cost of project '{pid}'", positive=True) \
                if d["cost"] else None
            if cost is None:
                if not d["cost"]:
                    self.add(line, f"project '{pid}' has no cost", "an amount above 0")
                continue
            if meta is not None and meta.min_project_cost is not None and cost < meta.min_project_cost:
                self.add(line, f"project '{pid}' costs {d['cost']}, below min_project_cost {meta.min_project_cost}",
                         f"at least {meta.min_project_cost}")
            votes = self._whole(d["votes"], line, what=f"votes of project '{pid}'") if d.get("votes") else None
            score = self._fraction(d["score"], line, f"score of project '{pid}'") if d.get("score") else None
            selected = self._whole(d["selected"], line, what=f"selected of project '{pid}'") \
                if d.get("selected") else None
            self.projects.append(VoteProject(
                id=pid,
                cost=cost,
                name=d.get("name", ""),
                categories=_split(d.get("category", "") or d.get("categories", "")),
                targets=_split(d.get("target", "") or d.get("targets", "")),
                neighbourhood=d.get("neighborhood") or d.get("neighbourhood") or None,
                votes=votes,
                score=score,
                selected=selected,
                line=line,
                extra=tuple((n, v) for n, v in d.items() if n not in known),
            ))

    def _fraction(self, value: str, line: int, what: str) -> Fraction | None:
        if not _FRACTION.fullmatch(value):
            self.add(line, f"{what} '{value}' is not a number", "a number such as 3, 2.5 or 1/3")
            return None
        try:
            return Fraction(value.replace(",", "."))
        except (ValueError, ZeroDivisionError):
            self.add(line, f"{what} '{value}' is not a number", "a number such as 3, 2.5 or 1/3")
            return None

    # --- VOTES ------------------------------------------------------------------------

    def _votes(self, header: tuple[int, list[str]], rows: list[tuple[int, list[str]]], vote_type: str) -> None:
        required = ("voter_id", "vote", "points") if vote_type in ("cumulative", "scoring") else ("voter_id", "vote")
        if not self._columns(header, "VOTES", required):
            return
        names = header[1]
        weighted = "weight" in names
        known = {"voter_id", "vote", "points", "weight"}
        for line, record in rows:
            if not self._width(line, record, names, "VOTES"):
                continue
            d = {n: _cell(c) for n, c in zip(names, record, strict=True)}
            voter = d["voter_id"]
            if not voter:
                self.add(line, "a ballot without voter_id", "an id in every VOTES row")
                continue
            if voter in self.voters:
                # The id itself is personal data: the line of the first is enough to find it.
                self.add(line, f"the voter_id of this ballot is also on line {self.voters[voter]}",
                         "one ballot per voter")
                continue
            self.voters[voter] = line
            approved = _split(d["vote"])
            bad = False
            for pid in approved:
                if pid not in self.project_ids:
                    self.add(line, f"the ballot names project '{pid}', which PROJECTS does not list",
                             "ids from the PROJECTS section")
                    bad = True
            if len(set(approved)) != len(approved):
                if vote_type in ("cumulative", "scoring", "ordinal"):
                    self.add(line, "the ballot names a project more than once", "each project once per ballot")
                    bad = True
                else:  # an approval named twice is one approval (real files have them); the line is kept
                    self.repeats.append(line)
                    approved = tuple(dict.fromkeys(approved))
            points: tuple[Fraction, ...] = ()
            if "points" in d and vote_type in ("cumulative", "scoring"):
                parsed = [self._fraction(p, line, "a point") for p in _split(d["points"])]
                if len(parsed) != len(approved):
                    self.add(line, f"{len(parsed)} points for {len(approved)} projects", "one point per project voted")
                    bad = True
                points = tuple(p for p in parsed if p is not None)
            weight = Fraction(1)
            if weighted and d["weight"]:
                w = self._fraction(d["weight"], line, "the ballot's weight")
                if w is None or w <= 0:
                    if w is not None:
                        self.add(line, f"the ballot's weight is {d['weight']}", "a weight above 0")
                    bad = True
                else:
                    weight = w
            if bad:
                continue
            self.ballots.append(Ballot(
                voter=voter, approved=approved, points=points, weight=weight, line=line,
                extra=tuple((n, v) for n, v in d.items() if n not in known),
            ))

    def _limits(self, meta: VoteMeta) -> None:
        """Check what the round made of the file would refuse, so that the problem names this file's line, not a
        line of a round.yaml or ballots.csv that is never written: no project or ballot, the ballot rules."""
        for section, rows in (("PROJECTS", self.projects), ("VOTES", self.ballots)):
            if not rows:
                self.add(self.seen[section.lower()], f"the {section} section lists no "
                         + ("project" if section == "PROJECTS" else "ballot"), "a row after its header line")
        low, high = meta.min_length, meta.max_length
        if high == 0:
            self.add(self.meta["max_length"][1], "max_length is 0", "1 or more")
            return
        if low is not None and high is not None and low > high:
            self.add(self.meta["min_length"][1], f"min_length {low} is more than max_length {high} "
                     f"(line {self.meta['max_length'][1]})", "min_length at most max_length")
            return
        rule = "max_length"
        if meta.vote_type == "choose-1" and (high is None or high > 1):
            high, rule = 1, "vote_type choose-1"
        costs = {p.id: p.cost for p in self.projects}
        for ballot in self.ballots:
            count = len(ballot.approved)
            if low is not None and count < low:
                self.add(ballot.line, f"the ballot names {count} project{'s' * (count != 1)}",
                         f"at least {low} (min_length)")
            elif high is not None and count > high:
                self.add(ballot.line, f"the ballot names {count} projects", f"at most {high} ({rule})")
            total = sum((costs[pid] for pid in ballot.approved), Decimal(0))
            if meta.max_sum_cost is not None and total > meta.max_sum_cost:
                self.add(ballot.line, f"the projects the ballot names cost {total} in all",
                         f"at most {meta.max_sum_cost} (max_sum_cost)")

    def _counts(self, meta: VoteMeta) -> None:
        clean = self.problems.count == self.before  # else a count may be off by a row already reported
        if meta.num_projects is not None and clean and meta.num_projects != len(self.projects):
            self.add(self.meta["num_projects"][1], f"num_projects is {meta.num_projects}, "
                     f"but PROJECTS lists {len(self.projects)}", "the number of PROJECTS rows",
                     "a file cut short, or rows lost")
        if meta.num_votes is not None and clean and meta.num_votes != len(self.ballots):  # both, in one run
            self.add(self.meta["num_votes"][1], f"num_votes is {meta.num_votes}, but VOTES lists {len(self.ballots)}",
                     "the number of VOTES rows", "a file cut short, or rows lost")
