"""How the SCO messages write figures and sums, and where their findings point (the digits)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlint.facts.scores import Written, digits_end, written
from reportlint.numbers import Interval, decimals_of, format_decimal
from reportlint.pluginapi.findings import Finding


def finding_at(context: Any, rule: Any, figure: Written, message: str, **evidence: Any) -> Finding:
    """A finding covering the figure's digits (not its unit)."""
    return context.finding(rule, message, block=figure.block, start=figure.start, end=digits_end(figure),
                           evidence=evidence)


def show(value: Decimal, decimals: int = 2) -> str:
    """A computed value for a message: at most `decimals` places, trailing zeros dropped."""
    return format_decimal(value, decimals, strip_zeros=True)


def num(value: Decimal) -> str:
    """A whole number without its exponent (100), else as it is (95.5)."""
    shown: str = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return shown


def terms(items: list[tuple[str, Written]]) -> str:
    """10（精准招商）+10（发挥桥梁作用）+…"""
    return "+".join(f"{written(figure).strip()}（{label}）" for label, figure in items)


def sum_text(interval: Interval, figures: list[Written]) -> str:
    """A sum as a message writes it: to the most decimals its terms were written with."""
    decimals = max((decimals_of(f.value) for f in figures), default=0)
    return show(interval.mid, decimals)


def related(items: list[tuple[str, Written]]) -> list[dict[str, Any]]:
    """Evidence: where each term of a sum stands."""
    return [{"line": figure.block.span.line, "text": written(figure), "label": label} for label, figure in items]
