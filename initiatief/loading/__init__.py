"""Loading: a round folder → a Round. The only code that reads input files.

`read_round(folder)` returns the round with every problem found in its files;
`initiatief.load_round` adds the checks that need the round's rules (core.readiness)
and raises them all at once.
"""

from initiatief.loading.folder import Loaded, read_round

__all__ = ["Loaded", "read_round"]
