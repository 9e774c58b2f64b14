"""Problems the user can fix, with where they are and what was expected."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_WORD = 200
"""A run of more characters than this without a space, in a problem, is shown shortened."""
_LONG_WORD = re.compile(r"\S{" + str(MAX_WORD + 1) + ",}")


_AROUND = "'\"()[]{},;:."
"""What a problem's text puts around a value it echoes ('…', "…", a comma after it): not the value's own."""


def _shorten(match: re.Match[str]) -> str:
    """Return a long value as its first 40 and last 10 characters and its length, the quotes and punctuation
    around it kept outside and not counted."""
    word = match.group(0)
    core = word.strip(_AROUND)
    if len(core) <= MAX_WORD:
        # A value at the limit in its quotes is shown whole; a run of punctuation is shortened as a whole.
        return word if len(word) <= MAX_WORD + 4 else f"{word[:40]}…{word[-10:]} ({len(word):,} characters)"
    start = word.index(core)
    before, after = word[:start], word[start + len(core):]
    return f"{before}{core[:40]}…{core[-10:]}{after} ({len(core):,} characters)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one input file."""

    file: str
    line: int | None
    problem: str
    expected: str | None = None
    hint: str | None = None
    more: int = 0
    """On the line that closes a file's list: how many of its problems were not listed."""
    place: str | None = None
    """Where in a spreadsheet, when a line says too little: "sheet Scores, cell D7", "row 17, column 'Bedrag'"."""

    def __post_init__(self) -> None:
        # A value echoed from a file (a 5,000-digit number, a megabyte on one line) is shortened,
        # so one problem stays one readable line.
        for name in ("problem", "expected", "hint"):
            text = getattr(self, name)
            if text is not None and len(text) > MAX_WORD:
                object.__setattr__(self, name, _LONG_WORD.sub(_shorten, text))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.place:
            where += f": {self.place}"
        text = f"{where}: {self.problem}"
        if self.expected:
            text += f"; expected {self.expected}"
        if self.hint:
            text += f" ({self.hint})"
        # One problem, one line: a value with line breaks or control characters is shown escaped.
        return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class InitiatiefError(Exception):
    """Base of every error a user can fix; the CLI prints it and exits 1."""


class InputError(InitiatiefError):
    """A round folder (or another input) has one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_key)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} found:"]
        lines.extend(f"  {p}" for p in self.problems)
        return "\n".join(lines)


class OutputError(InitiatiefError):
    """An output file cannot be written as asked (exists, is an input, …)."""


def _problem_key(p: Problem) -> tuple[str, bool, int, str, str, str, str]:
    return (p.file, p.more > 0, p.line or 0, p.place or "", p.problem, p.expected or "", p.hint or "")


MAX_PER_FILE = 100
"""Problems listed per file; more are counted and summed up in one line."""
MAX_PER_KIND = 20
"""Problems of one kind (the same message but for the values in it) listed per file."""
_VALUES = re.compile(r"'[^']*'|\d+")


class Problems:
    """Collects problems while loading so that one run reports all of them.

    A file with a million broken rows must not print a million lines: per file, at most
    MAX_PER_KIND problems of one kind and MAX_PER_FILE in all are kept; the others are
    counted, and `all()` ends each file's list with a line saying how many more there are.
    """

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._per_file: dict[str, int] = {}
        self._per_kind: dict[tuple[str, str], int] = {}
        self._hidden: dict[str, int] = {}

    def add(
        self,
        file: str,
        line: int | None,
        problem: str,
        expected: str | None = None,
        hint: str | None = None,
        *,
        place: str | None = None,
    ) -> None:
        kind = (file, _VALUES.sub("", problem))
        self._per_kind[kind] = self._per_kind.get(kind, 0) + 1
        if self._per_kind[kind] > MAX_PER_KIND or self._per_file.get(file, 0) >= MAX_PER_FILE:
            self._hidden[file] = self._hidden.get(file, 0) + 1
            return
        self._per_file[file] = self._per_file.get(file, 0) + 1
        self.items.append(Problem(file, line, problem, expected, hint, place=place))

    def room(self, file: str) -> bool:
        """Return whether another problem in `file` would still be listed (so worth a did-you-mean)."""
        # Counting the hidden ones too: after MAX_PER_FILE problems in a file, no more did-you-mean work.
        return self._per_file.get(file, 0) + self._hidden.get(file, 0) < MAX_PER_FILE

    @property
    def count(self) -> int:
        """Return how many problems were found, listed or not."""
        return len(self.items) + sum(self._hidden.values())

    def all(self) -> list[Problem]:
        """Return the listed problems and, per file with more, a line saying how many more."""
        more = [
            Problem(file, None, f"and {hidden:,} more {'problem' if hidden == 1 else 'problems'} in this file",
                    hint="fix the ones listed and run again", more=hidden)
            for file, hidden in sorted(self._hidden.items())
        ]
        return self.items + more

    def __bool__(self) -> bool:
        return self.count > 0

    def raise_if_any(self) -> None:
        """Raise an InputError holding every collected problem, if there is one."""
        if self:
            raise InputError(self.all())


def suggest(word: str, options: Iterable[str]) -> str | None:
    """Return 'did you mean …?' for the closest option, if one is close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def suggest_ids(word: str, options: Iterable[str], most: int = 3) -> str | None:
    """Return 'did you mean …?' for an id typed in part or misspelt: the ids that start with it, then
    those that hold it (both ignoring case), then the closest spelling (as `suggest`); at most `most`.

    `explain ROUND kookcafe` → "did you mean 'kookcafe-voor-nieuwkomers'?".
    """
    ids = list(dict.fromkeys(options))
    folded = word.casefold()
    starting = [i for i in ids if i != word and folded and i.casefold().startswith(folded)]
    holding = [i for i in ids if i != word and folded and folded in i.casefold()]
    close = difflib.get_close_matches(word, ids, n=1, cutoff=0.6)
    chosen = list(dict.fromkeys([*starting, *holding, *close]))[:most]
    if not chosen:
        return None
    quoted = [f"'{i}'" for i in chosen]
    return "did you mean " + (quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]) + "?"
