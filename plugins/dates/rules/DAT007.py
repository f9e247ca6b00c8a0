"""DAT007 self-evaluation-work-dated-wrong."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Iterator, Optional

from reportlint import regex_cache
from reportlint.facts.base import copy_with
from reportlint.facts.dates import BlockDates, DateMention, DateRange, block_dates
from reportlint.facts.report import FilingDate
from reportlint.parse.model import Paragraph, Section
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..acts import another_bodys_act
from ..completion import on_completion
from ..period import before_period_end, evaluated_period_end, first_day_after, whole_year

_SELF_EVALUATION_PART = ("自评工作", "评价小组", "自评材料", "评价工作")
_SELF_EVALUATION_WORK = regex_cache.compile(r"自评|评价小组|评价工作|评价报告|工作小组|领导小组|审议|报送|寄出|上交|上报|"
                                   r"报告公开|工作方案")


class SelfEvaluationWorkDatedWrong(Rule):
    """Work of the self-evaluation dated before the evaluated year ended or after the filing date.

    ## What it does
    In the 自评工作开展情况 part of the report (and the preamble), reads the dates of the
    self-evaluation's own work (成立自评工作小组, 审议, 报送, 寄出, 自评报告公开…). Flags a
    date on or before the last day of the evaluated year, and a date after the 填报日期
    unless the sentence is worded as a plan (将于, 计划, 拟). A date of another body's act
    (县财政局于2022年12月30日印发…通知, 2023年3月批复的绩效目标: the body named before or
    after the date, or opening its clause, is not the reporting unit; or the date is that of a
    thing issued or approved) is no date of the unit's work and is not checked. A year alone (2021年度,
    2021-2023年) names the years evaluated, not a date of the work, and so do the months from
    January that make the period evaluated (2022年1-9月部门整体支出绩效评价报告, 2022年1-12月;
    `2022年1-3月成立自评小组` is checked); a year
    alone lends no year to the
    dates after it: in `为做好2021年度绩效自评，我局于3月10日成立…` the 3月10日 is in the filing
    year, like any date without a year. A project's
    self-evaluation (项目支出, 衔接资金 …) dated from October to December of its year may be
    made on the project's completion, and is not reported.

    A report that evaluates part of a year, and says so where it names itself (its title or
    the lines above its body: `2022年1-9月部门整体支出绩效评价报告`), may be made once that part
    has ended: its window opens the day after the last month named.

    ## Why is this bad?
    A self-evaluation of a year is carried out after that year has ended and before the
    report is filed; a date outside that window is a wrong year, or work of another round
    of evaluation described as this one.

    ## Example
    `评价年度：2020年度 … 2020年8月3日，成立…自评工作小组` → `自评工作日期2020年8月3日早于评价年度2020年结束（2020年12月31日）`
    """

    code = "DAT007"
    name = "self-evaluation-work-dated-wrong"
    title = "自评工作日期有误"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        report = context.facts.report
        year = report.year
        if year is None:
            return
        filing = report.filing
        year_end = evaluated_period_end(context)  # (2022年1-9月部门整体支出绩效评价报告: from October on)
        assert year_end is not None  # (the year is known)
        filed = filing.date.first_day() if filing is not None and filing.date is not None else None
        unit = report.unit.value if report.unit is not None else None
        for found in block_dates(context.facts):
            if not _in_self_evaluation_part(found):
                continue
            for item in found.dated():
                left, right = found.item.sentence_bounds(item.start)
                if not _SELF_EVALUATION_WORK.search(found.item.view, left, right):
                    continue
                if _names_a_thing(found.item.view, item.end):
                    continue  # 2023年4-6月集采药品补助项目: the period of what is evaluated
                first = item.first if isinstance(item, DateRange) else item
                last = item.last if isinstance(item, DateRange) else item
                if first.fiscal or last.fiscal or (first.month is None and last.month is None):
                    continue  # 2021年度, 2021-2023年: the years evaluated, not when the work was done
                if (isinstance(item, DateRange) and first.month == 1 and first.day is None and last.day is None
                        and last.last_day() in (year_end, date(year, 12, 31))):
                    continue  # 2022年1-9月, 2022年1-12月: the period the report covers, not a time of the work
                default = filed.year if filed is not None else year + 1
                # 为做好2021年度绩效自评，我局于3月10日成立…: the year evaluated lends the work no year
                first, last = _without_fiscal_year(first), _without_fiscal_year(last)
                first = first.with_year(default)
                last = last.with_year(first.year or default)
                begins, ends = first.last_day(), last.first_day()
                if begins is None or ends is None:
                    continue
                early = begins <= year_end
                late = not early and filed is not None and ends > filed and item.mood != "planned"
                if not (early or late) or another_bodys_act(found.item.view, item.start, item.end, left, unit):
                    continue  # 县财政局于2022年12月30日印发…, 2023年3月批复的目标: not the unit's work
                if early:
                    if on_completion(context, begins, year):
                        continue  # a project evaluated when it was completed, late in its year
                    after = f"对{year}年度的自评应在年度结束后开展" if whole_year(year_end) else "评价应在所评期间结束后开展"
                    yield context.finding(
                        self, f"自评工作日期{first.shown}{before_period_end(begins, year_end)}：{after}" +
                              (f"；{_filing_words(context, filing)}" if filing else ""), item.span,
                        evidence={"stated": first.shown, "computed": first_day_after(year_end),
                                  "figures": [str(year)]})
                elif filing is not None and filing.date is not None:
                    yield context.finding(
                        self, f"自评工作日期{last.shown}晚于{_filing_words(context, filing)}：填报时尚未发生的事"
                              f"不应写成已完成；若为计划，请写明“将于”", item.span,
                        evidence={"stated": last.shown, "computed": filing.date.shown,
                                  "related": [{"line": filing.line, "field": filing.source}]})


def _without_fiscal_year(mention: DateMention) -> DateMention:
    """The mention without a year lent by a fiscal year (2021年度) earlier in its block."""
    return copy_with(mention, {"year": None}) if mention.year_from_fiscal else mention


# a date run into the name of what it dates: 2023年4-6月集采药品补助项目、…
_THING_NAMED = regex_cache.compile(r"[\u4e00-\u9fff（）()]{1,20}?(?:项目|资金|补助|补贴|经费)(?=[、，,。；;）)和及与等]|$)")


def _names_a_thing(view: str, end: int) -> bool:
    """The date is part of a name (a project, a fund) that follows it without a break."""
    return _THING_NAMED.match(view, end) is not None


def _in_self_evaluation_part(found: BlockDates) -> bool:
    """The preamble's paragraphs, and the sections about the self-evaluation's own work."""
    container, block = found.item.container, found.block
    if container is None:
        return isinstance(block, Paragraph) and block.kind == "paragraph"
    if not isinstance(container, Section):
        return False
    return _names_the_work(found.item.section)


@lru_cache(maxsize=1024)
def _names_the_work(titles: tuple[str, ...]) -> bool:
    """A section path names the self-evaluation's work: asked for every dated block by three
    rules (DAT007, DAT009, DAT010), while a report has only a few dozen distinct paths."""
    return any(word in title for title in titles for word in _SELF_EVALUATION_PART)


def _filing_words(context: CheckContext, filing: Optional[FilingDate]) -> str:
    """填报日期… (报告日期…, 落款…: where the filing date was read) and where it is, as the writer
    finds it (第5行, or its place in Word)."""
    if filing is None or filing.date is None:
        return ""
    return f"{filing.source}{filing.date.shown}（{context.where(filing.line)}）"
