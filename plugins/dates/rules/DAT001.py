"""DAT001 impossible-date."""

from __future__ import annotations

from typing import Iterator

from reportlint import regex_cache
from reportlint.facts.dates import every_point
from reportlint.facts.report import FILING_LABEL
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

_DIGIT = regex_cache.compile(r"[0-9０-９]")


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
    title = "日期不存在"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        for mention in every_point(facts):
            problem = mention.problem()
            if problem is None:
                continue
            yield context.finding(
                self, f"日期“{mention.text}”不存在：{problem}", mention.span,
                evidence={"stated": mention.text,
                          "figures": [str(v) for v in (mention.year, mention.month, mention.day) if v is not None]})
        for filing in facts.report.filings:
            if filing.source != FILING_LABEL:
                continue  # a cover's 报告日期：2023年3月: a month is a usual way to date a report
            if filing.date is not None or not _DIGIT.search(filing.value):
                continue  # a complete date, or left blank (年 月 日): not a date mistake
            if any(not mention.valid for mention in filing.mentions):
                continue  # 2022年2月30日: reported above as an impossible date
            yield context.finding(
                self, f"填报日期“{filing.value.strip()}”不是完整的日期（应写作如2025年5月14日）", filing.span,
                evidence={"stated": filing.value.strip()}, suggestion="写明年、月、日")
