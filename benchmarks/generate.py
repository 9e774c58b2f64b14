"""Write a realistic synthetic funding round, for benchmarks.

Importable (``write_round(folder, Spec(...))``) and a script:

    python benchmarks/generate.py OUT --submissions 10000 --assessors 5 --scores yaml

The round looks like a large city's neighbourhood fund: two stages (idea -> plan, so
some submissions stay ideas), 5-10 districts each with an area-team pot paying a share
(50%) of every award in its district, a general policy pot paying the rest and every
city-wide plan, a prize pot, grant limits (min, max, max_share), two eligibility rules
(a district rule and a fact rule), Dutch titles and applicants (some of them private
persons with a contact address), some plans from outside the municipality or with a
profit motive (ineligible), some requests below the minimum or above the maximum,
conflicts of interest, a few committee decisions, and one score file per assessor as
YAML (a ``scores:`` mapping) or CSV (``submission,<criterion ids>,conflict``).

Everything follows from the seed: the same Spec writes the same bytes. The round loads
and scores: ``initiatief validate OUT`` exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

ScoresFormat = Literal["yaml", "csv", "xlsx"]
"""How the score files are written: YAML (`scores:` mapping), CSV, or an Excel workbook with the CSV's
rows on a sheet `Scores` (scores as numbers, a conflict as `ja`), written with openpyxl."""
SCORES_FORMATS: tuple[ScoresFormat, ...] = ("yaml", "csv", "xlsx")

Layout = Literal["files", "list", "both"]
"""Where submissions go: one YAML file each under submissions/, one submissions.yaml list,
or both (every fifth submission in submissions.yaml, the rest as files)."""
LAYOUTS: tuple[Layout, ...] = ("files", "list", "both")

YEAR = 2025
DISTRICT_NAMES = (
    "centrum",
    "noord",
    "oost",
    "zuid",
    "west",
    "nieuw-west",
    "zuidoost",
    "overvecht",
    "kanaleneiland",
    "leidsche-rijn",
)
CITY_WIDE = "stad"
"""A plan for the whole city: no area team pays a share; the policy pot pays all of it."""
OUTSIDE = ("zeist", "nieuwegein", "houten", "de-bilt")
"""Districts of neighbouring municipalities: those plans fail the district rule."""

CRITERIA = (
    # id, label, weight, minimum
    ("impact", "Maatschappelijke impact", 3, 3),
    ("draagvlak", "Draagvlak in de buurt", 2, None),
    ("haalbaar", "Haalbaarheid en begroting", 2, None),
    ("samenwerking", "Samenwerking met partners", 1, None),
    ("vernieuwend", "Vernieuwend karakter", 1, None),
)
GRANT_MIN = 500
GRANT_MAX = 15000
MAX_SHARE = (3, 4)  # 75% of the cost, as a fraction
SHARE_POT_PERCENT = 50
PRIZES = (3, 5000)  # count, amount

ACTIVITIES = (
    ("Buurtmoestuin", "Een moestuin die buurtbewoners samen onderhouden"),
    ("Taalcafé", "Wekelijks oefenen met Nederlands praten bij koffie en thee"),
    ("Repair café", "Samen kapotte spullen repareren in plaats van weggooien"),
    ("Buurtkeuken", "Een gezamenlijke maaltijd voor wie alleen eet"),
    ("Speeltuin opknappen", "Ouders en kinderen knappen samen de speeltuin op"),
    ("Huiswerkklas", "Vrijwilligers helpen scholieren met hun huiswerk"),
    ("Burenhulp", "Een netwerk van buren die elkaar helpen met kleine klussen"),
    ("Buurtfeest", "Een feest waar nieuwe en oude bewoners elkaar leren kennen"),
    ("Sporten in het park", "Gratis buitensport onder begeleiding van een trainer"),
    ("Kledingruil", "Kleding ruilen in plaats van kopen"),
    ("Bloembakken adopteren", "Bewoners adopteren de bloembakken in hun straat"),
    ("Jongerenpodium", "Een podium voor jong talent uit de wijk"),
    ("Digitaal spreekuur", "Hulp bij formulieren, de computer en de telefoon"),
    ("Wandelgroep", "Samen wandelen tegen eenzaamheid"),
    ("Zwerfafval opruimen", "Maandelijks met de buurt het afval uit het groen halen"),
    ("Buurtbieb", "Een minibibliotheek in een oude telefooncel"),
    ("Kookclub voor vaders", "Vaders leren samen gezond en goedkoop koken"),
    ("Muziekles voor kinderen", "Betaalbare muziekles in het buurthuis"),
    ("Geveltuinen", "Tegels eruit, planten erin langs de gevels"),
    ("Energiecoaches", "Buren helpen elkaar energie te besparen"),
    ("Fietsenwerkplaats", "Een werkplaats waar je leert je fiets te maken"),
    ("Ontmoetingsbankjes", "Bankjes op plekken waar buren elkaar tegenkomen"),
    ("Voedselbank-uitgifte", "Een extra uitgiftepunt dichter bij huis"),
    ("Buurtkrant", "Een krant door en voor de buurt, vier keer per jaar"),
    ("Theater in de wijk", "Voorstellingen met en door bewoners"),
    ("Mantelzorgcafé", "Een plek waar mantelzorgers even op adem komen"),
    ("Schooltuin", "Kinderen kweken groente op het schoolplein"),
    ("Buurtconciërge", "Een vast aanspreekpunt voor kleine problemen in de straat"),
)
PLACES = (
    "bij de bibliotheek",
    "in het buurthuis",
    "op het Lindeplein",
    "achter de flat",
    "in de Molenstraat",
    "bij de brede school",
    "aan de singel",
    "in het wijkpark",
    "bij het winkelcentrum",
    "in de kerk",
    "op het schoolplein",
    "in de Kastanjelaan",
    "bij de sporthal",
    "aan het water",
    "in de Vogelbuurt",
    "in de Bloemenbuurt",
)
ORG_KINDS = ("Stichting", "Vereniging", "Bewonersgroep", "Buurtvereniging", "Coöperatie", "Vrienden van")
ORG_NAMES = (
    "De Linden",
    "Groen Dichtbij",
    "Samen Sterk",
    "De Schakel",
    "Buurtkracht",
    "Het Gele Huis",
    "De Brug",
    "Wijkwijs",
    "Oost Verbindt",
    "De Kastanje",
    "Op Eigen Kracht",
    "De Werkplaats",
    "Ruimte voor Iedereen",
    "De Boomgaard",
)
FIRST_NAMES = ("Anna", "Mohamed", "Sanne", "Daan", "Fatima", "Pieter", "Noor", "Jan", "Ayşe", "Kees", "Lotte")
LAST_NAMES = ("de Vries", "Jansen", "Bakker", "El Amrani", "Visser", "Smit", "Yılmaz", "de Boer", "Mulder", "Bos")

PLAN_SHARE = 0.8
"""Part of the submissions that became a plan; the rest stay ideas."""


@dataclass(frozen=True)
class Spec:
    """What to generate."""

    submissions: int = 1000
    assessors: int = 5
    districts: int = 7
    scores: ScoresFormat = "yaml"
    layout: Layout = "files"
    decisions: bool = True
    seed: int = 1

    def __post_init__(self) -> None:
        if self.submissions < 1:
            raise ValueError("submissions must be at least 1")
        if self.assessors < 1:
            raise ValueError("assessors must be at least 1")
        if not 5 <= self.districts <= len(DISTRICT_NAMES):
            raise ValueError(f"districts must lie from 5 to {len(DISTRICT_NAMES)}")
        if self.scores not in SCORES_FORMATS:
            raise ValueError(f"scores must be one of {', '.join(SCORES_FORMATS)}")
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")


@dataclass
class Summary:
    """What was written, as the generator meant it (initiatief decides the statuses)."""

    submissions: int = 0
    plans: int = 0
    ideas: int = 0
    eligible_plans: int = 0
    assessors: int = 0
    conflicts: int = 0
    decisions: int = 0
    files: int = 0
    bytes: int = 0
    ceiling: int = 0
    ineligible: dict[str, int] = field(default_factory=dict)


@dataclass
class _Submission:
    id: str
    title: str
    summary: str
    applicant: str
    person: bool
    contact: str | None
    stage: str
    district: str
    received: dt.date
    cost: int | None
    requested: int | None
    profit_motive: bool
    volunteers: int
    quality: float
    withdrawn_or_excluded: bool = False

    def grant(self) -> int:
        """The grant after the limits (whole euros are enough to compare with the minimum)."""
        assert self.requested is not None and self.cost is not None
        return min(self.requested, GRANT_MAX, self.cost * MAX_SHARE[0] // MAX_SHARE[1])

    def eligible(self, districts: Sequence[str]) -> bool:
        """Whether initiatief will need every assessor's scores for this plan."""
        return (
            self.stage == "plan"
            and not self.withdrawn_or_excluded
            and (self.district in districts or self.district == CITY_WIDE)
            and not self.profit_motive
            and self.grant() >= GRANT_MIN
        )


def _slug(text: str) -> str:
    table = str.maketrans("éëèöüïçşıÿ", "eeeouicsiy")
    out = []
    for char in text.lower().translate(table):
        out.append(char if char.isascii() and char.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


class _Writer:
    """Counts the files and bytes it writes."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary

    def write(self, path: Path, text: str) -> None:
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.summary.files += 1
        self.summary.bytes += len(data)

    def write_sheet(self, path: Path, rows: Sequence[Sequence[str | float | None]]) -> None:
        """Write `rows` as the sheet `Scores` of a new workbook."""
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Scores")
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
        self.summary.files += 1
        self.summary.bytes += path.stat().st_size


def _make_submissions(rnd: random.Random, spec: Spec, districts: Sequence[str]) -> list[_Submission]:
    seen: dict[str, int] = {}
    subs: list[_Submission] = []
    for _ in range(spec.submissions):
        activity, summary = rnd.choice(ACTIVITIES)
        place = rnd.choice(PLACES)
        draw = rnd.random()
        if draw < 0.02:
            district = rnd.choice(OUTSIDE)
        elif draw < 0.12:
            district = CITY_WIDE
        else:
            district = rnd.choice(districts)
        title = f"{activity} {place}"
        base = _slug(f"{activity} {place} {district}")
        seen[base] = seen.get(base, 0) + 1
        sub_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        person = rnd.random() < 0.15
        first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
        if person:
            applicant = f"{first} {last}"
            contact: str | None = f"{_slug(first)}.{_slug(last)}@example.org"
        else:
            applicant = f"{rnd.choice(ORG_KINDS)} {rnd.choice(ORG_NAMES)}"
            contact = f"info@{_slug(applicant)}.example.org" if rnd.random() < 0.5 else None
        stage = "plan" if rnd.random() < PLAN_SHARE else "idea"
        draw = rnd.random()
        if draw < 0.01:
            requested = rnd.randrange(100, GRANT_MIN, 50)  # below the minimum: ineligible
        elif draw < 0.06:
            requested = rnd.randrange(GRANT_MAX + 500, 40000, 500)  # above the maximum: capped
        else:
            requested = int(rnd.lognormvariate(8.2, 0.7)) // 50 * 50  # median about 3,600
            requested = min(max(requested, GRANT_MIN), GRANT_MAX)
        cost = requested * rnd.choice((1, 1, 2, 2, 2, 3)) + rnd.randrange(0, 20) * 50
        has_money = stage == "plan" or rnd.random() < 0.3  # an idea may say what it will cost
        subs.append(
            _Submission(
                id=sub_id,
                title=title,
                summary=summary,
                applicant=applicant,
                person=person,
                contact=contact,
                stage=stage,
                district=district,
                received=dt.date(YEAR, 3, 1) + dt.timedelta(days=rnd.randrange(0, 61)),
                cost=cost if has_money else None,
                requested=requested if has_money else None,
                profit_motive=rnd.random() < 0.03,
                volunteers=rnd.randrange(1, 60),
                quality=rnd.gauss(3.4, 0.7),
            )
        )
    return subs


def _submission_yaml(sub: _Submission, in_list: bool) -> str:
    """One submission as a person would write it (a mapping; in a list, indented under `- `)."""
    lines = []
    if in_list:
        lines.append(f"id: {sub.id}")
    lines.append(f"title: {sub.title}")
    if sub.person or sub.contact:
        lines.append("applicant:")
        lines.append(f"  name: {sub.applicant}")
        if sub.person:
            lines.append("  kind: person")
        if sub.contact:
            lines.append(f"  contact: {sub.contact}")
    else:
        lines.append(f"applicant: {{name: {sub.applicant}}}")
    lines.append(f"stage: {sub.stage}")
    lines.append(f"district: {sub.district}")
    lines.append(f"received: {sub.received.isoformat()}")
    if sub.cost is not None:
        lines.append(f"cost: {sub.cost}")
    if sub.requested is not None:
        lines.append(f"requested: {sub.requested}")
    lines.append("summary: >-")
    lines.append(f"  {sub.summary}.")
    lines.append("facts:")
    lines.append(f"  winstoogmerk: {'true' if sub.profit_motive else 'false'}")
    lines.append(f"  vrijwilligers: {sub.volunteers}")
    if in_list:
        return "- " + "\n  ".join(lines) + "\n"
    return "\n".join(lines) + "\n"


def _round_yaml(spec: Spec, districts: Sequence[str], pots: dict[str, int], ceiling: int) -> str:
    in_city = ", ".join([*districts, CITY_WIDE])
    lines = [
        f"# Generated by benchmarks/generate.py (seed {spec.seed}): {spec.submissions} submissions,",
        f"# {spec.assessors} assessors, {len(districts)} districts. Every name and figure is made up.",
        f"name: Buurtfonds Benchmarkstad {YEAR}",
        f"year: {YEAR}",
        "language: nl",
        "description: >-",
        "  Bewoners en organisaties dienen eerst een idee in en werken het uit tot een plan.",
        "  De gebiedsteams betalen de helft van elke toekenning in hun gebied.",
        "stages: [idea, plan]",
        f"ceiling: {ceiling}",
        "pots:",
        f"  - {{id: beleid, label: Budget actief burgerschap, amount: {pots['beleid']}}}",
    ]
    for district in districts:
        label = district.replace("-", " ").title()
        lines.append(
            f"  - {{id: gebiedsteam-{district}, label: Gebiedsteam {label}, amount: {pots[district]},"
            f" when: {{district: {district}}}, share: {SHARE_POT_PERCENT}%}}"
        )
    lines += [
        f"  - {{id: prijzengeld, label: Prijzengeld, amount: {PRIZES[0] * PRIZES[1]}, for: prizes}}",
        f"grants: {{min: {GRANT_MIN}, max: {GRANT_MAX}, max_share: {100 * MAX_SHARE[0] // MAX_SHARE[1]}%}}",
        "eligibility:",
        "  - id: in-de-gemeente",
        f"    when: {{district: [{in_city}]}}",
        "    reason: Het initiatief vindt niet plaats in de gemeente",
        "  - id: geen-winstoogmerk",
        "    when: {not: {facts.winstoogmerk: true}}",
        "    reason: De aanvrager heeft een winstoogmerk",
        "criteria:",
    ]
    for crit_id, label, weight, minimum in CRITERIA:
        extra = f", minimum: {minimum}" if minimum is not None else ""
        lines.append(f"  - {{id: {crit_id}, label: {label}, weight: {weight}, scale: [1, 5]{extra}}}")
    lines += [
        "assessment: {combine: mean, pass: 60%}",
        f'allocation: {{method: ranking, skip: true, ties: [impact, requested, lottery], seed: "{YEAR}-{spec.seed}"}}',
        "prizes:",
        f"  - {{label: Buurtprijs, count: {PRIZES[0]}, amount: {PRIZES[1]}, pot: prijzengeld}}",
    ]
    return "\n".join(lines) + "\n"


def _score(rnd: random.Random, quality: float, bias: float) -> str:
    value = quality + bias + rnd.gauss(0, 0.6)
    if rnd.random() < 0.05:  # now and then half a point
        return str(min(5.0, max(1.0, round(value * 2) / 2)))
    return str(min(5, max(1, round(value))))


def _number(text: str) -> float:
    """Return a score as the number a spreadsheet holds: whole scores as int, half points as float."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _write_scores(rnd: random.Random, spec: Spec, writer: _Writer, folder: Path, plans: Sequence[_Submission]) -> int:
    """Write one file per assessor; return how many conflicts were declared."""
    assessors = [f"jury-{i + 1:02d}" for i in range(spec.assessors)]
    biases = [rnd.gauss(0, 0.3) for _ in assessors]
    # At most one assessor per plan declares a conflict, so every plan keeps a free assessor.
    conflicted: dict[str, int] = {}
    if spec.assessors > 1:
        for sub in plans:
            if rnd.random() < 0.02:
                conflicted[sub.id] = rnd.randrange(spec.assessors)
    crit_ids = [c[0] for c in CRITERIA]
    folder.mkdir()
    for index, (assessor, bias) in enumerate(zip(assessors, biases, strict=True)):
        if spec.scores == "yaml":
            conflicts = [sub.id for sub in plans if conflicted.get(sub.id) == index]
            lines = [f"name: Jurylid {index + 1}"]
            if conflicts:
                lines.append("conflicts:")
                lines += [f"  - {sub_id}" for sub_id in conflicts]
            lines.append("scores:")
            for sub in plans:
                if conflicted.get(sub.id) == index:
                    continue
                cells = ", ".join(f"{c}: {_score(rnd, sub.quality, bias)}" for c in crit_ids)
                lines.append(f"  {sub.id}: {{{cells}}}")
            writer.write(folder / f"{assessor}.yaml", "\n".join(lines) + "\n")
        elif spec.scores == "xlsx":
            sheet: list[list[str | float | None]] = [["submission", *crit_ids, "conflict"]]
            for sub in plans:
                if conflicted.get(sub.id) == index:
                    sheet.append([sub.id, *[None] * len(crit_ids), "ja"])
                else:
                    sheet.append([sub.id, *(_number(_score(rnd, sub.quality, bias)) for _ in crit_ids), None])
            writer.write_sheet(folder / f"{assessor}.xlsx", sheet)
        else:
            rows = ["submission," + ",".join(crit_ids) + ",conflict"]
            for sub in plans:
                if conflicted.get(sub.id) == index:
                    rows.append(sub.id + "," * len(crit_ids) + ",ja")
                else:
                    rows.append(sub.id + "," + ",".join(_score(rnd, sub.quality, bias) for _ in crit_ids) + ",")
            writer.write(folder / f"{assessor}.csv", "\n".join(rows) + "\n")
    return len(conflicted)


def write_round(folder: Path, spec: Spec) -> Summary:
    """Write the round described by `spec` into `folder` (created; it must not exist or be empty)."""
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} exists and is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(spec.seed)
    summary = Summary(assessors=spec.assessors)
    writer = _Writer(summary)
    districts = DISTRICT_NAMES[: spec.districts]
    subs = _make_submissions(rnd, spec, districts)

    decisions: list[str] = []
    if spec.decisions:
        for sub in subs:
            if sub.stage != "plan":
                continue
            draw = rnd.random()
            day = (dt.date(YEAR, 5, 1) + dt.timedelta(days=rnd.randrange(0, 20))).isoformat()
            if draw < 0.005:
                sub.withdrawn_or_excluded = True
                decisions.append(
                    f"- {{submission: {sub.id}, decision: withdrawn, reason: De aanvrager trok de aanvraag in,"
                    f" date: {day}}}"
                )
            elif draw < 0.007:
                sub.withdrawn_or_excluded = True
                decisions.append(
                    f"- {{submission: {sub.id}, decision: exclude, reason: Dubbele aanvraag, date: {day}}}"
                )
            elif draw < 0.012 and sub.requested is not None and sub.requested >= 2 * GRANT_MIN:
                decisions.append(
                    f"- {{submission: {sub.id}, decision: cap, amount: {sub.requested // 2},"
                    f" reason: Alleen de eerste fase wordt gesubsidieerd, date: {day}}}"
                )

    plans = [sub for sub in subs if sub.stage == "plan"]
    eligible = [sub for sub in plans if sub.eligible(districts)]
    summary.submissions = len(subs)
    summary.plans = len(plans)
    summary.ideas = len(subs) - len(plans)
    summary.eligible_plans = len(eligible)
    summary.decisions = len(decisions)
    summary.ineligible = {
        "outside the municipality": sum(1 for s in plans if s.district in OUTSIDE),
        "profit motive": sum(1 for s in plans if s.profit_motive),
        "below the grant minimum": sum(1 for s in plans if s.grant() < GRANT_MIN),
        "withdrawn or excluded": sum(1 for s in plans if s.withdrawn_or_excluded),
    }

    # The money: about a third of what the eligible plans ask. Each area team holds its
    # half of 90% of a third of what is asked in its district, so the area-team pots and
    # the policy pot run out at about the same time, and some area teams before it.
    asked = sum(sub.grant() for sub in eligible)
    budget = max(10000, asked // 3 // 1000 * 1000)
    pots: dict[str, int] = {}
    for district in districts:
        in_district = sum(sub.grant() for sub in eligible if sub.district == district)
        pots[district] = in_district // 3 * SHARE_POT_PERCENT // 100 * 9 // 10 // 100 * 100
    pots["beleid"] = max(5000, budget - sum(pots.values()))
    ceiling = sum(pots.values()) + PRIZES[0] * PRIZES[1]
    summary.ceiling = ceiling
    writer.write(folder / "round.yaml", _round_yaml(spec, districts, pots, ceiling))

    in_list = [spec.layout == "list" or (spec.layout == "both" and index % 5 == 0) for index in range(len(subs))]
    if spec.layout != "list":
        (folder / "submissions").mkdir()
        for sub, listed in zip(subs, in_list, strict=True):
            if not listed:
                writer.write(folder / "submissions" / f"{sub.id}.yaml", _submission_yaml(sub, in_list=False))
    if any(in_list):
        text = "".join(_submission_yaml(sub, True) for sub, listed in zip(subs, in_list, strict=True) if listed)
        writer.write(folder / "submissions.yaml", text)

    # Scores only for the plans that need them: assessors do not score ineligible plans.
    summary.conflicts = _write_scores(rnd, spec, writer, folder / "scores", eligible)
    if decisions:
        writer.write(folder / "decisions.yaml", "\n".join(decisions) + "\n")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Write a round from the command line."""
    parser = argparse.ArgumentParser(
        description="Write a realistic synthetic funding round (deterministic from --seed)."
    )
    parser.add_argument("out", type=Path, help="the round folder to create (must not exist or be empty)")
    parser.add_argument("-n", "--submissions", type=int, default=1000, help="number of submissions (default 1000)")
    parser.add_argument("-a", "--assessors", type=int, default=5, help="number of assessors (default 5)")
    parser.add_argument("--districts", type=int, default=7, help="number of districts, 5-10 (default 7)")
    parser.add_argument(
        "--scores", choices=SCORES_FORMATS, default="yaml", help="score files: yaml, csv or xlsx (default yaml)"
    )
    parser.add_argument("--layout", choices=LAYOUTS, default="files", help="where submissions go (default files)")
    parser.add_argument("--no-decisions", action="store_true", help="write no decisions.yaml")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    try:
        spec = Spec(
            submissions=args.submissions,
            assessors=args.assessors,
            districts=args.districts,
            scores=args.scores,
            layout=args.layout,
            decisions=not args.no_decisions,
            seed=args.seed,
        )
        summary = write_round(args.out, spec)
    except (ValueError, FileExistsError) as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    print(
        f"{args.out}: {summary.submissions} submissions ({summary.plans} plans, {summary.ideas} ideas,"
        f" {summary.eligible_plans} eligible), {summary.assessors} assessors, {summary.conflicts} conflicts,"
        f" {summary.decisions} decisions, {summary.files} files, {summary.bytes / 2**20:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
