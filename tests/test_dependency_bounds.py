"""The dependency bounds pyproject.toml states are the ones CI tests: .ci/lowest.txt pins each lower bound."""

from __future__ import annotations

import re
import tomllib

from helpers import ROOT

_BOUND = re.compile(r"^([A-Za-z0-9_.-]+)>=([0-9][0-9.]*)")


def lower_bounds(requirements: list[str]) -> dict[str, str]:
    found = {}
    for requirement in requirements:
        match = _BOUND.match(requirement)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_every_runtime_bound_and_every_bound_the_tests_need_is_pinned_in_the_lowest_run() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = lower_bounds(project["dependencies"])
    # every runtime dependency has a lower bound
    assert set(runtime) == {d.split(">")[0].lower() for d in project["dependencies"]}
    tests = lower_bounds(project["optional-dependencies"]["test"])
    needed = {name: tests[name] for name in ("pytest", "hypothesis", "import-linter", "jsonschema")}
    pinned = dict(
        line.split("==") for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert pinned == runtime | needed
