"""SEC004 missing-marker: a heading lost its numbering marker."""

from __future__ import annotations

from typing import Iterator

from reportlint.parse.markers import render, style_named
from reportlint.parse.model import Section
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..numbering import Group, heading_groups


class MissingMarker(Rule):
    """A heading lost its numbering marker.

    ## What it does
    Reports a heading that was recognised only because its title is one of the template's
    (单位基本情况 on a line of its own) while the template numbers it, and says which
    marker the numbering around it calls for (一、 before 二、; （二） between （一） and
    （三）). When the neighbours do not settle the number, the message names no marker.
    A line followed by a bare figure (项目支出, then 151.70) is a form's label cell copied
    one cell to a line, not a heading: no heading's content opens with a figure alone.

    ## Why is this bad?
    The outline reads as broken (二、 with no 一、), and a reader cannot tell a heading from
    a line of text.

    ## Example
    `标题“单位基本情况”缺少编号，应为“一、单位基本情况”`
    """

    code = "SEC004"
    name = "missing-marker"
    title = "标题缺少序号"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for group in heading_groups(context):
            for index, slot in enumerate(group.slots):
                if slot.number is not None or not isinstance(slot.item, Section):
                    continue
                section = slot.item
                heading = section.heading
                start = max(heading.text.find(section.title), 0)
                if slot.confident and slot.expected:
                    expected = render(group.style, slot.expected)
                    message = f"标题“{section.title}”缺少编号，应为“{expected}{section.title}”"
                    suggestion = f"{expected}{section.title}"
                else:
                    expected = None
                    message = f"标题“{section.title}”缺少编号（{style_hint(group.style)}）"
                    suggestion = None
                yield context.finding(
                    self, message, block=heading, start=start, end=start + len(section.title),
                    evidence={"expected": expected, "style": group.style, "related": _neighbours(group, index)},
                    suggestion=suggestion)


def style_hint(style: str) -> str:
    """同级标题用“（一）”式编号: the marker style the heading's siblings use."""
    try:
        return f"同级标题用“{style_named(style).example}”式编号"
    except KeyError:
        return ""


def _neighbours(group: Group, index: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for other in (group.slots[index - 1] if index else None,
                  group.slots[index + 1] if index + 1 < len(group.slots) else None):
        if other is not None and other.number is not None:
            out.append({"line": other.line, "marker": other.marker})
    return out
