"""The decision letters: the kind and every fact agree with the outcome, the formats, the templates' safety."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import BUNDLED, ROOT, invoke
from helpers import run as invoke_run

from initiatief.api import evaluate, load_round
from initiatief.models import FUNDED, Language, LetterSettings, Round, Status
from initiatief.output.letter_blocks import plain, to_markdown
from initiatief.output.letters import letter_context, render_letters
from initiatief.reports.letters import LetterKind, kind_of, letters
from initiatief.texts.formats import money
from initiatief.texts.letters import kind_label

GOLDEN = ROOT / "tests" / "golden_letters"
UPDATE = os.environ.get("INITIATIEF_UPDATE_GOLDEN") == "1"
SETTINGS = LetterSettings(
    organisation="Gemeente Proefstad", address=("Postbus 1", "1000 AA Proefstad"), signatory="J. Jansen",
    function="teamleider", regulation="Subsidieregeling Proefstad", date=__import__("datetime").date(2026, 12, 1),
    objection_to=("Het college", "Postbus 1"), payment="Wij betalen binnen vier weken.", reference="{year}/{id}",
)
BLOCK = """
letters:
  sender: {organisation: Gemeente Proefstad, address: [Postbus 1, 1000 AA Proefstad], signatory: J. Jansen,
           function: teamleider}
  regulation: {name: Subsidieregeling Proefstad}
  date: 2026-12-01
  objection: {address: [Het college, Postbus 1]}
  payment: Wij betalen binnen vier weken.
"""
STATUS = {
    LetterKind.AWARD: {Status.AWARDED}, LetterKind.CAPPED: {Status.AWARDED},
    LetterKind.PARTIAL: {Status.PARTLY_AWARDED},
    LetterKind.PRIZE: FUNDED, LetterKind.INELIGIBLE: {Status.INELIGIBLE},
    LetterKind.INSUFFICIENT: {Status.INSUFFICIENT}, LetterKind.NOT_FUNDED: {Status.NOT_FUNDED},
    LetterKind.TOO_FEW_VOTES: {Status.NOT_FUNDED},
    LetterKind.EXCLUDED: {Status.EXCLUDED}, LetterKind.WITHDRAWN: {Status.WITHDRAWN},
    LetterKind.INCOMPLETE: {Status.INCOMPLETE}, LetterKind.EARLIER_STAGE: {Status.EARLIER_STAGE},
}


def settings_of(round_: Round) -> LetterSettings:
    return round_.letters or SETTINGS


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("folder", BUNDLED, ids=lambda p: p.name)
def test_every_letter_states_the_outcome(folder: Path, language: Language) -> None:
    round_ = load_round(folder)
    outcome = evaluate(round_)
    chosen = letters(outcome, stages=True)
    assert {x.result.submission.id for x in chosen} == {r.submission.id for r in outcome.results}
    for item in render_letters(outcome, chosen, settings_of(round_), language, {}):
        result = item.letter.result
        text = "\n".join(plain(line) for b in item.blocks for line in (*b.lines, *(c for row in b.rows for c in row)))
        assert result.status in STATUS[item.letter.kind]
        assert item.letter.kind is kind_of(result)
        if result.status in FUNDED:
            assert money(result.awarded, language) in text
            for _, part in result.paid_by if len(result.paid_by) > 1 else ():
                assert money(part, language) in text
            if result.prize:
                assert money(result.prize.amount, language) in text
        else:
            assert "subsidie te verlenen" not in text and "award you a grant" not in text
        if result.rank is not None and result.status in (*FUNDED, Status.NOT_FUNDED) \
                and item.letter.kind is not LetterKind.TOO_FEW_VOTES:  # below the threshold, its place is moot
            assert str(result.rank) in text
        for check in result.checks:
            if not check.held and check.reason.code.value == "rule-failed":
                assert str(check.reason["reason"]).rstrip(".") in text


@pytest.mark.parametrize("folder", BUNDLED, ids=lambda p: p.name)
def test_the_merge_list_adds_up_to_the_outcome(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "round"
    shutil.copytree(folder, source)
    if load_round(source).letters is None:
        with open(source / "round.yaml", "a", encoding="utf-8") as handle:
            handle.write(BLOCK)
    result = invoke("letters", source, "-o", tmp_path / "out", "--stages")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "merge.csv").read_text(encoding="utf-8"))))
    outcome = evaluate(load_round(source))
    assert sum(Decimal(r["awarded"]) for r in rows) == sum(r.awarded for r in outcome.results)
    assert sum(Decimal(r["prize_amount"] or 0) for r in rows) == sum(
        (r.prize.amount for r in outcome.results if r.prize), Decimal(0))
    assert all((tmp_path / "out" / r["file"]).is_file() for r in rows)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o700
    assert {path.stat().st_mode & 0o777 for path in (tmp_path / "out").iterdir()} == {0o600}


def test_one_letter_again_leaves_the_rounds_mailing_list_as_it_is(tmp_path: Path) -> None:
    # `--only ID --force` after a full run replaced merge.csv by a list of one row: the other letters' mailing lost.
    source, out = ROOT / "rounds" / "2017-sociale-ondernemers-challenge", tmp_path / "out"
    assert invoke("letters", source, "-o", out).exit_code == 0
    before = (out / "merge.csv").read_bytes()
    first = next(csv.DictReader(io.StringIO(before.decode("utf-8"))))
    (out / first["file"]).write_text("an older letter", encoding="utf-8")
    result = invoke("letters", source, "-o", out, "--only", first["submission"], "--force")
    assert result.exit_code == 0, result.stderr
    assert (out / "merge.csv").read_bytes() == before and len(before.splitlines()) > 2
    assert (out / first["file"]).read_text(encoding="utf-8") != "an older letter"
    assert "wrote 1 letter to" in result.stderr and "merge.csv" in result.stderr
    alone = invoke("letters", source, "-o", tmp_path / "alone", "--only", first["submission"])
    assert alone.exit_code == 0 and sorted(p.name for p in (tmp_path / "alone").iterdir()) == [first["file"]]


CASES = sorted(p.parent for p in (ROOT / "tests" / "letters_cases").glob("*/round.yaml"))
"""Test-only rounds for the letter kinds no bundled round has (excluded, incomplete)."""


@pytest.mark.parametrize("language", [None, Language.EN])
@pytest.mark.parametrize("folder", [ROOT / "rounds" / "2017-sociale-ondernemers-challenge",
                                    ROOT / "tests" / "letters_cases" / "decisions"], ids=lambda p: p.name)
def test_the_excel_merge_list_is_dutch_excel_and_adds_up(folder: Path, language: Language | None,
                                                         tmp_path: Path) -> None:
    from initiatief.cli.letters import MERGE_COLUMNS
    from initiatief.texts.labels import header

    extra = ("--language", language.value) if language else ()
    result = invoke("letters", folder, "-o", tmp_path / "out", "--stages", "--excel", *extra)
    assert result.exit_code == 0, result.stderr
    data = (tmp_path / "out" / "merge.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads UTF-8
    text = data[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    round_ = load_round(folder)
    lang = language or round_.language
    assert rows[0] == [header(lang, c) for c in MERGE_COLUMNS]
    assert rows[0][0] == ("Aanvraag" if lang is Language.NL else "Submission")
    column = {c: i for i, c in enumerate(MERGE_COLUMNS)}
    outcome = evaluate(round_)
    body = rows[1:]
    assert len(body) == len(outcome.results)
    for row in body:
        for key in ("awarded", "prize_amount"):
            assert row[column[key]] == "" or re.fullmatch(r"\d+,\d\d", row[column[key]]), row  # 12000,00
    assert sum(Decimal(r[column["awarded"]].replace(",", ".")) for r in body) == sum(
        r.awarded for r in outcome.results)
    assert sum(Decimal(r[column["prize_amount"]].replace(",", ".") or 0) for r in body) == sum(
        (r.prize.amount for r in outcome.results if r.prize), Decimal(0))
    by_id = {r.submission.id: r for r in outcome.results}
    for row in body:
        assert Decimal(row[column["awarded"]].replace(",", ".")) == by_id[row[column["submission"]]].awarded
        # --excel: the kind in the letters' language, as an official reads it
        assert row[column["letter"]] == kind_label(kind_of(by_id[row[column["submission"]]]).value, lang)
        assert (tmp_path / "out" / row[column["file"]]).is_file()


def _examples_by_kind() -> dict[LetterKind, tuple[Path, str]]:
    found: dict[LetterKind, tuple[Path, str]] = {}
    for folder in [*BUNDLED, *CASES]:
        for item in letters(evaluate(load_round(folder)), stages=True):
            found.setdefault(item.kind, (folder, item.result.submission.id))
    return found


KINDS = _examples_by_kind()


@pytest.mark.parametrize("kind", sorted(KINDS), ids=str)
def test_golden_letter_per_kind(kind: LetterKind) -> None:
    folder, sub = KINDS[kind]
    round_ = load_round(folder)
    outcome = evaluate(round_)
    for language in Language:
        [item] = render_letters(outcome, letters(outcome, True, sub), settings_of(round_), language, {})
        text = to_markdown(item.blocks)
        path = GOLDEN / f"{kind.value}.{language.value}.md"
        if UPDATE:
            GOLDEN.mkdir(exist_ok=True)
            path.write_text(f"<!-- {folder.name} / {sub} -->\n" + text, encoding="utf-8")
        assert path.read_text(encoding="utf-8").split("\n", 1)[1] == text


def test_every_kind_has_a_golden_letter_in_both_languages() -> None:
    assert set(KINDS) == set(LetterKind)
    expected = {f"{k.value}.{lang.value}.md" for k in LetterKind for lang in Language}
    assert {p.name for p in GOLDEN.glob("*.md")} == expected


@pytest.mark.parametrize("kind", list(LetterKind), ids=str)
def test_a_decision_has_the_objection_clause_and_a_confirmation_none(kind: LetterKind) -> None:
    for language, clause, weeks in ((Language.NL, "Bent u het niet eens met dit besluit?", "6:7"),
                                    (Language.EN, "Do you disagree with this decision?", "6:7")):
        text = (GOLDEN / f"{kind.value}.{language.value}.md").read_text(encoding="utf-8")
        assert (clause in text and weeks in text) is kind.decides
        assert ("4:25" in text) is (kind is LetterKind.NOT_FUNDED)
        assert ("4:5 " in text) is (kind is LetterKind.INCOMPLETE)
        assert ("4:46" in text) is kind.awards
        assert "None" not in text and "{{" not in text and "{%" not in text


def test_a_docx_letter_opens_and_holds_the_text(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    folder = ROOT / "rounds" / "2017-gebiedsteams"
    for _ in range(2):
        out = tmp_path / f"out{_}"
        result = invoke("letters", folder, "-o", out, "-f", "docx")
        assert result.exit_code == 0, result.stderr
    outcome = evaluate(load_round(folder))
    for r in outcome.results:
        path = tmp_path / "out0" / f"{r.submission.id}.docx"
        assert path.read_bytes() == (tmp_path / "out1" / path.name).read_bytes()  # deterministic
        document = docx.Document(str(path))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Gemeente Voorbeeldstad" in text and "Bent u het niet eens met dit besluit?" in text
        if r.status in FUNDED:
            assert money(r.awarded, Language.NL) in text


def test_html_escapes_a_title_and_has_a4_css(tmp_path: Path) -> None:
    source = tmp_path / "round"
    shutil.copytree(ROOT / "examples" / "minimal", source)
    with open(source / "round.yaml", "a", encoding="utf-8") as handle:
        handle.write(BLOCK)
    sub = next((source / "submissions").iterdir())
    sub.write_text(sub.read_text(encoding="utf-8").replace("title:", 'title: "<script>alert(1)</script> # **x**"\n'
                                                            "old_title:", 1), encoding="utf-8")
    sub.write_text("\n".join(line for line in sub.read_text(encoding="utf-8").splitlines()
                             if not line.startswith("old_title:")) + "\n", encoding="utf-8")
    result = invoke("letters", source, "-o", tmp_path / "out", "-f", "html")
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "out" / f"{sub.stem}.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; # **x**" in page
    assert "@page { size: A4;" in page


@pytest.mark.parametrize("format_", ["md", "html"])
def test_a_line_separator_in_a_title_starts_no_line_of_the_letter(tmp_path: Path, format_: str) -> None:
    # U+2028 passed the Markdown escape, and the letter split its text at it: "- Toegekend: …" became a line of
    # its own (a list item in Markdown), "## …" nearly a heading, and a label cut its table row in two.
    source = tmp_path / "round"
    shutil.copytree(ROOT / "examples" / "minimal", source)
    with open(source / "round.yaml", "a", encoding="utf-8") as handle:
        handle.write(BLOCK)
    sub = source / "submissions" / "moestuin.yaml"
    sub.write_text(sub.read_text(encoding="utf-8").replace(
        "title: Moestuin achter de bibliotheek", 'title: "Moestuin\\u2028- Toegekend: EUR 50.000\\u2029## Besluit"'),
        encoding="utf-8")
    result = invoke("letters", source, "-o", tmp_path / "out", "-f", format_, "--only", "moestuin")
    assert result.exit_code == 0, result.stderr
    letter = (tmp_path / "out" / f"moestuin.{format_}").read_text(encoding="utf-8")
    assert not re.search(r"(^|\n|<br>)\s*- Toegekend", letter), letter
    assert "Moestuin - Toegekend: EUR 50.000 " in letter


@pytest.mark.parametrize(("template", "expected"), [
    ("{% extends 'base.nl.md.j2' %}{% block decision %}\n{% if %}\n{% endblock %}", "award.nl.md.j2:2"),
    ("Beste,\n\n{{ no_such_name }}\n", "award.nl.md.j2:3"),
    ("x\n{{ ''.__class__.__mro__ }}\n", "award.nl.md.j2:2"),
    ("x\n{{ 'a' * 100000000 }}\n", "award.nl.md.j2:2"),
    # Bounded work: each of these ran for hours or took all memory before a letter was refused.
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
     "the loops and calls of a letter take more than 100,000 steps"),
    ("{% for i in range(3) recursive %}{% if loop.depth < 4 %}{{ loop(range(99999)) }}{% endif %}{% endfor %}",
     "the loops and calls of a letter take more than 100,000 steps"),
    ("{% set a = 'x' * 1000 %}" + "{% set a = a ~ a %}" * 30,
     "a value of more than 1,000,000 characters and items is not allowed"),
    ("{% set a = 'x' * 1000 %}" + "{% set a %}{{ a }}{{ a }}{% endset %}" * 30,
     "the letter prints more than 1,000,000 characters"),
    ("{{ '%999999999s' % 'x' }}", "a width that large is not allowed"),
    ("{{ '%s'|format('x') }}{{ '%99999999s'|format('x') }}", "a width that large is not allowed"),
    ("{% set a = 'x' * 100000 %}{{ a|replace('x', a) }}", "replace would make a text of more than 1,000,000"),
    ("{% set a = 'x' * 100000 %}{{ ([a] * 100000)|join }}",
     "a value of more than 1,000,000 characters and items is not allowed"),
    ("{% set a = 'x' * 600 %}{{ ([a] * 1000)|join(a) }}", "join would make a text of more than 1,000,000"),
    ("{{ 'x'|center(999999999) }}", "center would make a text of more than 1,000,000"),
    ("{{ 'x'|indent(999999999) }}", "indent would make a text of more than 1,000,000"),
    ("{{ range(10)|slice(999999999)|list }}", "a number of slices that large"),
    ("{{ range(10)|batch(999999999, 'x')|list }}", "a batch that large"),
    ("{{ 'x'.center(999999999) }}", "access to attribute 'center' of 'str' object is unsafe"),
    ("{{ lipsum(10000000) }}", "'lipsum' is undefined"),
    ("{% set a = 10 ** 1000 %}{{ a ** 1000 }}", "a number that large is not allowed"),
    # and those a review found past the first bounds: .format() (Jinja 3.1.5 offers it before any attribute check),
    # filters that double a text, a list that holds itself twice over, macros calling themselves twice
    ("{{ ('{:>40000000}'.format(1))|length }}", "access to attribute 'format' of 'str' object is unsafe"),
    ("{% set ns = namespace(x='\\\\') %}{% for i in range(23) %}{% set ns.x = ns.x|tojson %}{% endfor %}"
     "{{ ns.x|length }}", "of more than 1,000,000 characters and items is not allowed"),
    ("{% set ns = namespace(x='ab') %}{% for i in range(12) %}{% set ns.x = ns.x|list|string %}{% endfor %}",
     "of more than 1,000,000 characters and items is not allowed"),
    ("{% set ns = namespace(x='ab') %}{% for i in range(30) %}{% set ns.x = [ns.x, ns.x] %}{% endfor %}"
     "{{ ns.x|string|length }}", "of more than 1,000,000 characters and items is not allowed"),
    ("{% set ns = namespace(x='ab', y='ab') %}{% for i in range(30) %}{% set ns.x = (ns.x, ns.x) %}"
     "{% set ns.y = (ns.y, ns.y) %}{% endfor %}{{ ns.x == ns.y }}",
     "of more than 1,000,000 characters and items is not allowed"),
    ("{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(30) }}",
     "the loops and calls of a letter take more than 100,000 steps"),
    ("{% set a = 'x' * 90000 %}{% for i in range(300) %}{{ a|length }}{% endfor %}",
     "does more than 20,000,000 units of work"),
])
def test_a_broken_round_template_is_a_clean_error(template: str, expected: str, tmp_path: Path) -> None:
    source = tmp_path / "round"
    shutil.copytree(ROOT / "rounds" / "2017-gebiedsteams", source)
    (source / "letters").mkdir()
    (source / "letters" / "award.nl.md.j2").write_text(template, encoding="utf-8")
    result = invoke("letters", source, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_round_template_overrides_the_bundled_one(tmp_path: Path) -> None:
    source = tmp_path / "round"
    shutil.copytree(ROOT / "rounds" / "2017-gebiedsteams", source)
    (source / "letters").mkdir()
    (source / "letters" / "award.nl.md.j2").write_text("Eigen brief: {{ award.amount }}\n", encoding="utf-8")
    assert invoke("letters", source, "-o", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "burendag-op-het-lindeplein.md").read_text(encoding="utf-8") == \
        "Eigen brief: € 2.000,00\n"


def test_missing_settings_are_listed_all_at_once(tmp_path: Path) -> None:
    source = tmp_path / "round"
    shutil.copytree(ROOT / "examples" / "minimal", source)
    with open(source / "round.yaml", "a", encoding="utf-8") as handle:
        handle.write("letters:\n  sender: {organisation: Gemeente X}\n")
    result = invoke("letters", source, "-o", tmp_path / "out")
    assert result.exit_code == 1 and not (tmp_path / "out").exists()
    for key in ("sender.address", "sender.signatory", "sender.function", "regulation.name", "letters.date",
                "objection.address", "letters.payment"):
        assert key in result.stderr
    assert "sender.organisation" not in result.stderr


def test_a_bad_reference_pattern_is_refused_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "round"
    shutil.copytree(ROOT / "examples" / "minimal", source)
    with open(source / "round.yaml", "a", encoding="utf-8") as handle:
        handle.write("letters:\n  reference: '{__class__}/{id}'\n")
    result = invoke("validate", source)
    assert result.exit_code == 1 and "round.yaml:" in result.stdout + result.stderr
    assert "{__class__}" in result.stdout + result.stderr


@pytest.mark.parametrize(("account_by", "warned"), [("2026-06-30", True), ("2026-07-01", True),
                                                    ("2026-07-02", False), ("2027-06-30", False)])
def test_an_account_by_on_or_before_the_letters_date_is_a_warning(
    tmp_path: Path, account_by: str, warned: bool,
) -> None:
    import json

    source = tmp_path / "round"
    shutil.copytree(ROOT / "examples" / "minimal", source)
    line = len((source / "round.yaml").read_text(encoding="utf-8").splitlines()) + 1
    with open(source / "round.yaml", "a", encoding="utf-8") as handle:
        handle.write(f"letters:\n  date: 2026-07-01\n  account_by: {account_by}\n")
    result = invoke("validate", source)
    assert result.exit_code == 0  # a warning, not a problem: it stops nothing
    expected = (f"warning: {source}/round.yaml:{line}: letters account_by {account_by} is on or before the "
                f"letters' date 2026-07-01 (an award letter would ask the applicant")
    assert (expected in result.stderr) is warned, result.stderr
    result = invoke("validate", source, "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["warnings"]) == (1 if warned else 0)


def test_letters_are_never_written_into_the_rounds_inputs(tmp_path: Path) -> None:
    source = tmp_path / "round"
    shutil.copytree(ROOT / "rounds" / "2017-gebiedsteams", source)
    result = invoke("letters", source, "-o", source / "submissions" / "x")
    assert result.exit_code == 1 and "inside the round's submissions/" in result.stderr
    assert invoke("letters", source, "-o", tmp_path / "out").exit_code == 0
    again = invoke("letters", source, "-o", tmp_path / "out")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert invoke("letters", source, "-o", tmp_path / "out", "--force").exit_code == 0


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("method", ["ranking", "lottery"])
def test_a_letter_tells_the_draw_that_decided_its_place_and_the_ticket_to_redo_it(
        method: str, language: Language) -> None:
    """A motivated decision says when the lot, not the scores, decided a plan's place, with the ticket
    (SHA-256 of 'seed:id', as docs/method.md says) so the applicant can redo the draw."""
    import hashlib

    round_ = load_round(ROOT / "examples" / "lottery-tie")
    outcome = evaluate(round_, method)
    seed = round_.allocation.seed
    rendered = render_letters(outcome, letters(outcome), settings_of(round_), language, {})
    told = 0
    for item in rendered:
        result = item.letter.result
        text = "\n".join(plain(line) for b in item.blocks for line in b.lines)
        tied = [r for r in result.reasons if r.code.value == "tied"]
        ticket = hashlib.sha256(f"{seed}:{result.submission.id}".encode()).hexdigest()
        if not tied:
            assert "SHA-256" not in text
            continue
        told += 1
        assert tied[0]["ticket"] == ticket and f"'{seed}:{result.submission.id}': {ticket}." in text
        size, first = int(str(tied[0]["size"])), int(str(tied[0]["first_rank"]))
        if method == "ranking":  # the tie's size and ranks; under lottery the rank sentence says it all
            last = first + size - 1
            ranks = f"{first} tot en met {last}" if language is Language.NL else f"{first} to {last}"
            assert ranks in text and str(size - 1) in text
    # The example's three plans tie on everything; under lottery every plan is in the draw.
    assert told == (3 if method == "ranking" else len([r for r in outcome.results if r.rank is not None]))


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize(("example", "method"), [("votes", None), ("equal-shares", None), ("votes", "equal-shares")])
def test_a_vote_rounds_letters_give_the_votes_and_the_real_reason(example: str, method: str | None,
                                                                  language: Language) -> None:
    """In a round the residents decide, a letter says how many voted for the plan and why it was refused: never
    that it 'scored enough points' (there is no jury), never the ceiling (Awb 4:25) for a plan below the vote
    threshold or one the voters' equal shares could not pay."""
    round_ = load_round(ROOT / "examples" / example)
    outcome = evaluate(round_, method)
    assert outcome.method.by_votes and not (round_.voting and round_.voting.jury)
    for item in render_letters(outcome, letters(outcome), settings_of(round_), language, {}):
        result = item.letter.result
        text = "\n".join(plain(line) for b in item.blocks for line in b.lines)
        assert "punten gekregen" not in text and "scored enough points" not in text and "jury" not in text
        codes = {r.code.value for r in result.reasons}
        if "below-vote-threshold" in codes:
            assert item.letter.kind is LetterKind.TOO_FEW_VOTES
            assert "4:25" not in text and ("te weinig stemmen" in text or "too few votes" in text)
        elif result.votes is not None:
            voters = next(r for r in result.reasons if r.code.value == "votes")["voters"]
            assert f"{result.votes} " in text and f"{voters} " in text  # 'approved by 2 of the 7 voters'
        if "mes-unaffordable" in codes:
            assert "4:25" not in text and ("gelijke delen" in text or "equal shares" in text)
        if "mes-unaffordable" in codes or "mes-chosen" in codes:
            shares = [r for r in result.reasons if r.code.value in ("mes-unaffordable", "mes-chosen")]
            assert money(shares[0].money("share"), language) in text


def test_letters_inside_the_round_folder_are_written_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "ronde"
    shutil.copytree(ROOT / "examples" / "committee-decisions", folder)
    code, _, err = invoke_run("letters", folder, "-o", folder / "brieven")
    assert code == 0, err
    assert (folder / "brieven" / "merge.csv").is_file()
    assert "warning:" in err and "inside the round folder" in err
    code, _, err = invoke_run("letters", folder, "-o", tmp_path / "brieven")
    assert code == 0 and "inside the round folder" not in err


def test_a_plan_whose_pro_rata_share_is_below_the_minimum_is_told_so(tmp_path: Path) -> None:
    # 6000 for 4000 + 3000 + 2000 + 600: at 9600 of need, d's share (about 375) is below the €500 minimum, so d is
    # not funded; its letter says so, not only that the ceiling was reached.
    folder = tmp_path / "round"
    (folder / "scores").mkdir(parents=True)
    (folder / "round.yaml").write_text(
        "name: Pro rata\nyear: 2024\nlanguage: en\nceiling: 6000\ngrants: {min: 500}\n"
        "criteria: [{id: q, label: Quality, weight: 1, scale: [0, 10]}]\nallocation: {method: pro-rata, seed: s}\n"
        + BLOCK, encoding="utf-8")
    (folder / "submissions.yaml").write_text("".join(
        f"- {{id: {i}, title: {i.upper()}, applicant: X, requested: {amount}}}\n"
        for i, amount in (("a", 4000), ("b", 3000), ("c", 2000), ("d", 600))), encoding="utf-8")
    (folder / "scores" / "jury.yaml").write_text("scores: {a: {q: 9}, b: {q: 8}, c: {q: 7}, d: {q: 6}}\n",
                                                  encoding="utf-8")
    round_ = load_round(folder)
    outcome = evaluate(round_)
    assert outcome.result("d").status is Status.NOT_FUNDED
    [item] = render_letters(outcome, letters(outcome, only="d"), settings_of(round_), Language.EN, {})
    text = "\n".join(plain(line) for b in item.blocks for line in b.lines)
    assert "That is less than the minimum of €500.00." in text and "4:25" in text


@pytest.mark.parametrize("language", list(Language))
def test_a_letter_capped_by_the_maximum_and_by_the_committee_states_one_amount(
        tmp_path: Path, language: Language) -> None:
    # The maximum's sentence said "so you receive €5,000.00", the committee's cap then €4,000.00, and the award
    # was €4,000.00: the letter contradicted itself. Each cap says what it limits; only the decision what is paid.
    folder = tmp_path / "round"
    (folder / "scores").mkdir(parents=True)
    (folder / "round.yaml").write_text(
        f"name: Caps\nyear: 2024\nlanguage: {language.value}\nceiling: 20000\ngrants: {{max: 5000}}\n"
        "criteria: [{id: q, label: Quality, weight: 1, scale: [0, 10]}]\nallocation: {method: ranking, seed: s}\n"
        + BLOCK, encoding="utf-8")
    (folder / "submissions.yaml").write_text("- {id: a, title: A, applicant: X, requested: 7500}\n", encoding="utf-8")
    (folder / "decisions.yaml").write_text("- {submission: a, decision: cap, amount: 4000, reason: Alleen de week, "
                                           "date: 2024-05-12}\n", encoding="utf-8")
    (folder / "scores" / "jury.yaml").write_text("scores: {a: {q: 9}}\n", encoding="utf-8")
    round_ = load_round(folder)
    outcome = evaluate(round_)
    assert outcome.result("a").awarded == 4000
    [item] = render_letters(outcome, letters(outcome), settings_of(round_), language, {})
    text = "\n".join(plain(line) for b in item.blocks for line in b.lines)
    five, four = ("€5,000.00", "€4,000.00") if language is Language.EN else ("€ 5.000,00", "€ 4.000,00")
    assert four in text and text.count(five) == 1, text
    assert ("The grant is at most" if language is Language.EN else "De subsidie is ten hoogste") in text


def _prize_round(tmp_path: Path) -> Path:
    # a: requested 6000, capped at the maximum 5000, paid in full; b: 2000, of which 1000 was left (partial);
    # c: 500 and nothing left (not funded). a and b win a prize of 500 each.
    folder = tmp_path / "round"
    (folder / "scores").mkdir(parents=True)
    (folder / "round.yaml").write_text(
        "name: Prijzen\nyear: 2024\nlanguage: en\nceiling: 7000\n"
        "pots: [{id: beleid, amount: 6000}, {id: pp, amount: 1000, for: prizes}]\ngrants: {max: 5000, partial: true}\n"
        "criteria: [{id: q, label: Quality, weight: 1, scale: [0, 10]}]\nassessment: {pass: 50%}\n"
        "allocation: {method: ranking, skip: false, seed: s}\n"
        "prizes: [{label: Winner, count: 2, amount: 500, pot: pp}]\n" + BLOCK, encoding="utf-8")
    (folder / "submissions.yaml").write_text("".join(
        f"- {{id: {i}, title: {i.upper()}, applicant: X, requested: {amount}}}\n"
        for i, amount in (("a", 6000), ("b", 2000), ("c", 500), ("d", 500))), encoding="utf-8")
    (folder / "scores" / "jury.yaml").write_text("scores: {a: {q: 9}, b: {q: 8}, c: {q: 7}, d: {q: 2}}\n",
                                                  encoding="utf-8")
    return folder


@pytest.mark.parametrize("language", list(Language))
def test_a_prize_letter_explains_a_partial_award_and_a_cap(tmp_path: Path, language: Language) -> None:
    round_ = load_round(_prize_round(tmp_path))
    outcome = evaluate(round_)
    assert outcome.result("b").status is Status.PARTLY_AWARDED and outcome.result("b").prize is not None
    rendered = {item.letter.result.submission.id: item
                for item in render_letters(outcome, letters(outcome), settings_of(round_), language, {})}
    text = {k: "\n".join(plain(line) for b in v.blocks for line in b.lines) for k, v in rendered.items()}
    assert rendered["a"].letter.kind is LetterKind.PRIZE and rendered["b"].letter.kind is LetterKind.PRIZE
    if language is Language.EN:
        assert "That is less than you applied for: €6,000.00." in text["a"]
        assert "There was enough money to pay that grant in full." in text["a"]
        assert "That is part of the amount your plan qualified for." in text["b"]
        assert "not enough for the whole amount" in text["b"] and "There was enough money" not in text["b"]
    else:
        assert "Dat is minder dan u hebt aangevraagd: € 6.000,00." in text["a"]
        assert "Dat is een deel van het bedrag waarvoor uw plan in aanmerking kwam." in text["b"]
        assert "niet genoeg voor het hele bedrag" in text["b"] and "Er was genoeg geld" not in text["b"]


def test_ceiling_reached_is_yes_only_where_the_money_stopped_the_plan(tmp_path: Path) -> None:
    """Awb 4:25 is the ground of a refusal for want of money (not funded, or partly funded), never of an award,
    a prize, an ineligible or insufficient plan, one below the vote threshold or one equal shares could not pay."""
    seen: dict[bool, set[LetterKind]] = {True: set(), False: set()}
    rounds = [(_prize_round(tmp_path), None), (ROOT / "examples" / "votes", None),
              (ROOT / "examples" / "equal-shares", None), *((f, None) for f in BUNDLED)]
    for folder, method in rounds:
        round_ = load_round(folder)
        outcome = evaluate(round_, method)
        for item in letters(outcome):
            context = letter_context(outcome, item, settings_of(round_), Language.EN)
            result = item.result
            money_stopped = result.status in (Status.NOT_FUNDED, Status.PARTLY_AWARDED) \
                and item.kind is not LetterKind.TOO_FEW_VOTES \
                and not any(r.code.value == "mes-unaffordable" for r in result.reasons)
            assert context["ceiling_reached"] is money_stopped, (folder.name, result.submission.id, item.kind)
            seen[money_stopped].add(item.kind)
    assert {LetterKind.AWARD, LetterKind.PRIZE, LetterKind.CAPPED, LetterKind.INSUFFICIENT, LetterKind.INELIGIBLE,
            LetterKind.TOO_FEW_VOTES} <= seen[False]
    assert {LetterKind.NOT_FUNDED, LetterKind.PRIZE} <= seen[True]


def _award_letter_of(template: str, tmp_path: Path) -> str:
    """Return the award letter of burendag-op-het-lindeplein (2017-gebiedsteams) with `template` as the round's own."""
    source = tmp_path / "round"
    shutil.copytree(ROOT / "rounds" / "2017-gebiedsteams", source)
    (source / "letters").mkdir()
    (source / "letters" / "award.nl.md.j2").write_text(template, encoding="utf-8")
    result = invoke("letters", source, "-o", tmp_path / "out", "--only", "burendag-op-het-lindeplein")
    assert result.exit_code == 0, result.stderr
    return (tmp_path / "out" / "burendag-op-het-lindeplein.md").read_text(encoding="utf-8")


def test_a_loop_that_compares_and_tests_counts_only_its_steps(tmp_path: Path) -> None:
    # Only loop steps and the template's own calls are steps: a compare, a test or a list in the loop is not (if
    # they were, these 40,000 steps would count 160,000, past the 100,000 a letter may take).
    assert _award_letter_of(
        "{% set ns = namespace(n=0) %}{% for i in range(40000) %}{% if i == 7 or i is divisibleby(20000) "
        "or [i] == [3] %}{% set ns.n = ns.n + 1 %}{% endif %}{% endfor %}{{ ns.n }}\n", tmp_path) == "4\n"


def test_a_template_may_print_a_percent_sign_and_compare_and_build_small_values(tmp_path: Path) -> None:
    # '%%' read as a spec with the width 20000 was refused; the bounds must leave ordinary templates alone.
    text = _award_letter_of(
        "{{ '%s: 5%% van 20000 inwoners' % 'Noord' }} {{ '%-6s|'|format('ab') }}\n"
        "{% set items = [award.amount, 'b'] %}{% if items == [award.amount, 'b'] and 'b' in items %}ja{% endif %}"
        "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(1) }}{{ {'a': (1, 2)}|dictsort|length }}\n", tmp_path)
    # (each value escaped for Markdown; a paragraph's lines end in a hard break)
    assert text == "Noord: 5% van 20000 inwoners ab    \\|  \nja\\<1\\>1\n", text


@pytest.mark.parametrize(("name", "address"), [("---", "==="), ("Stichting Groen", "==="), ("= = =", "- - -")])
def test_a_line_of_marks_from_the_round_makes_no_heading_or_rule(tmp_path: Path, name: str, address: str) -> None:
    # '===' or '---' as a line of its own under another is a setext heading's underline; '---' alone a rule.
    source = tmp_path / "round"
    shutil.copytree(ROOT / "examples" / "committee-decisions", source)
    sub = source / "submissions" / "festival.yaml"
    sub.write_text(sub.read_text(encoding="utf-8").replace(
        "applicant: {name: Evenementenbureau Oost}", f'applicant: {{name: "{name}", address: "{address}"}}'),
        encoding="utf-8")
    assert invoke("letters", source, "-o", tmp_path / "md").exit_code == 0
    lines = (tmp_path / "md" / "festival.md").read_text(encoding="utf-8").splitlines()
    for value in (name, address):
        if set(value) <= set("=- "):
            assert any(line.rstrip() == "\\" + value.lstrip() for line in lines), lines[:8]
            assert value not in [line.rstrip() for line in lines]
    assert invoke("letters", source, "-o", tmp_path / "html", "-f", "html").exit_code == 0
    page = (tmp_path / "html" / "festival.html").read_text(encoding="utf-8")
    assert "<hr" not in page and "<h1" not in page and address in page


def _with_address(tmp_path: Path, written: str) -> Path:
    """Return a copy of the committee-decisions example whose 'festival' applicant has `address: WRITTEN`."""
    source = tmp_path / "round"
    shutil.copytree(ROOT / "examples" / "committee-decisions", source)
    sub = source / "submissions" / "festival.yaml"
    with_address = f"applicant: {{name: Evenementenbureau Oost, address: {written}}}"
    sub.write_text(sub.read_text(encoding="utf-8").replace("applicant: {name: Evenementenbureau Oost}", with_address),
                   encoding="utf-8")
    return source


@pytest.mark.parametrize("written", ['[Pleinstraat 1, "1234 AB Voorbeeldstad"]',
                                     '"Pleinstraat 1\\n1234 AB Voorbeeldstad"'])
def test_an_applicants_address_is_a_list_of_lines_or_one_text(tmp_path: Path, written: str) -> None:
    # As the sender's: a list of lines, or one text split at its line breaks; the letter has a line each.
    source = _with_address(tmp_path, written)
    round_ = load_round(source)
    festival = next(s for s in round_.submissions if s.id == "festival")
    assert festival.applicant.address == "Pleinstraat 1\n1234 AB Voorbeeldstad"
    assert invoke("letters", source, "-o", tmp_path / "md").exit_code == 0
    lines = [line.rstrip() for line in (tmp_path / "md" / "festival.md").read_text(encoding="utf-8").splitlines()]
    at = lines.index("Evenementenbureau Oost")
    assert lines[at + 1: at + 3] == ["Pleinstraat 1", "1234 AB Voorbeeldstad"]
    with (tmp_path / "md" / "merge.csv").open(encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["submission"] == "festival")
    assert row["address"] == "Pleinstraat 1, 1234 AB Voorbeeldstad"


@pytest.mark.parametrize(("written", "expected"), [
    ("[]", "applicant 'address' is an empty list; expected the address, one text per line"),
    ("[Pleinstraat 1, {nr: 1}]", "applicant 'address' has a line that is a mapping; expected a text per line"),
    ("{straat: Pleinstraat 1}",
     "applicant 'address' is a mapping; expected the address as one text, or a list of lines"),
    ("[Pleinstraat 1, yes]", "applicant 'address' has a line that is a yes/no value (true)"),
])
def test_a_wrong_applicant_address_is_a_problem_with_its_line(tmp_path: Path, written: str, expected: str) -> None:
    source = _with_address(tmp_path, written)
    code, _, err = invoke_run("validate", source)
    assert code == 1 and expected in err and "festival.yaml:" in err, err
