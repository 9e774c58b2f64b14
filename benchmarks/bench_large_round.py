"""Benchmark: load and evaluate a generated round of thousands of submissions.

Run on demand (not part of the test suite):

    python benchmarks/bench_large_round.py --submissions 5000 --assessors 5

It writes the round to a temporary folder (submissions.yaml plus one CSV per
assessor), then reports the time and peak memory of loading, evaluating and
rendering JSON, and of each distribution method.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from initiatief import evaluate, load_round
from initiatief.errors import InitiatiefError
from initiatief.output.jsonout import render_json

T = TypeVar("T")
DISTRICTS = ("centrum", "noord", "oost", "zuid", "west")
CRITERIA = ("impact", "draagvlak", "haalbaar")


def write_round(folder: Path, submissions: int, assessors: int, seed: int) -> None:
    """Write a generated round of `submissions` plans scored by `assessors` assessors."""
    rnd = random.Random(seed)
    ceiling = submissions * 2500
    (folder / "round.yaml").write_text(
        f"""name: Benchmark
year: 2026
ceiling: {ceiling}
pots:
  - {{id: beleid, amount: {ceiling - submissions * 500}}}
  - {{id: gebiedsteam-noord, amount: {submissions * 500}, when: {{district: noord}}, share: 50%}}
grants: {{min: 500, max: 15000, max_share: 50%}}
eligibility:
  - {{id: in-de-gemeente, when: {{district: [{", ".join(DISTRICTS)}]}}, reason: Buiten de gemeente}}
criteria:
""" + "".join(f"  - {{id: {c}, weight: {i + 1}, scale: [1, 5]}}\n" for i, c in enumerate(CRITERIA)) + """\
assessment: {combine: mean, pass: 50%}
allocation: {method: ranking, ties: [impact, requested, lottery], seed: 1}
""",
        encoding="utf-8",
    )
    lines = []
    ids = [f"plan-{i:06d}" for i in range(submissions)]
    for sub_id in ids:
        requested = rnd.randrange(10, 150) * 100
        lines.append(
            f"- id: {sub_id}\n  title: Plan {sub_id}\n  applicant: {{name: Stichting {sub_id}}}\n"
            f"  district: {rnd.choice(DISTRICTS)}\n  cost: {requested * 2}\n  requested: {requested}\n"
        )
    (folder / "submissions.yaml").write_text("".join(lines), encoding="utf-8")
    (folder / "scores").mkdir()
    for a in range(assessors):
        rows = ["submission," + ",".join(CRITERIA)]
        rows += [sub_id + "," + ",".join(str(rnd.randint(1, 5)) for _ in CRITERIA) for sub_id in ids]
        (folder / "scores" / f"jury-{a}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def measure(label: str, work: Callable[[], T]) -> T:
    """Run `work`, print its wall time and peak traced memory, and return its result."""
    tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<28} {seconds:8.3f} s   peak {peak / 2**20:8.1f} MiB")
    return result


def main() -> None:
    """Generate the round and measure each step."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--assessors", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_round(folder, args.submissions, args.assessors, args.seed)
        print(f"{args.submissions} submissions, {args.assessors} assessors")
        round_ = measure("load_round", lambda: load_round(folder))
        outcome = measure("evaluate (ranking)", lambda: evaluate(round_))
        measure("render json", lambda: render_json(outcome))
        for method in ("arrival", "lottery", "pro-rata", "equal"):
            if method == "arrival":
                continue  # generated plans have no received date
            measure(f"evaluate ({method})", lambda m=method: evaluate(round_, m))  # type: ignore[misc]
        try:
            measure("evaluate (optimal)", lambda: evaluate(round_, "optimal"))
        except InitiatiefError as exc:  # beyond the solver's work limit, or OR-Tools not installed
            print(f"evaluate (optimal)           {exc}")


if __name__ == "__main__":
    main()
