"""The project's first acceptance test: the 2017 rounds reproduce the annual report's figures."""

from __future__ import annotations

import json

from helpers import CHALLENGE, ROUNDS, invoke

from initiatief import Status, evaluate, load_round
from initiatief.reasons import Code, as_ids


def test_challenge_json_reports_the_seed_figures() -> None:
    result = invoke("score", CHALLENGE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    funnel = data["funnel"]
    assert funnel["idea"] > 100  # "meer dan 100 ideeën"
    assert funnel["plan"] == 48  # "Dit leidde tot 48 plannen"
    assert funnel["awarded"] == 31  # "31 initiatieven hebben ... een financiële bijdrage ontvangen"
    winners = {(r["title"], r["applicant"]) for r in data["results"] if r["prize"]}
    assert winners == {
        ("Waste no wasteland", "Waterrijk Pioniers"),
        ("Fietsvriend Fred", "Stichting Goed Bezig"),
        ("De bedrijfskantine op bakfietswielen", "Werkpodium Kraack"),
    }
    assert sum(r["status"] == "awarded" for r in data["results"]) == 31
    for pot in data["pots"]:
        assert float(pot["left"]) >= 0


def test_innovatie_atelier_honours_the_five_initiatives() -> None:
    outcome = evaluate(load_round(ROUNDS / "2017-innovatie-atelier"))
    honoured = {r.submission.title for r in outcome.results if r.status is Status.AWARDED}
    assert len(honoured) == 5
    for words in ("Verbindende verhalen", "Jong & oud", "Aanloopgezinnen", "De Goeie Buurt"):
        assert any(words in title for title in honoured), words
    assert len(outcome.results) > 5


def test_gebiedsteams_co_finance_from_policy_and_area_teams() -> None:
    outcome = evaluate(load_round(ROUNDS / "2017-gebiedsteams"))
    co_financed = [r for r in outcome.results if len(r.paid_by) == 2]
    assert len(co_financed) >= 5
    for result in co_financed:
        pots = dict(result.paid_by)
        assert "beleid" in pots and any(p.startswith("gebiedsteam-") for p in pots)
    # An area team's pot can run out while the policy budget still has money.
    short = [
        r for r in outcome.results if r.status is Status.NOT_FUNDED and any(
            why.code is Code.POT_SHORT and all(p.startswith("gebiedsteam-") for p in as_ids(why["pots"]))
            for why in r.step
        )
    ]
    assert short
    beleid = next(u for u in outcome.pots if u.pot.id == "beleid")
    assert beleid.left > 0
