"""FRM005 repeated-figure-conflict: the same labelled figure stated with different values.

`2020年收入预算3057.90万元` (line 54) and `2020年…收入预算数为3132.88万元` (line 88) name the same
thing: same label (收入预算 / 收入预算数 once 数 is dropped), same year, same budget/actual
qualifier (it is part of the label: 收入预算 ≠ 决算收入 ≠ 年初预算), same subject. The subject
comes from the section: 年初预算 under 1.基本支出情况 and under 2.项目支出情况 are different
figures, and so are the figures under two headings naming two projects ((一)甲项目, (二)乙项目).
Only labels that name a money or head-count figure of the unit as a whole are
compared, both years must be stated, and generic labels (实际支出, 年初预算 …) are left out,
because in prose they take their subject from context we do not parse.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator, Optional

from reportlint import regex_cache
from reportlint.facts import Facts, Quantity
from reportlint.parse.model import Paragraph
from reportlint.pluginapi.rules import Rule

from .. import subjects
from ..reading import blocks
from reportlint.parse.records import Record

_SUBJECTS = ("基本支出", "项目支出", "三公", "公用经费", "政府性基金", "国有资本", "社会保险", "专项")
_NAMES = regex_cache.compile(r"收入|支出|经费|拨款|编制|在职|退休|离退休|转移支付")
# labels specific enough to name one figure wherever they stand (中央级资金转移支付)
_OWN_SUBJECT = regex_cache.compile(r"转移支付|中央级")
_NOT_A_NAME = regex_cache.compile(r"较|比|增|减|下降|上升|同口径|涉及|其中|累计|超|差|结余分配")
_GENERIC = {"实际支出", "支出", "收入", "年初预算", "全年预算", "决算", "预算", "执行数", "全年执行数"}
_LEAD = regex_cache.compile(r"^(?:收到|获得|取得|争取到|争取|到位)")  # 收到中央级资金转移支付 → 中央级资金转移支付
_TAIL = regex_cache.compile(r"(?:数|金额|额|总额)$")


class RepeatedFigureConflict(Rule):
    """The same labelled figure is stated with different values in two places.

    ## What it does
    Compares figures that carry the same label (收入预算 / 收入预算数), the same year and the
    same subject (the section they stand in: 基本支出 vs 项目支出; the project its heading
    names: （一）甲项目 vs （二）乙项目), and reports the later one
    when the two values cannot be the same, naming both places. A label that names its own
    subject (三公经费支出, 中央级资金转移支付) is compared across sections. Generic labels (实际支出,
    年初预算) and figures without a stated year are not compared, nor are two figures in
    different items of one paragraph's enumeration (一是…已支出42万元；二是…已支出518.6万元),
    nor a figure of a paragraph that opens with a place (青阳县申请…补贴238.34万元…) and one of
    the whole or of another place (我县, 本区, 全县 are the unit itself).

    ## Why is this bad?
    One of the two is wrong, and whatever was computed from it too.

    ## Example
    line 54 `2020年收入预算3057.90万元`, line 88 `收入预算数为3132.88万元`.
    """

    code = "FRM005"
    name = "repeated-figure-conflict"
    title = "同一数据前后不一致"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        located = [(figure, item.section) for item in blocks(facts) if isinstance(item.block, Paragraph)
                   for figure in item.figures]
        for conflict in conflicts(located):
            first, second = conflict.first, conflict.second
            message = (f"{conflict.year}年「{conflict.label}」此处为 {second.shown}，而{context.where(first.line)}为 {first.shown}，"
                       f"同一数据前后不一致。")
            yield context.finding(
                self, message, block=second.block, start=second.start, end=second.end,
                evidence={"stated": second.shown, "figures": [first.shown, second.shown],
                          "related": [{"line": first.line, "label": first.label, "value": first.shown}]})


class Conflict(Record):
    __slots__ = ("first", "second", "label", "year")

    first: Quantity
    second: Quantity
    label: str
    year: int

    def __init__(self, first: Quantity, second: Quantity, label: str, year: int) -> None:
        self.first = first
        self.second = second
        self.label = label
        self.year = year


@lru_cache(maxsize=4096)  # labels recur within and across reports (FRM011 asks too)
def label_key(label: str) -> Optional[str]:
    """The comparable form of a label, or None when it is too generic to compare."""
    if not label or len(label) < 3 or len(label) > 14 or _NOT_A_NAME.search(label) or not _NAMES.search(label):
        return None
    key = _TAIL.sub("", _LEAD.sub("", label))
    if key in _GENERIC or len(key) < 3:
        return None
    return key


@lru_cache(maxsize=1024)  # asked for every figure; a report has few section paths
def subject_of(path: tuple[str, ...]) -> str:
    """The narrowest subject the section path names (基本支出 under 1.基本支出情况), '' for the whole unit."""
    for title in reversed(path):
        for subject in _SUBJECTS:
            if subject in title:
                return subject
    return ""


@lru_cache(maxsize=1024)
def project_of(path: tuple[str, ...]) -> str:
    """The project the narrowest heading of the path names ((一)乡村振兴示范村建设项目), '' for none:
    the 项目支出 under two sibling headings of two projects are two figures."""
    for title in reversed(path):
        name = subjects.project_named(title, before=1)
        if name is not None:
            return name
    return ""


@lru_cache(maxsize=4096)
def subject_of_label(key: str) -> str:
    """A label that names its own subject (三公经费支出, 中央级转移支付资金) is compared across
    sections: the subject is the label's, not the section's."""
    for subject in _SUBJECTS:
        if subject in key and key != subject:
            return "label:" + key
    return "label:" + key if _OWN_SUBJECT.search(key) else ""


def conflicts(figures: list[tuple[Quantity, tuple[str, ...]]]) -> list[Conflict]:
    """Pairs of figures with the same key stated with values that cannot be the same.

    `figures` are (figure, section path) in document order; each conflicting later figure is
    reported once, against the first place that stated the label.
    """
    first_seen: dict[tuple[str, int, str, str, str], Quantity] = {}
    found = []
    for figure, path in figures:
        if figure.year is None or figure.family not in ("money", "heads"):
            continue
        key = label_key(figure.label)
        if key is None:
            continue
        slot = (key, figure.year, figure.family, subject_of_label(key) or subject_of(path), project_of(path),
                place_of(figure.block.text[:_PLACE_REACH]))
        earlier = first_seen.get(slot)
        if earlier is None:
            first_seen[slot] = figure
            continue
        if not earlier.in_yuan.meets(figure.in_yuan) and not _other_items(earlier, figure):
            found.append(Conflict(earlier, figure, key, figure.year))
    return found


# a paragraph that opens with a place below the unit's (青阳县申请基础养老金补贴…, 2.甲镇…) is about
# that place: its figures are not the whole's (我县, 本区, 全县 are the unit itself)
_PLACE_OPENING = regex_cache.compile(r"[\s\u3000]*(?:\d{1,2}[.、．]|[（(]?[一二三四五六七八九十]{1,3}[)）、])?[\s\u3000]*"
                                     r"(?![我本全该各])(?P<place>[\u4e00-\u9fff]{1,6}?(?:县|区|镇|乡|街道|旗))")
_PLACE_REACH = 16  # the characters of a paragraph its place is looked for in


@lru_cache(maxsize=4096)
def place_of(opening: str) -> str:
    """The place a paragraph opens with (青阳县, 甲镇), '' for none."""
    found = _PLACE_OPENING.match(opening)
    return found.group("place") if found is not None else ""


def _other_items(first: Quantity, second: Quantity) -> bool:
    """The two figures stand in different items of one paragraph's enumeration (一是…合计42万元，
    已支出42万元；二是…合计518.6万元，已支出518.6万元): each item is about a thing of its own."""
    block = first.block
    if block is not second.block or not isinstance(block, Paragraph) or not block.enumerations:
        return False
    return _item_at(block, first.start) != _item_at(block, second.start)


def _item_at(paragraph: Paragraph, offset: int) -> int:
    """How many of the paragraph's enumeration markers (一是, 二是 …) start at or before `offset`."""
    line, column = paragraph.span.line, paragraph.span.column
    return sum(1 for item in paragraph.enumerations
               if item.span.line == line and item.span.column - column <= offset)
