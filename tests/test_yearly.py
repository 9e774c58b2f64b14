"""Yearly rounds: `initiatief new`, the script that runs a whole year, and the progress shown while loading."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import CHALLENGE, MINIMAL, ROOT, ROUNDS, invoke, process_env

from initiatief import load_round
from initiatief.errors import OutputError
from initiatief.reports.next_year import next_seed
from initiatief.writing import create_next_round


@pytest.mark.parametrize(
    ("seed", "expected"), [("2017", "2018"), ("atelier-2017", "atelier-2018"), ("gelijk", "gelijk-2018")]
)
def test_next_seed(seed: str, expected: str) -> None:
    assert next_seed(seed, 2017, 2018) == expected


def test_new_moves_year_and_seed_on_and_keeps_the_rest(tmp_path: Path) -> None:
    source = CHALLENGE
    target = tmp_path / "2018-challenge"
    result = invoke("new", target, "--from", source)
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
    assert f"check {target}/round.yaml:52: still says 2017" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "round.yaml", "scores", "submissions"]


def test_new_says_where_the_derived_seed_is_and_to_choose_a_fresh_one(tmp_path: Path) -> None:
    target = tmp_path / "2018-challenge"
    result = invoke("new", target, "--from", CHALLENGE)
    assert result.exit_code == 0, result.stderr
    line = next(n for n, text in enumerate((target / "round.yaml").read_text("utf-8").splitlines(), start=1)
                if "seed: '2018'" in text)
    hint = (f"check {target}/round.yaml:{line}: the seed '2018' is derived from this year's, so anyone can guess it: "
            "choose a fresh one before the draw\n")
    assert hint in result.stderr
    # the hints in the order of their lines
    numbers = [int(x.split(":")[1]) for x in result.stderr.splitlines() if x.startswith("check ")]
    assert numbers == sorted(numbers) and len(numbers) >= 2
    # a seed given with --seed is not derived: nothing to say about it
    result = invoke("new", tmp_path / "fresh", "--from", CHALLENGE, "--seed", "worp-7f3a")
    assert result.exit_code == 0 and "the seed" not in result.stderr and "still says 2017" in result.stderr


@pytest.mark.parametrize(("source", "expected"), [
    (CHALLENGE, "# Sociale ondernemers challenge 2018\n\nGemaakt met `initiatief new` uit "
                "`2017-sociale-ondernemers-challenge`: de definitie van 2017 met het jaar en de sleutel van de "
                "loting een jaar verder."),
    (ROOT / "examples" / "lottery-tie", "Created with `initiatief new` from `lottery-tie`: the definition of "),
])
def test_new_writes_its_readme_in_the_rounds_language(tmp_path: Path, source: Path, expected: str) -> None:
    result = invoke("new", tmp_path / "next", "--from", source)
    assert result.exit_code == 0, result.stderr
    assert expected in (tmp_path / "next" / "README.md").read_text(encoding="utf-8")


def test_new_adds_a_seed_to_a_round_yaml_without_a_last_line_break(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(MINIMAL, source)
    text = (source / "round.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("allocation:")]
    (source / "round.yaml").write_text("\n".join(lines), encoding="utf-8")  # no allocation, no final line break
    result = invoke("new", tmp_path / "next", "--from", source)
    assert result.exit_code == 0, result.stderr
    assert load_round(tmp_path / "next").allocation.seed == "0-2025"
    assert f"round.yaml:{len(lines) + 1}: the seed '0-2025' is derived" in result.stderr


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "next"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = invoke("new", target, "--from", MINIMAL)
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["next"]


def test_new_from_the_last_year_names_this_rounds_line_not_a_file_never_written(tmp_path: Path) -> None:
    # It said "next/round.yaml:3: round 'year' is 2201": a file of the folder that new then did not make.
    source = tmp_path / "round"
    shutil.copytree(MINIMAL, source)
    text = (source / "round.yaml").read_text(encoding="utf-8")
    (source / "round.yaml").write_text(text.replace("year: 2024", "year: 2200").replace("2024\n", "2200\n", 1),
                                       encoding="utf-8")
    result = invoke("new", tmp_path / "next", "--from", source)
    assert result.exit_code == 1, result.output
    assert f"{source}/round.yaml:3: round 'year' is 2200, so the next round's would be 2201" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["round"]


def test_new_adds_a_seed_where_there_was_none(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(MINIMAL, source)
    text = (source / "round.yaml").read_text(encoding="utf-8")
    (source / "round.yaml").write_text(text.replace(", seed: 2024", ""), encoding="utf-8")
    result = invoke("new", tmp_path / "next", "--from", source)
    assert result.exit_code == 0, result.stderr
    assert load_round(tmp_path / "next").allocation.seed == "0-2025"


def test_new_from_a_block_style_allocation_without_a_seed(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(MINIMAL, source)
    text = (source / "round.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "allocation: {method: ranking, ties: [impact, requested, lottery], seed: 2024}",
        "allocation:\n    method: ranking\n    ties: [impact, requested, lottery]",
    )
    (source / "round.yaml").write_text(text, encoding="utf-8")
    result = invoke("new", tmp_path / "next", "--from", source)
    assert result.exit_code == 0, result.stderr
    assert "allocation:\n    seed: '0-2025'\n    method: ranking" in (tmp_path / "next" / "round.yaml").read_text()
    assert load_round(tmp_path / "next").allocation.seed == "0-2025"


def test_the_2018_atelier_was_made_with_new() -> None:
    atelier = load_round(ROUNDS / "2018-innovatie-atelier")
    previous = load_round(ROUNDS / "2017-innovatie-atelier")
    assert atelier.year == 2018 and atelier.submissions == ()
    assert atelier.criteria == previous.criteria and atelier.pots == previous.pots


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_yearly_script_runs_a_whole_year(tmp_path: Path) -> None:
    done = subprocess.run(["bash", "examples/yearly.sh", "examples/minimal", str(tmp_path / "year")],
                          cwd=ROOT, env=process_env(), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    year = tmp_path / "year"
    assert sorted(p.name for p in year.iterdir()) == [
        "awards.csv", "jaarverslag.md", "next-round", "outcome.json", "register.csv", "report.html", "results.csv"
    ]
    outcome = json.loads((year / "outcome.json").read_text(encoding="utf-8"))
    funded = {r["id"] for r in outcome["results"] if r["status"] in ("awarded", "partly-awarded")}
    awards = (year / "awards.csv").read_text(encoding="utf-8-sig").splitlines()
    assert awards[0].startswith("Rang;Id;") and len(awards) - 1 == len(funded)
    assert {line.split(";")[1] for line in awards[1:]} == funded and len(funded) < len(outcome["results"])
    results = (year / "results.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(results) - 1 == len(outcome["results"])
    assert json.loads((year / "outcome.json").read_text(encoding="utf-8"))["round"]["year"] == 2025
    register = (year / "register.csv").read_text(encoding="utf-8-sig").splitlines()
    assert register[1].startswith("2025-moestuin;Stichting Groen Dichtbij;")
    assert "(Particulier)" in register[2]


def test_loading_reports_progress_per_file() -> None:
    calls: list[tuple[str, int, int]] = []
    load_round(MINIMAL, lambda step, done, total: calls.append((step, done, total)))
    assert calls == [("submissions", 1, 4), ("submissions", 2, 4), ("submissions", 3, 4), ("submissions", 4, 4),
                     ("scores", 1, 1)]


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    result = invoke("validate", CHALLENGE)
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("seed", ["worp-7f3a", "a: b # 'c'"])
def test_new_with_a_fresh_seed(tmp_path: Path, seed: str) -> None:
    result = invoke("new", tmp_path / "next", "--from", MINIMAL, "--seed", seed)
    assert result.exit_code == 0, result.stderr
    assert load_round(tmp_path / "next").allocation.seed == seed


@pytest.mark.parametrize("seed", ["null", "1_000", "yes", "2024-05-01", "it's", "a b", "x}y", "~", "0x1F"])
def test_a_new_seed_reads_back_as_exactly_what_was_given(tmp_path: Path, seed: str) -> None:
    source = MINIMAL
    target = tmp_path / "next"
    created = create_next_round(source, target, load_round(source), seed)
    assert created.seed == seed
    assert load_round(target).allocation.seed == seed


@pytest.mark.parametrize("seed", ["", "  ", "a\nb", "a\x1bb"])
def test_a_seed_that_cannot_be_written_is_refused(tmp_path: Path, seed: str) -> None:
    source = MINIMAL
    with pytest.raises(OutputError, match="cannot be used"):
        create_next_round(source, tmp_path / "next", load_round(source), seed)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("allocation", [
    "allocation: {method: ranking, seed: &s 2024}",
    "allocation:\n  method: ranking\n  seed: >-\n    2024",
])
def test_a_seed_it_cannot_move_on_is_refused_not_misreported(tmp_path: Path, allocation: str) -> None:
    source = tmp_path / "source"
    shutil.copytree(MINIMAL, source)
    text = (source / "round.yaml").read_text(encoding="utf-8")
    lines = [allocation if line.startswith("allocation:") else line for line in text.splitlines()]
    (source / "round.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(OutputError, match="could not move the lottery seed"):
        create_next_round(source, tmp_path / "next", load_round(source), "2025")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source"]  # no staging folder left behind


def test_new_never_replaces_a_folder_that_appears_while_it_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import initiatief.writing as writing
    from initiatief.api import load_round as real

    target = tmp_path / "2018"

    def load_and_meanwhile_someone_creates_the_folder(folder: Path) -> object:
        target.mkdir()  # an empty folder made by someone else: a plain rename would silently replace it
        return real(folder)

    monkeypatch.setattr(writing, "load_round", load_and_meanwhile_someone_creates_the_folder)
    result = invoke("new", target, "--from", ROUNDS / "2017-innovatie-atelier")
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert target.is_dir() and list(target.iterdir()) == []  # theirs, untouched
    assert [p.name for p in tmp_path.iterdir()] == ["2018"]  # and nothing of ours left behind
