"""Terminal output with rich: the ranked table, the funnel and the pots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from initiatief.models import Language, Outcome
from initiatief.output.rows import flat, pot_rows
from initiatief.texts.labels import header, status_label

_STYLES = {
    "awarded": "green", "partly-awarded": "green", "not-funded": "yellow",
    "insufficient": "red", "ineligible": "red", "earlier-stage": "dim",
}
_RIGHT = {"rank", "score", "requested", "awarded", "amount", "used", "left", "stage_count", "prize_amount",
          "funded", "total", "differ", "moved"}


def results_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], language: Language, title: str) -> Table:
    """Return a rich Table of result rows with headings in the round's language."""
    table = Table(title=title, title_justify="left")
    for column in columns:
        numeric = column in _RIGHT
        table.add_column(header(language, column), justify="right" if numeric else "left",
                         no_wrap=numeric or column == "status", overflow="fold")
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if column == "status":
                status = str(value)
                cells.append(Text(status_label(language, status), style=_STYLES.get(status, "")))
            else:
                cells.append(Text(str(flat(value))))
        table.add_row(*cells)
    return table


def outcome_view(outcome: Outcome, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Group:
    """Return the whole terminal view: funnel, pots and results."""
    lang = outcome.round.language
    funnel = Table(title=f"{outcome.round.name}", title_justify="left")
    for key, _ in outcome.funnel:
        funnel.add_column(header(lang, key), justify="right")
    funnel.add_row(*(str(v) for _, v in outcome.funnel))
    pots = results_table(pot_rows(outcome), ("id", "amount", "used", "left"), lang, header(lang, "pot"))
    results = results_table(rows, columns, lang, "")
    return Group(funnel, pots, results)
