"""The report officials publish: the annual-report paragraph, funnel, pots, districts, averages and renderings."""

from __future__ import annotations

import dataclasses
import json
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import CHALLENGE, EXAMPLES, MINIMAL, invoke
from rich.console import Console

from initiatief import evaluate, load_round
from initiatief.models import Language, Status
from initiatief.output.report_view import report_dict, report_markdown, report_rich
from initiatief.reports.annual import (
    FunnelStep,
    PrizeWinner,
    build_report,
    count_text,
    more_than,
    paragraph,
)

# --- the annual-report paragraph ---------------------------------------------------------


@pytest.mark.skipif(not CHALLENGE.is_dir(), reason="rounds/2017-sociale-ondernemers-challenge does not exist yet")
def test_paragraph_of_the_2017_challenge_reads_like_the_annual_report() -> None:
    round_ = load_round(CHALLENGE)
    outcome = evaluate(round_)
    # Count independently of the report, from the submissions and results themselves.
    ideas = len(round_.submissions)
    plans = sum(1 for s in round_.submissions if s.stage == "plan")
    funded = [r for r in outcome.results if r.status in (Status.AWARDED, Status.PARTLY_AWARDED)]
    winners = [r for r in outcome.results if r.prize is not None]
    assert (ideas, plans, len(funded), len(winners)) == (112, 48, 31, 3), "the round's data changed"

    text = build_report(outcome).paragraph

    # Jaarverslag 2017, 4.1.1, word for word (the ideas rounded down to a round number).
    assert text.startswith(
        "De sociale ondernemers challenge leverde meer dan 100 ideeën op. Dit leidde tot 48 plannen. "
        "31 initiatieven hebben op basis van criteria een financiële bijdrage ontvangen. "
    ), text
    total = sum((r.awarded for r in funded), Decimal(0))
    assert total == Decimal("234250.00")
    assert "Het totaal toegekende bedrag was € 234.250,00." in text
    assert (
        "De prijswinnaars waren: Waterrijk Pioniers met 'Waste no wasteland', Stichting Goed Bezig met "
        "'Fietsvriend Fred' en Werkpodium Kraack met 'De bedrijfskantine op bakfietswielen'."
    ) in text
    assert text.endswith("Zij ontvingen elk € 5.000,00 prijzengeld."), text


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_report_reproduces_the_seed_paragraph_in_every_format(fmt: str) -> None:
    result = invoke("report", CHALLENGE, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    text = result.stdout if fmt != "json" else json.loads(result.stdout)["paragraph"]
    flat = " ".join(text.split())
    assert "leverde meer dan 100 ideeën op" in flat
    assert "Dit leidde tot 48 plannen." in flat
    assert "31 initiatieven hebben op basis van criteria een financiële bijdrage ontvangen." in flat
    for winner in ("Waterrijk Pioniers met 'Waste no wasteland'", "Stichting Goed Bezig met 'Fietsvriend Fred'",
                   "Werkpodium Kraack met 'De bedrijfskantine op bakfietswielen'"):
        assert winner in flat.replace("&#x27;", "'"), winner


def test_paragraph_of_an_english_round() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "lottery-tie")))
    assert report.paragraph == (
        "3 plans were submitted to Tie decided by lottery (example). "
        "2 initiatives received a financial contribution on the basis of the criteria. "
        "The total awarded was €6,000.00."
    )


def test_single_stage_round_without_prizes_has_no_ideas_and_no_prize_sentence() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "cofinancing")))
    assert report.paragraph == (
        "Voor Gebiedsfonds Voorbeeld 2024 werden 4 plannen ingediend. "
        "3 initiatieven hebben op basis van criteria een financiële bijdrage ontvangen. "
        "Het totaal toegekende bedrag was € 14.000,00. "
        "2 daarvan zijn in cofinanciering gefinancierd uit Beleidsbudget en Gebiedsteam Noord."
    )
    assert "idee" not in report.paragraph and "prijs" not in report.paragraph


def test_paragraph_of_a_two_stage_english_round_with_one_private_prize_winner() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "lottery-tie")))
    winner = PrizeWinner("koor", "Neighbourhood choir", "(private person)", True, "Prize", Decimal("500.00"), 1)
    report = dataclasses.replace(
        report,
        stages=("idea", "plan"),
        funnel=(FunnelStep("idea", "Ideas", 1234), *report.funnel),
        prize_winners=(winner,),
        total_prizes=Decimal("500.00"),
    )
    assert paragraph(report) == (
        "More than 1000 ideas were submitted to Tie decided by lottery (example). These led to 3 plans. "
        "2 initiatives received a financial contribution on the basis of the criteria. "
        "The total awarded was €6,000.00. "
        "The prize winner was 'Neighbourhood choir' by a private person. The prize money was €500.00."
    )


@pytest.mark.parametrize(
    ("count", "rounded"),
    [(0, None), (48, None), (99, None), (100, None), (101, 100), (112, 100), (199, 100), (250, 200),
     (999, 900), (1000, None), (1234, 1000), (23456, 20000)],
)
def test_more_than_rounds_down_to_a_round_number(count: int, rounded: int | None) -> None:
    assert more_than(count) == rounded
    if rounded is not None:
        assert rounded < count  # 'more than' stays true


def test_count_text_in_both_languages() -> None:
    assert count_text(112, Language.NL) == "meer dan 100"
    assert count_text(48, Language.NL) == "48"
    assert count_text(112, Language.EN) == "more than 100"
    assert count_text(23456, Language.NL) == "meer dan 20.000"
    assert count_text(23456, Language.EN) == "more than 20,000"
    assert count_text(10000, Language.NL) == "10.000"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", ["Wijkfonds Proefdorp 2026", "Initiatievenfonds 2026", "BIZ-fonds 2026"])
def test_without_a_subject_the_paragraph_names_the_round_as_written(name: str, language: str,
                                                                     tmp_path: Path) -> None:
    # No article is guessed ('De wijkfonds' and 'De initiatievenfonds' are wrong Dutch): the round's name
    # stays as written, year and capitals included.
    folder = tmp_path / "round"
    shutil.copytree(CHALLENGE, folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Sociale ondernemers challenge 2017", f"name: {name}")
    text = text.replace("report: {subject: De sociale ondernemers challenge}", "")
    (folder / "round.yaml").write_text(text.replace("language: nl", f"language: {language}"), encoding="utf-8")
    first = build_report(evaluate(load_round(folder))).paragraph.split(". ")[0]
    assert first == {"nl": f"Voor {name} werden meer dan 100 ideeën ingediend",
                     "en": f"More than 100 ideas were submitted to {name}"}[language]


def test_the_subject_round_yaml_gives_is_used_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(CHALLENGE, folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(
        text.replace("{subject: De sociale ondernemers challenge}", "{subject: Het Wijkfonds Proefdorp}"),
        encoding="utf-8")
    assert build_report(evaluate(load_round(folder))).paragraph.startswith(
        "Het Wijkfonds Proefdorp leverde meer dan 100 ideeën op. Dit leidde tot 48 plannen.")


# --- the numbers, by hand on examples/cofinancing -------------------------------------------
#
#   rank 1  kas-noord     6000: noord 3000 + beleid 3000
#   rank 2  bankjes-zuid  4000: beleid 4000
#   rank 3  tuin-noord    5000: not funded (noord has 2000, needs 2500)
#   rank 4  bieb-noord    4000: noord 2000 + beleid 2000
#   impact scores 9, 8, 7, 6 → mean 7.5


def test_funnel_on_cofinancing() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "cofinancing")))
    # No prizes in this round, so no prize step.
    assert [(s.key, s.label, s.count) for s in report.funnel] == [
        ("plan", "Plannen", 4), ("eligible", "Ontvankelijk", 4), ("passed", "Voldoende beoordeeld", 4),
        ("awarded", "Toegekend", 3),
    ]
    assert report.awarded_count == 3
    assert report.total_awarded == Decimal("14000.00")
    assert report.total_prizes == Decimal("0.00")
    assert report.cofinanced == 2  # kas-noord and bieb-noord


def test_pots_on_cofinancing() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "cofinancing")))
    assert [(p.id, p.amount, p.moved, p.used, p.left, p.districts) for p in report.pots] == [
        ("beleid", Decimal("10000.00"), Decimal("0.00"), Decimal("9000.00"), Decimal("1000.00"), ()),
        ("gebiedsteam-noord", Decimal("5000.00"), Decimal("0.00"), Decimal("5000.00"), Decimal("0.00"), ("noord",)),
    ]


def test_districts_on_cofinancing() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "cofinancing")))
    assert [(d.district, d.plans, d.requested, d.awarded, d.pots, d.pot_total, d.pot_used, d.pot_left)
            for d in report.districts] == [
        ("noord", 2, Decimal("10000.00"), Decimal("10000.00"), ("gebiedsteam-noord",), Decimal("5000.00"),
         Decimal("5000.00"), Decimal("0.00")),
        ("zuid", 1, Decimal("4000.00"), Decimal("4000.00"), (), Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
    ]


def test_a_declared_district_without_a_funded_plan_has_its_row(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLES / "cofinancing", folder)
    with (folder / "round.yaml").open("a", encoding="utf-8") as f:
        f.write("districts:\n  - {id: noord, label: Noord}\n  - {id: west, label: West}\n  - {id: zuid, label: Zuid}\n")
    report = build_report(evaluate(load_round(folder)))
    assert [(d.district, d.plans, d.awarded) for d in report.districts] == [
        ("noord", 2, Decimal("10000.00")), ("west", 0, Decimal("0.00")), ("zuid", 1, Decimal("4000.00"))]
    assert "| West   |              0 |        € 0,00 |      € 0,00 | -" in report_markdown(report)


def test_district_key_pots_are_district_pots() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "district-key")))
    assert {p.id: p.districts for p in report.pots} == {
        "district-noord": ("noord",), "district-zuid": ("zuid",), "district-oost": ("oost",), "beleid": ("stad",),
    }
    assert sum((d.awarded for d in report.districts), Decimal(0)) == report.total_awarded


def test_averages_on_cofinancing_are_exact() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "cofinancing")))
    assert [(a.id, a.average, a.assessed) for a in report.averages] == [("impact", Fraction(15, 2), 4)]
    assert report.average_score == Fraction(15, 2)
    assert report.max_score == 10


def test_averages_stay_fractions_until_displayed() -> None:
    report = build_report(evaluate(load_round(MINIMAL)))
    # Three assessed plans: a mean of thirds is kept exact, not as 3.6667.
    assert [a.average for a in report.averages] == [Fraction(11, 3), Fraction(4)]
    assert report.assessed == 3
    assert "| Maatschappelijke impact |        2 |      1–5 |         3,67 |" in report_markdown(report)


def test_prize_winners_are_masked_like_every_public_output(tmp_path: Path) -> None:
    folder = _copy(MINIMAL, tmp_path)
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(
        round_yaml.read_text(encoding="utf-8").replace(
            "  - {id: buurtfonds, amount: 10000}",
            "  - {id: buurtfonds, amount: 10000}\n  - {id: prijzen, amount: 1000, for: prizes}",
        ).replace("ceiling: 10000", "ceiling: 11000")
        + "prizes:\n  - {label: Buurtprijs, count: 2, amount: 500, pot: prijzen}\n",
        encoding="utf-8",
    )
    report = build_report(evaluate(load_round(folder)))
    assert [(w.title, w.applicant, w.private) for w in report.prize_winners] == [
        ("Moestuin achter de bibliotheek", "Stichting Groen Dichtbij", False),
        ("Opknapdag speeltuin", "(Particulier)", True),
    ]
    assert "Anna de Vries" not in report.paragraph
    assert report.paragraph.endswith(
        "De prijswinnaars waren: Stichting Groen Dichtbij met 'Moestuin achter de bibliotheek' en "
        "'Opknapdag speeltuin' van een particulier. Zij ontvingen elk € 500,00 prijzengeld."
    )


def _copy(source: Path, tmp_path: Path) -> Path:
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    return folder


# --- renderings ------------------------------------------------------------------------------


def test_markdown_on_cofinancing() -> None:
    text = report_markdown(build_report(evaluate(load_round(EXAMPLES / "cofinancing"))))
    assert text.startswith("# Gebiedsfonds Voorbeeld 2024\n")
    for heading in ("## Voor het jaarverslag", "## Trechter", "## Budget per pot", "## Budget per wijk",
                    "## Gemiddelde score per criterium"):
        assert f"\n{heading}\n" in text
    assert "## Prijswinnaars" not in text
    # Numbers right-aligned (pipe tables with '---:'), money and scores as Dutch people write them.
    assert "| Pot               |      Bedrag |    Besteed |       Over |" in text
    assert "|:------------------|------------:|-----------:|-----------:|" in text
    assert "| Gebiedsteam Noord |  € 5.000,00 | € 5.000,00 |     € 0,00 |" in text
    assert "\nToegekend: € 14.000,00 · Toekenningen: 3\n" in text
    # The district pot paid half of noord's awards (co-financing); the bar shows that pot, not the awards.
    # The district's pots by their label, as "Budget per pot" names them (the JSON keeps the ids).
    assert "| Wijk   |   Toekenningen |   Aangevraagd |" in text  # funded plans, not every plan of the district
    assert "| noord  |              2 |   € 10.000,00 | € 10.000,00 | Gebiedsteam Noord |               € 5.000,00 " \
           "|               € 0,00 |" in text
    assert "| zuid   |              1 |    € 4.000,00 |  € 4.000,00 | -                 |                        - " \
           "|                    - |" in text
    assert "| Impact      |        1 |     1–10 |         7,50 |                     4 |" in text
    assert "Verschoven" not in text  # nothing moved between pots


def test_markdown_escapes_pipes_in_titles(tmp_path: Path) -> None:
    folder = _copy(EXAMPLES / "lottery-tie", tmp_path)
    round_yaml = folder / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace(
        "  - {id: fund, amount: 6000}", "  - {id: fund, label: 'Fund | main', amount: 6000}"), encoding="utf-8")
    text = report_markdown(build_report(evaluate(load_round(folder))))
    assert "| Fund \\| main |" in text


def test_rich_view_draws_bars_in_the_rounds_language() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "cofinancing")))
    console = Console(width=120, record=True, color_system=None)
    console.print(report_rich(report))
    text = console.export_text()
    assert "Trechter" in text and "Budget per pot" in text and "Budget per wijk" in text
    assert "█" * 30 in text  # the widest funnel bar
    assert "░" in text  # what is left in beleid
    assert report.paragraph[:40] in text


def test_report_dict_is_json() -> None:
    report = build_report(evaluate(load_round(EXAMPLES / "cofinancing")))
    data = json.loads(json.dumps(report_dict(report)))
    assert data["funnel"][-1] == {"step": "awarded", "label": "Toegekend", "count": 3}
    assert data["pots"][1]["used"] == "5000.00"
    assert data["averages"][0]["average"] == 7.5
    assert data["paragraph"] == report.paragraph


def test_report_is_the_same_for_the_same_outcome() -> None:
    outcome = evaluate(load_round(EXAMPLES / "district-key"))
    assert build_report(outcome) == build_report(outcome)
    assert report_markdown(build_report(outcome)) == report_markdown(build_report(outcome))


@pytest.mark.parametrize(("language", "said"), [
    ("nl", "3 stemmers; 2 stemmen op plannen die niet meededen (niet ontvankelijk, onvoldoende bij de jury, "
           "uitgesloten, onvolledig, ingetrokken of nog een idee) zijn niet meegeteld."),
    ("en", "3 voters; 2 votes for plans that were not in the vote (ineligible, not passed by the jury, excluded, "
           "incomplete, withdrawn or still an idea) were not counted."),
])
def test_the_ballots_note_names_the_jury_when_its_pass_mark_kept_a_plan_out_of_the_vote(
    tmp_path: Path, language: str, said: str,
) -> None:
    # b scores 2 of 10, below the 50% pass mark: with votes jury: true it is not in the vote, and its two
    # approvals are ignored for that reason, which the note must give.
    from helpers import write_round

    folder = write_round(tmp_path, f"""\
        name: Stemronde
        year: 2024
        language: {language}
        ceiling: 100
        criteria: [{{id: impact, weight: 1, scale: [0, 10]}}]
        assessment: {{pass: 50%}}
        allocation: {{method: votes, seed: s}}
        votes: {{jury: true}}
        """, {"a": "title: A\napplicant: X\nrequested: 50\n", "b": "title: B\napplicant: Y\nrequested: 50\n"},
        {"jury.yaml": "scores: {a: {impact: 8}, b: {impact: 2}}\n"})
    (folder / "votes").mkdir()
    (folder / "votes" / "ballots.csv").write_text('voter,approved\nv1,"a, b"\nv2,b\nv3,a\n', encoding="utf-8")
    result = invoke("report", folder, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert said in " ".join(result.stdout.split())
    without_jury = report_markdown(build_report(evaluate(load_round(EXAMPLES / "votes"))))
    assert "jury" not in " ".join(without_jury.split()).split("stemmers;")[1].split(".")[0]


@pytest.mark.parametrize("folder", [CHALLENGE, EXAMPLES / "votes"], ids=lambda p: p.name)
def test_docs_report_md_lists_the_json_top_level_keys_in_order(folder: Path) -> None:
    from pathlib import Path as P

    docs = (P(__file__).parent.parent / "docs" / "report.md").read_text(encoding="utf-8")
    section = docs.split("### `report --format json`")[1].split("\n### ")[0]
    listed = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]
    keys = list(report_dict(build_report(evaluate(load_round(folder)))))
    assert keys == [k for k in listed if k in keys] and set(listed) - set(keys) <= {"votes"}
