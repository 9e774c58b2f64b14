"""The vote engine: the pabulib reader, greedy by votes, the Method of Equal Shares with add1.

The real files are in ../shared/pabulib (provenance in SOURCES.md there). Assen, Świecie and
Wieliczka are reproduced by MES + add1 in the normal suite (about a second each).
The cross-check against pabutools runs when pabutools 1.2.3 is importable (not an extra: ~170 MB).
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import PABULIB
from hypothesis import given
from hypothesis import strategies as st

from initiatief.core.equal_shares import Satisfaction, equal_shares, equal_shares_add1
from initiatief.core.greedy_votes import Leftover, greedy_votes, leftover_of
from initiatief.errors import InputError, Problems
from initiatief.loading.pabulib import load_pabulib, parse_pabulib
from initiatief.votes import Ballot, Election, VoteMeta, VoteProject

needs_files = pytest.mark.skipif(not PABULIB.is_dir(), reason="../shared/pabulib is not here")
AMSTERDAM = sorted(p.name for p in PABULIB.glob("Netherlands_Amsterdam_*.pb"))


def election(budget: int, costs: dict[str, int], ballots: list[list[str]]) -> Election:
    return Election(
        VoteMeta(budget=Decimal(budget)),
        tuple(VoteProject(pid, Decimal(c)) for pid, c in costs.items()),
        tuple(Ballot(f"v{i}", tuple(b), line=i + 1) for i, b in enumerate(ballots)),
    )


# --- the reader ----------------------------------------------------------------------------

GOOD = """META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;votes;name;category;selected
a;60;2;Bench;Groen,Spelen;1
b;50;1;Tree;Groen;0
VOTES
voter_id;vote
secret-1;a,b
secret-2;a
"""


def problems_of(text: str) -> list[str]:
    problems = Problems()
    assert parse_pabulib(text, "x.pb", problems) is None
    return [str(p) for p in problems.all()]


def test_reads_a_small_file() -> None:
    problems = Problems()
    e = parse_pabulib(GOOD, "x.pb", problems)
    assert not problems and e is not None
    assert e.meta.budget == 100 and e.project("a").categories == ("Groen", "Spelen")
    assert e.official() == {"a"} and e.approvals() == {"a": 2, "b": 1}
    assert e.ballots[1].line == 12


@pytest.mark.parametrize(("change", "expected"), [
    (("budget;100", "budget;-5"), "x.pb:3: budget '-5' is not an amount; expected a number such as 250000 or "
                                  "1250.50, not negative"),
    (("a;60;", "a;6x;"), "x.pb:7: the cost of project 'a' '6x' is not an amount; expected a number such as "
                          "250000 or 1250.50, not negative"),
    (("b;50;1", "a;50;1"), "x.pb:8: project 'a' appears twice (first on line 7); expected each project once"),
    (("secret-1;a,b", "secret-1;a,z"), "x.pb:11: the ballot names project 'z', which PROJECTS does not list; "
                                        "expected ids from the PROJECTS section"),
    (("secret-2;a", "secret-1;a"), "x.pb:12: the voter_id of this ballot is also on line 11; "
                                    "expected one ballot per voter"),
    (("voter_id;vote", "voter_id;votes"), "x.pb:10: the VOTES header has no 'vote' column; "
                                           "expected columns voter_id, vote"),
    (("b;50;1;Tree;Groen;0", "b;50;1;Tree"), "x.pb:8: 4 cells where the PROJECTS header has 6; expected 6 cells "
                                              "separated by ';' (a ';' inside a value needs quotes around the value)"),
    (("budget;100\n", ""), "x.pb:1: META has no 'budget'; expected a line budget;AMOUNT"),
    (("VOTES\n", ""), "x.pb: no VOTES section; expected META, PROJECTS and VOTES, each a line of its own"),
])
def test_every_problem_with_its_line(change: tuple[str, str], expected: str) -> None:
    found = problems_of(GOOD.replace(*change, 1))
    assert expected in found, found
    assert not any("secret" in p for p in found)  # voter ids are personal data


def test_bad_bytes_and_no_traceback(tmp_path: Path) -> None:
    f = tmp_path / "bad.pb"
    f.write_bytes(GOOD.encode().replace(b"Bench", b"B\xffnch"))
    with pytest.raises(InputError) as err:
        load_pabulib(f)
    assert "bad.pb:7: byte 0xff is not valid UTF-8" in str(err.value)


@needs_files
@pytest.mark.parametrize("name", sorted(p.name for p in PABULIB.glob("*.pb")))
def test_reads_every_real_file(name: str) -> None:
    e = load_pabulib(PABULIB / name)
    assert len(e.projects) == e.meta.num_projects and len(e.ballots) == e.meta.num_votes
    # The votes column is the ballots' count. Amsterdam 604's line 1927 names four projects twice
    # each; its votes column counts them twice, the reader (like pabutools) once.
    counts = e.approvals()
    off = sorted(p.id for p in e.projects if p.votes != counts[p.id])
    assert off == (["42346", "42350", "42355", "42360"] if e.repeats else [])
    assert e.repeats == ((1927,) if name == "Netherlands_Amsterdam_604.pb" else ())


# --- MES by hand ----------------------------------------------------------------------------

def test_mes_example_of_the_docs() -> None:
    # 4 voters, budget 120, so 30 each. a (60): voters 1,2,3; b (40): 3,4; c (40): 4.
    e = election(120, {"a": 60, "b": 40, "c": 40}, [["a"], ["a"], ["a", "b"], ["b", "c"]])
    o = equal_shares(e)
    # Step 1: a costs 20 for each of 3 supporters (ρ = 1/3); b 20 for each of 2 (ρ = 1/2); c unaffordable.
    # Step 2: voter 3 has 10 left, voter 4 has 30: b needs 40, voter 3 pays 10, voter 4 pays 30 (ρ = 3/4).
    assert o.selected == ("a", "b") and [s.rho for s in o.steps] == [Fraction(1, 3), Fraction(3, 4)]
    assert o.spent == tuple(Fraction(x) for x in (20, 20, 30, 30))
    # add1: ⌊120/4⌋·4 + 4 = 124, 31 each: still a and b (100); …; from 160 (40 each) b costs 20+20 and
    # voter 4 keeps s - 20 < 40 for c (below 40 each, 2s - 60); at 240 (60 each) voter 4 keeps 40 and buys
    # c alone, a+b+c = 140 > 120: stop. The last outcome within 120 is a, b, from the run at 236 (59 each).
    assert equal_shares_add1(e).selected == ("a", "b")
    # Cardinality: a and b both cost a supporter 20 (ρ = 20): the lower cost goes first, then a at 25.
    card = equal_shares(e, satisfaction=Satisfaction.CARDINALITY)
    assert card.selected == ("b", "a") and card.ties[0].decided_by == "cost"


def test_mes_tie_lower_cost_then_votes_then_lottery() -> None:
    e = election(100, {"x": 20, "y": 20}, [["x"], ["y"]])
    o = equal_shares(e, seed="s")
    assert o.ties and o.ties[0].decided_by == "lottery" and len(o.ties[0].tickets) == 2
    e2 = election(100, {"x": 20, "y": 10}, [["x"], ["y"]])
    assert equal_shares(e2).ties[0].decided_by == "cost" and equal_shares(e2).selected[0] == "y"


# --- the real outcomes ------------------------------------------------------------------------

@needs_files
@pytest.mark.parametrize("name", [
    "Netherlands_Assen_2024.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
])
def test_mes_add1_reproduces_the_official_selection(name: str) -> None:
    e = load_pabulib(PABULIB / name)
    o = equal_shares_add1(e)
    assert set(o.selected) == e.official() and o.cost <= e.meta.budget


@needs_files
@pytest.mark.parametrize("name", AMSTERDAM)
def test_amsterdam_greedy_within_its_budgets(name: str) -> None:
    e = load_pabulib(PABULIB / name)
    o = greedy_votes(e, leftover=Leftover.NONE)
    assert o.cost <= e.meta.budget
    for limits, key in ((e.meta.category_budgets, "categories"), (e.meta.neighbourhood_budgets, "neighbourhood")):
        for group, cap in limits:
            inside = [p for p in e.projects if p.id in o.selected and (
                group in p.categories if key == "categories" else p.neighbourhood == group)]
            assert sum(Fraction(p.cost) for p in inside) <= cap, (name, group)
    full = greedy_votes(e, leftover=leftover_of(e), skip=leftover_of(e) is not Leftover.PARTIAL)
    assert full.cost <= e.meta.budget and set(o.selected) <= set(full.selected)


# --- properties ----------------------------------------------------------------------------------

@st.composite
def instances(draw: st.DrawFn) -> Election:
    m = draw(st.integers(1, 6))
    costs = {f"p{i}": draw(st.integers(1, 50)) for i in range(m)}
    ballots = draw(st.lists(st.lists(st.sampled_from(sorted(costs)), unique=True), min_size=1, max_size=8))
    return election(draw(st.integers(1, 150)), costs, ballots)


@given(instances(), st.randoms(use_true_random=False))
def test_properties(e: Election, rnd: random.Random) -> None:
    mes = equal_shares(e)
    share = Fraction(e.meta.budget) / len(e.ballots)
    assert all(0 <= s <= share for s in mes.spent) and sum(mes.spent) == mes.cost <= e.meta.budget
    for o in (greedy_votes(e), greedy_votes(e, skip=False), equal_shares_add1(e),
              equal_shares(e, satisfaction=Satisfaction.CARDINALITY)):
        assert o.cost <= e.meta.budget
    shuffled = list(e.ballots)
    rnd.shuffle(shuffled)
    other = Election(e.meta, e.projects, tuple(shuffled))
    assert equal_shares_add1(other).selected == equal_shares_add1(e).selected
    assert greedy_votes(other).selected == greedy_votes(e).selected


# --- against pabutools ----------------------------------------------------------------------------

def test_cross_check_with_pabutools() -> None:
    pb = pytest.importorskip("pabutools")
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cardinality_Sat, Cost_Sat, Instance, Project
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    from initiatief.core.ranking import ticket
    assert pb is not None
    rnd = random.Random(13)
    for n in range(300):
        m = rnd.randint(1, 6)
        costs = {f"p{i}": rnd.choice([5, 10, 10, 20, 25, 40]) for i in range(m)}
        ballots = [[p for p in costs if rnd.random() < 0.4] for _ in range(rnd.randint(1, 8))]
        e = election(rnd.randint(10, 100), costs, ballots)
        projects = {pid: Project(pid, c) for pid, c in costs.items()}
        inst = Instance(projects.values(), budget_limit=int(e.meta.budget))
        prof = ApprovalProfile([ApprovalBallot(projects[p] for p in b) for b in ballots])
        seed = f"s{n}"
        rule = TieBreakingRule(lambda i, pr, p: (p.cost, -pr.approval_score(p), ticket(seed, p.name)))  # noqa: B023
        theirs = method_of_equal_shares(inst, prof, sat_class=Cost_Sat, tie_breaking=rule)
        assert set(equal_shares(e, seed=seed).selected) == {p.name for p in theirs}, (costs, ballots)
        theirs = method_of_equal_shares(inst, prof, sat_class=Cardinality_Sat, tie_breaking=rule)
        ours = equal_shares(e, seed=seed, satisfaction=Satisfaction.CARDINALITY)
        assert set(ours.selected) == {p.name for p in theirs}, (costs, ballots)
        greedy_rule = TieBreakingRule(lambda i, pr, p: (p.cost, ticket(seed, p.name)))  # noqa: B023
        theirs = greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat, tie_breaking=greedy_rule)
        assert set(greedy_votes(e, seed=seed).selected) == {p.name for p in theirs}, (costs, ballots)
