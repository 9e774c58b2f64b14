"""CSV injection: a cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) is made text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from initiatief.output.csvout import neutralise, render_csv


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+31 20 123", "'+31 20 123"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.50", "-12.50"),
        ("-", "-"),  # 'nothing' (a method that could not run): no formula follows it
        ("--", "'--"),
        ("-\t", "'-\t"),
        ("15000.00", "15000.00"),
        ("Buurtfeest", "Buurtfeest"),
        (3, 3),
    ],
)
def test_csv_cells_that_would_run_as_formulas_are_neutralised(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected


def test_a_hostile_title_is_neutralised_in_the_csv_export(tmp_path: Path) -> None:
    rows = [{"id": "x", "title": "=cmd|' /C calc'!A0", "awarded": "15000.00"}]
    parsed = list(csv.reader(io.StringIO(render_csv(rows, ("id", "title", "awarded")))))
    assert parsed[1] == ["x", "'=cmd|' /C calc'!A0", "15000.00"]
