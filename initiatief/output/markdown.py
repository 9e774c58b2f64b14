"""Markdown output: the funnel, the pots and the ranked results as GitHub tables, for people.

Every cell is written as people read it in the round's language (output/cells.py):
'€ 15.000,00' and '36,83' in a Dutch round, '€15,000.00' and '36.83' in an English one.
Numeric columns are right-aligned ('---:').
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from tabulate import tabulate

from initiatief.models import Language, Outcome
from initiatief.output.cells import Column, Kind, cell_text, columns_for
from initiatief.output.rows import pot_rows
from initiatief.texts.labels import header


def table(rows: Sequence[dict[str, Any]], columns: Iterable[str | Column], language: Language,
          empty: str = "") -> str:
    """Return rows as a GitHub-flavoured Markdown table with headings and cells in the round's language.

    `columns` are column keys of output/rows.py or Columns (output/cells.py).
    """
    shown = columns_for(columns, language)
    body = [[escape(cell_text(c.kind, row.get(c.key), language, empty)) for c in shown] for row in rows]
    return grid(body, [escape(c.heading) for c in shown], [c.numeric for c in shown])


def grid(body: list[list[str]], heads: list[str], numeric: Sequence[bool]) -> str:
    """Return cells that are Markdown already as a table; `numeric` columns right-aligned."""
    align = ["right" if right else "left" for right in numeric]
    # tabulate 0.9 fails on column alignments for a table without rows; such a table needs none.
    return tabulate(body, headers=heads, tablefmt="pipe", disable_numparse=True, colalign=align if body else None)


_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#&!~"})
_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
"""Every line break str.splitlines knows: the letters split their text into lines with it, so a title's U+2028
would start a line of the letter there (a list item, a table row cut in two)."""


def escape(text: str) -> str:
    """Return text from a round as Markdown that shows it literally: in a cell, a heading or a paragraph.

    Every character Markdown (and the HTML it may hold) gives a meaning to is escaped with a
    backslash, so a title can never become a link, emphasis, raw HTML, a heading or a new
    table cell; line breaks become spaces, so it cannot start a new line (a heading, a row).
    """
    flat = _BREAKS.sub(" ", text)
    return flat.translate(_SPECIAL)


def render_markdown(outcome: Outcome, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Return a Markdown document: heading, funnel, pots and the results table."""
    lang = outcome.round.language
    funnel = [{"stage": header(lang, key), "stage_count": count} for key, count in outcome.people_funnel]
    parts = [
        f"# {escape(outcome.round.name)}",
        "",
        table(funnel, [Column("stage", header(lang, "stage")), Column("stage_count", header(lang, "stage_count"),
                                                                        Kind.COUNT)], lang),
        "",
        table(pot_rows(outcome), ("id", "amount", "used", "left"), lang),
        "",
        table(rows, columns, lang),
        "",
    ]
    return "\n".join(parts)
