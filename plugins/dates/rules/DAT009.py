"""DAT009 event-after-filing-date."""

from __future__ import annotations

from typing import Iterator

from reportlint import regex_cache
from reportlint.facts.dates import DateRange, block_dates
from reportlint.parse.model import Paragraph
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from .DAT007 import _in_self_evaluation_part

# sections about what is still to be done: their dates are plans, however worded
_PLAN_SECTION = regex_cache.compile(r"改进|措施|计划|打算|下一步|建议|安排|展望|思路")


class EventAfterFilingDate(Rule):
    """An event written as done, dated after the report was filed.

    ## What it does
    Outside the part about the self-evaluation's own work (DAT007 covers that part), reads
    every paragraph's dates whose year is written out, and reports one after the filing date
    (填报日期, or the date of the signature at the end) when its sentence tells it as done:
    not worded as a plan (将于, 计划, 拟, 定于 … the `[moods] planned` words), not a deadline
    (…前完成, 截至 …), and not in a section about what comes next (改进措施, 下一步工作计划 …).
    Table cells are left alone (a form's columns hold targets and periods).

    ## Why is this bad?
    A report cannot tell what had not happened when it was filed: the year is wrong
    (2023 for 2022), or a plan is written as a result.

    ## Example
    `填报日期：2023年4月20日 … 2023年6月15日，完成全部设备安装。` →
    `2023年6月15日晚于填报日期2023年4月20日（第5行），却写作已发生的事：请核对年份，若为计划请写明“将于”`

    ## Options
    None.
    """

    code = "DAT009"
    name = "event-after-filing-date"
    title = "已完成事项晚于填报日期"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        report = context.facts.report
        filing = report.filing
        if filing is None or filing.date is None:
            return
        filed = filing.date.first_day()
        if filed is None:
            return
        for found in block_dates(context.facts):
            block = found.block
            if not isinstance(block, Paragraph) or block.kind == "field" or _in_self_evaluation_part(found):
                continue
            if any(_PLAN_SECTION.search(title) for title in found.item.section):
                continue
            for item in found.dated():
                first = item.first if isinstance(item, DateRange) else item
                if item.mood != "done" or not first.year_stated or first.year is None:
                    continue
                begins = first.first_day()
                if begins is None or begins <= filed or item.span == filing.date.span:
                    continue
                yield context.finding(
                    self, f"{first.shown}晚于{filing.source}{filing.date.shown}（{context.where(filing.line)}），却写作已发生的事："
                          f"请核对年份，若为计划请写明“将于”", item.span,
                    evidence={"stated": first.shown, "computed": filing.date.shown,
                              "related": [{"line": filing.line, "field": filing.source}]})
