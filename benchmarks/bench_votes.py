"""Time the vote engine on real pabulib files, beside pabutools 1.2.3 when it is installed.

    python benchmarks/bench_votes.py            # ours only
    PYTHONPATH=/path/to/pabutools python benchmarks/bench_votes.py --pabutools

Figures: docs/performance.md ("Votes").
"""

from __future__ import annotations

import sys
import time
from fractions import Fraction
from pathlib import Path

from initiatief.core.equal_shares import equal_shares, equal_shares_add1
from initiatief.loading.pabulib import load_pabulib

DATA = Path(__file__).resolve().parents[2] / "shared" / "pabulib"
WIELICZKA = DATA / "Poland_Wieliczka_2023_Green_Budget.pb"
AMSTERDAM = DATA / "Netherlands_Amsterdam_252.pb"


def ours() -> None:
    t0 = time.perf_counter()
    e = load_pabulib(WIELICZKA)
    t1 = time.perf_counter()
    o = equal_shares_add1(e)
    t2 = time.perf_counter()
    print(f"ours  Wieliczka: read {t1 - t0:.2f} s, MES+add1 {t2 - t1:.2f} s ({o.runs} runs), "
          f"official reproduced: {set(o.selected) == e.official()}")
    t0 = time.perf_counter()
    a = load_pabulib(AMSTERDAM)
    t1 = time.perf_counter()
    equal_shares(a)
    t2 = time.perf_counter()
    print(f"ours  Amsterdam 252: read {t1 - t0:.2f} s, MES {t2 - t1:.2f} s")


def pabutools() -> None:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import method_of_equal_shares

    t0 = time.perf_counter()
    inst, prof = parse_pabulib(str(AMSTERDAM))
    t1 = time.perf_counter()
    method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
    t2 = time.perf_counter()
    print(f"pabutools Amsterdam 252: read {t1 - t0:.2f} s, MES {t2 - t1:.2f} s")
    t0 = time.perf_counter()
    inst, prof = parse_pabulib(str(WIELICZKA))
    t1 = time.perf_counter()
    budget, n = inst.budget_limit, prof.num_ballots()
    best = method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
    k, runs = 1, 1
    base = (Fraction(budget) // n) * n
    while True:  # add1 as the pabulib checker does it
        inst.budget_limit = base + k * n
        trial = method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
        runs += 1
        if sum(p.cost for p in trial) > budget:
            break
        best, k = trial, k + 1
    t2 = time.perf_counter()
    print(f"pabutools Wieliczka: read {t1 - t0:.2f} s, MES+add1 {t2 - t1:.2f} s ({runs} runs), {len(best)} projects")


if __name__ == "__main__":
    ours()
    if "--pabutools" in sys.argv:
        pabutools()
