"""CSV output, safe to open in a spreadsheet: plain CSV for scripts, and --excel CSV for people.

A cell that starts with = + - @, a tab or a carriage return is run as a
formula by Excel and LibreOffice (CSV injection). Such text cells get a
leading apostrophe, as OWASP advises; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from initiatief.models import Language
from initiatief.output.cells import NUMERIC, Kind, kind_of, spreadsheet_cell
from initiatief.output.rows import flat
from initiatief.texts.labels import header

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?\Z")


def neutralise(cell: Any) -> Any:
    """Return the cell so a spreadsheet shows it as text instead of running it."""
    # A lone '-' (nothing, in a column of amounts or methods) is text to every spreadsheet: no formula follows it.
    if isinstance(cell, str) and cell.startswith(_RISKY) and not _NUMBER.match(cell) and cell != "-":
        return "'" + cell
    return cell


NUMERIC_COLUMNS = frozenset({
    "score", "votes", "requested", "awarded", "amount", "used", "left", "moved", "prize_amount", "total", "first",
    "second", "change",
})
"""Columns holding numbers: only these get a decimal comma for Dutch Excel, never a title that looks like one."""


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], excel: bool = False,
               language: Language | None = None) -> str:
    """Return rows as CSV: comma-separated for scripts, or with `excel` for people using Dutch Excel.

    Plain CSV is a machine format: English column keys, statuses as keys, money as
    '15000.00' (output/rows.flat). It does not change with the round's language.

    With `excel`, see render_excel; without a `language` the headings stay the column
    keys (as before there was a language to put them in).
    """
    if excel:
        return render_excel(rows, columns, language)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(flat(row.get(column))) for column in columns])
    return out.getvalue()


def render_excel(rows: Sequence[dict[str, Any]], columns: Sequence[str], language: Language | None) -> str:
    """Return rows as CSV for people who open it in Dutch Excel (`--excel`), whatever the round's language.

    - UTF-8 with a byte-order mark, ';' between cells, CRLF line ends (as the register).
    - Headings and statuses in the round's `language` ('Rang;Id;Titel;…', 'toegekend').
    - Money and scores as numbers Dutch Excel can add up: a decimal comma, no thousands
      separator and no '€' ('15000,00', '49,00'); counts as whole numbers; a list of
      pots as 'beleid: 4000,00; noord: 2000,00'; reasons joined with ' · '.
    - Cells a spreadsheet would run as a formula get a leading apostrophe.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header(language, c) if language is not None else c for c in columns])
    words = language if language is not None else Language.EN
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if language is None and column == "status":
                cells.append(neutralise(flat(value)))  # no language: the status stays its key
                continue
            kind = _kind(column)
            cell = spreadsheet_cell(kind, value, words)
            # A number we wrote ('-1500,00') is no formula; any text (a title, a pot list) is neutralised.
            cells.append(cell if kind in NUMERIC and not isinstance(value, str) else neutralise(cell))
        writer.writerow(cells)
    return "\ufeff" + out.getvalue()


def _kind(column: str) -> Kind:
    # A numeric column known to the old --excel (first, second, change of compare) is a figure.
    kind = kind_of(column)
    return Kind.FIGURE if kind is Kind.TEXT and column in NUMERIC_COLUMNS else kind
