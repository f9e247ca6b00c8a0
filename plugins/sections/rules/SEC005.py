"""SEC005 numbering-skip: a heading marker or an enumeration jumps over a number."""

from __future__ import annotations

from typing import Iterator

from reportlint.parse.markers import render_as_written, render_enumeration
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..enumerations import enumeration_slips, report_enumeration_slip
from ..numbering import heading_slips, report_slip


class NumberingSkip(Rule):
    """Numbering skips a number: （一） then （三）, 一是 then 三是.

    ## What it does
    Follows every list of headings at each level (一、 （一） 1. （1） ①, full- or
    half-width) and every enumeration inside a paragraph (一是…二是…), and reports a
    number that jumps over the next one. Headings that lost their marker, and headings
    run into the end of a paragraph, are counted in their place. The markers due are
    written as the report writes its own (缺少“3、” in a list of 1、 2、 4、). A number that
    is a term of a formula (③=①+② or ③合计=①+② under a table's head) is no heading; an
    item that opens with its quantity's formula (（一）执行率=218.40/240.00×100%) is an item.
    A list's next marker written in another style, with the number due in the list
    ((一)(二)(3), the (3) read as the first item under (二)), is named as the list writes
    it: 此处应为“(三)”. A list whose first item is written run into its parent's text
    (附件：1.某某自评表, then 2.某某评分表 on a line of its own; 资金投入情况分析（一）资金到位情况。
    then （二）…) goes on from that item: 2. is no skip, 3. is a skip after it. So does a list
    numbered through its parents (（一）产出指标 1. 2. 3., then （二）效益指标 4. 5.): its first
    item is the one after the last under the heading before, and 4. is no skip.
    A marker alone on its line that would open a list at 50 (（50）, a form's group weight
    copied one cell to a line) is no item.

    ## Why is this bad?
    Either a part is missing or the numbering is wrong; both confuse the reader.

    ## Example
    `编号跳号：“（一）”之后应为“（二）”，此处为“（三）”`
    """

    code = "SEC005"
    name = "numbering-skip"
    title = "序号跳号"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for slip in heading_slips(context):
            if slip.rule != self.code:
                continue
            if slip.continued is not None:  # (一)(二)(3): the list of (二) continued in another style
                before = (slip.continued.marker or "").strip()
                message = (f"编号跳号：“{before}”{slip.where(context)}之后此处应为“{slip.expected}”，"
                           f"写成了另一级的编号“{slip.written}”")
            elif slip.previous == 0:
                message = f"编号跳号：本级第一个编号应为“{slip.expected}”，此处为“{slip.written}”"
            else:
                missing = missing_list([render_as_written(slip.written, slip.group.style, n) for n in range(slip.previous + 1, slip.number)])
                message = (f"编号跳号：“{slip.before}”{slip.where(context)}之后应为“{slip.expected}”，"
                           f"此处为“{slip.written}”，缺少{missing}")
            yield report_slip(context, self, slip, message)
        for item_slip in enumeration_slips(context):
            if item_slip.rule != self.code:
                continue
            item, last = item_slip.item, item_slip.last
            missing = missing_list([render_enumeration(n, item.word) for n in range(last.number + 1, item.number)])
            message = (f"分项编号跳号：“{last.marker}”{item_slip.where(context)}之后应为“{item_slip.expected}”，"
                       f"此处为“{item.marker}”，缺少{missing}")
            yield report_enumeration_slip(context, self, item_slip, message)


def missing_list(markers: list[str]) -> str:
    """“二是”、“三是” for a short gap; “2.”至“98.”（共97个） for a long one."""
    if len(markers) > 3:
        return f"“{markers[0]}”至“{markers[-1]}”（共{len(markers)}个）"
    return "、".join(f"“{marker}”" for marker in markers)
