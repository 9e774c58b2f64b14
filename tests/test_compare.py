"""Comparing two rounds (`initiatief compare FIRST SECOND`): the funnel and the money, year against year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import MINIMAL, ROUNDS, invoke


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


def test_the_problems_of_both_rounds_are_listed_in_one_run(tmp_path: Path) -> None:
    # Only the first round's problems were listed; the second's came one run later.
    folders = []
    for name, broken in (("a", "buurtfeest"), ("b", "festival")):
        folder = tmp_path / name
        shutil.copytree(MINIMAL, folder)
        sub = folder / "submissions" / f"{broken}.yaml"
        sub.write_text(sub.read_text(encoding="utf-8").replace("requested:", "requested: veel\nold:"),
                       encoding="utf-8")
        sub.write_text("\n".join(line for line in sub.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith("old:")) + "\n", encoding="utf-8")
        folders.append(folder)
    result = invoke("compare", *folders)
    assert result.exit_code == 1 and result.stderr.startswith("error: 2 problems found:"), result.stderr
    assert "a/submissions/buurtfeest.yaml:4: requested is 'veel'" in result.stderr
    assert "b/submissions/festival.yaml:4: requested is 'veel'" in result.stderr
