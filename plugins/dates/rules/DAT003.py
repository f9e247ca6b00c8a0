"""DAT003 evaluated-year-mismatch."""

from __future__ import annotations

from typing import Iterator

from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import describe, evaluated_source


class EvaluatedYearMismatch(Rule):
    """The places that name the evaluated year disagree.

    ## What it does
    Reads the evaluated year from 评价年度, the title (2023年部门整体支出绩效自评报告), the
    preamble (现将2021年度…报告如下, 对某局2021年度整体支出实施了绩效自评), every form's caption
    or title line, wherever it stands (（2022年度）, 附件二 2022年度部门整体支出绩效自评表,
    项目支出绩效自评表（2023年度）; a caption must fill its table row alone) and the
    self-evaluation notice it cites (a notice on 2022年…绩效自评工作, 湛财绩〔2022〕3号,
    evaluates 2021). The year most of them support is
    the evaluated year; each place that does not fit it is reported, with the others. A title's
    year that begins the project's name (the 项目名称 field's words, or a year glued to a fund's
    name: 2022年…补助资金项目) is part of the name and gives way to a later year stated as 年度
    (评价年度, or a caption （2023年度）).

    ## Why is this bad?
    A report that names two different years leaves the reader unsure which year's money it
    evaluates; it is the typical trace of a report copied from an earlier year.

    ## Example
    `评价年度：2021年度 … 现将2020年度…报告如下` → `前言“2020年”与评价年度2021年不一致（评价年度“2021年”，第4行）`
    """

    code = "DAT003"
    name = "evaluated-year-mismatch"
    title = "评价年度前后不一致"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        report = context.facts.report
        year = report.year
        if year is None:
            return
        source = evaluated_source(context)
        for claim in report.contradicting:
            yield context.finding(
                self, f"{describe(claim)}与评价年度{year}年不一致（{source}）", claim.span,
                evidence={"stated": str(claim.year), "computed": str(year),
                          "related": [{"line": c.line, "source": c.source, "year": c.year} for c in report.supporting]})
