"""The words of a round made from a pabulib file (`initiatief import-pb`), in nl and en."""

from __future__ import annotations

from initiatief.models import Language

_WORDS: dict[Language, dict[str, str]] = {
    Language.NL: {
        "applicant": "niet opgegeven in {file}",
        "title": "Project {id}",
        "budget": "Budget",
        "category": "Categorie",
        "min_cost": "De kosten zijn lager dan het minimum van {amount}",
        "readme_title": "# {name}",
        "readme_made": "Gemaakt met `initiatief import-pb` uit {file} (pabulib): {projects} plannen in "
                       "`submissions/`, {ballots} stembiljetten in `votes/ballots.csv`, {pots} in round.yaml, "
                       "verdeling: {method}.",
        "readme_voters": "`votes/ballots.csv` bevat de kenmerken van de stemmers zoals het bestand ze geeft: "
                         "interne gegevens, niet om te publiceren.",
        "readme_applicant": "pabulib kent geen aanvragers: elk plan heeft als aanvrager \"{applicant}\".",
        "readme_next": "Controleer de ronde met `initiatief validate .` en verdeel met `initiatief score .`.",
        "pots_one": "1 pot",
        "pots_many": "{count} potten",
    },
    Language.EN: {
        "applicant": "not given in {file}",
        "title": "Project {id}",
        "budget": "Budget",
        "category": "Category",
        "min_cost": "The cost is below the minimum of {amount}",
        "readme_title": "# {name}",
        "readme_made": "Made with `initiatief import-pb` from {file} (pabulib): {projects} plans in "
                       "`submissions/`, {ballots} ballots in `votes/ballots.csv`, {pots} in round.yaml, "
                       "method: {method}.",
        "readme_voters": "`votes/ballots.csv` holds the voters' data as the file gives it: internal data, "
                         "not for publication.",
        "readme_applicant": "pabulib has no applicants: every plan's applicant is \"{applicant}\".",
        "readme_next": "Check the round with `initiatief validate .` and allocate with `initiatief score .`.",
        "pots_one": "1 pot",
        "pots_many": "{count} pots",
    },
}

TABLES = (_WORDS,)
"""The phrase tables of this module (one entry per language), checked by tests/test_texts.py."""


def pb_word(language: Language, key: str, **values: str) -> str:
    """Return a phrase of an imported pabulib round in `language`, its {placeholders} filled in."""
    return _WORDS[Language(language)][key].format(**values)
