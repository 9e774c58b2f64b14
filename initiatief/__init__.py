"""initiatief: run a municipal funding round from a folder of YAML files.

The library is pure: `load_round(folder)` reads and validates a round,
`evaluate(round)` returns its Outcome. The command line lives in `initiatief.cli.app`.

The names below are imported when first used, so that `initiatief --help` (which imports
this package) does not load the whole library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from initiatief.api import evaluate, load_round
    from initiatief.errors import InitiatiefError, InputError, OutputError, Problem
    from initiatief.models import Outcome, Result, Round, Status

__version__ = "0.3.2"

__all__ = [
    "InitiatiefError",
    "InputError",
    "Outcome",
    "OutputError",
    "Problem",
    "Result",
    "Round",
    "Status",
    "__version__",
    "evaluate",
    "load_round",
]

_HOMES = {
    "evaluate": "initiatief.api", "load_round": "initiatief.api",
    "InitiatiefError": "initiatief.errors", "InputError": "initiatief.errors", "OutputError": "initiatief.errors",
    "Problem": "initiatief.errors",
    "Outcome": "initiatief.models", "Result": "initiatief.models", "Round": "initiatief.models",
    "Status": "initiatief.models",
}
"""Where each public name lives."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'initiatief' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
