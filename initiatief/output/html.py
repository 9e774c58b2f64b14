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
from decimal import Decimal
from fractions import Fraction
from typing import Any

from initiatief.models import Language, Outcome, Result, Status
from initiatief.output.report_view import district_name, has_districts
from initiatief.reports.annual import Report, earlier_stage_count
from initiatief.texts.formats import money, score_text
from initiatief.texts.labels import applicant_name, header, status_label
from initiatief.texts.reasons import phrases
from initiatief.texts.report import method_label, report_text

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
table.ranked{min-width:56rem}
table.ranked td{white-space:nowrap}
table.ranked td.wrap{white-space:normal;min-width:12rem}
table.ranked td.reasons{white-space:normal;min-width:18rem;color:#59636e;font-size:.85rem}
.status{display:inline-block;padding:0 .45rem;border-radius:.7rem;font-size:.8rem;white-space:nowrap}
.status-awarded,.status-partly-awarded{background:#dafbe1;color:#116329}
.status-not-funded{background:#fff8c5;color:#7d4e00}
.status-insufficient,.status-ineligible{background:#ffebe9;color:#a40e26}
.status-withdrawn,.status-excluded,.status-earlier-stage{background:#eff2f5;color:#424a53}
.note{color:#59636e;font-size:.9rem}
@media (max-width:30rem){main{padding:.75rem}h1{font-size:1.35rem}body{font-size:15px}}
@media print{
@page{size:A4;margin:15mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:10pt}
main{max-width:none;padding:0}
h2{break-after:avoid}
section{break-inside:avoid}
section.ranking{break-inside:auto}
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
    """Return the report as one self-contained HTML document: paragraph, charts, prize winners, ranked table."""
    lang = report.language

    def t(key: str, **values: Any) -> str:
        return report_text(lang, key, **values)

    body = [
        f"<h1>{e(report.name)}</h1>",
        f'<p class="meta">{e(t("year"))}: {report.year} · {e(t("method"))}: {e(method_label(lang, report.method))}'
        f" · {e(t('ceiling'))}: {e(money(report.ceiling, lang))}</p>",
        _totals(report),
        _section(t("paragraph"), f'<p class="paragraph">{e(report.paragraph)}</p>'),
        _section(t("funnel"), _funnel(report)),
        _section(t("pots"), _pots(report)),
    ]
    if has_districts(report):
        body.append(_section(t("districts"), _districts(report)))
    if report.prize_winners:
        body.append(_section(t("prize-winners"), _prize_winners(report)))
    body.append(_section(t("averages"), _averages(report)))
    body.append(_section(t("ranking"), _ranked(report, outcome), css="ranking"))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(_CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(report.name)} — {e(t('report'))}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _totals(report: Report) -> str:
    lang = report.language
    items = [(report_text(lang, "total-awarded"), money(report.total_awarded, lang))]
    if report.prize_winners or any(p.for_prizes for p in report.pots):
        items.append((report_text(lang, "total-prizes"), money(report.total_prizes, lang)))
    items.append((header(lang, "awarded_plans"), str(report.awarded_count)))
    return '<ul class="totals">' + "".join(f"<li>{e(k)}<b>{e(v)}</b></li>" for k, v in items) + "</ul>"


def _section(title: str, content: str, css: str = "") -> str:
    attribute = f' class="{e(css)}"' if css else ""
    return f"<section{attribute}>\n<h2>{e(title)}</h2>\n{content}\n</section>"


# --- charts: one row per bar, the words in HTML (they wrap on a phone), the bar in SVG ---


def _bar_svg(segments: Sequence[tuple[Decimal | Fraction | int, str]], whole: Decimal | Fraction | int,
             label: str) -> str:
    """Return an inline SVG bar: a light track with one rect per segment, widths proportional to `whole`."""
    rects = [f'<rect x="0" y="0" width="1000" height="10" fill="{_COLOURS["track"]}"/>']
    start = Fraction(0)
    for value, colour in segments:
        if not whole or not value or value < 0:
            continue
        # Widths in thousandths of the bar, rounded to one decimal: enough for the eye, and stable output.
        x = start * 1000 / Fraction(whole)
        width = min(Fraction(value) * 1000 / Fraction(whole), 1000 - x)
        rects.append(f'<rect x="{_coord(x)}" y="0" width="{_coord(width)}" height="10" fill="{colour}"/>')
        start += Fraction(value)
    return (f'<svg class="bar" viewBox="0 0 1000 10" preserveAspectRatio="none" role="img" '
            f'aria-label="{e(label)}">{"".join(rects)}</svg>')


def _coord(value: Fraction) -> str:
    return f"{float(value):.1f}"


def _bar_row(label: str, value: str, svg: str) -> str:
    return (f'<div class="bar-row"><div class="bar-label"><span>{e(label)}</span>'
            f'<span class="value">{e(value)}</span></div>{svg}</div>')


def _legend(items: Sequence[tuple[str, str]]) -> str:
    parts = "".join(f'<span style="background:{colour}"></span>{e(text)}' for text, colour in items)
    return f'<div class="legend">{parts}</div>'


def _funnel(report: Report) -> str:
    widest = max((s.count for s in report.funnel), default=0)
    rows = []
    for step in report.funnel:
        colour = _COLOURS.get(step.key, _COLOURS["stage"])
        svg = _bar_svg([(step.count, colour)], widest, f"{step.label}: {step.count}")
        rows.append(_bar_row(step.label, str(step.count), svg))
    return f'<div class="chart" role="list">{"".join(rows)}</div>'


def _pots(report: Report) -> str:
    lang = report.language
    widest = max((max(p.total, p.used) for p in report.pots), default=Decimal(0))
    rows = []
    for p in report.pots:
        value = report_text(lang, "bar-pot", used=money(p.used, lang), left=money(p.left, lang),
                            total=money(p.total, lang))
        svg = _bar_svg([(p.used, _COLOURS["used"]), (p.left, _COLOURS["left"])], widest, f"{p.label}: {value}")
        rows.append(_bar_row(p.label, value, svg))
    legend = _legend([(report_text(lang, "used"), _COLOURS["used"]), (report_text(lang, "left"), _COLOURS["left"])])
    return legend + f'<div class="chart">{"".join(rows)}</div>'


def _districts(report: Report) -> str:
    lang = report.language
    with_pots = any(d.pots for d in report.districts)
    widest = max((d.awarded + max(d.pot_left, Decimal(0)) for d in report.districts), default=Decimal(0))
    rows = []
    for d in report.districts:
        name = district_name(report, d.district)
        if d.pots:
            value = report_text(lang, "bar-district", awarded=money(d.awarded, lang), left=money(d.pot_left, lang))
        else:
            value = f"{money(d.awarded, lang)} {report_text(lang, 'awarded').lower()}"
        svg = _bar_svg([(d.awarded, _COLOURS["used"]), (d.pot_left, _COLOURS["left"])], widest, f"{name}: {value}")
        rows.append(_bar_row(name, value, svg))
    keys = [(report_text(lang, "awarded"), _COLOURS["used"])]
    if with_pots:
        keys.append((report_text(lang, "district-left"), _COLOURS["left"]))
    heads = [("district", ""), ("plans", "num"), ("requested", "num"), ("awarded", "num")]
    body = [
        [(district_name(report, d.district), ""), (str(d.plans), "num"), (money(d.requested, lang), "num"),
         (money(d.awarded, lang), "num")]
        for d in report.districts
    ]
    if with_pots:
        heads += [("district-pots", ""), ("district-left", "num")]
        for d, row in zip(report.districts, body, strict=True):
            row += [(", ".join(d.pots) or "-", ""), (money(d.pot_left, lang) if d.pots else "-", "num")]
    return _legend(keys) + f'<div class="chart">{"".join(rows)}</div>' + _table(report, heads, body)


def _prize_winners(report: Report) -> str:
    lang = report.language
    heads = [("rank", "num"), ("title", ""), ("applicant", ""), ("prize", ""), ("amount", "num")]
    body = [
        [(str(w.rank) if w.rank is not None else "", "num"), (w.title, ""), (w.applicant, ""), (w.label, ""),
         (money(w.amount, lang), "num")]
        for w in report.prize_winners
    ]
    return _table(report, heads, body)


def _averages(report: Report) -> str:
    lang = report.language
    if not report.assessed:
        return f'<p class="note">{e(report_text(lang, "no-assessed"))}</p>'
    rows = []
    for a in report.averages:
        label = f"{a.label} ({report_text(lang, 'weight').lower()} {a.weight})"
        shown = score_text(a.average, lang) if a.average is not None else "-"
        value = f"{shown} / {a.high}"
        svg = _bar_svg([(a.average or Fraction(0), _COLOURS["average"])], Fraction(a.high), f"{a.label}: {value}")
        rows.append(_bar_row(label, value, svg))
    assert report.average_score is not None
    summary = report_text(lang, "average-score", score=score_text(report.average_score, lang),
                          maximum=score_text(report.max_score, lang), count=report.assessed)
    return f'<div class="chart">{"".join(rows)}</div><p class="note">{e(summary)}</p>'


# --- tables ------------------------------------------------------------------------------


def _table(report: Report, heads: Sequence[tuple[str, str]], body: Sequence[Sequence[tuple[str, str]]],
           css: str = "") -> str:
    """Return an HTML table in a sideways-scrolling box; heads are report phrase keys with a cell class."""
    head = "".join(f"<th{_cls(c)}>{e(report_text(report.language, key))}</th>" for key, c in heads)
    rows = "".join("<tr>" + "".join(f"<td{_cls(c)}>{e(text)}</td>" for text, c in row) + "</tr>" for row in body)
    table_class = f' class="{e(css)}"' if css else ""
    return f'<div class="scroll"><table{table_class}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'


def _cls(css: str) -> str:
    return f' class="{e(css)}"' if css else ""


def _ranked(report: Report, outcome: Outcome) -> str:
    """Return the ranked table of every submission that reached the assessed stage, with its status."""
    lang = report.language
    columns = [("rank", "num"), ("title", ""), ("applicant", ""), ("district", ""), ("status", ""), ("score", "num"),
               ("requested", "num"), ("awarded", "num"), ("prize", ""), ("reasons", "")]
    head = "".join(f"<th{_cls(c)}>{e(header(lang, key))}</th>" for key, c in columns)
    rows = "".join(_ranked_row(result, lang) for result in outcome.results if result.status is not Status.EARLIER_STAGE)
    table = (f'<div class="scroll"><table class="ranked"><thead><tr>{head}</tr></thead>'
             f"<tbody>{rows}</tbody></table></div>")
    skipped = earlier_stage_count(outcome)
    if skipped:
        table += f'<p class="note">{e(report_text(lang, "earlier-stage-note", count=skipped))}</p>'
    return table


def _ranked_row(result: Result, lang: Language) -> str:
    s = result.submission
    status = result.status.value
    prize = f"{result.prize.label} ({money(result.prize.amount, lang)})" if result.prize else ""
    badge = f'<span class="status status-{e(status)}">{e(status_label(lang, status))}</span>'
    cells = [  # (class, HTML): every text from the round goes through e()
        ("num", e(result.rank) if result.rank is not None else ""),
        ("wrap", e(s.title)),
        ("wrap", e(applicant_name(s, lang, False))),
        ("", e(s.district or "")),
        ("", badge),
        ("num", e(score_text(result.score, lang)) if result.score is not None else ""),
        ("num", e(money(s.requested, lang)) if s.requested is not None else ""),
        ("num", e(money(result.awarded, lang)) if result.awarded else ""),
        ("", e(prize)),
        ("reasons", e(" · ".join(phrases(result.reasons, lang)))),
    ]
    return "<tr>" + "".join(f"<td{_cls(css)}>{content}</td>" for css, content in cells) + "</tr>"
