"""Indicators stated in prose: a target and the value actually reached, and what the report
says of its targets as a whole.

`facts.get("indicator_statements")`: an indicator's target and its actual value written in
one clause of prose, each a figure of the same unit: `临时救助人次年初指标值为不低于250人次，
全年实际完成值212人次`, `培训覆盖率目标值≥95%，实际完成值98%`. The target's word (年初指标值,
年度指标值, 指标值, 目标值, 预期值) may carry a comparison (不低于, ≥, 不超过, ≤ …) or a
suffix (以上, 以内); the actual's word (全年实际完成值, 实际完成值, 实际完成, 实际值, 完成值,
实际达到) follows within the clause, after a comma at most. Targets in words (效果明显),
dates and figures of two units are not read. The scoring tables' own 指标值 / 实际完成值 are
`ScoreRow.target` / `actual` (reportlint.facts.scores).

`facts.get("target_claims")`: what the report says of its targets as a whole. A sentence
saying every target or indicator was met (`已按照计划全部完成目标`, `各项指标均已完成`,
`全面完成年度绩效目标`, `已按照计划完成目标`: "all_met"); the first words of a section on
deviation from the targets (偏离绩效目标的原因…) when they say there was none (`无。`,
`未偏离绩效目标`: "no_deviation"), else that section's first block ("deviation_stated": the
report explains some deviation there).
"""


import re
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Optional

from reportlint import regex_cache
from .base import Fact
from .quantities import Quantity
from .text import BlockText, span_of

if TYPE_CHECKING:
    from .store import Facts

# How a target states its comparison: before the figure (≥, 不低于, 不超过 …) or after it
# (以上, 以内 …). Shared by every reader of targets: the prose statements here, SCO009's
# table cells and the sections plugin's test for a filled target.
HIGHER_IS_BETTER = ("≥", ">=", "＞=", "≧", ">", "＞", "＝", "=", "不低于", "不少于", "不小于", "大于等于", "大于", "达到")
LOWER_IS_BETTER = frozenset({"≤", "<=", "＜=", "≦", "<", "＜", "不超过", "不高于", "不大于", "小于等于", "小于", "低于", "少于"})
TARGET_SUFFIXES = ("及以上", "以上", "及以内", "以内", "以下")
LOWER_SUFFIXES = frozenset({"以内", "及以内", "以下"})
# the comparisons as a regex alternation, longest first (>= before >)
COMPARISON = "|".join(re.escape(word) for word in sorted({*HIGHER_IS_BETTER, *LOWER_IS_BETTER}, key=lambda w: (-len(w), w)))
SUFFIX = "|".join(TARGET_SUFFIXES)

# the target's words and its comparison, then (after a comma at most) the actual value's words;
# the figures themselves are the quantities the shared reading found at `tn` and `an`
_STATEMENT = regex_cache.compile(
    r"(?P<tword>(?:年初|年度|全年)?(?:指标值|目标值|预期值))(?:为|是|[：:])?\s*"
    rf"(?P<op>{COMPARISON})?\s*"
    rf"(?P<tn>\d[\d,]*(?:\.\d+)?)[^，,；;。\d]{{0,4}}?(?P<suffix>{SUFFIX})?"
    r"[，,、]?\s*"
    r"(?P<aword>(?:全年|年度|年末|全年度)?(?:实际完成值|实际完成|实际值|完成值|实际达到|实际为))(?:为|是|了|[：:])?\s*"
    r"(?P<an>\d[\d,]*(?:\.\d+)?)")
# the indicator's name: back from the target's word to the clause break or an item's number
_NAME_START = regex_cache.compile(r"^(?:第[一二三四五六七八九十]+[，,、:：]?|[0-9]+[、.．]|[（(][0-9一二三四五六七八九十]+[）)])\s*")
_NAME_STOPS = "，,；;：:。！？\n"

# every target met, in one sentence: 全部完成目标, 各项指标均已完成, 全面完成年度绩效目标
_ALL_MET = regex_cache.compile(
    r"(?:全部|均|都|全面|圆满)(?:已|已经)?(?:按(?:照)?计划)?(?:完成|达到|实现|达成)了?[^。；;，,]{0,8}?(?:目标|指标)"
    r"|(?:各项|所有|全部)(?:绩效)?(?:目标|指标)(?:任务)?(?:均|全部|都)(?:已|已经)?(?:完成|达到|实现|达成)"
    r"|已(?:经)?按(?:照)?计划完成了?(?:年度|预期|既定|各项)?(?:绩效)?目标")
# …but not when the sentence takes it back or speaks of most of them (基本完成, 大部分, 未全部)
_NOT_ALL = regex_cache.compile(r"基本|大部分|大多|部分指标|部分目标|未全部|未能|尚未|没有全部|除")
# the first words of a deviation section that say there was none: 无。 / 本项目未偏离绩效目标
_NO_DEVIATION = regex_cache.compile(
    r"^\s*(?:无[。.；;！!]?\s*$|无偏离|无偏差|未偏离|未出现偏离|没有偏离|不存在偏离|未发生偏离"
    r"|(?:本|该|我)[\u4e00-\u9fff]{0,6}?(?:无|未|没有|不存在)(?:出现)?(?:偏离|偏差))")
_DEVIATION_TITLE = "偏离"

Comparison = Literal["at_least", "at_most"]


class IndicatorStatement(Fact):
    """An indicator's target and the value reached, stated in one clause of prose."""

    kind: ClassVar[str] = "indicator"

    target: Quantity
    actual: Quantity
    comparison: Comparison  # at_least (≥, 不低于, 以上, or none written) or at_most (≤, 不超过, 以内)
    target_text: str  # the target as written after its word: 不低于250人次

    @property
    def short(self) -> bool:
        """The actual value is worse than the target beyond what rounding allows."""
        if self.comparison == "at_most":
            return bool(self.actual.interval.low > self.target.interval.high)
        return bool(self.actual.interval.high < self.target.interval.low)

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(year=self.actual.year, value=self.actual.number, unit=self.actual.unit,
                   qualifier=self.target_text, text=self.text)
        return row


class TargetClaim(Fact):
    """What the report says of its targets as a whole (`facts.get("target_claims")`)."""

    kind: ClassVar[str] = "target_claim"

    # a sentence saying all were met, a deviation section saying there was none, or one explaining some
    how: Literal["all_met", "no_deviation", "deviation_stated"]


def block_indicators(item: BlockText, quantities: list[Quantity], source: Any = None) -> list[IndicatorStatement]:
    """The indicator statements of one block of prose (its quantities in order)."""
    view = item.view
    at = {quantity.start: quantity for quantity in quantities}
    out: list[IndicatorStatement] = []
    for match in _STATEMENT.finditer(view):
        target, actual = at.get(match.start("tn")), at.get(match.start("an"))
        if target is None or actual is None or target.is_percent != actual.is_percent:
            continue
        if target.unit != actual.unit or not target.unit or target.family in ("date",):
            continue
        op, suffix = match.group("op") or "", match.group("suffix") or ""
        lower = op in LOWER_IS_BETTER or suffix in LOWER_SUFFIXES
        start = _name_start(view, match.start())
        name = _NAME_START.sub("", view[start:match.start()]).strip()
        out.append(IndicatorStatement.build(
            span=span_of(source, item.block, start, actual.end), section=item.section, label=name,
            text=item.text[start:actual.end], block=item.block, container=item.container, start=start,
            end=actual.end, target=target, actual=actual, comparison="at_most" if lower else "at_least",
            target_text=item.text[match.end("tword"):target.end + len(suffix) if suffix else target.end].strip(" ：:为是")))
    return out


def _name_start(view: str, end: int) -> int:
    """Where the indicator's name starts: after the last clause break before its target's word."""
    floor = max(0, end - 60)
    for index in range(end - 1, floor - 1, -1):
        if view[index] in _NAME_STOPS:
            return index + 1
    return floor


def extract_indicator_statements(facts: "Facts") -> list[IndicatorStatement]:
    """Every indicator statement of the document's prose, in order."""
    out: list[IndicatorStatement] = []
    whole = facts.source.view if facts.source is not None else None
    if whole is not None and not ("指标值" in whole or "目标值" in whole or "预期值" in whole):
        return out  # (most reports state none: one scan of the text, not one per block)
    for item in facts.blocks:
        view = item.view
        if "值" not in view or "实际" not in view and "完成值" not in view or item.is_cell:
            continue
        quantities = facts.quantities_in(item.block)
        if len(quantities) >= 2:
            out.extend(block_indicators(item, quantities, facts.source))
    return out


def extract_target_claims(facts: "Facts") -> list[TargetClaim]:
    """Every place the report speaks of its targets as a whole, in order."""
    out: list[TargetClaim] = []
    opened: set[int] = set()  # the deviation sections whose first block was read
    for item in facts.blocks:
        if item.is_cell:
            continue
        view = item.view
        container = item.container
        if (container is not None and id(container) not in opened and item.section
                and _DEVIATION_TITLE in item.section[-1] and item.block is not getattr(container, "heading", None)):
            opened.add(id(container))
            found = _NO_DEVIATION.match(view)
            if found is not None:
                out.append(_claim(facts, item, found.start(), found.end(), "no_deviation"))
            else:
                out.append(_claim(facts, item, 0, min(len(view), item.sentence_bounds(0)[1]), "deviation_stated"))
            continue
        if "完成" not in view and "达到" not in view and "实现" not in view and "达成" not in view:
            continue
        for match in _ALL_MET.finditer(view):
            left, right = item.sentence_bounds(match.start())
            if _NOT_ALL.search(view, left, right) is None:
                out.append(_claim(facts, item, match.start(), match.end(), "all_met"))
                break
    return out


def _claim(facts: "Facts", item: BlockText, start: int, end: int, how: str) -> TargetClaim:
    text = item.text[start:end].strip()
    return TargetClaim.build(span=span_of(facts.source, item.block, start, end), section=item.section,
                                 label="", text=text, block=item.block, container=item.container,
                                 start=start, end=end, how=how)
