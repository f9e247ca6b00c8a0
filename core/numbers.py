"""Stated figures as intervals of Decimals.

A figure written with d decimals stands for every value that rounds to it:
[v − ½·10⁻ᵈ, v + ½·10⁻ᵈ] (XBRL Calculations 1.1, round-to-nearest). Arithmetic on
intervals gives the range of values a computation can take given the stated inputs; a
stated result is inconsistent with its computation only when the two intervals do not
meet. Honest rounding stays silent; real mistakes do not. Never floats, never eval.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext
from typing import Optional

from reportlint import regex_cache
from .input.source import fold
from .parse.records import FrozenRecord

_NUMBER = regex_cache.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
HUNDRED = Decimal(100)


class ArithmeticProblem(ValueError):
    """The computation has no meaning (division by an interval that contains zero)."""


def parse_decimal(text: str) -> Optional[Decimal]:
    """'3,257.65' / '３２５７.６５' / '-98.44' → Decimal; None if it is not a plain number."""
    text = fold(text).strip().replace(" ", "")
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# ½·10⁻ᵈ for d = 0, 1, 2 …: asked for every stated figure (one digit: the same under any context)
_HALVES = tuple(Decimal(5).scaleb(-(d + 1)) for d in range(40))


class Interval(FrozenRecord):
    """A closed interval [low, high] of Decimals.

    Slotted: no dict per instance (quantities keep two each, `interval` and `in_yuan`), and a
    little quicker to make (the rules' arithmetic makes hundreds per report).
    """

    __slots__ = ("low", "high")

    low: Decimal
    high: Decimal

    def __init__(self, low: Decimal, high: Decimal) -> None:
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    # -- construction ----------------------------------------------------------------
    @classmethod
    def exact(cls, value: Decimal | int | str) -> "Interval":
        value = Decimal(value)
        return cls(value, value)

    @classmethod
    def stated(cls, value: Decimal, decimals: Optional[int] = None, truncated: bool = False) -> "Interval":
        """The values a figure written with `decimals` places stands for.

        `truncated=True` widens it to cover truncation as well as rounding ([v, v + 10⁻ᵈ) ∪ rounding),
        for figures some tools cut rather than round.
        """
        d = decimals_of(value) if decimals is None else decimals
        half = _HALVES[d] if 0 <= d < len(_HALVES) else Decimal(5).scaleb(-(d + 1))
        if truncated:
            step = Decimal(1).scaleb(-d)
            return cls(value - half if value >= 0 else value - step, value + step if value >= 0 else value + half)
        return cls(value - half, value + half)

    @classmethod
    def parse(cls, text: str) -> Optional["Interval"]:
        value = parse_decimal(text)
        return None if value is None else cls.stated(value)

    # -- arithmetic ------------------------------------------------------------------
    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.low - other.high, self.high - other.low)

    def __neg__(self) -> "Interval":
        return Interval(-self.high, -self.low)

    def __mul__(self, other: "Interval") -> "Interval":
        products = [self.low * other.low, self.low * other.high, self.high * other.low, self.high * other.high]
        return Interval(min(products), max(products))

    def __truediv__(self, other: "Interval") -> "Interval":
        if other.low <= 0 <= other.high:
            raise ArithmeticProblem("division by a value that may be zero")
        with localcontext() as ctx:
            ctx.prec = 34
            quotients = [self.low / other.low, self.low / other.high, self.high / other.low, self.high / other.high]
        return Interval(min(quotients), max(quotients))

    def percent(self) -> "Interval":
        """×100, for a ratio stated as a percentage."""
        return Interval(self.low * HUNDRED, self.high * HUNDRED)

    # -- comparison ------------------------------------------------------------------
    def meets(self, other: "Interval") -> bool:
        """Whether the two intervals share at least one value."""
        return self.low <= other.high and other.low <= self.high

    def contains(self, value: Decimal) -> bool:
        return self.low <= value <= self.high

    @property
    def mid(self) -> Decimal:
        return (self.low + self.high) / 2

    def show(self, decimals: int = 2) -> str:
        """The midpoint rounded for a message: 3.9826 → '3.98'."""
        return format_decimal(self.mid, decimals)


def format_decimal(value: Decimal, decimals: int = 2, strip_zeros: bool = False) -> str:
    """`value` rounded to `decimals` places for a message, whatever its size.

    quantize raises InvalidOperation when the result needs more digits than the context
    precision (a 40-digit figure in a hostile report); the precision is raised to fit.
    """
    quantum = Decimal(1).scaleb(-decimals)
    with localcontext() as ctx:
        ctx.prec = max(34, value.adjusted() + decimals + 2)
        text = format(value.quantize(quantum), "f")
    if strip_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def sum_intervals(items: list[Interval]) -> Interval:
    total = Interval.exact(0)
    for item in items:
        total = total + item
    return total
