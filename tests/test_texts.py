"""The words: every phrase table has the same keys and the same {placeholders} in nl and en.

A texts module lists its phrase tables in a module-level TABLES tuple; a table maps
each Language to either a phrase (or a tuple of phrases) or to a dict of them by key.
Every module under initiatief.texts that defines TABLES is checked, so a new table is
checked as soon as it is listed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import string
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import initiatief.texts
from initiatief.models import Language, Method, Status
from initiatief.texts import formats
from initiatief.texts.labels import METHOD_LABELS, STATUS_LABELS, method_label, status_label


def text_modules() -> list[ModuleType]:
    modules = [importlib.import_module(f"initiatief.texts.{info.name}")
               for info in pkgutil.iter_modules(initiatief.texts.__path__)]
    return [module for module in modules if hasattr(module, "TABLES")]


def tables() -> list[tuple[str, Mapping[Any, Any]]]:
    found = []
    for module in text_modules():
        for index, table in enumerate(module.TABLES):
            found.append((f"{module.__name__.rsplit('.', 1)[1]}[{index}]", table))
    return found


def placeholders(phrase: Any) -> list[set[str]]:
    """Return the {names} in a phrase, or in each phrase of a tuple of phrases."""
    phrases = phrase if isinstance(phrase, tuple | list) else (phrase,)
    return [{name for _, name, _, _ in string.Formatter().parse(str(p)) if name} for p in phrases]


def test_the_texts_modules_list_their_tables() -> None:
    names = {module.__name__.rsplit(".", 1)[1] for module in text_modules()}
    assert {"labels", "report", "formats"} <= names


@pytest.mark.parametrize(("name", "table"), tables(), ids=[name for name, _ in tables()])
def test_nl_and_en_have_the_same_keys_and_placeholders(name: str, table: Mapping[Any, Any]) -> None:
    assert set(table) == set(Language), f"{name}: languages {sorted(table)}"
    nl, en = table[Language.NL], table[Language.EN]
    if isinstance(nl, Mapping):
        assert isinstance(en, Mapping)
        assert set(nl) == set(en), f"{name}: only nl {set(nl) - set(en)}, only en {set(en) - set(nl)}"
        for key in nl:
            assert placeholders(nl[key]) == placeholders(en[key]), f"{name}[{key!r}]"
    else:
        assert placeholders(nl) == placeholders(en), name
        if isinstance(nl, tuple):
            assert len(nl) == len(en), name


@pytest.mark.parametrize("language", list(Language))
def test_the_method_labels_are_exactly_the_methods(language: Language) -> None:
    assert set(METHOD_LABELS[language]) == set(Method)
    assert len(set(METHOD_LABELS[language].values())) == len(Method)  # no two methods read the same
    assert all(method_label(language, m.value) == METHOD_LABELS[language][m] for m in Method)


@pytest.mark.parametrize("language", list(Language))
def test_the_status_labels_are_exactly_the_statuses(language: Language) -> None:
    assert set(STATUS_LABELS[language]) == set(Status)
    assert len(set(STATUS_LABELS[language].values())) == len(Status)
    assert all(status_label(language, s.value) == STATUS_LABELS[language][s] for s in Status)


@pytest.mark.parametrize(
    ("language", "money", "score", "date", "count"),
    [
        (Language.NL, "€ 12.000,00", "36,83", "1 december 2026", "10.000"),
        (Language.EN, "€12,000.00", "36.83", "1 December 2026", "10,000"),
    ],
)
def test_figures_as_people_write_them(language: Language, money: str, score: str, date: str, count: str) -> None:
    assert formats.money(Decimal("12000"), language) == money
    assert formats.score_text(Fraction(221, 6), language) == score  # 36.8333…
    assert formats.long_date(dt.date(2026, 12, 1), language) == date
    assert formats.count(10000, language) == count


def test_negative_money_and_spreadsheet_numbers() -> None:
    assert formats.money(Decimal("-1500"), Language.NL) == "€ -1.500,00"
    assert formats.money(Decimal("-1500"), Language.EN) == "-€1,500.00"
    assert formats.signed_money(Decimal("4700"), Language.NL) == "€ +4.700,00"  # the sign where Dutch puts '-'
    assert formats.signed_money(Decimal("4700"), Language.EN) == "+€4,700.00"
    assert formats.signed_money(Decimal("-1500"), Language.NL) == "€ -1.500,00"
    assert formats.signed_money(Decimal("0"), Language.NL) == "€ 0,00"
    assert formats.spreadsheet_number(Decimal("15000")) == "15000,00"
    assert formats.spreadsheet_number(Decimal("-0.005")) == "-0,01"
    assert formats.share_percent(Fraction(3, 7), Language.NL) == "43%"
    assert formats.number_range(Decimal("0.5"), Decimal("2.5"), Language.NL) == "0,5–2,5"


@given(st.fractions(min_value=0, max_value=1000, max_denominator=10_000),
       st.fractions(min_value=0, max_value=1000, max_denominator=10_000))
def test_a_score_below_a_mark_never_reads_as_the_mark(a: Fraction, b: Fraction) -> None:
    """'Score 5.00 is below the pass mark of 5.00' contradicts itself: the two scores are shown with as many
    decimals as it takes to differ (at most MOST_PLACES), and with the usual two when they differ already."""
    from initiatief.texts.formats import MOST_PLACES, score_text, telling_places

    low, high = min(a, b), max(a, b)
    places = telling_places(low, high)
    assert 2 <= places <= MOST_PLACES
    if score_text(low, Language.EN) != score_text(high, Language.EN) or low == high:
        assert places == 2
    elif high - low >= Fraction(1, 10 ** MOST_PLACES):
        assert score_text(low, Language.EN, places) != score_text(high, Language.EN, places)
        assert score_text(low, Language.EN, places - 1) == score_text(high, Language.EN, places - 1)


def test_the_pass_mark_reason_shows_a_score_just_below_it_as_lower() -> None:
    from initiatief.reasons import Code, reason
    from initiatief.texts.letters import letter_phrase
    from initiatief.texts.reasons import phrase

    missed = reason(Code.BELOW_PASS_MARK, score=Fraction(1499, 300), pass_score=Fraction(5),
                    pass_mark=Decimal("0.5"), max_score=Fraction(10))
    assert phrase(missed, Language.EN) == "Score 4.997 is below the pass mark of 5.000 (50% of 10.00)"
    assert "4,997" in letter_phrase(missed, Language.NL, str) and "5,000" in letter_phrase(missed, Language.NL, str)
    clear = reason(Code.BELOW_CRITERION_MINIMUM, criterion="c", label="C", score=Fraction(2), minimum=Fraction(3))
    assert phrase(clear, Language.EN) == "C: 2.00 is below the minimum of 3.00"


@pytest.mark.parametrize(("code", "params", "nl", "en"), [
    ("votes", {"approvals": Fraction(1), "voters": Fraction(1)}, "Gesteund door 1 van de 1 stemmer",
     "Approved by 1 of 1 voter"),
    ("votes", {"approvals": Fraction(0), "voters": Fraction(3, 2)}, "Gesteund door 0 van de 1,50 stemmers",
     "Approved by 0 of 1.50 voters"),
    ("below-vote-threshold", {"approvals": Fraction(1), "threshold": Fraction(2)},
     "Niet gekozen: 1 stem, minder dan de drempel van 2", "Not chosen: 1 vote, fewer than the threshold of 2"),
    ("below-vote-threshold", {"approvals": Fraction(0), "threshold": Fraction(2)},
     "Niet gekozen: 0 stemmen, minder dan de drempel van 2", "Not chosen: 0 votes, fewer than the threshold of 2"),
    ("mes-chosen", {"step": 1, "supporters": Fraction(1), "payment": Decimal("30.00"), "share": Decimal("30.00")},
     "Gekozen met gelijke delen (stap 1): de 1 stemmer die het steunde betaalde ten hoogste € 30,00 uit het eigen "
     "deel van € 30,00",
     "Chosen by equal shares (step 1): the 1 voter who approved it paid at most €30.00 from their share of €30.00"),
    ("mes-chosen", {"step": 1, "supporters": Fraction(2), "payment": Decimal("15.00"), "share": Decimal("30.00")},
     "Gekozen met gelijke delen (stap 1): de 2 stemmers die het steunden betaalden ieder ten hoogste € 15,00 uit "
     "hun deel van € 30,00",
     "Chosen by equal shares (step 1): the 2 voters who approved it paid at most €15.00 each from their share of "
     "€30.00"),
    ("mes-comparison", {"for_mes": Fraction(1), "for_greedy": Fraction(3), "kept": "greedy"},
     "Vergelijking met de meeste stemmen: 1 stemmer kreeg meer van zijn plannen met gelijke delen, 3 met de meeste "
     "stemmen; de uitkomst is die van 'greedy'",
     "Compared with most votes: 1 voter got more of their plans by equal shares, 3 by most votes; the outcome is "
     "that of 'greedy'"),
])
def test_a_count_of_one_takes_the_singular_and_its_verb(code: str, params: dict[str, Any], nl: str, en: str) -> None:
    # An official reads "1 stem", never "1 stemmen"; a weighted 1.50 and a 0 take the plural.
    from initiatief.reasons import Code, reason
    from initiatief.texts.reasons import phrase

    made = reason(Code(code), **params)
    assert (phrase(made, Language.NL), phrase(made, Language.EN)) == (nl, en)


def test_a_letter_says_one_voter_in_the_singular_too() -> None:
    from initiatief.reasons import Code, reason
    from initiatief.texts.letters import letter_phrase

    one = reason(Code.MES_UNAFFORDABLE, supporters=Fraction(1), left=Decimal(0), needed=Decimal(40),
                 share=Decimal(30))
    assert "De 1 stemmer die uw plan steunde, had daarvan nog € 0,00 over." in letter_phrase(one, Language.NL, str)
    assert "The 1 voter who approved your plan had €0.00 of it left." in letter_phrase(one, Language.EN, str)
    votes = reason(Code.VOTES, approvals=Fraction(1), voters=Fraction(1))
    assert letter_phrase(votes, Language.NL, str) == "Uw plan kreeg de steun van 1 van de 1 stemmer."


def test_the_reports_ballot_note_agrees_with_one_voter_and_one_vote() -> None:
    from initiatief.texts.formats import Counted
    from initiatief.texts.report import report_text

    one = report_text(Language.NL, "ballots-note", ballots=Counted("1", 1), ignored=Counted("1", 1))
    assert one.startswith("1 stemmer; 1 stem op een plan dat niet meedeed") and one.endswith("is niet meegeteld.")
    many = report_text(Language.EN, "ballots-note-jury", ballots=Counted("3", 3), ignored=Counted("0", 0))
    assert many.startswith("3 voters; 0 votes for plans that were not in the vote") and many.endswith(
        "were not counted.")


@pytest.mark.parametrize(("share", "nl", "en"), [
    (Fraction(0), "0%", "0%"), (Fraction(1), "100%", "100%"), (Fraction(3, 7), "43%", "43%"),
    (Fraction(2, 1000), "0,2%", "0.2%"), (Fraction(5, 12000), "0,04%", "0.04%"),
    (Fraction(11999, 12000), "99,99%", "99.99%"), (Fraction(1, 10**6), "<0,01%", "<0.01%"),
    (Fraction(10**6 - 1, 10**6), ">99,99%", ">99.99%"), (Fraction(1, 200), "1%", "1%"),
])
def test_a_share_reads_as_a_percentage(share: Fraction, nl: str, en: str) -> None:
    assert formats.share_percent(share, Language.NL) == nl
    assert formats.share_percent(share, Language.EN) == en


@given(st.fractions(min_value=0, max_value=1, max_denominator=10**7))
def test_only_nothing_reads_0_percent_and_only_all_100_percent(share: Fraction) -> None:
    shown = formats.share_percent(share, Language.EN)
    assert (shown == "0%") == (share == 0)
    assert (shown == "100%") == (share == 1)
    if shown[0] not in "<>":
        assert abs(Decimal(shown[:-1]) / 100 - Decimal(share.numerator) / share.denominator) <= Decimal("0.005")


def test_the_earlier_stage_note_agrees_with_its_count() -> None:
    from initiatief.texts.report import report_text

    assert report_text(Language.NL, "earlier-stage-note", count=1) == \
        "1 inzending die in een eerdere fase bleef, staat niet in de tabel."
    assert report_text(Language.NL, "earlier-stage-note", count=3).startswith("3 inzendingen die")
    assert report_text(Language.EN, "earlier-stage-note", count=1).startswith("1 submission that stayed")
