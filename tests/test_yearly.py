"""Yearly rounds: `initiatief new` and the progress shown while loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from initiatief import load_round
from initiatief.cli.app import app
from initiatief.errors import OutputError
from initiatief.reports.next_year import next_seed
from initiatief.writing import create_next_round

ROOT = Path(__file__).parent.parent
runner = CliRunner()


@pytest.mark.parametrize(
    ("seed", "expected"), [("2017", "2018"), ("atelier-2017", "atelier-2018"), ("gelijk", "gelijk-2018")]
)
def test_next_seed(seed: str, expected: str) -> None:
    assert next_seed(seed, 2017, 2018) == expected


def test_new_moves_year_and_seed_on_and_keeps_the_rest(tmp_path: Path) -> None:
    source = ROOT / "rounds" / "2017-sociale-ondernemers-challenge"
    target = tmp_path / "2018-challenge"
    result = runner.invoke(app, ["new", str(target), "--from", str(source)])
    assert result.exit_code == 0, result.stderr
    old = (source / "round.yaml").read_text(encoding="utf-8").splitlines()
    new = (target / "round.yaml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [
        ("name: Sociale ondernemers challenge 2017", "name: Sociale ondernemers challenge 2018"),
        ("year: 2017", "year: 2018"),
        (
            "allocation: {method: ranking, skip: true, ties: [impact, requested, lottery], seed: 2017}",
            "allocation: {method: ranking, skip: true, ties: [impact, requested, lottery], seed: '2018'}",
        ),
    ]
    round_ = load_round(target)
    assert (round_.year, round_.allocation.seed, round_.submissions, round_.scoresheets) == (2018, "2018", (), ())
    # A rule that still names 2017 is pointed out for a person to check.
    assert f"check {target}/round.yaml:26: still says 2017" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "round.yaml", "scores", "submissions"]


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "next"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["new", str(target), "--from", str(ROOT / "examples" / "minimal")])
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["next"]


def test_new_adds_a_seed_where_there_was_none(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT / "examples" / "minimal", source)
    text = (source / "round.yaml").read_text(encoding="utf-8")
    (source / "round.yaml").write_text(text.replace(", seed: 2024", ""), encoding="utf-8")
    result = runner.invoke(app, ["new", str(tmp_path / "next"), "--from", str(source)])
    assert result.exit_code == 0, result.stderr
    assert load_round(tmp_path / "next").allocation.seed == "0-2025"


def test_the_2018_atelier_was_made_with_new() -> None:
    atelier = load_round(ROOT / "rounds" / "2018-innovatie-atelier")
    previous = load_round(ROOT / "rounds" / "2017-innovatie-atelier")
    assert atelier.year == 2018 and atelier.submissions == ()
    assert atelier.criteria == previous.criteria and atelier.pots == previous.pots


def test_loading_reports_progress_per_file() -> None:
    calls: list[tuple[str, int, int]] = []
    load_round(ROOT / "examples" / "minimal", lambda step, done, total: calls.append((step, done, total)))
    assert calls == [("submissions", 1, 4), ("submissions", 2, 4), ("submissions", 3, 4), ("submissions", 4, 4),
                     ("scores", 1, 1)]


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    result = runner.invoke(app, ["validate", str(ROOT / "rounds" / "2017-sociale-ondernemers-challenge")])
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("seed", ["worp-7f3a", "a: b # 'c'"])
def test_new_with_a_fresh_seed(tmp_path: Path, seed: str) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "next"), "--from", str(ROOT / "examples" / "minimal"),
                                 "--seed", seed])
    assert result.exit_code == 0, result.stderr
    assert load_round(tmp_path / "next").allocation.seed == seed


@pytest.mark.parametrize("seed", ["null", "1_000", "yes", "2024-05-01", "it's", "a b", "x}y", "~", "0x1F"])
def test_a_new_seed_reads_back_as_exactly_what_was_given(tmp_path: Path, seed: str) -> None:
    source = ROOT / "examples" / "minimal"
    target = tmp_path / "next"
    created = create_next_round(source, target, load_round(source), seed)
    assert created.seed == seed
    assert load_round(target).allocation.seed == seed


@pytest.mark.parametrize("seed", ["", "  ", "a\nb", "a\x1bb"])
def test_a_seed_that_cannot_be_written_is_refused(tmp_path: Path, seed: str) -> None:
    source = ROOT / "examples" / "minimal"
    with pytest.raises(OutputError, match="cannot be used"):
        create_next_round(source, tmp_path / "next", load_round(source), seed)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("allocation", [
    "allocation: {method: ranking, seed: &s 2024}",
    "allocation:\n  method: ranking\n  seed: >-\n    2024",
])
def test_a_seed_it_cannot_move_on_is_refused_not_misreported(tmp_path: Path, allocation: str) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT / "examples" / "minimal", source)
    text = (source / "round.yaml").read_text(encoding="utf-8")
    lines = [allocation if line.startswith("allocation:") else line for line in text.splitlines()]
    (source / "round.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(OutputError, match="could not move the lottery seed"):
        create_next_round(source, tmp_path / "next", load_round(source), "2025")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source"]  # no staging folder left behind
