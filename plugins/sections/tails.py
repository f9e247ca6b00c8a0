"""Template headings run into the end of a paragraph: …组长审定。 （三）自评材料报送时间及质量。

Read once per document (`context.facts.memo`) and shared: SEC012 reports them, the
numbering rules count them in their place in the list (so the next marker is no skip), and
the template rules accept them as the section they name.
"""

from __future__ import annotations

import re

from reportlint import regex_cache
from reportlint.facts.text import SENTENCE_END_CHARS
from reportlint.parse.layout import heading_title, normalise_title
from reportlint.parse.markers import LEVEL_OF_STYLE, marker_alternation, matched_style
from reportlint.parse.model import Paragraph, Section
from reportlint.parse.outline import title_index
from reportlint.parse.profiles import OutlineEntry
from reportlint.pluginapi.context import CheckContext
from reportlint.input.source import fold

from .walk import all_sections
from reportlint.parse.records import Record

_ENDS = re.escape("".join(sorted(SENTENCE_END_CHARS - {"\n"})))
_TITLE_MAX = 30  # the longest title of a run-in heading
# at least the characters of the longest marker besides its spaces (（十二） has 4; a test checks)
_MARKER_MAX = 8
# A marker at the end of a paragraph, after a sentence end or spaces, then a short title
# that ends the paragraph (with its closing mark, if any).
_TAIL_HEADING = regex_cache.compile(
    rf"(?:(?<=[{_ENDS}])|(?<=\s))[ \u3000\xa0]*"
    rf"(?P<marker>{marker_alternation(run_in=True)})"
    rf"[ ]*(?P<title>[^{_ENDS}\n]{{2,{_TITLE_MAX}}})[。.；;]?[ \u3000\xa0]*$"
)


_SPACES = " \u3000\xa0"


def _earliest_start(text: str) -> int:
    """An offset no match of _TAIL_HEADING starts before, so that the pattern (it opens with a
    lookbehind, which the engine tries at every position) runs on the paragraph's tail only.

    A match ends the text: spaces, a marker (at most _MARKER_MAX characters besides spaces),
    spaces, a title of at most _TITLE_MAX characters, an optional closing mark, spaces.
    """
    end = len(text)
    if text.endswith("\n"):  # `$` also matches before a final line break
        end -= 1
    while end and text[end - 1] in _SPACES:
        end -= 1
    if end and text[end - 1] in "。.；;":
        end -= 1
    at = max(0, end - _TITLE_MAX)  # the title starts here at the earliest
    marker = 0  # back over the spaces before the title, the marker with its spaces, the spaces before it
    while at and (text[at - 1] in _SPACES or marker < _MARKER_MAX):
        marker += text[at - 1] not in _SPACES
        at -= 1
    return at


class TailHeading(Record):
    """A template heading run into the end of a paragraph."""

    __slots__ = ("paragraph", "container", "start", "end", "marker", "style", "number", "title", "entry")

    paragraph: Paragraph
    container: Section  # the section whose body holds the paragraph
    start: int  # offset of the marker in paragraph.text
    end: int  # offset after the heading (its 。 included)
    marker: str
    style: str
    number: int
    title: str
    entry: OutlineEntry

    def __init__(self, paragraph: Paragraph,
                 container: Section,
                 start: int,
                 end: int,
                 marker: str,
                 style: str,
                 number: int,
                 title: str,
                 entry: OutlineEntry) -> None:
        self.paragraph = paragraph
        self.container = container
        self.start = start
        self.end = end
        self.marker = marker
        self.style = style
        self.number = number
        self.title = title
        self.entry = entry

    @property
    def level(self) -> int:
        return LEVEL_OF_STYLE[self.style]

    @property
    def line(self) -> int:
        return self.paragraph.span.line


def tail_headings(context: CheckContext) -> list[TailHeading]:
    """The report's run-in template headings whose section is not present as a heading."""
    return context.facts.memo("sections.tail_headings", lambda: _read(context))


def _read(context: CheckContext) -> list[TailHeading]:
    profile = context.profile
    index = title_index(profile) if profile is not None else {}
    if not index:
        return []
    facts = context.facts
    found: list[TailHeading] = []
    sections = all_sections(context)
    for section in sections:
        for block in section.body:
            if not isinstance(block, Paragraph) or len(block.text) < 8:
                continue
            read = facts.block_text(block)
            text = read.view if read is not None else fold(block.text)
            if "）" not in text and ")" not in text and "、" not in text and "." not in text and "．" not in text:
                continue
            match = _TAIL_HEADING.search(text, _earliest_start(text))
            if match is None or match.start("marker") == 0:
                continue
            title = heading_title(block.text[match.start("title"):match.end("title")])
            entry = index.get(normalise_title(title))
            if entry is None:
                continue
            style = matched_style(match)
            number = style.number_of(match.group(style.group))
            end = match.end()
            while end > match.start() and block.text[end - 1] in " \u3000\xa0":
                end -= 1
            found.append(TailHeading(block, section, match.start("marker"), end,
                                     block.text[match.start("marker"):match.end("marker")],
                                     style.name, number, title, entry))
    if found:
        present = {s.canonical for s in sections if s.canonical}
        found = [tail for tail in found if tail.entry.title not in present]
    return found
