"""Heading numbering: lists of sibling headings, lost markers, skips, repeats, borrowed markers.

Siblings are grouped by parent, level and marker style (a borrowed run is a list of its
own). A heading that lost its marker takes the number its place in the list gives it;
a heading run into the end of a paragraph (see markers.tail_headings) counts in its place,
so that neither makes the next marker look like a skip.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

from reportlint.pluginapi.context import CheckContext
from reportlint.parse.model import Document, Section

from .markers import STYLE_OF_LEVEL, TailHeading, marker_text, missing_list, sections_with_parent


@dataclass(slots=True)
class Slot:
    """One item of a list of headings: a section, or a heading run into a paragraph."""

    item: Union[Section, TailHeading]
    number: Optional[int]  # as written; None when the marker is lost
    expected: Optional[int] = None  # for a lost marker: the number its place gives it
    confident: bool = False  # the neighbours agree on `expected`

    @property
    def line(self) -> int:
        return self.item.span.line if isinstance(self.item, Section) else self.item.line

    @property
    def marker(self) -> str:
        return (self.item.marker or "") if isinstance(self.item, Section) else self.item.marker


@dataclass(slots=True)
class Group:
    parent: Optional[Section]
    level: int
    style: str
    borrowed: bool
    slots: list[Slot] = field(default_factory=list)


def _group_style(children: list[Section], level: int) -> str:
    styles = Counter(c.style for c in children if c.level == level and c.style and not c.borrowed)
    return styles.most_common(1)[0][0] if styles else STYLE_OF_LEVEL.get(level, "arabic-dot")


def build_groups(document: Document, tails: list[TailHeading]) -> list[Group]:
    """Every list of sibling headings in the document, in document order, numbers inferred."""
    groups: dict[tuple, Group] = {}
    parent_of: dict[int, Optional[Section]] = {}
    for parent, children in sections_with_parent(document):
        usual_style: dict[int, str] = {}  # per level, counted once (not once per unmarked child)
        for child in children:
            parent_of[id(child)] = parent
            style = child.style
            if not style:
                style = usual_style.get(child.level)
                if style is None:
                    style = usual_style[child.level] = _group_style(children, child.level)
            key = (id(parent), child.level, style, child.borrowed)
            group = groups.get(key)
            if group is None:
                group = groups[key] = Group(parent, child.level, style, child.borrowed)
            group.slots.append(Slot(child, child.number if child.marker is not None else None))
    unsorted: dict[int, Group] = {}
    for tail in tails:
        # the heading belongs beside the enclosing section of its own level
        section: Optional[Section] = tail.container
        chain = []
        while section is not None:
            chain.append(section)
            section = parent_of.get(id(section))
        sibling = next((s for s in chain if s.level == tail.level), None)
        parent = parent_of.get(id(sibling)) if sibling is not None else tail.container
        if sibling is None and tail.container.level >= tail.level:
            continue
        key = (id(parent), tail.level, tail.style, False)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(parent, tail.level, tail.style, False)
        group.slots.append(Slot(tail, tail.number))
        unsorted[id(group)] = group
    for group in unsorted.values():
        group.slots.sort(key=lambda slot: slot.line)
    for group in groups.values():
        _infer(group.slots)
    return sorted(groups.values(), key=lambda g: g.slots[0].line)


def _infer(slots: list[Slot]) -> None:
    """Numbers for lost markers: one more than the item before; confident when the next marked agrees."""
    # index of the next marked slot after each position, found in one backward pass
    next_marked: list[Optional[int]] = [None] * len(slots)
    following: Optional[int] = None
    for index in range(len(slots) - 1, -1, -1):
        next_marked[index] = following
        if slots[index].number is not None:
            following = index
    previous = 0
    for index, slot in enumerate(slots):
        if slot.number is not None:
            previous = slot.number
            continue
        slot.expected = previous + 1
        previous = slot.expected
        after = next_marked[index]
        slot.confident = after is None or slots[after].number == slot.expected + (after - index)


# -- the checks -------------------------------------------------------------------------

def _title_of(section: Optional[Section]) -> str:
    if section is None:
        return ""
    return f"{section.marker or ''}{section.title}"


def check_missing_markers(context: CheckContext, groups: list[Group]) -> Iterator:
    for group in groups:
        for index, slot in enumerate(group.slots):
            if slot.number is not None or not isinstance(slot.item, Section):
                continue
            section = slot.item
            heading = section.heading
            start = heading.text.find(section.title)
            start = max(start, 0)
            if slot.confident and slot.expected:
                expected = marker_text(group.style, slot.expected)
                message = f"标题“{section.title}”缺少编号，应为“{expected}{section.title}”"
                suggestion = f"{expected}{section.title}"
            else:
                expected = None
                message = f"标题“{section.title}”缺少编号（{STYLE_WORD_HINT.get(group.style, '')}）"
                suggestion = None
            yield context.finding(
                "SEC004", message, block=heading, start=start, end=start + len(section.title),
                evidence={"expected": expected, "style": group.style,
                          "related": _neighbours(group, index)},
                suggestion=suggestion)


STYLE_WORD_HINT = {"cn-dun": "同级标题用“一、”式编号", "cn-paren": "同级标题用“（一）”式编号",
                   "arabic-dot": "同级标题用“1.”式编号", "arabic-paren": "同级标题用“（1）”式编号",
                   "circled": "同级标题用“①”式编号"}


def _neighbours(group: Group, index: int) -> list[dict]:
    out = []
    for other in (group.slots[index - 1] if index else None,
                  group.slots[index + 1] if index + 1 < len(group.slots) else None):
        if other is not None and other.number is not None:
            out.append({"line": other.line, "marker": other.marker})
    return out


def check_sequences(context: CheckContext, groups: list[Group]) -> Iterator:
    """SEC005 skip / SEC006 repeat / SEC007 goes back, between the marked items of each list.

    After a slip the list goes on from either reading (as written, or as expected), so
    that one slip is reported once: （一）（三）（三）（四） flags only the first （三）.
    """
    for group in groups:
        previous, previous_slot, uncertain = 0, None, False
        accept = {1}
        for slot in group.slots:
            if slot.number is None:
                if slot.confident and slot.expected:
                    previous, accept = slot.expected, {slot.expected + 1}
                else:
                    uncertain = True
                continue
            number = slot.number
            if uncertain or number in accept:
                accept = {number + 1}
            else:
                yield _sequence_finding(context, group, slot, previous, previous_slot)
                accept = {number + 1, previous + 2} | ({number} if number > previous + 1 else set())
            previous, previous_slot, uncertain = number, slot, False


def _sequence_finding(context: CheckContext, group: Group, slot: Slot, previous: int,
                      previous_slot: Optional[Slot]):
    style, number = group.style, slot.number
    expected = marker_text(style, previous + 1)
    written = slot.marker.strip()
    where = f"（第{previous_slot.line}行）" if previous_slot is not None else ""
    before = marker_text(style, previous) if previous else ""
    if previous == 0:
        rule = "SEC005"
        message = f"编号跳号：本级第一个编号应为“{expected}”，此处为“{written}”"
    elif number == previous:
        rule = "SEC006"
        message = f"编号重复：“{before}”已在前面使用{where}，此处应为“{expected}”"
    elif number < previous:
        rule = "SEC007"
        message = f"编号倒退：“{before}”{where}之后出现“{written}”，此处应为“{expected}”"
    else:
        rule = "SEC005"
        missing = missing_list([marker_text(style, n) for n in range(previous + 1, number)])
        message = f"编号跳号：“{before}”{where}之后应为“{expected}”，此处为“{written}”，缺少{missing}"
    evidence = {"stated": written, "computed": expected,
                "related": [{"line": previous_slot.line, "marker": previous_slot.marker}] if previous_slot else []}
    if isinstance(slot.item, Section):
        heading = slot.item.heading
        start = max(heading.text.find(slot.item.marker or ""), 0)
        return context.finding(rule, message, block=heading, start=start,
                               end=start + len(slot.item.marker or ""), evidence=evidence)
    tail = slot.item
    return context.finding(rule, message, block=tail.paragraph, start=tail.start,
                           end=tail.start + len(tail.marker), evidence=evidence)


def check_borrowed(context: CheckContext, groups: list[Group]) -> Iterator:
    """SEC008: one finding per run of borrowed markers."""
    for group in groups:
        if not group.borrowed:
            continue
        sections = [slot.item for slot in group.slots if isinstance(slot.item, Section)]
        if not sections:
            continue
        first = sections[0]
        own_style = STYLE_OF_LEVEL.get(first.level, "arabic-dot")
        if own_style == first.style:
            own_style = "arabic-dot"
        written = "".join(f"“{s.marker}”" for s in sections)
        proper = "".join(f"“{marker_text(own_style, s.number or i)}”" for i, s in enumerate(sections, 1))
        parent = _title_of(group.parent)
        message = f"“{parent}”下的列表借用了上级编号{written}，易与正文的上级标题混淆，应改用本级编号{proper}"
        heading = first.heading
        start = max(heading.text.find(first.marker or ""), 0)
        yield context.finding("SEC008", message, block=heading, start=start,
                              end=start + len(first.marker or ""),
                              evidence={"stated": written, "computed": proper,
                                        "related": [{"line": s.span.line, "marker": s.marker} for s in sections]})


_VARIANT_DIGITS = re.compile(r"[一二三四五六七八九十\d①-⑳]+")


def check_mixed_styles(context: CheckContext, document: Document) -> Iterator:
    """SEC011: markers of one style written unlike most of that style in the report."""
    by_style: dict[str, list[tuple[Section, str]]] = {}
    for section in document.walk_sections():
        if section.marker is None or section.style is None:
            continue
        variant = _VARIANT_DIGITS.sub("N", section.marker)
        by_style.setdefault(section.style, []).append((section, variant))
    for style, items in by_style.items():
        counts = Counter(variant for _, variant in items)
        if len(counts) < 2:
            continue
        usual, _ = counts.most_common(1)[0]
        example = next(s.marker for s, v in items if v == usual)
        for section, variant in items:
            if variant == usual:
                continue
            heading = section.heading
            start = max(heading.text.find(section.marker or ""), 0)
            yield context.finding(
                "SEC011", f"编号写法不一致：“{section.marker}”，本文同级编号多写作“{example}”式",
                block=heading, start=start, end=start + len(section.marker or ""),
                evidence={"stated": section.marker, "computed": example})
