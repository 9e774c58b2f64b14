"""Behaviour found missing in review: each test pins one promise that once broke."""

from __future__ import annotations

import json
import os
import shutil
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import write_round
from typer.testing import CliRunner

from initiatief import evaluate, load_round
from initiatief.cli.app import app
from initiatief.output.csvout import render_csv
from initiatief.reasons import Code, reason

ROOT = Path(__file__).parent.parent
MINIMAL = ROOT / "examples" / "minimal"
runner = CliRunner()


@pytest.mark.parametrize("method", ["pro-rata", "equal"])
def test_a_plan_no_pot_may_pay_does_not_stop_the_others_sharing(tmp_path: Path, method: str) -> None:
    folder = write_round(
        tmp_path,
        f"""
        name: Unpayable
        year: 2024
        ceiling: 10000
        pots:
          - {{id: beleid, amount: 6000, when: {{district: [noord, zuid]}}}}
          - {{id: wijk-oost, amount: 4000, when: {{district: oost}}, share: 50%}}
        criteria: [{{id: c, weight: 1, scale: [1, 5]}}]
        allocation: {{method: {method}}}
        """,
        {
            "a": "title: A\napplicant: A\ndistrict: noord\nrequested: 4000\n",
            "b": "title: B\napplicant: B\ndistrict: zuid\nrequested: 4000\n",
            "c": "title: C\napplicant: C\ndistrict: oost\nrequested: 2000\n",
        },
        {"jury.csv": "submission,c\na,5\nb,4\nc,3\n"},
    )
    outcome = evaluate(load_round(folder))
    # c (oost) needs half from beleid, which may not pay in oost: it gets nothing; a and b share 6000.
    assert outcome.result("c").awarded == 0
    assert outcome.result("a").awarded == outcome.result("b").awarded == 3000


def test_exports_are_readable_like_any_new_file_and_keep_the_old_mode(tmp_path: Path) -> None:
    target = tmp_path / "awards.csv"
    old = os.umask(0o022)
    try:
        assert runner.invoke(app, ["export", str(MINIMAL), "-o", str(target)]).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        assert runner.invoke(app, ["export", str(MINIMAL), "-o", str(target), "--force"]).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_new_from_a_block_style_allocation_without_a_seed(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(MINIMAL, source)
    text = (source / "round.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "allocation: {method: ranking, ties: [impact, requested, lottery], seed: 2024}",
        "allocation:\n    method: ranking\n    ties: [impact, requested, lottery]",
    )
    (source / "round.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["new", str(tmp_path / "next"), "--from", str(source)])
    assert result.exit_code == 0, result.stderr
    assert "allocation:\n    seed: '0-2025'\n    method: ranking" in (tmp_path / "next" / "round.yaml").read_text()
    assert load_round(tmp_path / "next").allocation.seed == "0-2025"


def test_excel_leaves_text_that_looks_like_a_number_alone() -> None:
    rows = [{"id": "2017.1", "title": "2024.1", "awarded": "1500.00", "paid_by": {}}]
    text = render_csv(rows, ("id", "title", "awarded"), excel=True)
    assert text.splitlines()[1] == "2017.1;2024.1;1500,00"


def test_prizes_go_to_the_best_scores_under_arrival_and_the_draw_is_recorded(tmp_path: Path) -> None:
    folder = write_round(
        tmp_path,
        """
        name: Prizes by score
        year: 2024
        ceiling: 20000
        pots:
          - {id: fonds, amount: 18000}
          - {id: prijzen, amount: 2000, for: prizes}
        criteria: [{id: c, weight: 1, scale: [1, 5]}]
        allocation: {method: arrival, seed: 7}
        prizes: [{label: Prijs, count: 1, amount: 1000, pot: prijzen}, {label: Tweede, count: 1, amount: 1000,
                  pot: prijzen}]
        """,
        {
            "vroeg": "title: V\napplicant: V\nreceived: 2024-01-01\nrequested: 1000\n",
            "laat-1": "title: L1\napplicant: L1\nreceived: 2024-02-01\nrequested: 1000\n",
            "laat-2": "title: L2\napplicant: L2\nreceived: 2024-02-02\nrequested: 1000\n",
        },
        {"jury.csv": "submission,c\nvroeg,3\nlaat-1,5\nlaat-2,5\n"},
    )
    outcome = evaluate(load_round(folder))
    assert {r.submission.id for r in outcome.results if r.prize} == {"laat-1", "laat-2"}
    prize_ties = [t for t in outcome.ties if t.decides == "prizes"]
    assert [sorted(t.candidates) for t in prize_ties] == [["laat-1", "laat-2"]]


def test_optimal_on_too_large_a_round_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import initiatief.core.optimal

    monkeypatch.setattr(initiatief.core.optimal, "OPTIMAL_MAX_PLANS", 1)
    result = runner.invoke(app, ["score", str(MINIMAL), "--method", "optimal"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the optimal method handles at most 1 passing plans")
    data = json.loads(runner.invoke(app, ["compare-methods", str(MINIMAL), "--format", "json"]).stdout)
    assert {m["method"]: m["problem"] for m in data["methods"]}["optimal"].startswith("the optimal method")


def test_optimal_pays_in_ranking_order_when_general_pots_differ(tmp_path: Path) -> None:
    # x takes all of 'stad' (listed first) in ranking order, so {x, y} does not fit: x alone is best.
    folder = write_round(
        tmp_path,
        """
        name: Optimal, general pots with a when
        year: 2024
        ceiling: 200
        pots:
          - {id: stad, amount: 100}
          - {id: noordpot, amount: 100, when: {district: noord}}
        criteria: [{id: impact, weight: 1, scale: [1, 10]}]
        allocation: {method: optimal}
        """,
        {"x": "title: X\napplicant: X\ndistrict: noord\nrequested: 150\n",
         "y": "title: Y\napplicant: Y\ndistrict: zuid\nrequested: 50\n"},
        {"jury.csv": "submission,impact\nx,9\ny,8\n"},
    )
    outcome = evaluate(load_round(folder))
    assert {r.submission.id: r.status.value for r in outcome.results} == {"x": "awarded", "y": "not-funded"}


def test_optimal_also_funds_plans_that_score_zero_when_money_is_left(tmp_path: Path) -> None:
    folder = write_round(
        tmp_path,
        """
        name: Zero score
        year: 2024
        ceiling: 100
        criteria: [{id: impact, weight: 1, scale: [0, 10]}]
        allocation: {method: optimal}
        """,
        {"a": "title: A\napplicant: A\nrequested: 50\n", "z": "title: Z\napplicant: Z\nrequested: 10\n"},
        {"jury.csv": "submission,impact\na,5\nz,0\n"},
    )
    outcome = evaluate(load_round(folder))
    assert {r.submission.id: r.status.value for r in outcome.results} == {"a": "awarded", "z": "awarded"}


@pytest.mark.parametrize("method", ["pro-rata", "equal"])
def test_a_plan_whose_own_pot_is_empty_does_not_shrink_everyone_to_cents(tmp_path: Path, method: str) -> None:
    folder = write_round(
        tmp_path,
        f"""
        name: Empty share pot
        year: 2024
        ceiling: 10000
        pots:
          - {{id: beleid, amount: 10000}}
          - {{id: noord, amount: 0, when: {{district: noord}}, share: 50%}}
        grants: {{min: 1000}}
        criteria: [{{id: c, weight: 1, scale: [1, 5]}}]
        allocation: {{method: {method}}}
        """,
        {"a": "title: A\napplicant: A\ndistrict: zuid\nrequested: 6000\n",
         "b": "title: B\napplicant: B\ndistrict: zuid\nrequested: 6000\n",
         "n": "title: N\napplicant: N\ndistrict: noord\nrequested: 4000\n"},
        {"jury.csv": "submission,c\na,5\nb,4\nn,3\n"},
    )
    outcome = evaluate(load_round(folder))
    assert {r.submission.id: r.awarded for r in outcome.results} == {"a": 5000, "b": 5000, "n": 0}


def test_pro_rata_gives_nothing_below_the_minimum_grant_and_shares_that_money(tmp_path: Path) -> None:
    folder = write_round(
        tmp_path,
        """
        name: Pro rata and the minimum
        year: 2024
        ceiling: 10000
        grants: {min: 1000}
        criteria: [{id: c, weight: 1, scale: [1, 5]}]
        allocation: {method: pro-rata}
        """,
        {"a": "title: A\napplicant: A\nrequested: 8000\n", "b": "title: B\napplicant: B\nrequested: 8000\n",
         "c": "title: C\napplicant: C\nrequested: 1500\n"},
        {"jury.csv": "submission,c\na,5\nb,4\nc,3\n"},
    )
    # 10000 / 17500 of 1500 is 857.14, below the minimum: c gets nothing, a and b share 10000.
    outcome = evaluate(load_round(folder))
    assert {r.submission.id: r.awarded for r in outcome.results} == {"a": 5000, "b": 5000, "c": 0}
    why = reason(Code.BELOW_MINIMUM_GRANT, amount=Decimal("857.14"), minimum=Decimal("1000.00"))
    assert outcome.result("c").reasons[-1] == why
