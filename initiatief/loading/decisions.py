"""decisions.yaml: the committee's recorded decisions (exclude, withdrawn, cap), each with a reason and a date."""

from __future__ import annotations

from pathlib import Path

from initiatief.errors import Problems
from initiatief.loading import declarations as D
from initiatief.loading.fields import Fields
from initiatief.loading.layout import DECISIONS_FILE, locate
from initiatief.loading.yamlfile import read_yaml
from initiatief.models import Decision, DecisionKind, Location


def read_decisions(root: Path, shown: str, problems: Problems) -> list[Decision]:
    """Read the committee's recorded decisions: each names a submission, a kind, a reason and a date."""
    path = locate(root, DECISIONS_FILE, shown, problems)
    if path is None:
        return []
    display = f"{shown}/{DECISIONS_FILE}"
    f = Fields(problems, display)
    data = read_yaml(path, display, problems)
    if data is None:
        return []
    items = f.sequence(data, 1, DECISIONS_FILE)
    found: list[Decision] = []
    for value, line in zip(items or [], (items.item_lines if items else []), strict=True):
        m = f.mapping(value, line, "a decision")
        if m is None:
            continue
        ok = f.keys(m, "decision", D.DECISION.required, D.DECISION.optional)
        sub_id = f.text(m, "submission", "decision", required=True)
        kind = f.one_of(m, "decision", "decision", DecisionKind, DecisionKind.EXCLUDE) if "decision" in m else None
        reason = f.text(m, "reason", "decision", required=True)
        date = f.date(m["date"], m.line_of("date"), "decision date") if "date" in m else None
        amount = f.money_of(m, "amount", "decision amount") if "amount" in m else None
        if kind is DecisionKind.CAP and "amount" not in m:
            f.add(m.line, "a 'cap' decision has no amount", "amount: the most the plan may receive")
            ok = False
        if kind is not None and kind is not DecisionKind.CAP and "amount" in m:
            f.add(m.line_of("amount"), f"the decision '{kind}' has an amount", "an amount only with decision: cap")
            ok = False
        if not ok or sub_id is None or kind is None or reason is None or date is None:
            continue
        if kind is DecisionKind.CAP and amount is None:
            continue
        found.append(Decision(sub_id, kind, reason, date, Location(display, m.line), amount))
    return found
