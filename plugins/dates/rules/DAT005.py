"""DAT005 schedule-goes-back."""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint import regex_cache
from reportlint.facts.dates import DateFact, DateMention, DateRange, dates_in
from reportlint.facts.store import Facts
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
    step starts with and flags a step that starts before the step above it.

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
        for block in steps:
            item = _step_date(context.facts, block)
            if item is None:
                continue
            start = item.first if isinstance(item, DateRange) else item
            if start.year is None and previous is not None:
                start = start.with_year(previous[1].year)
            day = start.first_day()
            if day is None:
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


def _step_date(facts: Facts, block: Paragraph) -> Optional[DateFact]:
    """The date a step opens with (before its first comma or full stop), or None."""
    found = dates_in(facts, block)
    if found is None:
        return None
    text = block.text
    comma = min((i for i in (text.find("，"), text.find(","), text.find("。")) if i >= 0), default=len(text))
    item = next((item for item in found.dated() if item.start < comma), None)
    if item is None or item.start > _OWN_DATE_WITHIN:
        return None
    return item
