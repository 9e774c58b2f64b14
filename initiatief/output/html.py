"""The report as ONE self-contained HTML file, to publish or to print.

No network access of any kind: no scripts, fonts, images or style sheets from
elsewhere (a Content-Security-Policy of default-src 'none' makes a browser refuse
them should one ever slip in). The CSS is inline, the charts are inline SVG, and
every text from the round is escaped with html.escape. The page reads on a phone
(viewport meta; the ranked table scrolls sideways) and prints on A4.
Same outcome, same bytes: there is no timestamp or anything else that varies.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from initiatief.models import Language, LetterSettings, Outcome, Status
from initiatief.output.cells import Column, Kind, cell_text, columns_for
from initiatief.output.report_rows import Chart, Section, cell, joined, meta, sections, totals
from initiatief.output.rows import result_rows
from initiatief.reports.annual import Report, earlier_stage_count
from initiatief.texts.formats import long_date
from initiatief.texts.report import report_text

_CSP = "default-src 'none'; style-src 'unsafe-inline'"

# Colours are plain hex values so they survive printing and need nothing external.
_COLOURS = {"stage": "#0969da", "awarded": "#1a7f37", "prize_winners": "#bf8700", "used": "#1a7f37",
            "left": "#b6d7c0", "track": "#eef1f4", "average": "#0969da"}

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:#1f2328;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #d0d7de}
.meta{color:#59636e;margin:0}
.sender{margin:0 0 1rem;padding-bottom:.6rem;border-bottom:1px solid #d0d7de}
.sender p{margin:0}
.paragraph{font-size:1.05rem;max-width:45rem}
.totals{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:.8rem 0;padding:0;list-style:none}
.totals li{font-variant-numeric:tabular-nums}
.totals b{display:block;font-size:1.15rem}
.bar-row{margin:.45rem 0}
.bar-label{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 1rem;font-size:.95rem}
.bar-label .value{color:#59636e;font-variant-numeric:tabular-nums}
svg.bar{display:block;width:100%;height:14px}
.legend{font-size:.85rem;color:#59636e;margin:.2rem 0 .6rem}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .8rem;vertical-align:-.1rem}
.legend span:first-child{margin-left:0}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.35rem .5rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.ranked{min-width:56rem;font-size:.85rem}
table.ranked th,table.ranked td{padding:.3rem .4rem}
@media (min-width:64rem){section.ranking{width:calc(100vw - 2rem);max-width:110rem;margin-left:50%;
transform:translateX(-50%)}}
table.ranked td{white-space:nowrap}
table.ranked td.wrap{white-space:normal;min-width:7rem}
table.ranked td.reasons{white-space:normal;min-width:12rem;color:#59636e;font-size:.8rem}
.status{display:inline-block;padding:0 .45rem;border-radius:.7rem;font-size:.8rem;white-space:nowrap}
.status-awarded,.status-partly-awarded{background:#dafbe1;color:#116329}
.status-not-funded{background:#fff8c5;color:#7d4e00}
.status-insufficient,.status-ineligible{background:#ffebe9;color:#a40e26}
.status-withdrawn,.status-excluded,.status-incomplete,.status-earlier-stage{background:#eff2f5;color:#424a53}
.note{color:#59636e;font-size:.9rem}
@media (max-width:30rem){main{padding:.75rem}h1{font-size:1.35rem}body{font-size:15px}}
@media print{
@page{size:A4;margin:15mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:10pt}
main{max-width:none;padding:0}
h2{break-after:avoid}
section{break-inside:avoid}
section.ranking{break-inside:auto;width:auto;max-width:none;margin-left:0;transform:none}
.scroll{overflow:visible}
table.ranked{min-width:0;font-size:8pt}
table.ranked td,table.ranked td.wrap,table.ranked td.reasons{white-space:normal;min-width:0}
table.ranked td.reasons{width:28%}
thead{display:table-header-group}
tr{break-inside:avoid}
}
"""


def e(value: object) -> str:
    """Return any value as escaped HTML text (quotes too, so it is safe in attributes).

    '€ 15.000,00' gets a no-break space, so a narrow screen never puts the euro sign
    at the end of one line and the amount on the next.
    """
    return html.escape(str(value), quote=True).replace("€ ", "€\u00a0")


def report_html(report: Report, outcome: Outcome) -> str:
    """Return the report as one self-contained HTML document: paragraph, charts, prize winners, ranked table.

    The sections are the rows of output/report_rows.py, the ranked table the rows of
    output/rows.py: the same figures as the Markdown and the terminal, drawn for a page.
    """
    lang = report.language
    body = [
        *_sender(outcome.round.letters, lang),
        f"<h1>{e(report.name)}</h1>",
        f'<p class="meta">{e(joined(meta(report)))}</p>',
        '<ul class="totals">' + "".join(f"<li>{e(k)}<b>{e(v)}</b></li>" for k, v in totals(report)) + "</ul>",
        _section(report_text(lang, "paragraph"), f'<p class="paragraph">{e(report.paragraph)}</p>'),
    ]
    body += [_section(section.title, _DRAW[section.key](report, section)) for section in sections(report)]
    body.append(_section(report_text(lang, "ranking"), _ranked(report, outcome), css="ranking"))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(_CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(report.name)} — {e(report_text(lang, 'report'))}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _sender(settings: LetterSettings | None, lang: Language) -> list[str]:
    """Return the sender block of round.yaml `letters:` that heads the letters (organisation, decision date), if any."""
    if settings is None or not (settings.organisation or settings.date):
        return []
    lines = [f"<p><b>{e(settings.organisation)}</b></p>"] if settings.organisation else []
    if settings.department:
        lines.append(f"<p>{e(settings.department)}</p>")
    if settings.date:
        lines.append(f'<p class="meta">{e(report_text(lang, "decided", date=long_date(settings.date, lang)))}</p>')
    return ['<header class="sender">' + "".join(lines) + "</header>"]


def _section(title: str, content: str, css: str = "") -> str:
    attribute = f' class="{e(css)}"' if css else ""
    return f"<section{attribute}>\n<h2>{e(title)}</h2>\n{content}\n</section>"


# --- charts: one row per bar, the words in HTML (they wrap on a phone), the bar in SVG ---


def _bar_svg(chart: Chart, label: str) -> str:
    """Return an inline SVG bar: a light track with one rect per segment, widths proportional to the whole."""
    rects = [f'<rect x="0" y="0" width="1000" height="10" fill="{_COLOURS["track"]}"/>']
    start = Fraction(0)
    whole = chart.whole
    for value, role in chart.segments:
        if not whole or not value or value < 0:
            continue
        # Widths in thousandths of the bar, rounded to one decimal: enough for the eye, and stable output.
        x = start * 1000 / Fraction(whole)
        width = min(Fraction(value) * 1000 / Fraction(whole), 1000 - x)
        rects.append(f'<rect x="{_coord(x)}" y="0" width="{_coord(width)}" height="10" '
                     f'fill="{_COLOURS.get(role, _COLOURS["stage"])}"/>')
        start += Fraction(value)
    return (f'<svg class="bar" viewBox="0 0 1000 10" preserveAspectRatio="none" role="img" '
            f'aria-label="{e(label)}">{"".join(rects)}</svg>')


def _coord(value: Fraction) -> str:
    return f"{float(value):.1f}"


def _bar_row(label: str, value: str, chart: Chart) -> str:
    return (f'<div class="bar-row"><div class="bar-label"><span>{e(label)}</span>'
            f'<span class="value">{e(value)}</span></div>{_bar_svg(chart, f"{label}: {value}")}</div>')


def _legend(items: Sequence[tuple[str, str]]) -> str:
    parts = "".join(f'<span style="background:{colour}"></span>{e(text)}' for text, colour in items)
    return f'<div class="legend">{parts}</div>'


def _chart(rows: Sequence[str], role: str = "") -> str:
    attribute = f' role="{e(role)}"' if role else ""
    return f'<div class="chart"{attribute}>{"".join(rows)}</div>'


def _funnel(report: Report, section: Section) -> str:
    lang = report.language
    count = section.columns[1]
    return _chart([_bar_row(row["step"], cell(count, row, lang), chart)
                   for row, chart in zip(section.rows, section.charts, strict=True)], role="list")


def _pots(report: Report, section: Section) -> str:
    lang = report.language
    rows = []
    for row, chart in zip(section.rows, section.charts, strict=True):
        value = report_text(lang, "bar-pot", used=cell_text(Kind.MONEY, row["used"], lang),
                            left=cell_text(Kind.MONEY, row["left"], lang),
                            total=cell_text(Kind.MONEY, row["amount"] + row["moved"], lang))
        rows.append(_bar_row(row["pot"], value, chart))
    legend = _legend([(report_text(lang, "used"), _COLOURS["used"]), (report_text(lang, "left"), _COLOURS["left"])])
    return legend + _chart(rows)


def _districts(report: Report, section: Section) -> str:
    lang = report.language
    rows = []
    for row, chart in zip(section.rows, section.charts, strict=True):
        awarded = cell_text(Kind.MONEY, row["awarded"], lang)
        if row["district-pots"]:
            value = report_text(lang, "bar-district", awarded=awarded,
                                used=cell_text(Kind.MONEY, row["district-used"], lang),
                                left=cell_text(Kind.MONEY, row["district-left"], lang))
        else:
            value = f"{awarded} {report_text(lang, 'awarded').lower()}"
        rows.append(_bar_row(row["district"], value, chart))
    if any(c.key == "district-left" for c in section.columns):
        keys = [(report_text(lang, "district-used"), _COLOURS["used"]),
                (report_text(lang, "district-left"), _COLOURS["left"])]
    else:
        keys = [(report_text(lang, "district-share"), _COLOURS["used"])]
    return _legend(keys) + _chart(rows) + _table(section.columns, section.rows, lang, "-")


def _prize_winners(report: Report, section: Section) -> str:
    return _table(section.columns, section.rows, report.language, "")


def _averages(report: Report, section: Section) -> str:
    lang = report.language
    if not section.rows:
        return f'<p class="note">{e(section.note or "")}</p>'
    weight, average = section.columns[1], section.columns[3]
    rows = []
    for row, chart in zip(section.rows, section.charts, strict=True):
        label = f"{row['criterion']} ({report_text(lang, 'weight').lower()} {cell(weight, row, lang)})"
        value = f"{cell(average, row, lang)} / {cell_text(Kind.NUMBER, row['scale'][1], lang)}"
        rows.append(_bar_row(label, value, chart))
    return _chart(rows) + f'<p class="note">{e(section.note or "")}</p>'


def _votes(report: Report, section: Section) -> str:
    lang = report.language
    votes, outcome = section.columns[1], section.columns[2]
    rows = [_bar_row(row["title"], f"{cell(votes, row, lang)} · {cell(outcome, row, lang)}", chart)
            for row, chart in zip(section.rows, section.charts, strict=True)]
    return _chart(rows, role="list") + f'<p class="note">{e(section.note or "")}</p>'


def _turnout(report: Report, section: Section) -> str:
    return _table(section.columns, section.rows, report.language, "-")


_DRAW = {"funnel": _funnel, "pots": _pots, "districts": _districts, "prize-winners": _prize_winners,
         "averages": _averages, "votes": _votes, "turnout": _turnout}
"""How each section of output/report_rows.py is drawn on the page."""


# --- tables ------------------------------------------------------------------------------


def _table(columns: Sequence[Column], rows: Sequence[dict[str, Any]], lang: Language, empty: str,
           css: str = "") -> str:
    """Return an HTML table in a sideways-scrolling box: a heading per column, a cell per value."""
    head = "".join(f"<th{_cls(_css(c))}>{e(c.heading)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td{_cls(_css(c))}>{_html_cell(c, row.get(c.key), lang, empty)}</td>" for c in columns)
        + "</tr>"
        for row in rows
    )
    table_class = f' class="{e(css)}"' if css else ""
    return f'<div class="scroll"><table{table_class}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _css(column: Column) -> str:
    if column.numeric:
        return "num"
    if column.kind is Kind.REASONS:
        return "reasons"
    return "wrap" if column.kind is Kind.TEXT else ""


def _html_cell(column: Column, value: Any, lang: Language, empty: str) -> str:
    """Return a cell as escaped HTML: every text from the round goes through e(); a status as a badge."""
    text = e(cell_text(column.kind, value, lang, empty))
    if column.kind is Kind.STATUS and value is not None:
        return f'<span class="status status-{e(value)}">{text}</span>'
    return text


def _cls(css: str) -> str:
    return f' class="{e(css)}"' if css else ""


RANKED_COLUMNS = ("rank", "title", "applicant", "district", "status", "score", "requested", "awarded", "prize",
                  "reasons")
"""The ranked table's columns: those of output/rows.py, the same rows the score table shows."""


def _ranked(report: Report, outcome: Outcome) -> str:
    """Return the ranked table of every submission that reached the assessed stage, with its status."""
    lang = report.language
    rows = [row for row in result_rows(outcome) if row["status"] != Status.EARLIER_STAGE.value]
    table = _table(columns_for(RANKED_COLUMNS, lang), rows, lang, "", css="ranked")
    skipped = earlier_stage_count(outcome)
    if skipped:
        table += f'<p class="note">{e(report_text(lang, "earlier-stage-note", count=skipped))}</p>'
    return table
