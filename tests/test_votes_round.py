"""Votes in a round folder (docs/votes.md): ballot files, the votes: block, the vote methods through the pots."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import EXAMPLES, PABULIB, THOROUGH, run, write_round

from initiatief import evaluate, load_round
from initiatief.errors import InitiatiefError

PLANS = {
    "a": "title: Plan A\napplicant: Bewoners A\ndistrict: noord\nrequested: 6000\nfacts: {categorie: groen}\n",
    "b": "title: Plan B\napplicant: Bewoners B\ndistrict: noord\nrequested: 4000\nfacts: {categorie: jeugd}\n",
    "c": "title: Plan C\napplicant: Bewoners C\ndistrict: zuid\nrequested: 4000\nfacts: {categorie: groen}\n",
    "d": "title: Plan D\napplicant: Bewoners D\ndistrict: zuid\nrequested: 3000\nfacts: {categorie: jeugd}\n",
}
HEAD = "name: Stemronde\nyear: 2026\nceiling: {ceiling}\n"


def vote_round(tmp_path: Path, body: str, ballots: str, *, ceiling: int = 12000, name: str = "ballots.csv",
               plans: dict[str, str] | None = None) -> Path:
    folder = write_round(tmp_path, HEAD.format(ceiling=ceiling) + textwrap.dedent(body), plans or PLANS, {})
    (folder / "votes").mkdir()
    (folder / "votes" / name).write_text(textwrap.dedent(ballots), encoding="utf-8")
    return folder


def problems(folder: Path) -> str:
    code, out, err = run("validate", folder)
    assert code == 1, out + err
    return err


def statuses(folder: Path, *extra: str) -> dict[str, tuple[str, str]]:
    code, out, err = run("score", folder, "--format", "json", *extra)
    assert code == 0, err
    return {r["id"]: (r["status"], r["awarded"]) for r in json.loads(out)["results"]}


GREEDY = "allocation: {method: votes, seed: s}\nvotes: {}\n"
BALLOTS = """\
    voter,approved
    v1,"a, b"
    v2,a;c
    v3,a b
    v4,b
    v5,"b,c"
    v6,d
"""


def test_greedy_by_votes_funds_in_order_of_approvals_and_skips_what_does_not_fit(tmp_path: Path) -> None:
    # b 4 votes (4000; "a b" approves both), a 3 (6000), c 2 (4000), d 1 (3000).
    folder = vote_round(tmp_path, GREEDY, BALLOTS, ceiling=11000)
    assert statuses(folder) == {"b": ("awarded", "4000.00"), "a": ("awarded", "6000.00"),
                                "c": ("not-funded", "0.00"), "d": ("not-funded", "0.00")}
    code, out, _ = run("score", folder, "--format", "json")
    result = {r["id"]: r for r in json.loads(out)["results"]}
    assert result["a"]["votes"] == 3 and result["d"]["votes"] == 1
    assert result["c"]["reasons"][0] == {"code": "votes", "approvals": 2, "voters": 6,
                                         "text": "Gesteund door 2 van de 6 stemmers"}


def test_a_threshold_leaves_out_plans_with_fewer_votes_and_says_so(tmp_path: Path) -> None:
    folder = vote_round(tmp_path, GREEDY.replace("votes: {}", "votes: {threshold: 2}"), BALLOTS, ceiling=20000)
    code, out, _ = run("score", folder, "--format", "json")
    d = next(r for r in json.loads(out)["results"] if r["id"] == "d")
    assert d["status"] == "not-funded"
    assert d["reasons"][-1]["code"] == "below-vote-threshold" and d["reasons"][-1]["threshold"] == 2


def test_leftover_fit_pools_what_the_category_pots_left(tmp_path: Path) -> None:
    # Pots per category, as Amsterdam's budget_per_category: groen 6000, jeugd 5000.
    body = """\
        pots:
          - {id: groen, amount: 6000, when: {facts.categorie: groen}}
          - {id: jeugd, amount: 5000, when: {facts.categorie: jeugd}}
        allocation: {method: votes, seed: s}
        votes: {leftover: fit}
    """
    folder = vote_round(tmp_path, body, BALLOTS, ceiling=11000)
    # b (jeugd 4000) fits, a (groen 6000) fits, c (groen) does not (groen empty), d (jeugd 3000) does not
    # (1000 left); leftover fit: jeugd 1000 + groen 0 < 3000 for d, and c 4000 > 1000: nothing more.
    assert statuses(folder)["c"] == ("not-funded", "0.00")
    body_more = body.replace("amount: 5000", "amount: 8000")
    folder = vote_round(tmp_path / "more", body_more, BALLOTS, ceiling=14000)
    # jeugd 8000: b 4000, d 3000 fit in it (1000 left); c (groen, empty) then gets 4000? 1000 < 4000: no.
    got = statuses(folder)
    assert got["d"] == ("awarded", "3000.00") and got["c"] == ("not-funded", "0.00")
    body_pool = body.replace("amount: 5000", "amount: 9000")
    folder = vote_round(tmp_path / "pool", body_pool, BALLOTS, ceiling=15000)
    # jeugd 9000: b 4000, d 3000 (2000 left); c needs 4000 from groen (0 left) or pooled: 2000 < 4000.
    assert statuses(folder)["c"] == ("not-funded", "0.00")
    body_fit = body.replace("amount: 5000", "amount: 11000")
    folder = vote_round(tmp_path / "fit", body_fit, BALLOTS, ceiling=17000)
    # jeugd 11000: b, d (4000 left); c does not fit in groen (0) but fits in the pooled 4000: funded from jeugd.
    code, out, _ = run("score", folder, "--format", "json")
    c = next(r for r in json.loads(out)["results"] if r["id"] == "c")
    assert c["status"] == "awarded" and c["paid_by"] == {"jeugd": "4000.00"}
    assert c["reasons"][-1]["code"] == "from-vote-leftover"


def test_equal_shares_runs_per_district_pot_with_that_districts_voters(tmp_path: Path) -> None:
    body = """\
        pots:
          - {id: noord, amount: 6000, when: {district: noord}}
          - {id: zuid, amount: 6000, when: {district: zuid}}
        allocation: {method: equal-shares, seed: s}
        votes: {}
    """
    # noord: voters v1..v5 name a noord plan (a or b): 5 voters, 1200 each. a (6000) has v1, v2, v3:
    # 3600 < 6000, not affordable; b (4000) has v1, v3, v4, v5: 4800, each pays 1000 (ρ = 1/4): b is
    # chosen; then a's supporters have 200 + 1200 + 200 < 6000.
    # zuid: voters v2, v5, v6 (3 voters, 2000 each): c (4000) has v2, v5: 4000, affordable (ρ = 1/2);
    # d (3000) has v6: 2000 < 3000. c is chosen.
    folder = vote_round(tmp_path, body, BALLOTS)
    assert statuses(folder) == {"b": ("awarded", "4000.00"), "c": ("awarded", "4000.00"),
                                "a": ("not-funded", "0.00"), "d": ("not-funded", "0.00")}
    code, out, _ = run("score", folder, "--format", "json")
    a = next(r for r in json.loads(out)["results"] if r["id"] == "a")
    assert a["reasons"][-1] == {"code": "mes-unaffordable", "supporters": 3, "left": "1600.00", "needed": "6000.00",
                                "share": "1200.00",
                                "text": "Niet gekozen: de 3 stemmers die het steunden hadden samen nog € 1.600,00 "
                                        "van hun deel van € 1.200,00 ieder, het plan vraagt € 6.000,00"}


def test_equal_shares_refuses_share_pots_and_plans_two_pots_may_pay(tmp_path: Path) -> None:
    share = """\
        pots:
          - {id: beleid, amount: 8000}
          - {id: wijk, amount: 4000, when: {district: noord}, share: 50%}
        allocation: {method: equal-shares, seed: s}
        votes: {}
    """
    code, _, err = run("score", vote_round(tmp_path, share, BALLOTS))
    assert code == 1 and "share pots (wijk)" in err and "Traceback" not in err
    overlap = """\
        pots:
          - {id: beleid, amount: 8000}
          - {id: wijk, amount: 4000, when: {district: noord}}
        allocation: {method: equal-shares, seed: s}
        votes: {}
    """
    code, _, err = run("score", vote_round(tmp_path / "two", overlap, BALLOTS))
    assert code == 1 and "exactly one pot" in err and "beleid, wijk" in err


def test_ballot_files_are_checked_with_their_line_and_never_name_a_voter(tmp_path: Path) -> None:
    ballots = """\
        voter,approved,weight
        geheim-1,"a, bb",
        geheim-2,"a, a",
        geheim-1,c,
        geheim-4,d,nul
    """
    err = problems(vote_round(tmp_path, GREEDY, ballots))
    assert "ballots.csv:2: the ballot approves unknown plan 'bb'" in err and "did you mean 'b'?" in err
    assert "ballots.csv:3: plan 'a' is named twice on this ballot" in err
    assert "ballots.csv:4: this voter also voted at round/votes/ballots.csv:2" in err.replace(str(tmp_path) + "/", "")
    assert "ballots.csv:5: the weight is 'nul'" in err
    assert "geheim" not in err



def test_a_voter_id_that_differs_only_in_case_or_spaces_is_a_second_ballot(tmp_path: Path) -> None:
    # An e-mail address typed twice, once capitalised: counting both would give that voter two votes.
    ballots = """\
        voter,approved
        Geheim@Example.nl,a
        geheim@example.nl ,b
        Geheim  Jansen,c
        geheim jansen,d
        geheim-3,a
    """
    err = problems(vote_round(tmp_path, GREEDY, ballots)).replace(str(tmp_path) + "/", "")
    same = ("this voter id differs only in case, spaces or characters no one sees from the one at "
            "round/votes/ballots.csv")
    assert f"ballots.csv:3: {same}:2" in err and f"ballots.csv:5: {same}:4" in err
    assert "ballots.csv:6" not in err and "2 problems" in err
    assert "eheim" not in err


@pytest.mark.parametrize("second", [
    "geheim@example.nl\u200b", "\u200bgeheim@example.nl", "geheim@exa\u2060mple.nl", "ge\u00adheim@example.nl",
    "geheim@example.nl\ufeff", "\u200fgeheim@example.nl\u200e", "ｇｅｈｅｉｍ@example.nl", "geheim@ex\ufe0fample.nl",
    "geheim@example.n\U000e0001l",
])
def test_a_voter_id_with_an_invisible_character_or_in_wide_letters_is_a_second_ballot(
        tmp_path: Path, second: str) -> None:
    # What a person cannot see on the screen does not make a second voter: the same id with a zero-width space,
    # a word joiner, a soft hyphen, a bidi mark or in full-width letters would otherwise cast another vote.
    ballots = f"voter,approved\ngeheim@example.nl,a\n{second},a\nbernard@example.nl,a\n"
    err = problems(vote_round(tmp_path, GREEDY, ballots)).replace(str(tmp_path) + "/", "")
    assert ("ballots.csv:3: this voter id differs only in case, spaces or characters no one sees from the one at "
            "round/votes/ballots.csv:2") in err and "1 problem found" in err
    assert "eheim" not in err and "bernard" not in err


@pytest.mark.parametrize(("ballots", "found"), [
    ("voter,approved,weight\nv1,a,1_000\nv2,b,1\n", "ballots.csv:2: the weight is '1_000'"),  # Decimal(): 1000
    ("voter,approved,weight\nv1,a,\"1,000\"\nv2,b,1\n", "here a comma is no decimal mark"),  # 1,000 or 1.000?
    ("voter,approved,weight\nv1,a,1e-400\nv2,b,1\n", "ballots.csv:2: the weight is 1e-400, which is absurdly small"),
    ("voter;approved;weight\nv1;a;0,5\nv2;b;1e-13\n", "ballots.csv:3: the weight is 1e-13, which is absurdly small"),
])
def test_a_ballot_weight_is_a_number_as_written_within_bounds(tmp_path: Path, ballots: str, found: str) -> None:
    err = problems(vote_round(tmp_path, GREEDY, ballots))
    assert found in err and "1 problem found" in err


def test_ballot_rules_per_district(tmp_path: Path) -> None:
    body = """\
        allocation: {method: votes, seed: s}
        votes:
          ballots: {min: 1, max: 1, per: district, max_cost: {noord: 5000}}
    """
    err = problems(vote_round(tmp_path, body, BALLOTS))
    assert "ballots.csv:2: the ballot approves 2 plans of district 'noord'; expected at most 1" in err
    assert "ballots.csv:2: the plans the ballot approves of district 'noord' ask 10000.00 in all" in err
    assert "ballots.csv:6: the ballot approves 2 plans of district 'zuid'" not in err  # v5: b (noord), c (zuid)
    assert err.count("votes ballots max)") == 2  # v1 and v3 each approve a and b


@pytest.mark.parametrize(("ballots", "refused"), [
    ("{min: 1, per: district}", False),  # a blank ballot has no plan of any district: held to no district's min
    ("{min: 1}", True),  # it approves 0 plans, fewer than a plain min
    ("{max: 1, per: district}", False),
])
def test_a_blank_ballot_is_held_to_a_plain_min_only(tmp_path: Path, ballots: str, refused: bool) -> None:
    body = f"allocation: {{method: votes, seed: s}}\nvotes:\n  ballots: {ballots}\n"
    code, _, err = run("validate", vote_round(tmp_path, body, "voter,approved\nv1,a\nv2,\n"))
    assert code == (1 if refused else 0), err
    assert ("ballots.csv:3: the ballot approves 0 plans; expected at least 1 (votes ballots min)" in err) is refused
    assert "without a district" not in err


def test_a_vote_method_needs_votes_and_votes_need_the_block(tmp_path: Path) -> None:
    folder = write_round(tmp_path, HEAD.format(ceiling=1000) + "allocation: {method: votes}\n", PLANS, {})
    err = problems(folder)
    assert "the method is 'votes' but round.yaml has no 'votes:'" in err
    (folder / "votes").mkdir()
    (folder / "votes" / "b.csv").write_text("voter,approved\nv1,a\n", encoding="utf-8")
    (folder / "round.yaml").write_text(HEAD.format(ceiling=1000) + "criteria: [{id: x, weight: 1, scale: [1, 5]}]\n",
                                       encoding="utf-8")
    assert "the round has ballots but round.yaml has no 'votes:'" in problems(folder)


def test_the_jury_and_the_votes_must_agree(tmp_path: Path) -> None:
    crit = "criteria: [{id: x, weight: 1, scale: [1, 5]}]\n"
    err = problems(vote_round(tmp_path, GREEDY + crit, BALLOTS))
    assert "the jury's scores would not be used" in err
    err = problems(vote_round(tmp_path / "r", "allocation: {method: ranking}\nvotes: {}\n", BALLOTS))
    assert "round.yaml has no 'criteria' but the method 'ranking' ranks by the jury's scores" in err


def test_a_what_if_run_by_jury_on_a_round_without_jury_is_refused(tmp_path: Path) -> None:
    code, _, err = run("score", vote_round(tmp_path, GREEDY, BALLOTS), "--method", "ranking")
    assert code == 1 and "has no criteria" in err and "Traceback" not in err


def test_a_weighted_ballot_counts_exactly_and_a_weight_beyond_15_digits_is_refused(tmp_path: Path) -> None:
    # 999999999999.999 times itself has 30 digits: Decimal's 28 would round the votes.
    body = GREEDY.replace("votes: {}", "votes: {channels: {papier: 999999999999.999}}")
    folder = vote_round(tmp_path, body, "voter,approved,channel,weight\nv1,a,papier,999999999999.999\n")
    round_ = load_round(folder)
    assert Fraction(round_.vote_weight(round_.votes[0])) == Fraction("999999999999.999") ** 2
    err = problems(vote_round(tmp_path / "x", GREEDY, "voter,approved,weight\nv1,a,1.0000000000000001\n"))
    assert "the weight 1.0000000000000001 has 17 significant digits, more than the 15 a spreadsheet keeps" in err


def test_channels_weigh_ballots(tmp_path: Path) -> None:
    body = GREEDY.replace("votes: {}", "votes: {channels: {papier: 3, online: 1}}")
    ballots = "voter,approved,channel\nv1,a,online\nv2,a,online\nv3,b,papier\n"
    folder = vote_round(tmp_path, body, ballots, ceiling=6000)
    # b: 3 (one paper ballot × 3) beats a: 2
    assert statuses(folder)["b"] == ("awarded", "4000.00")
    assert statuses(folder)["a"] == ("not-funded", "0.00")
    err = problems(vote_round(tmp_path / "x", body, "voter,approved,channel\nv1,a,post\n"))
    assert "the ballot's channel 'post' is not one of votes channels" in err


def test_approvals_of_plans_not_in_the_vote_are_ignored_and_counted(tmp_path: Path) -> None:
    body = GREEDY + "eligibility:\n  - {id: noord, when: {district: noord}, reason: Alleen noord}\n"
    round_ = load_round(vote_round(tmp_path, body, BALLOTS))
    outcome = evaluate(round_)
    assert outcome.result("c").status.value == "ineligible" and outcome.result("c").votes is None
    from initiatief.core.vote_allocation import count_votes

    tally = count_votes(round_, [s for s in round_.submissions if s.district == "noord"])
    assert tally.ignored == 3 and tally.voters == 6  # c twice, d once; every ballot is a voter


def test_xlsx_ballots_name_their_cell(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    folder = vote_round(tmp_path, GREEDY, "")
    (folder / "votes" / "ballots.csv").unlink()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Stemmen"
    for row in (("Stemmer", "Stemmen"), ("v1", "a; b"), ("v2", "a; zz")):
        sheet.append(row)
    book.save(folder / "votes" / "stemmen.xlsx")
    err = problems(folder)
    assert "stemmen.xlsx: sheet Stemmen, row 3: the ballot approves unknown plan 'zz'" in err


def test_an_absurdly_large_ballot_weight_is_a_problem_not_a_crash_of_equal_shares(tmp_path: Path) -> None:
    # Taken as it was, validate and score passed it and compare-methods crashed (OverflowError) in equal shares.
    folder = vote_round(tmp_path, GREEDY, "voter,approved,weight\nv1,a,1e400\nv2,b,1\n")
    assert "ballots.csv:2: the weight is 1e400, which is absurdly large; expected a realistic number" in \
        problems(folder)
    code, _, err = run("compare-methods", folder)
    assert code == 1 and "absurdly large" in err, err


def test_an_empty_sheet_of_ballots_is_named_not_called_an_empty_file(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    folder = vote_round(tmp_path, GREEDY, "")
    (folder / "votes" / "ballots.csv").unlink()
    book = openpyxl.Workbook()
    book.active.title = "Blad1"  # empty; the ballots were pasted into the second sheet
    book.create_sheet("Stemmen").append(("voter", "approved"))
    book.save(folder / "votes" / "stemmen.xlsx")
    err = problems(folder)
    assert "stemmen.xlsx: sheet Blad1: the sheet is empty; expected a header row" in err, err


def test_a_prize_by_public_vote_goes_to_the_most_voted_awarded_plan(tmp_path: Path) -> None:
    body = """\
        criteria: [{id: x, weight: 1, scale: [1, 5]}]
        pots:
          - {id: budget, amount: 20000}
          - {id: prijs, amount: 1000, for: prizes}
        prizes:
          - {label: Publieksprijs, count: 1, amount: 1000, pot: prijs, by: votes}
        allocation: {method: ranking, seed: s}
        votes: {jury: true}
    """
    folder = vote_round(tmp_path, body, BALLOTS, ceiling=21000)
    (folder / "scores").mkdir()
    (folder / "scores" / "jury.csv").write_text("submission,x\na,5\nb,2\nc,4\nd,3\n", encoding="utf-8")
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    prized = {r["id"]: r["prize"] for r in json.loads(out)["results"] if r["prize"]}
    # the jury ranks a first; the votes give b (3 votes, 4000) the public prize over a (3 votes, 6000)
    assert prized == {"b": {"label": "Publieksprijs", "amount": "1000.00"}}


def test_a_prize_by_votes_needs_votes(tmp_path: Path) -> None:
    body = """\
        criteria: [{id: x, weight: 1, scale: [1, 5]}]
        pots: [{id: budget, amount: 100}, {id: prijs, amount: 10, for: prizes}]
        prizes: [{label: P, count: 1, amount: 10, pot: prijs, by: votes}]
    """
    folder = write_round(tmp_path, HEAD.format(ceiling=110) + textwrap.dedent(body), PLANS, {})
    assert "the prize 'P' is decided by votes but round.yaml has no 'votes:'" in problems(folder)


def test_voter_ids_never_reach_an_output(tmp_path: Path) -> None:
    ballots = BALLOTS.replace("v1,", "Jan-de-Vries-06-12345678,").replace("v2,", "jan@example.org,")
    folder = vote_round(tmp_path, GREEDY, ballots.replace("jan@example.org", "jan.example.org"))
    for args in (("score",), ("score", "--format", "json"), ("score", "--format", "csv"), ("explain", folder, "a"),
                 ("report",), ("validate", "--format", "json")):
        command = args if args[0] == "explain" else (args[0], folder, *args[1:])
        code, out, err = run(*command)
        assert code == 0, err
        assert "Jan-de-Vries" not in out + err and "jan.example" not in out + err


def test_the_examples_are_worked_out_in_their_comments() -> None:
    outcome = evaluate(load_round(EXAMPLES / "equal-shares"))
    steps = {r.submission.id: [x for x in r.reasons if x.code.value == "mes-chosen"] for r in outcome.results}
    assert [s["step"] for s in steps["moestuin"]] == [1] and [s["step"] for s in steps["speeltuin"]] == [2]
    assert outcome.result("bankjes").awarded == Decimal(0)
    (why,) = [x for x in outcome.result("bankjes").reasons if x.code.value == "mes-unaffordable"]
    assert (why["left"], why["share"], why["supporters"]) == (Decimal("3998.00"), Decimal("2999.00"), 2)
    with pytest.raises(InitiatiefError, match="has no criteria"):
        evaluate(load_round(EXAMPLES / "votes"), "ranking")


def test_the_report_shows_votes_per_plan_and_turnout_per_district(tmp_path: Path) -> None:
    body = GREEDY + "districts:\n  - {id: noord, inhabitants: 200}\n  - {id: zuid, inhabitants: 100}\n" + \
        "eligibility:\n  - {id: niet-d, when: {facts.categorie: groen}, reason: Alleen groen}\n"
    ballots = "voter,approved,district\nv1,\"a, b\",noord\nv2,a,noord\nv3,c,zuid\nv4,,\n"
    folder = vote_round(tmp_path, body, ballots, ceiling=20000)
    code, out, err = run("report", folder, "--format", "json")
    assert code == 0, err
    votes = json.loads(out)["votes"]
    assert (votes["ballots"], votes["voters"], votes["ignored"]) == (4, 4, 1)  # b is ineligible (jeugd)
    assert [(p["id"], p["votes"]) for p in votes["plans"]] == [("a", 2), ("c", 1)]
    assert votes["turnout"] == [
        {"district": "noord", "ballots": 2, "inhabitants": 200, "turnout": 0.01},
        {"district": "zuid", "ballots": 1, "inhabitants": 100, "turnout": 0.01},
        {"district": None, "ballots": 1, "inhabitants": None, "turnout": None},
    ]
    code, out, _ = run("report", folder, "--format", "markdown")
    assert "## Stemmen per plan" in out and "## Opkomst per wijk" in out
    assert "4 stemmers; 1 stem op een plan dat niet meedeed" in out and "is niet meegeteld" in out


def test_a_small_turnout_never_reads_as_none(tmp_path: Path) -> None:
    body = GREEDY + "districts:\n  - {id: noord, inhabitants: 5000}\n  - {id: zuid, inhabitants: 1}\n"
    folder = vote_round(tmp_path, body, "voter,approved,district\nv1,a,noord\nv2,a,noord\nv3,c,zuid\n")
    code, out, err = run("report", folder, "--format", "markdown")
    assert code == 0, err
    rows = [line.split("|") for line in out.split("## Opkomst per wijk", 1)[1].splitlines()[4:]]
    assert {r[1].strip(): r[3].strip() for r in rows if len(r) > 3 and "-" not in r[1]} == {
        "noord": "0,04%", "zuid": "100%"}  # 2 of 5,000 (not 0%); 1 of 1


def test_a_combined_ranking_weighs_the_jurys_score_and_the_votes(tmp_path: Path) -> None:
    body = """\
        criteria: [{id: x, weight: 1, scale: [0, 10]}]
        allocation: {method: ranking, seed: s}
        votes: {weight: 40%}
    """
    # jury: a 9, b 5, c 6, d 8 (of 10); votes: a 3, b 4, c 2, d 1 (of 6 voters).
    # combined = 0.6 × score/10 + 0.4 × votes/6: a 0.74, b 0.5667, c 0.4933, d 0.5467 → a, b, d, c.
    folder = vote_round(tmp_path, body, BALLOTS, ceiling=14000)
    (folder / "scores").mkdir()
    (folder / "scores" / "jury.csv").write_text("submission,x\na,9\nb,5\nc,6\nd,8\n", encoding="utf-8")
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    results = json.loads(out)["results"]
    assert [r["id"] for r in results] == ["a", "b", "d", "c"]
    # a 6000 + b 4000 + d 3000 = 13000 fit under 14000; c (4000) does not
    assert [r["status"] for r in results] == ["awarded", "awarded", "awarded", "not-funded"]
    (combined,) = [x for x in results[0]["reasons"] if x["code"] == "combined-score"]
    assert combined["combined"] == 74.0 and combined["weight"] == "0.4" and combined["score"] == 9.0
    assert results[0]["score"] == 9.0  # the jury's score stays the score
    err = problems(vote_round(tmp_path / "v", GREEDY.replace("votes: {}", "votes: {weight: 40%}"), BALLOTS))
    assert "under 'votes' the votes decide alone" in err


def test_the_combined_ranking_counts_every_ballot_by_its_weight_among_the_voters(tmp_path: Path) -> None:
    # docs/votes.md: ballots of weight 2 (paper), 1 and 0.5 and an empty one of weight 1 are 4.5 voters,
    # and a plan approved by the first alone has 2 of 4.5.
    plans = {"a": "title: A\napplicant: X\nrequested: 600\n", "b": "title: B\napplicant: Y\nrequested: 600\n"}
    body = """\
        criteria: [{id: x, weight: 1, scale: [0, 10]}]
        allocation: {method: ranking, seed: s}
        votes: {weight: 50%, channels: {papier: 2, online: 1}}
    """
    ballots = "voter,approved,channel,weight\nv1,a,papier,1\nv2,b,online,1\nv3,b,online,0.5\nv4,,online,1\n"
    folder = vote_round(tmp_path, body, ballots, ceiling=1000, plans=plans)
    (folder / "scores").mkdir()
    (folder / "scores" / "jury.csv").write_text("submission,x\na,6\nb,6\n", encoding="utf-8")
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    results = json.loads(out)["results"]
    said = {r["id"]: next(x for x in r["reasons"] if x["code"] == "combined-score") for r in results}
    # a: 0.5 × 6/10 + 0.5 × 2/4.5 = 0.5222…; b: 0.3 + 0.5 × 1.5/4.5 = 0.4667
    assert (said["a"]["approvals"], said["a"]["voters"], said["a"]["combined"]) == (2, 4.5, 52.22)
    assert (said["b"]["approvals"], said["b"]["voters"], said["b"]["combined"]) == (1.5, 4.5, 46.67)
    assert [(r["id"], r["status"]) for r in results] == [("a", "awarded"), ("b", "not-funded")]


def test_equal_shares_states_each_voters_share_rounded_down(tmp_path: Path) -> None:
    # docs/votes.md: €80.00 for 3 voters is a share of €26.66 each, not €26.67; the payment is rounded up.
    plans = {"b": "title: B\napplicant: Y\nrequested: 50\n"}
    body = "allocation: {method: equal-shares, seed: s}\nvotes: {}\n"
    folder = vote_round(tmp_path, body, "voter,approved\nv1,b\nv2,b\nv3,b\n", ceiling=80, plans=plans)
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    (chosen,) = [x for x in json.loads(out)["results"][0]["reasons"] if x["code"] == "mes-chosen"]
    assert (chosen["share"], chosen["payment"]) == ("26.66", "16.67")


def test_the_comparison_step_keeps_greedy_when_more_voters_prefer_it(tmp_path: Path) -> None:
    plans = {"a": "title: A\napplicant: X\nrequested: 5000\n", "c": "title: C\napplicant: Y\nrequested: 10000\n"}
    ballots = "voter,approved\n" + "".join(f"c{i},c\n" for i in range(6)) + "".join(f"a{i},a\n" for i in range(4))
    body = "allocation: {method: equal-shares, seed: s}\nvotes: {completion: add1-comparison}\n"
    # 10 voters, 1000 each. add1: a becomes affordable at 1250 per voter (4 × 1250), c at 1667 (6 × 1667),
    # and then both cost 15000 > 10000: add1 keeps {a}. Greedy by votes: c (6 votes) fits, a no longer.
    # 6 voters get more by greedy, 4 by MES: greedy's {c} is kept.
    folder = vote_round(tmp_path, body, ballots, ceiling=10000, plans=plans)
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    results = {r["id"]: r for r in json.loads(out)["results"]}
    assert (results["c"]["status"], results["a"]["status"]) == ("awarded", "not-funded")
    said = results["a"]["reasons"][-1]
    assert (said["code"], said["kept"], said["for_mes"], said["for_greedy"]) == ("mes-comparison", "votes", 4, 6)
    body = body.replace("add1-comparison", "add1")
    assert statuses(vote_round(tmp_path / "plain", body, ballots, ceiling=10000, plans=plans)) == {
        "a": ("awarded", "5000.00"), "c": ("not-funded", "0.00")}


def test_wieliczka_add1_comparison_keeps_the_official_equal_shares_set() -> None:
    from initiatief.core.vote_allocation import compare_with_greedy
    from initiatief.loading.pabulib import load_pabulib

    if not THOROUGH:
        pytest.skip("seconds of MES + add1: run with INITIATIEF_HYPOTHESIS=thorough")
    from initiatief.core.equal_shares import equal_shares_add1

    path = PABULIB / "Poland_Wieliczka_2023_Green_Budget.pb"
    if not path.is_file():
        pytest.skip("../shared/pabulib is not beside this checkout")
    election = load_pabulib(path)
    mes = equal_shares_add1(election)
    compared = compare_with_greedy(election, mes, "")
    assert not compared.greedy_kept
    assert (compared.for_mes, compared.for_greedy) == (Fraction(1615), Fraction(873))
    assert set(mes.selected) == election.official()


def test_validate_counts_the_ballots() -> None:
    code, out, _ = run("validate", EXAMPLES / "votes")
    assert code == 0 and out.endswith("0 assessors, 6 ballots\n")
    code, out, _ = run("validate", EXAMPLES / "votes", "--format", "json")
    assert json.loads(out)["ballots"] == 6


def test_pots_above_the_ceiling_are_a_warning_in_a_vote_round(tmp_path: Path) -> None:
    body = """\
        pots:
          - {id: groen, amount: 6000, when: {facts.categorie: groen}}
          - {id: jeugd, amount: 6001, when: {facts.categorie: jeugd}}
        allocation: {method: votes, seed: s}
        votes: {}
    """
    folder = vote_round(tmp_path, body, BALLOTS, ceiling=12000)
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0
    assert "warning:" in err and "the pots add up to 12001.00, more than the ceiling of 12000.00" in err
    assert sum(Decimal(p["used"]) for p in json.loads(out)["pots"]) <= 12000


def test_before_the_vote_a_round_has_no_ballots_and_next_year_starts_without_them(tmp_path: Path) -> None:
    folder = write_round(tmp_path, HEAD.format(ceiling=12000) + GREEDY, PLANS, {})
    code, _, err = run("validate", folder)
    assert code == 1 and "votes: no ballots for the round's plans" in err
    code, out, err = run("new", tmp_path / "next", "--from", EXAMPLES / "votes")
    assert code == 0, err
    assert not (tmp_path / "next" / "votes").exists()
    assert "votes:" in (tmp_path / "next" / "round.yaml").read_text(encoding="utf-8")


def test_no_score_sheets_for_a_round_without_a_jury(tmp_path: Path) -> None:
    code, _, err = run("sheets", EXAMPLES / "votes", "-o", tmp_path / "sheets", "--assessor", "jury")
    assert code == 1 and "the round has no criteria" in err and not (tmp_path / "sheets").exists()


def test_the_comparison_step_without_add1(tmp_path: Path) -> None:
    plans = {"a": "title: A\napplicant: X\nrequested: 5000\n", "c": "title: C\napplicant: Y\nrequested: 10000\n"}
    ballots = "voter,approved\n" + "".join(f"c{i},c\n" for i in range(6)) + "".join(f"a{i},a\n" for i in range(4))
    body = "allocation: {method: equal-shares, seed: s}\nvotes: {completion: comparison}\n"
    # Plain MES (1000 each) buys nothing; greedy buys c: 6 voters get more from greedy, none from MES.
    folder = vote_round(tmp_path, body, ballots, ceiling=10000, plans=plans)
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    said = next(r for r in json.loads(out)["results"] if r["id"] == "c")["reasons"][-1]
    assert (said["kept"], said["for_mes"], said["for_greedy"]) == ("votes", 0, 6)


def test_the_votes_block_is_checked_with_its_lines(tmp_path: Path) -> None:
    body = """\
        allocation: {method: votes, seed: s}
        votes:
          weight: 0%
          threshold: -1
          channels: {papier: 0}
          ballots: {max_cost: {noord: 5000}, min: 3, max: 2, per: wijk}
    """
    err = problems(vote_round(tmp_path, body, BALLOTS))
    assert "round.yaml:6: votes weight is 0%" in err
    assert "round.yaml:7: votes threshold is -1" in err
    assert "round.yaml:8: the weight of channel 'papier' is 0" in err
    assert "votes ballots 'per' is 'wijk'; expected district, or facts.<name>" in err
    assert "votes ballots 'max_cost' gives a limit per value, but there is no 'per'" not in err  # per is given
    assert "votes ballots min is 3, more than max 2" in err


def test_a_what_if_run_by_votes_on_a_round_without_votes_is_refused() -> None:
    code, _, err = run("score", EXAMPLES / "minimal", "--method", "equal-shares")
    assert code == 1 and "needs residents' votes, and the round has none" in err and "Traceback" not in err


def test_leftover_fit_pools_the_general_pots_only_never_a_share_pots_money(tmp_path: Path) -> None:
    # docs/votes.md's example: n1 (noord, 200) does not fit in p1 (100); z1 (zuid, 100) is paid half by the
    # share pot t, half by p2. Leftover fit: p1 100 + p2 50 = 150 < 200; t's 150 would make it fit, but a share
    # pot pays only its share of the plans it matches, so n1 is not funded.
    body = """\
        pots:
          - {id: p1, amount: 100, when: {district: noord}}
          - {id: t, amount: 200, when: {district: zuid}, share: 50%}
          - {id: p2, amount: 100, when: {district: zuid}}
        allocation: {method: votes, seed: s}
        votes: {leftover: fit}
    """
    plans = {"n1": "title: A\napplicant: A\ndistrict: noord\nrequested: 200\n",
             "z1": "title: B\napplicant: B\ndistrict: zuid\nrequested: 100\n"}
    folder = vote_round(tmp_path, body, 'voter,approved\nv1,"n1 z1"\nv2,"n1 z1"\nv3,n1\n', ceiling=400, plans=plans)
    assert statuses(folder) == {"n1": ("not-funded", "0.00"), "z1": ("awarded", "100.00")}
    docs = (Path(__file__).parent.parent / "docs" / "votes.md").read_text(encoding="utf-8")
    said = " ".join(docs.split("`leftover: fit` (Amsterdam's")[1].split("\n\n")[0].split())
    assert "what is left of the general award pots together" in said and "share pot's money left is never used" in said


def test_validate_reports_every_pot_arrangement_equal_shares_cannot_run_on(tmp_path: Path) -> None:
    # What score refuses, validate lists with file and line, in the same run as the other problems.
    share = """\
        pots:
          - {id: beleid, amount: 8000}
          - {id: wijk, amount: 4000, when: {district: noord}, share: 50%}
        allocation: {method: equal-shares, seed: s}
        votes: {}
    """
    err = problems(vote_round(tmp_path, share, BALLOTS + "    v7,zz\n"))
    assert "round.yaml:6: equal-shares cannot run with share pots (wijk)" in err
    assert "ballots.csv:8: the ballot approves unknown plan 'zz'" in err
    overlap = """\
        pots:
          - {id: beleid, amount: 8000}
          - {id: wijk, amount: 4000, when: {district: noord}}
        allocation: {method: equal-shares, seed: s}
        votes: {}
    """
    err = problems(vote_round(tmp_path / "two", overlap, BALLOTS))
    assert "a.yaml:1: equal-shares needs each plan paid by exactly one pot; plan 'a' may be paid by beleid, wijk" in err
    assert "plan 'b' may be paid by beleid, wijk" in err and "plan 'c'" not in err
    # A plan below the vote threshold is not in the vote: it needs no pot of its own.
    high = overlap.replace("votes: {}", "votes: {threshold: 5}")
    code, _, err = run("validate", vote_round(tmp_path / "threshold", high, BALLOTS))
    assert code == 0, err


def test_leftover_fit_under_equal_shares_is_a_problem_not_ignored(tmp_path: Path) -> None:
    body = """\
        allocation: {method: equal-shares, seed: s}
        votes:
          completion: none
          leftover: fit
    """
    err = problems(vote_round(tmp_path, body, BALLOTS))
    assert "round.yaml:7: votes leftover is fit, but equal-shares does not use it" in err
    code, _, err = run("validate", vote_round(tmp_path / "votes", body.replace("equal-shares", "votes"), BALLOTS))
    assert code == 0, err


@pytest.mark.parametrize("method", ["votes", "equal-shares"])
def test_rank_under_a_vote_method_is_the_place_in_the_order_of_votes(method: str) -> None:
    # docs/json.md `rank`: the plans in the vote by votes (then the lower grant, then the lot), the same under both
    # vote methods, a plan below the threshold (markt, 1 vote) included; an ineligible plan has none.
    code, out, err = run("score", EXAMPLES / "votes", "--format", "json", "--method", method)
    assert code == 0, err
    ranks = {r["id"]: (r["rank"], r["votes"]) for r in json.loads(out)["results"]}
    assert ranks == {"plein": (1, 5), "bibliotheek": (2, 4), "kas": (3, 3), "markt": (4, 1), "feest": (None, None)}
    docs = (Path(__file__).parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    assert "under `votes` and `equal-shares` its place in the order of votes" in docs


@pytest.mark.parametrize(("name", "ballots"), [
    ("ballots.csv", "voter,approved,weight\nv1,a,nul\nv2,b,1\nv1,a,1\n"),
    ("ballots.csv", "voter,approved,weight\nv1,zz!,1\nv2,b,1\nv1,a,1\n"),
    ("ballots.yaml", "ballots:\n  - {voter: v1, approved: [a], weight: nul}\n  - {voter: v2, approved: [b]}\n"
                     "  - {voter: v1, approved: [a]}\n"),
])
def test_a_ballot_with_a_problem_of_its_own_is_still_checked_for_a_second_one(
    tmp_path: Path, name: str, ballots: str,
) -> None:
    # Every problem in one run: the second ballot of v1 was told only once the first one's weight was fixed.
    err = problems(vote_round(tmp_path, GREEDY, ballots, name=name))
    shown = err.replace(str(tmp_path) + "/", "")
    assert f"round/votes/{name}:2" in shown  # the first ballot's own problem
    assert f"{name}:4: this voter also voted at round/votes/{name}:2" in shown, shown
