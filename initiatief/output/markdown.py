"""Markdown output: the funnel, the pots and the ranked results as GitHub tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

from initiatief.models import Language, Outcome
from initiatief.output.rows import flat, pot_rows
from initiatief.texts.labels import header, status_label


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], language: Language) -> str:
    """Return rows as a GitHub-flavoured Markdown table with headings in the round's language."""
    body = [[_cell(column, row.get(column), language) for column in columns] for row in rows]
    heads = [header(language, c) for c in columns]
    return tabulate(body, headers=heads, tablefmt="github", disable_numparse=True)


def _cell(column: str, value: Any, language: Language) -> str:
    if column == "status" and isinstance(value, str):
        value = status_label(language, value)
    text = str(flat(value))
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(outcome: Outcome, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Return a Markdown document: heading, funnel, pots and the results table."""
    lang = outcome.round.language
    parts = [
        f"# {outcome.round.name}",
        "",
        tabulate(
            [[header(lang, key), count] for key, count in outcome.funnel],
            headers=[header(lang, "stage"), header(lang, "stage_count")], tablefmt="github",
            disable_numparse=True,
        ),
        "",
        table(pot_rows(outcome), ("id", "amount", "used", "left"), lang),
        "",
        table(rows, columns, lang),
        "",
    ]
    return "\n".join(parts)
