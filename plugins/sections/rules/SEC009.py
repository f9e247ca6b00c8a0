"""SEC009 empty-section: a template section holds nothing but its heading."""

from __future__ import annotations

from typing import Iterator, Optional, Union

from reportlint import regex_cache
from reportlint.parse.model import Cell, Paragraph, Section
from reportlint.parse.outline import points_to_attachment
from reportlint.parse.profiles import Profile
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..leftovers import find_in_text
from ..matching import label, outline_matches


class EmptySection(Rule):
    """A template section holds nothing but its heading.

    ## What it does
    Reports a section matched to the template outline that has no text, no table and no
    subsection: only its heading (or only leftover template instructions). A heading that
    says where its content is (`三、专项资金主要绩效（附专项资金绩效目标自评表）`, `（详见附件2）`,
    `见附表`) is answered there.

    ## Why is this bad?
    The question the template asks in that section is left unanswered. Write at least
    "无" when there is nothing to report.

    ## Example
    `章节“（三）自评材料报送时间及质量”没有内容`
    """

    code = "SEC009"
    name = "empty-section"
    title = "章节内容为空"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        profile = context.profile
        seen: set[int] = set()  # a heading that answers two parts (存在的问题及改进措施) is named once
        for match in outline_matches(context):
            section = match.found
            if not isinstance(section, Section) or section.children or id(section) in seen:
                continue
            seen.add(id(section))
            heading = section.heading
            if points_to_attachment(heading.text):
                continue  # 三、专项资金主要绩效（附专项资金绩效目标自评表）: its content is the attachment
            title_at = heading.text.find(section.title)
            rest = title_at + len(section.title) if title_at >= 0 else len(heading.text)
            if has_content(context, heading, rest, profile):
                continue
            if any(not isinstance(block, Paragraph) or has_content(context, block, 0, profile)
                   for block in section.body):
                continue
            yield context.finding(self, f"章节“{label(section)}”没有内容（只有标题），应填写，无内容时写明“无”",
                                  block=heading, evidence={"expected": match.entry.title})


_EMPTY = regex_cache.compile(r"[\s\u3000\xa0。.，,：:；;、“”\"（）()—-]*")



def has_content(context: CheckContext, block: Union[Paragraph, Cell], start: int, profile: Optional[Profile]) -> bool:
    """Whether block.text[start:] says anything besides punctuation and template leftovers."""
    text = block.text
    if start >= len(text) or _EMPTY.fullmatch(text, start):
        return False  # (removing leftovers from punctuation alone leaves punctuation)
    read = context.facts.block_text(block)
    spans = [(f.start, f.end) for f in find_in_text(block, profile, read.view if read is not None else None,
                                                    instructions_only=True)]
    kept = []
    at = start
    for begin, end in sorted(spans):
        if end <= at:
            continue
        kept.append(text[at:max(begin, at)])
        at = max(at, end)
    kept.append(text[at:])
    return not _EMPTY.fullmatch("".join(kept))
