"""Two rounds side by side (e.g. two years of the same round): funnel, money, districts, criteria. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from initiatief.reports.annual import Report


@dataclass(frozen=True)
class Line:
    """One compared figure: its group, its name, and the value in each round (None where absent)."""

    group: str
    name: str
    first: Decimal | Fraction | int | None
    second: Decimal | Fraction | int | None

    @property
    def change(self) -> Decimal | Fraction | int | None:
        """Return second minus first, where both have the figure."""
        first, second = self.first, self.second
        if first is None or second is None:
            return None
        if isinstance(first, Decimal) and isinstance(second, Decimal):
            return second - first
        if isinstance(first, Decimal) or isinstance(second, Decimal):
            return Fraction(second) - Fraction(first)
        return second - first


def compare_rounds(first: Report, second: Report) -> list[Line]:
    """Return the figures of two rounds side by side, in a fixed order."""
    lines: list[Line] = []

    def pair(group: str, a: dict[str, Decimal | Fraction | int], b: dict[str, Decimal | Fraction | int]) -> None:
        for name in [*a, *(k for k in b if k not in a)]:
            lines.append(Line(group, name, a.get(name), b.get(name)))

    pair("funnel", {s.key: s.count for s in first.funnel}, {s.key: s.count for s in second.funnel})
    pair(
        "money",
        {"ceiling": first.ceiling, "awarded": first.total_awarded, "prizes": first.total_prizes},
        {"ceiling": second.ceiling, "awarded": second.total_awarded, "prizes": second.total_prizes},
    )
    pair("pot used", {p.id: p.used for p in first.pots}, {p.id: p.used for p in second.pots})
    pair("district awarded", {d.district or "-": d.awarded for d in first.districts},
         {d.district or "-": d.awarded for d in second.districts})

    def averages(report: Report) -> dict[str, Decimal | Fraction | int]:
        return {a.id: a.average for a in report.averages if a.average is not None}

    pair("criterion average", averages(first), averages(second))
    return lines
