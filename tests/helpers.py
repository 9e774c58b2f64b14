"""Shared test helpers: where things are, one way to run the CLI, round folders on disk, models for unit tests.

Import them as `from helpers import …` (tests/ is on the path: pyproject's pytest `pythonpath`).
The CLI runs in one terminal everywhere (TERMINAL): in-process with `invoke` (or `run`, which
also checks that it ended by an exit, not a bug), in a process of its own with `run_process`,
and any other program that calls it (a script) with `process_env`.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from initiatief.models import (
    AllocationRules,
    Applicant,
    AssessmentRules,
    Criterion,
    Grants,
    Language,
    Location,
    Pot,
    Round,
    Submission,
)

TESTS = Path(__file__).parent
ROOT = TESTS.parent
ROUNDS = ROOT / "rounds"
EXAMPLES = ROOT / "examples"
MINIMAL = EXAMPLES / "minimal"
CHALLENGE = ROUNDS / "2017-sociale-ondernemers-challenge"
PABULIB = ROOT.resolve().parent / "shared" / "pabulib"
if not PABULIB.is_dir():
    PABULIB = Path("/work/shared/pabulib")
"""The real participatory-budgeting files (../shared/pabulib, provenance in its SOURCES.md); tests skip without."""
THOROUGH = os.environ.get("INITIATIEF_HYPOTHESIS") == "thorough"
"""INITIATIEF_HYPOTHESIS=thorough: the slow tests run too."""
BUNDLED = sorted(p.parent for p in [*ROOT.glob("rounds/*/round.yaml"), *ROOT.glob("examples/*/round.yaml")])
"""Every round folder in rounds/ and examples/."""

TERMINAL = {"COLUMNS": "120", "NO_COLOR": "1"}
"""The terminal the CLI tests run in: 120 columns, no colour, so rich output is stable."""


def invoke(*args: object, columns: int = 120, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process, as `initiatief ARGS…` in a terminal of `columns` columns, stderr kept apart."""
    from initiatief.cli import app

    runner = CliRunner(env={**TERMINAL, "COLUMNS": str(columns), **(env or {})})
    return runner.invoke(app, [str(a) for a in args])


def run(*args: object, columns: int = 120, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process like `invoke`, check it ended by an exit, not a bug; return exit code, stdout, stderr."""
    result = invoke(*args, columns=columns, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return int(result.exit_code), result.stdout, result.stderr


def process_env(**extra: str) -> dict[str, str]:
    """Return the environment for a real process: ours, in the test terminal, this interpreter's scripts first on PATH.

    So a script that calls `initiatief` runs the one installed next to the Python running the tests.
    """
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, **TERMINAL, "PATH": path, **extra}


def run_process(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m initiatief ARGS…` in a process of its own (this interpreter); stdout and stderr as bytes."""
    command = [sys.executable, "-m", "initiatief", *(str(a) for a in args)]
    return subprocess.run(command, capture_output=True, env=process_env(**(env or {})), check=False)


def write_round(tmp_path: Path, round_yaml: str, submissions: dict[str, str], scores: dict[str, str]) -> Path:
    """Return a round folder written under `tmp_path`: round.yaml, submissions/<id>.yaml and scores/<file>.

    Texts are dedented, so they can be written as indented triple-quoted strings.
    `scores` keys are file names (e.g. 'jury.yaml' or 'jury.csv').
    """
    folder = tmp_path / "round"
    (folder / "submissions").mkdir(parents=True)
    (folder / "round.yaml").write_text(textwrap.dedent(round_yaml), encoding="utf-8")
    for sub_id, text in submissions.items():
        (folder / "submissions" / f"{sub_id}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    if scores:
        (folder / "scores").mkdir()
        for name, text in scores.items():
            (folder / "scores" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def make_submission(sub_id: str, **fields: Any) -> Submission:
    """Return a submission with harmless defaults; `fields` override any attribute."""
    defaults: dict[str, Any] = {
        "title": sub_id.title(),
        "applicant": Applicant("Stichting " + sub_id),
        "stage": "plan",
        "location": Location(f"submissions/{sub_id}.yaml", 1),
        "requested": Decimal("1000.00"),
    }
    defaults.update(fields)
    return Submission(id=sub_id, **defaults)


def make_round(**fields: Any) -> Round:
    """Return a one-pot, one-criterion round (ceiling 10000) with `fields` replaced."""
    base = Round(
        name="Test",
        year=2024,
        language=Language.EN,
        currency="EUR",
        stages=("plan",),
        ceiling=Decimal("10000.00"),
        pots=(Pot("budget", "budget", Decimal("10000.00")),),
        grants=Grants(),
        rules=(),
        criteria=(Criterion("impact", "Impact", Decimal(1), Decimal(1), Decimal(5)),),
        assessment=AssessmentRules(),
        allocation=AllocationRules(),
        prizes=(),
        submissions=(),
        scoresheets=(),
    )
    return dataclasses.replace(base, **fields)


def cp_sat_solves(monkeypatch: Any) -> list[str]:
    """Return a list that gets "CP-SAT" each time the optimal method asks CP-SAT (not `optimal_parts`)."""
    from initiatief.core import optimal

    asked: list[str] = []
    solve = optimal._Solver.solve

    def counted(self: optimal._Solver) -> set[int]:
        asked.append("CP-SAT")
        return solve(self)

    monkeypatch.setattr(optimal._Solver, "solve", counted)
    return asked
