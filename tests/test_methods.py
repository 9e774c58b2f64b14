"""Golden cases per distribution method, hand-checked, plus decisions, the district key and explain.

Per method also the edges: pro rata and equal with a plan no pot may pay, an empty share pot or
the minimum grant; prizes by score under arrival; optimal's order of pots and zero scores
(its solver and limits: test_optimal_solver.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import CHALLENGE, EXAMPLES, MINIMAL, invoke, run, write_round

from initiatief import InputError, Status, evaluate, load_round
from initiatief.choices import Method
from initiatief.reasons import Code, reason
from initiatief.reports.methods_compared import compare_methods

COFINANCING = EXAMPLES / "cofinancing"


def awards(folder: Path, method: str | None = None) -> dict[str, tuple[str, Decimal, dict[str, Decimal]]]:
    """Return status, amount and paid_by per submission."""
    outcome = evaluate(load_round(folder), method)
    return {r.submission.id: (r.status.value, r.awarded, dict(r.paid_by)) for r in outcome.results}


D = Decimal


def test_ranking_skips_what_does_not_fit_and_goes_on() -> None:
    # round.yaml of examples/cofinancing explains the arithmetic.
    assert awards(COFINANCING, "ranking") == {
        "kas-noord": ("awarded", D("6000.00"), {"gebiedsteam-noord": D("3000.00"), "beleid": D("3000.00")}),
        "bankjes-zuid": ("awarded", D("4000.00"), {"beleid": D("4000.00")}),
        "tuin-noord": ("not-funded", D("0.00"), {}),
        "bieb-noord": ("awarded", D("4000.00"), {"gebiedsteam-noord": D("2000.00"), "beleid": D("2000.00")}),
    }


def test_arrival_orders_by_date_and_draws_lots_for_the_same_day() -> None:
    # bankjes-zuid and tuin-noord were both complete on 2024-03-01: the lottery decides.
    first = min(["bankjes-zuid", "tuin-noord"], key=lambda i: hashlib.sha256(f"2024:{i}".encode()).hexdigest())
    assert first == "tuin-noord"
    # tuin 5000 (noord 2500), bankjes 4000, kas needs 3000 of noord's 2500: skipped; bieb 4000 (noord 2000).
    assert awards(COFINANCING, "arrival") == {
        "tuin-noord": ("awarded", D("5000.00"), {"gebiedsteam-noord": D("2500.00"), "beleid": D("2500.00")}),
        "bankjes-zuid": ("awarded", D("4000.00"), {"beleid": D("4000.00")}),
        "kas-noord": ("not-funded", D("0.00"), {}),
        "bieb-noord": ("awarded", D("4000.00"), {"gebiedsteam-noord": D("2000.00"), "beleid": D("2000.00")}),
    }
    outcome = evaluate(load_round(COFINANCING), "arrival")
    assert [(t.candidates, t.order) for t in outcome.ties] == [
        (("bankjes-zuid", "tuin-noord"), ("tuin-noord", "bankjes-zuid"))
    ]


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


def test_a_score_tie_that_decides_no_prize_is_not_recorded_as_deciding_prizes(tmp_path: Path) -> None:
    # Under arrival the best score (alone) wins the one prize; the two plans tied below it both go without:
    # the draw between them decided nothing, so no tie `decides: prizes` is recorded.
    folder = write_round(
        tmp_path,
        """
        name: Prize without a tie
        year: 2024
        ceiling: 20000
        pots:
          - {id: fonds, amount: 18000}
          - {id: prijzen, amount: 2000, for: prizes}
        criteria: [{id: c, weight: 1, scale: [1, 5]}]
        allocation: {method: arrival, seed: 7}
        prizes: [{label: Prijs, count: 1, amount: 1000, pot: prijzen}]
        """,
        {
            "vroeg": "title: V\napplicant: V\nreceived: 2024-01-01\nrequested: 1000\n",
            "laat-1": "title: L1\napplicant: L1\nreceived: 2024-02-01\nrequested: 1000\n",
            "laat-2": "title: L2\napplicant: L2\nreceived: 2024-02-02\nrequested: 1000\n",
        },
        {"jury.csv": "submission,c\nvroeg,5\nlaat-1,3\nlaat-2,3\n"},
    )
    outcome = evaluate(load_round(folder))
    assert [r.submission.id for r in outcome.results if r.prize] == ["vroeg"]
    assert outcome.ties == ()


def test_a_tie_in_votes_that_decides_a_prize_by_votes_is_recorded(tmp_path: Path) -> None:
    # Ranking by score funds a and c; a prize `by: votes` goes to the most-voted of them. a and c have 2 votes
    # each and ask the same: the lot decides, and that draw is recorded with `decides: prizes`.
    folder = write_round(
        tmp_path,
        """
        name: Prize by votes, tied
        year: 2024
        ceiling: 9000
        pots:
          - {id: fonds, amount: 8000}
          - {id: prijzen, amount: 1000, for: prizes}
        criteria: [{id: q, weight: 1, scale: [0, 10]}]
        assessment: {pass: 50%}
        allocation: {method: ranking, seed: w}
        prizes: [{label: Publieksprijs, count: 1, amount: 1000, pot: prijzen, by: votes}]
        votes: {jury: true}
        """,
        {i: f"title: {i.upper()}\napplicant: {i.upper()}\nrequested: 4000\n" for i in "abc"},
        {"jury.csv": "submission,q\na,9\nb,6\nc,10\n"},
    )
    (folder / "votes").mkdir()
    (folder / "votes" / "ballots.csv").write_text("voter,approved\nv1,a c\nv2,a b\nv3,c\n", encoding="utf-8")
    outcome = evaluate(load_round(folder))
    winner = min("ac", key=lambda i: hashlib.sha256(f"w:{i}".encode()).hexdigest())
    assert [r.submission.id for r in outcome.results if r.prize] == [winner]
    prize_ties = [t for t in outcome.ties if t.decides == "prizes"]
    assert [(t.candidates, t.order[0], t.first_rank) for t in prize_ties] == [(("a", "c"), winner, 1)]


PRIZE_KINDS = """
    name: Two prize kinds
    year: 2024
    ceiling: {ceiling}
    pots:
      - {{id: fonds, amount: 12000}}
      - {{id: prijzen, amount: 2000, for: prizes}}
    criteria: [{{id: q, weight: 1, scale: [0, 10]}}]
    assessment: {{pass: 50%}}
    allocation: {{method: ranking, seed: {seed}}}
    prizes:
      - {{label: Juryprijs, count: 1, amount: 1000, pot: prijzen}}
      - {{label: Publieksprijs, count: 1, amount: 1000, pot: prijzen, by: votes}}
    votes: {{jury: true}}
    """


def _two_prize_kinds(tmp_path: Path, ceiling: int, seed: str) -> Path:
    folder = write_round(
        tmp_path / seed, PRIZE_KINDS.format(ceiling=ceiling, seed=seed),
        {i: f"title: {i.upper()}\napplicant: {i.upper()}\nrequested: 4000\n" for i in "abc"},
        {"jury.csv": "submission,q\na,10\nb,6\nc,7\n"},
    )
    (folder / "votes").mkdir()
    (folder / "votes" / "ballots.csv").write_text("voter,approved\nv1,a b\nv2,a b\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("seed", ["q", "w", "x", "y", "z"])
def test_a_tie_for_a_prize_that_its_plans_could_not_both_win_decided_nothing(seed: str, tmp_path: Path) -> None:
    # a wins the jury's prize; a and b tie on votes, but a has a prize already, so b wins the public's prize
    # whatever the draw: no tie decided a prize, under every seed.
    outcome = evaluate(load_round(_two_prize_kinds(tmp_path, 14000, seed)))
    assert {r.submission.id: r.prize.label for r in outcome.results if r.prize} == {
        "a": "Juryprijs", "b": "Publieksprijs"}
    assert outcome.ties == ()


def test_a_prize_the_ceiling_cannot_pay_is_not_awarded(tmp_path: Path) -> None:
    # A round with votes may have pots above the ceiling (a warning): the ceiling still binds, for prizes too.
    # Awards take 8000 of 9000; the jury's prize takes the last 1000; the public's prize is not awarded.
    outcome = evaluate(load_round(_two_prize_kinds(tmp_path, 9000, "q")))
    assert {r.submission.id: r.prize.label for r in outcome.results if r.prize} == {"a": "Juryprijs"}
    paid = sum((r.awarded + (r.prize.amount if r.prize else 0) for r in outcome.results), Decimal(0))
    assert paid == Decimal(9000) and all(p.used <= p.pot.amount for p in outcome.pots)


def test_lottery_orders_everyone_by_ticket() -> None:
    ids = ["kas-noord", "bankjes-zuid", "tuin-noord", "bieb-noord"]
    by_ticket = sorted(ids, key=lambda i: hashlib.sha256(f"2024:{i}".encode()).hexdigest())
    outcome = evaluate(load_round(COFINANCING), "lottery")
    assert [r.submission.id for r in outcome.results if r.rank] == by_ticket
    assert by_ticket == ["tuin-noord", "bankjes-zuid", "bieb-noord", "kas-noord"]
    # tuin (noord 2500), bankjes, bieb (noord 2000, 500 left); kas needs 3000 of noord: not funded.
    assert outcome.result("kas-noord").status is Status.NOT_FUNDED
    assert sum(r.awarded for r in outcome.results) == D("13000.00")


def test_a_lottery_names_each_plan_a_fixed_number_of_times_in_the_json(tmp_path: Path) -> None:
    # Under `lottery` every plan ties with every other. The `tied` reason gives the tie by its size and first
    # rank, so each id is written a fixed number of times however large the round (before: once in every
    # other plan's reason too, so the output grew as the square of the round).
    n = 40
    folder = write_round(
        tmp_path,
        """
        name: Loting
        year: 2024
        ceiling: 10000
        criteria: [{id: c, weight: 1, scale: [1, 5]}]
        allocation: {method: lottery, seed: trekking}
        """,
        {f"plan-{i:02d}": f"title: P{i}\napplicant: A{i}\nrequested: 1000\n" for i in range(n)},
        {"jury.csv": "submission,c\n" + "".join(f"plan-{i:02d},{1 + i % 5}\n" for i in range(n))},
    )
    code, stdout, stderr = run("score", folder, "--format", "json")
    assert code == 0, stderr
    data = json.loads(stdout)
    (tie,) = data["ties"]
    assert sorted(tie["candidates"]) == [f"plan-{i:02d}" for i in range(n)]
    for entry in data["results"]:
        (tied,) = [r for r in entry["reasons"] if r["code"] == "tied"]
        assert (tied["size"], tied["first_rank"], tied["seed"]) == (n, tie["first_rank"], "trekking")
        assert tied["ticket"] == tie["tickets"][tie["order"].index(entry["id"])]
        assert tied["first_rank"] <= entry["rank"] < tied["first_rank"] + tied["size"]
        assert tied["text"] == f"Gelijke stand tussen {n} plannen vanaf plaats 1; volgorde door loting (seed trekking)"
    # id, candidates, order: three times each, the number of plans notwithstanding
    assert {stdout.count(f'"plan-{i:02d}"') for i in range(n)} == {3}


def test_pro_rata_gives_everyone_the_same_fraction_within_every_pot() -> None:
    # Noord must pay half of kas, tuin and bieb (15000 requested, 7500 half) from 5000:
    # the fraction is 2/3 for everyone, rounded down to the cent per award.
    got = awards(COFINANCING, "pro-rata")
    requested = {"kas-noord": 6000, "bankjes-zuid": 4000, "tuin-noord": 5000, "bieb-noord": 4000}
    for sub_id, amount in requested.items():
        status, awarded, paid = got[sub_id]
        assert status == "partly-awarded"
        assert abs(awarded - D(amount) * 2 / 3) <= D("0.02"), (sub_id, awarded)
        assert sum(paid.values()) == awarded
    noord = sum(p.get("gebiedsteam-noord", D(0)) for _, _, p in got.values())
    assert D("4999.97") <= noord <= D("5000.00")


def test_equal_gives_everyone_the_same_amount() -> None:
    # Three noord plans, half each from 5000: at most 3 × 1666.66, so 3333.33 each (also for zuid).
    got = awards(COFINANCING, "equal")
    assert {sub_id: awarded for sub_id, (_, awarded, _) in got.items()} == dict.fromkeys(got, D("3333.33"))


def test_equal_never_gives_more_than_the_request(tmp_path: Path) -> None:
    folder = write_round(
        tmp_path,
        """
        name: Equal
        year: 2024
        ceiling: 9000
        criteria: [{id: c, weight: 1, scale: [1, 5]}]
        allocation: {method: equal}
        """,
        {
            "small": "title: S\napplicant: A\nrequested: 1000\n",
            "big-1": "title: B\napplicant: B\nrequested: 6000\n",
            "big-2": "title: C\napplicant: C\nrequested: 6000\n",
        },
        {"jury.csv": "submission,c\nsmall,3\nbig-1,4\nbig-2,5\n"},
    )
    # small gets its 1000; the other two share 8000: 4000 each.
    assert {k: v[1] for k, v in awards(folder).items()} == {
        "small": D("1000.00"), "big-1": D("4000.00"), "big-2": D("4000.00")
    }


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


def optimal_round(tmp_path: Path) -> Path:
    return write_round(
        tmp_path,
        """
        name: Optimal
        year: 2024
        ceiling: 10000
        criteria: [{id: c, weight: 1, scale: [1, 10]}]
        """,
        {
            "a": "title: A\napplicant: A\nrequested: 6000\n",
            "b": "title: B\napplicant: B\nrequested: 5000\n",
            "c": "title: C\napplicant: C\nrequested: 5000\n",
        },
        {"jury.csv": "submission,c\na,10\nb,9\nc,9\n"},
    )


def test_optimal_beats_ranking_when_the_best_plan_blocks_two_good_ones(tmp_path: Path) -> None:
    folder = optimal_round(tmp_path)
    # Ranking funds a (10) and nothing else fits; b + c (18) is the best set that fits 10000.
    assert {k: v[0] for k, v in awards(folder, "ranking").items()} == {
        "a": "awarded", "b": "not-funded", "c": "not-funded"
    }
    assert {k: v[0] for k, v in awards(folder, "optimal").items()} == {
        "a": "not-funded", "b": "awarded", "c": "awarded"
    }


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


def test_partial_funding_gives_the_first_plan_that_does_not_fit_what_is_left(tmp_path: Path) -> None:
    folder = optimal_round(tmp_path)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(text + "grants: {partial: true, min: 1000}\n", encoding="utf-8")
    got = awards(folder)
    # b and c tie (9); with the default seed "0" the lottery puts c first.
    assert min("bc", key=lambda i: hashlib.sha256(f"0:{i}".encode()).hexdigest()) == "c"
    assert got["a"][:2] == ("awarded", D("6000.00"))
    assert got["c"][:2] == ("partly-awarded", D("4000.00"))
    assert got["b"][:2] == ("not-funded", D("0.00"))


def test_district_key_builds_pots_and_funds_the_next_plans_from_leftovers() -> None:
    # examples/district-key/round.yaml works this out by hand.
    outcome = evaluate(load_round(EXAMPLES / "district-key"))
    pots = {u.pot.id: (u.pot.amount, u.used, u.left) for u in outcome.pots}
    assert pots == {
        "district-noord": (D("12000.00"), D("12000.00"), D("0.00")),
        "district-zuid": (D("12000.00"), D("12000.00"), D("0.00")),
        "district-oost": (D("9000.00"), D("7500.00"), D("1500.00")),
        "beleid": (D("7000.00"), D("6000.00"), D("1000.00")),
    }
    assert dict(outcome.result("oost-1").paid_by) == {
        "district-noord": D("4000.00"), "district-zuid": D("1000.00"), "district-oost": D("4500.00")
    }
    assert outcome.result("noord-2").status is Status.NOT_FUNDED


@pytest.mark.parametrize(("leftover", "oost_1", "beleid_left"), [("unspent", "not-funded", "1000.00"),
                                                                 ("general", "not-funded", "12000.00")])
def test_district_key_leftover_policies(tmp_path: Path, leftover: str, oost_1: str, beleid_left: str) -> None:
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLES / "district-key", folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(text.replace("leftover: next", f"leftover: {leftover}"), encoding="utf-8")
    outcome = evaluate(load_round(folder))
    assert outcome.result("oost-1").status.value == oost_1
    # 'general' moves 4000 + 1000 + 6000 to beleid (1000 left): 12000, which only pays for plans in stad.
    beleid = next(u for u in outcome.pots if u.pot.id == "beleid")
    assert str(beleid.left) == beleid_left


def _minimal_with_decisions(tmp_path: Path, decisions: str) -> Path:
    """Return a copy of examples/minimal with `decisions` as its decisions.yaml."""
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    (folder / "decisions.yaml").write_text(decisions, encoding="utf-8")
    return folder


def test_decisions_withdraw_exclude_and_cap(tmp_path: Path) -> None:
    folder = _minimal_with_decisions(
        tmp_path,
        "- {submission: speeltuin, decision: withdrawn, reason: Aanvrager trok in, date: 2024-05-01}\n"
        "- {submission: moestuin, decision: cap, amount: 2500, reason: Alleen de eerste fase, date: 2024-05-02}\n"
        "- {submission: buurtfeest, decision: exclude, reason: Dubbele aanvraag, date: 2024-05-03}\n",
    )
    outcome = evaluate(load_round(folder))
    assert outcome.result("speeltuin").status is Status.WITHDRAWN
    assert outcome.result("buurtfeest").status is Status.EXCLUDED
    moestuin = outcome.result("moestuin")
    assert (moestuin.status, moestuin.awarded) == (Status.AWARDED, D("2500.00"))
    assert reason(Code.CAPPED_BY_DECISION, amount=D("2500.00"), date=dt.date(2024, 5, 2),
                  reason="Alleen de eerste fase") in moestuin.reasons
    exported = invoke("score", folder, "--format", "csv").stdout
    assert "Aanvrager trok in" in exported and "Dubbele aanvraag" in exported


def test_a_cap_decision_keeps_the_earlier_capping_note(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    moestuin = folder / "submissions" / "moestuin.yaml"
    moestuin.write_text(moestuin.read_text(encoding="utf-8").replace("requested: 4000", "requested: 8000"),
                        encoding="utf-8")
    (folder / "decisions.yaml").write_text(
        "- {submission: moestuin, decision: cap, amount: 2500, reason: Alleen de eerste fase, date: 2024-05-02}\n",
        encoding="utf-8",
    )
    codes = [r.code for r in evaluate(load_round(folder)).result("moestuin").reasons]
    # grants.max 5000 capped it first; the committee's cap came on top: both are said, in that order.
    assert codes[:2] == [Code.CAPPED_AT_MAXIMUM, Code.CAPPED_BY_DECISION]


def test_a_cap_on_a_withdrawn_submission_is_a_warning_not_silently_dropped(tmp_path: Path) -> None:
    folder = _minimal_with_decisions(
        tmp_path,
        "- {submission: speeltuin, decision: cap, amount: 2500, reason: Alleen de eerste fase, date: 2024-05-02}\n"
        "- {submission: speeltuin, decision: withdrawn, reason: Aanvrager trok in, date: 2024-05-09}\n"
        "- {submission: moestuin, decision: cap, amount: 2500, reason: Alleen de eerste fase, date: 2024-05-02}\n",
    )
    code, _, err = run("validate", folder)
    assert code == 0 and err.count("warning: ") == 1  # both decisions stand: the history is the committee's
    assert f"{folder}/decisions.yaml:1: the cap on 'speeltuin' has no effect: the decision 'withdrawn' (at " \
           f"{folder}/decisions.yaml:2) takes it out of the round" in err


def test_a_decision_about_an_unknown_submission_is_refused(tmp_path: Path) -> None:
    folder = _minimal_with_decisions(
        tmp_path, "- {submission: speeltuinn, decision: withdrawn, reason: x, date: 2024-05-01}\n")
    with pytest.raises(InputError) as caught:
        load_round(folder)
    assert str(caught.value.problems[0]) == (
        f"{folder}/decisions.yaml:1: a decision about unknown submission 'speeltuinn'; "
        "expected an id from the submissions (did you mean 'speeltuin'?)"
    )


def test_method_on_the_command_line_changes_nothing_on_disk() -> None:
    before = {p: p.read_bytes() for p in COFINANCING.rglob("*") if p.is_file()}
    result = invoke("score", COFINANCING, "--method", "pro-rata", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["round"]["method"] == "pro-rata"
    assert {p: p.read_bytes() for p in COFINANCING.rglob("*") if p.is_file()} == before


def test_arrival_without_dates_is_a_clear_error() -> None:
    result = invoke("score", MINIMAL, "--method", "arrival")
    assert result.exit_code == 1
    assert "has no 'received' date" in result.stderr


def test_compare_methods_counts_what_differs() -> None:
    comparison = compare_methods(load_round(COFINANCING))
    assert comparison.plans == ("kas-noord", "bankjes-zuid", "tuin-noord", "bieb-noord")
    assert comparison.differing("ranking") == 0
    assert comparison.differing("optimal") == 0
    assert comparison.differing("arrival") == 2  # kas-noord and tuin-noord swap
    assert comparison.differing("equal") == 4
    result = invoke("compare-methods", COFINANCING, "--format", "json")
    data = json.loads(result.stdout)
    assert {m["method"]: m["differ"] for m in data["methods"]}["arrival"] == 2


def test_compare_methods_leaves_optimal_out_above_its_size_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from initiatief.reports import methods_compared

    monkeypatch.setattr(methods_compared, "COMPARE_OPTIMAL_UP_TO", 3)  # cofinancing has 4 passing plans
    runs = {r.method: r for r in compare_methods(load_round(COFINANCING)).runs}
    assert runs["optimal"].outcome is None
    assert runs["optimal"].problem == (
        "not compared: 4 passing plans, more than the 3 that compare-methods runs optimal for (its proof would take "
        "many minutes); initiatief score --method optimal runs it")
    assert all(r.outcome is not None for m, r in runs.items() if m != "optimal")
    # The round's own method always runs, whatever its size.
    own = load_round(COFINANCING)
    own = replace(own, allocation=replace(own.allocation, method=Method.OPTIMAL))
    comparison = compare_methods(own)
    assert comparison.base == "optimal"
    assert next(r for r in comparison.runs if r.method == "optimal").outcome is not None
    monkeypatch.setattr(methods_compared, "COMPARE_OPTIMAL_UP_TO", 4)  # not more than: compared
    assert next(r for r in compare_methods(load_round(COFINANCING)).runs if r.method == "optimal").problem is None


def test_compare_methods_says_why_in_the_rounds_language_with_no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    from initiatief.reports import methods_compared

    monkeypatch.setattr(methods_compared, "COMPARE_OPTIMAL_UP_TO", 3)  # cofinancing (language: nl), 4 passing plans
    out = invoke("compare-methods", COFINANCING, "--format", "markdown").stdout
    (row,) = [line for line in out.splitlines() if line.startswith("| hoogste totale score")]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1:4] == ["-", "-", "-"]  # not 0 plans and € 0,00: it did not run
    assert cells[4].startswith("niet vergeleken: 4 plannen door de beoordeling, meer dan de 3 waarvoor")
    for name in ("ortools", "ortools.sat", "ortools.sat.python", "ortools.sat.python.cp_model"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails as if not installed
    monkeypatch.setattr(methods_compared, "COMPARE_OPTIMAL_UP_TO", 10)
    out = invoke("compare-methods", COFINANCING, "--format", "markdown").stdout
    (row,) = [line for line in out.splitlines() if line.startswith("| hoogste totale score")]
    assert "niet vergeleken: deze verdeling heeft OR-Tools nodig" in row and "OR-Tools, which" not in out
    data = json.loads(invoke("compare-methods", COFINANCING, "--format", "json").stdout)
    optimal = next(m for m in data["methods"] if m["method"] == "optimal")
    assert (optimal["funded"], optimal["total"], optimal["differ"]) == (0, "0.00", None)  # JSON as documented
    assert optimal["problem"].startswith("the optimal method needs OR-Tools")


@pytest.mark.parametrize(
    ("folder", "sub_id", "expected"),
    [
        (COFINANCING, "tuin-noord", ["Uitkomst: geen budget", "Rang 3 van 4 (rangschikking)",
                                     "Niet toegekend: bij rang 3 was € 2.500,00 nodig uit gebiedsteam-noord, "
                                     "daarin was nog € 2.000,00"]),
        (COFINANCING, "kas-noord", ["Toegekend: € 6.000,00 uit gebiedsteam-noord (50%), beleid (50%)"]),
        (MINIMAL, "festival", ["✗ in-de-gemeente: NIET voldaan — Het initiatief vindt niet plaats"]),
        (MINIMAL, "buurtfeest", ["Score 7,00 is lager dan de drempel van 9,00 (60% van 15,00)"]),
        (CHALLENGE, "buurtwerkplaats-houtvast",
         ["Belangenverstrengeling gemeld: de scores van sociaal-ondernemer tellen niet mee"]),
        (EXAMPLES / "lottery-tie", "koor", ["Tied with zwemles, schaakclub: lottery with seed 'gelijk-2024', "
                                            "ticket 75033ad6dadb27dbd7b88c367a84044b2d2b8f749d6881770151b5d0e4924292"]),
    ],
)
def test_explain_tells_the_story(folder: Path, sub_id: str, expected: list[str]) -> None:
    result = invoke("explain", folder, sub_id)
    assert result.exit_code == 0, result.stderr
    for line in expected:
        assert line in result.stdout


def test_explain_json_and_unknown_id() -> None:
    result = invoke("explain", COFINANCING, "bieb-noord", "--format", "json")
    data = json.loads(result.stdout)
    assert data["paid_by"] == {"gebiedsteam-noord": "2000.00", "beleid": "2000.00"}
    assert data["criteria"][0]["by_assessor"] == {"gebiedsteam": 6.0}
    result = invoke("explain", COFINANCING, "bieb-nord")
    assert result.exit_code == 1
    assert "did you mean 'bieb-noord'?" in result.stderr


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("  - {id: beleid, label: Beleidsbudget, amount: 7000, when: {district: stad}}",
         "the pot id 'district-noord' is also made by district_key"),
        ("leftover: next", "district_key leftover is 'general' but there is no general pot"),
    ],
)
def test_district_key_refuses_a_clashing_pot_and_a_general_leftover_without_a_general_pot(
    tmp_path: Path, change: str, problem: str
) -> None:
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLES / "district-key", folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    if change.startswith("leftover"):
        text = text.replace(change, "leftover: general").replace(
            "  - {id: beleid, label: Beleidsbudget, amount: 7000, when: {district: stad}}",
            "  - {id: stadsfonds, amount: 7000, when: {district: stad}, share: 100%}")
    else:
        text = text.replace(change, "  - {id: district-noord, amount: 7000}")
    (folder / "round.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_round(folder)
    assert problem in str(caught.value)


def test_explain_shows_a_score_a_hair_below_the_pass_mark_as_lower(tmp_path: Path) -> None:
    # 5, 5 and 4.99 combine to 14.99/3 = 4.99666…, below the exact 5: shown 4,997 against 5,000, not 5,00 and 5,00.
    folder = write_round(
        tmp_path,
        """
        name: Hair below
        year: 2024
        ceiling: 10000
        criteria: [{id: q, weight: 1, scale: [0, 10]}]
        assessment: {pass: 50%}
        allocation: {method: ranking, seed: w}
        """,
        {"a": "title: a\napplicant: a\nrequested: 4000\n"},
        {"j1.yaml": "scores:\n  a: {q: 5}\n", "j2.yaml": "scores:\n  a: {q: 5}\n",
         "j3.yaml": "scores:\n  a: {q: 4.99}\n"},
    )
    code, out, err = run("explain", folder, "a")
    assert code == 0, err
    assert "Gewogen score 4,997 van 10,00; drempel 5,000" in out
    assert "Score 4,997 is lager dan de drempel van 5,000" in out


def _awarded(folder: Path, method: str) -> dict[str, tuple[str, Decimal, dict[str, Decimal]]]:
    outcome = evaluate(load_round(folder), method)
    return {r.submission.id: (r.status.value, r.awarded, dict(r.paid_by)) for r in outcome.results}


@pytest.mark.parametrize("method", ["ranking", "pro-rata", "equal", "optimal", "lottery"])
def test_share_pots_of_one_hundred_percent_pay_a_plan_no_general_pot_matches(tmp_path: Path, method: str) -> None:
    # 60% + 40% of 1000.01 rounded down leave a cent: the larger share pays it (docs/method.md, "Who pays"), so the
    # plan is funded in full under every method, not refused for a cent no pot may pay.
    if method == "optimal":
        pytest.importorskip("ortools")
    folder = write_round(
        tmp_path,
        """
        name: Shares of 100%
        year: 2024
        ceiling: 20000
        pots:
          - {id: beleid, amount: 5000, when: {district: zuid}}
          - {id: noord, amount: 3000, when: {district: noord}, share: 60%}
          - {id: groen, amount: 3000, when: {facts.groen: true}, share: 40%}
        criteria: [{id: q, weight: 1, scale: [0, 10]}]
        """,
        {"a": "title: A\napplicant: A\ndistrict: noord\nrequested: 1000.01\nfacts: {groen: true}\n",
         "b": "title: B\napplicant: B\ndistrict: noord\nrequested: 999.99\nfacts: {groen: true}\n"},
        {"jury.csv": "submission,q\na,9\nb,8\n"},
    )
    assert _awarded(folder, method) == {
        "a": ("awarded", Decimal("1000.01"), {"noord": Decimal("600.01"), "groen": Decimal("400.00")}),
        "b": ("awarded", Decimal("999.99"), {"noord": Decimal("600.00"), "groen": Decimal("399.99")}),
    }


@pytest.mark.parametrize("method", ["ranking", "pro-rata", "equal"])
def test_a_cap_below_the_minimum_grant_is_paid_in_full_under_every_method(tmp_path: Path, method: str) -> None:
    # docs/rules.md: a cap decision is not tested against grants.min. Everything fits, so everyone gets the full
    # amount; the capped plan gets its 350 under pro-rata and equal as under ranking.
    folder = write_round(
        tmp_path,
        """
        name: Cap below the minimum
        year: 2024
        ceiling: 5000
        grants: {min: 500}
        criteria: [{id: q, weight: 1, scale: [0, 10]}]
        """,
        {"a": "title: A\napplicant: A\nrequested: 4000\n", "d": "title: D\napplicant: D\nrequested: 1000\n"},
        {"jury.csv": "submission,q\na,9\nd,8\n"},
    )
    (folder / "decisions.yaml").write_text(
        "- {submission: d, decision: cap, amount: 350, reason: Alleen de materialen, date: 2024-05-01}\n",
        encoding="utf-8")
    assert _awarded(folder, method) == {"a": ("awarded", Decimal("4000.00"), {"budget": Decimal("4000.00")}),
                                        "d": ("awarded", Decimal("350.00"), {"budget": Decimal("350.00")})}
    # With 4200: scaled down by pro-rata, its award falls below its whole amount and the minimum: refused, as under
    # ranking a part of it below the minimum is; under equal the level (3850) is above its amount: paid in full.
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace("5000", "4200"), encoding="utf-8")
    if method == "equal":
        assert _awarded(folder, method) == {
            "a": ("partly-awarded", Decimal("3850.00"), {"budget": Decimal("3850.00")}),
            "d": ("awarded", Decimal("350.00"), {"budget": Decimal("350.00")})}
    else:
        assert _awarded(folder, method) == {"a": ("awarded", Decimal("4000.00"), {"budget": Decimal("4000.00")}),
                                            "d": ("not-funded", Decimal("0.00"), {})}


@pytest.mark.parametrize(("items", "language", "expected"), [
    ((), "nl", ""), (("jury-a",), "nl", "jury-a"), (("a", "b"), "nl", "a en b"), (("a", "b", "c"), "nl", "a, b en c"),
    (("a", "b", "c"), "en", "a, b and c"),
])
def test_a_list_in_words(items: tuple[str, ...], language: str, expected: str) -> None:
    from initiatief.models import Language
    from initiatief.texts.report import join_words

    assert join_words(items, Language(language)) == expected
