"""ranking: score first, then the tie-break chain, then a lottery anyone can recompute."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from fractions import Fraction

from helpers import make_submission
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief.core.ranking import Candidate, _key, order_by, rank, ticket
from initiatief.models import Tie

D = Decimal


def cand(
    sub_id: str, score: int, impact: int = 3, requested: str = "1000.00", received: dt.date | None = None
) -> Candidate:
    sub = make_submission(sub_id, requested=D(requested), received=received)
    return Candidate(sub, Fraction(score), {"impact": Fraction(impact)})


def ids(candidates: list[Candidate]) -> list[str]:
    return [c.submission.id for c in candidates]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw(seed: str, names: list[str]) -> list[str]:
    """Return the names in lottery order, computed independently of the tool."""
    return sorted(names, key=lambda name: sha(f"{seed}:{name}"))


def test_ticket_is_sha256_of_seed_colon_id() -> None:
    assert ticket("2017", "fietsvriend-fred") == sha("2017:fietsvriend-fred")
    # As `printf '2017:fietsvriend-fred' | sha256sum` prints it.
    assert ticket("2017", "fietsvriend-fred") == "40174a92be069e3eb359e76cde4e867e0b6c7d4003c1ef36644e4d06a7bc371f"


def test_higher_score_first_no_ties() -> None:
    ordered, ties = rank([cand("a", 10), cand("b", 30), cand("c", 20)], ["lottery"], "1")
    assert ids(ordered) == ["b", "c", "a"]
    assert ties == []


def test_tie_broken_by_criterion_higher_first() -> None:
    ordered, ties = rank([cand("a", 20, impact=3), cand("b", 20, impact=5)], ["impact", "lottery"], "1")
    assert ids(ordered) == ["b", "a"]
    assert ties == []


def test_tie_broken_by_requested_lower_first() -> None:
    ordered, ties = rank(
        [cand("a", 20, requested="5000.00"), cand("b", 20, requested="4999.99")], ["requested"], "1"
    )
    assert ids(ordered) == ["b", "a"]
    assert ties == []


def test_tie_broken_by_received_earlier_first_and_missing_date_last() -> None:
    ordered, _ = rank(
        [
            cand("a", 20, received=dt.date(2017, 5, 3)),
            cand("b", 20, received=None),
            cand("c", 20, received=dt.date(2017, 5, 1)),
        ],
        ["received", "lottery"],
        "1",
    )
    assert ids(ordered) == ["c", "a", "b"]


def test_chain_is_applied_in_order() -> None:
    # Same score; a and b share the best impact, so requested decides between them; c has lower impact.
    candidates = [
        cand("a", 20, impact=5, requested="3000.00"),
        cand("b", 20, impact=5, requested="2000.00"),
        cand("c", 20, impact=4, requested="100.00"),
    ]
    ordered, ties = rank(candidates, ["impact", "requested", "received", "lottery"], "1")
    assert ids(ordered) == ["b", "a", "c"]
    assert ties == []
    # With requested first, c wins on its small request.
    ordered, _ = rank(candidates, ["requested", "impact", "lottery"], "1")
    assert ids(ordered) == ["c", "b", "a"]


def test_lottery_decides_a_full_tie_and_is_recorded() -> None:
    seed = "2018"
    names = ["moestuin", "speeltuin", "buurtfeest"]
    candidates = [cand("top", 30)] + [cand(n, 20) for n in names] + [cand("last", 10)]
    ordered, ties = rank(candidates, ["impact", "requested", "lottery"], seed)
    # Recompute the draw by hand: the lowest SHA-256 of 'seed:id' goes first.
    tickets = {n: sha(f"{seed}:{n}") for n in names}
    drawn = draw(seed, names)
    # Neither the input order nor alphabetical: printf '2018:<id>' | sha256sum gives 0808…, a542…, ba77….
    assert drawn == ["moestuin", "buurtfeest", "speeltuin"]
    assert ids(ordered) == ["top", *drawn, "last"]
    assert ties == [
        Tie(
            seed=seed,
            candidates=tuple(sorted(names)),
            order=tuple(drawn),
            tickets=tuple(tickets[n] for n in drawn),
            first_rank=2,
        )
    ]


def test_lottery_depends_on_the_seed() -> None:
    names = [f"plan-{i}" for i in range(8)]
    orders = set()
    for seed in ("1", "2", "3"):
        ordered, ties = rank([cand(n, 20) for n in names], ["lottery"], seed)
        expected = draw(seed, names)
        assert ids(ordered) == expected
        assert len(ties) == 1 and ties[0].first_rank == 1
        orders.add(tuple(ids(ordered)))
    assert len(orders) == 3


def test_two_separate_ties_get_their_own_first_rank() -> None:
    candidates = [cand("a", 30), cand("b", 30), cand("c", 25), cand("d", 20), cand("e", 20), cand("f", 20)]
    ordered, ties = rank(candidates, ["lottery"], "x")
    assert [t.first_rank for t in ties] == [1, 4]
    assert [t.candidates for t in ties] == [("a", "b"), ("d", "e", "f")]
    assert ids(ordered)[2] == "c"


def test_lottery_ends_the_chain_even_when_not_named() -> None:
    a, b = cand("a", 20), cand("b", 20)
    ordered, ties = rank([a, b], ["impact"], "7")
    expected = draw("7", ["a", "b"])
    assert ids(ordered) == expected
    assert len(ties) == 1 and ties[0].order == tuple(expected)


def test_input_order_does_not_matter() -> None:
    candidates = [cand("a", 20), cand("b", 20), cand("c", 25), cand("d", 20)]
    first, _ = rank(candidates, ["lottery"], "s")
    second, _ = rank(list(reversed(candidates)), ["lottery"], "s")
    assert ids(first) == ids(second)


_FRACTIONS = st.builds(Fraction, st.integers(-60, 60), st.sampled_from([1, 2, 3, 4, 5, 6, 7, 10, 15, 30, 9973]))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_FRACTIONS, _FRACTIONS, st.integers(1, 4)), max_size=25),
    st.sampled_from([["impact", "requested", "lottery"], ["requested", "impact"], [], ["lottery", "impact"]]),
)
def test_ranking_on_one_denominator_gives_the_order_and_ties_of_comparing_fractions(
    plans: list[tuple[Fraction, Fraction, int]], ties: list[str],
) -> None:
    candidates = [
        Candidate(make_submission(f"p{i}", requested=D(r * 500)), score, {"impact": impact})
        for i, (score, impact, r) in enumerate(plans)
    ]
    assert rank(candidates, ties, "s") == order_by(candidates, lambda c: _key(c, ties), "s")


def test_scores_of_unwieldy_denominators_are_compared_as_fractions() -> None:
    primes = [p for p in range(2, 2000) if all(p % q for q in range(2, int(p**0.5) + 1))][:80]
    candidates = [Candidate(make_submission(f"p{i}"), Fraction(1, p), {}) for i, p in enumerate(primes)]
    candidates.append(Candidate(make_submission("q"), Fraction(1, 2), {}))
    best, ties = rank(candidates, [], "s")
    assert [c.score for c in best] == sorted((c.score for c in candidates), reverse=True)
    assert [t.candidates for t in ties] == [("p0", "q")]
