"""Changes: a figure set against an earlier one (较上年增加12.5万元、增长3.2%).

A first, conservative reader: a comparison phrase (较/比 + 上年 / 去年 / 上年同期 / 年初 … or a
named year, 比2018年度; 与上年相比, 与2018年相比, or 同比; the figure compared may be named: 较上年预算数) followed by a direction verb (增加 增长 上升 提高 减少 下降 降低 节约 …) standing right
before a quantity of the same clause, or a second verb continuing it (`、增长4.34%`). The
quantity is the change (`amount`): an amount or count is the difference (`delta`), a % is the
relative change (`relative`). Figures in 分别 lists (`分别增长3%、5%`), comparisons without a
verb and changes in table cells are left out: nothing is guessed.

`current` is the figure the change is about when only a comma separates it from the phrase
(`2023年支出300.48万元，较上年增加12.50万元` → 300.48万元); `base_year` is the year compared
with (the quantity's year − 1 for 上年/去年/上年同期, the same year for 年初). The fact covers
the phrase and the figure (`较上年增加12.50万元`). A % change continuing a difference knows it
(`continues`), and with a current figure gives the rate its figures imply (`implied_rate()`).
"""


import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Optional

from reportlint import regex_cache
from ..numbers import Interval
from .base import Fact
from .quantities import Quantity
from .text import BlockText, span_of

if TYPE_CHECKING:
    from .store import Facts

Direction = Literal["increase", "decrease"]

_INCREASE = frozenset({"增加", "增长", "上升", "提高", "增多"})
_EARLIER = {"上年同期": -1, "上年度": -1, "上一年": -1, "上年": -1, "去年同期": -1, "去年": -1,
            "同期": -1, "年初": 0}
# 较上年增加 / 比去年同期下降了 / 同比增长 ; the verb must end right before the figure
# (the year compared with may be named: 比2018年度增加 / 与2021年相比，)
_PHRASE = regex_cache.compile(
    r"(?:(?:较|比)(?:(?P<earlier>上年同期|上年度|上一年|上年|去年同期|去年|同期|年初)"
    r"|\s*(?P<year>(?:19|20)\d{2})\s*年度?)"
    r"|与(?:(?P<versus>上年同期|上年度|上一年|上年|去年同期|去年)|\s*(?P<vyear>(?:19|20)\d{2})\s*年度?)相比[，,]?"
    r"|(?P<yoy>同比(?:上年同期|上年度|上一年|上年|去年同期|去年)?))"  # 同比上年度增加: 同比 with its year named
    r"(?:预算数|决算数|预算|决算|同期数|数)?"  # 较上年预算数减少: the figure compared may be named
    r"(?P<verb>增加|增长|上升|提高|增多|减少|下降|降低|节约|节省)了?\s*$")
_CONTINUED = regex_cache.compile(r"[、，,]\s*(?P<verb>增加|增长|上升|提高|增多|减少|下降|降低|节约|节省)了?\s*$")
_GAP = regex_cache.compile(r"[\s，,、]*$")  # what may stand between a figure and the phrase about it
_WINDOW = 16  # characters before a figure that may hold the phrase


class Change(Fact):
    """A quantity that says how much a figure changed against an earlier one (`facts.changes`)."""

    kind: ClassVar[str] = "change"

    amount: Quantity  # the change as written: 12.50万元, 3.2%
    direction: Direction
    relative: bool  # a % change (growth rate) rather than a difference
    compared_to: str  # 上年 | 去年 | 上年同期 | 年初 | 同比 …
    base_year: Optional[int] = None  # the year compared with, when the sentence names one
    current: Optional[Quantity] = None  # the figure the change is about, stated before it
    # the change this one continues (`较上年增加12.50万元、增长4.34%`: the 4.34% continues the 12.50万元)
    continues: Optional["Change"] = None

    def implied_rate(self) -> Optional[tuple[Interval, Interval]]:
        """For a % change continuing a difference, with the current figure known: the rate its
        own figures give (difference / (current − difference)) and the rate on the wrong base
        (difference / current), both as fractions; None when the figures do not give one."""
        first = self.continues
        if (not self.relative or first is None or first.relative or first.current is None
                or first.current.family != first.amount.family):
            return None
        current = first.current.in_yuan
        delta = first.amount.in_yuan if first.direction == "increase" else -first.amount.in_yuan
        base = current - delta
        if base.low <= 0 or current.low <= 0:
            return None
        magnitude = first.amount.in_yuan
        return magnitude / base, magnitude / current

    @property
    def delta(self) -> Interval:
        """The change as a signed interval in the amount's own terms (a % as a fraction)."""
        interval = self.amount.interval
        return interval if self.direction == "increase" else -interval

    @property
    def signed_value(self) -> Decimal:
        return self.amount.value if self.direction == "increase" else -self.amount.value

    @property
    def year(self) -> Optional[int]:
        return self.amount.year

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.amount.year, value=format(self.signed_value, "f"), unit=self.amount.unit,
                   qualifier=self.compared_to, text=self.text)
        return row


def block_changes(item: BlockText, quantities: list[Quantity], source: Any = None) -> list[Change]:
    """The changes of one block of prose (its quantities in order)."""
    view = item.view
    if not ("较" in view or "比" in view):
        return []
    out: list[Change] = []
    changed: set[int] = set()  # ids of quantities already read as a change
    previous: Optional[Change] = None
    for index, quantity in enumerate(quantities):
        if quantity.in_cell:
            continue
        continued: Optional[Change] = None
        floor = max(quantity.start - _WINDOW, item.sentence_bounds(quantity.start)[0],
                    quantities[index - 1].end if index else 0)
        match = _PHRASE.search(view, floor, quantity.start)
        named: Optional[int] = None  # the year compared with, when the phrase names it
        if match is not None:
            start = match.start()
            year = match.group("year") or match.group("vyear")
            named = int(year) if year else None
            earlier = match.group("earlier") or match.group("versus") or (f"{year}年" if year else "同比")
            current = _current(view, quantities[:index], quantity, match.start(), changed)
        elif previous is not None and quantities[index - 1] is previous.amount:
            # 较上年增加12.50万元、增长4.34%: the second figure continues the first comparison
            match = _CONTINUED.match(view, previous.amount.end, quantity.start)
            if match is None:
                previous = None
                continue
            start = match.start("verb")
            earlier, current = previous.compared_to, previous.current
            named = previous.base_year if previous.compared_to[:1].isdigit() else None  # (2018年: named)
            continued = previous
        else:
            previous = None
            continue
        verb = match.group("verb")
        changed.add(id(quantity))
        offset = _EARLIER.get(earlier, -1)
        label = (_subject(quantity.label, view, match) or (current.label if current is not None else "")
                 or (continued.label if continued is not None else ""))
        previous = Change.build(span=span_of(source, item.block, start, quantity.end), section=item.section,
                                label=label, text=item.text[start:quantity.end], block=item.block,
                                container=item.container, start=start, end=quantity.end, amount=quantity,
                                direction="increase" if verb in _INCREASE else "decrease",
                                relative=quantity.is_percent, compared_to=earlier,
                                base_year=named if named is not None
                                else quantity.year + offset if quantity.year is not None else None,
                                current=current, continues=continued)
        out.append(previous)
    return out


def _subject(label: str, view: str, match: "re.Match[str]") -> str:
    """The quantity's label without the comparison phrase (收入较上年增加 → 收入)."""
    phrase = view[match.start():match.end()].strip("、，, ")
    for ending in (phrase, phrase.rstrip("了")):
        if ending and label.endswith(ending):
            return label[:-len(ending)]
    return label


def _current(view: str, before: list[Quantity], change: Quantity, phrase_start: int,
             changed: set[int]) -> Optional[Quantity]:
    """The figure the change is about: the last one before the phrase, when only a comma stands
    between them (`发文376件，比去年同期减少32.6%`), it is not itself a change, and it is of the
    change's kind (money for money; any figure but a % for a % change)."""
    for earlier in reversed(before):
        if earlier.sentence != change.sentence or earlier.end > phrase_start:
            return None
        if id(earlier) in changed:
            continue
        if earlier.is_percent or not _GAP.match(view, earlier.end, phrase_start):
            return None
        return earlier if change.is_percent or earlier.family == change.family else None
    return None


def extract_changes(facts: "Facts") -> list[Change]:
    """Every change of the document, in order (`facts.changes`)."""
    out: list[Change] = []
    for item in facts.blocks:
        view = item.view
        if ("较" not in view and "比" not in view) or item.is_cell:
            continue
        quantities = facts.quantities_in(item.block)
        if quantities:
            out.extend(block_changes(item, quantities, facts.source))
    return out
