"""Closed sets of choices the command line offers, in a module that imports nothing of the library.

The command line needs each choice's class when it builds its options (for `--help` too), so a
choice that lives here lets `initiatief --help` start without loading what uses it.
"""

from __future__ import annotations

from enum import StrEnum


class SchemaKind(StrEnum):
    """The files `initiatief schema` has a schema for (output/schema.py makes them)."""

    ROUND = "round"
    SUBMISSION = "submission"
    SUBMISSIONS = "submissions"
    SCORES = "scores"
    DECISIONS = "decisions"
