"""The files of a first round (`initiatief init`), in nl and en: round.yaml, an example submission, a README;
and the README of next year's round (`initiatief new`).

The texts are package data in `templates/` (round.nl.yaml, submission.nl.yaml, README.nl.md
and their en twins), commented for an official who has never written a round; here they
are filled in with the round's name, year (and the year after it) and lottery seed.
"""

from __future__ import annotations

import json
from importlib import resources

from initiatief.models import Language

_EXAMPLE = {Language.NL: "voorbeeld", Language.EN: "example"}
"""The example submission's file name (and so its id)."""


def default_name(language: Language, year: int) -> str:
    """Return the name a round gets when none is given."""
    return f"Initiatievenfonds {year}" if language is Language.NL else f"Initiatives fund {year}"


def first_round(language: Language, name: str, year: int, seed: str) -> dict[str, str]:
    """Return the files of a first round, each by its path in the round folder."""
    values = {
        # as YAML double-quoted scalars (JSON's are YAML's), so any name or seed is read back as written
        "{{name}}": json.dumps(name, ensure_ascii=False),
        "{{seed}}": json.dumps(seed, ensure_ascii=False),
        "{{year}}": str(year),
        "{{next_year}}": str(year + 1),  # the letters' account_by: the year after the decisions
        "{{title}}": name,  # in a comment
    }
    files = {
        "round.yaml": _fill(_template(f"round.{language.value}.yaml"), values),
        f"submissions/{_EXAMPLE[language]}.yaml": _fill(_template(f"submission.{language.value}.yaml"), values),
        # in Markdown the name is text, not a YAML value
        "README.md": _fill(_template(f"README.{language.value}.md"), {**values, "{{name}}": name}),
    }
    return files


_NEXT_README: dict[Language, str] = {
    Language.NL: (
        "# {name}\n\n"
        "Gemaakt met `initiatief new` uit `{source}`: de definitie van {old_year} met het jaar en de "
        "sleutel van de loting een jaar verder. Zet één bestand per inzending in `submissions/` en één "
        "scorebestand per jurylid in `scores/`.\n"
    ),
    Language.EN: (
        "# {name}\n\n"
        "Created with `initiatief new` from `{source}`: the definition of {old_year} with the year "
        "and the lottery seed moved on. Add one file per submission under `submissions/` and one score "
        "file per assessor under `scores/`.\n"
    ),
}
"""The README.md of next year's round (`initiatief new`), in the round's language."""

TABLES = (_NEXT_README,)
"""The phrase tables of this module (one entry per language), checked by tests/test_texts.py;
the files of a first round are the package data in templates/."""


def next_round_readme(language: Language, name: str, source: str, old_year: int) -> str:
    """Return the README.md of next year's round, made by `initiatief new` from the folder `source`."""
    return _NEXT_README[Language(language)].format(name=name, source=source, old_year=old_year)


def _template(name: str) -> str:
    return (resources.files("initiatief.texts") / "templates" / name).read_text(encoding="utf-8")


def _fill(text: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        text = text.replace(marker, value)
    return text
