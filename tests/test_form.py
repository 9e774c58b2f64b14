"""The application form, districts and assessors declared in round.yaml, and what they catch.

Each of the mistakes issue 9 names (a missing fact, a misspelt fact, `nee` for no, `Zuid`
for `zuid`) must be a problem with file and line and exit 1, never a decision with a false
reason; a rule must never read a fact the form does not declare.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run, write_round

ROUND = """\
    name: Formulier 2024
    year: 2024
    ceiling: 20000
    districts:
      - {id: noord, label: Noord, inhabitants: 4000}
      - {id: zuid, label: Zuid, inhabitants: 2000}
      - {id: stad, label: Hele stad}
    form:
      title: {column: Naam initiatief}
      district: {column: Wijk, required: true}
      requested: {column: Aangevraagd bedrag}
      facts.winstoogmerk: {type: yes-no, required: true, label: "Heeft uw organisatie een winstoogmerk?"}
      facts.rechtsvorm: {type: choice, values: {stichting: Stichting, vereniging: Vereniging}}
      facts.doelgroepen: {type: list, values: [jongeren, ouderen]}
      facts.deelnemers: {type: number}
    eligibility:
      - id: geen-winstoogmerk
        when: {facts.winstoogmerk: false}
        reason: De aanvrager heeft een winstoogmerk
      - id: in-de-gemeente
        when: {district: [noord, zuid, stad]}
        reason: Niet in de gemeente
    criteria:
      - {id: impact, weight: 1, scale: [1, 5]}
    """

PLAN = """\
    title: Buurtfeest
    applicant: Bewonersgroep
    district: noord
    requested: 3000
    facts:
      winstoogmerk: false
    """

SCORES = {"jury.yaml": "scores: {feest: {impact: 4}}\n"}


def _round(tmp_path: Path, plan: str = PLAN, round_yaml: str = ROUND) -> Path:
    return write_round(tmp_path, round_yaml, {"feest": plan}, SCORES)


def _problems(folder: Path) -> str:
    code, out, err = run("validate", folder)
    assert code == 1, out + err
    return err


def _status(folder: Path, sub_id: str = "feest") -> str:
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    return str(next(r for r in json.loads(out)["results"] if r["id"] == sub_id)["status"])


def test_a_plan_that_fits_the_form_is_scored(tmp_path: Path) -> None:
    folder = _round(tmp_path)
    assert run("validate", folder)[0] == 0
    assert _status(folder) == "awarded"


def test_a_required_fact_not_given_is_a_problem_not_a_refusal(tmp_path: Path) -> None:
    folder = _round(tmp_path, PLAN.replace("    facts:\n      winstoogmerk: false\n", ""))
    err = _problems(folder)
    assert "feest.yaml:1: plan 'feest' does not give 'facts.winstoogmerk' (Heeft uw organisatie een " \
           "winstoogmerk?), which the form requires" in err
    assert "winstoogmerk" not in err.split("requires", 1)[1].split("\n", 1)[1]  # said once, not again per rule
    assert run("score", folder)[0] == 1


def test_a_misspelt_fact_is_unknown_with_a_did_you_mean(tmp_path: Path) -> None:
    folder = _round(tmp_path, PLAN.replace("winstoogmerk: false", "winstoogmerkt: false"))
    err = _problems(folder)
    assert "feest.yaml:6: unknown fact 'winstoogmerkt'" in err
    assert "did you mean 'winstoogmerk'?" in err


@pytest.mark.parametrize(("answer", "status"), [("nee", "awarded"), ("Nee", "awarded"), ("no", "awarded"),
                                                ("ja", "ineligible"), ("true", "ineligible")])
def test_ja_and_nee_are_yes_no_where_the_form_says_so(tmp_path: Path, answer: str, status: str) -> None:
    folder = _round(tmp_path, PLAN.replace("winstoogmerk: false", f"winstoogmerk: '{answer}'"))
    assert _status(folder) == status


def test_a_yes_no_fact_that_is_neither_is_a_problem(tmp_path: Path) -> None:
    folder = _round(tmp_path, PLAN.replace("winstoogmerk: false", "winstoogmerk: misschien"))
    assert "feest.yaml:6: fact 'winstoogmerk' is 'misschien'; expected yes or no" in _problems(folder)


def test_a_district_in_the_wrong_case_is_a_problem_with_the_right_one(tmp_path: Path) -> None:
    folder = _round(tmp_path, PLAN.replace("district: noord", "district: Noord"))
    err = _problems(folder)
    assert "feest.yaml:3: district 'Noord' is not one of the round's districts" in err
    assert "did you mean 'noord'?" in err


def test_without_districts_a_district_differing_only_in_case_is_a_problem(tmp_path: Path) -> None:
    round_yaml = ROUND.split("    districts:")[0] + """\
    eligibility:
      - {id: in-de-gemeente, when: {district: [noord, zuid]}, reason: Niet in de gemeente}
    criteria:
      - {id: impact, weight: 1, scale: [1, 5]}
    """
    folder = _round(tmp_path, "title: Buurtfeest\napplicant: X\ndistrict: Zuid\nrequested: 3000\n", round_yaml)
    err = _problems(folder)
    assert "differs from the district 'zuid' of round.yaml only in case" in err


def test_a_choice_outside_its_values_is_a_problem(tmp_path: Path) -> None:
    folder = _round(tmp_path, PLAN + "  rechtsvorm: Stichting\n")
    err = _problems(folder)
    assert "fact 'rechtsvorm' is 'Stichting', which is not one of its values" in err
    assert "did you mean 'stichting'?" in err


def test_a_list_fact_is_read_and_tested_by_its_items(tmp_path: Path) -> None:
    round_yaml = ROUND.replace("""      - id: in-de-gemeente""", """      - id: voor-jongeren
        when: {facts.doelgroepen: jongeren}
        reason: Niet voor jongeren
      - id: in-de-gemeente""")
    folder = _round(tmp_path, PLAN + "  doelgroepen: [ouderen, jongeren]\n", round_yaml)
    assert _status(folder) == "awarded"
    folder2 = _round(tmp_path / "b", PLAN + "  doelgroepen: [ouderen]\n", round_yaml)
    assert _status(folder2) == "ineligible"
    folder3 = _round(tmp_path / "c", PLAN + "  doelgroepen: [kinderen]\n", round_yaml)
    assert "fact 'doelgroepen' is 'kinderen', which is not one of its values" in _problems(folder3)


def test_a_rule_on_a_fact_the_form_does_not_declare_is_an_error_in_round_yaml(tmp_path: Path) -> None:
    folder = _round(tmp_path, round_yaml=ROUND.replace("when: {facts.winstoogmerk: false}",
                                                       "when: {facts.winstoogmerkt: false}"))
    err = _problems(folder)
    assert "round.yaml:18: rule 'geen-winstoogmerk' reads 'facts.winstoogmerkt', which the form does not declare" in err
    assert "did you mean 'facts.winstoogmerk'?" in err


@pytest.mark.parametrize(("when", "problem"), [
    ("{facts.winstoogmerk: nee}", "tests 'facts.winstoogmerk' (yes-no) with equals 'nee'"),
    ("{facts.rechtsvorm: bv}", "tests 'facts.rechtsvorm' (choice) against 'bv', which is not one of its values; "
                               "expected one of its values: stichting, vereniging"),
    ("{facts.rechtsvorm: Stichting}", "against 'Stichting', which is not one of its values; expected one of its "
                                      "values: stichting, vereniging (did you mean 'stichting'?)"),
    ("{facts.deelnemers: {min: true}}", "'facts.deelnemers: {min: …}'"),
    ("{district: [noord, oost]}", "names the district 'oost', which is not one of the districts"),
])
def test_a_rule_that_cannot_match_the_form_is_an_error(tmp_path: Path, when: str, problem: str) -> None:
    folder = _round(tmp_path, round_yaml=ROUND.replace("when: {facts.winstoogmerk: false}", f"when: {when}"))
    assert problem in _problems(folder)


def test_without_a_form_a_missing_fact_is_named_instead_of_the_rules_reason(tmp_path: Path) -> None:
    round_yaml = ROUND.split("    districts:")[0] + """\
    eligibility:
      - {id: geen-winstoogmerk, when: {facts.winstoogmerk: false}, reason: De aanvrager heeft een winstoogmerk}
    criteria:
      - {id: impact, weight: 1, scale: [1, 5]}
    """
    folder = _round(tmp_path, "title: Buurtfeest\napplicant: X\nrequested: 3000\n", round_yaml)
    err = _problems(folder)
    assert "feest.yaml:1: rule 'geen-winstoogmerk' cannot be decided for plan 'feest': 'facts.winstoogmerk' not " \
           "given" in err
    # `nee` without a form is a text: compared with `false` it would quietly fail; it is a problem instead.
    folder = _round(tmp_path / "b", "title: B\napplicant: X\nrequested: 3000\nfacts: {winstoogmerk: nee}\n",
                    round_yaml)
    err = _problems(folder)
    assert "gives 'facts.winstoogmerk' as the text 'nee', but rule 'geen-winstoogmerk' compares it with yes/no" in err


def test_every_plan_with_a_value_a_rule_would_misread_is_named_with_its_own_value(tmp_path: Path) -> None:
    # Which tests a value would quietly fail is found once per combination of the values the rules read; each
    # plan is still named, with the value as it wrote it (ja twice, jawel once, the yes/no one passes).
    round_yaml = ROUND.split("    districts:")[0] + """\
    eligibility:
      - {id: geen-winstoogmerk, when: {facts.winstoogmerk: false}, reason: De aanvrager heeft een winstoogmerk}
      - {id: genoeg, when: {facts.deelnemers: {min: 10}}, reason: Te weinig deelnemers}
    criteria:
      - {id: impact, weight: 1, scale: [1, 5]}
    """
    plans = {"a": "{winstoogmerk: ja, deelnemers: 12}", "b": "{winstoogmerk: ja, deelnemers: 12}",
             "c": "{winstoogmerk: jawel, deelnemers: veel}", "d": "{winstoogmerk: false, deelnemers: 12}"}
    folder = write_round(tmp_path, round_yaml, {
        sub_id: f"title: {sub_id}\napplicant: X\nrequested: 3000\nfacts: {facts}\n" for sub_id, facts in plans.items()
    }, {"jury.csv": "submission,impact\n" + "".join(f"{i},3\n" for i in plans)})
    code, out, err = run("validate", folder)
    assert code == 1, out + err
    misread = sorted(line.split(": ", 1)[1].split(" (declare")[0] for line in err.splitlines() if "but rule" in line)
    assert misread == [
        "plan 'a' gives 'facts.winstoogmerk' as the text 'ja', but rule 'geen-winstoogmerk' compares it with yes/no;"
        " expected yes/no in the submission",
        "plan 'b' gives 'facts.winstoogmerk' as the text 'ja', but rule 'geen-winstoogmerk' compares it with yes/no;"
        " expected yes/no in the submission",
        "plan 'c' gives 'facts.deelnemers' as the text 'veel', but rule 'genoeg' compares it with a number;"
        " expected a number in the submission",
        "plan 'c' gives 'facts.winstoogmerk' as the text 'jawel', but rule 'geen-winstoogmerk' compares it with"
        " yes/no; expected yes/no in the submission",
    ]


@pytest.mark.parametrize("order", ["bc", "cb"])
def test_a_plan_a_rule_cannot_decide_changes_nothing_for_the_plans_after_it(tmp_path: Path, order: str) -> None:
    # A plan without `size` cannot be decided; the plans after it must still be checked on both facts (the
    # values a rule would misread were once looked up by the undecided plan's fields alone).
    round_yaml = ROUND.split("    districts:")[0] + """\
    eligibility:
      - {id: big-enough, when: {facts.size: {min: 3}}, reason: Too small}
      - {id: non-profit, when: {facts.nonprofit: true}, reason: Not a non-profit}
    criteria:
      - {id: impact, weight: 1, scale: [1, 5]}
    """
    facts = {"a": "{nonprofit: true}", "b": "{nonprofit: 1, size: 5}", "c": "{nonprofit: true, size: 5}"}
    names = {"a": "a", "b": order[0], "c": order[1]}  # the file names set the order the plans are read in
    folder = write_round(tmp_path, round_yaml, {
        names[key]: f"title: {key}\napplicant: X\nrequested: 3000\nfacts: {value}\n" for key, value in facts.items()
    }, {"jury.csv": "submission,impact\na,4\nb,4\nc,4\n"})
    code, out, err = run("validate", folder)
    assert code == 1, out + err
    problems = sorted(line.split(": ", 1)[1].split(" (declare")[0] for line in err.splitlines()
                      if "cannot be decided" in line or "but rule" in line)
    assert problems == [
        f"plan '{names['b']}' gives 'facts.nonprofit' as '1', but rule 'non-profit' compares it with yes/no; "
        "expected yes/no in the submission",
        "rule 'big-enough' cannot be decided for plan 'a': 'facts.size' not given; expected the value in the "
        "submission, or 'decision: incomplete' for it in decisions.yaml",
    ]


def test_the_library_names_what_is_missing_in_the_reason(tmp_path: Path) -> None:
    from initiatief.core.evaluate import evaluate
    from initiatief.loading import read_round

    folder = _round(tmp_path, PLAN.replace("    facts:\n      winstoogmerk: false\n", ""))
    loaded = read_round(folder)
    assert loaded.round is not None
    result = evaluate(loaded.round).result("feest")
    assert result.status == "ineligible"
    assert [r.code for r in result.reasons] == ["not-given"]
    assert result.reasons[0]["fields"] == ("facts.winstoogmerk",)


def test_incomplete_is_a_status_of_its_own(tmp_path: Path) -> None:
    folder = _round(tmp_path, PLAN.replace("    facts:\n      winstoogmerk: false\n", ""))
    (folder / "decisions.yaml").write_text(
        "- {submission: feest, decision: incomplete, reason: Geen begroting na herstelverzoek, date: 2024-05-01}\n",
        encoding="utf-8")
    (folder / "scores" / "jury.yaml").write_text("scores: {}\n", encoding="utf-8")
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    (result,) = data["results"]
    assert result["status"] == "incomplete"
    assert result["reasons"][0]["code"] == "incomplete"
    assert data["funnel"]["incomplete"] == 1 and data["funnel"]["eligible"] == 0
    code, out, _ = run("score", folder)
    assert "buiten behandeling" in out and "Buiten behandeling" in out


def test_an_incomplete_decision_takes_no_amount(tmp_path: Path) -> None:
    folder = _round(tmp_path)
    (folder / "decisions.yaml").write_text(
        "- {submission: feest, decision: incomplete, amount: 5, reason: X, date: 2024-05-01}\n", encoding="utf-8")
    assert "the decision 'incomplete' has an amount" in _problems(folder)


def test_the_district_key_takes_the_inhabitants_from_the_districts(tmp_path: Path) -> None:
    round_yaml = ROUND.rstrip(" ") + "    district_key: {rate: 2}\n    pots:\n      - {id: stad, amount: 5000, when: " \
                         "{district: stad}}\n"
    folder = _round(tmp_path, round_yaml=round_yaml)
    code, out, err = run("score", folder, "--format", "json")
    assert code == 0, err
    pots = {p["id"]: (p["label"], p["amount"]) for p in json.loads(out)["pots"]}
    assert pots["district-noord"] == ("Noord", "8000.00")
    assert pots["district-zuid"] == ("Zuid", "4000.00")
    assert "district-stad" not in pots  # no inhabitants: no pot


def test_the_district_key_refuses_inhabitants_given_twice_and_unknown_districts(tmp_path: Path) -> None:
    round_yaml = ROUND.rstrip(" ") + "    district_key:\n      rate: 2\n      districts:\n" \
                         "        - {id: noord, inhabitants: 10}\n        - {id: oost}\n"
    err = _problems(_round(tmp_path, round_yaml=round_yaml))
    assert "the inhabitants of 'noord' are given twice" in err
    assert "district 'oost' of district_key is not one of the districts" in err


def test_declared_assessors_name_the_score_files(tmp_path: Path) -> None:
    round_yaml = ROUND.rstrip(" ") + "    assessors:\n      - {id: jury-a, name: Jury lid A}\n"
    err = _problems(_round(tmp_path, round_yaml=round_yaml))
    assert "scores/jury.yaml: assessor 'jury' is not one of the round's assessors" in err


@pytest.mark.parametrize(("form", "problem"), [
    ("{titel: {}}", "unknown field 'titel' in the form"),
    ("{requested: {type: number}}", "the type of 'requested' is fixed (money)"),
    ("{facts.x: {type: choice}}", "the choice 'facts.x' has no values"),
    ("{facts.x: {type: keuze}}", "the form's 'facts.x' 'type' is 'keuze'"),
    ("{facts.x: {values: [a]}}", "'facts.x' has values but is not a choice or a list"),
    ("{facts.x: {column: A}, facts.y: {column: a}}", "the column 'a' of 'facts.y' is also the column of 'facts.x'"),
    ("{facts.x: {type: list, values: [a, a]}}", "the value 'a' of 'facts.x' is listed twice"),
])
def test_a_broken_form_is_a_problem_in_round_yaml(tmp_path: Path, form: str, problem: str) -> None:
    head = ROUND.split("    form:")[0]
    round_yaml = head + f"    form: {form}\n    criteria:\n      - {{id: impact, weight: 1, scale: [1, 5]}}\n"
    err = _problems(_round(tmp_path, "title: X\napplicant: Y\nrequested: 3000\ndistrict: noord\n", round_yaml))
    assert problem in err


def test_a_score_file_without_a_name_takes_the_declared_one(tmp_path: Path) -> None:
    from initiatief.api import load_round

    round_yaml = ROUND.rstrip(" ") + "    assessors:\n      - {id: jury, name: Jury lid A}\n"
    assert load_round(_round(tmp_path, round_yaml=round_yaml)).scoresheets[0].name == "Jury lid A"


def test_a_declared_assessor_without_a_score_file_is_a_problem(tmp_path: Path) -> None:
    round_yaml = ROUND.rstrip(" ") + "    assessors:\n      - {id: jury}\n      - {id: jury-b, name: Jury lid B}\n"
    err = _problems(_round(tmp_path, round_yaml=round_yaml))
    assert "scores: assessor 'jury-b' (Jury lid B) has no score file" in err


def test_a_share_below_one_percent_is_a_warning_that_stops_nothing(tmp_path: Path) -> None:
    round_yaml = ROUND.rstrip(" ") + ("    pots:\n      - {id: beleid, amount: 15000}\n"
                                      "      - {id: noord, amount: 5000, when: {district: noord}, share: 0.5%}\n")
    folder = _round(tmp_path, round_yaml=round_yaml)
    code, out, err = run("validate", folder)
    assert code == 0
    assert "warning: " in err and "round.yaml:27: pot 'noord' pays a share of 0.5% of each award it matches " \
                                  "(did you mean 50%? A share is written as 50% or as 0.5)" in err
    code, out, _ = run("validate", folder, "--format", "json")
    assert code == 0 and json.loads(out)["warnings"][0]["line"] == 27
    assert run("score", folder)[0] == 0


@pytest.mark.parametrize(("kind", "value", "wrong"), [
    ("number", '"5"', True), ("number", "5", False), ("money", '"4000"', True), ("money", "4000", False),
    ("date", '"2024-03-01"', True), ("date", "2024-03-01", False), ("yes-no", '"false"', True),
    ("yes-no", "false", False),
])
def test_a_rule_value_that_cannot_match_a_declared_facts_type_is_a_problem(
    tmp_path: Path, kind: str, value: str, wrong: bool,
) -> None:
    # Quoted, a value is a text, and a text never equals a number, an amount, a date or a yes/no: every plan would
    # quietly fail the rule.
    round_yaml = ROUND.split("    districts:")[0] + f"""\
    form:
      facts.x: {{type: {kind}}}
    eligibility:
      - {{id: r, when: {{facts.x: {value}}}, reason: Nee}}
    criteria:
      - {{id: impact, weight: 1, scale: [1, 5]}}
    """
    folder = write_round(tmp_path, round_yaml, {"a": "title: a\napplicant: X\nrequested: 3000\n"},
                         {"jury.csv": "submission,impact\na,3\n"})
    _, _, err = run("validate", folder)
    assert (f"rule 'r' tests 'facts.x' ({kind}) with equals" in err) is wrong, err
