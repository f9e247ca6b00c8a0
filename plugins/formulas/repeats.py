"""The same labelled figure stated twice with different values.

`2020年收入预算3057.90万元` (line 54) and `2020年…收入预算数为3132.88万元` (line 88) name the same
thing: same label (收入预算 / 收入预算数 once 数 is dropped), same year, same budget/actual
qualifier (it is part of the label: 收入预算 ≠ 决算收入 ≠ 年初预算), same subject. The subject
comes from the section: 年初预算 under 1.基本支出情况 and under 2.项目支出情况 are different
figures. Only labels that name a money or head-count figure of the unit as a whole are
compared, both years must be stated, and generic labels (实际支出, 年初预算 …) are left out,
because in prose they take their subject from context we do not parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .figures import Figure

_SUBJECTS = ("基本支出", "项目支出", "三公", "公用经费", "政府性基金", "国有资本", "社会保险", "专项")
_NAMES = re.compile(r"收入|支出|经费|拨款|编制|在职|退休|离退休")
_NOT_A_NAME = re.compile(r"较|比|增|减|下降|上升|同口径|涉及|其中|累计|超|差|结余分配")
_GENERIC = {"实际支出", "支出", "收入", "年初预算", "全年预算", "决算", "预算", "执行数", "全年执行数"}
_TAIL = re.compile(r"(?:数|金额|额|总额)$")


@dataclass
class Conflict:
    first: Figure
    second: Figure
    label: str
    year: str


def label_key(label: str) -> Optional[str]:
    """The comparable form of a label, or None when it is too generic to compare."""
    if not label or len(label) < 3 or len(label) > 14 or _NOT_A_NAME.search(label) or not _NAMES.search(label):
        return None
    key = _TAIL.sub("", label)
    if key in _GENERIC or len(key) < 3:
        return None
    return key


def subject_of(path: list[str]) -> str:
    """The narrowest subject the section path names (基本支出 under 1.基本支出情况), '' for the whole unit."""
    for title in reversed(path):
        for subject in _SUBJECTS:
            if subject in title:
                return subject
    return ""


def conflicts(figures: list[tuple[Figure, list[str]]]) -> list[Conflict]:
    """Pairs of figures with the same key stated with values that cannot be the same.

    `figures` are (figure, section path) in document order; each conflicting later figure is
    reported once, against the first place that stated the label.
    """
    first_seen: dict[tuple, Figure] = {}
    found = []
    for figure, path in figures:
        if figure.family not in ("money", "heads") or figure.year is None:
            continue
        key = label_key(figure.label)
        if key is None:
            continue
        slot = (key, figure.year, figure.family, subject_of(path))
        earlier = first_seen.get(slot)
        if earlier is None:
            first_seen[slot] = figure
            continue
        if not earlier.in_yuan.meets(figure.in_yuan):
            found.append(Conflict(earlier, figure, key, figure.year))
    return found
