"""Totals and their 其中 parts in prose.

`年初预算293.53万元，其中人员支出197.19万元，公用经费24万元，其他运转类项目支出72.34万元`:
the figure right before 其中 is the total, the figures after it (to the end of the sentence,
or of the bracket the 其中 opened in) are its parts. A list that ends in 等 or says 主要 is
partial: its parts may fall short of the total but never exceed it. Lists that evidently go
on to other things are left alone: a prefix of the parts already makes the total
(在编在岗10人，其中：…8人，…2人，劳务派遣人员2人，离退休人员5人), the parts mix 收入 and
支出, or a part is a comparison (较上年增加68.35万元).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from reportlint.numbers import Interval, sum_intervals

from .figures import Figure

_QIZHONG = re.compile(r"其中")
_TOTAL_GAP = re.compile(r"^[\s，,：:（(]*$")
_SENTENCE_GAP = re.compile(r"^\s*[。.]\s*$")
_COMPARISON = re.compile(r"较|比|增加|减少|增长|下降|同比|同口径|上年|去年|率")
_PARTIAL_AFTER = re.compile(r"^\s*(?:万元|元|人|名)?\s*等")
_STOP = "。；;\n"
SHORTFALL_FAMILIES = {"money", "heads"}  # lists of 人次/次/件 often name highlights only


@dataclass
class PartsList:
    """A total and the parts a 其中 gives for it."""

    total: Figure
    parts: list[Figure]
    partial: bool
    marker: int  # offset of 其中 in the block

    @property
    def sum(self) -> Interval:
        return sum_intervals([p.in_yuan for p in self.parts])

    def exceeds(self) -> bool:
        return self.sum.low > self.total.in_yuan.high

    def falls_short(self) -> bool:
        return self.sum.high < self.total.in_yuan.low


def parts_lists(view: str, figures: list[Figure]) -> list[PartsList]:
    """Every 其中 list of one block whose total and parts can be told apart."""
    found = []
    if "其中" not in view or len(figures) < 2:
        return found
    for match in _QIZHONG.finditer(view):
        listing = _parts_list(view, figures, match.start(), match.end())
        if listing is not None:
            found.append(listing)
    return found


def _parts_list(view: str, figures: list[Figure], marker: int, after: int) -> Optional[PartsList]:
    before = [f for f in figures if f.end <= marker]
    if not before:
        return None
    total = before[-1]
    gap = view[total.end:marker]
    in_bracket = "（" in gap or "(" in gap
    if not (_TOTAL_GAP.match(gap) or _SENTENCE_GAP.match(gap)):
        return None
    end = _scope_end(view, after, in_bracket)
    parts: list[Figure] = []
    depth = 0
    position = after
    for figure in figures:
        if figure.start < after or figure.start >= end:
            continue
        depth += _bracket_depth(view[position:figure.start])
        position = figure.start
        if depth > 0:  # inside a bracket opened after 其中: （其中雇员8名） belongs to a part
            continue
        if figure.family != total.family or _COMPARISON.search(figure.label):
            break
        parts.append(figure)
    if not parts:
        return None
    labels = [p.label for p in parts]
    if any("收入" in a for a in labels) and any("支出" in b for b in labels):
        return None
    clause = view[after:parts[-1].end]
    partial = "主要" in clause or "主要" in total.label or bool(_PARTIAL_AFTER.match(view[parts[-1].end:end]))
    return PartsList(total=total, parts=parts, partial=partial, marker=marker)


def _scope_end(view: str, start: int, in_bracket: bool) -> int:
    """End of the 其中 clause: the sentence end, the next 其中, or the bracket it opened in."""
    depth = 0
    for index in range(start, len(view)):
        ch = view[index]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0 and in_bracket:
                return index
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _STOP or view.startswith("其中", index)):
            return index
    return len(view)


def _bracket_depth(text: str) -> int:
    return sum(text.count(c) for c in "（(") - sum(text.count(c) for c in "）)")


def check_list(listing: PartsList) -> Optional[str]:
    """'exceeds' / 'short' when the parts and the total disagree, else None."""
    parts = listing.parts
    total = listing.total.in_yuan
    running = Interval.exact(0)
    for part in parts[:-1]:
        running = running + part.in_yuan
        if running.meets(total):
            return None  # the total is made before the list ends: the rest is about something else
    if listing.exceeds():
        return "exceeds"
    if (listing.falls_short() and not listing.partial and len(parts) >= 2
            and listing.total.family in SHORTFALL_FAMILIES):
        return "short"
    return None
