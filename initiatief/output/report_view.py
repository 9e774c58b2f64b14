"""Renderers of a Report (reports/annual.py): Markdown, the rich terminal view and JSON values.

Markdown and the terminal view show the same sections in the round's language: the
paragraph, the funnel, the budget per pot and per district, the prize winners and the
average score per criterion. The sections' rows come from output/report_rows.py (the
HTML page renders the same rows); these functions only format them.
"""

from __future__ import annotations

import re
import textwrap
from fractions import Fraction
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

from initiatief.amounts import cents, round_fraction, vote_json
from initiatief.output.markdown import escape, grid
from initiatief.output.report_rows import Chart, Section, cell, joined, meta, sections, totals
from initiatief.output.table import Bar, FittedTable, add_bar_column, rich_cell
from initiatief.reports.annual import Report
from initiatief.texts.report import report_text

# --- Markdown --------------------------------------------------------------------------


def report_markdown(report: Report) -> str:
    """Return the report as a Markdown document with GitHub tables."""
    lang = report.language
    parts = [
        f"# {escape(report.name)}",
        "",
        escape(joined(meta(report))),
        "",
        f"## {escape(report_text(lang, 'paragraph'))}",
        "",
        escape(report.paragraph),
        "",
    ]
    for section in sections(report):
        parts += [f"## {escape(section.title)}", ""]
        if section.rows:
            body = [[escape(cell(c, row, lang)) for c in section.columns] for row in section.rows]
            parts += [grid(body, [escape(c.heading) for c in section.columns], [c.numeric for c in section.columns]),
                      ""]
        if section.note:
            parts += [escape(section.note), ""]
        if section.key == "pots":
            parts += [escape(joined(totals(report))), ""]
    return "\n".join(parts)


# --- rich (terminal) -------------------------------------------------------------------

_STYLES = {"stage": "cyan", "awarded": "green", "prize_winners": "yellow", "used": "green", "left": "grey50",
           "average": "cyan"}


def report_rich(report: Report) -> Group:
    """Return the report as a rich renderable: the paragraph and tables with text bars that fit the terminal."""
    parts: list[RenderableType] = [
        Text(report.name, style="bold"),
        Paragraph(joined(meta(report)), style="dim"),
        Text(""),
        Paragraph(report.paragraph),
        Text(""),
    ]
    for section in sections(report):
        if section.rows:
            parts.append(_rich_section(report, section))
        elif section.note:
            parts.append(Text(section.note))
        if section.key == "pots":
            parts.append(Paragraph(joined(totals(report))))
    return Group(*parts)


def _rich_section(report: Report, section: Section) -> FittedTable:
    table = FittedTable(section.title, caption=section.note)
    for column in section.columns:
        table.add_fitted_column(column.heading, right=column.numeric, wraps=column.wraps,
                                importance=column.importance, least=column.least)
    if section.charts:
        add_bar_column(table)
    for index, row in enumerate(section.rows):
        cells = [rich_cell(c, row.get(c.key), report.language, "-") for c in section.columns]
        if section.charts:
            cells.append(_bar(section.charts[index]))
        table.add_row(*cells)
    return table


def _bar(chart: Chart) -> Bar:
    """Return a chart as a terminal bar: '█' for the first part, '░' for what is left."""
    return Bar([(value, _STYLES.get(role, "")) for value, role in chart.segments], chart.whole,
               fill="░" if len(chart.segments) > 1 else "█")


# --- JSON ------------------------------------------------------------------------------


def report_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain JSON values: money as '15000.00', scores as numbers rounded to 2 places."""
    return {
        "round": {"name": report.name, "year": report.year, "language": report.language, "method": report.method,
                  "ceiling": cents(report.ceiling), "stages": list(report.stages)},
        "paragraph": report.paragraph,
        "funnel": [{"step": s.key, "label": s.label, "count": s.count} for s in report.funnel],
        "pots": [
            {"id": p.id, "label": p.label, "for": "prizes" if p.for_prizes else "awards",
             "share": str(p.share) if p.share is not None else None, "districts": list(p.districts),
             "amount": cents(p.amount), "moved": cents(p.moved), "used": cents(p.used), "left": cents(p.left)}
            for p in report.pots
        ],
        "districts": [
            {"district": d.district, "plans": d.plans, "requested": cents(d.requested), "awarded": cents(d.awarded),
             "pots": list(d.pots), "pot_total": cents(d.pot_total), "pot_used": cents(d.pot_used),
             "pot_left": cents(d.pot_left)}
            for d in report.districts
        ],
        "prize_winners": [
            {"id": w.id, "title": w.title, "applicant": w.applicant, "prize": w.label, "amount": cents(w.amount),
             "rank": w.rank}
            for w in report.prize_winners
        ],
        "averages": [
            {"criterion": a.id, "label": a.label, "weight": str(a.weight), "scale": [str(a.low), str(a.high)],
             "average": _num(a.average), "assessed": a.assessed}
            for a in report.averages
        ],
        "average_score": _num(report.average_score),
        "max_score": _num(report.max_score),
        "assessed": report.assessed,
        "awarded": report.awarded_count,
        "total_awarded": cents(report.total_awarded),
        "total_prizes": cents(report.total_prizes),
        "total": cents(report.total),
        "cofinanced": report.cofinanced,
        **({} if report.votes is None else {"votes": {
            "ballots": report.votes.ballots, "voters": vote_json(report.votes.voters), "ignored": report.votes.ignored,
            "plans": [{"id": p.id, "title": p.title, "votes": vote_json(p.votes), "status": p.status,
                       "awarded": cents(p.awarded)} for p in report.votes.plans],
            "turnout": [{"district": t.district, "ballots": t.ballots, "inhabitants": t.inhabitants,
                         "turnout": _num(t.turnout)} for t in report.votes.turnout],
        }}),
    }


def _num(value: Fraction | None) -> float | None:
    return float(round_fraction(value)) if value is not None else None


_KEPT = re.compile(r"(€|EUR) (?=-?\d)")
_JOINED = "\x00"


class Paragraph:
    """A text wrapped to the terminal at its spaces, but never between a currency sign and its amount: '€ 7.500,00'
    stays on one line (rich would break it after the '€')."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def _lines(self, width: int) -> list[str]:
        joined = _KEPT.sub(lambda m: m.group(1) + _JOINED, self.text.replace(_JOINED, " "))
        lines = textwrap.wrap(joined, max(width, 1), break_long_words=True, break_on_hyphens=False) or [""]
        return [line.replace(_JOINED, " ") for line in lines]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self._lines(options.max_width):
            yield Text(line, style=self.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self._lines(options.max_width)
        return Measurement(min(len(line) for line in lines), max(len(line) for line in lines))
