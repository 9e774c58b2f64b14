"""The full text of `initiatief explain` for every submission of every example round, pinned.

Each file in tests/golden_explain/ is one example round's stories, in the order of the
outcome, so that any change of order or wording shows in review as a diff of that file.
After a deliberate change, rewrite them with `INITIATIEF_UPDATE_GOLDEN=1 python -m pytest
tests/test_explain_golden.py` and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import EXAMPLES, TESTS

import initiatief
from initiatief.output.explain import explain_lines

EXAMPLE_ROUNDS = sorted(p.parent for p in EXAMPLES.glob("*/round.yaml"))
GOLDEN = TESTS / "golden_explain"


def stories(folder: Path) -> str:
    """Return the explain text of every submission of a round, separated by a rule line."""
    outcome = initiatief.evaluate(initiatief.load_round(folder))
    parts = ["\n".join(explain_lines(outcome, result)) for result in outcome.results]
    return ("\n" + "-" * 72 + "\n").join(parts) + "\n"


def test_every_example_has_a_golden_file() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == [f.name for f in EXAMPLE_ROUNDS]


@pytest.mark.parametrize("folder", EXAMPLE_ROUNDS, ids=[f.name for f in EXAMPLE_ROUNDS])
def test_explain_text_is_the_golden_one(folder: Path) -> None:
    golden = GOLDEN / f"{folder.name}.txt"
    text = stories(folder)
    if os.environ.get("INITIATIEF_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text
