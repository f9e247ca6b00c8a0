"""How the FRM messages write computed numbers: rounded like the stated figure they contradict."""

from __future__ import annotations

from reportlint.numbers import Interval


def show(interval: Interval, decimals: int, percent: bool = False) -> str:
    """Midpoint of a computed interval, rounded like the stated figure (3.9826 → '3.98')."""
    if percent:
        interval = interval.percent()
    return interval.show(decimals) + ("%" if percent else "")


def abs_diff(a: Interval, b: Interval) -> Interval:
    """|a − b| between midpoints, for "相差 …" in a message."""
    return Interval.exact(abs(a.mid - b.mid))
