"""DAT002 filing-date-out-of-place."""


from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field

from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..completion import on_completion
from ..period import before_period_end, evaluated_period_end, first_day_after, whole_year
from ..wording import evaluated_source


class FilingOptions(BaseModel):
    """Options of DAT002."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    latest_months_after_year_end: int = Field(
        12, ge=1, alias="latest-months-after-year-end", description="A filing date more than this many months after the evaluated year ended is implausible.")


class FilingDateOutOfPlace(Rule):
    """The 填报日期 falls before the evaluated year has ended, or implausibly long after it.

    ## What it does
    Compares the 填报日期 (from the header block or an attached table; without one, a cover's
    报告日期, 报送日期 …, else the date under the signature) with the evaluated
    year (评价年度, else the year in the title): a self-evaluation of 2021 cannot be filed
    on or before 2021年12月31日, and one filed more than a year after the year ended is
    most likely dated wrong.

    A report on part of a year, named in its title (`2022年1-9月部门整体支出绩效评价报告`), may be
    filed once those months have ended (plugins/dates/period.py).

    ## Why is this bad?
    A report cannot evaluate a year that has not ended; a wrong filing date usually means
    the year was copied from last year's report.

    A project's self-evaluation (its template or its title says 项目支出, 衔接资金, 专项资金 …)
    may be made when the project is completed, late in its year: one dated from October to
    December of the evaluated year is not reported. A department's whole-year report is.

    ## Example
    `评价年度：2021年度 … 填报日期：2021年5月18日` → `填报日期2021年5月18日早于评价年度2021年结束（2021年12月31日）`

    ## Options
    - `latest-months-after-year-end` (default 12): how many months after the evaluated
      year ended a filing date may fall.
    """

    code = "DAT002"
    name = "filing-date-out-of-place"
    title = "填报日期不合理"
    severity = "error"
    Options = FilingOptions

    def check(self, context: CheckContext) -> Iterator[Finding]:
        report = context.facts.report
        year = report.year
        if year is None:
            return
        limit = context.options(self).latest_months_after_year_end
        end = evaluated_period_end(context)  # (a report on 2022年1-9月 may be filed from October on)
        assert end is not None  # (the year is known)
        source = evaluated_source(context)
        for filing in report.filings:
            mention = filing.date
            day = mention.first_day() if mention is not None else None
            if mention is None or day is None:
                continue
            if day <= end:
                if on_completion(context, day, year):
                    continue  # a project evaluated when it was completed, late in its year (completion.py)
                after = f"对{year}年度的自评应在{year + 1}年填报" if whole_year(end) else "评价报告应在所评期间结束后填报"
                yield context.finding(
                    self, f"{filing.source}{mention.shown}{before_period_end(day, end)}；{after}（{source}）", mention.span,
                    evidence={"stated": mention.shown, "computed": first_day_after(end), "figures": [str(year)]})
                continue
            months = (day.year - year - 1) * 12 + day.month
            if months > limit:
                yield context.finding(
                    self, f"{filing.source}{mention.shown}距评价年度{year}年结束已{months}个月，超过{limit}个月，"
                          f"年份可能有误（{source}）", mention.span,
                    evidence={"stated": mention.shown, "computed": str(months), "figures": [str(year), str(limit)]})
