"""Time the vote engine on real pabulib files, beside pabutools 1.2.3 in the same run.

    python benchmarks/bench_votes.py                                        # ours only
    PYTHONPATH=/path/to/pabutools python benchmarks/bench_votes.py --pabutools

Two measurements, as issue 13 sets them: import + MES (cost) + add1 on Wieliczka 2023 Green
Budget, and one MES run on Amsterdam 252 (the file read beforehand, its reading timed apart).
Each is timed as wall-clock time and as CPU time of this process (time.process_time), which
other work on a shared machine disturbs less; the ratio is pabutools' time over ours, both
measured in this run. Our side is timed before and after pabutools' (which takes minutes, and
is timed once), the fastest kept, so that both see the machine's load alike; `--repeat N` times
our side N times each. Figures: docs/performance.md ("Votes").
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from initiatief.core.equal_shares import equal_shares, equal_shares_add1
from initiatief.loading.pabulib import load_pabulib

DATA = Path(__file__).resolve().parents[2] / "shared" / "pabulib"
if not DATA.is_dir():
    DATA = Path("/work/shared/pabulib")
WIELICZKA = DATA / "Poland_Wieliczka_2023_Green_Budget.pb"
AMSTERDAM = DATA / "Netherlands_Amsterdam_252.pb"


def timed(work: Callable[[], Any], repeat: int = 1) -> tuple[float, float, Any]:
    """Return the fastest wall and CPU seconds of `repeat` runs of work(), and its result."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = work()
        wall, cpu = min(wall, time.perf_counter() - w0), min(cpu, time.process_time() - c0)
    return wall, cpu, result


def ours_wieliczka() -> frozenset[str]:
    e = load_pabulib(WIELICZKA)
    o = equal_shares_add1(e)
    assert set(o.selected) == e.official() and o.runs == 166
    return frozenset(o.selected)


def theirs_wieliczka() -> frozenset[str]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import method_of_equal_shares

    inst, prof = parse_pabulib(str(WIELICZKA))
    budget, n = inst.budget_limit, prof.num_ballots()
    best = method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
    base = (Fraction(budget) // n) * n
    k, runs = 1, 1
    while True:  # add1 as the pabulib checker does it: no stop at exhaustiveness
        inst.budget_limit = base + k * n
        trial = method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
        runs += 1
        if sum(p.cost for p in trial) > budget:
            break
        best, k = trial, k + 1
    assert runs == 166
    return frozenset(p.name for p in best)


def row(what: str, ours: tuple[float, float], theirs: tuple[float, float] | None) -> str:
    line = f"| {what} | {ours[0]:.3f} s | {ours[1]:.3f} s |"
    if theirs is None:
        return line
    return line + f" {theirs[0]:.2f} s | {theirs[1]:.2f} s | {theirs[0] / ours[0]:.0f}× | {theirs[1] / ours[1]:.0f}× |"


def fastest(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return min(a[0], b[0]), min(a[1], b[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pabutools", action="store_true", help="time pabutools 1.2.3 too (minutes)")
    parser.add_argument("--repeat", type=int, default=1, help="time our side this many times, keep the fastest")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    r0, r1, amsterdam = timed(lambda: load_pabulib(AMSTERDAM), args.repeat)
    ours_read = (r0, r1)

    def ours() -> tuple[tuple[float, float], tuple[float, float], frozenset[str], tuple[str, ...]]:
        wall, cpu, chosen = timed(ours_wieliczka, args.repeat)
        m0, m1, mes = timed(lambda: equal_shares(amsterdam), args.repeat)
        return (wall, cpu), (m0, m1), chosen, mes.selected

    # Ours before and after pabutools, the fastest kept: both sides then see the machine's load alike.
    ours_w, ours_mes, chosen, selected = ours()
    theirs_w = theirs_read = theirs_mes = None
    if args.pabutools:
        from pabutools.election import Cost_Sat, parse_pabulib
        from pabutools.rules import method_of_equal_shares

        wall, cpu, their_chosen = timed(theirs_wieliczka)
        theirs_w = (wall, cpu)
        assert their_chosen == chosen, "pabutools chose other projects on Wieliczka"
        r0, r1, (inst, prof) = timed(lambda: parse_pabulib(str(AMSTERDAM)))
        m0, m1, theirs = timed(lambda: method_of_equal_shares(inst, prof, sat_class=Cost_Sat))
        assert {p.name for p in theirs} == set(selected), "pabutools chose other projects on Amsterdam 252"
        theirs_read, theirs_mes = (r0, r1), (m0, m1)
        again_w, again_mes, _, _ = ours()
        ours_w, ours_mes = fastest(ours_w, again_w), fastest(ours_mes, again_mes)
    head = "| measurement | initiatief (wall) | initiatief (CPU) |"
    if args.pabutools:
        head += " pabutools 1.2.3 (wall) | pabutools (CPU) | ratio (wall) | ratio (CPU) |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    print(row("Wieliczka 2023: read + MES + add1 (166 runs, the 30 official projects)", ours_w, theirs_w))
    print(row("Amsterdam 252: one MES run", ours_mes, theirs_mes))
    print(row("Amsterdam 252: reading the file (apart)", ours_read, theirs_read))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
