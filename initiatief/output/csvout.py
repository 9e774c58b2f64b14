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


def neutralise(cell: Any) -> Any:
    """Return the cell so a spreadsheet shows it as text instead of running it."""
    if isinstance(cell, str) and cell.startswith(_RISKY) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], excel: bool = False) -> str:
    """Return rows as CSV: comma-separated, or for Dutch Excel semicolons and a decimal comma."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writerow(columns)
    for row in rows:
        cells = [neutralise(flat(row.get(column))) for column in columns]
        if excel:
            cells = [_comma(c) for c in cells]
        writer.writerow(cells)
    return ("\ufeff" if excel else "") + out.getvalue()


def _comma(cell: Any) -> Any:
    if isinstance(cell, str) and _NUMBER.match(cell):
        return cell.replace(".", ",")
    return cell
