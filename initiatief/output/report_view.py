"""Renderers of a Report (initiatief/report.py): Markdown, the rich terminal view and JSON values.

All three show the same sections in the round's language: the paragraph, the
funnel, the budget per pot and per district, the prize winners and the average
score per criterion. They only format; every number comes from the Report.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from tabulate import tabulate

from initiatief.amounts import cents, round_fraction
from initiatief.models import Language
from initiatief.reports.annual import Report
from initiatief.texts.formats import money, score_text
from initiatief.texts.report import method_label, report_text

BAR_WIDTH = 30
"""Characters in the longest terminal bar."""


def district_name(report: Report, district: str | None) -> str:
    """Return a district for people: its id, or '(geen wijk)' for plans without one."""
    return district if district is not None else report_text(report.language, "no-district")


def has_districts(report: Report) -> bool:
    """Return whether the report has any named district worth a section of its own."""
    return any(d.district is not None for d in report.districts)


def percent_of(part: int, whole: int) -> str:
    """Return part/whole as a whole percentage ('43%'); '-' when whole is 0."""
    if whole == 0:
        return "-"
    return f"{round_fraction(Fraction(100 * part, whole), 0)}%"


# --- Markdown --------------------------------------------------------------------------


def report_markdown(report: Report) -> str:
    """Return the report as a Markdown document with GitHub tables."""
    lang = report.language

    def t(key: str, **values: Any) -> str:
        return report_text(lang, key, **values)

    first = report.funnel[0].count if report.funnel else 0
    parts = [
        f"# {_md(report.name)}",
        "",
        f"{t('year')}: {report.year} · {t('method')}: {method_label(lang, report.method)} · "
        f"{t('ceiling')}: {money(report.ceiling, lang)}",
        "",
        f"## {t('paragraph')}",
        "",
        _md(report.paragraph),
        "",
        f"## {t('funnel')}",
        "",
        _table([[s.label, str(s.count), percent_of(s.count, first)] for s in report.funnel],
               [t("step"), t("count"), t("share-of-first")]),
        "",
        f"## {t('pots')}",
        "",
        _pot_table(report),
        "",
        _totals_line(report),
        "",
    ]
    if has_districts(report):
        with_pots = any(d.pots for d in report.districts)
        heads = [t("district"), t("plans"), t("requested"), t("awarded")]
        body = [[_md(district_name(report, d.district)), str(d.plans), money(d.requested, lang), money(d.awarded, lang)]
                for d in report.districts]
        if with_pots:
            heads += [t("district-pots"), t("district-left")]
            for d, row in zip(report.districts, body, strict=True):
                row += [_md(", ".join(d.pots)) or "-", money(d.pot_left, lang) if d.pots else "-"]
        parts += [f"## {t('districts')}", "", _table(body, heads), ""]
    if report.prize_winners:
        parts += [
            f"## {t('prize-winners')}",
            "",
            _table([[_md(w.title), _md(w.applicant), _md(w.label), money(w.amount, lang)]
                    for w in report.prize_winners],
                   [t("title"), t("applicant"), t("prize"), t("amount")]),
            "",
        ]
    parts += [f"## {t('averages')}", ""]
    if report.assessed:
        parts += [
            _table([[_md(a.label), str(a.weight), f"{a.low}–{a.high}", _score(a.average, lang), str(a.assessed)]
                    for a in report.averages],
                   [t("criterion"), t("weight"), t("scale"), t("average"), t("assessed")]),
            "",
            _average_line(report),
            "",
        ]
    else:
        parts += [t("no-assessed"), ""]
    return "\n".join(parts)


def _pot_table(report: Report) -> str:
    lang = report.language
    moved = any(p.moved for p in report.pots)  # the column only when leftovers moved between pots
    heads = ["pot", "amount", *(["moved"] if moved else []), "used", "left"]
    body = [
        [_md(p.label), money(p.amount, lang), *([money(p.moved, lang)] if moved else []), money(p.used, lang),
         money(p.left, lang)]
        for p in report.pots
    ]
    return _table(body, [report_text(lang, h) for h in heads])


def _totals_line(report: Report) -> str:
    lang = report.language
    line = f"{report_text(lang, 'total-awarded')}: {money(report.total_awarded, lang)}"
    if report.prize_winners or any(p.for_prizes for p in report.pots):
        line += f" · {report_text(lang, 'total-prizes')}: {money(report.total_prizes, lang)}"
    return line


def _table(body: list[list[str]], heads: list[str]) -> str:
    return tabulate(body, headers=heads, tablefmt="github", disable_numparse=True)


def _md(text: str) -> str:
    """Return text safe in a Markdown table cell or paragraph: pipes escaped, no line breaks."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _score(value: Fraction | None, language: Language) -> str:
    return score_text(value, language) if value is not None else "-"


def _average_line(report: Report) -> str:
    assert report.average_score is not None
    return report_text(report.language, "average-score", score=score_text(report.average_score, report.language),
                       maximum=score_text(report.max_score, report.language), count=report.assessed)


# --- rich (terminal) -------------------------------------------------------------------


def report_rich(report: Report) -> Group:
    """Return the report as a rich renderable: the paragraph and tables with text bars (no live display)."""
    lang = report.language

    def t(key: str, **values: Any) -> str:
        return report_text(lang, key, **values)

    parts: list[RenderableType] = [
        Text(report.name, style="bold"),
        Text(f"{t('year')}: {report.year} · {t('method')}: {method_label(lang, report.method)} · "
             f"{t('ceiling')}: {money(report.ceiling, lang)}", style="dim"),
        Text(""),
        Text(report.paragraph),
        Text(""),
    ]

    first = max((s.count for s in report.funnel), default=0)
    funnel = Table(title=t("funnel"), title_justify="left")
    funnel.add_column(t("step"))
    funnel.add_column(t("count"), justify="right")
    funnel.add_column("", no_wrap=True)
    for step in report.funnel:
        style = "yellow" if step.key == "prize_winners" else "green" if step.key == "awarded" else "cyan"
        funnel.add_row(step.label, str(step.count), _bar([(step.count, style)], first))
    parts.append(funnel)

    largest = max((max(p.total, p.used) for p in report.pots), default=Decimal(0))
    pots = Table(title=t("pots"), title_justify="left")
    for head in ("pot", "amount", "used", "left"):
        pots.add_column(t(head), justify="left" if head == "pot" else "right")
    pots.add_column("", no_wrap=True)
    for p in report.pots:
        pots.add_row(p.label, money(p.total, lang), money(p.used, lang), money(p.left, lang),
                     _bar([(p.used, "green"), (max(p.left, Decimal(0)), "grey50")], largest, fill="░"))
    parts.append(pots)

    if has_districts(report):
        widest = max((d.awarded + max(d.pot_left, Decimal(0)) for d in report.districts), default=Decimal(0))
        with_pots = any(d.pots for d in report.districts)
        districts = Table(title=t("districts"), title_justify="left")
        heads = ["district", "plans", "requested", "awarded"] + (["district-left"] if with_pots else [])
        for head in heads:
            districts.add_column(t(head), justify="left" if head == "district" else "right")
        districts.add_column("", no_wrap=True)
        for d in report.districts:
            cells = [district_name(report, d.district), str(d.plans), money(d.requested, lang), money(d.awarded, lang)]
            if with_pots:
                cells.append(money(d.pot_left, lang) if d.pots else "-")
            bar = _bar([(d.awarded, "green"), (max(d.pot_left, Decimal(0)), "grey50")], widest, fill="░")
            districts.add_row(*cells, bar)
        parts.append(districts)

    if report.prize_winners:
        prizes = Table(title=t("prize-winners"), title_justify="left")
        for head in ("title", "applicant", "prize", "amount"):
            prizes.add_column(t(head), justify="right" if head == "amount" else "left")
        for w in report.prize_winners:
            prizes.add_row(w.title, w.applicant, w.label, money(w.amount, lang))
        parts.append(prizes)

    if report.assessed:
        averages = Table(title=t("averages"), title_justify="left", caption=_average_line(report),
                         caption_justify="left")
        for head in ("criterion", "weight", "scale", "average"):
            averages.add_column(t(head), justify="left" if head == "criterion" else "right")
        averages.add_column("", no_wrap=True)
        for a in report.averages:
            bar = _bar([(a.average or Fraction(0), "cyan")], a.high)
            averages.add_row(a.label, str(a.weight), f"{a.low}–{a.high}", _score(a.average, lang), bar)
        parts.append(averages)
    return Group(*parts)


def _bar(segments: list[tuple[Decimal | Fraction | int, str]], whole: Decimal | Fraction | int,
         fill: str = "█") -> Text:
    """Return a text bar: each segment as a run of blocks proportional to `whole` (BAR_WIDTH blocks).

    The first segment is drawn with '█', later ones with `fill`, so the parts
    stay distinguishable without colour (NO_COLOR, printouts).
    """
    bar = Text()
    if not whole:
        return bar
    drawn = 0
    running = Fraction(0)
    for index, (value, style) in enumerate(segments):
        running += Fraction(value)
        # Round the running total, not each part, so the parts add up to the whole bar.
        end = int(round_fraction(running / Fraction(whole) * BAR_WIDTH, 0))
        bar.append(("█" if index == 0 else fill) * max(end - drawn, 0), style=style)
        drawn = max(drawn, end)
    return bar


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
    }


def _num(value: Fraction | None) -> float | None:
    return float(round_fraction(value)) if value is not None else None
