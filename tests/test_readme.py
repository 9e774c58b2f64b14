"""The README's promises: its example files load, and its set-up commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import ROOT, invoke

from initiatief import evaluate, load_round

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_the_readme_example_files_make_a_valid_round(tmp_path: Path) -> None:
    round_yaml, submission, _, _ = blocks("yaml")
    _, scores = blocks("csv")
    (tmp_path / "submissions").mkdir()
    (tmp_path / "scores").mkdir()
    (tmp_path / "round.yaml").write_text(round_yaml, encoding="utf-8")
    (tmp_path / "submissions" / "moestuin.yaml").write_text(submission, encoding="utf-8")
    (tmp_path / "submissions" / "speeltuin.yaml").write_text(
        "title: Speeltuin\napplicant: Buurt\ndistrict: zuid\nrequested: 1000\n", encoding="utf-8"
    )
    # Its cost is not given (which grants.max_share needs) and its one assessor declared a conflict: set aside.
    (tmp_path / "decisions.yaml").write_text(
        "- {submission: speeltuin, decision: incomplete, reason: Geen begroting, date: 2024-05-01}\n", encoding="utf-8")
    (tmp_path / "scores" / "jury-1.csv").write_text(scores, encoding="utf-8")
    outcome = evaluate(load_round(tmp_path))
    moestuin = outcome.result("moestuin")
    assert moestuin.status.value == "awarded"
    assert dict(moestuin.paid_by) == {"gebiedsteam-noord": 2000, "beleid": 2000}


def test_the_readme_form_fits_its_round(tmp_path: Path) -> None:
    from initiatief.loading import read_round

    round_yaml, _, form, _ = blocks("yaml")
    (tmp_path / "submissions").mkdir()
    (tmp_path / "round.yaml").write_text(round_yaml + form, encoding="utf-8")
    (tmp_path / "submissions" / "moestuin.yaml").write_text(
        "title: Moestuin\napplicant: Groen\ndistrict: noord\nrequested: 4000\nfacts: {winstoogmerk: nee}\n",
        encoding="utf-8")
    loaded = read_round(tmp_path)
    assert loaded.problems == () and loaded.round is not None and loaded.round.form is not None
    assert loaded.round.submissions[0].facts == {"winstoogmerk": False}


def test_ci_runs_the_readme_test_command() -> None:
    commands = blocks("sh")[0]
    assert "pip install -e '.[test]' && python -m pytest" in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test]'" in ci and "python -m pytest" in ci
    assert "initiatief score rounds/2017-sociale-ondernemers-challenge" in commands


def test_the_first_run_shown_is_the_real_output() -> None:
    first_run = re.search(r"## A first run.*?```\n(.*?)```", README, flags=re.S)
    assert first_run is not None
    shown = first_run.group(1).split("…")[0].rstrip("\n").splitlines()
    result = invoke("score", "rounds/2017-sociale-ondernemers-challenge", columns=100)
    assert result.exit_code == 0
    real = [line.rstrip() for line in result.stdout.splitlines()]
    assert real[: len(shown)] == shown


def test_the_readme_votes_example_makes_a_valid_vote_round(tmp_path: Path) -> None:
    votes_yaml = blocks("yaml")[3]
    ballots, _ = blocks("csv")
    (tmp_path / "submissions").mkdir()
    (tmp_path / "votes").mkdir()
    head = "name: Wijkbudget\nyear: 2026\nceiling: 10000\n"
    (tmp_path / "round.yaml").write_text(head + votes_yaml, encoding="utf-8")
    for plan, amount in (("moestuin", 6000), ("speeltuin", 4000)):
        (tmp_path / "submissions" / f"{plan}.yaml").write_text(
            f"title: {plan}\napplicant: Buurt\nrequested: {amount}\n", encoding="utf-8")
    (tmp_path / "votes" / "ballots.csv").write_text(ballots, encoding="utf-8")
    outcome = evaluate(load_round(tmp_path))
    # 2 voters, 5000 each: speeltuin (both, 2000 each) first; moestuin's one supporter has 3000 left < 6000.
    # add1 raises the shares to 8000 each: then v1 has 6000 left for moestuin, and both (10000) fit.
    assert outcome.result("speeltuin").status.value == "awarded"
    assert outcome.result("moestuin").status.value == "awarded"
    (bought,) = [r for r in outcome.result("moestuin").reasons if r.code.value == "mes-chosen"]
    assert bought["share"] == 8000


def test_every_example_and_bundled_round_is_named_in_the_readme() -> None:
    # Seven examples, one per allocation method, were in the repository and nowhere in the README.
    folders = [f"{kind}/{p.name}" for kind in ("examples", "rounds") for p in sorted((ROOT / kind).iterdir())
               if p.is_dir() or p.suffix == ".sh"]
    assert folders and [f for f in folders if f"`{f}`" not in README] == []
