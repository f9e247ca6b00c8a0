"""DAT005 schedule-goes-back."""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint import regex_cache
from reportlint.facts.base import copy_with
from reportlint.facts.dates import BlockDates, DateFact, DateMention, DateRange, dates_in
from reportlint.parse.model import Paragraph
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

_SCHEDULE_TITLE = regex_cache.compile(r"时间安排|进度安排|工作安排|时间节点|实施步骤|工作步骤|进度计划|时间进度")
_OWN_DATE_WITHIN = 8  # a step's own date opens it, right after its marker


class ScheduleGoesBack(Rule):
    """A dated schedule (工作时间安排 (1)(2)(3)…) whose steps go back in time.

    ## What it does
    In a section titled 工作时间安排 / 进度安排 / 时间节点 and the like, reads the date each
    step starts with and flags a step that starts before the step above it. A step that
    leaves its year out is in the year of the last date written before it (a range's end:
    after 2023年12月20日至2024年1月10日, 1月11日 is in 2024); where that year is not written
    (a year-less January after December, 12月20日至1月10日) the step is not checked.

    ## Why is this bad?
    Steps of a schedule follow each other; a step dated earlier than the previous one is a
    wrong month or day.

    ## Example
    `(1)2022年4月8至18日 … (2)2022年3月19日至5月15日` → `第(2)步开始日期2022年3月19日早于上一步（第79行）的开始日期2022年4月8日`
    """

    code = "DAT005"
    name = "schedule-goes-back"
    title = "工作安排时间倒序"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for section in context.document.section_list():
            if not _SCHEDULE_TITLE.search(section.title):
                continue
            steps = [child.heading for child in section.children] or \
                    [block for block in section.body if isinstance(block, Paragraph)]
            yield from self._steps(context, steps)

    def _steps(self, context: CheckContext, steps: list[Paragraph]) -> Iterator[Finding]:
        previous: Optional[tuple[Paragraph, DateMention]] = None
        reached: Optional[DateMention] = None  # the last date the schedule has stated, with its year
        for block in steps:
            found = dates_in(context.facts, block)
            item = _step_date(block, found)
            start = item.first if isinstance(item, DateRange) else item
            if start is not None and start.year is None:
                start = _in_year_of(reached, start)
            day = start.first_day() if start is not None else None
            if found is not None:
                reached = _reached(found, reached)
            if item is None or start is None or day is None:
                continue
            before = previous[1].first_day() if previous is not None else None
            if previous is not None and before is not None and day < before:
                marker = block.text[:max(0, start.start)].strip() or "本"
                line = previous[0].span.line
                yield context.finding(
                    self, f"时间安排中“{marker}”步的开始日期{start.shown}早于上一步（{context.where(line)}）"
                          f"的开始日期{previous[1].shown}", item.span,
                    evidence={"stated": start.shown, "figures": [previous[1].shown, start.shown],
                              "related": [{"line": line, "text": previous[1].text}]})
            previous = (block, start)


def _reached(found: BlockDates, reached: Optional[DateMention]) -> Optional[DateMention]:
    """The last date of a step, with its year: what a year-less step after it is dated from.

    The year is that of the last date written before (a range's end: 2023年12月20日至2024年1月10日
    reaches 2024年1月10日, not 2023). None where that year is not written: a year-less range whose
    end reads before its start (12月20日至1月10日, into the next year or a slip), or a last date
    earlier in the years than another date of the step (2024年1月10日 … 2023年12月31日前).
    """
    latest = 0  # the latest year the step writes
    for item in found.dated():
        if isinstance(item, DateRange):
            first, last = item.first, item.last
            if item.last_year_written and last.year_stated:
                reached = last
            elif (first.month or 0, first.day or 0) > (last.month or 0, last.day or 0):
                reached = None
            elif first.year_stated:
                reached = last
            else:
                reached = _in_year_of(_in_year_of(reached, first), last)
        else:
            reached = item if item.year_stated else _in_year_of(reached, item)
        if reached is not None and reached.year_stated and reached.year is not None:
            latest = max(latest, reached.year)
    if reached is not None and (reached.year or 0) < latest:
        return None
    return reached


def _in_year_of(reached: Optional[DateMention], mention: Optional[DateMention]) -> Optional[DateMention]:
    """A year-less date in the year the schedule has reached; None when that year is unknown, or
    when it is January or February after November or December (read as the next year, as a range
    12月20日至1月10日 is by DAT004: which year is meant is not written)."""
    if mention is None or reached is None or reached.year is None:
        return None
    if mention.year_stated and mention.year is not None:
        return mention
    if (reached.month or 0) >= 11 and mention.month is not None and mention.month <= 2:
        return None
    return copy_with(mention, {"year": reached.year, "year_stated": False})


def _step_date(block: Paragraph, found: Optional[BlockDates]) -> Optional[DateFact]:
    """The date a step opens with (before its first comma or full stop), or None."""
    if found is None:
        return None
    text = block.text
    comma = min((i for i in (text.find("，"), text.find(","), text.find("。")) if i >= 0), default=len(text))
    item = next((item for item in found.dated() if item.start < comma), None)
    if item is None or item.start > _OWN_DATE_WITHIN:
        return None
    return item
