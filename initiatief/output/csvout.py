"""CSV output, safe to open in a spreadsheet.

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

from initiatief.output.rows import flat

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_AMOUNT = re.compile(r"\b\d+\.\d{2}\b")


def neutralise(cell: Any) -> Any:
    """Return the cell so a spreadsheet shows it as text instead of running it."""
    if isinstance(cell, str) and cell.startswith(_RISKY) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


NUMERIC_COLUMNS = frozenset({
    "score", "requested", "awarded", "amount", "used", "left", "moved", "prize_amount", "total", "first",
    "second", "change",
})
"""Columns holding numbers: only these get a decimal comma for Dutch Excel, never a title that looks like one."""


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], excel: bool = False) -> str:
    """Return rows as CSV: comma-separated, or for Dutch Excel semicolons and a decimal comma."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writerow(columns)
    for row in rows:
        cells = [neutralise(flat(row.get(column))) for column in columns]
        if excel:
            cells = [_comma(column, cell) for column, cell in zip(columns, cells, strict=True)]
        writer.writerow(cells)
    return ("\ufeff" if excel else "") + out.getvalue()


def _comma(column: str, cell: Any) -> Any:
    if not isinstance(cell, str):
        return cell
    if column in NUMERIC_COLUMNS and _NUMBER.match(cell):
        return cell.replace(".", ",")
    if column == "paid_by":  # "beleid: 4000.00; noord: 2000.00"
        return _AMOUNT.sub(lambda m: m.group(0).replace(".", ","), cell)
    return cell
