"""initiatief: run a municipal funding round from a folder of YAML files.

The library is pure: `load_round(folder)` reads and validates a round,
`evaluate(round)` returns its Outcome. The command line lives in `initiatief.cli.app`.
"""

from initiatief.api import evaluate, load_round
from initiatief.errors import InitiatiefError, InputError, OutputError, Problem
from initiatief.models import Outcome, Result, Round, Status

__version__ = "0.2.0"

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
