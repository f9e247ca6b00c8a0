"""SEC002 missing-header-field: a header field the template requires is missing or blank."""

from __future__ import annotations

from typing import Iterator

from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule


class MissingHeaderField(Rule):
    """A header field the template requires is missing or left blank.

    ## What it does
    Checks the labelled fields under the title (评价年度：, 评价单位：, 填报日期：) against the
    profile's `required_fields`; reports a field that is absent, or present with no value.

    ## Why is this bad?
    The header identifies the report: which unit, which year, when it was filed.

    ## Example
    `表头缺少“填报日期”（模板要求：评价年度、评价单位、填报日期）`
    """

    code = "SEC002"
    name = "missing-header-field"
    title = "缺少表头项目"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        profile, document = context.profile, context.document
        if profile is None:
            return
        required = profile.required_fields
        for label in required:
            field = document.field(label)
            if field is None:
                where = f"，应在标题“{document.title}”下方填写" if document.title else ""
                span = document.title_span or context.line_span(1)
                yield context.finding(self, f"表头缺少“{label}”（模板要求：{'、'.join(required)}）{where}",
                                      span, evidence={"expected": label, "figures": list(required)})
            elif not field.value.strip(" \u3000\xa0"):
                yield context.finding(self, f"表头“{label}”未填写", field.span, evidence={"expected": label})
