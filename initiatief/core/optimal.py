"""The `optimal` method: the set of passing plans with the highest total score that every pot can pay.

Exact, not a heuristic, in whole cents and with the scores as whole numbers on one scale (the
lcm of their denominators): no floating point decides anything. A round of the common shape
(district share pots paying as much as the general pots, no fallback, the ceiling above the
pots: `_parts`) is solved by `optimal_parts`, knapsack tables per district; every other round,
and one too large for those tables, is an integer program solved by OR-Tools CP-SAT, an
integer solver, as below. OR-Tools (with numpy) is the extra `initiatief[optimal]`, imported
only when this method runs.

- Each plan is a 0/1 variable. What it needs from each pot is what `Ledger.split` takes:
  every share pot its part (rounded down to the cent), the general pots the rest.
- The pots, as linear constraints on the sums, where that is exactly what the ledger does
  (the general pots that may pay are the same for plans that share one, and a share pot's
  fallback is the last of its plans' general pots or none of them); otherwise the ledger's
  own sequence, plan after plan in ranking order, each general pot paying as far as it can
  in the order the round lists them (min and max constraints: exact, slower).
- The tie rule (docs/method.md): of the sets with the highest total score, the one best in
  ranking order: it funds the best-ranked plan if any best set can, then the next, and so
  on. The answer is unique, so it is the same on every machine and solver version. Found
  by fixing the total and asking the solver, again and again, for the earliest rank at
  which a best set can fund a plan that the current one leaves out (`_tie_rule`).
- Every answer the solver gives is paid through a copy of the ledger, in Decimal, before it
  is used; one that does not fit is an error, never an award.

No time limit decides the result: a round the solver cannot finish within
OPTIMAL_WORK_LIMIT is refused with a clear error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import lcm
from types import ModuleType
from typing import TYPE_CHECKING

from initiatief.core.allocation import ZERO, Allocation, Claim, Ledger, funded, share_cents, share_ratio
from initiatief.errors import InitiatiefError
from initiatief.models import CENT, Round, Status
from initiatief.reasons import Code, reason

if TYPE_CHECKING:
    from typing import TypeAlias

    from ortools.sat.python import cp_model

    from initiatief.core import optimal_parts

    _Expr: TypeAlias = "cp_model.LinearExpr"

OPTIMAL_WORK_LIMIT = 120.0
"""CP-SAT's deterministic time (its own count of work, not the clock) that all solves for one round may use.

A count of work rather than seconds, so the same round gets its answer on every machine or is
refused on every machine, never decided by how busy the machine was (for one OR-Tools version).
About six minutes of CPU on the 2-core machine of docs/method.md; the benchmark's rounds of
about 5,000 passing plans need a third of it.
"""


_UNAVAILABLE = "the optimal method needs OR-Tools, which is not installed: pip install 'initiatief[optimal]'"


class TooLargeForOptimal(InitiatiefError):
    """The optimal method could not prove its answer within its limits."""


class OptimalUnavailable(InitiatiefError):
    """The optimal method needs OR-Tools, which is not installed."""


class OptimalCheckFailed(InitiatiefError):
    """The solver's answer did not pass the exact check against the pots and the ceiling."""


def allocate_optimal(round_: Round, claims: Sequence[Claim], ledger: Ledger) -> dict[str, Allocation]:
    """Fund the best set of plans (see the module docstring); the ledger pays them in ranking order."""
    chosen = best_set(claims, ledger)
    best_score = sum((c.score or Fraction(0) for i, c in enumerate(claims) if i in chosen), Fraction(0))
    if round_.voting is not None and round_.voting.weight is not None:
        # The claims' scores are the combined scores, shares from 0 to 1: the total in the unit the plans'
        # `combined-score` reasons show them in, out of 100 each (docs/votes.md).
        best_score *= 100
    decided: dict[str, Allocation] = {}
    for index, claim in enumerate(claims):
        if index not in chosen:
            # What the pots say at this point of paying in ranking order, if they cannot pay it; else it
            # would have fitted, but the best set leaves it out.
            parts, why = ledger.split(claim.submission, claim.amount, claim.rank)
            if parts is not None or why is None:
                why = reason(Code.NOT_IN_OPTIMAL_SET, total=best_score)
            decided[claim.submission.id] = Allocation(Status.NOT_FUNDED, ZERO, (), (why,))
            continue
        parts, _ = ledger.split(claim.submission, claim.amount, claim.rank)
        assert parts is not None, "the optimal set was checked to fit"
        ledger.pay(parts)
        decided[claim.submission.id] = Allocation(Status.AWARDED, claim.amount, tuple(parts.items()), (funded(parts),))
    return decided


def best_set(claims: Sequence[Claim], ledger: Ledger) -> set[int]:
    """Return the indices (into `claims`, in ranking order) of the set the optimal method funds."""
    if not claims:
        return set()
    try:
        # The extra, whichever way the round is solved: OR-Tools, and numpy (which it brings) for `optimal_parts`.
        import ortools  # noqa: F401

        from initiatief.core import optimal_parts
    except ImportError:
        raise OptimalUnavailable(_UNAVAILABLE) from None
    problem = _problem(claims, ledger)
    shaped = _parts(problem)
    if shaped is not None:
        chosen = optimal_parts.best_set(shaped)
        if chosen is not None:
            _check(claims, ledger, chosen)
            return {i for i, c in enumerate(chosen) if c}
    solver = _Solver(problem, ledger, claims)
    return solver.solve()


def _parts(p: _Problem) -> optimal_parts.Parts | None:
    """Return the round as `optimal_parts` takes it, if it has that shape: each plan paid by the general pots
    alone, or by one share pot and the general pots with the same amount each; one group of general pots for
    all; no fallback; the ceiling above what the pots hold. Else None: CP-SAT decides."""
    from initiatief.core.optimal_parts import Parts

    if p.fallback or sum(p.capacity.values()) > p.ceiling:
        return None
    groups = {group for rest, group in zip(p.rests, p.generals, strict=True) if rest > 0 and group}
    if len(groups) > 1:
        return None
    general = sum(p.capacity[pot_id] for pot_id in next(iter(groups))) if groups else 0
    pots: list[str | None] = []
    needs: list[int] = []
    excluded: set[int] = set()
    for i, (parts, rest, group) in enumerate(zip(p.shares, p.rests, p.generals, strict=True)):
        if len(parts) > 1:
            return None
        if rest > 0 and not group:
            excluded.add(i)  # no general pot may pay its rest
            pots.append(None)
            needs.append(0)
        elif parts:
            pot_id, part = parts[0]
            if part != rest or pot_id not in p.capacity:
                return None
            pots.append(pot_id)
            needs.append(part)
        else:
            pots.append(None)
            needs.append(rest)
    left = {pot_id: p.capacity[pot_id] for pot_id in pots if pot_id is not None}
    return Parts(p.scores, pots, needs, left, general, frozenset(excluded))


@dataclass(frozen=True)
class _Problem:
    """The plans in whole numbers: scores on one scale, and what each needs from which pot in cents."""

    scores: list[int]
    paid: list[int]  # what paying the plan takes from the pots together (and so from the ceiling)
    shares: list[list[tuple[str, int]]]  # per plan: (share pot, its part), in the order of the round's pots
    rests: list[int]  # per plan: what the general pots pay (0 if the share pots pay it all)
    generals: list[tuple[str, ...]]  # per plan: the general pots that may pay, in the order of the round
    capacity: dict[str, int]  # what every open award pot holds
    fallback: dict[str, str]  # share pot → its fallback pot
    ceiling: int


def _cents(amount: Decimal) -> int:
    return int(amount / CENT)


def _problem(claims: Sequence[Claim], ledger: Ledger) -> _Problem:
    scores = [c.score if c.score is not None else Fraction(0) for c in claims]
    scale = lcm(1, *(s.denominator for s in scores))
    shares: list[list[tuple[str, int]]] = []
    rests: list[int] = []
    generals: list[tuple[str, ...]] = []
    paid: list[int] = []
    fallback: dict[str, str] = {}
    for claim in claims:
        pots = ledger.paying(claim.submission)
        amount = _cents(claim.amount)
        share_pots = [pot for pot in pots if pot.share is not None]
        # What the ledger takes from each share pot (allocation.share_cents: its share rounded down, the cents that
        # rounding leaves by the largest when the shares add up to 100%).
        cents = share_cents(amount, [share_ratio(pot) for pot in share_pots])
        parts = [(pot.id, part) for pot, part in zip(share_pots, cents, strict=True)]
        for pot in share_pots:
            if pot.fallback is not None:
                fallback[pot.id] = pot.fallback
        rest = amount - sum(part for _, part in parts)
        shares.append(parts)
        rests.append(max(rest, 0))
        paid.append(amount + max(-rest, 0))
        generals.append(tuple(p.id for p in pots if p.share is None))
    award_pots = [p for p in ledger.round.pots if not p.for_prizes and p.id not in ledger.closed]
    capacity = {p.id: _cents(ledger.left[p.id]) for p in award_pots}
    for pot_id in fallback.values():
        capacity.setdefault(pot_id, _cents(ledger.left[pot_id]))
    return _Problem([int(s * scale) for s in scores], paid, shares, rests, generals, capacity, fallback,
                    _cents(ledger.ceiling_left))


def _sums_are_exact(problem: _Problem) -> bool:
    """Return whether constraints on the sums are exactly what paying in ranking order does.

    They are when two plans' general pots are either the same pots or none in common (then the
    general pots of a group pay the group's rests as one), and each fallback pot is either none
    of the plans' general pots or the last of its group's, and the only fallback in it (then it
    pays the rests only once the others are empty, and the check before each award is on
    cumulative amounts that only grow: the last one decides).
    """
    group_of: dict[str, tuple[str, ...]] = {}
    for rest, group in zip(problem.rests, problem.generals, strict=True):
        if rest == 0 or not group:
            continue
        for pot_id in group:
            if group_of.setdefault(pot_id, group) != group:
                return False
    targets = set(problem.fallback.values())
    for target in targets:
        pots = group_of.get(target)
        if pots is not None and (pots[-1] != target or len(targets.intersection(pots)) > 1):
            return False
    return True


@dataclass
class _Solver:
    """A CP-SAT model of one round's plans and pots, and the solves that find the optimal set."""

    problem: _Problem
    ledger: Ledger
    claims: Sequence[Claim]
    work_left: float = field(init=False)
    cp: ModuleType = field(init=False)
    model: cp_model.CpModel = field(init=False)
    x: list[cp_model.IntVar] = field(init=False)

    def __post_init__(self) -> None:
        try:
            from ortools.sat.python import cp_model
        except ImportError:
            raise OptimalUnavailable(_UNAVAILABLE) from None
        self.cp = cp_model
        self.work_left = OPTIMAL_WORK_LIMIT
        self.model = cp_model.CpModel()
        self.x = [self.model.new_bool_var(f"x{i}") for i in range(len(self.problem.scores))]
        self.above: list[list[int]] = [[] for _ in self.x]  # per plan: plans it may be funded only with
        if _sums_are_exact(self.problem):
            self._sums()
            self._dominance()
        else:
            self._sequence()

    # The model

    def _at_most(self, terms: list[tuple[cp_model.IntVar, int]], capacity: int,
                 extra: Sequence[cp_model.IntVar] = ()) -> None:
        """Add sum(coefficient × variable) + sum(extra) <= capacity, unless it always holds."""
        terms = [(v, c) for v, c in terms if c > 0]
        if not extra and sum(c for _, c in terms) <= capacity:
            return
        self.model.add(sum(c * v for v, c in terms) + sum(extra) <= capacity)

    def _common(self) -> dict[str, list[tuple[cp_model.IntVar, int]]]:
        """Add the ceiling and the share pots without fallback; return the terms of the others."""
        p = self.problem
        if sum(p.capacity.values()) > p.ceiling:  # else the pots keep every award under the ceiling
            self._at_most(list(zip(self.x, p.paid, strict=True)), p.ceiling)
        by_pot: dict[str, list[tuple[cp_model.IntVar, int]]] = {}
        for var, parts, rest, group in zip(self.x, p.shares, p.rests, p.generals, strict=True):
            if rest > 0 and not group:
                self.model.add(var == 0)  # no general pot may pay the rest
            for pot_id, part in parts:
                by_pot.setdefault(pot_id, []).append((var, part))
        for pot_id, terms in by_pot.items():
            if pot_id not in p.fallback:
                self._at_most(terms, p.capacity[pot_id])
        return {pot_id: terms for pot_id, terms in by_pot.items() if pot_id in p.fallback}

    def _sums(self) -> None:
        """The pots as constraints on sums (exact when `_sums_are_exact`)."""
        p = self.problem
        carried: dict[str, list[cp_model.IntVar]] = {}
        for pot_id, terms in self._common().items():
            total = sum(c for _, c in terms)
            if total <= p.capacity[pot_id]:
                continue
            # what the fallback pays for this share pot: max(0, its parts - what it holds)
            over = self.model.new_int_var(0, total - p.capacity[pot_id], f"over-{pot_id}")
            self.model.add(over >= sum(c * v for v, c in terms) - p.capacity[pot_id])
            carried.setdefault(p.fallback[pot_id], []).append(over)
        groups: dict[tuple[str, ...], list[tuple[cp_model.IntVar, int]]] = {}
        for var, rest, group in zip(self.x, p.rests, p.generals, strict=True):
            if rest > 0 and group:
                groups.setdefault(group, []).append((var, rest))
        for group, terms in groups.items():
            # the group pays its rests and what its fallback pot (the last of it) pays for share pots
            extra = [v for pot_id in group for v in carried.get(pot_id, [])]
            self._at_most(terms, sum(p.capacity[pot_id] for pot_id in group), extra)
        for pot_id, extra in carried.items():
            self._at_most([], p.capacity[pot_id], extra)  # and a fallback pot no more than it holds

    def _dominance(self) -> None:
        """Add "plan i only with plan j" where j is ranked above i and needs no more from any pot.

        Valid for the sums (only there: a set then fits whatever order it is paid in, and one that
        fits still fits with a plan swapped for one that needs less): a best set with i but not j
        becomes, with j instead of i, a set that fits, scores as much or more and is better in
        ranking order, so the answer funds j whenever it funds i. It only cuts what cannot be the
        answer, and it shrinks the search a lot. Only the nearest such j are added, the rest follow.
        """
        p = self.problem
        classes: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
        for i, (parts, rest, group) in enumerate(zip(p.shares, p.rests, p.generals, strict=True)):
            classes.setdefault((tuple(pot_id for pot_id, _ in parts), group if rest else ()), []).append(i)

        def needs(i: int) -> tuple[int, ...]:
            return (p.paid[i], p.rests[i], *(part for _, part in p.shares[i]))

        for members in classes.values():
            earlier: list[int] = []
            for i in members:
                need, nearest = needs(i), -1
                for j in reversed(earlier):
                    # the plans above i that need at most what i needs and are not below a nearer one
                    if nearest < p.paid[j] <= p.paid[i]:
                        nearest = p.paid[j]
                        if p.scores[j] >= p.scores[i] and all(a <= b for a, b in zip(needs(j), need, strict=True)):
                            self.model.add_implication(self.x[i], self.x[j])
                            self.above[i].append(j)
                earlier.append(i)

    def _sequence(self) -> None:
        """The pots as the ledger pays them, plan after plan in ranking order (exact, always)."""
        p, m = self.problem, self.model
        carrying = self._common()
        total = {pot_id: sum(c for _, c in terms) for pot_id, terms in carrying.items()}
        zero = m.new_constant(0)
        used: dict[str, _Expr] = dict.fromkeys(p.capacity, zero)
        cumulative: dict[str, _Expr] = dict.fromkeys(carrying, zero)
        carried: dict[str, _Expr] = dict.fromkeys(carrying, zero)

        def spend(pot_id: str, amount: _Expr, i: int) -> None:
            after = m.new_int_var(0, p.capacity[pot_id], f"used-{pot_id}-{i}")
            m.add(after == used[pot_id] + amount)
            used[pot_id] = after

        for i, (var, parts, rest, group) in enumerate(zip(self.x, p.shares, p.rests, p.generals, strict=True)):
            for pot_id, part in parts:
                if pot_id not in carrying or part == 0:
                    continue
                # a share pot with a fallback pays what it holds; its fallback pays the rest of the part
                now = m.new_int_var(0, total[pot_id], f"cum-{pot_id}-{i}")
                m.add(now == cumulative[pot_id] + part * var)
                excess = m.new_int_var(-p.capacity[pot_id], total[pot_id], f"excess-{pot_id}-{i}")
                m.add(excess + p.capacity[pot_id] == now)
                over = m.new_int_var(0, total[pot_id], f"over-{pot_id}-{i}")
                m.add_max_equality(over, [zero, excess])
                spend(p.fallback[pot_id], over - carried[pot_id], i)
                cumulative[pot_id], carried[pot_id] = now, over
            if rest == 0 or not group:
                continue
            need: _Expr = rest * var
            for pot_id in group[:-1]:
                # each general pot pays as far as it can, in the round's order. (Only variables in the
                # min: OR-Tools 9.12 builds `constant - variable` wrongly there.)
                wanted = m.new_int_var(0, rest, f"need-{pot_id}-{i}")
                m.add(wanted == need)
                room = m.new_int_var(0, p.capacity[pot_id], f"room-{pot_id}-{i}")
                m.add(room + used[pot_id] == p.capacity[pot_id])
                pay = m.new_int_var(0, rest, f"pay-{pot_id}-{i}")
                m.add_min_equality(pay, [wanted, room])
                spend(pot_id, pay, i)
                need = wanted - pay
            spend(group[-1], need, i)

    # The solves

    def _run(self, what: str) -> cp_model.CpSolver | None:
        """Solve the model as it is now; return the solver, or None if it has no solution."""
        cp = self.cp
        if self.work_left <= 0:
            raise TooLargeForOptimal(self._too_large(what))
        solver: cp_model.CpSolver = cp.CpSolver()
        # One worker and a fixed seed: the same search on every run (the tie rule makes the answer
        # unique anyway), and a limit counted in work, not seconds.
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_deterministic_time = max(self.work_left, 0.0)
        status = solver.solve(self.model)
        self.work_left -= solver.response_proto.deterministic_time  # 9.12 has no CpSolver.deterministic_time
        if status == cp.OPTIMAL:
            return solver
        if status == cp.INFEASIBLE:
            return None
        raise TooLargeForOptimal(self._too_large(what))

    def _too_large(self, what: str) -> str:
        return (
            f"the optimal method could not prove {what} within its work limit ({OPTIMAL_WORK_LIMIT:g} units of "
            f"CP-SAT's deterministic time; {len(self.x)} passing plans); use another method for this round"
        )

    def _total(self, chosen: Sequence[int]) -> int:
        return sum(s for s, c in zip(self.problem.scores, chosen, strict=True) if c)

    def _values(self, solver: cp_model.CpSolver) -> list[int]:
        chosen = [int(solver.boolean_value(v)) for v in self.x]
        _check(self.claims, self.ledger, chosen)
        return chosen

    def solve(self) -> set[int]:
        """Return the optimal set: the best total, then the tie rule."""
        p = self.problem
        score = self.score = sum(s * v for v, s in zip(self.x, p.scores, strict=True) if s)
        self.model.maximize(score)
        solver = self._run("the highest total score")
        assert solver is not None, "funding nothing is always a solution"
        chosen = self._values(solver)
        best = self._total(chosen)
        # The objective's own value in integers (solver.objective_value is a float, and a float need not hold
        # a large total exactly).
        found = score if isinstance(score, int) else int(solver.value(score))
        if found != best:
            raise OptimalCheckFailed(
                f"the solver's best total score for the optimal method ({found}) is not that of "
                f"its set ({best}); it was not used. This is a bug: please report it with the round"
            )
        self.model.add(score >= best)
        return self._tie_rule(chosen)

    def _tie_rule(self, chosen: list[int]) -> set[int]:
        """Return the set of the best total that is best in ranking order, starting from `chosen`.

        Each step asks for the earliest rank p at which a set of the best total funds a plan that
        `chosen` leaves out while agreeing with `chosen` on every plan above p. That is where the
        answer first differs from `chosen`, so everything up to p is settled; the solver's set
        becomes `chosen`, and the search goes on below p. When no such rank exists, `chosen` is
        the answer. Only plans whose dominating plans (`_dominance`) `chosen` all funds can be
        that p: funding another means funding an unfunded plan above it first.
        """
        m, x = self.model, self.x
        start, n = 0, len(x)
        while True:
            candidates = [j for j in range(start, n) if not chosen[j] and all(chosen[k] for k in self.above[j])]
            if not candidates:
                break
            trial = m.clone()
            tx = [trial.get_bool_var_from_proto_index(v.index) for v in x]
            # reach[k]: the first difference is at candidates[k] or below it (reach[0] always holds)
            reach = [trial.new_bool_var(f"reach{k}") for k in range(len(candidates))]
            trial.add(reach[0] == 1)
            for k in range(1, len(reach)):
                trial.add_implication(reach[k], reach[k - 1])
            k = 0
            for j in range(start, n):
                if k < len(candidates) and j == candidates[k]:
                    if k + 1 < len(reach):
                        # above the first difference: as `chosen` (unfunded); at it: funded
                        trial.add_implication(reach[k + 1], tx[j].negated())
                        trial.add(tx[j] >= reach[k] - reach[k + 1])
                    else:
                        trial.add(tx[j] >= reach[k])
                    k += 1
                elif k < len(reach):
                    trial.add_implication(reach[k], tx[j] if chosen[j] else tx[j].negated())
            # Every solution scores the best total, so the score in the objective changes no answer; it lets
            # the solver cut on it (reduced costs), which a constraint alone does not.
            trial.maximize((len(reach) + 1) * self.score - sum(reach))
            saved, self.model = self.model, trial
            try:
                solver = self._run("the tie rule")
            finally:
                self.model = saved
            if solver is None:
                break
            first = candidates[sum(solver.boolean_value(r) for r in reach) - 1]
            found = [int(solver.boolean_value(v)) for v in tx]
            _check(self.claims, self.ledger, found)
            agrees = found[start:first] == chosen[start:first] and self._total(found) == self._total(chosen)
            if found[first] != 1 or not agrees:
                raise OptimalCheckFailed(
                    "the solver's answer for the optimal method's tie rule breaks its own conditions; it was not "
                    "used. This is a bug: please report it with the round"
                )
            for j in range(start, first + 1):
                m.add(x[j] == found[j])
            chosen, start = found, first + 1
        return {i for i, c in enumerate(chosen) if c}


def _check(claims: Sequence[Claim], ledger: Ledger, chosen: Sequence[int]) -> None:
    """Pay the set through a copy of the ledger in ranking order, in Decimal; raise if it does not fit."""
    trial = ledger.copy()
    for claim, take in zip(claims, chosen, strict=True):
        if not take:
            continue
        parts, _ = trial.split(claim.submission, claim.amount, claim.rank)
        if parts is None or sum(parts.values(), ZERO) < claim.amount:
            raise OptimalCheckFailed(
                f"the solver's set for the optimal method does not fit the pots (plan {claim.submission.id} at rank "
                f"{claim.rank}); it was not used. This is a bug: please report it with the round"
            )
        trial.pay(parts)
    if trial.ceiling_left < 0 or any(left < 0 for left in trial.left.values()):
        raise OptimalCheckFailed(
            "the solver's set for the optimal method exceeds a pot or the ceiling; it was not used"
        )
