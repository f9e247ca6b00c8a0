"""Lists of sibling headings, their numbers, and where a number does not continue its list.

Siblings are grouped by parent, level and marker style (a borrowed run is a list of its
own). A heading that lost its marker takes the number its place in the list gives it;
a heading run into the end of a paragraph (see tails.py) counts in its place, so that
neither makes the next marker look like a skip. Read once per document and shared by
SEC004 (lost markers), SEC005/006/007 (skips, repeats, going back) and SEC008 (borrowed).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator, Optional, Sequence, Union

from reportlint import regex_cache
from reportlint.parse.markers import STYLE_OF_LEVEL, marker_alternation, matched_style, render_as_written
from reportlint.parse.model import Document, Paragraph, Section
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding

from .tails import TailHeading, tail_headings
from .walk import all_sections
from reportlint.parse.records import Record


class Slot(Record):
    """One item of a list of headings: a section, or a heading run into a paragraph."""

    __slots__ = ("item", "number", "expected", "confident")

    item: Union[Section, TailHeading]
    number: Optional[int]  # as written; None when the marker is lost
    expected: Optional[int]  # for a lost marker: the number its place gives it
    confident: bool  # the neighbours agree on `expected`

    def __init__(self, item: Union[Section, TailHeading],
                 number: Optional[int],
                 expected: Optional[int] = None,
                 confident: bool = False) -> None:
        self.item = item
        self.number = number
        self.expected = expected
        self.confident = confident

    @property
    def line(self) -> int:
        return self.item.span.line if isinstance(self.item, Section) else self.item.line

    @property
    def marker(self) -> str:
        return (self.item.marker or "") if isinstance(self.item, Section) else self.item.marker


class Group(Record):
    __slots__ = ("parent", "level", "style", "borrowed", "slots")

    parent: Optional[Section]
    level: int
    style: str
    borrowed: bool
    slots: list[Slot]

    def __init__(self, parent: Optional[Section],
                 level: int,
                 style: str,
                 borrowed: bool,
                 slots: Optional[list[Slot]] = None) -> None:
        self.parent = parent
        self.level = level
        self.style = style
        self.borrowed = borrowed
        self.slots = list() if slots is None else slots


def sections_with_parent(document: Document, sections: Optional[Sequence[Section]] = None
                         ) -> Iterator[tuple[Optional[Section], list[Section]]]:
    """(parent, its children) for the top level (parent None) and every section with children.

    `sections`: the document's sections in order (walk.all_sections), walked here if not given.
    """
    yield None, document.sections
    for section in sections if sections is not None else document.walk_sections():
        if section.children:
            yield section, section.children


def usual_style(level: int) -> str:
    """The style a level's markers take when nothing in the report says otherwise."""
    return STYLE_OF_LEVEL.get(level, "arabic-dot")


def _group_style(children: list[Section], level: int) -> str:
    styles = Counter(c.style for c in children if c.level == level and c.style and not c.borrowed)
    return styles.most_common(1)[0][0] if styles else usual_style(level)


def heading_groups(context: CheckContext) -> list[Group]:
    """Every list of sibling headings in the document, in document order, numbers inferred."""
    return context.facts.memo("sections.heading_groups",
                              lambda: build_groups(context.document, tail_headings(context), all_sections(context)))


def build_groups(document: Document, tails: list[TailHeading], sections: Optional[Sequence[Section]] = None) -> list[Group]:
    groups: dict[tuple, Group] = {}
    parent_of: dict[int, Optional[Section]] = {}
    for parent, children in sections_with_parent(document, sections):
        usual: dict[int, str] = {}  # per level, counted once (not once per unmarked child)
        for child in children:
            parent_of[id(child)] = parent
            style = child.style
            if not style:
                style = usual.get(child.level)
                if style is None:
                    style = usual[child.level] = _group_style(children, child.level)
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


# -- slips: a marked heading whose number does not continue its list --------------------

class Slip(Record):
    """A heading marker that does not continue its list, and the rule it belongs to."""

    __slots__ = ("rule", "group", "slot", "previous", "previous_slot", "continued")

    rule: str  # SEC005 skip, SEC006 repeat, SEC007 goes back
    group: Group
    slot: Slot
    previous: int  # the number before it (0: it is the first)
    previous_slot: Optional[Slot]
    # the heading whose list the marker continues in another style ((3) after (一)(二), read as
    # the first item under (二)): the marker due is the next of that list ((三)), not (1)
    continued: Optional[Section]

    def __init__(self, rule: str, group: Group, slot: Slot, previous: int, previous_slot: Optional[Slot],
                 continued: Optional[Section] = None) -> None:
        self.rule = rule
        self.group = group
        self.slot = slot
        self.previous = previous
        self.previous_slot = previous_slot
        self.continued = continued

    @property
    def number(self) -> int:
        return self.slot.number or 0

    @property
    def written(self) -> str:
        return self.slot.marker.strip()

    @property
    def expected(self) -> str:
        """The number due, written as the writer writes this marker (4、 after 3、, 4. after 3.);
        for a marker that continues the list above in another style, that list's next ((三))."""
        if self.continued is not None:
            return render_as_written((self.continued.marker or "").strip(), self.continued.style, self.number)
        return render_as_written(self.written, self.group.style, self.previous + 1)

    @property
    def before(self) -> str:
        """The marker before, as written; as its number renders when it was lost."""
        if not self.previous:
            return ""
        written = self.previous_slot.marker.strip() if self.previous_slot is not None else ""
        return written if written and self.previous_slot.number == self.previous \
            else render_as_written(self.written, self.group.style, self.previous)

    def where(self, context: CheckContext) -> str:
        """（第12行）: where the heading it follows is, as the writer finds it (in Word: its place)."""
        if self.continued is not None:
            return f"（{context.where(self.continued.span.line)}）"
        return f"（{context.where(self.previous_slot.line)}）" if self.previous_slot is not None else ""


def heading_slips(context: CheckContext) -> list[Slip]:
    """The slips of every list of headings, in document order of the lists."""
    return context.facts.memo("sections.heading_slips",
                              lambda: list(_slips(heading_groups(context), context.document.front)))


def _slips(groups: list[Group], front: Sequence[Any] = ()) -> Iterator[Slip]:
    """Skips, repeats and going back between the marked items of each list.

    After a slip the list goes on from either reading (as written, or as expected), so
    that one slip is reported once: （一）（三）（三）（四） flags only the first （三）. A list
    that starts again at 1 (1. 2. 3. 1. 2.) is a new list, as 一是 after 三是 is in a paragraph,
    and so is a 1 after a 1 written with another mark (1、 then 1.).
    """
    next_number = _next_sibling_numbers(groups)
    cousins = _CousinLists(groups)
    for group in groups:
        previous, previous_slot, uncertain = 0, None, False
        accept = {1}
        opened = _opened_before(group, front) or cousins.continued(group)
        if opened:  # the list's first item was run into the parent's text: the headings go on from it
            previous, accept = opened, {opened + 1}
        for slot in group.slots:
            if slot.number is None:
                if slot.confident and slot.expected:
                    previous, accept = slot.expected, {slot.expected + 1}
                else:
                    uncertain = True
                continue
            number = slot.number
            if previous == 0 and number >= 2 and _bare_marker(slot):
                continue  # （50） alone on a line, first of nothing: a form cell's figure, not item 50
            if uncertain or number in accept or (number == 1 and previous >= 2) \
                    or (number == 1 and previous == 1 and _punctuated_apart(previous_slot, slot)) \
                    or (number > previous + 1 and _read_as_decimals(group, previous_slot, previous, number)):
                # 1 after 3 starts a list of its own (a list nested under an item in the same
                # style, or a table's second list), not a slip: the order of neither is broken
                accept = {number + 1}
            else:
                if previous == 0 or number > previous:
                    rule = "SEC005"
                elif number == previous:
                    rule = "SEC006"
                else:
                    rule = "SEC007"
                continued = _continued(group, slot, next_number) if previous == 0 else None
                yield Slip(rule, group, slot, previous, previous_slot, continued)
                accept = {number + 1, previous + 2} | ({number} if number > previous + 1 else set())
            previous, previous_slot, uncertain = number, slot, False


# a marker written inside running text (one style's pattern per named group); a marker with
# no bracket of its own (1. 一、) counts there only after a boundary: the line's start, a
# label's colon, a sentence's end, a closing bracket or a space
_RUN_IN = regex_cache.compile(marker_alternation(run_in=True))
_BOUNDARY = frozenset("：:，,。；;！？!?）)」』 \u3000\t")


def _punctuated_apart(first: Optional[Slot], second: Slot) -> bool:
    """Two items 1 written with another mark after the number (1、《…规范》 then, in a cost table
    further on, 1.维修费…): two lists of one item each, not one list with 1 twice."""
    if first is None:
        return False
    marks = [_MARK.sub("", str(getattr(slot.item, "marker", "") or "")).replace("．", ".") for slot in (first, second)]
    return bool(marks[0]) and bool(marks[1]) and marks[0] != marks[1]


_MARK = regex_cache.compile(r"[\d\s\u3000]")


def _opened_before(group: Group, front: Sequence[Any] = ()) -> int:
    """The number of the item the parent's own text opens the list with, else 0.

    附件：1.某某自评表 then 2.某某评分表 on the next line; 三、…分析（一）资金投入情况 then
    （二）… as headings: the list's first item was written run into the parent's heading or
    its last paragraph, so the list's first heading (2., （二）) continues it and is no skip.
    Only the last marker of the list's style in that text counts, and only when it is below
    the first heading's number (附件：1.… then 3.…: a skip after that 1.). At the report's top
    level the text is that before its first heading (现将情况报告如下：一、绩效目标分解下达情况…
    then 二、… as a heading).
    """
    parent, first = group.parent, group.slots[0]
    if not isinstance(first.item, Section) or first.number is None or first.number < 2:
        return 0
    if parent is None:  # the report's own top level: its text before the first heading (现将…如下：一、…)
        texts = [block.text for block in front if isinstance(block, Paragraph) and block.kind == "paragraph"
                 and block.span.end_line < first.item.span.line]
    else:
        texts = [parent.heading.text] + [block.text for block in parent.body if isinstance(block, Paragraph)
                                         and block.span.end_line < first.item.span.line]
    last = 0
    for text in texts:
        for match in _RUN_IN.finditer(text):
            style = matched_style(match)
            if style.name != group.style:
                continue
            start = match.start()
            if parent is not None and text is parent.heading.text and not text[:start].strip():
                continue  # the parent's own marker
            if not style.before and start and text[start - 1] not in _BOUNDARY:
                continue
            last = style.number_of(match.group(style.group))
    return last if last < first.number else 0


class _CousinLists:
    """The list of the same kind under the heading before a list's parent, for numbering that
    runs on across parents: （一）产出指标 1. 2. 3. then （二）效益指标 4. 5.: the writer numbers
    the indicators through, and 4. under （二） goes on from 3., no skip."""

    __slots__ = ("_before", "_last")

    def __init__(self, groups: list[Group]) -> None:
        self._before: dict[int, Section] = {}  # id(section) → the sibling heading before it
        self._last: dict[tuple, int] = {}  # (id(parent), level, style, borrowed) → its list's last number
        for group in groups:
            items = [slot.item for slot in group.slots]
            for earlier, later in zip(items, items[1:]):
                if isinstance(earlier, Section) and isinstance(later, Section):
                    self._before[id(later)] = earlier
            numbers = [slot.number for slot in group.slots if slot.number is not None]
            if numbers and group.parent is not None:
                self._last[(id(group.parent), group.level, group.style, group.borrowed)] = numbers[-1]

    def continued(self, group: Group) -> int:
        """The number the list under the parent's previous sibling ends with, when this list's
        first marker is the one after it; else 0."""
        first = group.slots[0]
        if group.parent is None or first.number is None or first.number < 2:
            return 0
        cousin = self._before.get(id(group.parent))
        if cousin is None:
            return 0
        last = self._last.get((id(cousin), group.level, group.style, group.borrowed))
        return last if last == first.number - 1 else 0


def _bare_marker(slot: Slot) -> bool:
    """The heading is its marker alone (（50）, 2.), its title empty: a wrapped item's marker
    when it continues a list, a form cell's bracketed figure when it would open one at 50."""
    item = slot.item
    return isinstance(item, Section) and not item.title.strip()


def _next_sibling_numbers(groups: list[Group]) -> dict[int, Optional[int]]:
    """id(section) → the number of the item after it in its own list (None: it is the last)."""
    out: dict[int, Optional[int]] = {}
    for group in groups:
        slots = group.slots
        for index, slot in enumerate(slots):
            if isinstance(slot.item, Section):
                out[id(slot.item)] = slots[index + 1].number if index + 1 < len(slots) else None
    return out


def _continued(group: Group, slot: Slot, next_number: dict[int, Optional[int]]) -> Optional[Section]:
    """The heading whose list a list's first marker continues in another style: (3) read as the
    first item under (二) of (一)(二) has the number due after (二), and (二)'s list has no item
    of that number of its own. None otherwise (a (3) under (一), or (3) then (三) later)."""
    parent = group.parent
    if parent is None or group.slots[0] is not slot or not parent.marker or not parent.style \
            or parent.style == group.style or not parent.number or slot.number != parent.number + 1:
        return None
    if next_number.get(id(parent), 0) == slot.number:
        return None
    return parent


def _read_as_decimals(group: Group, previous_slot: Optional[Slot], previous: int, number: int) -> bool:
    """The numbers between `previous` and `number` are there, read as decimals: the item
    2.135个农家书屋… starts as 2.135 does, so the layout kept it in the body of item 1."""
    if group.style != "arabic-dot" or previous_slot is None or not isinstance(previous_slot.item, Section):
        return False
    starts = [block.text.lstrip() for block in previous_slot.item.body if isinstance(block, Paragraph)]
    return all(any(text.startswith(f"{missing}{dot}") and text[len(str(missing)) + 1:][:1].isdigit()
                   for text in starts for dot in ".．")
               for missing in range(previous + 1, number))


def report_slip(context: CheckContext, rule: Any, slip: Slip, message: str) -> Finding:
    """The finding of a heading slip: at the marker, with what was written and what was due."""
    previous_slot = slip.previous_slot
    evidence = {"stated": slip.written, "computed": slip.expected,
                "related": [{"line": previous_slot.line, "marker": previous_slot.marker}] if previous_slot else []}
    item = slip.slot.item
    if isinstance(item, Section):
        heading = item.heading
        start = max(heading.text.find(item.marker or ""), 0)
        return context.finding(rule, message, block=heading, start=start,
                               end=start + len(item.marker or ""), evidence=evidence)
    return context.finding(rule, message, block=item.paragraph, start=item.start,
                           end=item.start + len(item.marker), evidence=evidence)
