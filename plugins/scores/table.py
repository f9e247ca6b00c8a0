"""Scoring tables: the 自评表 that gives each indicator its weight (分值) and score (得分).

The shape (Hunan 附件1-2 部门整体支出绩效自评表; project tables look the same):

    一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 | 偏差原因
    产出指标（50分） | 数量指标 | 重点工作完成数 | 3次 | 3次 | 20 | 20 |
    (blank: merged cell, same group) | 质量指标 | 达标完成率 | 100% | 100% | 10 | 10 |
    ...
    总分 | 100 | 98

plus a budget row (年度资金总额: 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分).

Columns are found by their header row where the extraction kept one and the row has the
header's width. Where the header is lost or the row has another width (merged cells in
the .docx extraction collapse or multiply cells, as in seed 004), they are found by
content: the weight and score are the rightmost pair of adjacent plain numbers, and the
column offset from the row's end that most rows agree on is applied to every row. A
blank group cell is a vertically merged cell: the row continues the group above.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

from reportlint.parse.model import Cell, Document, Row, Table
from reportlint.input.source import fold

from .figures import Figure, cell_figure, clean, is_blank

# Header words (whitespace removed, trailing unit in brackets removed) → column role.
HEADER_ROLES = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name",
    "指标值": "target", "年度指标值": "target", "目标值": "target", "预期指标值": "target",
    "实际完成值": "actual", "全年实际值": "actual", "实际值": "actual", "完成值": "actual",
    "分值": "weight", "权重": "weight", "标准分值": "weight", "指标分值": "weight",
    "得分": "score", "自评得分": "score", "实际得分": "score", "评分": "score",
    "年初预算数": "initial", "全年预算数": "budget", "全年执行数": "executed", "执行率": "rate",
}
TOTAL_LABELS = {"总分", "合计", "总计", "总得分", "综合得分", "得分合计", "分值合计", "合计得分"}
EXECUTION_LABELS = {"年度资金总额", "预算执行率", "资金总额", "预算资金执行率"}

_OPEN, _CLOSE = "（(", "）)"
_HEADER_MAX = 60  # a header cell is a few words (分值（分）); a longer cell is content
_GROUP_MAX = 80  # 产出指标（50分） and its line breaks; longer is not a group heading
# 产出指标（50分） / 满意度指标\n（10分） / 产出\n指标\n（50分) — mixed brackets occur.
_GROUP = re.compile(r"^\s*(?P<name>[^（()）]{1,30}?)\s*[（(]\s*(?P<weight>\d+(?:\.\d+)?)\s*分\s*[)）]\s*$", re.S)


@dataclass
class Group:
    """An indicator group (一级 or 二级指标) and the weight its heading cell states."""

    name: str
    level: int
    cell: Cell
    weight: Optional[Figure]
    rows: list["IndicatorRow"] = field(default_factory=list)


@dataclass
class IndicatorRow:
    """One indicator: its name, weight (分值) and score (得分), and the groups it belongs to."""

    row: Row
    name: str
    name_cell: Optional[Cell]
    weight: Optional[Figure]
    score: Optional[Figure]
    groups: list[Group] = field(default_factory=list)


@dataclass
class ExecutionRow:
    """The budget-execution row: amounts, the rate stated, and its weight and score."""

    row: Row
    label: str
    initial: Optional[Figure] = None  # 年初预算数
    budget: Optional[Figure] = None  # 全年预算数
    executed: Optional[Figure] = None  # 全年执行数
    weight: Optional[Figure] = None  # 分值
    rate: Optional[Figure] = None  # 执行率 (%)
    score: Optional[Figure] = None  # 得分


@dataclass
class TotalRow:
    row: Row
    label: str
    weight: Optional[Figure]
    score: Optional[Figure]


@dataclass
class ScoreTable:
    """A scoring table as understood; `uncertain` when some row could not be read for sure."""

    table: Table
    container: Any
    indicators: list[IndicatorRow] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    execution: Optional[ExecutionRow] = None
    total: Optional[TotalRow] = None
    uncertain: bool = False

    @property
    def title(self) -> str:
        """附件1-2部门整体支出绩效自评表 for an attached table, 评分表 for one in the text."""
        label = getattr(self.container, "label", "") if self.container is not None else ""
        if getattr(self.container, "kind", "") == "attachment" and label:
            return label + getattr(self.container, "title", "")
        return "评分表"

    def scored_items(self) -> list[tuple[str, Optional[Figure], Optional[Figure]]]:
        """(label, weight, score) of every row that counts towards the total, table order."""
        items: list[tuple[int, str, Optional[Figure], Optional[Figure]]] = []
        if self.execution is not None:
            items.append((self.execution.row.span.line, self.execution.label,
                          self.execution.weight, self.execution.score))
        for indicator in self.indicators:
            items.append((indicator.row.span.line, indicator.name, indicator.weight, indicator.score))
        items.sort(key=lambda item: item[0])
        return [item[1:] for item in items]


def read_score_tables(document: Document) -> list[ScoreTable]:
    """Every table of the document that reads as a scoring table."""
    out = []
    for container, table in document.tables():
        try:
            found = read_score_table(table, container)
        except (IndexError, ValueError):  # odd shapes: not a scoring table we understand
            found = None
        if found is not None:
            out.append(found)
    return out


# -- reading one table ---------------------------------------------------------------
@dataclass
class _Layout:
    """Column positions of an indicator row: weight and score, and the cells left of them."""

    weight: int
    score: int
    name: int
    level1: int
    level2: int


def read_score_table(table: Table, container: Any = None) -> Optional[ScoreTable]:
    result = ScoreTable(table=table, container=container)
    header: Optional[tuple[dict[str, int], int]] = None
    indicator_offset: Optional[int] = None  # weight column's offset from the row end, from a header
    pending: list[tuple[Row, Optional[_Layout]]] = []  # indicator candidates, table order
    has_score_header = False

    for row in table.rows:
        cells = row.cells
        roles = _header_roles(cells)
        if len(roles) >= 2:
            header = (roles, len(cells))
            if "weight" in roles and "score" in roles and not {"budget", "executed"} & roles.keys():
                indicator_offset = len(cells) - roles["weight"]
            has_score_header = has_score_header or "score" in roles
            continue
        total = _total_row(row, header)
        if total is not None:
            result.total = total
            continue
        if header is not None and len(cells) == header[1]:
            roles = header[0]
            if {"budget", "executed"} <= roles.keys() or "rate" in roles:
                execution = _execution_from_header(row, roles)
                if execution is not None and result.execution is None:
                    result.execution = execution
                continue
            if "weight" in roles and "score" in roles:
                pending.append((row, _layout_from_header(roles)))
                continue
        else:
            header = None
        execution = _execution_by_label(row)
        if execution is not None:
            if result.execution is None:
                result.execution = execution
            continue
        pending.append((row, None))

    offset = indicator_offset or _dominant_offset([row for row, layout in pending if layout is None])
    _read_indicators(result, pending, offset)

    weighted_group = any(group.weight is not None for group in result.groups)
    if not result.indicators and result.execution is None:
        return None
    if result.indicators and not (weighted_group or result.total is not None or has_score_header):
        if result.execution is None:
            return None
        result.indicators, result.groups = [], []
    return result


def _header_roles(cells: list[Cell]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = clean(cell.text)
        if len(text) > _HEADER_MAX:
            continue
        text = _without_unit(text)
        role = HEADER_ROLES.get(text)
        if role is not None and role not in roles:
            roles[role] = index
    return roles


def _without_unit(text: str) -> str:
    """分值（分） → 分值: drop a trailing bracketed part (from the first bracket opened after
    the last inner close). Done with rfind/find, not a `[（(][^）)]*[）)]$` search, which is
    retried at every bracket and so quadratic on a cell full of brackets.
    """
    if not text or text[-1] not in _CLOSE:
        return text
    body = text[:-1]
    after = max(body.rfind(close) for close in _CLOSE) + 1
    opens = [i for i in (body.find(bracket, after) for bracket in _OPEN) if i >= 0]
    return text[:min(opens)] if opens else text


def _layout_from_header(roles: dict[str, int]) -> _Layout:
    weight = roles["weight"]
    return _Layout(weight=weight, score=roles["score"], name=roles.get("name", weight - 3),
                   level1=roles.get("level1", weight - 5), level2=roles.get("level2", weight - 4))


def _layout_from_offset(cells: list[Cell], offset: int) -> _Layout:
    weight = len(cells) - offset
    return _Layout(weight=weight, score=weight + 1, name=weight - 3, level1=weight - 5, level2=weight - 4)


def _plain(cell: Cell) -> Optional[Figure]:
    figure = cell_figure(cell)
    return figure if figure is not None and figure.unit in ("", "分") else None


def _dominant_offset(rows: list[Row]) -> Optional[int]:
    """The weight column's offset from the row end that most candidate rows agree on.

    A candidate's pair is the rightmost two adjacent plain numbers with nothing numeric
    after them (a trailing 偏差原因 cell may hold text or nothing).
    """
    offsets: Counter[int] = Counter()
    for row in rows:
        cells = row.cells
        for index in range(len(cells) - 2, 2, -1):
            # cells[index + 2:] numeric? Only cells[index + 2] is new at this step (the
            # ones right of it were checked before), so the scan stays linear in the row.
            if index + 2 < len(cells) and cell_figure(cells[index + 2]) is not None:
                break
            if _plain(cells[index]) is not None and _plain(cells[index + 1]) is not None:
                offsets[len(cells) - index] += 1
                break
    if not offsets:
        return None
    return offsets.most_common(1)[0][0]


def _read_indicators(result: ScoreTable, pending: list[tuple[Row, Optional[_Layout]]],
                     offset: Optional[int]) -> None:
    current: dict[int, Optional[Group]] = {1: None, 2: None}
    started = False
    for row, layout in pending:
        cells = row.cells
        if layout is None:
            if offset is None or len(cells) - offset < 3:
                continue
            layout = _layout_from_offset(cells, offset)
        if layout.score >= len(cells) or layout.name < 0 or layout.weight < 0:
            continue
        weight_cell, score_cell, name_cell = cells[layout.weight], cells[layout.score], cells[layout.name]
        weight, score = _plain(weight_cell), _plain(score_cell)
        readable = ((weight is not None or is_blank(weight_cell)) and (score is not None or is_blank(score_cell)))
        if not readable:
            if started:
                result.uncertain = True
            continue
        if weight is None and score is None and not started:
            continue  # blank cells before the first scored row: not an indicator row
        name = clean(name_cell.text).strip("“”\"‘’")
        if not name and weight is None and score is None:
            continue
        started = True
        _update_groups(result, cells, layout, current)
        groups = [g for g in (current[1], current[2]) if g is not None]
        indicator = IndicatorRow(row=row, name=name or "（未命名指标）", name_cell=name_cell,
                                 weight=weight, score=score, groups=groups)
        for group in groups:
            group.rows.append(indicator)
        result.indicators.append(indicator)


def _update_groups(result: ScoreTable, cells: list[Cell], layout: _Layout,
                   current: dict[int, Optional[Group]]) -> None:
    """Open the groups this row's heading cells start; blank heading cells continue the group above."""
    found: dict[int, Group] = {}
    for index in range(0, layout.name):
        cell = cells[index]
        match = _GROUP.match(fold(cell.text)) if len(cell.text) <= _GROUP_MAX else None
        if match is not None:
            level = 2 if index == layout.level2 else 1
            weight_figure = Figure(value=Decimal(match.group("weight")), unit="分", block=cell,
                                   start=match.start("weight"), end=match.end("weight"))
            found[level] = Group(name=clean(match.group("name")), level=level, cell=cell, weight=weight_figure)
        elif index in (layout.level1, layout.level2) and not is_blank(cell):
            level = 1 if index == layout.level1 else 2
            if level not in found:
                found[level] = Group(name=clean(cell.text), level=level, cell=cell, weight=None)
    if 1 in found:
        current[1] = found[1]
        current[2] = None
        result.groups.append(found[1])
    if 2 in found:
        current[2] = found[2]
        result.groups.append(found[2])


def _total_row(row: Row, header: Optional[tuple[dict[str, int], int]]) -> Optional[TotalRow]:
    cells = row.cells
    first = next((i for i, c in enumerate(cells) if not is_blank(c)), None)
    if first is None or clean(cells[first].text) not in TOTAL_LABELS:
        return None
    label = clean(cells[first].text)
    if header is not None and len(cells) == header[1] and {"weight", "score"} <= header[0].keys():
        roles = header[0]
        return TotalRow(row=row, label=label, weight=_plain(cells[roles["weight"]]), score=_plain(cells[roles["score"]]))
    rest = [c for c in cells[first + 1:] if not is_blank(c)]
    figures = [_plain(c) for c in rest]
    if len(figures) == 2 and all(f is not None for f in figures):
        return TotalRow(row=row, label=label, weight=figures[0], score=figures[1])
    return TotalRow(row=row, label=label, weight=None, score=None)


def _label_of(cells: list[Cell]) -> str:
    for cell in cells:
        if not is_blank(cell) and cell_figure(cell) is None:
            return clean(cell.text)
    return "年度资金总额"


def _execution_from_header(row: Row, roles: dict[str, int]) -> Optional[ExecutionRow]:
    cells = row.cells

    def at(role: str) -> Optional[Figure]:
        index = roles.get(role)
        return cell_figure(cells[index]) if index is not None and index < len(cells) else None

    execution = ExecutionRow(row=row, label=_label_of(cells), initial=at("initial"), budget=at("budget"),
                             executed=at("executed"), weight=at("weight"), rate=at("rate"), score=at("score"))
    if execution.rate is not None and not execution.rate.is_percent:
        execution.rate = None
    if execution.executed is None and execution.rate is None and execution.score is None:
        return None
    return execution


def _execution_by_label(row: Row) -> Optional[ExecutionRow]:
    """The Hunan budget row without its header: label, then 年初, 全年预算, 全年执行, 分值, 执行率%, 得分."""
    cells = row.cells
    for index, cell in enumerate(cells):
        if clean(cell.text) in EXECUTION_LABELS:
            figures = [cell_figure(c) for c in cells[index + 1:] if not is_blank(c)]
            if len(figures) != 6 or any(f is None for f in figures):
                return None
            if [f.is_percent for f in figures] != [False, False, False, False, True, False]:
                return None
            initial, budget, executed, weight, rate, score = figures
            return ExecutionRow(row=row, label=clean(cell.text), initial=initial, budget=budget,
                                executed=executed, weight=weight, rate=rate, score=score)
    return None
