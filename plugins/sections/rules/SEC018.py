"""SEC018 doubled-marker: a heading written with its marker twice (一、一、部门基本情况)."""

from __future__ import annotations

from typing import Iterator

from reportlint.parse.markers import read_marker
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

# the styles a doubled marker is a slip in: 1.1. is a decimal outline's own number, not a slip
_DOUBLED_STYLES = frozenset({"cn-dun", "cn-paren", "arabic-paren"})


class DoubledMarker(Rule):
    """A heading starts with its marker written twice: 一、一、部门基本情况, （二）（二）预算执行.

    ## What it does
    Reports a heading whose title opens, right after its marker, with another marker of the
    same style (一、 then 一、 or 二、; （一） then （一）; （1） then （1）). It happens in Word when
    a paragraph numbered automatically also has its number typed: Word shows 一、一、. Decimal
    markers are left alone (1.1. is a number of a decimal outline), and so are markers of
    another style (一、（一）…: two headings run together, read as such by the outline).

    ## Why is this bad?
    The reader sees the number twice, and a typed number does not follow the automatic ones
    when headings are added or moved.

    ## Example
    `一、一、部门基本情况` → `标题编号重复书写：“一、”之后又写了“一、”，应只保留一个编号`

    ## Options
    None.
    """

    code = "SEC018"
    name = "doubled-marker"
    title = "标题编号重复书写"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for section in context.document.walk_sections():
            marker, style = section.marker, section.style
            if not marker or style not in _DOUBLED_STYLES or section.borrowed:
                continue
            text = section.heading.text
            first = text.find(marker)
            if first < 0:
                continue
            rest_at = first + len(marker)
            rest = text[rest_at:]
            lead = len(rest) - len(rest.lstrip(" \u3000\t"))
            second = read_marker(rest[lead:])
            if second is None or second.style.name != style or second.end >= len(rest) - lead:
                continue  # another style, or a marker alone: nothing typed twice
            start = rest_at + lead
            written = rest[lead:lead + second.end].rstrip(" \u3000\t")
            yield context.finding(self, f"标题编号重复书写：“{marker.strip()}”之后又写了“{written}”，应只保留一个编号",
                                  block=section.heading, start=start, end=start + len(written),
                                  evidence={"stated": marker.strip() + written, "computed": marker.strip()})
