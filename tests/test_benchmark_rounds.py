"""The benchmark's generated rounds (benchmarks/generate.py) are valid rounds, the same in every score format.

Not a timing test: docs/performance.md's figures are only comparable across score formats if the
YAML, CSV and .xlsx rounds hold the same scores, and only meaningful if initiatief accepts them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import cp_sat_solves, run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import SCORES_FORMATS, Spec, write_round  # noqa: E402 - benchmarks/ is not a package


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("benchmark")
    folders: dict[str, Path] = {}
    for scores in SCORES_FORMATS:
        folders[scores] = base / scores
        write_round(folders[scores], Spec(submissions=120, assessors=3, districts=5, scores=scores, seed=4))
    return folders


def test_every_score_format_is_written(rounds: dict[str, Path]) -> None:
    assert sorted(SCORES_FORMATS) == ["csv", "xlsx", "yaml"]
    for scores, folder in rounds.items():
        assert sorted(p.suffix for p in (folder / "scores").iterdir()) == [f".{scores}"] * 3


@pytest.mark.parametrize("scores", SCORES_FORMATS)
def test_a_generated_round_passes_validate(rounds: dict[str, Path], scores: str) -> None:
    code, stdout, stderr = run("validate", rounds[scores])
    assert code == 0, stdout + stderr
    assert "120 submissions" in stdout


def test_the_score_formats_give_the_same_results(rounds: dict[str, Path]) -> None:
    outputs = {scores: run("score", folder, "--format", "json") for scores, folder in rounds.items()}
    assert all(code == 0 for code, _, _ in outputs.values()), outputs
    assert outputs["csv"][1] == outputs["yaml"][1] == outputs["xlsx"][1]
    assert '"status": "awarded"' in outputs["yaml"][1]


def test_optimal_by_parts_is_cp_sat_s_answer_on_a_round_of_1000_submissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's shape (7 area-team pots paying 50% beside the policy pot) is solved by `optimal_parts`;
    CP-SAT, given the same round, proves the same set (about 550 passing plans, many ties in score per euro)."""
    from initiatief import evaluate, load_round
    from initiatief.core import optimal
    from initiatief.models import Status
    from initiatief.output.jsonout import render_json

    write_round(tmp_path, Spec(submissions=1000, scores="csv", seed=2))
    round_ = load_round(tmp_path)
    asked = cp_sat_solves(monkeypatch)
    by_parts = evaluate(round_, "optimal")
    assert asked == []
    monkeypatch.setattr(optimal, "_parts", lambda problem: None)
    by_cp_sat = evaluate(round_, "optimal")
    assert asked == ["CP-SAT"]
    assert render_json(by_parts) == render_json(by_cp_sat)
    assert sum(r.status is Status.NOT_FUNDED for r in by_parts.results) > 100
    assert any(r.reasons[-1].code.value == "not-in-optimal-set" for r in by_parts.results if r.reasons)
