"""Next year's round from this year's: the definition copied, the year and the seed moved on.

Pure: `next_definition` returns the new round.yaml text; the CLI writes it.
The file is edited line by line rather than re-written, so the official's
comments and layout survive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from initiatief.loading.yamlfile import YMap
from initiatief.models import Round


@dataclass(frozen=True)
class NextYear:
    """The new round.yaml text, and the lines that still mention the old year for a person to check."""

    text: str
    year: int
    seed: str
    to_check: tuple[tuple[int, str], ...]
    seed_line: int = 0
    """The line of the new text that holds the seed."""


def next_seed(seed: str, old_year: int, new_year: int) -> str:
    """Return next year's seed: a seed that is the year becomes the new year; otherwise the year is appended."""
    if seed == str(old_year):
        return str(new_year)
    if str(old_year) in seed:
        return seed.replace(str(old_year), str(new_year))
    return f"{seed}-{new_year}"


def next_definition(round_: Round, text: str, parsed: YMap, seed: str | None = None) -> NextYear:
    """Return round.yaml for the next year: `year` + 1, the year in the name, and a new lottery seed.

    Without `seed` the old one is moved on by `next_seed`; a seed chosen afresh (and
    published before the draw) is better, since a predictable seed can be gamed.
    """
    old, new = round_.year, round_.year + 1
    seed = seed if seed is not None else next_seed(round_.allocation.seed, old, new)
    lines = text.splitlines(keepends=True)
    changed: set[int] = set()

    def edit(line_number: int, pattern: str, replacement: str | Callable[[re.Match[str]], str]) -> None:
        index = line_number - 1
        updated, count = re.subn(pattern, replacement, lines[index], count=1)
        if count:
            lines[index] = updated
            changed.add(line_number)

    edit(parsed.line_of("year"), rf"(\byear:\s*){old}\b", rf"\g<1>{new}")
    if "name" in parsed:
        edit(parsed.line_of("name"), rf"\b{old}\b", str(new))
    allocation = parsed.get("allocation")
    if isinstance(allocation, YMap) and "seed" in allocation:
        seed_line = allocation.line_of("seed")
        edit(seed_line, rf"(\bseed:\s*)(['\"]?){re.escape(round_.allocation.seed)}\2(?=\s*([,}}#]|$))",
             lambda m: m.group(1) + _quoted(seed))
    elif isinstance(allocation, YMap):
        line = lines[allocation.line - 1]
        seed_line = allocation.line  # the flow mapping's line, or the new first key's
        if "{" in line:  # flow style: allocation: {method: ranking}
            lines[allocation.line - 1] = line.replace("{", f"{{seed: {_quoted(seed)}, ", 1)
        else:  # block style: a new first key, indented as the first key is
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(allocation.line - 1, f"{indent}seed: {_quoted(seed)}\n")
    else:
        if lines and not lines[-1].endswith("\n"):  # a last line without its line break
            lines[-1] += "\n"
        lines.append(f"allocation: {{seed: {_quoted(seed)}}}\n")
        seed_line = len(lines)
    to_check = tuple(
        (number, line.rstrip("\n")) for number, line in enumerate(lines, start=1)
        if number not in changed and str(old) in line and not line.lstrip().startswith("#")
    )
    return NextYear("".join(lines), new, seed, to_check, seed_line)


def _quoted(text: str) -> str:
    """Return text as a single-quoted YAML scalar: it reads back as this text, whatever it looks like
    (yes, null, 1_000, 2024-05-01 and '' would not, unquoted)."""
    return "'" + text.replace("'", "''") + "'"

