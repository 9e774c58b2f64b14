"""The JSON Schemas of the input files: generated from the loader's declarations, valid for every bundled round.

docs/schema/*.schema.json are the committed copies of `initiatief schema …`; after a deliberate
change rewrite them with `INITIATIEF_UPDATE_GOLDEN=1 python -m pytest tests/test_schema.py`
and read the diff before committing it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import BUNDLED, ROOT, run
from jsonschema import Draft202012Validator

from initiatief.loading import read_round
from initiatief.loading.declarations import (
    MAPPINGS,
    Condition,
    Date,
    Either,
    FactValue,
    FormTable,
    Id,
    Integer,
    Kind,
    ListOf,
    MappingOf,
    Money,
    Number,
    OneOf,
    Percent,
    Ref,
    Text,
    YesNo,
)
from initiatief.output.schema import SchemaKind, schema, schema_text

SCHEMAS = ROOT / "docs" / "schema"


def plain(value: Any) -> Any:
    """Return YAML data as JSON holds it: dates as YYYY-MM-DD text, keys as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read(path: Path) -> Any:
    return plain(yaml.safe_load(path.read_text(encoding="utf-8-sig")))


def validator(kind: SchemaKind) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


def errors(kind: SchemaKind, data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(kind).iter_errors(data)]


def messages(kind: SchemaKind, data: Any) -> list[str]:
    """Return every message, also those under an anyOf (what an editor shows as the best match)."""
    found: list[str] = []

    def collect(error: Any) -> None:
        found.append(error.message)
        for sub in error.context or ():
            collect(sub)

    for error in validator(kind).iter_errors(data):
        collect(error)
    return found


def bundled_files() -> list[tuple[SchemaKind, Path]]:
    found: list[tuple[SchemaKind, Path]] = []
    for folder in BUNDLED:
        found.append((SchemaKind.ROUND, folder / "round.yaml"))
        found += [(SchemaKind.SUBMISSION, p) for p in sorted((folder / "submissions").glob("*.yaml"))]
        found += [(SchemaKind.SCORES, p) for p in sorted((folder / "scores").glob("*.yaml"))]
        if (folder / "submissions.yaml").exists():
            found.append((SchemaKind.SUBMISSIONS, folder / "submissions.yaml"))
        if (folder / "decisions.yaml").exists():
            found.append((SchemaKind.DECISIONS, folder / "decisions.yaml"))
    return found


FILES = bundled_files()


# --- the schemas themselves ------------------------------------------------------------


@pytest.mark.parametrize("kind", list(SchemaKind))
def test_each_schema_is_a_valid_draft_2020_12_schema_with_a_description_on_every_property(kind: SchemaKind) -> None:
    document = schema(kind)
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert sub.get("description"), name
            for key, sub in node.items():
                if key != "if":  # a condition on a key, not a declaration of it
                    walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(document)


@pytest.mark.parametrize("kind", list(SchemaKind))
def test_the_committed_copy_is_what_initiatief_schema_prints(kind: SchemaKind) -> None:
    committed = SCHEMAS / f"{kind.value}.schema.json"
    code, out, _ = run("schema", kind.value)
    assert code == 0
    if os.environ.get("INITIATIEF_UPDATE_GOLDEN") == "1":
        committed.write_text(out, encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == out


def test_the_output_is_sorted_indented_and_the_same_on_every_run() -> None:
    first = run("schema")[1]
    assert first == run("schema", "round")[1] == schema_text(SchemaKind.ROUND)
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert first == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_schema_writes_a_file_atomically_and_never_over_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "round.schema.json"
    code, out, err = run("schema", "round", "-o", target)
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8") == schema_text(SchemaKind.ROUND)
    assert "wrote" in err
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("schema", "submission", "-o", target)
    assert code == 1 and "already exists; use --force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("schema", "submission", "-o", target, "--force")[0] == 0
    assert target.read_text(encoding="utf-8") == schema_text(SchemaKind.SUBMISSION)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["round.schema.json"]


def test_an_unknown_kind_is_a_usage_error() -> None:
    code, out, err = run("schema", "rounds")
    assert code == 2 and out == ""
    assert "round" in err and "decisions" in err


def test_help_names_every_kind() -> None:
    code, out, _ = run("schema", "--help")
    assert code == 0
    text = " ".join(out.replace("│", " ").split())
    assert "Usage: initiatief schema [OPTIONS] [KIND]" in text
    assert "round, submission, submissions, scores, decisions" in text
    assert "--output -o FILE" in text and "--force" in text


# --- every bundled file validates ------------------------------------------------------


def test_every_kind_of_file_but_submissions_yaml_is_bundled() -> None:
    # no bundled round has a submissions.yaml: its schema is checked below, on a list of its own
    assert {kind for kind, _ in FILES} >= set(SchemaKind) - {SchemaKind.SUBMISSIONS}


@pytest.mark.parametrize("kind", list(SchemaKind))
def test_every_bundled_file_validates_against_its_schema(kind: SchemaKind) -> None:
    check = validator(kind)
    failed = {
        str(path.relative_to(ROOT)): [e.message for e in check.iter_errors(read(path))]
        for k, path in FILES if k is kind
    }
    assert {name: found for name, found in failed.items() if found} == {}


# --- what the schema refuses -----------------------------------------------------------

MINIMAL_ROUND = {"name": "R", "year": 2024, "ceiling": 1000,
                 "criteria": [{"id": "impact", "weight": 1, "scale": [1, 5]}]}


def test_a_minimal_round_is_valid() -> None:
    assert errors(SchemaKind.ROUND, MINIMAL_ROUND) == []


@pytest.mark.parametrize(("change", "why"), [
    ({"ceilling": 1000}, "'ceilling' was unexpected"),
    ({"allocation": {"method": "ranked"}}, "'ranked' is not one of"),
    ({"assessment": {"combine": "average"}}, "'average' is not one of"),
    ({"language": "de"}, "'de' is not one of"),
    ({"pots": [{"id": "beleid", "amount": 10, "wieght": 1}]}, "'wieght' was unexpected"),
    ({"pots": [{"id": "beleid"}]}, "'amount' is a required property"),
    ({"criteria": [{"id": "impact", "weight": 1}]}, "'scale' is a required property"),
    ({"ceiling": "15.000,00"}, "does not match"),
    ({"ceiling": 0}, "less than or equal to the minimum of 0"),
    ({"assessment": {"pass": 60}}, "greater than the maximum of 1"),
    ({"year": 1850}, "less than the minimum of 1900"),
    ({"eligibility": [{"id": "r", "when": {"distrcit": "noord"}, "reason": "R"}]},
     "'distrcit' does not match any of the regexes"),
    ({"eligibility": [{"id": "r", "when": {"requested": {"minimum": 5}}, "reason": "R"}]},
     "'minimum' was unexpected"),
    ({"eligibility": [{"id": "r", "when": {"not": {"facts.x": {"before": "1 mei"}}}, "reason": "R"}]},
     "does not match"),
    ({"pots": [{"id": "p", "amount": 10, "for": "prizes", "share": "50%"}]}, "should not be valid"),
    ({"form": {"facts.rechtsvorm": {"type": "choice"}}}, "'values' is a required property"),
    ({"form": {"facts.x": {"type": "text", "separator": ";"}}}, "should not be valid"),
    ({"form": {"facts.x": {"type": "yes/no"}}}, "'yes/no' is not one of"),
    ({"form": {"aplicant.email": {}}}, "'aplicant.email' does not match any of the regexes"),
    ({"districts": [{"id": "noord", "inhabitants": -1}]}, "less than the minimum of 0"),
    ({"districts": [{"label": "Noord"}]}, "'id' is a required property"),
    ({"assessors": [{"id": "jury a"}]}, "does not match"),
])
def test_the_round_schema_refuses(change: dict[str, Any], why: str) -> None:
    found = messages(SchemaKind.ROUND, {**MINIMAL_ROUND, **change})
    assert any(why in e for e in found), found


def test_a_missing_required_key_is_refused() -> None:
    for key in ("name", "year", "ceiling", "criteria"):
        data = {k: v for k, v in MINIMAL_ROUND.items() if k != key}
        assert errors(SchemaKind.ROUND, data) == [f"[]: '{key}' is a required property"]


def test_the_other_schemas_refuse_unknown_keys_wrong_values_and_missing_keys() -> None:
    submission = {"title": "T", "applicant": {"name": "A", "email": "a@example.org"}, "requested": 100,
                  "facts": {"winstoogmerk": False, "doelgroepen": ["jongeren", "ouderen"]}}
    assert errors(SchemaKind.SUBMISSION, submission) == []
    assert errors(SchemaKind.SUBMISSION, {**submission, "requestd": 1}) != []
    assert errors(SchemaKind.SUBMISSION, {**submission, "applicant": {"name": "A", "kind": "people"}}) != []
    assert errors(SchemaKind.SUBMISSION, {"title": "T"}) == ["[]: 'applicant' is a required property"]
    assert errors(SchemaKind.SUBMISSIONS, [{**submission, "id": "a"}]) == []
    assert errors(SchemaKind.SUBMISSIONS, [submission]) == ["[0]: 'id' is a required property"]
    assert errors(SchemaKind.SCORES, {"scores": {"a": {"impact": 4}}, "conflicts": ["b"]}) == []
    assert errors(SchemaKind.SCORES, {"score": {"a": {"impact": 4}}}) != []
    assert errors(SchemaKind.SCORES, {"scores": {"a": {"impact": "veel"}}}) != []
    decision = {"submission": "a", "decision": "incomplete", "reason": "R", "date": "2024-05-01"}
    assert errors(SchemaKind.DECISIONS, [decision]) == []
    assert errors(SchemaKind.DECISIONS, [{**decision, "decision": "excluded"}]) != []
    assert errors(SchemaKind.DECISIONS, [{**decision, "amount": 100}]) != []  # an amount only with cap
    assert errors(SchemaKind.DECISIONS, [{**decision, "decision": "cap"}]) == ["[0]: 'amount' is a required property"]
    assert errors(SchemaKind.DECISIONS, [{**decision, "decision": "cap", "amount": 100}]) == []
    assert errors(SchemaKind.DECISIONS, [{k: v for k, v in decision.items() if k != "date"}]) != []


# --- the declarations and the loader agree ---------------------------------------------

BASE: dict[str, Any] = {
    "round.yaml": {
        "name": "Probe", "year": 2024, "ceiling": 10000,
        "districts": [{"id": "noord"}],
        "assessors": [{"id": "jury"}],
        "form": {"title": {}, "district": {}, "requested": {}, "facts.x": {"type": "text"}},
        "pots": [{"id": "beleid", "amount": 5000}, {"id": "prijs", "amount": 100, "for": "prizes"}],
        "grants": {"min": 10},
        "eligibility": [{"id": "r", "when": {"district": "noord"}, "reason": "R"}],
        "criteria": [{"id": "impact", "weight": 1, "scale": [1, 5]}],
        "assessment": {"combine": "mean"},
        "allocation": {"method": "ranking"},
        "prizes": [{"label": "P", "count": 1, "amount": 100, "pot": "prijs"}],
        "district_key": {"rate": 1, "districts": [{"id": "noord", "inhabitants": 10}]},
        "register": {"department": "D"},
        "report": {"subject": "De probe"},
        "letters": {"sender": {"organisation": "O"}, "regulation": {"name": "R"}, "objection": {"weeks": 6}},
        "votes": {"jury": True, "ballots": {"max": 3}},
    },
    "votes/ballots.yaml": {"ballots": [{"voter": "v1", "approved": ["s"]}]},
    "submissions/s.yaml": {"title": "S", "applicant": {"name": "A"}, "district": "noord", "requested": 100},
    "submissions.yaml": [{"id": "t", "title": "T", "applicant": "B", "district": "noord", "requested": 100}],
    "scores/jury.yaml": {"scores": {"s": {"impact": 4}, "t": {"impact": 3}}},
    "decisions.yaml": [{"submission": "s", "decision": "withdrawn", "reason": "R", "date": "2024-05-01"}],
}

WHERE: dict[str, list[tuple[str, tuple[str | int, ...]]]] = {
    "round": [("round.yaml", ())],
    "pot": [("round.yaml", ("pots", 0))],
    "grants": [("round.yaml", ("grants",))],
    "rule": [("round.yaml", ("eligibility", 0))],
    "criterion": [("round.yaml", ("criteria", 0))],
    "assessment": [("round.yaml", ("assessment",))],
    "allocation": [("round.yaml", ("allocation",))],
    "prize": [("round.yaml", ("prizes", 0))],
    "district_key": [("round.yaml", ("district_key",))],
    "key_district": [("round.yaml", ("district_key", "districts", 0))],
    "register": [("round.yaml", ("register",))],
    "report": [("round.yaml", ("report",))],
    "district": [("round.yaml", ("districts", 0))],
    "assessor": [("round.yaml", ("assessors", 0))],
    "form_field": [("round.yaml", ("form", "requested"))],
    "form_fact": [("round.yaml", ("form", "facts.x"))],
    "submission": [("submissions/s.yaml", ()), ("submissions.yaml", (0,))],
    "applicant": [("submissions/s.yaml", ("applicant",))],
    "score_file": [("scores/jury.yaml", ())],
    "decision": [("decisions.yaml", (0,))],
    "letters": [("round.yaml", ("letters",))],
    "sender": [("round.yaml", ("letters", "sender"))],
    "regulation": [("round.yaml", ("letters", "regulation"))],
    "objection": [("round.yaml", ("letters", "objection"))],
    "votes": [("round.yaml", ("votes",))],
    "ballot_rules": [("round.yaml", ("votes", "ballots"))],
}
"""Where each declared mapping is in the probe round."""


def sample(kind: Kind) -> Any:
    """Return a value of the kind: right enough to reach the key check, which is all that is probed."""
    simple: dict[type, Any] = {Text: "x", Id: "x1", Money: 100, Percent: "50%", Date: "2024-01-01", Number: 1,
                               YesNo: False, FactValue: "x", MappingOf: {}, ListOf: [], Ref: {}}
    if isinstance(kind, Integer):
        return kind.low
    if isinstance(kind, OneOf):
        return kind.values[0]
    if isinstance(kind, Either):
        return sample(kind.kinds[0])
    if isinstance(kind, Condition):
        return {"district": "noord"}
    if isinstance(kind, FormTable):
        return {"title": {}}
    return simple[type(kind)]


def probe(tmp_path: Path, name: str, file: str, path: tuple[str | int, ...], additions: dict[str, Any]) -> list[str]:
    """Return the problems of the probe round with `additions` made to one mapping."""
    folder = tmp_path / f"{name}-{len(list(tmp_path.iterdir()))}"
    files = copy.deepcopy(BASE)
    target = files[file]
    for step in path:
        target = target[step]
    for key, value in additions.items():
        target.setdefault(key, value)
    for relative, data in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [str(p) for p in read_round(folder).problems]


def listed(name: str, file: str) -> tuple[str, ...]:
    """Return the keys the loader's "unknown key" problem lists for a mapping, in order."""
    if name == "form_field":  # one list for fields and facts; the loader says which a field may not have
        name = "form_fact"
    mapping = MAPPINGS[name]
    if file == "submissions.yaml":  # there the id is required
        return ("id", *mapping.required, *(k for k in mapping.optional if k != "id"))
    return mapping.required + mapping.optional


def test_every_declared_mapping_is_probed() -> None:
    assert set(WHERE) == set(MAPPINGS)


@pytest.mark.parametrize("name", list(WHERE))
def test_the_loader_refuses_an_undeclared_key_and_takes_every_declared_one(name: str, tmp_path: Path) -> None:
    mapping = MAPPINGS[name]
    for file, path in WHERE[name]:
        found = probe(tmp_path, name, file, path, {"zz-undeclared": 1})
        refused = [p for p in found if "unknown key 'zz-undeclared'" in p]
        assert len(refused) == 1 and file in refused[0], found
        # the problem lists the declared keys, in the declared order
        assert "one of " + ", ".join(listed(name, file)) in refused[0]
        optional = {key.name: sample(key.kind) for key in mapping.keys if not key.required}
        found = probe(tmp_path, name, file, path, optional)
        assert [p for p in found if "unknown key" in p] == [], found


def test_the_probe_round_loads_without_problems(tmp_path: Path) -> None:
    assert probe(tmp_path, "base", "round.yaml", (), {}) == []
