"""SEC010 template-leftover: template instructions and unfilled placeholders left in the report."""

from __future__ import annotations

from typing import Iterator

from reportlint.parse.model import Span
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..leftovers import find_leftovers


class TemplateLeftover(Rule):
    """Template text left in the report: instructions and unfilled placeholders.

    ## What it does
    Reports the instructions the template prints in its blanks (from the profile's
    `template_phrases`, such as 简介评价小组成立情况，人员构成，职能分工等。) and text shaped
    like one (a sentence starting with 简介 / 简述 / 请填写 …); and placeholders: XXX, ××,
    【请填写】, （单位名称）, the template's word limit left after a prompt (（100字以内）,
    （限200字）), a template's note on what a part must hold (（比照预算公开的内容格式）,
    （需公开内设机构数量…）), figures never filled in (≥** 平方米, **万元, a document number's
    [2025]**号), runs of underscores, blank
    dates (    年  月  日) and the profile's own `placeholders` patterns.

    A word limit that closes a duty the form sets on a condition is the form's own note,
    printed on every filled copy, and is not reported: 预算执行率未达到90%的需说明原因
    （100字以内）, 如有调整，请说明理由（100字以内）. Nor is a prompt word used as a label
    with the writer's own text after its colon (简要说明：本站在编人员12人…); it is when what
    follows the label is still an instruction (简要说明：请填写…). The form's printed note on
    scoring a kind of indicator (若定量指标为正向指标（即指标值为≥*），则得分=…) writes ≥* for
    "any value", and the indicator library's names end with the target's shape (…人数（≥**人）)
    beside a filled target: neither is a blank.

    ## Why is this bad?
    The report was published with the template's scaffolding still in it.

    ## Example
    `模板说明文字未删除：“简介评价小组成立情况，人员构成，职能分工等。”`
    """

    code = "SEC010"
    name = "template-leftover"
    title = "残留模板文字"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        position = context.source.position
        for start, end, kind, text in find_leftovers(context.source, context.profile):
            (line, column), (end_line, end_column) = position(start), position(end)
            span = Span(line=line, column=column, end_line=end_line, end_column=end_column)
            yield context.finding(self, MESSAGES[kind].format(text=text.strip()), span,
                                  evidence={"stated": text, "kind": kind})


MESSAGES = {
    "instruction": "模板说明文字未删除：“{text}”",
    "placeholder": "模板占位符未替换：“{text}”",
    "hint": "模板填写提示未替换：“{text}”",
    "blank": "模板留空未填写：“{text}”",
}
