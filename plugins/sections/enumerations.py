"""Enumerations inside paragraphs (一是…二是…, 一要…二要…): skips, repeats, going back.

Lists nest: 二是继续开展…。一是安排…；二是组织… is item 二 of one list holding a list of
its own, so each 一是 opens a new list, and a number that continues any open list (the
innermost first) is in order. Only a number that continues none of them is reported.
A paragraph that opens with an enumeration continues the lists of the paragraph just
before it (一要… / 二要… / 三要… as separate paragraphs); any other paragraph, a table or
a new section starts afresh.

The open lists are a stack (a number that continues an outer list closes the inner ones),
kept to the innermost MAX_OPEN_LISTS: real writing nests two or three deep, and text that
opens list after list (一是，一是，一是…) must not make every placement scan all of them.
"""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint.pluginapi.context import CheckContext
from reportlint.parse.model import Document, Enumeration, Paragraph, Table

from reportlint.numerals import int_to_cn

from .markers import missing_list

MAX_OPEN_LISTS = 16


def _blocks(document: Document) -> Iterator[list]:
    """Per section: its heading line and body blocks, in order."""
    for section in document.walk_sections():
        yield [section.heading, *section.body]


class _List:
    """An open list: its last item and the numbers that continue it.

    After a slip the list goes on from either reading (the number as written, or the one
    expected), so one slip is reported once: 一是 三是 三是 四是 flags only the first 三是.
    """

    __slots__ = ("last", "accept")

    def __init__(self, item: Enumeration, accept: Optional[set[int]] = None):
        self.last = item
        self.accept = accept or {item.number + 1}


def check_enumerations(context: CheckContext, document: Document) -> Iterator:
    for blocks in _blocks(document):
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
                finding = _place(context, block, lists, item)
                if finding is not None:
                    yield finding
            previous_had = True


def _place(context: CheckContext, block: Paragraph, lists: list[_List], item: Enumeration) -> Optional[object]:
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
    current = lists[-1]
    last = current.last
    expected_number = last.number + 1
    expected = f"{int_to_cn(expected_number)}{item.word}"
    before = last.marker
    where = f"（第{last.span.line}行）" if last.span.line != item.span.line else ""
    if number == last.number:
        rule = "SEC006"
        message = f"分项编号重复：“{before}”已在前面使用{where}，此处应为“{expected}”"
    elif number < last.number:
        rule = "SEC007"
        message = f"分项编号倒退：“{before}”{where}之后出现“{item.marker}”，此处应为“{expected}”"
    else:
        rule = "SEC005"
        missing = missing_list([f"{int_to_cn(n)}{item.word}" for n in range(last.number + 1, number)])
        message = f"分项编号跳号：“{before}”{where}之后应为“{expected}”，此处为“{item.marker}”，缺少{missing}"
    lists[-1] = _List(item, {number, number + 1, expected_number + 1} if rule == "SEC005"
                      else {number + 1, expected_number + 1})
    if not context.enabled(rule):
        return None
    start = item.span.column - block.span.column if item.span.line == block.span.line else 0
    return context.finding(rule, message, block=block, start=start, end=start + len(item.marker),
                           evidence={"stated": item.marker, "computed": expected,
                                     "related": [{"line": last.span.line, "column": last.span.column,
                                                  "marker": last.marker}]})
