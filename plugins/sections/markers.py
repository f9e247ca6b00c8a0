"""Numbering markers: how each style writes a number, and headings run into a paragraph's end."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from reportlint.parse.layout import heading_title, normalise_title
from reportlint.parse.model import Document, Paragraph, Section
from reportlint.numerals import cn_to_int, int_to_cn
from reportlint.parse.profiles import OutlineEntry
from reportlint.input.source import fold

STYLE_OF_LEVEL = {1: "cn-dun", 2: "cn-paren", 3: "arabic-dot", 4: "arabic-paren", 5: "circled"}
LEVEL_OF_STYLE = {style: level for level, style in STYLE_OF_LEVEL.items()}

CN = "一二三四五六七八九十"
# A marker at the end of a paragraph, after a sentence end or spaces: …组长审定。 （三）自评材料报送时间及质量。
_TAIL_HEADING = re.compile(
    rf"(?:(?<=[。；;！!？?])|(?<=\s))[ \u3000\xa0]*"
    rf"(?P<marker>(?P<cn_dun>[{CN}]{{1,3}})[ ]*、"
    rf"|[（(][ ]*(?P<cn_paren>[{CN}]{{1,3}})[ ]*[）)]"
    rf"|(?P<arabic_dot>\d{{1,2}})[ ]*(?:[.．](?!\d)|、)"
    rf"|[（(][ ]*(?P<arabic_paren>\d{{1,2}})[ ]*[）)])"
    rf"[ ]*(?P<title>[^。；;！!？?\n]{{2,30}})[。.；;]?[ \u3000\xa0]*$"
)
_GROUP_STYLE = {"cn_dun": "cn-dun", "cn_paren": "cn-paren", "arabic_dot": "arabic-dot",
                "arabic_paren": "arabic-paren"}


def missing_list(markers: list[str]) -> str:
    """“二是”、“三是” for a short gap; “2.”至“98.”（共97个） for a long one."""
    if len(markers) > 3:
        return f"“{markers[0]}”至“{markers[-1]}”（共{len(markers)}个）"
    return "、".join(f"“{marker}”" for marker in markers)


def marker_text(style: Optional[str], number: int) -> str:
    """The canonical way to write `number` in `style`: 一、 （二） 3. （4） ⑤."""
    if number < 1:
        return "?"
    if style == "cn-dun":
        return f"{int_to_cn(number)}、"
    if style == "cn-paren":
        return f"（{int_to_cn(number)}）"
    if style == "arabic-dot":
        return f"{number}."
    if style == "arabic-paren":
        return f"（{number}）"
    if style == "circled":
        return chr(0x245F + number) if number <= 20 else f"({number})"
    return str(number)


@dataclass(slots=True)
class TailHeading:
    """A template heading run into the end of a paragraph."""

    paragraph: Paragraph
    container: Section  # the section whose body holds the paragraph
    start: int  # offset of the marker in paragraph.text
    end: int  # offset after the heading (its 。 included)
    marker: str
    style: str
    number: int
    title: str
    entry: OutlineEntry

    @property
    def level(self) -> int:
        return LEVEL_OF_STYLE[self.style]

    @property
    def line(self) -> int:
        return self.paragraph.span.line


def tail_headings(document: Document, index: dict[str, OutlineEntry]) -> list[TailHeading]:
    """Template headings (titles of the profile) written at the end of a paragraph."""
    if not index:
        return []
    found: list[TailHeading] = []
    for section in document.walk_sections():
        for block in section.body:
            if not isinstance(block, Paragraph) or len(block.text) < 8:
                continue
            text = fold(block.text)
            if "）" not in text and ")" not in text and "、" not in text and "." not in text and "．" not in text:
                continue
            match = _TAIL_HEADING.search(text)
            if match is None or match.start("marker") == 0:
                continue
            title = heading_title(block.text[match.start("title"):match.end("title")])
            entry = index.get(normalise_title(title))
            if entry is None:
                continue
            style_group = next(name for name in _GROUP_STYLE if match.group(name))
            raw = match.group(style_group)
            number = int(raw) if raw.isdigit() else (cn_to_int(raw) or 0)
            end = match.end()
            while end > match.start() and block.text[end - 1] in " \u3000\xa0":
                end -= 1
            found.append(TailHeading(block, section, match.start("marker"), end,
                                     block.text[match.start("marker"):match.end("marker")],
                                     _GROUP_STYLE[style_group], number, title, entry))
    return found


def sections_with_parent(document: Document) -> Iterator[tuple[Optional[Section], list[Section]]]:
    """(parent, its children) for the top level (parent None) and every section with children."""
    yield None, document.sections
    for section in document.walk_sections():
        if section.children:
            yield section, section.children
