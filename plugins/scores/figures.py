"""A number read from a scoring table cell or a sentence, with where it stands.

Scores are awarded in points: a cell that says 8 means 8 points, not "anything from 7.5
to 8.5", so a score or weight written without decimals is exact. One written with
decimals (8.33) may be a rounded third and stands for its rounding interval. Rates and
amounts always stand for their rounding interval (see reportlint.numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Optional

from reportlint.numbers import Interval, decimals_of, format_decimal, parse_decimal
from reportlint.input.source import fold

# A cell holding only a number: 10 / 10分 / 9.5 / 300.36 / 1,234.50 / 102.32%.
_CELL_NUMBER = re.compile(r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(分|%|万元)?\s*$")
# Bounded: an unbounded [^\]]* would rescan to the end of a cell from every unclosed
# "[bookmark: " (quadratic); Word bookmark names are at most 40 characters.
_BOOKMARK = re.compile(r"\[bookmark: [^\]]{0,100}\]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Figure:
    """A stated number: its value, its unit ("" / 分 / % / 万元) and its place in a block."""

    value: Decimal
    unit: str
    block: Any  # the Cell or Paragraph whose text holds it
    start: int  # offsets of the digits in block.text
    end: int

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]

    @property
    def decimals(self) -> int:
        return decimals_of(self.value)

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    def interval(self) -> Interval:
        """The values the written figure stands for (round-to-nearest)."""
        return Interval.stated(self.value)

    def points(self) -> Interval:
        """A score or weight: exact when written as a whole number, else its rounding interval."""
        return Interval.exact(self.value) if self.decimals == 0 else Interval.stated(self.value)

    def show(self) -> str:
        return format(self.value, "f") + ("%" if self.is_percent else "")


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """A cell's text without extraction artifacts, folded, whitespace and line breaks removed.

    Cached: a table's cells are looked at by several readers (header, total, budget row).
    """
    return _SPACE.sub("", _BOOKMARK.sub("", fold(text)))


@lru_cache(maxsize=8192)
def _number_in(text: str) -> Optional[tuple[Decimal, str, int, int]]:
    if not text or len(text) > 40:
        return None
    match = _CELL_NUMBER.match(fold(text))
    if match is None:
        return None
    value = parse_decimal(match.group(1))
    if value is None:
        return None
    return value, match.group(2) or "", match.start(1), match.end(1)


def cell_figure(cell: Any) -> Optional[Figure]:
    """The number a cell holds when the cell holds nothing but a number (unit allowed)."""
    found = _number_in(cell.text)
    if found is None:
        return None
    value, unit, start, end = found
    return Figure(value=value, unit=unit, block=cell, start=start, end=end)


def is_blank(cell: Any) -> bool:
    return not clean(cell.text)


def show(value: Decimal, decimals: int = 2) -> str:
    """A computed value for a message: at most `decimals` places, trailing zeros dropped."""
    return format_decimal(value, decimals, strip_zeros=True)
