"""SEC012 heading-in-paragraph: a template heading is run into the end of a paragraph."""

from __future__ import annotations

from typing import Iterator

from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..tails import tail_headings


class HeadingInParagraph(Rule):
    """A template heading is run into the end of a paragraph.

    ## What it does
    Reports a paragraph that ends with a numbered template heading (…组长审定。 （三）自评材料
    报送时间及质量。): the heading lost its line break and reads as part of the text above.

    ## Why is this bad?
    The section seems to be missing; its content seems to belong to the section before.

    ## Example
    `标题“（三）自评材料报送时间及质量”接在上一段末尾，应另起一行`
    """

    code = "SEC012"
    name = "heading-in-paragraph"
    title = "标题混入段落末尾"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for tail in tail_headings(context):
            heading = tail.paragraph.text[tail.start:tail.end].rstrip("。.；; ")
            yield context.finding(self, f"标题“{heading}”接在上一段末尾，应另起一行作为标题",
                                  block=tail.paragraph, start=tail.start, end=tail.end,
                                  evidence={"expected": tail.entry.title}, suggestion=heading)
