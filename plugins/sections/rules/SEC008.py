"""SEC008 borrowed-markers: a list inside a section uses a higher level's markers."""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint.parse.markers import render
from reportlint.parse.model import Section
from reportlint.parse.outline import is_report_title
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..numbering import heading_groups, usual_style


class BorrowedMarkers(Rule):
    """A list inside a section uses a higher level's markers.

    ## What it does
    Reports a run of items numbered 一、二、 (first-level markers) inside a deeper section
    such as （五）改进措施, once per run, and names the markers the level calls for. A page
    that holds a second report (项目支出绩效评价报告 on a line of its own after the first
    report's last section, then its own 一、) starts the outline again: that 一、 is the
    second report's first part, not a borrowed item; a report embedded in a section
    named after it (九、整体支出绩效自评报告, then 一、二、) numbers its own parts; and a run
    after an item that states itself after a colon (3、涉及范围：校园内及互联网。, then （一）项目
    资金到位情况分析) is not inside that item: the text lost the heading above the run, and
    renumbering it under the item would be wrong advice.

    ## Why is this bad?
    The items read as new top-level parts of the report: 一、 under （五） and then the real
    四、 make the outline ambiguous.

    ## Example
    `“（五）改进措施”下的列表借用了上级编号“一 、”“二、”，应改用本级编号“1.”“2.”`
    """

    code = "SEC008"
    name = "borrowed-markers"
    title = "借用上级序号"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for group in heading_groups(context):  # one finding per run of borrowed markers
            if not group.borrowed:
                continue
            if group.parent is not None and is_report_title(group.parent.title):
                continue  # 九、整体支出绩效自评报告: the report embedded there numbers its own parts
            if group.parent is not None and _is_a_stated_item(group.parent):
                continue  # 3、涉及范围：校园内及互联网。 is an item of a list, not a part the run could be under
            sections = [slot.item for slot in group.slots if isinstance(slot.item, Section)]
            if not sections:
                continue
            first = sections[0]
            own_style = usual_style(first.level)
            if own_style == first.style:
                own_style = "arabic-dot"
            written = "".join(f"“{s.marker}”" for s in sections)
            proper = "".join(f"“{render(own_style, s.number or i)}”" for i, s in enumerate(sections, 1))
            message = (f"“{_title_of(group.parent)}”下的列表借用了上级编号{written}，易与正文的上级标题混淆，"
                       f"应改用本级编号{proper}")
            heading = first.heading
            start = max(heading.text.find(first.marker or ""), 0)
            yield context.finding(self, message, block=heading, start=start, end=start + len(first.marker or ""),
                                  evidence={"stated": written, "computed": proper,
                                            "related": [{"line": s.span.line, "marker": s.marker} for s in sections]})


def _is_a_stated_item(section: Section) -> bool:
    """Whether the heading is an item of a list with its statement after a colon (3、涉及范围：校园内及
    互联网。): a run of higher markers after it (（一）项目资金到位情况分析 …) is not a list inside it
    but parts whose own heading the text lost, and renumbering them under it would be wrong."""
    text = section.heading.text
    at = text.find(section.title) if section.title else -1
    if at < 0:
        return False
    rest = text[at + len(section.title):].lstrip(" \u3000")
    return rest[:1] in ("：", ":") and len(rest.strip(" \u3000：:。")) >= MIN_STATEMENT


MIN_STATEMENT = 4  # the characters after an item's colon that make it a statement, not a heading's colon


def _title_of(section: Optional[Section]) -> str:
    if section is None:
        return ""
    return f"{section.marker or ''}{section.title}"
