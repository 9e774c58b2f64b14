"""Comparing two rounds (`initiatief compare FIRST SECOND`): the funnel and the money, year against year."""

from __future__ import annotations

import json

from helpers import ROUNDS, invoke


def test_compare_two_years() -> None:
    result = invoke("compare", ROUNDS / "2017-innovatie-atelier", ROUNDS / "2018-innovatie-atelier", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["year"] for r in data["rounds"]] == [2017, 2018]
    awarded = next(line for line in data["lines"] if line["group"] == "funnel" and line["name"] == "awarded")
    assert (awarded["first"], awarded["second"], awarded["change"]) == (5, 0, -5)
    money = next(line for line in data["lines"] if line["name"] == "awarded" and line["group"] == "money")
    assert money == {"group": "money", "name": "awarded", "first": "39000.00", "second": "0.00",
                     "change": "-39000.00"}
