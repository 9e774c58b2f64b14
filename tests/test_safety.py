"""Safety of what initiatief writes: personal data kept out, same bytes every run, no half files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from initiatief import evaluate, load_round
from initiatief.cli.app import app
from initiatief.errors import OutputError
from initiatief.output.csvout import neutralise, render_csv
from initiatief.output.explain import explain_dict, explain_lines
from initiatief.output.register import render_register
from initiatief.writing import write_atomic

ROOT = Path(__file__).parent.parent
BUNDLED = sorted(p.parent for p in [*ROOT.glob("rounds/*/round.yaml"), *ROOT.glob("examples/*/round.yaml")])
runner = CliRunner(env={"COLUMNS": "200"})


def public_outputs(folder: Path) -> dict[str, str]:
    """Return every public output of a round: each command in each format."""
    outputs: dict[str, str] = {}
    for command in ("score", "winners"):
        for fmt in ("table", "csv", "json", "markdown"):
            result = runner.invoke(app, [command, str(folder), "--format", fmt])
            assert result.exit_code == 0, result.stderr
            outputs[f"{command} {fmt}"] = result.stdout
    for fmt in ("table", "markdown", "html", "json"):
        result = runner.invoke(app, ["report", str(folder), "--format", fmt])
        assert result.exit_code == 0, result.stderr
        outputs[f"report {fmt}"] = result.stdout
    outcome = evaluate(load_round(folder))
    outputs["register"] = render_register(outcome)
    # explain for every submission, through the library (the CLI path is the same, tested elsewhere)
    for one in outcome.results:
        outputs[f"explain {one.submission.id}"] = "\n".join(explain_lines(outcome, one))
        outputs[f"explain {one.submission.id} json"] = json.dumps(explain_dict(outcome, one), ensure_ascii=False)
    return outputs


@pytest.mark.parametrize("folder", BUNDLED, ids=[f.name for f in BUNDLED])
def test_no_private_name_or_contact_detail_in_any_public_output(folder: Path) -> None:
    round_ = load_round(folder)
    secrets = {s.applicant.contact for s in round_.submissions if s.applicant.contact}
    secrets |= {s.applicant.name for s in round_.submissions if s.applicant.is_private}
    outputs = public_outputs(folder)
    for name, text in outputs.items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} appears in `{name}` of {folder.name}"


def test_include_personal_does_show_them() -> None:
    folder = ROOT / "examples" / "minimal"
    result = runner.invoke(app, ["score", str(folder), "--format", "json", "--include-personal"])
    assert "Anna de Vries" in result.stdout and "anna@example.org" in result.stdout
    assert "personal data" in result.stderr


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


def run_cli(args: list[str], hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-m", "initiatief", *args], capture_output=True, env=env, check=True)
    return done.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_same_bytes_with_another_hash_seed(fmt: str) -> None:
    folder = str(ROOT / "examples" / "cofinancing")
    assert run_cli(["score", folder, "--format", fmt], "1") == run_cli(["score", folder, "--format", fmt], "4242")


def test_same_bytes_whatever_order_the_files_are_listed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ROOT / "examples" / "lottery-tie"
    first = runner.invoke(app, ["score", str(folder), "--format", "json"]).stdout
    original = Path.iterdir

    def reversed_listing(self: Path) -> list[Path]:
        return sorted(original(self), reverse=True)

    monkeypatch.setattr(Path, "iterdir", reversed_listing)
    assert runner.invoke(app, ["score", str(folder), "--format", "json"]).stdout == first


def test_a_failed_write_leaves_no_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "awards.csv"

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"half" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "awards.csv"
    target.write_bytes(b"old award list")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="I/O error"):
        write_atomic(target, b"new award list", force=True)
    assert target.read_bytes() == b"old award list"
    assert [p.name for p in tmp_path.iterdir()] == ["awards.csv"]
