"""The report's sections as rows of values, built once for every format that shows them.

`sections(report)` returns the funnel, the pots, the districts (when there are any),
the prize winners (when there are any) and the averages, each as a Section: a title,
Columns (output/cells.py) and one row of values per line, plus the data of the bar
drawn beside it. The Markdown, the terminal view (output/report_view.py) and the HTML
page (output/html.py) each render these same Sections; they only decide how a cell,
a bar or a heading looks. The header line, the totals and the average score are
built here once too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from initiatief.models import Language
from initiatief.output.cells import Column, Kind, cell_text
from initiatief.output.rows import votes_value
from initiatief.reports.annual import Report
from initiatief.texts.formats import Counted, count, money, score_text
from initiatief.texts.labels import method_label
from initiatief.texts.report import report_text

EMPTY = "-"
"""What a report cell shows for a figure that does not apply (a district without district pots)."""


@dataclass(frozen=True)
class Chart:
    """The data of one bar: segments (value, role) out of `whole`.

    A role names what a segment is ('stage', 'awarded', 'prize_winners', 'used',
    'left', 'average'); each format picks its colour or character for it.
    """

    segments: tuple[tuple[Decimal | Fraction | int, str], ...]
    whole: Decimal | Fraction | int


@dataclass(frozen=True)
class Section:
    """One section of the report: its key, its title, its columns and a row of values per line.

    `charts` has a Chart per row, or is empty when the section has no bars. `note` is
    a sentence shown under the table (the average score).
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]
    charts: tuple[Chart, ...] = ()
    note: str | None = None


def cell(column: Column, row: dict[str, Any], language: Language) -> str:
    """Return one cell of a section as people read it ('€ 5.000,00', '3,76', '-')."""
    return cell_text(column.kind, row.get(column.key), language, EMPTY)


def district_name(report: Report, district: str | None) -> str:
    """Return a district for people: its declared label (else its id), or '(geen wijk)' for plans without one."""
    if district is None:
        return report_text(report.language, "no-district")
    return dict(report.district_labels).get(district, district)


def has_districts(report: Report) -> bool:
    """Return whether the report has any named district worth a section of its own."""
    return any(d.district is not None for d in report.districts)


def meta(report: Report) -> tuple[tuple[str, str], ...]:
    """Return the line under the report's name: year, distribution method and ceiling, as (label, value)."""
    lang = report.language
    return (
        (report_text(lang, "year"), str(report.year)),
        (report_text(lang, "method"), method_label(lang, report.method)),
        (report_text(lang, "ceiling"), money(report.ceiling, lang)),
    )


def totals(report: Report) -> tuple[tuple[str, str], ...]:
    """Return what was paid out, as (label, value): awarded, the prize money (if the round has prizes), the awards."""
    lang = report.language
    items = [(report_text(lang, "total-awarded"), money(report.total_awarded, lang))]
    if report.prize_winners or any(p.for_prizes for p in report.pots):
        items.append((report_text(lang, "total-prizes"), money(report.total_prizes, lang)))
    items.append((report_text(lang, "total-plans"), cell_text(Kind.COUNT, report.awarded_count, lang)))
    return tuple(items)


def joined(items: tuple[tuple[str, str], ...]) -> str:
    """Return (label, value) pairs as one line: 'Jaar: 2017 · Verdeling: rangschikking'."""
    return " · ".join(f"{label}: {value}" for label, value in items)


def average_line(report: Report) -> str | None:
    """Return 'Gemiddelde gewogen score: 37,27 van 50,00 (45 beoordeelde plannen).', or None if none was assessed."""
    if report.average_score is None:
        return None
    lang = report.language
    return report_text(lang, "average-score", score=score_text(report.average_score, lang),
                       maximum=score_text(report.max_score, lang), count=report.assessed)


def sections(report: Report) -> tuple[Section, ...]:
    """Return the report's sections in the order every format shows them."""
    found = [funnel(report), pots(report)]
    if has_districts(report):
        found.append(districts(report))
    if report.prize_winners:
        found.append(prize_winners(report))
    if report.votes is not None:
        found.append(votes(report))
        if report.votes.turnout:
            found.append(turnout(report))
    if report.averages:
        found.append(averages(report))
    return tuple(found)


def votes(report: Report) -> Section:
    """Return the plans in the vote by votes: votes, outcome, award; the note says how many ballots."""
    assert report.votes is not None
    v = report.votes
    columns = (_column(report, "title", Kind.TEXT), _column(report, "votes", Kind.VOTES),
               _column(report, "outcome", Kind.STATUS, 2), _column(report, "awarded", Kind.MONEY, 1))
    rows = tuple({"title": p.title, "votes": votes_value(p.votes), "outcome": p.status, "awarded": p.awarded}
                 for p in v.plans)
    widest = max((p.votes for p in v.plans), default=Fraction(0))
    charts = tuple(Chart(((p.votes, "used" if p.awarded else "left"),), widest) for p in v.plans)
    lang = report.language
    note = report_text(lang, "ballots-note-jury" if v.jury else "ballots-note",
                       ballots=Counted(count(v.ballots, lang), v.ballots), ignored=Counted(count(v.ignored, lang),
                                                                                           v.ignored))
    return Section("votes", report_text(lang, "votes-section"), columns, rows, charts, note)


def turnout(report: Report) -> Section:
    """Return the ballots per voters' district, and the turnout where the inhabitants are declared."""
    assert report.votes is not None
    columns = (_column(report, "district", Kind.ID), _column(report, "ballots", Kind.COUNT),
               _column(report, "turnout", Kind.SHARE, 1))
    rows = tuple({"district": district_name(report, t.district), "ballots": t.ballots, "turnout": t.turnout}
                 for t in report.votes.turnout)
    widest = max((t.ballots for t in report.votes.turnout), default=0)
    charts = tuple(Chart(((t.ballots, "used"),), widest) for t in report.votes.turnout)
    return Section("turnout", report_text(report.language, "turnout-section"), columns, rows, charts)


def _column(report: Report, key: str, kind: Kind, importance: int = 0) -> Column:
    return Column(key, report_text(report.language, key), kind, importance)


def funnel(report: Report) -> Section:
    """Return the funnel: each step, its count and its share of the first stage; bars against the largest step."""
    first = report.funnel[0].count if report.funnel else 0
    widest = max((s.count for s in report.funnel), default=0)
    columns = (_column(report, "step", Kind.TEXT), _column(report, "count", Kind.COUNT),
               _column(report, "share-of-first", Kind.SHARE, 2))
    rows = tuple({"step": s.label, "count": s.count, "share-of-first": Fraction(s.count, first) if first else None}
                 for s in report.funnel)
    charts = tuple(Chart(((s.count, s.key if s.key in ("awarded", "prize_winners") else "stage"),), widest)
                   for s in report.funnel)
    return Section("funnel", report_text(report.language, "funnel"), columns, rows, charts)


def pots(report: Report) -> Section:
    """Return each pot: amount, what moved (only when leftovers moved between pots), used and left."""
    moved = any(p.moved for p in report.pots)
    columns = (
        _column(report, "pot", Kind.TEXT), _column(report, "amount", Kind.MONEY, 1),
        *([_column(report, "moved", Kind.MONEY, 3)] if moved else []),
        _column(report, "used", Kind.MONEY), _column(report, "left", Kind.MONEY),
    )
    rows = tuple({"pot": p.label, "amount": p.amount, "moved": p.moved, "used": p.used, "left": p.left}
                 for p in report.pots)
    largest = max((max(p.total, p.used) for p in report.pots), default=Decimal(0))
    charts = tuple(Chart(((p.used, "used"), (max(p.left, Decimal(0)), "left")), largest) for p in report.pots)
    return Section("pots", report_text(report.language, "pots"), columns, rows, charts)


def districts(report: Report) -> Section:
    """Return each district: funded plans, requested, awarded, and its district pots with what is left in them."""
    with_pots = any(d.pots for d in report.districts)
    columns = (
        _column(report, "district", Kind.ID), _column(report, "funded-plans", Kind.COUNT, 3),
        _column(report, "requested", Kind.MONEY, 2), _column(report, "awarded", Kind.MONEY),
        *([_column(report, "district-pots", Kind.IDS, 4), _column(report, "district-used", Kind.MONEY, 1),
           _column(report, "district-left", Kind.MONEY, 1)]
          if with_pots else []),
    )
    labels = {p.id: p.label for p in report.pots}  # pots for people by their label, as the pots section shows them
    rows = tuple(
        {"district": district_name(report, d.district), "funded-plans": d.plans, "requested": d.requested,
         "awarded": d.awarded, "district-pots": tuple(labels.get(p, p) for p in d.pots) or None,
         "district-used": d.pot_used if d.pots else None,
         "district-left": d.pot_left if d.pots else None}
        for d in report.districts
    )
    # A bar is a real budget or none: with district pots, what the district's pots paid and what is
    # left in them, against the largest of those pots; without any, each district's share of all awards.
    # (Awards paid by a city-wide pot are no part of a district's budget, so they are never stacked on it.)
    if with_pots:
        widest = max((d.pot_total for d in report.districts), default=Decimal(0))
        charts = tuple(Chart(((d.pot_used, "used"), (max(d.pot_left, Decimal(0)), "left")), widest)
                       for d in report.districts)
    else:
        total = sum((d.awarded for d in report.districts), Decimal(0))
        charts = tuple(Chart(((d.awarded, "used"),), total) for d in report.districts)
    return Section("districts", report_text(report.language, "districts"), columns, rows, charts)


def prize_winners(report: Report) -> Section:
    """Return each prize winner: rank, title, applicant as published, prize and amount."""
    columns = (_column(report, "rank", Kind.COUNT, 3), _column(report, "title", Kind.TEXT),
               _column(report, "applicant", Kind.TEXT, 2), _column(report, "prize", Kind.TEXT, 1),
               _column(report, "amount", Kind.MONEY))
    rows = tuple({"rank": w.rank, "title": w.title, "applicant": w.applicant, "prize": w.label, "amount": w.amount}
                 for w in report.prize_winners)
    return Section("prize-winners", report_text(report.language, "prize-winners"), columns, rows)


def averages(report: Report) -> Section:
    """Return the average score per criterion over the assessed plans (no rows when none was assessed)."""
    columns = (_column(report, "criterion", Kind.TEXT), _column(report, "weight", Kind.NUMBER, 2),
               _column(report, "scale", Kind.RANGE, 3), _column(report, "average", Kind.SCORE),
               _column(report, "assessed", Kind.COUNT, 4))
    shown = report.averages if report.assessed else ()
    rows = tuple({"criterion": a.label, "weight": a.weight, "scale": (a.low, a.high), "average": a.average,
                  "assessed": a.assessed} for a in shown)
    charts = tuple(Chart(((a.average or Fraction(0), "average"),), a.high) for a in shown)
    note = average_line(report) if report.assessed else report_text(report.language, "no-assessed")
    return Section("averages", report_text(report.language, "averages"), columns, rows, charts, note)
