"""The dependency bounds pyproject.toml states are the ones CI tests: .ci/lowest.txt pins each lower bound."""

from __future__ import annotations

import re
import tomllib
from typing import Any

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
    assert pinned_lowest() == runtime | needed | extras_bounds(project)


def pinned_lowest() -> dict[str, str]:
    return dict(
        line.split("==") for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )


def extras_bounds(project: dict[str, Any]) -> dict[str, str]:
    """Return the lower bound of every dependency of every extra users install (all but `test`)."""
    bounds: dict[str, str] = {}
    for extra, requirements in project["optional-dependencies"].items():
        if extra == "test":
            continue
        found = lower_bounds(requirements)
        assert set(found) == {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower() for r in requirements}, extra
        bounds |= found
    return bounds


def test_every_extra_is_installed_in_the_lowest_run_and_the_tests_need_the_same_bounds() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [name for name in project["optional-dependencies"] if name != "test"]
    assert extras, "pyproject.toml has no extras: drop this test"
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lowest_install = next(line for line in run.splitlines() if "-c .ci/lowest.txt" in line)
    assert f"-e '.[{','.join(extras)}]'" in lowest_install
    # the test extra installs the extras' packages for the main run; with the same lower bound
    tests = lower_bounds(project["optional-dependencies"]["test"])
    for name, bound in extras_bounds(project).items():
        assert tests.get(name) == bound, name
