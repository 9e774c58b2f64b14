"""Every command's `--format json` is the library's own result, as the library computes it directly."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import CHALLENGE, EXAMPLES, MINIMAL, ROUNDS, invoke

from initiatief import InputError, evaluate, load_round
from initiatief.output import comparisons
from initiatief.output.explain import explain_dict
from initiatief.output.jsonout import outcome_dict
from initiatief.output.report_view import report_dict
from initiatief.output.validation import problems_dict, valid_dict
from initiatief.reports.annual import build_report
from initiatief.reports.methods_compared import compare_methods

ATELIER_2017 = ROUNDS / "2017-innovatie-atelier"
ATELIER_2018 = ROUNDS / "2018-innovatie-atelier"


def json_of(*args: str | Path, exit_code: int = 0) -> Any:
    """Return the JSON a command prints on stdout, after checking its exit code."""
    result = invoke(*args, "--format", "json")
    assert result.exit_code == exit_code, result.stderr
    return json.loads(result.stdout)


def plain(data: dict[str, Any]) -> Any:
    """Return the library's dict as JSON gives it back (tuples as lists); it must hold JSON values only."""
    return json.loads(json.dumps(data))


def test_validate_ok() -> None:
    assert json_of("validate", CHALLENGE) == plain(valid_dict(load_round(CHALLENGE)))


def test_validate_with_problems(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    (folder / "submissions" / "extra.yaml").write_text("title: X\napplicant: Y\nrequested: -5\n", encoding="utf-8")
    (folder / "scores" / "jury.yaml").write_text("scores: {moestuin: {impact: 9}}\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_round(folder)
    data = json_of("validate", folder, exit_code=1)
    assert data == plain(problems_dict(raised.value))
    assert data["valid"] is False and len(data["problems"]) >= 2


@pytest.mark.parametrize(("folder", "submission"), [(CHALLENGE, "fietsvriend-fred"), (EXAMPLES / "lottery-tie", None)])
def test_explain(folder: Path, submission: str | None) -> None:
    outcome = evaluate(load_round(folder))
    result = outcome.result(submission or outcome.ties[0].order[0])  # None: one drawn by lot
    assert json_of("explain", folder, result.submission.id) == plain(explain_dict(outcome, result))


@pytest.mark.parametrize("folder", [CHALLENGE, EXAMPLES / "district-key"])
def test_report(folder: Path) -> None:
    assert json_of("report", folder) == plain(report_dict(build_report(evaluate(load_round(folder)))))


def test_compare() -> None:
    first, second = (build_report(evaluate(load_round(f))) for f in (ATELIER_2017, ATELIER_2018))
    assert json_of("compare", ATELIER_2017, ATELIER_2018) == plain(comparisons.rounds_dict(first, second))


@pytest.mark.parametrize("folder", [EXAMPLES / "cofinancing", MINIMAL])
def test_compare_methods(folder: Path) -> None:
    data = json_of("compare-methods", folder)
    assert data == plain(comparisons.methods_dict(compare_methods(load_round(folder))))
    assert [m["method"] for m in data["methods"]] == ["ranking", "arrival", "lottery", "pro-rata", "equal", "optimal"]


@pytest.mark.parametrize("method", [None, "pro-rata"])
def test_score(method: str | None) -> None:
    option = ["--method", method] if method else []
    expected = outcome_dict(evaluate(load_round(CHALLENGE), method))
    assert json_of("score", CHALLENGE, *option) == plain(expected)


def test_winners() -> None:
    expected = outcome_dict(evaluate(load_round(CHALLENGE)), winners_only=True)
    assert json_of("winners", CHALLENGE) == plain(expected)


def test_the_docs_list_every_round_method() -> None:
    """docs/json.md's `round.method` row names every value `score --format json` can write there."""
    from initiatief.models import Method

    docs = (ROUNDS.parent / "docs" / "json.md").read_text(encoding="utf-8")
    row = next(line for line in docs.splitlines() if line.startswith("| `method` | string | the distribution method"))
    listed = set(re.findall(r"`([a-z-]+)`", row.split("--method")[1]))
    assert listed == {m.value for m in Method}
    for example, method in ((EXAMPLES / "votes", "votes"), (EXAMPLES / "equal-shares", "equal-shares")):
        assert json_of("score", example)["round"]["method"] == method
