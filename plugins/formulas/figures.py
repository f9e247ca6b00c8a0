"""Figures: the amounts, counts and rates a report states, with what names them.

A figure is a number with a unit (元 万元 亿元 % 人 名 个 次 件 …) written in prose, or a
bare number in a table cell. Each carries its written precision (so it can become an
interval), its position (block + offsets), the label that names it in its clause
(`收入预算数为3132.88万元` → 收入预算) and the year the sentence speaks of. Extraction runs
once per block on the folded view (full-width digits as ASCII, same length), so offsets
are offsets in the text the user sees.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Optional, Union

from reportlint.parse.model import Cell, Paragraph
from reportlint.numbers import Interval, decimals_of, parse_decimal
from reportlint.input.source import fold

MONEY = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
HEADS = {"人", "名"}
PERCENT = "%"

# A number and its unit. The pattern opens with the character class [-\d] so the regex engine
# can skip to candidate characters; the checks on what precedes come after it as lookbehinds:
# a sign counts only after 为 是 ： = （ ， or a space, and a number may not continue a word,
# a code or another number (A1, 第3, [2], 1.2.3), nor start after a digit and a comma: the
# `0000万元` of `1,0000万元` (grouped by 万) is part of one number, not a figure of its own, and
# never restarting inside a run of digits and commas keeps the scan linear (`1,000,000,…`).
_FIGURE = re.compile(
    r"([-\d](?:(?<=[为是：:=（(，, ]-)(?=\d)|(?<=\d)(?<![\d.A-Za-z\[【第]\d)(?<!\d,\d))\d*(?:,\d{3})*(?:\.\d+)?)\s?"
    r"(亿元|万元|千元|元|%|人次|批次|人|名|个|次|件|项|篇|份|期|批|条|场|宗|辆|㎡|平方米)")
_CELL_NUMBER = re.compile(r"^\s*([-+]?\d+(?:,\d{3})*(?:\.\d+)?)\s*(%|万元|元)?\s*$")
SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_BREAK = "，,。；;：:、（()）\n"
_YEAR = re.compile(r"(20\d{2})\s*年")
_LABEL_YEAR = re.compile(r"^(?:20\d{2}\s*年度?)")
_LABEL_LEAD = re.compile(r"^(?:其中|我单位|本单位|本部门|我部门|我处|我办|共|全部)+")
_QUOTES = re.compile(r"[“”\"'‘’《》\s\u3000]")
_FORMULA_CHARS = re.compile(r"[=*/+×÷]")
_LABEL_TAIL = re.compile(r"(?:为|是|达到|达|共计|合计|共|计|约|了|\s)+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HEAD_STATE = re.compile(r"(?:在职|在编|在岗|实有|现有|退休|离休|离退休)$")
_DIGIT = re.compile(r"\d")  # any decimal digit, full-width too (str patterns are Unicode-aware)


def unit_family(unit: str) -> str:
    """Units that can be added together: money (in 元), heads (人/名), % and the rest by name."""
    if unit in MONEY:
        return "money"
    if unit in HEADS:
        return "heads"
    return unit


@dataclass(eq=False)
class Figure:
    """One stated number (compared by identity: two figures are two places in the text)."""

    block: Union[Paragraph, Cell]
    container: Any  # the Section or Attachment it stands in (None in the front matter)
    start: int  # offsets into block.text
    end: int  # end of the number and its unit
    number: str  # as written (folded), without the unit: '3132.88'
    value: Decimal
    unit: str  # '' for a bare table number
    label: str = ""
    year: Optional[str] = None
    sentence: int = 0  # index of the sentence inside the block
    _interval: Optional[Interval] = field(default=None, init=False, repr=False, compare=False)

    @property
    def decimals(self) -> int:
        return decimals_of(self.value)

    @property
    def family(self) -> str:
        return unit_family(self.unit)

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT

    @property
    def interval(self) -> Interval:
        """The values the figure stands for, in its own unit (a % as a fraction: 3.98% → 0.0398).

        A whole count of people or things (15人, 309件) is exact; amounts and rates are rounded.
        """
        if self._interval is None:
            self._interval = self._stated_interval()
        return self._interval

    def _stated_interval(self) -> Interval:
        if self.unit and self.family not in ("money", PERCENT) and self.decimals == 0:
            return Interval.exact(self.value)
        stated = Interval.stated(self.value, self.decimals)
        if self.is_percent:
            return Interval(stated.low / 100, stated.high / 100)
        return stated

    @property
    def in_yuan(self) -> Interval:
        """Money in 元 (so 万元 and 元 figures compare); other units unchanged."""
        factor = MONEY.get(self.unit)
        stated = self.interval
        return stated if factor is None else Interval(stated.low * factor, stated.high * factor)

    @property
    def shown(self) -> str:
        """As a message writes it: the number and its unit (万元, %, 人)."""
        return self.number + self.unit

    @property
    def line(self) -> int:
        return self.block.span.line

    @property
    def significant(self) -> bool:
        """Specific enough that meeting the same number elsewhere corroborates it (not '8', '0')."""
        return significant_number(self.number)


def _decimal(number: str) -> Optional[Decimal]:
    """A number the figure pattern matched (folded); one with commas must group by thousands."""
    if "," in number:
        return parse_decimal(number)
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


def significant_number(number: str) -> bool:
    """'3132.88', '0.12', '309' are specific; '8', '10', '0' are not (they recur by chance)."""
    digits = len(number) - number.count(".") - number.count(",") - number.count("-")
    return digits >= 3 and ("." in number or any(ch not in "0-," for ch in number))


def block_figures(block: Union[Paragraph, Cell], container: Any, view: Optional[str] = None) -> list[Figure]:
    """The figures of one block of prose, each with its label and year.

    `view` is the block's folded text when the caller already has it (fold once per block).
    """
    text = block.text
    if not text:
        return []
    if view is None:
        if not _DIGIT.search(text):
            return []
        view = fold(text)
    figures: list[Figure] = []
    sentence_starts: Optional[list[int]] = None  # computed when the block turns out to hold a figure
    previous_end = 0
    for match in _FIGURE.finditer(view):
        value = _decimal(match.group(1))
        if value is None:
            continue
        if sentence_starts is None:
            sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(view)]
        start = match.start(1)
        sentence = bisect_right(sentence_starts, start) - 1
        sentence_start = sentence_starts[sentence]
        label = clause_label(view, max(previous_end, sentence_start), start)
        if match.group(2) in HEADS and _HEAD_STATE.search(label):
            label += "人数"  # 年底在职15人 → 「年底在职人数」: name the count, not the state
        figures.append(Figure(block=block, container=container, start=start, end=match.end(),
                              number=match.group(1), value=value, unit=match.group(2),
                              label=label, year=year_before(view, sentence_start, start), sentence=sentence))
        previous_end = match.end()
    return figures


def cell_figure(cell: Cell, container: Any) -> Optional[Figure]:
    """A table cell that holds only a number (25.12, 100%, 34.50万元)."""
    text = cell.text
    if not text or not _DIGIT.search(text):
        return None
    match = _CELL_NUMBER.match(fold(text))
    if match is None:
        return None
    value = _decimal(match.group(1).lstrip("+"))
    if value is None:
        return None
    return Figure(block=cell, container=container, start=match.start(1), end=match.end(2) if match.group(2) else match.end(1),
                  number=match.group(1), value=value, unit=match.group(2) or "")


def clause_label(view: str, floor: int, start: int) -> str:
    """The words that name a figure: from the clause start (or the previous figure) to the figure."""
    cut = _clause_start(view, floor, start)
    label = view[cut:start]
    if not label.strip() and cut > floor and view[cut - 1] in "：:":
        # 基本支出：194.30 — the name stands before the colon
        end = cut - 1
        label = view[_clause_start(view, floor, end):end]
    return normalise_label(label)


def _clause_start(view: str, floor: int, end: int) -> int:
    """Walk back to the clause break, stepping over bracketed words (专项业务（工作）经费)."""
    cut = end
    while cut > floor:
        ch = view[cut - 1]
        if ch in "）)":
            opening = max(view.rfind("（", floor, cut - 1), view.rfind("(", floor, cut - 1))
            if opening < 0:
                break
            cut = opening
            continue
        if ch in _CLAUSE_BREAK:
            break
        cut -= 1
    return cut


def normalise_label(label: str) -> str:
    label = _QUOTES.sub("", label.strip())
    label = _LABEL_YEAR.sub("", label)
    label = _LABEL_LEAD.sub("", label)
    label = _LABEL_TAIL.sub("", label)
    if _FORMULA_CHARS.search(label):
        return ""
    return label if _CJK.search(label) else ""


def year_before(view: str, floor: int, start: int) -> Optional[str]:
    """The last year named in the sentence before the figure (2020年收入决算数为… → 2020)."""
    found = None
    for match in _YEAR.finditer(view, floor, start):
        found = match.group(1)
    return found


def shown_sum(figures: list[Figure]) -> str:
    """'655.69 + 898.41' for a message."""
    return " + ".join(f.number for f in figures)


def show(interval: Interval, decimals: int, percent: bool = False) -> str:
    """Midpoint of a computed interval, rounded like the stated figure."""
    if percent:
        interval = interval.percent()
    return interval.show(decimals) + ("%" if percent else "")
