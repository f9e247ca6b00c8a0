"""DAT004 reversed-range."""

from __future__ import annotations

from typing import Iterator

from reportlint.facts.dates import DateMention, DateRange
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule


class ReversedRange(Rule):
    """A date range that ends before it starts.

    ## What it does
    Flags ranges such as 2022年5月18日至4月8日, 2022年4月18至8日 or 2035-2021年, whose end
    comes before their start. A range written 12月20日至1月10日 (the end's year left out) is
    read as crossing into the next year and is not flagged.

    ## Why is this bad?
    The reader cannot tell when the work actually took place.

    ## Example
    `2022年5月15日至4月18日，填报单位绩效评价表` → `日期范围“2022年5月15日至4月18日”的结束日期2022年4月18日早于开始日期2022年5月15日`
    """

    code = "DAT004"
    name = "reversed-range"
    title = "日期区间首尾颠倒"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for span in context.facts.dates:
            if not isinstance(span, DateRange):
                continue
            first, last = span.first, span.last
            if not (first.valid and last.valid) or first.year is None or last.year is None:
                continue
            if not span.last_year_written and first.month and last.month and first.month >= 11 and last.month <= 2:
                continue  # 12月20日至1月10日: into the next year
            if _key(last) < _key(first):
                yield context.finding(
                    self, f"日期范围“{span.text}”的结束日期{last.shown}早于开始日期{first.shown}", span.span,
                    evidence={"stated": span.text, "figures": [first.shown, last.shown]})


def _key(mention: DateMention) -> tuple[int, int, int]:
    """Compare at the coarser precision of the two ends: a month-range end needs no day."""
    return (mention.year or 0, mention.month or 0, mention.day or 0)
