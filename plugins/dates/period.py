"""The period a report evaluates: its year, or the months of it that the report names itself by.

Most reports evaluate a whole year (2022年度). Some evaluate part of it, and say so where they
name themselves: `西藏某局2022年1-9月部门整体支出绩效评价报告`. Such a report may be evaluated,
filed and surveyed as soon as that part has ended, before the year has: DAT002, DAT007 and
DAT010 compare dates with the period's end, worked out here once per report.

The months are read by the facts stage's date reader (`2022年1-9月` and `2022年1月至9月` are one
`DateRange`): a range from January of the evaluated year to an earlier month than December,
in the title or the lines above the body.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Optional

from reportlint.facts.dates import DateRange, read_text_dates
from reportlint.parse.model import Paragraph
from reportlint.pluginapi.context import CheckContext

_FRONT_LINES = 8  # the front lines a report may name itself in (a title on two lines, 项目名称…)


def evaluated_period_end(context: CheckContext) -> Optional[date]:
    """The last day of the period evaluated (the evaluated year's, unless the report names the
    months from January it covers); None when the evaluated year is not known."""
    year = context.facts.report.year
    if year is None:
        return None
    return context.facts.memo("dates.period_end", lambda: _period_end(context, year))


def _period_end(context: CheckContext, year: int) -> date:
    document = context.document
    texts = [document.title or ""] + [block.text for block in document.front[:_FRONT_LINES]
                                      if isinstance(block, Paragraph)]
    for text in texts:
        if "月" not in text:
            continue
        for found in read_text_dates(text).ranges:
            if _months_from_january(found, year):
                month = found.last.month
                assert month is not None  # (checked by _months_from_january)
                return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 12, 31)


def _months_from_january(found: DateRange, year: int) -> bool:
    first, last = found.first, found.last
    return (first.year == year and first.month == 1 and first.day is None and last.day is None
            and last.month is not None and last.month < 12 and last.year in (None, year))


def whole_year(end: date) -> bool:
    return (end.month, end.day) == (12, 31)


def period_words(end: date) -> str:
    """How a message names the period: 评价年度2022年, or 评价期间2022年1-9月."""
    if whole_year(end):
        return f"评价年度{end.year}年"
    return f"评价期间{end.year}年1-{end.month}月"


def before_period_end(day: date, end: date) -> str:
    """早于评价年度2022年结束（2022年12月31日） for a date (or period) ending before the period's
    last day, 未晚于… for one that reaches it (2022年12月 is not before 2022年12月31日, only not
    after it); 早于评价期间2022年1-9月结束（2022年9月30日） for a report on part of a year."""
    relation = "早于" if day < end else "未晚于"
    return f"{relation}{period_words(end)}结束（{end.year}年{end.month}月{end.day}日）"


def first_day_after(end: date) -> str:
    """The first day the self-evaluation may be dated: 2023年1月1日及以后 (evidence)."""
    day = date.fromordinal(end.toordinal() + 1)
    return f"{day.year}年{day.month}月{day.day}日及以后"
