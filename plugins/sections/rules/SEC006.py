"""SEC006 numbering-repeat: a heading marker or an enumeration repeats the number before it."""

from __future__ import annotations

from typing import Iterator

from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..enumerations import enumeration_slips, report_enumeration_slip
from ..numbering import heading_slips, report_slip


class NumberingRepeat(Rule):
    """The same number is used twice in a row: （2） then （2）, 四是 then 四是.

    ## What it does
    Reports a heading marker or an in-paragraph enumeration (一是/二要) that repeats the
    number just before it at the same level. A line that opens with a list of ranks
    (一、二级指标…, 一、二、三级) where its 一、 is not the next heading is text, not a heading.
    A 1 after a 1 written with another mark (1、《…规范》, then 1.维修费… in a cost table
    further on) opens a new list: it is no repeat.

    ## Why is this bad?
    Two items with one number: references to "（2）" become ambiguous and the count is off.

    ## Example
    `编号重复：“（2）”已在第95行使用，此处应为“（3）”`
    """

    code = "SEC006"
    name = "numbering-repeat"
    title = "序号重复"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for slip in heading_slips(context):
            if slip.rule == self.code:
                message = f"编号重复：“{slip.before}”已在前面使用{slip.where(context)}，此处应为“{slip.expected}”"
                yield report_slip(context, self, slip, message)
        for item_slip in enumeration_slips(context):
            if item_slip.rule == self.code:
                message = f"分项编号重复：“{item_slip.last.marker}”已在前面使用{item_slip.where(context)}，此处应为“{item_slip.expected}”"
                yield report_enumeration_slip(context, self, item_slip, message)
