"""The period a report evaluates: its year, or the months of it that the title names.

Most reports evaluate a whole year (2022年度). Some evaluate part of it, and say so where they
name themselves: `西藏某局2022年1-9月部门整体支出绩效评价报告`. Work on such a report may begin
as soon as that period has ended, before the year has.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Iterable

from reportlint import regex_cache

# 2022年1-9月 / 2022年1月至9月 / 2022年1—9月: from January to a month of the evaluated year
_MONTHS_FROM_JANUARY = regex_cache.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年\s*(?:1|一|元)\s*月?\s*(?:至|到|[-—–~～])\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")
_FRONT_LINES = 8  # the front lines the report may name itself in (a title on two lines, 项目名称…)


def evaluated_period_end(texts: Iterable[str], year: int) -> date:
    """The last day of the period evaluated: the end of the month the title's 1-M月 names (the
    first such naming in `texts` for `year`), else the year's last day."""
    for index, text in enumerate(texts):
        if index >= _FRONT_LINES:
            break
        if "月" not in text:
            continue
        for match in _MONTHS_FROM_JANUARY.finditer(text):
            month = int(match.group(2))
            if int(match.group(1)) == year and 1 <= month < 12:
                return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 12, 31)


def period_words(year: int, end: date) -> str:
    """How a message names the period: 评价年度2022年 or 评价期间2022年1-9月."""
    if end == date(year, 12, 31):
        return f"评价年度{year}年"
    return f"评价期间{year}年1-{end.month}月"
