"""Golden cases: each folder in tests/golden is a round with its hand-checked expected outcome.

expected.json holds, per submission, status, rank, awarded, paid_by and prize label; the funnel;
each pot's used amount; and the ties the lottery decided. The arithmetic is in each round.yaml.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import TESTS

import initiatief
from initiatief.output.jsonout import outcome_dict

GOLDEN = TESTS / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


def selected(folder: Path) -> dict[str, Any]:
    """Return the parts of the outcome that expected.json pins down."""
    data = outcome_dict(initiatief.evaluate(initiatief.load_round(folder)))
    return {
        "funnel": data["funnel"],
        "pots": {pot["id"]: pot["used"] for pot in data["pots"]},
        "ties": data["ties"],
        "results": {
            r["id"]: {
                "status": r["status"],
                "rank": r["rank"],
                "awarded": r["awarded"],
                "paid_by": r["paid_by"],
                "prize": r["prize"]["label"] if r["prize"] else None,
            }
            for r in data["results"]
        },
    }


def test_there_are_enough_golden_cases() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_golden(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert selected(case) == expected


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_golden_does_not_depend_on_file_names(case: Path, tmp_path: Path) -> None:
    """Renaming the submission files (with the id kept inside) changes nothing."""
    copy = tmp_path / case.name
    shutil.copytree(case, copy)
    for path in sorted((copy / "submissions").iterdir()):
        text = path.read_text(encoding="utf-8")
        path.write_text(f"id: {path.stem}\n{text}", encoding="utf-8")
        path.rename(path.with_name(f"zz-{len(path.stem):02d}-{path.stem[::-1]}.yaml"))
    assert selected(copy) == selected(case)
