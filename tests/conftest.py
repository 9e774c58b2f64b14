"""Test settings, registered once: the hypothesis profiles.

`fast` (the default) keeps the suite well under a minute; `thorough` runs many more examples
of every property: `INITIATIEF_HYPOTHESIS=thorough python -m pytest`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

for _name, _examples in (("fast", 40), ("thorough", 1500)):
    settings.register_profile(
        _name, max_examples=_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
    )
settings.load_profile(os.environ.get("INITIATIEF_HYPOTHESIS", "fast"))
