"""The benchmark's generated rounds (benchmarks/generate.py) are valid rounds, the same in every score format.

Not a timing test: docs/performance.md's figures are only comparable across score formats if the
YAML, CSV and .xlsx rounds hold the same scores, and only meaningful if initiatief accepts them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import run

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
