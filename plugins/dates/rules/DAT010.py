"""DAT010 survey-before-year-end."""

from __future__ import annotations

from typing import Iterator

from reportlint import regex_cache
from reportlint.facts.dates import DateRange, block_dates
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..period import before_period_end, evaluated_period_end, first_day_after, whole_year
from .DAT007 import _in_self_evaluation_part

_SURVEY = regex_cache.compile(r"满意度调查|问卷调查|调查问卷|发放问卷|发放.{0,6}问卷|抽样调查|实地调研|实地核查|入户调查|走访调查|"
                     r"电话回访|现场核查|满意度测评")
# the self-evaluation's own survey, not the unit's everyday work
_OWN = regex_cache.compile(r"自评|本次评价|评价小组|评价工作组|绩效评价")


class SurveyBeforeYearEnd(Rule):
    """The self-evaluation's own survey dated before the evaluated year ended.

    ## What it does
    Wherever it stands (the analysis of 满意度 indicators, a form's notes), reads the dates
    of sentences that tell of a survey (满意度调查, 问卷调查, 实地核查, 电话回访 …) held for the
    self-evaluation (the sentence says 自评, 本次评价, 评价小组 or 绩效评价), and reports one that
    ends on or before the last day of the evaluated year. The 自评工作开展情况 part itself is
    DAT007's.

    A report on part of a year, named in its title (`2022年1-9月部门整体支出绩效评价报告`), may be
    surveyed once those months have ended (plugins/dates/period.py).

    ## Why is this bad?
    A survey made for the self-evaluation of a year is carried out after the year: one dated
    inside the year is a wrong year, or a survey of another round reused.

    ## Example
    `评价年度：2022年度 … 评价小组于2022年10月发放满意度调查问卷120份` →
    `自评调查日期2022年10月早于评价年度2022年结束（2022年12月31日）`

    ## Options
    None.
    """

    code = "DAT010"
    name = "survey-before-year-end"
    title = "满意度调查早于评价年度结束"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        report = context.facts.report
        year_end = evaluated_period_end(context)  # (the evaluated year's end, or that of 2022年1-9月)
        if year_end is None:
            return
        for found in block_dates(context.facts):
            if _in_self_evaluation_part(found):
                continue
            view = found.item.view
            if not _SURVEY.search(view):
                continue
            for item in found.dated():
                left, right = found.item.sentence_bounds(item.start)
                if not (_SURVEY.search(view, left, right) and _OWN.search(view, left, right)):
                    continue
                last = item.last if isinstance(item, DateRange) else item
                if not last.year_stated or last.year is None:
                    continue
                ends = last.last_day()
                if ends is None or ends > year_end:
                    continue
                shown = item.shown
                after = (f"对{report.year}年度的自评调查应在年度结束后开展" if whole_year(year_end)
                         else "评价调查应在所评期间结束后开展")
                yield context.finding(
                    self, f"自评调查日期{shown}{before_period_end(ends, year_end)}：{after}", item.span,
                    evidence={"stated": shown, "computed": first_day_after(year_end)})
