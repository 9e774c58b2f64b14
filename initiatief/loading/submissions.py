"""Submissions: one YAML file per submission under submissions/, or a list in submissions.yaml."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from initiatief.errors import Problems, suggest
from initiatief.loading import declarations as D
from initiatief.loading import form
from initiatief.loading.definition import Definition
from initiatief.loading.fields import Fields, type_name
from initiatief.loading.layout import (
    ALL_BROKEN,
    CASE_BLIND,
    SUBMISSIONS_DIR,
    SUBMISSIONS_FILE,
    YAML_SUFFIXES,
    Progress,
    data_files,
    locate,
    unusable_file_name,
)
from initiatief.loading.yamlfile import BROKEN, YMap, read_yaml
from initiatief.models import Applicant, ApplicantKind, Location, Submission

_SUBMISSION_KEYS = tuple(k for k in D.SUBMISSION.optional if k != "id")


RECEIVED_YEARS = 1
"""How many years before or after the round's year a `received` date may lie (a round of 2027 opens in 2026)."""


def read_submissions(
    root: Path, shown: str, d: Definition, problems: Problems, broken_ids: set[str],
    progress: Progress | None = None,
) -> list[Submission]:
    found: list[Submission] = []
    first_seen: dict[str, Location] = {}
    folded: dict[str, str] = {}
    """Each id by its case-folded form: on Windows and macOS Moestuin.md and moestuin.md are one file."""

    def take(display: str, value: Any, stem: str | None) -> None:
        # Each file becomes its Submission as soon as it is read: its located values go right away.
        f = Fields(problems, display)
        m = f.mapping(value, 1, "a submission")
        submission = _submission(m, f, d, stem) if m is not None else None
        if submission is None:
            broken_id = m.get("id", stem) if m is not None else stem
            if broken_id is not None:
                broken_ids.add(str(broken_id))
            return
        earlier = first_seen.get(submission.id)
        if earlier is not None:
            f.add(submission.location.line, f"submission id '{submission.id}' is used twice (first at {earlier})",
                  "a unique id per submission")
            return
        same = folded.get(submission.id.casefold())
        if same is not None:
            f.add(submission.location.line,
                  f"submission id '{submission.id}' differs only in case from '{same}' (at {first_seen[same]})",
                  "ids that differ in more than case",
                  f"each letter is a file named after its id, and {CASE_BLIND}")
            broken_ids.add(submission.id)  # its scores are not 'for an unknown submission'
            return
        unusable = unusable_file_name(submission.id)
        if unusable is not None:
            f.add(submission.location.line, f"submission id '{submission.id}' cannot name a file everywhere: "
                  f"{unusable}", "another id", "each letter is a file named after its id")
            broken_ids.add(submission.id)
            return
        folded[submission.id.casefold()] = submission.id
        first_seen[submission.id] = submission.location
        found.append(submission)

    single = locate(root, SUBMISSIONS_FILE, shown, problems)
    if single is not None:
        display = f"{shown}/{SUBMISSIONS_FILE}"
        data = read_yaml(single, display, problems)
        if data is None:
            broken_ids.add(ALL_BROKEN)
        else:
            items = Fields(problems, display).sequence(data, 1, SUBMISSIONS_FILE)
            for value in items or []:
                take(display, value, None)
    folder = locate(root, SUBMISSIONS_DIR, shown, problems, folder=True)
    if folder is not None:
        paths = data_files(folder, f"{shown}/{SUBMISSIONS_DIR}", YAML_SUFFIXES, problems)
        if paths is None:
            broken_ids.add(ALL_BROKEN)
            paths = []
        for done, path in enumerate(paths, start=1):
            if progress is not None:
                progress("submissions", done, len(paths))
            display = f"{shown}/{SUBMISSIONS_DIR}/{path.name}"
            data = read_yaml(path, display, problems)
            if data is None:
                broken_ids.add(path.stem)
            else:
                take(display, data, sys.intern(path.stem))
    if single is None and folder is None:
        there = [name for name in (SUBMISSIONS_FILE, SUBMISSIONS_DIR)
                 if (root / name).is_symlink() or (root / name).exists()]
        if not there:  # else something there was refused, and said so
            problems.add(shown, None, "the round has no submissions", f"{SUBMISSIONS_DIR}/ or {SUBMISSIONS_FILE}")
        broken_ids.add(ALL_BROKEN)
    return found


def _submission(m: YMap, f: Fields, d: Definition, stem: str | None) -> Submission | None:
    required = D.SUBMISSION.required if stem is not None else ("id", *D.SUBMISSION.required)
    ok = f.keys(m, "submission", required, ("id", *_SUBMISSION_KEYS) if stem else _SUBMISSION_KEYS)
    sub_id = f.identifier(m, "id", "submission", stem, required=stem is None)
    title = f.text(m, "title", "submission", required=True)
    applicant = _applicant(m, f) if "applicant" in m else None
    stage = _stage(m, f, d)
    district = _district(m, f, d)
    received = f.date(m["received"], m.line_of("received"), "received") if m.get("received") is not None else None
    if received is not None and d.year is not None and abs(received.year - d.year) > RECEIVED_YEARS:
        # A typo (0024 for 2024, 2204) would put the plan first or last under `arrival`, without a word.
        f.add(m.line_of("received"), f"received is {received.isoformat()}, far from the round's year {d.year}",
              f"a date from {d.year - RECEIVED_YEARS} to {d.year + RECEIVED_YEARS}")
        received = None
    cost = f.money_of(m, "cost", "cost") if m.get("cost") is not None else None
    requested = (
        f.money_of(m, "requested", "requested")
        if m.get("requested") is not None else None
    )
    summary = f.text(m, "summary", "submission")
    facts = _facts(m, f, d)
    if d.stages and stage == d.stages[-1] and m.get("requested") is None:
        named = f"plan '{sub_id}'" if sub_id is not None else "a plan without an id"
        f.add(m.line_of("requested"), f"{named} has no 'requested' amount", "requested: the amount applied for")
        ok = False
    if cost is not None and requested is not None and requested > cost:
        f.add(m.line_of("requested"), f"requested {requested} is more than the cost {cost}",
              "a request no larger than the plan's total cost")
        ok = False
    bad = (
        not ok or sub_id is None or title is None or applicant is None or stage is None
        or facts is None or any(k in m and m[k] is not None and v is None for k, v in (
            ("received", received), ("cost", cost), ("requested", requested), ("district", district),
        ))
    )
    if bad:
        return None
    assert sub_id is not None and title is not None and applicant is not None and stage is not None
    assert facts is not None
    return Submission(
        id=sub_id, title=title, applicant=applicant, stage=stage, location=Location(f.file, m.line),
        district=district, received=received, cost=cost, requested=requested, summary=summary,
        facts=dict(facts),
    )


def _stage(m: YMap, f: Fields, d: Definition) -> str | None:
    stages = d.stages
    if "stage" not in m:
        if stages is not None and len(stages) > 1:
            f.add(m.line, "submission has no 'stage'", "one of " + ", ".join(stages))
            return None
        return stages[-1] if stages else "plan"
    stage = f.text(m, "stage", "submission")
    if stage is not None and stages is not None and stage not in stages:
        f.add(m.line_of("stage"), f"stage '{stage}' is not one of the round's stages",
              "one of " + ", ".join(stages), suggest(stage, stages))
        return None
    return stage


def _applicant(m: YMap, f: Fields) -> Applicant | None:
    value = m["applicant"]
    if isinstance(value, str):
        name = f.text(m, "applicant", "submission", required=True)
        return Applicant(name) if name else None
    a = f.mapping(value, m.line_of("applicant"), "applicant")
    if a is None:
        return None
    ok = f.keys(a, "applicant", D.APPLICANT.required, D.APPLICANT.optional)
    name = f.text(a, "name", "applicant", required=True)
    kind = f.one_of(a, "kind", "applicant", ApplicantKind, ApplicantKind.ORGANISATION)
    personal = {key: f.text(a, key, "applicant") for key in ("contact", "email", "phone")}
    # An address is one text (its lines split at line breaks) or a list of lines, as the sender's in letters.
    address = f.lines(a, "address", "applicant")
    personal["address"] = "\n".join(address) if address else None
    if not ok or name is None or any(key in a and a[key] is not None and personal[key] is None for key in personal):
        return None
    return Applicant(name, kind, **personal)


def _district(m: YMap, f: Fields, d: Definition) -> str | None:
    """Return the district as text; with `districts:` declared it must be one of them (ids are case-sensitive)."""
    district = f.text(m, "district", "submission")
    if district is None or not d.districts:
        return district
    chosen, hint = form.choose(district, tuple((x.id, x.label) for x in d.districts))
    if chosen is None:
        f.add(m.line_of("district"), f"district '{district}' is not one of the round's districts",
              "one of " + ", ".join(x.id for x in d.districts), hint)
    return chosen


def _facts(m: YMap, f: Fields, d: Definition) -> dict[str, Any] | None:
    """Return the facts; with a form, each must be declared there and is read by its type."""
    if m.get("facts") is None:
        return {}
    facts = f.mapping(m["facts"], m.line_of("facts"), "facts")
    if facts is None:
        return None
    declared = d.form
    if declared is None:
        if "form" in d.broken:
            return dict(facts)  # the form's own problems come first
        for key, value in facts.items():
            if isinstance(value, dict | list):
                f.add(facts.line_of(key), f"fact '{key}' is {type_name(value)}", "a single value",
                      "declare it in the round's form as type: list" if isinstance(value, list) else None)
                return None
        return dict(facts)
    read: dict[str, Any] = {}
    ok = True
    names = [x.fact for x in declared.facts]
    for key, value in facts.items():
        line = facts.line_of(key)
        field = declared.get(f"facts.{key}")
        if field is None:
            f.add(line, f"unknown fact '{key}'", "a fact of the round's form: " + (", ".join(names) or "none"),
                  suggest(key, names) or form.case_hint(key, names))
            ok = False
            continue
        if value is None:
            continue  # an empty answer: not given
        got = form.read_value(field, value, line, f)
        if got is BROKEN:
            ok = False
            continue
        read[key] = got
    return read if ok else None
