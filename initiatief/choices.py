"""Closed sets of choices the command line offers, in a module that imports nothing of the library.

The command line needs each choice's class when it builds its options (for `--help` too), so a
choice that lives here lets `initiatief --help` start without loading the models. `models`
re-exports Language and Method: import them from there, as from any other model.
"""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """The languages of the texts: every output for people is in the round's language."""

    NL = "nl"
    EN = "en"


class Method(StrEnum):
    """The distribution methods (docs/method.md)."""

    RANKING = "ranking"
    ARRIVAL = "arrival"
    LOTTERY = "lottery"
    PRO_RATA = "pro-rata"
    EQUAL = "equal"
    OPTIMAL = "optimal"
    VOTES = "votes"
    EQUAL_SHARES = "equal-shares"

    @property
    def by_votes(self) -> bool:
        """Return whether residents' votes decide (docs/votes.md), not the jury's ranking."""
        return self in (Method.VOTES, Method.EQUAL_SHARES)


class SchemaKind(StrEnum):
    """The files `initiatief schema` has a schema for (output/schema.py makes them)."""

    ROUND = "round"
    SUBMISSION = "submission"
    SUBMISSIONS = "submissions"
    SCORES = "scores"
    DECISIONS = "decisions"
