"""round.yaml `letters:` (what the decision letters need) and a round's own letter templates.

Every key is optional here: a round is valid without a sender, and `initiatief letters`
refuses, listing every missing key at once, when a letter needs one. What is given is
checked with its file and line: a text is a text, a date a date, the reference pattern
holds only the placeholders docs/letters.md lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from initiatief.errors import Problems
from initiatief.loading import declarations as D
from initiatief.loading.fields import Fields
from initiatief.loading.yamlfile import YMap
from initiatief.models import LetterSettings, Location

PLACEHOLDERS = ("year", "id", "round")
"""What a reference pattern may hold in braces: `{year}/{id}` gives '2017/buurtmoestuin'."""
_BRACES = re.compile(r"\{([^{}]*)\}")

TEMPLATES_DIR = "letters"
"""The folder in a round that holds its own templates (letters/award.nl.md.j2 and the like)."""
TEMPLATE_SUFFIX = ".md.j2"
MAX_TEMPLATE = 256 * 1024


def read_letters(m: YMap, f: Fields) -> LetterSettings | None:
    """Return round.yaml's `letters:` block read (None without one, or when it is not a mapping)."""
    if "letters" not in m:
        return None
    block = f.mapping(m["letters"], m.line_of("letters"), "letters")
    if block is None:
        return None
    f.keys(block, "letters", D.LETTERS.required, D.LETTERS.optional)
    sender = _part(block, "sender", D.SENDER, f)
    regulation = _part(block, "regulation", D.REGULATION, f)
    objection = _part(block, "objection", D.OBJECTION, f)
    reference = f.text(block, "reference", "letters")
    if reference is not None:
        _check_reference(reference, block.line_of("reference"), f)
    weeks = f.integer(objection, "weeks", "objection", 1, 52) if "weeks" in objection else None
    return LetterSettings(
        organisation=f.text(sender, "organisation", "sender"),
        department=f.text(sender, "department", "sender"),
        address=f.lines(sender, "address", "sender"),
        contact=f.text(sender, "contact", "sender"),
        signatory=f.text(sender, "signatory", "sender"),
        function=f.text(sender, "function", "sender"),
        regulation=f.text(regulation, "name", "regulation"),
        article=f.text(regulation, "article", "regulation"),
        published=f.text(regulation, "published", "regulation"),
        date=f.date(block["date"], block.line_of("date"), "letters date") if block.get("date") is not None else None,
        objection_to=f.lines(objection, "address", "objection"),
        objection_weeks=weeks or 6,
        payment=f.text(block, "payment", "letters"),
        account_by=(f.date(block["account_by"], block.line_of("account_by"), "letters account_by")
                    if block.get("account_by") is not None else None),
        obligations=f.text(block, "obligations", "letters"),
        reference=reference,
        location=Location(f.file, m.line_of("letters")),
    )


def _part(block: YMap, key: str, mapping: D.Mapping, f: Fields) -> YMap:
    """Return a sub-mapping of `letters:` (an empty one when it is absent or not a mapping)."""
    empty = YMap()
    empty.line, empty.key_lines = block.line_of(key), {}
    if block.get(key) is None:
        return empty
    part = f.mapping(block[key], block.line_of(key), key)
    if part is None:
        return empty
    f.keys(part, key, mapping.required, mapping.optional)
    return part


def _check_reference(pattern: str, line: int, f: Fields) -> None:
    for name in _BRACES.findall(pattern):
        if name not in PLACEHOLDERS:
            f.add(line, f"the reference pattern names '{{{name}}}'",
                  "only " + ", ".join("{" + p + "}" for p in PLACEHOLDERS))
    if "{" in _BRACES.sub("", pattern) or "}" in _BRACES.sub("", pattern):
        f.add(line, "the reference pattern has an unmatched brace", "{year}, {id} or {round}, each in braces")


def reference_number(pattern: str, values: dict[str, str]) -> str:
    """Return the reference pattern filled in: each known placeholder replaced by its value, once, literally."""
    return _BRACES.sub(lambda match: values.get(match.group(1), match.group(0)), pattern)


@dataclass(frozen=True)
class RoundTemplate:
    """A letter template from the round's own folder: its name, its text and the path shown in errors."""

    name: str
    source: str
    shown: str


def read_templates(root: Path, shown: str) -> dict[str, RoundTemplate]:
    """Return the round's own letter templates (letters/*.md.j2), by name; a problem is an InputError."""
    folder = root / TEMPLATES_DIR
    if not folder.is_dir():
        return {}
    problems = Problems()
    found: dict[str, RoundTemplate] = {}
    for path in sorted(folder.iterdir()):
        if not path.name.endswith(TEMPLATE_SUFFIX):
            continue
        display = f"{shown}/{TEMPLATES_DIR}/{path.name}"
        text = _read_text(path, display, problems)
        if text is not None:
            found[path.name] = RoundTemplate(path.name, text, display)
    problems.raise_if_any()
    return found


def _read_text(path: Path, display: str, problems: Problems) -> str | None:
    try:
        if not path.is_file():
            problems.add(display, None, "is not a regular file", "a template file")
            return None
        if path.stat().st_size > MAX_TEMPLATE:
            problems.add(display, None, "is larger than 256 KB", "a letter template")
            return None
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        problems.add(display, None, "is not UTF-8 text", "a template saved as UTF-8")
    except OSError as exc:
        problems.add(display, None, f"cannot be read: {exc.strerror or exc}", "a readable file")
    return None


def given(value: Any) -> bool:
    """Return whether a setting was filled in."""
    return value is not None and value != ()
