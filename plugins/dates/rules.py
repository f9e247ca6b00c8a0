"""The DAT rules: declarations and documentation (the checks live in checks.py)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from reportlint.pluginapi.rules import Rule


class ImpossibleDate(Rule):
    """A date that does not exist, or a 填报日期 that is not a date.

    ## What it does
    Flags a written date whose month or day cannot exist (2月30日, 5月38日, 2022年13月,
    2月29日 in a year that is not a leap year), in any form the report uses (2022年5月18日,
    2022-05-18, 2022/5/18, 2022.5.18, 二〇二二年五月三十二日). Also flags a 填报日期 whose
    value holds digits but is not one complete date (202511, 2025年11月).

    ## Why is this bad?
    An impossible date is a typing mistake: the reader cannot tell which day was meant, and
    every check that compares dates loses its footing.

    ## Example
    `填报日期：2022年2月30日` → `日期“2022年2月30日”不存在：2月只有28天`
    """

    code = "DAT001"
    name = "impossible-date"
    severity = "error"


class FilingOptions(BaseModel):
    """Options of DAT002."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    latest_months_after_year_end: int = Field(
        12, ge=1, alias="latest-months-after-year-end", description="A filing date more than this many months after the evaluated year ended is implausible.")


class FilingDateOutOfPlace(Rule):
    """The 填报日期 falls before the evaluated year has ended, or implausibly long after it.

    ## What it does
    Compares the 填报日期 (from the header block or an attached table) with the evaluated
    year (评价年度, else the year in the title): a self-evaluation of 2021 cannot be filed
    on or before 2021年12月31日, and one filed more than a year after the year ended is
    most likely dated wrong.

    ## Why is this bad?
    A report cannot evaluate a year that has not ended; a wrong filing date usually means
    the year was copied from last year's report.

    ## Example
    `评价年度：2021年度 … 填报日期：2021年5月18日` → `填报日期2021年5月18日早于评价年度2021年结束（2021年12月31日）`

    ## Options
    - `latest-months-after-year-end` (default 12): how many months after the evaluated
      year ended a filing date may fall.
    """

    code = "DAT002"
    name = "filing-date-out-of-place"
    severity = "error"
    Options = FilingOptions


class EvaluatedYearMismatch(Rule):
    """The places that name the evaluated year disagree.

    ## What it does
    Reads the evaluated year from 评价年度, the title (2023年部门整体支出绩效自评报告), the
    preamble (现将2021年度…报告如下) and the self-evaluation notice it cites (a notice on
    2022年…绩效自评工作, 湛财绩〔2022〕3号, evaluates 2021). The year most of them support is
    the evaluated year; each place that does not fit it is reported, with the others.

    ## Why is this bad?
    A report that names two different years leaves the reader unsure which year's money it
    evaluates; it is the typical trace of a report copied from an earlier year.

    ## Example
    `评价年度：2021年度 … 现将2020年度…报告如下` → `前言“2020年”与评价年度2021年不一致（评价年度“2021年”，第4行）`
    """

    code = "DAT003"
    name = "evaluated-year-mismatch"
    severity = "error"


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
    severity = "error"


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
    severity = "warning"


class ResultDatedWrongYear(Rule):
    """A figure of the evaluated year's own results dated with another year.

    ## What it does
    In a paragraph that states the evaluated year's 决算 figures (2024年决算收入1557.15万元),
    flags another 决算 / 实际支出 figure dated with a different year in a sentence that
    does not present it as a comparison (上年, 较2022年, 同比, 增加 …). Table cells are
    left alone: a 2022年决算数 column is a legitimate comparison.

    ## Why is this bad?
    The evaluated year's results dated with another year (2023年决算支出 in the 2024
    report) are either a typing slip or last year's figure left in the text; either way
    the reader is misled.

    ## Example
    `2024年决算收入1557.15万元…；2023年决算支出1564.1万元，其中…` in the 2024 report →
    `评价年度为2024年，本段写有2024年决算收入1557.15万元，此处却是“2023年决算支出1564.1万元”`
    """

    code = "DAT006"
    name = "result-dated-wrong-year"
    severity = "warning"


class SelfEvaluationWorkDatedWrong(Rule):
    """Work of the self-evaluation dated before the evaluated year ended or after the filing date.

    ## What it does
    In the 自评工作开展情况 part of the report (and the preamble), reads the dates of the
    self-evaluation's own work (成立自评工作小组, 审议, 报送, 寄出, 自评报告公开…). Flags a
    date on or before the last day of the evaluated year, and a date after the 填报日期
    unless the sentence is worded as a plan (将于, 计划, 拟).

    ## Why is this bad?
    A self-evaluation of a year is carried out after that year has ended and before the
    report is filed; a date outside that window is a wrong year, or work of another round
    of evaluation described as this one.

    ## Example
    `评价年度：2020年度 … 2020年8月3日，成立…自评工作小组` → `自评工作日期2020年8月3日早于评价年度2020年结束（2020年12月31日）`
    """

    code = "DAT007"
    name = "self-evaluation-work-dated-wrong"
    severity = "warning"


class MalformedDocumentNumber(Rule):
    """A document number (发文字号) whose year bracket is malformed.

    ## What it does
    Flags document numbers whose 〔year〕 is not closed (〔20241号, year and serial run
    together) or holds more than the year (财〔预2020〕10号, where 预 belongs to the issuer's
    code: 财预〔2020〕10号).

    ## Why is this bad?
    A document number identifies the cited document; written wrongly, it cannot be looked up
    and its year cannot be read.

    ## Example
    `湛财绩〔20241号` → `发文字号“湛财绩〔20241号”格式有误：缺少右括号，年份与序号连在一起，应为“湛财绩〔2024〕1号”`
    """

    code = "DAT008"
    name = "malformed-document-number"
    severity = "warning"


RULES: list[type[Rule]] = [
    ImpossibleDate, FilingDateOutOfPlace, EvaluatedYearMismatch, ReversedRange, ScheduleGoesBack,
    ResultDatedWrongYear, SelfEvaluationWorkDatedWrong, MalformedDocumentNumber,
]
