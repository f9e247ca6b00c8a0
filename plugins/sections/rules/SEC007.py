"""SEC007 numbering-goes-back: a heading marker or an enumeration is lower than the one before it."""

from __future__ import annotations

from typing import Iterator

from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..enumerations import enumeration_slips, report_enumeration_slip
from ..numbering import heading_slips, report_slip


class NumberingGoesBack(Rule):
    """Numbering goes back: （三） then （二）, 三是 then 二是.

    ## What it does
    Reports a heading marker or in-paragraph enumeration whose number is lower than the one
    before it at the same level. A list that starts again at its first number is not an
    error: 一是 after 三是 (a new list, or a list nested inside an item: 二是…。一是…；二是…),
    and a heading 1. after 3. (a list nested under item 3. in the same style, or a
    flattened table's second list: 三公经费 1、… 3、, then 项目支出 1、…).

    ## Why is this bad?
    The order of the items is broken, or an item is misnumbered.

    ## Example
    `编号倒退：“（三）”之后出现“（二）”，此处应为“（四）”`
    """

    code = "SEC007"
    name = "numbering-goes-back"
    title = "序号倒退"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for slip in heading_slips(context):
            if slip.rule == self.code:
                message = (f"编号倒退：“{slip.before}”{slip.where(context)}之后出现“{slip.written}”，"
                           f"此处应为“{slip.expected}”")
                yield report_slip(context, self, slip, message)
        for item_slip in enumeration_slips(context):
            if item_slip.rule == self.code:
                last, item = item_slip.last, item_slip.item
                message = (f"分项编号倒退：“{last.marker}”{item_slip.where(context)}之后出现“{item.marker}”，"
                           f"此处应为“{item_slip.expected}”")
                yield report_enumeration_slip(context, self, item_slip, message)
