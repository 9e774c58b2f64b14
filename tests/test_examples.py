"""Every teaching round under examples/ gives the outcome its round.yaml works out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import CHALLENGE, EXAMPLES, invoke

from initiatief import evaluate, load_round
from initiatief.models import Language

D = Decimal

# status and amount per submission, as each example's round.yaml comment computes them
EXPECTED: dict[str, dict[str, tuple[str, Decimal]]] = {
    "import-from-form": {"Z-2025-008": ("awarded", D(3500)), "Z-2025-002": ("awarded", D(3000)),
                         "Z-2025-003": ("awarded", D(7500)), "Z-2025-001": ("awarded", D(4500)),
                         "Z-2025-006": ("not-funded", D(0)), "Z-2025-004": ("awarded", D(1200)),
                         "Z-2025-007": ("not-funded", D(0)), "Z-2025-005": ("ineligible", D(0))},
    "minimal": {"moestuin": ("awarded", D(4000)), "speeltuin": ("awarded", D(5000)),
                "buurtfeest": ("insufficient", D(0)), "festival": ("ineligible", D(0))},
    "cofinancing": {"kas-noord": ("awarded", D(6000)), "bankjes-zuid": ("awarded", D(4000)),
                    "tuin-noord": ("not-funded", D(0)), "bieb-noord": ("awarded", D(4000))},
    "arrival": {"tuin-noord": ("awarded", D(5000)), "bankjes-zuid": ("awarded", D(4000)),
                "kas-noord": ("not-funded", D(0)), "bieb-noord": ("awarded", D(4000))},
    "lottery": {"tuin-noord": ("awarded", D(5000)), "bankjes-zuid": ("awarded", D(4000)),
                "bieb-noord": ("awarded", D(4000)), "kas-noord": ("not-funded", D(0))},
    "pro-rata": {"kas-noord": ("partly-awarded", D("4000.01")), "bankjes-zuid": ("partly-awarded", D("2666.67")),
                 "tuin-noord": ("partly-awarded", D("3333.34")), "bieb-noord": ("partly-awarded", D("2666.67"))},
    "equal": dict.fromkeys(("kas-noord", "bankjes-zuid", "tuin-noord", "bieb-noord"),
                           ("partly-awarded", D("3333.33"))),
    "optimal": {"groot": ("not-funded", D(0)), "buurtkamer": ("awarded", D(5000)),
                "speelplek": ("awarded", D(5000))},
    "partial-funding": {"groot": ("awarded", D(6000)), "speelplek": ("partly-awarded", D(4000)),
                        "buurtkamer": ("not-funded", D(0))},
    "committee-decisions": {"moestuin": ("awarded", D(2500)), "speeltuin": ("withdrawn", D(0)),
                            "buurtfeest": ("insufficient", D(0)), "festival": ("ineligible", D(0))},
    "lottery-tie": {"zwemles": ("awarded", D(3000)), "koor": ("awarded", D(3000)),
                    "schaakclub": ("not-funded", D(0))},
    "district-key": {"noord-1": ("awarded", D(8000)), "zuid-1": ("awarded", D(7000)),
                     "oost-1": ("awarded", D(9500)), "noord-2": ("not-funded", D(0)),
                     "zuid-2": ("awarded", D(4000)), "oost-2": ("awarded", D(3000)),
                     "stad-1": ("awarded", D(6000))},
    "equal-shares": {"moestuin": ("awarded", D(6000)), "speeltuin": ("awarded", D(4000)),
                     "bankjes": ("not-funded", D(0))},
    "votes": {"plein": ("awarded", D(6000)), "bibliotheek": ("not-funded", D(0)), "kas": ("awarded", D(3000)),
              "markt": ("not-funded", D(0)), "feest": ("ineligible", D(0))},
}


def test_every_example_has_expectations() -> None:
    assert sorted(p.parent.name for p in EXAMPLES.glob("*/round.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_outcome(name: str) -> None:
    outcome = evaluate(load_round(EXAMPLES / name))
    got = {r.submission.id: (r.status.value, r.awarded) for r in outcome.results}
    assert got == EXPECTED[name]
    for use in outcome.pots:
        assert 0 <= use.used <= use.pot.amount + use.moved


@pytest.mark.parametrize(
    ("folder", "sub_id", "expected"),
    [
        ("committee-decisions", "speeltuin", "Ingetrokken (2 mei 2024): De aanvrager heeft de aanvraag"),
        ("committee-decisions", "moestuin", "Bedrag begrensd op € 2.500,00 bij besluit van 14 mei 2024"),
        ("partial-funding", "speelplek", "Partly funded: what was left, €4,000.00 of the €5,000.00"),
        ("optimal", "groot", "the set with the highest total score (18.00) fits without this plan"),
        ("pro-rata", "kas-noord", "iedereen krijgt 66,67% van het bedrag"),
    ],
)
def test_explain_tells_every_kind_of_decision(folder: str, sub_id: str, expected: str) -> None:
    result = invoke("explain", EXAMPLES / folder, sub_id)
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout


def test_explain_an_idea_that_never_became_a_plan() -> None:
    idea = next(s.id for s in load_round(CHALLENGE).submissions if s.stage == "idea")
    result = invoke("explain", CHALLENGE, idea)
    assert result.exit_code == 0
    # The usual stage names in the round's language ('idea' is 'idee'), as the funnel has them.
    assert "Bleef in de fase 'idee'; alleen 'plan' wordt beoordeeld" in result.stdout
    assert "; fase: idee;" in result.stdout and "'idea'" not in result.stdout


def test_a_stage_of_the_rounds_own_naming_is_written_as_it_is() -> None:
    from initiatief.reasons import Code, reason
    from initiatief.texts.letters import letter_phrase
    from initiatief.texts.reasons import phrase

    why = reason(Code.EARLIER_STAGE, stage="aanmelding", assessed_stage="uitwerking")
    assert phrase(why, Language.NL) == "Bleef in de fase 'aanmelding'; alleen 'uitwerking' wordt beoordeeld"
    english = reason(Code.EARLIER_STAGE, stage="idea", assessed_stage="plan")
    assert phrase(english, Language.EN) == "Stayed at stage 'idea'; only 'plan' is assessed"
    assert "'idee'" in letter_phrase(english, Language.NL, str)
