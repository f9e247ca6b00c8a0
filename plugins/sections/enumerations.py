"""Enumerations inside paragraphs (一是…二是…, 一要…二要…) and where a number does not continue its list.

Lists nest: 二是继续开展…。一是安排…；二是组织… is item 二 of one list holding a list of
its own, so each 一是 opens a new list, and a number that continues any open list (the
innermost first) is in order. Only a number that continues none of them is a slip.
A paragraph that opens with an enumeration continues the lists of the paragraph just
before it (一要… / 二要… / 三要… as separate paragraphs); any other paragraph, a table or
a new section starts afresh.

The open lists are a stack (a number that continues an outer list closes the inner ones),
kept to the innermost MAX_OPEN_LISTS: real writing nests two or three deep, and text that
opens list after list (一是，一是，一是…) must not make every placement scan all of them.
Read once per document and shared by SEC005, SEC006 and SEC007.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional, Sequence

from reportlint.parse.markers import render_enumeration
from reportlint.parse.model import Enumeration, Paragraph, Section, Table
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding

from .walk import all_sections
from reportlint.parse.records import Record

MAX_OPEN_LISTS = 16


class EnumerationSlip(Record):
    """An enumeration marker that continues none of the open lists, and the rule it belongs to."""

    __slots__ = ("rule", "block", "item", "last")

    rule: str  # SEC005 skip, SEC006 repeat, SEC007 goes back
    block: Paragraph
    item: Enumeration
    last: Enumeration  # the last item of the innermost open list

    def __init__(self, rule: str, block: Paragraph, item: Enumeration, last: Enumeration) -> None:
        self.rule = rule
        self.block = block
        self.item = item
        self.last = last

    @property
    def expected(self) -> str:
        return render_enumeration(self.last.number + 1, self.item.word)

    def where(self, context: CheckContext) -> str:
        """（第12行）: where the item it follows is, unless on the same line (in Word: its place)."""
        return f"（{context.where(self.last.span.line)}）" if self.last.span.line != self.item.span.line else ""


class _List:
    """An open list: its last item and the numbers that continue it.

    After a slip the list goes on from either reading (the number as written, or the one
    expected), so one slip is reported once: 一是 三是 三是 四是 flags only the first 三是.
    """

    __slots__ = ("last", "accept")

    def __init__(self, item: Enumeration, accept: Optional[set[int]] = None):
        self.last = item
        self.accept = accept or {item.number + 1}


def enumeration_slips(context: CheckContext) -> list[EnumerationSlip]:
    """The slips of every enumeration of the document, in document order."""
    return context.facts.memo("sections.enumeration_slips", lambda: list(_slips(all_sections(context))))


def _blocks(sections: list[Section]) -> Iterator[list]:
    """Per section: its heading line and body blocks, in order."""
    for section in sections:
        yield [section.heading, *section.body]


def _slips(sections: Sequence[Section]) -> Iterator[EnumerationSlip]:
    for blocks in _blocks(sections):
        lists: list[_List] = []  # open lists, outermost first
        previous_had = False
        for block in blocks:
            if isinstance(block, Table) or not isinstance(block, Paragraph):
                lists, previous_had = [], False
                continue
            items = block.enumerations
            if not items:
                lists, previous_had = [], False
                continue
            leads = items[0].span.column == block.span.column
            if not (leads and previous_had):
                lists = []
            for item in items:
                slip = _place(block, lists, item)
                if slip is not None:
                    yield slip
            previous_had = True


def _place(block: Paragraph, lists: list[_List], item: Enumeration) -> Optional[EnumerationSlip]:
    number = item.number
    for depth in range(len(lists) - 1, -1, -1):
        if number in lists[depth].accept:
            del lists[depth + 1:]
            lists[depth] = _List(item)
            return None
    if number == 1 or not lists:
        if len(lists) >= MAX_OPEN_LISTS:
            del lists[0]  # the outermost: the deepest nesting real text uses is far shallower
        lists.append(_List(item))
        return None
    last = lists[-1].last
    expected_number = last.number + 1
    if number == last.number:
        rule = "SEC006"
    elif number < last.number:
        rule = "SEC007"
    else:
        rule = "SEC005"
    lists[-1] = _List(item, {number, number + 1, expected_number + 1} if rule == "SEC005"
                      else {number + 1, expected_number + 1})
    return EnumerationSlip(rule, block, item, last)


def report_enumeration_slip(context: CheckContext, rule: Any, slip: EnumerationSlip, message: str) -> Finding:
    """The finding of an enumeration slip: at the marker, with what was written and what was due."""
    item, block, last = slip.item, slip.block, slip.last
    start = item.span.column - block.span.column if item.span.line == block.span.line else 0
    return context.finding(rule, message, block=block, start=start, end=start + len(item.marker),
                           evidence={"stated": item.marker, "computed": slip.expected,
                                     "related": [{"line": last.span.line, "column": last.span.column,
                                                  "marker": last.marker}]})
