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
    second report's first part, not a borrowed item; and a report embedded in a section
    named after it (九、整体支出绩效自评报告, then 一、二、) numbers its own parts.

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


def _title_of(section: Optional[Section]) -> str:
    if section is None:
        return ""
    return f"{section.marker or ''}{section.title}"
