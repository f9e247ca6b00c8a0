"""DAT011 deadline-year-mismatch."""

from __future__ import annotations

from typing import Iterator

from reportlint import regex_cache
from reportlint.facts.dates import DateRange, block_dates, dates_in
from reportlint.parse.model import Cell
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

_PERIOD_LABEL = regex_cache.compile(r"实施周期|实施期限|项目期限|执行期限|项目周期|实施期间|建设周期|执行期")
# a completion deadline: the date, then 前 / 之前 / 以前 (底前, 末前), then what is to be done
_BEFORE = regex_cache.compile(r"\s*(?:底|末|月底|年底)?\s*(?:前|之前|以前)\s*(?:全部|全面|基本|如期|按时)?\s*"
                     r"(?:完成|竣工|交付|验收|到位|拨付|支付|建成|投入使用|实现)")


class DeadlineYearMismatch(Rule):
    """A deadline in a form whose year is neither the form's year nor in its implementation period.

    ## What it does
    In the cells of the report's tables, and in the text of a report read as a 自评表 form,
    reads completion deadlines (2021年12月31日前完成, 2022年6月底前竣工 …) and compares their
    year with the year the form evaluates (its caption （2022年度）, title or 评价年度) and
    with its implementation period (实施周期 / 实施期限 / 项目期限, when written as a range).
    A deadline in another year than all of these is reported.

    ## Why is this bad?
    A form is usually filled in from last year's: a deadline left from that form gives a
    target that had passed before the year began, and the 年度指标值 no longer says what
    this year's money was for.

    ## Example
    `（2022年度） … 实施周期 2022年1月-2022年12月 … 2021年12月31日前完成验收` →
    `完成时限2021年12月31日与自评表年度2022年及实施周期2022年不符`

    ## Options
    None.
    """

    code = "DAT011"
    name = "deadline-year-mismatch"
    title = "完成时限年份与表格年度不符"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        year = facts.report.year
        if year is None:
            return
        is_form = context.profile is not None and context.profile.kind == "form"
        # the deadlines of another year first: in most reports there is none, and then the
        # scan for the 实施周期 (every block's text) is not needed
        candidates = []
        for found in block_dates(facts):
            if not (isinstance(found.block, Cell) or is_form):
                continue
            view = found.item.view
            for item in found.points:
                if item.in_range or not item.year_stated or item.year is None or item.year == year:
                    continue
                if _BEFORE.match(view, item.end):
                    candidates.append(item)
        if not candidates:
            return
        allowed = {year}
        period_words = ""
        blocks = facts.blocks
        for index, item in enumerate(blocks):
            # every label holds 期: the substring test skips the regex on nearly every block
            if "期" not in item.view or not _PERIOD_LABEL.search(item.view):
                continue
            for block in (item.block, blocks[index + 1].block if index + 1 < len(blocks) else None):
                found = dates_in(facts, block) if block is not None else None
                if found is None:
                    continue
                for date_range in found.ranges:
                    if date_range.first.year and date_range.last.year:
                        allowed |= set(range(date_range.first.year, date_range.last.year + 1))
                        period_words = date_range.shown
        for item in candidates:
            if item.year in allowed:
                continue
            period = f"及实施周期{period_words}" if period_words else ""
            yield context.finding(
                self, f"完成时限{item.shown}与自评表年度{year}年{period}不符：可能是沿用了其他年度的表格", item.span,
                evidence={"stated": item.shown, "computed": "、".join(str(y) for y in sorted(allowed))})


__all__ = ["DeadlineYearMismatch", "DateRange"]
