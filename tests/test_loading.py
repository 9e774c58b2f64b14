"""loading: a round folder becomes a Round, or an InputError listing every problem with file and line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import write_round

from initiatief import InputError, evaluate, load_round
from initiatief.errors import MAX_PER_KIND, Problem

ROUND = """\
name: Test
year: 2024
language: en
ceiling: 10000
pots:
  - {id: budget, amount: 8000}
  - {id: noord, amount: 2000, when: {district: noord}, share: 50%}
criteria:
  - {id: impact, label: Impact, weight: 2, scale: [1, 5], minimum: 2}
  - {id: support, weight: 1, scale: [1, 5]}
assessment: {combine: median, pass: 60%}
allocation: {ties: [impact, requested, lottery], seed: 42}
"""

SUBMISSIONS = {
    "moestuin": "title: Moestuin\napplicant: {name: Groen}\ndistrict: noord\nrequested: 4000\nreceived: 2024-03-01\n",
    "speeltuin": "title: Speeltuin\napplicant: {name: Anna, kind: person}\nrequested: 2500.50\ncost: 6000\n",
}

SCORES = {
    "jury.yaml": "name: Jury\nscores:\n  moestuin: {impact: 5, support: 4}\n  speeltuin: {impact: 3, support: 3}\n",
}


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_round(folder)
    return caught.value.problems


def test_a_good_round_loads(tmp_path: Path) -> None:
    round_ = load_round(write_round(tmp_path, ROUND, SUBMISSIONS, SCORES))
    assert round_.name == "Test" and round_.year == 2024
    assert round_.ceiling == Decimal("10000.00")
    assert [p.id for p in round_.pots] == ["budget", "noord"]
    assert round_.pots[1].share == Decimal("0.5")
    assert round_.assessment.combine == "median"
    assert round_.assessment.pass_mark == Decimal("0.6")
    assert round_.allocation.ties == ("impact", "requested", "lottery")
    assert round_.allocation.seed == "42"
    assert [s.id for s in round_.submissions] == ["moestuin", "speeltuin"]
    moestuin, speeltuin = round_.submissions
    assert moestuin.requested == Decimal("4000.00")
    assert moestuin.received == dt.date(2024, 3, 1)
    assert speeltuin.applicant.is_private
    assert speeltuin.requested == Decimal("2500.50")
    assert speeltuin.location.line == 1 and speeltuin.location.file.endswith("submissions/speeltuin.yaml")
    (sheet,) = round_.scoresheets
    assert sheet.assessor == "jury" and sheet.name == "Jury"
    assert sheet.scores["moestuin"] == {"impact": Decimal(5), "support": Decimal(4)}


def test_without_pots_the_ceiling_is_one_pot(tmp_path: Path) -> None:
    start, end = ROUND.index("pots:"), ROUND.index("criteria:")
    round_ = load_round(write_round(tmp_path, ROUND[:start] + ROUND[end:], SUBMISSIONS, SCORES))
    assert [(p.id, p.amount, p.share, p.when, p.for_prizes) for p in round_.pots] == [
        ("budget", Decimal("10000.00"), None, None, False)
    ]


def test_missing_score_names_assessor_submission_and_criterion(tmp_path: Path) -> None:
    scores = {"jury.yaml": "scores:\n  moestuin: {impact: 5}\n  speeltuin: {impact: 3, support: 3}\n"}
    (problem,) = problems_of(write_round(tmp_path, ROUND, SUBMISSIONS, scores))
    assert problem.file.endswith("scores/jury.yaml")
    assert problem.problem == "assessor 'jury' gave no score for submission 'moestuin' on support"


def test_an_unscored_submission_is_a_problem(tmp_path: Path) -> None:
    scores = {"jury.yaml": "scores:\n  moestuin: {impact: 5, support: 4}\n"}
    (problem,) = problems_of(write_round(tmp_path, ROUND, SUBMISSIONS, scores))
    assert problem.problem == "assessor 'jury' gave no score for submission 'speeltuin' on impact, support"


def test_a_declared_conflict_needs_no_score(tmp_path: Path) -> None:
    scores = {
        "jury.yaml": "conflicts: [speeltuin]\nscores:\n  moestuin: {impact: 5, support: 4}\n",
        "tweede.yaml": "scores:\n  moestuin: {impact: 4, support: 4}\n  speeltuin: {impact: 4, support: 4}\n",
    }
    round_ = load_round(write_round(tmp_path, ROUND, SUBMISSIONS, scores))
    assert [s.conflicts for s in round_.scoresheets] == [frozenset({"speeltuin"}), frozenset()]


def test_every_assessor_in_conflict_is_a_problem(tmp_path: Path) -> None:
    scores = {"jury.yaml": "conflicts: [speeltuin]\nscores:\n  moestuin: {impact: 5, support: 4}\n"}
    (problem,) = problems_of(write_round(tmp_path, ROUND, SUBMISSIONS, scores))
    assert problem.problem == "every assessor declared a conflict of interest for 'speeltuin'"


def test_score_outside_the_scale_has_its_line(tmp_path: Path) -> None:
    scores = {
        "jury.yaml": "scores:\n  moestuin: {impact: 5, support: 4}\n  speeltuin:\n    impact: 6\n    support: 3\n",
    }
    (problem,) = problems_of(write_round(tmp_path, ROUND, SUBMISSIONS, scores))
    assert problem.line == 4
    assert problem.problem == "the score of 'speeltuin' on 'impact' is 6, outside the scale"
    assert problem.expected == "a score from 1 to 5"


def test_unknown_criterion_suggests_the_closest(tmp_path: Path) -> None:
    scores = {"jury.yaml": "scores:\n  moestuin: {impact: 5, suport: 4}\n  speeltuin: {impact: 3, support: 3}\n"}
    (problem,) = problems_of(write_round(tmp_path, ROUND, SUBMISSIONS, scores))
    assert problem.line == 2
    assert problem.problem == "score for unknown criterion 'suport' (submission 'moestuin')"
    assert problem.hint == "did you mean 'support'?"


def test_scores_for_an_unknown_submission_suggest_the_closest(tmp_path: Path) -> None:
    scores = {"jury.yaml": SCORES["jury.yaml"] + "  moestuinn: {impact: 1, support: 1}\n"}
    (problem,) = problems_of(write_round(tmp_path, ROUND, SUBMISSIONS, scores))
    assert problem.problem == "scores for unknown submission 'moestuinn'"
    assert problem.hint == "did you mean 'moestuin'?"


def test_pots_above_the_ceiling(tmp_path: Path) -> None:
    text = ROUND.replace("amount: 8000", "amount: 8000.01")
    (problem,) = problems_of(write_round(tmp_path, text, SUBMISSIONS, SCORES))
    assert problem.file.endswith("round.yaml")
    assert problem.line == 5
    assert problem.problem == "the pots add up to 10000.01, more than the ceiling of 10000.00"


def test_duplicate_submission_id_across_files(tmp_path: Path) -> None:
    submissions = {**SUBMISSIONS, "another": "id: moestuin\ntitle: Nog een\napplicant: X\nrequested: 10\n"}
    (problem,) = problems_of(write_round(tmp_path, ROUND, submissions, SCORES))
    # Files are read in name order: another.yaml comes first, so moestuin.yaml is the second use.
    assert problem.file.endswith("submissions/moestuin.yaml")
    assert problem.problem.startswith("submission id 'moestuin' is used twice (first at ")
    assert "another.yaml:1" in problem.problem


def test_duplicate_submission_id_between_list_and_folder(tmp_path: Path) -> None:
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, SCORES)
    (folder / "submissions.yaml").write_text("- id: speeltuin\n  title: Dubbel\n  applicant: Y\n  requested: 5\n")
    (problem,) = problems_of(folder)
    assert "submission id 'speeltuin' is used twice" in problem.problem


def test_money_with_a_thousands_separator_in_a_submission(tmp_path: Path) -> None:
    submissions = {**SUBMISSIONS, "moestuin": SUBMISSIONS["moestuin"].replace("4000", "4.000,00")}
    submissions["speeltuin"] = SUBMISSIONS["speeltuin"].replace("cost: 6000", "cost: 15.000")
    problems = problems_of(write_round(tmp_path, ROUND, submissions, SCORES))
    assert [(Path(p.file).name, p.line) for p in problems] == [("moestuin.yaml", 4), ("speeltuin.yaml", 4)]
    assert problems[0].problem == "requested is '4.000,00'"
    assert problems[1].problem == "cost 15.000 has more than two decimals"


def test_share_written_as_a_whole_number_has_a_hint(tmp_path: Path) -> None:
    text = ROUND.replace("share: 50%", "share: 50")
    (problem,) = problems_of(write_round(tmp_path, text, SUBMISSIONS, SCORES))
    assert problem.line == 7
    assert problem.hint == "write 50%"


def test_every_problem_in_one_run(tmp_path: Path) -> None:
    text = ROUND.replace("amount: 8000", "amount: 9000").replace("combine: median", "combine: meen")
    submissions = {**SUBMISSIONS, "speeltuin": SUBMISSIONS["speeltuin"] + "requested: 3\n", "kapot": "title: [\n"}
    scores = {"jury.yaml": SCORES["jury.yaml"].replace("impact: 3", "impact: 0").replace("support: 4", "suport: 4")}
    problems = problems_of(write_round(tmp_path, text, submissions, scores))
    found = {(Path(p.file).name, p.line, p.problem.split(" (")[0].split(",")[0]) for p in problems}
    assert found == {
        ("round.yaml", 11, "assessment 'combine' is 'meen'"),
        ("kapot.yaml", 2, "YAML syntax error: did not find expected node content"),
        ("speeltuin.yaml", 5, "duplicate key 'requested'"),
        ("jury.yaml", 3, "score for unknown criterion 'suport'"),
        ("jury.yaml", 4, "the score of 'speeltuin' on 'impact' is 0"),
        ("round.yaml", 5, "the pots add up to 11000.00"),
    }


def test_input_error_message_lists_file_line_and_expectation(tmp_path: Path) -> None:
    text = ROUND.replace("year: 2024", "year: 24")
    with pytest.raises(InputError) as caught:
        load_round(write_round(tmp_path, text, SUBMISSIONS, SCORES))
    message = str(caught.value)
    assert message.splitlines()[0] == "1 problem found:"
    assert "round.yaml:2: round 'year' is 24; expected a number from 1900 to 2200" in message


def test_csv_scores_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    scores = {"jury.csv": "submission;impact;support;conflict\nmoestuin;4,5;4;\nspeeltuin;;;ja\n"}
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, scores | {"tweede.yaml": SCORES["jury.yaml"]})
    round_ = load_round(folder)
    csv_sheet = round_.scoresheets[0]
    assert csv_sheet.assessor == "jury"
    assert csv_sheet.scores == {"moestuin": {"impact": Decimal("4.5"), "support": Decimal(4)}}
    assert csv_sheet.conflicts == frozenset({"speeltuin"})


@pytest.mark.parametrize("name", ["jury.csv", "jury.yaml"])
def test_equal_rows_of_a_score_file_share_one_mapping_but_stay_as_written(tmp_path: Path, name: str) -> None:
    """A large file repeats a few thousand rows: plans with the very same scores share a row (memory), but
    3.0 is shown as written, so it is not 3's row."""
    rows = {"moestuin": "4;3", "speeltuin": "4;3", "buurtfeest": "4;3.0"}
    text = ("submission;impact;support\n" + "".join(f"{k};{v}\n" for k, v in rows.items()) if name.endswith("csv")
            else "scores:\n" + "".join(f"  {k}: {{impact: {v.split(';')[0]}, support: {v.split(';')[1]}}}\n"
                                       for k, v in rows.items()))
    more = {"buurtfeest": "title: Buurtfeest\napplicant: {name: Plein}\nrequested: 1000\n"}
    folder = write_round(tmp_path, ROUND, SUBMISSIONS | more, {name: text})
    scores = load_round(folder).scoresheets[0].scores
    assert scores["moestuin"] is scores["speeltuin"]
    assert scores["buurtfeest"] == scores["moestuin"] and scores["buurtfeest"] is not scores["moestuin"]
    assert str(scores["buurtfeest"]["support"]) == "3.0"


def test_a_csv_file_with_a_nul_byte_names_its_line(tmp_path: Path) -> None:
    scores = {"jury.csv": "submission;impact;support\nmoestuin;4;4\nspeel\x00tuin;3;3\n"}
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, scores)
    with pytest.raises(InputError) as caught:
        load_round(folder)
    problem = next(p for p in caught.value.problems if "NUL" in p.problem)
    assert (problem.line, problem.problem) == (3, "the file contains NUL bytes, the first on this line")


def test_not_a_folder() -> None:
    with pytest.raises(InputError) as caught:
        load_round("/nonexistent/round")
    assert caught.value.problems[0].problem == "is not a folder"


def test_shares_above_100_percent_for_one_submission(tmp_path: Path) -> None:
    text = ROUND.replace(
        "  - {id: noord, amount: 2000, when: {district: noord}, share: 50%}\n",
        "  - {id: noord, amount: 1000, when: {district: noord}, share: 60%}\n"
        "  - {id: extra, amount: 1000, share: 50%}\n",
    )
    (problem,) = problems_of(write_round(tmp_path, text, SUBMISSIONS, SCORES))
    assert problem.file.endswith("moestuin.yaml")
    assert "add up to more than 100%" in problem.problem


def test_shares_above_100_percent_are_found_for_every_plan_the_pots_match(tmp_path: Path) -> None:
    # The share pots are decided once per combination of the values their `when`s read: every plan with
    # that combination gets the problem, and a plan with a value that cannot be a key (a list) its own.
    text = ROUND.replace(
        "  - {id: noord, amount: 2000, when: {district: noord}, share: 50%}\n",
        "  - {id: noord, amount: 1000, when: {district: noord}, share: 60%}\n"
        "  - {id: thema, amount: 1000, when: {facts.thema: [groen, blauw]}, share: 50%}\n",
    )
    submissions = {
        "moestuin": "title: M\napplicant: A\ndistrict: noord\nrequested: 400\nfacts: {thema: groen}\n",
        "bomen": "title: B\napplicant: B\ndistrict: noord\nrequested: 400\nfacts: {thema: groen}\n",
        "vijver": "title: V\napplicant: C\ndistrict: noord\nrequested: 400\nfacts: {thema: blauw}\n",
        "plein": "title: P\napplicant: D\ndistrict: zuid\nrequested: 400\nfacts: {thema: groen}\n",
        "lijst": "title: L\napplicant: E\ndistrict: noord\nrequested: 400\nfacts: {thema: [groen]}\n",
        "kaal": "title: K\napplicant: F\ndistrict: noord\nrequested: 400\nfacts: {thema: rood}\n",
    }
    scores = {"jury.csv": "submission,impact,support\n" + "".join(f"{i},3,3\n" for i in submissions)}
    found = [p for p in problems_of(write_round(tmp_path, text, submissions, scores))
             if "add up to more than 100%" in p.problem]
    assert sorted(p.file.rsplit("/", 1)[-1] for p in found) == ["bomen.yaml", "moestuin.yaml", "vijver.yaml"]
    assert all("the pots noord, thema add up" in p.problem for p in found)


def test_a_missing_score_is_reported_alongside_a_problem_in_another_submission(tmp_path: Path) -> None:
    submissions = {**SUBMISSIONS, "extra": "title: Extra\napplicant: X\nrequested: 10\ncost: 15.000\n"}
    scores = {"jury.yaml": "scores:\n  moestuin: {impact: 5}\n  speeltuin: {impact: 3, support: 3}\n"}
    problems = problems_of(write_round(tmp_path, ROUND, submissions, scores))
    assert {p.problem for p in problems} == {
        "cost 15.000 has more than two decimals",
        "assessor 'jury' gave no score for submission 'moestuin' on support",
    }


def test_pots_above_the_ceiling_are_reported_alongside_a_bad_criterion(tmp_path: Path) -> None:
    text = ROUND.replace("amount: 8000", "amount: 9000").replace("weight: 1,", "weight: 0,")
    problems = problems_of(write_round(tmp_path, text, SUBMISSIONS, SCORES))
    assert {p.problem for p in problems} == {
        "criterion weight is 0",
        "the pots add up to 11000.00, more than the ceiling of 10000.00",
    }


def test_unknown_tie_break_suggests_a_criterion(tmp_path: Path) -> None:
    text = ROUND.replace("ties: [impact, requested, lottery]", "ties: [impakt, lottery, requested]")
    problems = problems_of(write_round(tmp_path, text, SUBMISSIONS, SCORES))
    assert {(p.line, p.problem, p.hint) for p in problems} == {
        (12, "unknown tie-break 'impakt'", "did you mean 'impact'?"),
        (12, "'lottery' is not the last tie-break", None),
    }


def test_text_is_read_in_one_unicode_form_so_nfd_matches_nfc(tmp_path: Path) -> None:
    # 'zuidoever' with 'ë' typed as e + U+0308 (NFD, as macOS may save it) in the submission,
    # and as one character (NFC) in the round's rule: the same district.
    folder = write_round(
        tmp_path,
        """
        name: T
        year: 2024
        ceiling: 1000
        eligibility: [{id: wijk, when: {district: [zuidoëver]}, reason: Niet in de wijk}]
        criteria: [{id: c, weight: 1, scale: [1, 5]}]
        """,
        {"a": "title: A\napplicant: A\nrequested: 100\ndistrict: zuidoe\u0308ver\n"},
        {"jury.csv": "submission,c\na,5\n"},
    )
    outcome = evaluate(load_round(folder))
    assert outcome.result("a").status.funded
    assert outcome.round.submissions[0].district == "zuido\u00ebver"


def test_a_file_with_thousands_of_problems_lists_twenty_of_a_kind_and_counts_the_rest(tmp_path: Path) -> None:
    rows = "".join(f"onbekend-{i:05d},3\n" for i in range(5000))
    folder = write_round(
        tmp_path,
        """
        name: T
        year: 2024
        ceiling: 1000
        criteria: [{id: c, weight: 1, scale: [1, 5]}]
        """,
        {"a": "title: A\napplicant: A\nrequested: 100\n"},
        {"jury.csv": "submission,c\na,5\n" + rows},
    )
    with pytest.raises(InputError) as caught:
        load_round(folder)
    listed = [p for p in caught.value.problems if p.file.endswith("jury.csv")]
    assert len(listed) == MAX_PER_KIND + 1
    assert all("scores for unknown submission 'onbekend-" in p.problem for p in listed[:-1])
    assert listed[-1].problem == f"and {5000 - MAX_PER_KIND:,} more problems in this file"
    assert listed[-1].more == 5000 - MAX_PER_KIND


@pytest.mark.parametrize(("pots", "problem"), [
    ("[{id: b, amount: 500}, {id: n, amount: 100, share: 50%, fallback: nergens}]",
     "the fallback pot 'nergens' does not exist"),
    ("[{id: b, amount: 500}, {id: p, amount: 100, for: prizes}, {id: n, amount: 100, share: 50%, fallback: p}]",
     "the fallback pot 'p' is not a general pot"),
    ("[{id: b, amount: 500, fallback: b}]", "a pot without a share has a fallback"),
])
def test_a_fallback_must_be_a_general_pot_on_a_share_pot(tmp_path: Path, pots: str, problem: str) -> None:
    folder = write_round(
        tmp_path,
        f"""
        name: T
        year: 2024
        ceiling: 1000
        pots: {pots}
        criteria: [{{id: c, weight: 1, scale: [1, 5]}}]
        """,
        {"a": "title: A\napplicant: A\nrequested: 100\n"},
        {"jury.csv": "submission,c\na,5\n"},
    )
    with pytest.raises(InputError) as caught:
        load_round(folder)
    assert [p.problem for p in caught.value.problems] == [problem]


def _csv_round(tmp_path: Path, sheet: str) -> Path:
    return write_round(
        tmp_path,
        """
        name: T
        year: 2024
        ceiling: 1000
        criteria: [{id: c, weight: 1, scale: [1, 5]}]
        """,
        {"a": "title: A\napplicant: A\nrequested: 100\n", "b": "title: B\napplicant: B\nrequested: 100\n"},
        {"jury.csv": sheet},
    )


def test_excels_trailing_empty_columns_are_ignored(tmp_path: Path) -> None:
    round_ = load_round(_csv_round(tmp_path, "submission;c;comment;;\na;5;goed;;\nb;4;;;\n"))
    assert round_.scoresheets[0].scores == {"a": {"c": Decimal(5)}, "b": {"c": Decimal(4)}}


@pytest.mark.parametrize(("sheet", "problem"), [
    ("submission;;c\na;;5\nb;;4\n", "a column has no heading"),
    ("submission;c;;\na;5;;x\nb;4;;\n", "the row has a value in a column without a heading"),
])
def test_a_column_without_a_heading_that_holds_something_is_a_problem(tmp_path: Path, sheet: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        load_round(_csv_round(tmp_path, sheet))
    assert problem in [p.problem for p in caught.value.problems]


def _two_criteria_round(tmp_path: Path, sheets: dict[str, str]) -> Path:
    return write_round(
        tmp_path,
        """
        name: T
        year: 2024
        ceiling: 1000
        criteria: [{id: c, weight: 1, scale: [1, 5]}, {id: d, weight: 1, scale: [0, 10]}]
        """,
        {x: f"title: {x.upper()}\napplicant: {x.upper()}\nrequested: 100\n" for x in "abcd"},
        sheets,
    )


def test_a_value_read_before_is_checked_again_on_another_criterion(tmp_path: Path) -> None:
    # Scores are read once per criterion and written value: 7 is fine on d (0-10), not on c (1-5).
    sheet = "submission,c,d\na,3,7\nb,3,7\nc,7,3\nd,3.0,7\n"
    with pytest.raises(InputError) as caught:
        load_round(_two_criteria_round(tmp_path, {"jury.csv": sheet}))
    assert [(p.line, p.problem) for p in caught.value.problems] == [
        (4, "the score of 'c' on 'c' is 7, outside the scale")]


def test_a_score_keeps_its_digits_as_written_when_an_equal_one_came_before(tmp_path: Path) -> None:
    yaml_sheet = "scores:\n  a: {c: 3, d: 7.0}\n  b: {c: 3.0, d: 7}\n  c: {c: '3', d: 7.00}\n  d: {c: 3, d: 7}\n"
    csv_sheet = "submission,c,d\na,3,7.0\nb,3.0,7\nc,3,7.00\nd,3,7\n"
    round_ = load_round(_two_criteria_round(tmp_path, {"jury.yaml": yaml_sheet, "tweede.csv": csv_sheet}))
    for sheet in round_.scoresheets:
        shown = {sub: {crit: str(v) for crit, v in row.items()} for sub, row in sheet.scores.items()}
        assert shown == {"a": {"c": "3", "d": "7.0"}, "b": {"c": "3.0", "d": "7"}, "c": {"c": "3", "d": "7.00"},
                         "d": {"c": "3", "d": "7"}}, sheet.assessor


def test_a_score_that_is_a_list_or_mapping_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    yaml_sheet = "scores:\n  a: {c: [1, 2], d: 7}\n  b: {c: {x: 1}, d: 7}\n  c: {c: 3, d: 7}\n  d: {c: 3, d: 7}\n"
    with pytest.raises(InputError) as caught:
        load_round(_two_criteria_round(tmp_path, {"jury.yaml": yaml_sheet}))
    assert [(p.line, p.problem) for p in caught.value.problems] == [
        (2, "the score of 'a' on 'c' is a list"), (3, "the score of 'b' on 'c' is a mapping")]


def test_an_entry_of_submissions_yaml_without_an_id_is_named_so_not_none(tmp_path: Path) -> None:
    folder = write_round(tmp_path, ROUND, SUBMISSIONS, SCORES)
    (folder / "submissions.yaml").write_text("- {}\n", encoding="utf-8")
    messages = [p.problem for p in problems_of(folder)]
    assert "a plan without an id has no 'requested' amount" in messages, messages
    assert not any("None" in m for m in messages), messages
